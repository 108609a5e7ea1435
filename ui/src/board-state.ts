/**
 * The pipeline board's state and its optimistic moves, as pure functions: a drop moves
 * the card and its amount between the columns' totals at once; the PATCH answer then
 * either confirms it (the deal as saved, with its new version) or reverts it (a stale
 * version, 409, or any other failure puts the card back where it was).
 */
import { addAmount, type Money } from './money';

export interface BoardDeal {
  opportunityId: string;
  name: string;
  stage: string;
  amount: number;
  currency: string;
  closeDate: string;
  version: number;
}

export interface BoardColumn<D extends BoardDeal = BoardDeal> {
  stageId: string;
  name: string;
  kind: 'open' | 'won' | 'lost';
  probability: number;
  totals: { count: number; amounts: Money[] };
  deals: D[];
  cursor: string | null;
}

/** What a move changed, so that it can be undone exactly. */
export interface Move<D extends BoardDeal = BoardDeal> {
  dealId: string;
  from: string;
  to: string;
  /** the card's place in its old column */
  index: number;
  /** the deal as it was before the move (its version is the one the PATCH sends) */
  deal: D;
}

const byCloseDate = <D extends BoardDeal>(a: D, b: D) => a.closeDate.localeCompare(b.closeDate) || a.name.localeCompare(b.name);

/** Where a deal sits on the board, if it is loaded. */
export function findDeal<D extends BoardDeal>(columns: readonly BoardColumn<D>[], dealId: string): { column: BoardColumn<D>; index: number; deal: D } | null {
  for (const column of columns) {
    const index = column.deals.findIndex((d) => d.opportunityId === dealId);
    if (index >= 0) return { column, index, deal: column.deals[index]! };
  }
  return null;
}

function withDeal<D extends BoardDeal>(column: BoardColumn<D>, deal: D, at?: number): BoardColumn<D> {
  const deals = column.deals.filter((d) => d.opportunityId !== deal.opportunityId);
  // Columns are in close-date order; a card that comes back goes to its old place.
  const index = at === undefined ? insertionIndex(deals, deal) : Math.min(at, deals.length);
  deals.splice(index, 0, deal);
  return {
    ...column,
    deals,
    totals: { count: column.totals.count + 1, amounts: addAmount(column.totals.amounts, deal, 1) },
  };
}

function withoutDeal<D extends BoardDeal>(column: BoardColumn<D>, dealId: string): BoardColumn<D> {
  const deal = column.deals.find((d) => d.opportunityId === dealId);
  if (!deal) return column;
  return {
    ...column,
    deals: column.deals.filter((d) => d.opportunityId !== dealId),
    totals: { count: Math.max(0, column.totals.count - 1), amounts: addAmount(column.totals.amounts, deal, -1) },
  };
}

function insertionIndex<D extends BoardDeal>(deals: readonly D[], deal: D): number {
  const index = deals.findIndex((d) => byCloseDate(deal, d) < 0);
  return index < 0 ? deals.length : index;
}

/** Moves a card to another stage; null when the deal is not on the board or already there. */
export function moveDeal<D extends BoardDeal>(columns: readonly BoardColumn<D>[], dealId: string, to: string): { columns: BoardColumn<D>[]; move: Move<D> } | null {
  const found = findDeal(columns, dealId);
  if (!found || found.column.stageId === to || !columns.some((c) => c.stageId === to)) return null;
  const moved = { ...found.deal, stage: to };
  const next = columns.map((c) => (c.stageId === found.column.stageId ? withoutDeal(c, dealId) : c.stageId === to ? withDeal(c, moved) : c));
  return { columns: next, move: { dealId, from: found.column.stageId, to, index: found.index, deal: found.deal } };
}

/** Undoes a move: the card leaves wherever it is now and goes back, as it was, to its old place. */
export function revertMove<D extends BoardDeal>(columns: readonly BoardColumn<D>[], move: Move<D>): BoardColumn<D>[] {
  const current = findDeal(columns, move.dealId);
  return columns.map((c) => {
    let column = current && c.stageId === current.column.stageId ? withoutDeal(c, move.dealId) : c;
    if (c.stageId === move.from) column = withDeal(column, move.deal, move.index);
    return column;
  });
}

/** The saved deal replaces the optimistic card (new version, probability…); it moves if the server put it elsewhere. */
export function confirmMove<D extends BoardDeal>(columns: readonly BoardColumn<D>[], saved: D): BoardColumn<D>[] {
  const current = findDeal(columns, saved.opportunityId);
  if (current && current.column.stageId === saved.stage) {
    return columns.map((c) => (c === current.column ? { ...c, deals: c.deals.map((d) => (d.opportunityId === saved.opportunityId ? saved : d)) } : c));
  }
  return columns.map((c) => {
    let column = current && c.stageId === current.column.stageId ? withoutDeal(c, saved.opportunityId) : c;
    if (c.stageId === saved.stage) column = withDeal(column, saved);
    return column;
  });
}

/** Adds the next page of a column; cards already on the board (moved there meanwhile) are not doubled. */
export function appendDeals<D extends BoardDeal>(columns: readonly BoardColumn<D>[], stageId: string, deals: readonly D[], cursor: string | null): BoardColumn<D>[] {
  const onBoard = new Set(columns.flatMap((c) => c.deals.map((d) => d.opportunityId)));
  return columns.map((c) => (c.stageId === stageId ? { ...c, deals: [...c.deals, ...deals.filter((d) => !onBoard.has(d.opportunityId))], cursor } : c));
}
