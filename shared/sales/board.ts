/**
 * A pipeline's board: its stages in order, each with its first deals by close date and
 * its totals (deals, amount per currency).
 *
 * Callers who see every deal read a stage from the deal index (gsi4, BOARD_SHARDS hash
 * shards merged by close date) and its totals from the running totals: one Query per
 * shard and stage plus one for all totals, whatever the number of deals.
 * Restricted callers read the board entries of their own principals (themselves, their
 * groups, and the roles and groups that receive grants): one Query per principal and
 * stage, each deal re-checked against the current policy; their totals add up the deals
 * they may see, so that cost grows with what they see, not with the table.
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Database } from '../platform/database';
import { readTallies } from '../platform/tallies';
import { accessTo, seesAll } from '../access/policy';
import { mergedPage, type ListSource } from '../access/merged-list';
import { present, principalsWithEntries, ranged, type QueryChain, type StoredRecord } from '../access/records';
import type { Actor } from '../crm/actor';
import { BOARD_SHARDS, opportunityKind } from '../crm/kinds';
import { findPipeline, findStage, boardScope, type Stage } from './pipelines';
import { ownerPrincipal } from './board-entries';
import type { Opportunity } from './schemas';

interface Totals {
  count: number;
  amounts: { currency: string; amount: number }[];
}

/** Deals of a restricted caller counted for totals before the board says it stopped counting. */
export const RESTRICTED_TOTALS_CAP = 2000;

export async function getBoard(db: Database, actor: Actor, pipelineId: string, query: { limit: number; ownerId?: string }) {
  const pipeline = await findPipeline(db, pipelineId);
  const wide = seesAll(actor, 'opportunity') && !query.ownerId;
  const [tallies, stages] = await Promise.all([
    wide ? readTallies(db.documentClient, db.tableName, boardScope(pipeline.pipelineId)) : undefined,
    Promise.all(pipeline.stages.map((stage) => stageColumn(db, actor, pipeline.pipelineId, stage, query, wide))),
  ]);
  return {
    pipelineId: pipeline.pipelineId,
    name: pipeline.name,
    stages: stages.map((column) => (tallies ? { ...column, totals: totalsFromTallies(tallies, column.stageId) } : column)),
  };
}

async function stageColumn(db: Database, actor: Actor, pipelineId: string, stage: Stage, query: { limit: number; ownerId?: string }, wide: boolean) {
  const page = await stageDealsPage(db, actor, pipelineId, stage.stageId, { limit: query.limit, ownerId: query.ownerId });
  let totals: Totals = { count: 0, amounts: [] };
  if (!wide) totals = await restrictedTotals(db, actor, pipelineId, stage.stageId, query.ownerId, page);
  return { stageId: stage.stageId, name: stage.name, kind: stage.kind, probability: stage.probability, totals, deals: page.items, cursor: page.cursor };
}

/** More deals of one stage, by close date. */
export async function stageDeals(db: Database, actor: Actor, pipelineId: string, stageId: string, query: { limit: number; cursor?: string; ownerId?: string }) {
  findStage(await findPipeline(db, pipelineId), stageId, 'stageId');
  const page = await stageDealsPage(db, actor, pipelineId, stageId, query);
  return { items: page.items, cursor: page.cursor };
}

async function stageDealsPage(db: Database, actor: Actor, pipelineId: string, stage: string, query: { limit: number; cursor?: string; ownerId?: string }) {
  const byDate = { idField: 'opportunityId', sortField: 'closeDate' };
  let sources: ListSource<StoredRecord>[];
  if (seesAll(actor, 'opportunity') && !query.ownerId) {
    const entity = db.entities.opportunity as unknown as { query: { byStage(key: Record<string, string>): QueryChain } };
    sources = Array.from({ length: BOARD_SHARDS }, (_, shard) => ({
      query: (after) => ranged(entity.query.byStage({ pipelineId, stage, boardShard: String(shard) }), byDate, { after }),
      read: (item) => {
        const record = db.entities.opportunity.parse({ Items: [item] }).data[0] as unknown as StoredRecord;
        return { record, position: [String(item.closeDate), String(item.opportunityId)] };
      },
    }));
  } else {
    const principals = query.ownerId
      ? [ownerPrincipal(query.ownerId)]
      : [ownerPrincipal(actor.userId), ...actor.groups.map(ownerPrincipal), ...principalsWithEntries(actor, 'opportunity')];
    const entries = db.entities.boardEntry as unknown as { query: { byStage(key: Record<string, string>): QueryChain } };
    sources = principals.map((principal) => ({
      query: (after): QueryCommandInput => ranged(entries.query.byStage({ principal, pipelineId, stage }), { idField: 'recordId', sortField: 'closeDate' }, { after }),
      read: (item) => ({ record: item.record as StoredRecord, position: [String(item.closeDate), String(item.recordId)] }),
    }));
  }
  const page = await mergedPage({
    client: db.documentClient,
    sources,
    limit: query.limit,
    cursor: query.cursor,
    accept: (record) => accessTo(actor, 'opportunity', record) !== 'none',
    // a page of n deals over k sorted sources needs about n/k from each; short sources refill
    readSize: Math.ceil(query.limit / sources.length) + 2,
  });
  return { items: page.items.map((record) => present<Opportunity>(actor, opportunityKind, record)), cursor: page.cursor, requests: page.requests };
}

async function restrictedTotals(db: Database, actor: Actor, pipelineId: string, stage: string, ownerId: string | undefined, first: { items: Opportunity[]; cursor: string | null }) {
  const sums = new Map<string, number>();
  let count = 0;
  const add = (deals: Opportunity[]) => {
    for (const deal of deals) {
      count++;
      // a hidden amount (field security) is not counted
      if (typeof deal.amount === 'number') sums.set(deal.currency, (sums.get(deal.currency) ?? 0) + deal.amount);
    }
  };
  add(first.items);
  let cursor = first.cursor;
  while (cursor && count < RESTRICTED_TOTALS_CAP) {
    const page = await stageDealsPage(db, actor, pipelineId, stage, { limit: 100, cursor, ownerId });
    add(page.items);
    cursor = page.cursor;
  }
  return { count, amounts: [...sums].map(([currency, amount]) => ({ currency, amount })).sort((a, b) => a.currency.localeCompare(b.currency)) };
}

function totalsFromTallies(tallies: Map<string, Record<string, number>>, stageId: string): Totals {
  let count = 0;
  const amounts: { currency: string; amount: number }[] = [];
  for (const [name, values] of tallies) {
    const [stage, currency] = name.split('#');
    if (stage !== stageId || !currency) continue;
    count += values.count ?? 0;
    if (values.count) amounts.push({ currency, amount: values.amount ?? 0 });
  }
  return { count, amounts: amounts.sort((a, b) => a.currency.localeCompare(b.currency)) };
}
