/**
 * A history table: who did what when, with each field's before → after. Used on every
 * record page, on a user's admin page, and in the audit pages.
 */
import { api } from './api';
import { banner, button, problemOf, table, type Column } from './components';
import { fill, h, uid, type Child } from './dom';
import { changeLines, pathLabel, PERSON_FIELDS, type AuditEntry, type ChangeLine } from './audit-format';
import { personTag } from './people';
import { href } from './router';
import { actionLabel, formatDate, formatValue, queryString } from './values';

export type { AuditEntry };

export interface HistorySpec {
  /** e.g. /leads/01…/history or /audit?actorId=… (without limit/cursor) */
  path: string;
  heading: string;
  /** labels for field names */
  labels?: Record<string, string>;
  /** Show what each entry is about (a user's actions span many records). */
  subject?: boolean;
  /** Show who did it (false on "what this user did"). */
  actor?: boolean;
  pageSize?: number;
}

function valueCell(field: string, value: unknown): Child {
  if (typeof value === 'string' && value && PERSON_FIELDS.has(field)) return personTag(value);
  const text = formatValue(value);
  return text ? text : h('span', { class: 'muted' }, '(empty)');
}

function changeItem(line: ChangeLine, action: string, labels: Record<string, string>): HTMLElement {
  const field = line.path[line.path.length - 1] ?? '';
  const label = h('span', { class: 'change-field' }, pathLabel(line.path, labels));
  const wasEmpty = line.before === null || line.before === undefined || line.before === '';
  if (action === 'create' || (wasEmpty && action !== 'update')) return h('li', null, label, ': ', h('ins', null, valueCell(field, line.after)));
  return h('li', null, label, ': ', h('del', null, valueCell(field, line.before)), h('span', { 'aria-label': 'changed to' }, ' → '), h('ins', null, valueCell(field, line.after)));
}

export function changesOf(entry: AuditEntry, labels: Record<string, string> = {}): Child {
  const lines = changeLines(entry);
  if (!lines.length) return entry.summary ? null : h('span', { class: 'muted' }, '—');
  return h('ul', { class: 'changes' }, lines.map((line) => changeItem(line, entry.action, labels)));
}

const RECORD_PATHS: Record<string, string> = { account: '/accounts', contact: '/contacts', lead: '/leads', opportunity: '/opportunities' };

function subjectOf(entry: AuditEntry): Child {
  const list = RECORD_PATHS[entry.subjectType];
  if (list) return h('a', { href: href(`${list}/${encodeURIComponent(entry.subjectId)}`) }, `${entry.subjectType[0]!.toUpperCase()}${entry.subjectType.slice(1)} ${entry.subjectId}`);
  if (entry.subjectType === 'user') return h('span', null, 'User ', h('a', { href: href(`/admin/users/${encodeURIComponent(entry.subjectId)}`) }, personTag(entry.subjectId)));
  if (entry.subjectType === 'settings') return h('a', { href: href('/admin/audit', { view: 'settings' }) }, 'Security settings');
  if (entry.subjectType === 'sign-in') return `Sign-in as ${entry.subjectId}`;
  return `${entry.subjectType} ${entry.subjectId}`;
}

export function historySection(spec: HistorySpec): HTMLElement {
  const headingId = uid('history');
  const errors = banner();
  const status = h('p', { class: 'status', role: 'status' }, 'Loading history…');
  const results = h('div', { class: 'results' });
  let cursor: string | null = null;
  const more = button('Load more history', () => void load(cursor), 'secondary', { hidden: true });
  const labels = spec.labels ?? {};
  const columns: Column<AuditEntry>[] = [
    {
      label: 'When',
      cell: (e) => [h('time', { datetime: e.at }, formatDate(e.at)), e.ip ? h('div', { class: 'muted small', title: e.userAgent ?? '' }, `from ${e.ip}`) : null],
    },
    ...(spec.actor === false ? [] : [{ label: 'Who', cell: (e: AuditEntry) => personTag(e.actorId) }]),
    { label: 'Action', cell: (e) => [actionLabel(e.action), e.summary && e.summary !== actionLabel(e.action) ? h('div', { class: 'muted small' }, e.summary) : null] },
    ...(spec.subject ? [{ label: 'About', cell: subjectOf }] : []),
    { label: 'Changes', cell: (e) => changesOf(e, labels) },
  ];
  let list: ReturnType<typeof table<AuditEntry>> | null = null;
  let shown = 0;

  async function load(from: string | null) {
    more.disabled = true;
    results.setAttribute('aria-busy', 'true');
    try {
      const sep = spec.path.includes('?') ? '&' : '?';
      const page = await api<{ items: AuditEntry[]; cursor: string | null }>('GET', `${spec.path}${sep}${queryString({ limit: spec.pageSize ?? 20, cursor: from }).slice(1)}`);
      errors.clear();
      if (!list) {
        list = table(spec.heading, columns, page.items);
        fill(results, page.items.length ? list.el : null);
      } else list.add(page.items);
      shown += page.items.length;
      cursor = page.cursor;
      more.hidden = !cursor;
      status.textContent = shown ? `${shown} entr${shown === 1 ? 'y' : 'ies'}${cursor ? '; more available' : ''}.` : 'No history yet.';
    } catch (error) {
      status.textContent = '';
      errors.show(problemOf(error));
    } finally {
      more.disabled = false;
      results.removeAttribute('aria-busy');
    }
  }
  void load(null);
  return h('section', { class: 'card history', 'aria-labelledby': headingId }, h('h2', { id: headingId }, spec.heading), errors.el, status, results, h('p', null, more));
}
