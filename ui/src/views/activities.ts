/** The Activities page: my open tasks, logging a call, meeting or note on any record, and my recent activities. */
import { can } from '../access';
import { api } from '../api';
import { activityForm, ACTIVITY_LABELS, completeActivity, STATUS_LABELS, whenOf } from '../activities';
import { banner, button, linkButton, pageHeader, problemOf, selectField, table, takeFlash, type Column } from '../components';
import { fill, h, uid } from '../dom';
import type { TypedField } from '../inputs';
import { combobox } from '../picker';
import { href } from '../router';
import { recordLink } from '../sales-data';
import { state } from '../state';
import { contactName, queryString } from '../values';
import type { Activity, Page, RelatedType } from './records';

const RELATED: { type: RelatedType; label: string; path: string }[] = [
  { type: 'contact', label: 'Contact', path: '/contacts' },
  { type: 'account', label: 'Account', path: '/accounts' },
  { type: 'lead', label: 'Lead', path: '/leads' },
  { type: 'opportunity', label: 'Opportunity', path: '/opportunities' },
];

/** The record an activity from this page is about: its type, then the record by name. */
function relatedPicker(): { fields: TypedField[]; read(): { relatedType: string; relatedId: string } | null } {
  const types = RELATED.filter((r) => can(state.me, r.type, 'read'));
  const type: TypedField = selectField({ name: 'relatedType', label: 'About a' }, types.map((r) => ({ value: r.type, label: r.label })), types[0]?.type ?? 'contact');
  const record = combobox({
    name: 'relatedId',
    label: 'Record',
    hint: 'Type the start of the name, then pick it from the list.',
    required: true,
    noun: ['record', 'records'],
    empty: 'Nothing starts with that',
    search: async (text) => {
      const chosen = RELATED.find((r) => r.type === type.value()) ?? RELATED[0]!;
      const page = await api<Page<Record<string, unknown>>>('GET', `${chosen.path}${queryString({ q: text, limit: 8 })}`);
      const idField = `${chosen.type}Id`;
      return page.items.map((item) => ({
        id: String(item[idField]),
        label: chosen.type === 'contact' || chosen.type === 'lead' ? contactName(item as { firstName?: string; lastName: string }) : String(item.name),
        detail: typeof item.email === 'string' ? item.email : typeof item.company === 'string' ? item.company : undefined,
      }));
    },
  });
  type.control.addEventListener('change', () => record.set(null));
  return { fields: [type, record], read: () => (record.value() ? { relatedType: type.value(), relatedId: record.value() } : null) };
}

async function myActivities(pages = 5): Promise<Activity[]> {
  const all: Activity[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < pages; i++) {
    const page: Page<Activity> = await api('GET', `/activities${queryString({ ownerId: state.me?.userId, limit: 100, cursor })}`);
    all.push(...page.items);
    cursor = page.cursor;
    if (!cursor) break;
  }
  return all;
}

export function activitiesView(root: HTMLElement): void {
  const errors = banner();
  const tasksStatus = h('p', { class: 'status', role: 'status' }, 'Loading your tasks…');
  const tasksEl = h('div');
  const recentStatus = h('p', { class: 'status', role: 'status' });
  const recentEl = h('div');
  let activities: Activity[] = [];
  const now = () => new Date().toISOString();

  const done = (a: Activity) =>
    button(
      'Mark done',
      async (e) => {
        const btn = e.currentTarget as HTMLButtonElement;
        btn.disabled = true;
        try {
          const saved = await completeActivity(a);
          activities = activities.map((x) => (x.activityId === saved.activityId ? saved : x));
          draw(`Marked “${a.subject}” done.`);
        } catch (error) {
          btn.disabled = false;
          const problem = problemOf(error);
          errors.show(problem.status === 409 ? `“${a.subject}” was changed by someone else.` : problem, button('Reload', () => void load(), 'primary'));
        }
      },
      'secondary',
      { 'aria-label': `Mark “${a.subject}” done` },
    );

  const taskColumns: Column<Activity>[] = [
    { label: 'Task', cell: (a) => [a.subject, a.description ? h('div', { class: 'muted small' }, a.description) : null] },
    { label: 'About', cell: (a) => recordLink(a.relatedType, a.relatedId) },
    { label: 'Due', cell: (a) => (a.dueAt ? [whenOf(a), a.dueAt < now() ? [' ', h('span', { class: 'badge badge-off' }, 'Overdue')] : null] : h('span', { class: 'muted' }, 'No due date')) },
    { label: 'Actions', cell: (a) => (can(state.me, 'activity', 'update') ? done(a) : null) },
  ];
  const recentColumns: Column<Activity>[] = [
    { label: 'Type', cell: (a) => ACTIVITY_LABELS[a.type] ?? a.type },
    { label: 'Subject', cell: (a) => a.subject },
    { label: 'About', cell: (a) => recordLink(a.relatedType, a.relatedId) },
    { label: 'When', cell: whenOf },
    { label: 'Status', cell: (a) => STATUS_LABELS[a.status] ?? a.status },
  ];

  function draw(message?: string) {
    const tasks = activities
      .filter((a) => a.type === 'task' && a.status === 'open')
      .sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'));
    tasksStatus.textContent = message ?? (tasks.length ? `${tasks.length} open task${tasks.length === 1 ? '' : 's'}.` : 'No open tasks. Well done.');
    fill(tasksEl, tasks.length ? table('My open tasks', taskColumns, tasks).el : null);
    const recent = activities.slice(0, 20);
    recentStatus.textContent = recent.length ? '' : 'You have no activities yet.';
    fill(recentEl, recent.length ? table('My recent activities', recentColumns, recent).el : null);
  }

  async function load() {
    try {
      activities = await myActivities();
      errors.clear();
      draw();
    } catch (error) {
      tasksStatus.textContent = '';
      errors.show(problemOf(error));
    }
  }

  const tasksId = uid('tasks');
  const logId = uid('log');
  const recentId = uid('recent');
  const log = can(state.me, 'activity', 'create')
    ? activityForm({
        relatedFields: relatedPicker,
        label: 'Log a call, meeting or note',
        initialType: 'call',
        onSaved: (created) => {
          if (created.ownerId === state.me?.userId) activities = [created, ...activities];
          draw(`${ACTIVITY_LABELS[created.type]} “${created.subject}” saved.`);
        },
      })
    : null;

  fill(
    root,
    pageHeader('Activities', linkButton('Calendar', href('/calendar'))),
    takeFlash(),
    errors.el,
    h('section', { class: 'card', 'aria-labelledby': tasksId }, h('h2', { id: tasksId }, 'My open tasks'), tasksStatus, tasksEl),
    log ? h('section', { class: 'card', 'aria-labelledby': logId }, h('h2', { id: logId }, 'Log a call, meeting or note'), log.el) : null,
    h('section', { class: 'card', 'aria-labelledby': recentId }, h('h2', { id: recentId }, 'My recent activities'), recentStatus, recentEl),
  );
  void load();
}
