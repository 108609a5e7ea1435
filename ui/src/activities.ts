/**
 * Activities (tasks, calls, meetings, emails, notes): the section on every record page
 * with its "log an activity" form, and the pieces the Activities and Calendar pages share.
 */
import { can } from './access';
import { api } from './api';
import { banner, button, form, problemOf, selectField, table, textareaField, textField, type Column, type FormHandle } from './components';
import { fill, h, uid, type Child } from './dom';
import type { TaskTemplate } from './automation';
import { checkboxField, checkFields, dateTimeField, entriesOf, localDateTime, numberField, type TypedField } from './inputs';
import { personTag } from './people';
import { createPayload } from './record-body';
import { state } from './state';
import { formatDate, queryString } from './values';
import { ACTIVITY_TYPES, type Activity, type ActivityType, type Page, type RelatedType } from './views/records';

export const ACTIVITY_LABELS: Record<ActivityType, string> = { task: 'Task', call: 'Call', meeting: 'Meeting', email: 'Email', note: 'Note' };
export const STATUS_LABELS: Record<Activity['status'], string> = { open: 'Open', completed: 'Done', cancelled: 'Cancelled' };
const RELATED_PATHS: Record<RelatedType, string> = { lead: '/leads', contact: '/contacts', account: '/accounts', opportunity: '/opportunities' };

let templateCache: { at: number; list: Promise<TaskTemplate[]> } | null = null;
/** The task templates, read at most once a minute; none when they cannot be read. */
function taskTemplates(): Promise<TaskTemplate[]> {
  if (!templateCache || templateCache.at < Date.now() - 60_000) {
    const list = api<{ items: TaskTemplate[] }>('GET', '/task-templates').then(
      (r) => r.items,
      () => [],
    );
    templateCache = { at: Date.now(), list };
  }
  return templateCache.list;
}

/** "Mark done" on an open activity: PATCH status with the version read; a 409 asks to reload. */
export async function completeActivity(activity: Activity): Promise<Activity> {
  return api<Activity>('PATCH', `/activities/${encodeURIComponent(activity.activityId)}`, { status: 'completed', version: activity.version });
}

export function whenOf(a: Activity): Child {
  const at = a.dueAt ?? a.completedAt ?? a.createdAt;
  return h('time', { datetime: at }, formatDate(at), a.durationMinutes ? ` (${a.durationMinutes} min)` : '');
}

/**
 * The form that logs or plans an activity on a record. `related` fixes the record; the
 * Activities page passes a picker instead.
 */
export function activityForm(opts: {
  related?: { type: RelatedType; id: string };
  relatedFields?: () => { fields: TypedField[]; read(): { relatedType: string; relatedId: string } | null };
  types?: ActivityType[];
  initialType?: ActivityType;
  onSaved(activity: Activity): void;
  label?: string;
}): FormHandle {
  const types = opts.types ?? [...ACTIVITY_TYPES];
  const type = selectField({ name: 'type', label: 'Type' }, types.map((t) => ({ value: t, label: ACTIVITY_LABELS[t] })), opts.initialType ?? 'call');
  const subject: TypedField = textField({ name: 'subject', label: 'Subject', required: true, maxlength: 200 });
  const when = dateTimeField({ name: 'dueAt', label: 'When', hint: 'Due time of a task; start of a meeting or call' });
  const duration = numberField({ name: 'durationMinutes', label: 'Duration (minutes)', integer: true, min: 0, max: 10080 });
  const description: TypedField = textareaField({ name: 'description', label: 'Description', maxlength: 10_000, rows: 3 });
  const outcome: TypedField = textField({ name: 'outcome', label: 'Outcome', maxlength: 2000, hint: 'What came of a call or meeting' });
  const reminder = dateTimeField({ name: 'reminder', label: 'Remind me at', hint: 'Tasks and meetings: a notice here when it is due' });
  const remindByEmail = checkboxField({ name: 'reminderEmail', label: 'Also remind me by email' }, false);
  const done = checkboxField({ name: 'done', label: 'Already done' }, false);
  // Tasks may start from a task template: its subject and due days are the defaults, and
  // completing the task creates the template's next one.
  const template: TypedField = selectField({ name: 'templateId', label: 'From template', hint: 'Optional: a task template fills in the subject and due date' }, [{ value: '', label: 'None' }]);
  const templateSelect = template.control as HTMLSelectElement;
  let templates: TaskTemplate[] = [];
  let appliedSubject = '';
  void taskTemplates().then((list) => {
    templates = list;
    for (const t of list) templateSelect.appendChild(h('option', { value: t.templateId }, t.name));
    sync();
  });
  templateSelect.addEventListener('change', () => {
    const chosen = templates.find((t) => t.templateId === templateSelect.value);
    const subjectInput = subject.control as HTMLInputElement;
    // The template's subject replaces an empty one or the last template's, never what the rep typed.
    if (chosen && (!subjectInput.value.trim() || subjectInput.value === appliedSubject)) subjectInput.value = appliedSubject = chosen.subject;
    const whenInput = when.control as HTMLInputElement;
    if (chosen && !whenInput.value) whenInput.value = localDateTime(new Date(Date.now() + chosen.dueInDays * 86_400_000).toISOString());
    if (chosen?.description && !(description.control as HTMLTextAreaElement).value.trim()) (description.control as HTMLTextAreaElement).value = chosen.description;
  });
  const related = opts.relatedFields?.();
  const fields: TypedField[] = [...(related?.fields ?? []), type, template, subject, when, duration, reminder, remindByEmail, done, outcome, description];

  // Only what the chosen type uses is offered.
  const sync = () => {
    const t = type.value() as ActivityType;
    const remindable = t === 'task' || t === 'meeting';
    reminder.wrap.hidden = !remindable;
    remindByEmail.wrap.hidden = !remindable;
    duration.wrap.hidden = !(t === 'call' || t === 'meeting');
    outcome.wrap.hidden = !(t === 'call' || t === 'meeting' || t === 'email');
    done.wrap.hidden = t === 'note' || t === 'email';
    template.wrap.hidden = t !== 'task' || templates.length === 0;
  };
  type.control.addEventListener('change', sync);
  sync();

  const idempotencyKey = () => crypto.randomUUID();
  let key = idempotencyKey();
  const handle = form(fields, {
    label: opts.label ?? 'Log an activity',
    submitLabel: 'Save activity',
    validate: () => {
      const problems = checkFields(fields) ?? new Map<string, string[]>();
      if (related && !related.read()) problems.set(related.fields[related.fields.length - 1]!.name, ['Choose the record from the list.']);
      return problems.size ? problems : null;
    },
    onSubmit: async (f) => {
      const t = type.value() as ActivityType;
      const remindable = t === 'task' || t === 'meeting';
      const target = opts.related ? { relatedType: opts.related.type, relatedId: opts.related.id } : related!.read()!;
      const entries = entriesOf([subject, when, description]).concat(
        duration.wrap.hidden ? [] : entriesOf([duration]),
        outcome.wrap.hidden ? [] : entriesOf([outcome]),
      );
      const body: Record<string, unknown> = { type: t, ...target, ...createPayload(entries) };
      const remindAt = reminder.read?.();
      if (remindable && remindAt) body.reminder = { at: remindAt, email: remindByEmail.read?.() === true };
      if (!done.wrap.hidden && done.read?.() === true) body.status = 'completed';
      if (!template.wrap.hidden && templateSelect.value) body.templateId = templateSelect.value;
      try {
        const created = await api<Activity>('POST', '/activities', body, { idempotencyKey: key });
        key = idempotencyKey();
        f.clearErrors();
        for (const field of [subject, when, duration, description, outcome, reminder]) (field.control as HTMLInputElement).value = '';
        (done.control as HTMLInputElement).checked = false;
        templateSelect.value = '';
        appliedSubject = '';
        opts.onSaved(created);
      } catch (error) {
        // reminder.at is the API's name for the reminder time.
        const problem = problemOf(error);
        f.showProblem({ ...problem, errors: problem.errors?.map((e) => (e.name.startsWith('reminder') ? { ...e, name: 'reminder' } : e)) });
      }
    },
  });
  return handle;
}

/** The activities of one record, newest first, with "Mark done" and a form to log one. */
export function activitiesSection(related: { type: RelatedType; id: string; name?: string }): HTMLElement {
  const headingId = uid('activities');
  const errors = banner();
  const status = h('p', { class: 'status', role: 'status' }, 'Loading activities…');
  const results = h('div', { class: 'results' });
  let cursor: string | null = null;
  const more = button('Load more activities', () => void load(cursor), 'secondary', { hidden: true });
  let items: Activity[] = [];
  const mayUpdate = can(state.me, 'activity', 'update');

  const columns: Column<Activity>[] = [
    { label: 'Type', cell: (a) => ACTIVITY_LABELS[a.type] ?? a.type },
    { label: 'Subject', cell: (a) => [a.subject, a.description ? h('div', { class: 'muted small notes' }, a.description) : null, a.outcome ? h('div', { class: 'small' }, `Outcome: ${a.outcome}`) : null] },
    { label: 'When', cell: whenOf },
    { label: 'Status', cell: (a) => STATUS_LABELS[a.status] ?? a.status },
    { label: 'Assigned to', cell: (a) => personTag(a.ownerId) },
    {
      label: 'Actions',
      cell: (a) =>
        a.status === 'open' && mayUpdate
          ? button('Mark done', async (e) => {
              const btn = e.currentTarget as HTMLButtonElement;
              btn.disabled = true;
              try {
                const saved = await completeActivity(a);
                items = items.map((i) => (i.activityId === saved.activityId ? saved : i));
                draw(`Marked “${a.subject}” done.`);
              } catch (error) {
                btn.disabled = false;
                const problem = problemOf(error);
                errors.show(problem.status === 409 ? `“${a.subject}” was changed by someone else; reload to see it.` : problem, problem.status === 409 ? button('Reload activities', () => void load(null), 'primary') : null);
              }
            }, 'secondary', { 'aria-label': `Mark “${a.subject}” done` })
          : null,
    },
  ];

  function draw(message?: string) {
    fill(results, items.length ? table(`Activities${related.name ? ` of ${related.name}` : ''}`, columns, items).el : null);
    status.textContent = message ?? (items.length ? `${items.length} activit${items.length === 1 ? 'y' : 'ies'}${cursor ? '; more available' : ''}.` : 'No activities yet.');
  }

  async function load(from: string | null) {
    more.disabled = true;
    try {
      const page = await api<Page<Activity>>('GET', `${RELATED_PATHS[related.type]}/${encodeURIComponent(related.id)}/activities${queryString({ limit: 20, cursor: from })}`);
      errors.clear();
      items = from ? [...items, ...page.items] : page.items;
      cursor = page.cursor;
      more.hidden = !cursor;
      draw();
    } catch (error) {
      status.textContent = '';
      errors.show(problemOf(error));
    } finally {
      more.disabled = false;
    }
  }

  const logForm = can(state.me, 'activity', 'create')
    ? activityForm({
        related,
        label: `Log an activity on ${related.name ?? `this ${related.type}`}`,
        onSaved: (created) => {
          items = [created, ...items];
          draw(`${ACTIVITY_LABELS[created.type]} “${created.subject}” saved.`);
        },
      })
    : null;
  const details = logForm ? h('details', { class: 'log-activity' }, h('summary', null, 'Log a call, meeting, note or task'), logForm.el) : null;

  void load(null);
  return h('section', { class: 'card', 'aria-labelledby': headingId }, h('h2', { id: headingId }, 'Activities'), errors.el, status, results, h('p', null, more), details);
}
