/**
 * The 360° timeline of a contact, account, lead or deal: activities, notes, stage
 * changes, conversions, merges and workflow runs, newest first, with "load more" by cursor.
 */
import { hasPrivilege } from './access';
import { api } from './api';
import { RUN_STATUS_LABELS } from './automation';
import { banner, button, problemOf } from './components';
import { h, uid } from './dom';
import { personTag } from './people';
import { href } from './router';
import { recordHref } from './sales-data';
import { state } from './state';
import { formatDate, queryString } from './values';
import type { Page, TimelineEntry } from './views/records';

export const TIMELINE_KINDS: Record<string, string> = {
  activity: 'Activity',
  note: 'Note',
  'stage-change': 'Stage change',
  email: 'Email',
  'form-submission': 'Form submitted',
  conversion: 'Conversion',
  merge: 'Merge',
  workflow: 'Workflow',
  quote: 'Quote',
  invoice: 'Invoice',
  case: 'Case',
};
export const timelineKind = (kind: string) => TIMELINE_KINDS[kind] ?? kind;

/** A workflow run's entry links to the workflow's run history for those who may see it. */
function workflowRunHref(entry: TimelineEntry): string | null {
  const workflowId = typeof entry.data?.workflowId === 'string' ? entry.data.workflowId : entry.ref.type === 'workflowRun' ? entry.ref.id.split('/')[0] : undefined;
  return workflowId && hasPrivilege(state.me, 'manageWorkflows') ? href(`/admin/workflows/${encodeURIComponent(workflowId)}/runs`) : null;
}

function entryItem(entry: TimelineEntry): HTMLElement {
  // An activity is opened on the record it belongs to; deals and people have pages of their own.
  const target =
    entry.kind === 'workflow' ? workflowRunHref(entry) : entry.ref.type === 'activity' ? null : entry.ref.id !== entry.subject.id ? recordHref(entry.ref.type, entry.ref.id) : null;
  const runStatus = entry.kind === 'workflow' && typeof entry.data?.status === 'string' ? entry.data.status : null;
  const activityType = typeof entry.data?.activityType === 'string' ? ` · ${entry.data.activityType}` : '';
  return h(
    'li',
    { class: `timeline-entry kind-${entry.kind}` },
    h(
      'div',
      { class: 'timeline-head' },
      h('span', { class: 'badge' }, timelineKind(entry.kind), activityType),
      runStatus ? [' ', h('span', { class: `badge run-${runStatus}` }, RUN_STATUS_LABELS[runStatus] ?? runStatus)] : null,
      ' ',
      h('time', { datetime: entry.at }, formatDate(entry.at)),
    ),
    h('p', { class: 'timeline-summary' }, target ? h('a', { href: target }, entry.summary) : entry.summary),
    h('p', { class: 'muted small' }, 'By ', personTag(entry.actorId)),
  );
}

export function timelineSection(path: string, heading = 'Timeline'): HTMLElement {
  const headingId = uid('timeline');
  const errors = banner();
  const status = h('p', { class: 'status', role: 'status' }, 'Loading the timeline…');
  const list = h('ol', { class: 'timeline', 'aria-labelledby': headingId });
  let cursor: string | null = null;
  let shown = 0;
  const more = button('Load more of the timeline', () => void load(cursor), 'secondary', { hidden: true });

  async function load(from: string | null) {
    more.disabled = true;
    list.setAttribute('aria-busy', 'true');
    try {
      const page = await api<Page<TimelineEntry>>('GET', `${path}${queryString({ limit: 20, cursor: from })}`);
      errors.clear();
      for (const entry of page.items) list.appendChild(entryItem(entry));
      shown += page.items.length;
      cursor = page.cursor;
      more.hidden = !cursor;
      status.textContent = shown ? `${shown} entr${shown === 1 ? 'y' : 'ies'}${cursor ? '; more available' : ''}.` : 'Nothing on the timeline yet.';
    } catch (error) {
      status.textContent = '';
      errors.show(problemOf(error));
    } finally {
      more.disabled = false;
      list.removeAttribute('aria-busy');
    }
  }
  void load(null);
  return h('section', { class: 'card', 'aria-labelledby': headingId }, h('h2', { id: headingId }, heading), errors.el, status, list, h('p', null, more));
}
