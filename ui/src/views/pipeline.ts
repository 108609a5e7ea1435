/**
 * The pipeline board: a column per stage with its totals, deal cards moved between
 * stages by drag and drop or, from the keyboard, with each card's "Move to…" menu. A move
 * shows at once and is saved with the card's version; when the save fails (409: someone
 * changed the deal meanwhile) the card goes back and a message says why.
 */
import { can } from '../access';
import { api } from '../api';
import { banner, button, linkButton, pageHeader, problemOf } from '../components';
import { appendDeals, confirmMove, findDeal, moveDeal, revertMove, type BoardColumn } from '../board-state';
import { fill, h, uid } from '../dom';
import { formatAmounts, formatMoney } from '../money';
import { personTag } from '../people';
import { describe } from '../problem';
import { href } from '../router';
import { findPipeline, loadPipelines, recordLink } from '../sales-data';
import { state } from '../state';
import { formatDay, queryString } from '../values';
import { opportunityHref, KIND_LABELS } from './opportunities';
import { funnelSection } from './funnel';
import type { Opportunity, Page, PipelineSettings } from './records';

type Column = BoardColumn<Opportunity>;
interface Board {
  pipelineId: string;
  name: string;
  stages: Column[];
}

const DRAG_TYPE = 'application/x-crm-deal';
/** Links inside a card must not start a drag of their own (of their URL): the card is what moves. */
const undraggable = (el: HTMLElement) => (el.setAttribute('draggable', 'false'), el);

export async function pipelineView(root: HTMLElement, pipelineId: string | undefined, query: URLSearchParams): Promise<void> {
  const errors = banner();
  errors.el.tabIndex = -1;
  fill(root, pageHeader('Pipeline'), h('p', { class: 'status', role: 'status' }, 'Loading the board…'));
  let settings: PipelineSettings;
  try {
    settings = (await loadPipelines()).settings;
  } catch (error) {
    fill(root, pageHeader('Pipeline'), errors.el);
    return errors.show(problemOf(error));
  }
  const pipeline = findPipeline(settings, pipelineId);
  if (!pipeline) {
    fill(root, pageHeader('Pipeline'), h('p', null, 'There is no such pipeline. ', h('a', { href: href('/pipeline') }, 'Open the default pipeline')));
    return;
  }
  if (!pipelineId) {
    // The bare address shows the default pipeline under its own address.
    history.replaceState(null, '', href(`/pipeline/${encodeURIComponent(pipeline.pipelineId)}`, { mine: query.get('mine') ?? undefined }));
  }

  const mineBox = h('input', { type: 'checkbox', checked: query.get('mine') === '1' });
  const ownerId = () => (mineBox.checked ? state.me?.userId : undefined);
  const switcherId = uid('pipeline');
  const switcher = h(
    'select',
    { id: switcherId },
    settings.pipelines.map((p) => h('option', { value: p.pipelineId, selected: p.pipelineId === pipeline.pipelineId }, p.name)),
  );
  switcher.addEventListener('change', () => (location.hash = href(`/pipeline/${encodeURIComponent(switcher.value)}`, { mine: mineBox.checked ? '1' : undefined })));
  mineBox.addEventListener('change', () => {
    history.replaceState(null, '', href(`/pipeline/${encodeURIComponent(pipeline.pipelineId)}`, { mine: mineBox.checked ? '1' : undefined }));
    void load();
  });

  // Polite announcements of moves; failures go to the alert banner.
  const live = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const boardEl = h('div', { class: 'board', 'aria-busy': 'true' });
  fill(
    root,
    pageHeader(`Pipeline: ${pipeline.name}`, can(state.me, 'opportunity', 'create') ? linkButton('New opportunity', href('/opportunities/new'), 'primary') : null),
    h(
      'div',
      { class: 'toolbar' },
      h('div', { class: 'filter' }, h('label', { for: switcherId }, 'Pipeline'), switcher),
      h('label', { class: 'check' }, mineBox, ' Only my deals'),
    ),
    h('p', { class: 'muted small' }, 'Drag a card to another stage, or use its “Move to…” button.'),
    errors.el,
    live,
    boardEl,
    funnelSection(pipeline.pipelineId, (id) => pipeline.stages.find((s) => s.stageId === id)?.name ?? id),
  );

  let columns: Column[] = [];
  const pending = new Set<string>();
  const mayMove = can(state.me, 'opportunity', 'update');
  let seq = 0;

  async function load() {
    const mine = ++seq;
    boardEl.setAttribute('aria-busy', 'true');
    try {
      const board = await api<Board>('GET', `/pipelines/${encodeURIComponent(pipeline!.pipelineId)}/board${queryString({ limit: 20, ownerId: ownerId() })}`);
      if (mine !== seq) return;
      columns = board.stages;
      errors.clear();
      draw();
    } catch (error) {
      if (mine === seq) errors.show(problemOf(error));
    } finally {
      if (mine === seq) boardEl.removeAttribute('aria-busy');
    }
  }

  const stageName = (stageId: string) => columns.find((c) => c.stageId === stageId)?.name ?? stageId;

  async function move(dealId: string, to: string, focusAfter: boolean) {
    if (pending.has(dealId)) return;
    const result = moveDeal(columns, dealId, to);
    if (!result) return;
    const { move: done } = result;
    const dealName = done.deal.name;
    columns = result.columns;
    pending.add(dealId);
    errors.clear();
    live.textContent = `Moving ${dealName} to ${stageName(to)}…`;
    draw(focusAfter ? dealId : undefined);
    try {
      const saved = await api<Opportunity>('PATCH', `/opportunities/${encodeURIComponent(dealId)}`, { stage: to, version: done.deal.version });
      columns = confirmMove(columns, saved);
      live.textContent = `Moved ${dealName} to ${stageName(saved.stage)}.`;
    } catch (error) {
      columns = revertMove(columns, done);
      const problem = problemOf(error);
      live.textContent = '';
      const back = `It is back in ${stageName(done.from)}.`;
      errors.show(
        problem.status === 409
          ? `${dealName} was not moved: someone else changed it after the board was loaded. ${back}`
          : `${dealName} could not be moved (${describe(problem)}). ${back}`,
        button('Reload the board', () => void load(), 'primary'),
      );
    } finally {
      pending.delete(dealId);
      draw(focusAfter ? dealId : undefined);
    }
  }

  async function more(stageId: string, cursor: string, btn: HTMLButtonElement) {
    btn.disabled = true;
    try {
      const page = await api<Page<Opportunity>>(
        'GET',
        `/pipelines/${encodeURIComponent(pipeline!.pipelineId)}/stages/${encodeURIComponent(stageId)}/deals${queryString({ cursor, limit: 20, ownerId: ownerId() })}`,
      );
      columns = appendDeals(columns, stageId, page.items, page.cursor);
      draw();
      live.textContent = `${page.items.length} more deal${page.items.length === 1 ? '' : 's'} in ${stageName(stageId)}.`;
    } catch (error) {
      btn.disabled = false;
      errors.show(problemOf(error));
    }
  }

  function card(deal: Opportunity, column: Column): HTMLElement {
    const busy = pending.has(deal.opportunityId);
    const titleId = uid('deal');
    const menuId = uid('move');
    const others = columns.filter((c) => c.stageId !== column.stageId);
    const menu = h(
      'ul',
      { id: menuId, class: 'move-menu', hidden: true, 'aria-label': `Stages to move ${deal.name} to` },
      others.map((c) =>
        h(
          'li',
          null,
          button(c.name, () => void move(deal.opportunityId, c.stageId, true), 'secondary', { 'data-stage': c.stageId }),
        ),
      ),
    );
    const toggle = button(
      'Move to…',
      () => {
        const open = menu.hidden;
        menu.hidden = !open;
        toggle.setAttribute('aria-expanded', String(open));
        if (open) menu.querySelector('button')?.focus();
      },
      'secondary',
      { 'aria-expanded': 'false', 'aria-controls': menuId, 'aria-label': `Move to… ${deal.name}`, disabled: busy, class: 'btn btn-secondary btn-small' },
    );
    menu.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        menu.hidden = true;
        toggle.setAttribute('aria-expanded', 'false');
        toggle.focus();
      }
    });
    const el = h(
      'li',
      {
        class: `deal${busy ? ' deal-pending' : ''}`,
        draggable: mayMove && !busy ? 'true' : undefined,
        'data-deal': deal.opportunityId,
        'aria-labelledby': titleId,
        'aria-busy': busy ? 'true' : undefined,
      },
      h('a', { id: titleId, class: 'deal-name', href: opportunityHref(deal.opportunityId), draggable: 'false' }, deal.name),
      h(
        'dl',
        { class: 'deal-facts' },
        h('div', null, h('dt', { class: 'sr-only' }, 'Account'), h('dd', null, undraggable(recordLink('account', deal.accountId)))),
        deal.amount !== undefined ? h('div', null, h('dt', { class: 'sr-only' }, 'Amount'), h('dd', { class: 'deal-amount' }, formatMoney(deal.amount, deal.currency))) : null,
        deal.closeDate ? h('div', null, h('dt', null, 'Closes'), h('dd', null, formatDay(deal.closeDate))) : null,
        h('div', null, h('dt', null, 'Owner'), h('dd', null, personTag(deal.ownerId))),
      ),
      mayMove ? h('div', { class: 'deal-move' }, toggle, menu) : null,
    );
    if (mayMove && !busy) {
      el.addEventListener('dragstart', (e) => {
        e.dataTransfer?.setData(DRAG_TYPE, deal.opportunityId);
        e.dataTransfer?.setData('text/plain', deal.name);
        if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
        el.classList.add('dragging');
      });
      el.addEventListener('dragend', () => el.classList.remove('dragging'));
    }
    return el;
  }

  function columnEl(column: Column): HTMLElement {
    const headingId = uid('stage');
    const list = h('ol', { class: 'deals', 'aria-labelledby': headingId, 'data-stage': column.stageId }, column.deals.map((d) => card(d, column)));
    const moreBtn = column.cursor ? button('Load more', (e) => void more(column.stageId, column.cursor!, e.currentTarget as HTMLButtonElement), 'secondary', { 'aria-label': `Load more deals in ${column.name}` }) : null;
    const count = column.totals.count;
    const section = h(
      'section',
      { class: `stage stage-${column.kind}`, 'aria-labelledby': headingId, 'data-stage': column.stageId },
      h(
        'header',
        { class: 'stage-header' },
        h('h2', { id: headingId }, column.name),
        h('p', { class: 'muted small' }, `${column.probability}%`, column.kind !== 'open' ? ` · ${KIND_LABELS[column.kind]}` : ''),
        h('p', { class: 'totals', 'data-totals': column.stageId }, h('span', { class: 'count' }, `${count} deal${count === 1 ? '' : 's'}`), column.totals.amounts.length ? [' · ', h('span', { class: 'sum' }, formatAmounts(column.totals.amounts))] : null),
      ),
      list,
      !column.deals.length ? h('p', { class: 'muted small empty' }, 'No deals') : null,
      moreBtn ? h('p', null, moreBtn) : null,
    );
    if (mayMove) {
      // The whole column is the drop target, so an empty stage takes cards too.
      section.addEventListener('dragover', (e) => {
        if (!e.dataTransfer?.types.includes(DRAG_TYPE)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        section.classList.add('drop-target');
      });
      section.addEventListener('dragleave', (e) => {
        if (!section.contains(e.relatedTarget as Node | null)) section.classList.remove('drop-target');
      });
      section.addEventListener('drop', (e) => {
        section.classList.remove('drop-target');
        const dealId = e.dataTransfer?.getData(DRAG_TYPE);
        if (!dealId) return;
        e.preventDefault();
        void move(dealId, column.stageId, false);
      });
    }
    return section;
  }

  function draw(focusDeal?: string) {
    fill(boardEl, columns.map(columnEl));
    if (focusDeal && findDeal(columns, focusDeal)) boardEl.querySelector<HTMLElement>(`[data-deal="${CSS.escape(focusDeal)}"] .deal-name`)?.focus();
  }

  await load();
}
