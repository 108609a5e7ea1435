/** A pipeline's funnel over the last 12 months, under its board: loaded when opened. */
import { api } from '../api';
import { banner, problemOf } from '../components';
import { fill, h } from '../dom';
import { funnelRows, lastMonths, type FunnelStep } from '../funnel';

export function funnelSection(pipelineId: string, stageName: (id: string) => string): HTMLElement {
  const errors = banner();
  const body = h('div', null, h('p', { class: 'status', role: 'status' }, 'Loading the funnel…'));
  const section = h('details', { class: 'funnel' }, h('summary', null, 'Funnel, last 12 months'), errors.el, body);
  let loaded = false;
  section.addEventListener('toggle', () => {
    if (!section.open || loaded) return;
    loaded = true;
    const { from, to } = lastMonths(new Date(), 12);
    api<{ deals: number; steps: FunnelStep[] }>('GET', `/pipelines/${encodeURIComponent(pipelineId)}/funnel?from=${from}&to=${to}`)
      .then((funnel) => {
        const rows = funnelRows(funnel.steps, stageName);
        fill(
          body,
          h('p', { class: 'muted small' }, `${funnel.deals} deal(s) moved between ${from} and ${to}.`),
          h(
            'table',
            null,
            h('thead', null, h('tr', null, ['Stage', 'Reached', 'On to the next stage', 'Won'].map((label) => h('th', { scope: 'col' }, label)))),
            h('tbody', null, rows.map((row) => h('tr', null, h('th', { scope: 'row' }, row.stage), h('td', null, row.reached), h('td', null, row.next), h('td', null, row.won)))),
          ),
        );
      })
      .catch((error: unknown) => {
        loaded = false;
        fill(body);
        errors.show(problemOf(error));
      });
  });
  return section;
}
