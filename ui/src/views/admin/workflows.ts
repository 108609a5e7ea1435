/**
 * Workflow automation: the list of workflows (trigger, on/off, latest runs), the builder
 * (trigger, AND/OR conditions, ordered actions) and each workflow's run history. Every
 * builder input carries the data-path the API names its errors with (actions.2.url,
 * trigger.field, conditions.all.0.value), so a refused save marks the right inputs.
 */
import { api } from '../../api';
import { clearBuilderErrors, showBuilderErrors } from '../../builder-errors';
import {
  ACTION_LABELS,
  ACTION_TYPES,
  COMPARISONS,
  FIXED_RECORD_TYPE,
  OP_LABELS,
  RECORD_TYPE_LABELS,
  RUN_STATUS_LABELS,
  TRIGGER_LABELS,
  TRIGGER_TYPES,
  WORKFLOW_RECORD_TYPES,
  actionSummary,
  dateFields,
  emptyAction,
  emptyComparison,
  emptyDraft,
  errorPath,
  errorTargets,
  labelOf,
  pathLabel,
  triggerBody,
  triggerSummary,
  updateBody,
  valueless,
  workflowBody,
  workflowDraft,
  type ActionDraft,
  type ActionType,
  type ComparisonDraft,
  type ComparisonOp,
  type DraftError,
  type GroupDraft,
  type RecordField,
  type TriggerType,
  type WaitUnit,
  type Workflow,
  type WorkflowDraft,
  type WorkflowRecordType,
  type WorkflowRun,
} from '../../automation';
import { banner, button, confirmDialog, linkButton, problemOf, table, takeFlash, setFlash } from '../../components';
import { fill, h, uid, type Child } from '../../dom';
import { userPicker, type Combo } from '../../picker';
import { personTag } from '../../people';
import { href } from '../../router';
import { recordLink } from '../../sales-data';
import { formatDate, queryString } from '../../values';
import type { Page } from '../records';
import { adminPage } from './layout';
import { loadBuilderData, type BuilderData } from './workflow-data';

const workflowPath = (id: string) => `/workflows/${encodeURIComponent(id)}`;
const editHref = (id: string) => href(`/admin/workflows/${encodeURIComponent(id)}`);
const runsHref = (id: string) => href(`/admin/workflows/${encodeURIComponent(id)}/runs`);

export function statusBadge(status: string): HTMLElement {
  return h('span', { class: `badge run-${status}` }, RUN_STATUS_LABELS[status] ?? status);
}

/* ------------------------------------------------------------------ list */

export async function workflowsList(root: HTMLElement): Promise<void> {
  const errors = banner();
  const status = h('p', { class: 'status', role: 'status' }, 'Loading workflows…');
  const results = h('div', { class: 'results' });
  const flash = takeFlash();
  const runDates = button('Run date triggers now', async (e) => {
    const btn = e.currentTarget as HTMLButtonElement;
    btn.disabled = true;
    try {
      const result = await api<{ day: string; events: number; workflows: number }>('POST', '/workflows/date-triggers/run');
      errors.clear();
      status.textContent = `Date triggers for ${result.day}: ${result.events} event${result.events === 1 ? '' : 's'} for ${result.workflows} workflow${result.workflows === 1 ? '' : 's'}.`;
    } catch (error) {
      errors.show(problemOf(error));
    } finally {
      btn.disabled = false;
    }
  });
  fill(
    root,
    ...adminPage('workflows', 'Workflows', [linkButton('New workflow', href('/admin/workflows/new'), 'primary'), runDates]),
    h('p', { class: 'muted' }, 'A workflow runs its actions in order when its trigger happens to a record and its conditions hold. Runs are recorded with every step.'),
    flash,
    errors.el,
    status,
    results,
  );
  let items: Workflow[];
  try {
    items = (await api<{ items: Workflow[] }>('GET', '/workflows')).items;
  } catch (error) {
    status.textContent = '';
    return errors.show(problemOf(error));
  }

  const toggle = async (w: Workflow, btn: HTMLButtonElement) => {
    btn.disabled = true;
    try {
      const saved = await api<Workflow>('PUT', workflowPath(w.workflowId), updateBody(w, { enabled: !w.enabled }));
      items = items.map((i) => (i.workflowId === saved.workflowId ? saved : i));
      errors.clear();
      draw(`${saved.name} turned ${saved.enabled ? 'on' : 'off'}.`);
      root.querySelector<HTMLElement>(`[data-toggle="${CSS.escape(saved.workflowId)}"]`)?.focus();
    } catch (error) {
      btn.disabled = false;
      const problem = problemOf(error);
      errors.show(problem.status === 409 ? `${w.name} was changed by someone else; reload to see it.` : problem, problem.status === 409 ? button('Reload', () => void workflowsList(root), 'primary') : null);
    }
  };
  const remove = async (w: Workflow) => {
    if (!(await confirmDialog(`Delete the workflow ${w.name}? Its run history goes with it.`, 'Delete'))) return;
    try {
      await api('DELETE', workflowPath(w.workflowId));
      items = items.filter((i) => i.workflowId !== w.workflowId);
      errors.clear();
      draw(`${w.name} deleted.`);
    } catch (error) {
      errors.show(problemOf(error));
    }
  };

  function draw(message?: string) {
    status.textContent = message ?? (items.length ? `${items.length} workflow${items.length === 1 ? '' : 's'}.` : '');
    if (!items.length) return fill(results, h('p', { class: 'muted' }, 'No workflows yet. ', h('a', { href: href('/admin/workflows/new') }, 'Build the first one'), '.'));
    fill(
      results,
      table(
        'Workflows',
        [
          { label: 'Name', cell: (w: Workflow) => [h('a', { href: editHref(w.workflowId) }, w.name), w.description ? h('div', { class: 'muted small' }, w.description) : null] },
          { label: 'When', cell: (w) => [triggerSummary(w.trigger), h('div', { class: 'muted small' }, `${w.actions.length} action${w.actions.length === 1 ? '' : 's'}${w.conditions ? ', with conditions' : ''}`)] },
          {
            label: 'Enabled',
            cell: (w) =>
              h(
                'span',
                { class: 'actions' },
                h('span', { class: `badge${w.enabled ? ' badge-on' : ' badge-off'}` }, w.enabled ? 'On' : 'Off'),
                button(w.enabled ? 'Turn off' : 'Turn on', (e) => void toggle(w, e.currentTarget as HTMLButtonElement), 'secondary', { class: 'btn btn-secondary btn-small', 'aria-label': `${w.enabled ? 'Turn off' : 'Turn on'} ${w.name}`, 'data-toggle': w.workflowId }),
              ),
          },
          { label: 'Latest runs', cell: (w) => latestRuns(w) },
          {
            label: 'Actions',
            cell: (w) =>
              h(
                'span',
                { class: 'actions' },
                h('a', { class: 'btn btn-secondary btn-small', href: runsHref(w.workflowId), 'aria-label': `Run history of ${w.name}` }, 'Runs'),
                h('a', { class: 'btn btn-secondary btn-small', href: editHref(w.workflowId), 'aria-label': `Edit ${w.name}` }, 'Edit'),
                button('Delete', () => void remove(w), 'danger', { class: 'btn btn-danger btn-small', 'aria-label': `Delete ${w.name}` }),
              ),
          },
        ],
        items,
      ).el,
    );
  }
  draw();
}

/** The last three runs of a workflow, fetched on their own so the list shows at once. */
function latestRuns(w: Workflow): HTMLElement {
  const cell = h('span', { class: 'latest-runs muted small' }, '…');
  void api<Page<WorkflowRun>>('GET', `${workflowPath(w.workflowId)}/runs${queryString({ limit: 3 })}`).then(
    (page) =>
      fill(
        cell,
        page.items.length
          ? h('a', { href: runsHref(w.workflowId), 'aria-label': `Latest runs of ${w.name}: ${page.items.map((r) => RUN_STATUS_LABELS[r.status] ?? r.status).join(', ')}` }, page.items.map((r) => [statusBadge(r.status), ' ']))
          : 'No runs yet',
      ),
    () => fill(cell, '—'),
  );
  return cell;
}

/* ------------------------------------------------------------------ builder */

export async function workflowEditor(root: HTMLElement, id: string): Promise<void> {
  const isNew = id === 'new';
  const errors = banner();
  errors.el.tabIndex = -1;
  const title = isNew ? 'New workflow' : 'Edit workflow';
  fill(root, ...adminPage('workflows', title, []), h('p', { class: 'status', role: 'status' }, 'Loading…'));
  let data: BuilderData;
  let saved: Workflow | null;
  try {
    [data, saved] = await Promise.all([loadBuilderData(), isNew ? Promise.resolve(null) : api<Workflow>('GET', workflowPath(id))]);
  } catch (error) {
    fill(root, ...adminPage('workflows', title, []), errors.el);
    return errors.show(problemOf(error));
  }
  const draft: WorkflowDraft = saved ? workflowDraft(saved) : emptyDraft();
  const builder = new Builder(root, draft, data, saved, errors);
  builder.draw();
}

interface Sel {
  value: string;
  label: string;
}

class Builder {
  /** Copy values that inputs do not report by events (the user pickers) into the draft. */
  private syncers: (() => void)[] = [];
  private status = h('p', { class: 'status', role: 'status' });
  private saving = false;

  constructor(
    private root: HTMLElement,
    private draft: WorkflowDraft,
    private data: BuilderData,
    private saved: Workflow | null,
    private errors: ReturnType<typeof banner>,
  ) {}

  private sync() {
    for (const s of this.syncers) s();
  }

  private fields(type: WorkflowRecordType = this.draft.trigger.recordType): RecordField[] {
    return this.data.fields[type];
  }

  private kindOf = (field: string) => this.fields().find((f) => f.name === field)?.kind;
  private fieldLabel = (field: string) => this.fields().find((f) => f.name === field)?.label ?? labelOf(field);

  /** Draws the whole builder from the draft; focus returns to the input it was on (or `focusPath`). */
  draw(focusPath?: string) {
    const active = document.activeElement?.getAttribute('data-path') ?? undefined;
    this.syncers = [];
    const saved = this.saved;
    const heading = saved ? `Edit: ${saved.name}` : 'New workflow';
    fill(
      this.root,
      ...adminPage('workflows', heading, [saved ? linkButton('Run history', runsHref(saved.workflowId)) : null, linkButton('All workflows', href('/admin/workflows'))]),
      this.errors.el,
      h(
        'form',
        { class: 'workflow-builder', novalidate: true, 'aria-label': heading, onsubmit: (e: Event) => (e.preventDefault(), void this.save()) },
        this.aboutSection(),
        this.triggerSection(),
        this.conditionsSection(),
        this.actionsSection(),
        h(
          'div',
          { class: 'actions sticky-actions' },
          h('button', { type: 'submit', class: 'btn btn-primary' }, saved ? 'Save workflow' : 'Create workflow'),
          linkButton('Cancel', href('/admin/workflows')),
          saved ? button('Delete workflow', () => void this.remove(), 'danger') : null,
        ),
        this.status,
      ),
      saved ? h('p', { class: 'meta' }, `Version ${saved.version} · last changed ${formatDate(saved.updatedAt)} by `, personTag(saved.updatedBy)) : null,
    );
    const target = focusPath ?? active;
    if (target) this.root.querySelector<HTMLElement>(`[data-path="${CSS.escape(target)}"]`)?.focus();
  }

  private redraw = (focusPath?: string) => {
    this.sync();
    this.draw(focusPath);
  };

  /* -------------------------------------------------------------- inputs */

  private field(label: string, control: HTMLElement, hint?: string): HTMLElement {
    const id = control.id || uid('wf');
    control.id = id;
    const hintId = hint ? `${id}-hint` : undefined;
    if (hintId) control.setAttribute('aria-describedby', hintId);
    return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('p', { class: 'hint', id: hintId }, hint) : null);
  }

  private text(path: string, value: string, set: (v: string) => void, attrs: Record<string, unknown> = {}): HTMLInputElement {
    const input = h('input', { type: 'text', value, 'data-path': path, autocomplete: 'off', ...attrs });
    input.addEventListener('input', () => set(input.value));
    return input;
  }

  private select(path: string, options: Sel[], value: string, set: (v: string) => void, redraw = false): HTMLSelectElement {
    const known = options.some((o) => o.value === value);
    const all = known || value === '' ? options : [...options, { value, label: value }];
    const select = h('select', { 'data-path': path }, all.map((o) => h('option', { value: o.value, selected: o.value === value }, o.label)));
    select.addEventListener('change', () => {
      set(select.value);
      if (redraw) this.redraw(path);
    });
    return select;
  }

  private fieldOptions(fields: RecordField[], blank = 'Choose a field'): Sel[] {
    return [{ value: '', label: blank }, ...fields.map((f) => ({ value: f.name, label: f.label }))];
  }

  /** A list of suggestions (enum values, picklist options) for a value input. */
  private suggestions(input: HTMLInputElement, field: string): HTMLElement | null {
    const options = this.fields().find((f) => f.name === field)?.options;
    if (!options?.length) return null;
    const id = uid('values');
    input.setAttribute('list', id);
    return h('datalist', { id }, options.map((o) => h('option', { value: o })));
  }

  /** The record owner, or one user picked by name; `path` is where the API names its errors. */
  private person(visible: string, accessible: string, path: string, value: string, set: (v: string) => void): HTMLElement {
    const isOwner = value === 'owner';
    const mode = this.select(`${path}.mode`, [{ value: 'owner', label: 'The record’s owner' }, { value: 'user', label: 'A user…' }], isOwner ? 'owner' : 'user', (v) => set(v === 'owner' ? 'owner' : ''), true);
    mode.setAttribute('aria-label', accessible);
    let picker: Combo | null = null;
    if (!isOwner) {
      picker = userPicker({ name: path, label: `${accessible}: user`, hint: 'Type the start of the name, then pick from the list.', initialId: value || undefined });
      picker.control.setAttribute('data-path', path);
      const p = picker;
      this.syncers.push(() => set(p.selected()?.id ?? ''));
    }
    return h('div', { class: 'person-choice' }, this.field(visible, mode), picker?.wrap);
  }

  /* -------------------------------------------------------------- sections */

  private aboutSection(): HTMLElement {
    const d = this.draft;
    const enabled = h('input', { type: 'checkbox', checked: d.enabled, 'data-path': 'enabled', id: uid('wf') });
    enabled.addEventListener('change', () => (d.enabled = enabled.checked));
    return h(
      'fieldset',
      { class: 'card builder-section' },
      h('legend', null, 'Workflow'),
      h(
        'div',
        { class: 'builder-grid' },
        this.field('Name', this.text('name', d.name, (v) => (d.name = v), { maxlength: 120, required: true, 'aria-required': 'true' })),
        this.field('Description', this.text('description', d.description, (v) => (d.description = v), { maxlength: 1000 })),
        h('div', { class: 'field field-check' }, h('label', { class: 'check', for: enabled.id }, enabled, ' Enabled (runs when its trigger happens)')),
      ),
    );
  }

  private triggerSection(): HTMLElement {
    const t = this.draft.trigger;
    const fixed = FIXED_RECORD_TYPE[t.type];
    if (fixed) t.recordType = fixed;
    const type = this.select('trigger.type', TRIGGER_TYPES.map((v) => ({ value: v, label: TRIGGER_LABELS[v] })), t.type, (v) => (t.type = v as TriggerType), true);
    const recordType = this.select('trigger.recordType', WORKFLOW_RECORD_TYPES.map((v) => ({ value: v, label: RECORD_TYPE_LABELS[v] })), t.recordType, (v) => (t.recordType = v as WorkflowRecordType), true);
    if (fixed) recordType.disabled = true;
    const parts: Child[] = [this.field('When', type), this.field('Record type', recordType, fixed ? `Always ${RECORD_TYPE_LABELS[fixed].toLowerCase()}s for this trigger` : undefined)];

    if (t.type === 'fieldChanged') {
      parts.push(this.field('Field', this.select('trigger.field', this.fieldOptions(this.fields()), t.field, (v) => (t.field = v), true)));
      const to = this.text('trigger.to', t.to, (v) => (t.to = v));
      parts.push(this.field('Changed to', to, 'Leave empty for any change'), this.suggestions(to, t.field));
    }
    if (t.type === 'stageChanged') {
      const pipelines = this.data.pipelines?.pipelines ?? [];
      parts.push(this.field('Pipeline', this.select('trigger.pipelineId', [{ value: '', label: 'Any pipeline' }, ...pipelines.map((p) => ({ value: p.pipelineId, label: p.name }))], t.pipelineId, (v) => ((t.pipelineId = v), (t.to = '')), true)));
      const stages = pipelines.filter((p) => !t.pipelineId || p.pipelineId === t.pipelineId).flatMap((p) => p.stages.map((s) => ({ value: s.stageId, label: t.pipelineId ? s.name : `${s.name} (${p.name})` })));
      const unique = stages.filter((s, i) => stages.findIndex((o) => o.value === s.value) === i);
      parts.push(this.field('Moved to stage', this.select('trigger.to', [{ value: '', label: 'Any stage' }, ...unique], t.to, (v) => (t.to = v))));
    }
    if (t.type === 'dateReached') {
      const dates = dateFields(this.fields());
      parts.push(this.field('Date field', this.select('trigger.field', this.fieldOptions(dates, 'Choose a date field'), t.field, (v) => (t.field = v), true), dates.length ? undefined : 'This record type has no date fields.'));
      parts.push(
        h(
          'div',
          { class: 'inline-fields' },
          this.field('Days', this.text('trigger.offsetDays', t.days, (v) => (t.days = v), { inputmode: 'numeric', class: 'narrow' }), '0 is the day itself'),
          this.field('Before or after', this.select('trigger.direction', [{ value: 'before', label: 'before the date' }, { value: 'after', label: 'after the date' }], t.direction, (v) => (t.direction = v as 'before' | 'after'))),
          this.field('Repeat', this.select('trigger.every', [{ value: 'once', label: 'Once (that date only)' }, { value: 'year', label: 'Every year (birthdays, anniversaries)' }], t.every, (v) => (t.every = v as 'once' | 'year'))),
        ),
      );
    }
    const summary = h('p', { class: 'trigger-summary', 'aria-live': 'polite' });
    const update = () => {
      const preview = triggerBody(t, this.kindOf, []);
      summary.textContent = `${triggerSummary(preview, this.fieldLabel)}.`;
    };
    update();
    const section = h('fieldset', { class: 'card builder-section', 'data-path': 'trigger' }, h('legend', null, 'Trigger'), h('div', { class: 'builder-grid' }, parts), summary);
    section.addEventListener('input', update);
    section.addEventListener('change', update);
    return section;
  }

  private comparisonRow(c: ComparisonDraft, path: string, remove: () => void, n: string): HTMLElement {
    const field = this.select(`${path}.field`, this.fieldOptions(this.fields()), c.field, (v) => (c.field = v), true);
    field.setAttribute('aria-label', `Condition ${n}: field`);
    const op = this.select(`${path}.op`, COMPARISONS.map((o) => ({ value: o, label: OP_LABELS[o] })), c.op, (v) => (c.op = v as ComparisonOp), true);
    op.setAttribute('aria-label', `Condition ${n}: comparison`);
    const value = this.text(`${path}.value`, c.value, (v) => (c.value = v), { 'aria-label': `Condition ${n}: value`, placeholder: c.op === 'in' ? 'a, b, c' : 'value' });
    const list = valueless(c.op) ? null : this.suggestions(value, c.field);
    return h(
      'li',
      { class: 'condition-row' },
      field,
      op,
      valueless(c.op) ? null : h('span', { class: 'condition-value' }, value, list),
      button('Remove', () => (remove(), this.redraw('conditions.mode')), 'danger', { class: 'btn btn-danger btn-small', 'aria-label': `Remove condition ${n}` }),
    );
  }

  private group(g: GroupDraft, path: string, depth: number, label: string, removeGroup?: () => void): HTMLElement {
    const mode = this.select(`${path}.mode`, [{ value: 'all', label: 'All of these hold (AND)' }, { value: 'any', label: 'Any of these holds (OR)' }], g.mode, (v) => (g.mode = v as 'all' | 'any'), true);
    mode.setAttribute('aria-label', `${label}: match`);
    const items = g.items.map((item, i) => {
      const at = `${path}.${g.mode}.${i}`;
      const n = label === 'Conditions' ? `${i + 1}` : `${i + 1} in ${label.toLowerCase()}`;
      const drop = () => g.items.splice(i, 1);
      if (item.kind === 'comparison') return this.comparisonRow(item, at, drop, n);
      if (item.kind === 'raw')
        return h(
          'li',
          { class: 'condition-row', 'data-path': at },
          h('code', null, JSON.stringify(item.condition)),
          h('span', { class: 'muted small' }, ' (nested deeper than this page edits; kept as it is)'),
          button('Remove', () => (drop(), this.redraw('conditions.mode')), 'danger', { class: 'btn btn-danger btn-small', 'aria-label': `Remove condition ${n}` }),
        );
      return h('li', null, this.group(item, at, depth + 1, `Group ${i + 1}`, () => (drop(), this.redraw('conditions.mode'))));
    });
    const firstField = this.fields()[0]?.name ?? '';
    return h(
      'fieldset',
      { class: depth ? 'condition-group nested-group' : 'condition-group', 'data-path': depth ? path : 'conditions' },
      depth ? h('legend', null, label) : null,
      h('div', { class: 'actions' }, mode, removeGroup ? button('Remove group', removeGroup, 'danger', { class: 'btn btn-danger btn-small', 'aria-label': `Remove ${label.toLowerCase()}` }) : null),
      items.length ? h('ol', { class: 'conditions' }, items) : h('p', { class: 'muted small' }, depth ? 'An empty group cannot be saved: add a condition or remove it.' : 'No conditions: the workflow runs for every record the trigger fires on.'),
      h(
        'div',
        { class: 'actions' },
        button(depth ? `Add condition to ${label.toLowerCase()}` : 'Add condition', () => {
          g.items.push(emptyComparison(firstField));
          this.redraw(`${path}.${g.mode}.${g.items.length - 1}.field`);
        }),
        depth === 0
          ? button('Add group', () => {
              g.items.push({ kind: 'group', mode: g.mode === 'all' ? 'any' : 'all', items: [emptyComparison(firstField)] });
              this.redraw(`${path}.${g.mode}.${g.items.length - 1}.mode`);
            })
          : null,
      ),
    );
  }

  private conditionsSection(): HTMLElement {
    return h(
      'fieldset',
      { class: 'card builder-section' },
      h('legend', null, 'Conditions'),
      h('p', { class: 'hint' }, `Compared with the ${RECORD_TYPE_LABELS[this.draft.trigger.recordType].toLowerCase()} as it is when the trigger fires. A group inside mixes AND with OR.`),
      this.group(this.draft.conditions, 'conditions', 0, 'Conditions'),
    );
  }

  private actionInputs(a: ActionDraft, path: string, n: number): Child[] {
    const label = (what: string) => `Action ${n}: ${what}`;
    const field = (what: string, control: HTMLElement, hint?: string) => {
      control.setAttribute('aria-label', label(what));
      return this.field(what, control, hint);
    };
    switch (a.type) {
      case 'createTask':
        return [
          field('Subject', this.text(`${path}.subject`, a.subject, (v) => (a.subject = v), { maxlength: 200 }), a.templateId ? 'Leave empty to use the template’s' : undefined),
          field('Task template', this.select(`${path}.templateId`, [{ value: '', label: 'None' }, ...this.data.taskTemplates.map((t) => ({ value: t.templateId, label: t.name }))], a.templateId, (v) => (a.templateId = v), true), 'Its subject, due days and the task that follows'),
          field('Due in (days)', this.text(`${path}.dueInDays`, a.dueInDays, (v) => (a.dueInDays = v), { inputmode: 'numeric', class: 'narrow' })),
          this.person('Assign to', label('assign to'), `${path}.assignTo`, a.assignTo, (v) => (a.assignTo = v)),
        ];
      case 'sendEmail':
        return [
          field('Email template', this.select(`${path}.templateId`, [{ value: '', label: 'Choose a template' }, ...this.data.emailTemplates.map((t) => ({ value: t.templateId, label: t.name }))], a.templateId, (v) => (a.templateId = v)), this.data.emailTemplates.length ? undefined : 'No email templates yet: add one under Email templates.'),
          field('Send to', this.select(`${path}.to`, [{ value: 'record', label: 'The record (its email)' }, { value: 'owner', label: 'The record’s owner' }], a.to, (v) => (a.to = v as 'record' | 'owner'))),
        ];
      case 'updateField': {
        const value = this.text(`${path}.value`, a.value, (v) => (a.value = v));
        return [field('Field', this.select(`${path}.field`, this.fieldOptions(this.fields()), a.field, (v) => (a.field = v), true)), field('New value', value, 'Leave empty to clear the field'), this.suggestions(value, a.field)];
      }
      case 'assignOwner': {
        const mode = field('Assign to', this.select(`${path}.assignMode`, [{ value: 'user', label: 'A user' }, { value: 'group', label: 'Round-robin in a group' }], a.assignMode, (v) => (a.assignMode = v as 'user' | 'group'), true));
        if (a.assignMode === 'group') {
          const control = this.data.groups.length
            ? this.select(`${path}.groupId`, [{ value: '', label: 'Choose a group' }, ...this.data.groups.map((g) => ({ value: g.id, label: g.name }))], a.groupId, (v) => (a.groupId = v))
            : this.text(`${path}.groupId`, a.groupId, (v) => (a.groupId = v.trim()), { maxlength: 63 });
          return [mode, field('Group', control, 'The record goes to its active members in turn')];
        }
        const picker = userPicker({ name: `${path}.userId`, label: label('user'), hint: 'Type the start of the name, then pick from the list.', initialId: a.userId && a.userId !== 'owner' ? a.userId : undefined });
        picker.control.setAttribute('data-path', `${path}.userId`);
        this.syncers.push(() => (a.userId = picker.selected()?.id ?? ''));
        return [mode, picker.wrap];
      }
      case 'addTag':
      case 'removeTag':
        return [field('Tag', this.text(`${path}.tag`, a.tag, (v) => (a.tag = v), { maxlength: 40 }))];
      case 'notify': {
        const message = h('textarea', { 'data-path': `${path}.message`, rows: 2, maxlength: 500 }, a.message);
        message.addEventListener('input', () => (a.message = message.value));
        return [this.person('Who', label('who'), `${path}.userId`, a.userId, (v) => (a.userId = v)), field('Message', message, 'Shown in their notifications with a link to the record')];
      }
      case 'wait': {
        const mode = field('Wait', this.select(`${path}.waitMode`, [{ value: 'for', label: 'For a time' }, { value: 'until', label: 'Until a time or a date' }], a.waitMode, (v) => (a.waitMode = v as 'for' | 'until'), true));
        if (a.waitMode === 'until') {
          const until = this.text(`${path}.until`, a.until, (v) => (a.until = v));
          const listId = uid('dates');
          until.setAttribute('list', listId);
          return [mode, field('Until', until, 'A date field of the record (pick one), or a time such as 2026-06-01T09:00:00Z'), h('datalist', { id: listId }, dateFields(this.fields()).map((f) => h('option', { value: f.name }, f.label)))];
        }
        return [
          mode,
          field('Amount', this.text(`${path}.amount`, a.amount, (v) => (a.amount = v), { inputmode: 'numeric', class: 'narrow' })),
          field('Unit', this.select(`${path}.unit`, [{ value: 'minutes', label: 'minutes' }, { value: 'hours', label: 'hours' }, { value: 'days', label: 'days' }], a.unit, (v) => (a.unit = v as WaitUnit))),
        ];
      }
      case 'webhook':
        return [field('URL', this.text(`${path}.url`, a.url, (v) => (a.url = v), { type: 'url', maxlength: 2000, placeholder: 'https://' }), 'The record and the event are POSTed to it as JSON')];
      case 'startWorkflow': {
        const others = this.data.workflows.filter((w) => w.workflowId !== this.saved?.workflowId);
        return [field('Workflow', this.select(`${path}.workflowId`, [{ value: '', label: 'Choose a workflow' }, ...others.map((w) => ({ value: w.workflowId, label: w.name }))], a.workflowId, (v) => (a.workflowId = v)), 'It runs on the same record')];
      }
    }
  }

  private actionsSection(): HTMLElement {
    const actions = this.draft.actions;
    const move = (i: number, by: number) => {
      this.sync();
      const [item] = actions.splice(i, 1);
      actions.splice(i + by, 0, item!);
      this.draw(`actions.${i + by}.type`);
    };
    const items = actions.map((a, i) => {
      const path = `actions.${i}`;
      const n = i + 1;
      const legendId = uid('action');
      const type = this.select(`${path}.type`, ACTION_TYPES.map((t) => ({ value: t, label: ACTION_LABELS[t] })), a.type, (v) => actions.splice(i, 1, { ...emptyAction(v as ActionType) }), true);
      type.setAttribute('aria-label', `Action ${n}: type`);
      return h(
        'li',
        { class: 'action-item' },
        h(
          'fieldset',
          { class: 'action-card', 'data-path': path, 'aria-labelledby': legendId },
          h('legend', { id: legendId }, `Action ${n}: ${ACTION_LABELS[a.type]}`),
          h('div', { class: 'builder-grid' }, this.field('Type', type), this.actionInputs(a, path, n)),
          h(
            'div',
            { class: 'actions' },
            i > 0 ? button('Move up', () => move(i, -1), 'secondary', { class: 'btn btn-secondary btn-small', 'aria-label': `Move action ${n} up` }) : null,
            i < actions.length - 1 ? button('Move down', () => move(i, 1), 'secondary', { class: 'btn btn-secondary btn-small', 'aria-label': `Move action ${n} down` }) : null,
            button('Remove', () => (this.sync(), actions.splice(i, 1), this.draw(actions.length ? `actions.${Math.max(0, i - 1)}.type` : 'newAction')), 'danger', { class: 'btn btn-danger btn-small', 'aria-label': `Remove action ${n}` }),
          ),
        ),
      );
    });
    const newType = h('select', { 'aria-label': 'Type of the new action', 'data-path': 'newAction' }, ACTION_TYPES.map((t) => h('option', { value: t }, ACTION_LABELS[t])));
    return h(
      'fieldset',
      { class: 'card builder-section', 'data-path': 'actions' },
      h('legend', null, 'Actions, in order'),
      items.length ? h('ol', { class: 'action-list' }, items) : h('p', { class: 'muted small' }, 'A workflow needs at least one action.'),
      h(
        'div',
        { class: 'actions' },
        newType,
        button('Add action', () => {
          this.sync();
          actions.push(emptyAction(newType.value as ActionType));
          this.draw(`actions.${actions.length - 1}.type`);
        }),
      ),
    );
  }

  /* -------------------------------------------------------------- saving */

  /** Marks each error's input (or what holds it) and lists them all in the banner. */
  private showErrors(list: DraftError[], intro: string) {
    showBuilderErrors(this.root, this.errors, list, intro, { targets: errorTargets, label: pathLabel, idPrefix: 'wf-error', place: (target, message) => target.insertAdjacentElement('afterend', message) });
  }

  private clearErrors() {
    clearBuilderErrors(this.root, this.errors);
  }

  private async save() {
    if (this.saving) return;
    this.sync();
    const { body, errors } = workflowBody(this.draft, this.kindOf);
    if (!body.name) errors.unshift({ path: 'name', detail: 'is required' });
    if (!body.actions.length) errors.push({ path: 'actions', detail: 'needs at least one action' });
    if (errors.length) return this.showErrors(errors, 'Nothing was saved. Please correct the highlighted inputs:');
    this.saving = true;
    this.status.textContent = 'Saving…';
    try {
      const saved = this.saved
        ? await api<Workflow>('PUT', workflowPath(this.saved.workflowId), { ...body, version: this.saved.version })
        : await api<Workflow>('POST', '/workflows', body);
      setFlash(`${saved.name} ${this.saved ? 'saved' : 'created'}.`);
      location.hash = href('/admin/workflows');
    } catch (error) {
      this.status.textContent = '';
      const problem = problemOf(error);
      if (problem.status === 409) {
        this.clearErrors();
        this.errors.show(`Someone else changed this workflow after you opened it. Nothing was saved.`, button('Reload the latest version', () => void workflowEditor(this.root, this.saved!.workflowId), 'primary'));
        this.errors.el.focus();
      } else if (problem.errors?.length) {
        this.showErrors(
          problem.errors.map((e) => ({ path: errorPath(e), detail: e.detail })),
          `Nothing was saved. ${problem.detail ?? problem.title}:`,
        );
      } else {
        this.clearErrors();
        this.errors.show(problem);
        this.errors.el.focus();
      }
    } finally {
      this.saving = false;
    }
  }

  private async remove() {
    const saved = this.saved!;
    if (!(await confirmDialog(`Delete the workflow ${saved.name}? Its run history goes with it.`, 'Delete'))) return;
    try {
      await api('DELETE', workflowPath(saved.workflowId));
      setFlash(`${saved.name} deleted.`);
      location.hash = href('/admin/workflows');
    } catch (error) {
      this.errors.show(problemOf(error));
      this.errors.el.focus();
    }
  }
}

/* ------------------------------------------------------------------ run history */

const json = (value: unknown): Child => (value === undefined ? h('span', { class: 'muted' }, '—') : h('pre', { class: 'json' }, JSON.stringify(value, null, 2)));

function runItem(run: WorkflowRun, names: (a: { type: string }) => string): HTMLElement {
  const failedStep = run.steps.find((s) => s.status === 'failed');
  return h(
    'li',
    { class: `run run-item-${run.status}` },
    h(
      'details',
      null,
      h(
        'summary',
        null,
        statusBadge(run.status),
        ' ',
        h('time', { datetime: run.startedAt }, formatDate(run.startedAt)),
        ` · ${run.trigger.detailType} · ${run.steps.length} step${run.steps.length === 1 ? '' : 's'}`,
        run.error || failedStep ? h('span', { class: 'run-error' }, ` · ${run.error ?? failedStep?.error ?? 'failed'}`) : null,
      ),
      h(
        'dl',
        { class: 'details run-facts' },
        h('div', null, h('dt', null, 'Record'), h('dd', null, recordLink(run.recordType, run.recordId, `${run.recordType} ${run.recordId}`))),
        h('div', null, h('dt', null, 'Started'), h('dd', null, formatDate(run.startedAt))),
        h('div', null, h('dt', null, 'Finished'), h('dd', null, run.finishedAt ? formatDate(run.finishedAt) : h('span', { class: 'muted' }, '—'))),
        run.chain.length > 1 ? h('div', null, h('dt', null, 'Started by workflows'), h('dd', null, run.chain.join(' › '))) : null,
      ),
      run.error ? h('p', { class: 'field-error' }, run.error) : null,
      run.steps.length
        ? table(
            `Steps of the run started ${formatDate(run.startedAt)}`,
            [
              { label: '#', cell: (s: WorkflowRun['steps'][number]) => String(s.index + 1) },
              { label: 'Step', cell: (s) => names(s) },
              { label: 'Status', cell: (s) => statusBadge(s.status) },
              { label: 'Attempts', cell: (s) => String(s.attempts) },
              { label: 'Input', cell: (s) => json(s.input) },
              { label: 'Output', cell: (s) => json(s.output) },
              { label: 'Error', cell: (s) => (s.error ? h('span', { class: 'field-error' }, s.error) : '') },
            ],
            run.steps,
          ).el
        : h('p', { class: 'muted' }, 'No steps ran (the conditions did not hold, or it has not started).'),
    ),
  );
}

export async function workflowRuns(root: HTMLElement, id: string): Promise<void> {
  const errors = banner();
  const status = h('p', { class: 'status', role: 'status' }, 'Loading runs…');
  const list = h('ol', { class: 'runs', 'aria-label': 'Runs, newest first' });
  let cursor: string | null = null;
  let shown = 0;
  const more = button('Load more runs', () => void load(cursor), 'secondary', { hidden: true });
  const refresh = button('Refresh', () => void load(null));
  fill(root, ...adminPage('workflows', 'Run history', [refresh, linkButton('All workflows', href('/admin/workflows'))]), errors.el, status, list, h('p', null, more));

  let workflow: Workflow | null = null;
  try {
    workflow = await api<Workflow>('GET', workflowPath(id));
    const heading = root.querySelector('h1');
    if (heading) heading.textContent = `Runs of ${workflow.name}`;
    root.querySelector('.page-header')?.insertAdjacentElement('afterend', h('p', { class: 'muted' }, `${triggerSummary(workflow.trigger)}. `, h('a', { href: editHref(id) }, 'Edit the workflow')));
  } catch (error) {
    status.textContent = '';
    return errors.show(problemOf(error));
  }
  const stepName = (s: { type: string; index?: number }) => {
    const action = s.index !== undefined ? workflow?.actions[s.index] : undefined;
    return action && action.type === s.type ? actionSummary(action) : (ACTION_LABELS[s.type as ActionType] ?? s.type);
  };

  async function load(from: string | null) {
    more.disabled = true;
    refresh.disabled = true;
    list.setAttribute('aria-busy', 'true');
    try {
      const page = await api<Page<WorkflowRun>>('GET', `${workflowPath(id)}/runs${queryString({ limit: 20, cursor: from })}`);
      errors.clear();
      if (!from) {
        list.replaceChildren();
        shown = 0;
      }
      for (const run of page.items) list.appendChild(runItem(run, stepName));
      shown += page.items.length;
      cursor = page.cursor;
      more.hidden = !cursor;
      status.textContent = shown ? `${shown} run${shown === 1 ? '' : 's'}, newest first${cursor ? '; more available' : ''}.` : 'No runs yet.';
    } catch (error) {
      status.textContent = '';
      errors.show(problemOf(error));
    } finally {
      more.disabled = false;
      refresh.disabled = false;
      list.removeAttribute('aria-busy');
    }
  }
  await load(null);
}
