/** Custom fields: per record type, the fields administrators add to leads, contacts, accounts and deals. */
import { button, confirmDialog, form, selectField, table, textareaField, textField, type Field, type FormHandle } from '../../components';
import { CUSTOM_FIELD_ENTITIES, CUSTOM_FIELD_TYPES, defaultText, TYPE_NAMES, type CustomFieldDefinition, type CustomFieldEntity, type CustomFieldSettings, type CustomFieldType } from '../../custom-fields';
import { h } from '../../dom';
import { checkboxField, currencyField, numberField, type TypedField } from '../../inputs';
import { isCurrency, parseMoney } from '../../money';
import { splitList } from '../../record-body';
import { href } from '../../router';
import { api } from '../../api';
import { setCustomFields } from '../../sales-data';
import type { SettingsDocument } from '../records';
import type { Problem } from '../../problem';
import { documentPage, settingsErrorPath, type DocumentContext } from './document-page';

const ENTITY_LABELS: Record<CustomFieldEntity, string> = { lead: 'Leads', contact: 'Contacts', account: 'Accounts', opportunity: 'Opportunities' };
const UNIQUE_TYPES: CustomFieldType[] = ['text', 'email', 'phone', 'url', 'number'];
const KEY = /^[a-zA-Z][a-zA-Z0-9_]{0,63}$/;

/** "Budget code (EMEA)" → "budgetCodeEmea". */
export function keyFromLabel(label: string): string {
  const words = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  const key = words.map((w, i) => (i ? w[0]!.toUpperCase() + w.slice(1).toLowerCase() : w.toLowerCase())).join('');
  return (/^[a-z]/.test(key) ? key : `f${key}`).slice(0, 64);
}

/** The default as the definition stores it, from the text the admin typed; an error message when it cannot be. */
export function parseDefault(type: CustomFieldType, text: string, currency: string | undefined): { value?: unknown; error?: string } {
  const t = text.trim();
  if (!t) return {};
  switch (type) {
    case 'number':
      return Number.isFinite(Number(t)) ? { value: Number(t) } : { error: 'must be a number' };
    case 'checkbox':
      if (/^(yes|true|on|1)$/i.test(t)) return { value: true };
      if (/^(no|false|off|0)$/i.test(t)) return { value: false };
      return { error: 'must be yes or no' };
    case 'multi-picklist':
      return { value: splitList(t) };
    case 'money': {
      if (!currency) return { error: 'needs the field’s currency set' };
      const parsed = parseMoney(t, currency);
      return parsed.ok ? { value: { amount: parsed.amount, currency } } : { error: parsed.error };
    }
    default:
      return { value: t };
  }
}

export function customFieldsView(root: HTMLElement, query: URLSearchParams): Promise<void> {
  const entity = (CUSTOM_FIELD_ENTITIES as readonly string[]).includes(query.get('type') ?? '') ? (query.get('type') as CustomFieldEntity) : 'lead';
  let editing: number | null = null;
  return documentPage<CustomFieldSettings>(root, {
    page: 'custom-fields',
    title: 'Custom fields',
    what: 'the custom fields',
    intro: 'Fields your organisation adds to its records. They show on each record and in its form, are checked like built-in fields, and can be hidden or made read-only per profile (custom.<key> in Profiles).',
    load: async () => {
      const doc = await api<SettingsDocument<CustomFieldSettings>>('GET', '/custom-fields');
      setCustomFields(doc);
      return doc;
    },
    putPath: '/admin/custom-fields',
    onSaved: setCustomFields,
    pathLabel: (path, settings) => {
      const [type, index, ...rest] = path;
      const def = settings[type as CustomFieldEntity]?.[Number(index)];
      return [ENTITY_LABELS[type as CustomFieldEntity] ?? type, def ? def.label : index !== undefined ? `field ${Number(index) + 1}` : undefined, ...rest].filter(Boolean).join(' › ');
    },
    render: (ctx) => {
      const defs = ctx.doc.settings[entity] ?? [];
      const change = (next: CustomFieldDefinition[], done: string) => ctx.save({ ...ctx.doc.settings, [entity]: next }, done);
      const moveBy = (i: number, by: number) => {
        const next = [...defs];
        const [item] = next.splice(i, 1);
        next.splice(i + by, 0, item!);
        editing = null;
        void change(next, `${item!.label} moved.`);
      };
      return [
        h(
          'nav',
          { class: 'tabs', 'aria-label': 'Record type' },
          h('ul', null, CUSTOM_FIELD_ENTITIES.map((e) => h('li', null, h('a', { href: href('/admin/custom-fields', { type: e }), 'aria-current': e === entity ? 'page' : undefined }, `${ENTITY_LABELS[e]} (${ctx.doc.settings[e]?.length ?? 0})`)))),
        ),
        defs.length
          ? table(
              `${ENTITY_LABELS[entity]}: custom fields`,
              [
                { label: 'Label', cell: (d: CustomFieldDefinition) => d.label },
                { label: 'Key', cell: (d) => h('code', null, d.key) },
                { label: 'Type', cell: (d) => [TYPE_NAMES[d.type] ?? d.type, d.currency ? ` (${d.currency})` : '', d.options?.length ? h('div', { class: 'muted small' }, d.options.join(', ')) : null] },
                { label: 'Rules', cell: (d) => [d.required ? 'required' : null, d.unique ? 'unique' : null, d.maxLength ? `max ${d.maxLength}` : null, d.default !== undefined ? `default ${defaultText(d)}` : null].filter(Boolean).join(', ') || '—' },
                {
                  label: 'Actions',
                  cell: (d) => {
                    const i = defs.indexOf(d);
                    return h(
                      'span',
                      { class: 'actions' },
                      button('Edit', () => ((editing = i), ctx.redraw()), 'secondary', { 'aria-label': `Edit ${d.label}` }),
                      i > 0 ? button('Up', () => moveBy(i, -1), 'secondary', { 'aria-label': `Move ${d.label} up` }) : null,
                      i < defs.length - 1 ? button('Down', () => moveBy(i, 1), 'secondary', { 'aria-label': `Move ${d.label} down` }) : null,
                      button(
                        'Remove',
                        async () => {
                          if (!(await confirmDialog(`Remove the field ${d.label} from ${ENTITY_LABELS[entity].toLowerCase()}? Its values are no longer shown or checked.`, 'Remove'))) return;
                          editing = null;
                          await change(defs.filter((_, j) => j !== i), `${d.label} removed.`);
                        },
                        'danger',
                        { 'aria-label': `Remove ${d.label}` },
                      ),
                    );
                  },
                },
              ],
              defs,
            ).el
          : h('p', { class: 'muted' }, `No custom fields on ${ENTITY_LABELS[entity].toLowerCase()} yet.`),
        editor(ctx, entity, editing, () => ((editing = null), ctx.redraw()), () => (editing = null)),
      ];
    },
  });
}

/** `leave`: the page shows the add form again when it is next drawn (after a successful save). */
function editor(ctx: DocumentContext<CustomFieldSettings>, entity: CustomFieldEntity, editing: number | null, done: () => void, leave: () => void): HTMLElement {
  const defs = ctx.doc.settings[entity] ?? [];
  const current = editing === null ? undefined : defs[editing];
  const title = current ? `Edit ${current.label}` : `Add a field to ${ENTITY_LABELS[entity].toLowerCase()}`;
  const label: TypedField = textField({ name: 'label', label: 'Label', required: true, maxlength: 100 }, current?.label ?? '');
  const key: TypedField = textField({ name: 'key', label: 'Key', required: true, maxlength: 64, hint: 'Letters, digits and _; the name in the API, exports and field access (custom.<key>). Cannot be changed later.' }, current?.key ?? '');
  if (current) key.control.disabled = true;
  let keyEdited = !!current;
  label.control.addEventListener('input', () => {
    if (!keyEdited) (key.control as HTMLInputElement).value = keyFromLabel(label.value());
  });
  key.control.addEventListener('input', () => (keyEdited = true));
  const type: TypedField = selectField({ name: 'type', label: 'Type' }, CUSTOM_FIELD_TYPES.map((t) => ({ value: t, label: TYPE_NAMES[t] })), current?.type ?? 'text');
  const required = checkboxField({ name: 'required', label: 'Required' }, !!current?.required);
  const unique = checkboxField({ name: 'unique', label: 'Unique', hint: 'No two records may have the same value' }, !!current?.unique);
  const options: TypedField = textareaField({ name: 'options', label: 'Options', rows: 4, hint: 'One per line' }, (current?.options ?? []).join('\n'));
  const maxLength = numberField({ name: 'maxLength', label: 'Maximum length', integer: true, min: 1, max: 10_000 }, current?.maxLength);
  const currency = currencyField({ name: 'currency', label: 'Currency', required: false }, current?.currency ?? '');
  currency.wrap.querySelector('.hint')!.textContent = 'Leave empty to let each value have its own currency';
  const defaultValue: TypedField = textField({ name: 'default', label: 'Default', hint: 'Filled in on new records; for a checkbox yes or no, for several options separate them with commas' }, current ? defaultText(current) : '');
  const fields: Field[] = [label, key, type, required, unique, options, maxLength, currency, defaultValue];

  const sync = () => {
    const t = type.value() as CustomFieldType;
    unique.wrap.hidden = !UNIQUE_TYPES.includes(t);
    options.wrap.hidden = t !== 'picklist' && t !== 'multi-picklist';
    maxLength.wrap.hidden = t !== 'text';
    currency.wrap.hidden = t !== 'money';
  };
  type.control.addEventListener('change', sync);
  sync();

  const read = (): { def?: CustomFieldDefinition; problems: Map<string, string[]> } => {
    const problems = new Map<string, string[]>();
    const t = type.value() as CustomFieldType;
    const k = key.value().trim();
    if (!label.value().trim()) problems.set('label', ['is required']);
    if (!KEY.test(k)) problems.set('key', ['must start with a letter and hold only letters, digits and _']);
    else if (defs.some((d, i) => i !== editing && d.key.toLowerCase() === k.toLowerCase())) problems.set('key', ['is used by another field']);
    const opts = options.wrap.hidden ? [] : options.value().split('\n').map((o) => o.trim()).filter(Boolean);
    if (!options.wrap.hidden && !opts.length) problems.set('options', ['needs at least one option']);
    const lengthProblem = maxLength.wrap.hidden ? null : maxLength.check?.();
    if (lengthProblem) problems.set('maxLength', [lengthProblem]);
    const code = currency.wrap.hidden ? '' : currency.value().trim().toUpperCase();
    if (code && !isCurrency(code)) problems.set('currency', ['must be an ISO 4217 currency code such as EUR']);
    const parsedDefault = parseDefault(t, defaultValue.value(), code || undefined);
    if (parsedDefault.error) problems.set('default', [parsedDefault.error]);
    if (problems.size) return { problems };
    const def: CustomFieldDefinition = { key: k, label: label.value().trim(), type: t };
    if ((required.control as HTMLInputElement).checked) def.required = true;
    if (!unique.wrap.hidden && (unique.control as HTMLInputElement).checked) def.unique = true;
    if (opts.length) def.options = opts;
    const max = maxLength.wrap.hidden ? undefined : maxLength.read?.();
    if (typeof max === 'number') def.maxLength = max;
    if (code) def.currency = code;
    if (parsedDefault.value !== undefined) def.default = parsedDefault.value;
    return { def, problems };
  };

  const handle: FormHandle = form(fields, {
    label: title,
    submitLabel: current ? 'Save field' : 'Add field',
    onCancel: current ? done : undefined,
    validate: () => {
      const { problems } = read();
      return problems.size ? problems : null;
    },
    onSubmit: async (f) => {
      const { def } = read();
      if (!def) return;
      const next = [...defs];
      if (editing === null) next.push(def);
      else next[editing] = def;
      const index = editing ?? next.length - 1;
      leave();
      const problem = await ctx.save({ ...ctx.doc.settings, [entity]: next }, current ? `${def.label} saved.` : `${def.label} added.`);
      if (problem && showOnForm(f, problem, entity, index)) ctx.errors.clear();
    },
  });
  return h('section', { class: 'card', 'aria-labelledby': 'cf-edit-h' }, h('h2', { id: 'cf-edit-h' }, title), handle.el);
}

/** Errors about the field being edited (lead.3.options) go next to its inputs as well. */
function showOnForm(f: FormHandle, problem: Problem, entity: string, index: number): boolean {
  if (problem.status === 409 || !problem.errors?.length) return false;
  const mine = problem.errors
    .map((e) => ({ ...e, path: settingsErrorPath(e.name, e.pointer).split('.') }))
    .filter((e) => e.path[0] === entity && e.path[1] === String(index))
    .map((e) => ({ name: e.path[2] ?? 'label', pointer: '', detail: e.detail }));
  if (mine.length !== problem.errors.length) return false;
  f.showProblem({ ...problem, errors: mine });
  return true;
}
