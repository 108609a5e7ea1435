/**
 * Email templates and task templates: list, add, edit, delete. Each save sends the
 * version read (a stale one is refused with 409); the API's field errors land next to
 * the form's inputs, which are named like the body (name, subject, body, dueInDays …).
 */
import { api } from '../../api';
import type { EmailTemplate, TaskTemplate } from '../../automation';
import { banner, button, confirmDialog, form, problemOf, selectField, table, textareaField, textField, type Field, type FormHandle } from '../../components';
import { fill, h, uid } from '../../dom';
import { checkFields, numberField, type TypedField } from '../../inputs';
import type { AdminPage } from '../../router';
import { formatDate } from '../../values';
import { adminPage } from './layout';

interface Template {
  templateId: string;
  name: string;
  version: number;
  updatedAt: string;
}

interface TemplatePageSpec<T extends Template> {
  page: AdminPage;
  title: string;
  /** "email template" */
  noun: string;
  intro: string;
  path: string;
  columns: { label: string; cell(t: T): ReturnType<typeof h> | string }[];
  /** The form's fields for a template (none: a new one), and the body they make. */
  fields(current: T | undefined, all: T[]): { fields: Field[]; body(): Record<string, unknown> };
}

async function templatePage<T extends Template>(root: HTMLElement, spec: TemplatePageSpec<T>): Promise<void> {
  const errors = banner();
  const status = h('p', { class: 'status', role: 'status' }, 'Loading…');
  const results = h('div', { class: 'results' });
  const editor = h('div');
  fill(root, ...adminPage(spec.page, spec.title, []), h('p', { class: 'muted' }, spec.intro), errors.el, status, results, editor);
  let items: T[] = [];
  let editing: T | undefined;

  const load = async () => {
    items = (await api<{ items: T[] }>('GET', spec.path)).items;
  };
  try {
    await load();
  } catch (error) {
    status.textContent = '';
    return errors.show(problemOf(error));
  }

  const remove = async (t: T) => {
    if (!(await confirmDialog(`Delete the ${spec.noun} ${t.name}?`, 'Delete'))) return;
    try {
      await api('DELETE', `${spec.path}/${encodeURIComponent(t.templateId)}`);
      items = items.filter((i) => i.templateId !== t.templateId);
      if (editing?.templateId === t.templateId) editing = undefined;
      errors.clear();
      draw(`${t.name} deleted.`);
    } catch (error) {
      const problem = problemOf(error);
      // 409 here: something still uses it (a workflow, another template).
      errors.show(problem.status === 409 ? `${t.name} cannot be deleted: ${problem.detail ?? problem.title}` : problem);
    }
  };

  function drawForm() {
    const { fields, body } = spec.fields(editing, items);
    const headingId = uid('tpl');
    const current = editing;
    const addTitle = `Add ${/^[aeiou]/.test(spec.noun) ? 'an' : 'a'} ${spec.noun}`;
    const handle: FormHandle = form(fields, {
      label: current ? `Edit ${current.name}` : addTitle,
      submitLabel: current ? `Save ${spec.noun}` : `Add ${spec.noun}`,
      onCancel: current ? () => ((editing = undefined), drawForm()) : undefined,
      validate: () => checkFields(fields as TypedField[]),
      onSubmit: async (f) => {
        try {
          const saved = current
            ? await api<T>('PUT', `${spec.path}/${encodeURIComponent(current.templateId)}`, { ...body(), version: current.version })
            : await api<T>('POST', spec.path, body());
          items = current ? items.map((i) => (i.templateId === saved.templateId ? saved : i)) : [...items, saved].sort((a, b) => a.name.localeCompare(b.name));
          editing = undefined;
          errors.clear();
          draw(`${saved.name} ${current ? 'saved' : 'added'}.`);
        } catch (error) {
          const problem = problemOf(error);
          if (problem.status === 409)
            f.showProblem(
              { ...problem, errors: [], title: `Someone else changed ${current?.name ?? 'it'} after you opened it. Nothing was saved.`, detail: undefined },
              button(
                'Reload',
                async () => {
                  await load().catch(() => undefined);
                  editing = items.find((i) => i.templateId === current?.templateId);
                  draw();
                },
                'primary',
              ),
            );
          else f.showProblem(problem);
        }
      },
    });
    fill(editor, h('section', { class: 'card', 'aria-labelledby': headingId }, h('h2', { id: headingId }, current ? `Edit ${current.name}` : addTitle), handle.el));
    return handle;
  }

  function draw(message?: string) {
    status.textContent = message ?? `${items.length} ${spec.noun}${items.length === 1 ? '' : 's'}.`;
    fill(
      results,
      items.length
        ? table(spec.title, [
            ...spec.columns,
            { label: 'Changed', cell: (t: T) => formatDate(t.updatedAt) },
            {
              label: 'Actions',
              cell: (t: T) =>
                h(
                  'span',
                  { class: 'actions' },
                  button('Edit', () => {
                    editing = t;
                    drawForm().fields[0]?.control.focus();
                  }, 'secondary', { 'aria-label': `Edit ${t.name}` }),
                  button('Delete', () => void remove(t), 'danger', { 'aria-label': `Delete ${t.name}` }),
                ),
            },
          ], items).el
        : h('p', { class: 'muted' }, `No ${spec.noun}s yet.`),
    );
    drawForm();
  }
  draw();
}

export function emailTemplatesView(root: HTMLElement): Promise<void> {
  return templatePage<EmailTemplate>(root, {
    page: 'email-templates',
    title: 'Email templates',
    noun: 'email template',
    intro: 'Emails that workflows send. Merge fields such as {{firstName}}, {{company}}, {{custom.key}} and {{owner.name}} are filled in from the record; unknown ones are refused on save.',
    path: '/email-templates',
    columns: [
      { label: 'Name', cell: (t) => t.name },
      { label: 'Subject', cell: (t) => t.subject },
    ],
    fields: (current) => {
      const name: TypedField = textField({ name: 'name', label: 'Name', required: true, maxlength: 120 }, current?.name ?? '');
      const subject: TypedField = textField({ name: 'subject', label: 'Subject', required: true, maxlength: 300 }, current?.subject ?? '');
      const body: TypedField = textareaField({ name: 'body', label: 'Body', rows: 8, maxlength: 50_000, hint: 'Plain text. Hello {{firstName}}, …' }, current?.body ?? '');
      return { fields: [name, subject, body], body: () => ({ name: name.value().trim(), subject: subject.value().trim(), body: body.value() }) };
    },
  });
}

export function taskTemplatesView(root: HTMLElement): Promise<void> {
  let names = new Map<string, string>();
  return templatePage<TaskTemplate>(root, {
    page: 'task-templates',
    title: 'Task templates',
    noun: 'task template',
    intro: 'Tasks that workflows and reps create from a template: its subject, description and due days. A template can lead to a next one: when a task made from it is completed, the next task is created.',
    path: '/task-templates',
    columns: [
      { label: 'Name', cell: (t) => t.name },
      { label: 'Subject', cell: (t) => t.subject },
      { label: 'Due in', cell: (t) => `${t.dueInDays} day${t.dueInDays === 1 ? '' : 's'}` },
      { label: 'Then', cell: (t) => (t.nextTemplateId ? (names.get(t.nextTemplateId) ?? t.nextTemplateId) : h('span', { class: 'muted' }, '—')) },
    ],
    fields: (current, all) => {
      names = new Map(all.map((t) => [t.templateId, t.name]));
      const name: TypedField = textField({ name: 'name', label: 'Name', required: true, maxlength: 120 }, current?.name ?? '');
      const subject: TypedField = textField({ name: 'subject', label: 'Subject', required: true, maxlength: 200 }, current?.subject ?? '');
      const description: TypedField = textareaField({ name: 'description', label: 'Description', rows: 3, maxlength: 5000 }, current?.description ?? '');
      const due = numberField({ name: 'dueInDays', label: 'Due in (days)', integer: true, min: 0, max: 365, hint: 'Days after the task is created' }, current?.dueInDays ?? 1);
      // A template cannot follow itself; the API refuses longer cycles too.
      const options = all.filter((t) => t.templateId !== current?.templateId).map((t) => ({ value: t.templateId, label: t.name }));
      const next: TypedField = selectField({ name: 'nextTemplateId', label: 'Next task', hint: 'Created when a task from this template is completed' }, [{ value: '', label: 'None' }, ...options], current?.nextTemplateId ?? '');
      return {
        fields: [name, subject, due, next, description],
        body: () => {
          const out: Record<string, unknown> = { name: name.value().trim(), subject: subject.value().trim(), dueInDays: due.read?.() ?? 1 };
          if (description.value().trim()) out.description = description.value().trim();
          if (next.value()) out.nextTemplateId = next.value();
          return out;
        },
      };
    },
  });
}
