/**
 * Admin-defined custom fields (GET /custom-fields): how each type is shown on a record
 * and edited in its form. Form fields are named `custom.<key>`, the name the API gives
 * their errors, so problems land next to them.
 */
import { checkboxGroup, row, selectField, textField } from './components';
import { h, type Child } from './dom';
import { checkboxField, dateField, moneyObjectField, numberField, type TypedField } from './inputs';
import { formatMoney, type Money } from './money';
import { safeHttpUrl } from './values';

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'money', 'date', 'picklist', 'multi-picklist', 'checkbox', 'url', 'email', 'phone'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];
export const CUSTOM_FIELD_ENTITIES = ['lead', 'contact', 'account', 'opportunity'] as const;
export type CustomFieldEntity = (typeof CUSTOM_FIELD_ENTITIES)[number];

export interface CustomFieldDefinition {
  key: string;
  label: string;
  type: CustomFieldType;
  required?: boolean;
  unique?: boolean;
  default?: unknown;
  options?: string[];
  maxLength?: number;
  currency?: string;
}
export type CustomFieldSettings = Record<CustomFieldEntity, CustomFieldDefinition[]>;

export const TYPE_NAMES: Record<CustomFieldType, string> = {
  text: 'Text',
  number: 'Number',
  money: 'Money',
  date: 'Date',
  picklist: 'Picklist',
  'multi-picklist': 'Multi-select picklist',
  checkbox: 'Checkbox',
  url: 'Web address',
  email: 'Email',
  phone: 'Phone',
};

const isMoney = (v: unknown): v is Money => !!v && typeof v === 'object' && typeof (v as Money).amount === 'number' && typeof (v as Money).currency === 'string';

/** A custom value as text ('' for none). */
export function customText(def: CustomFieldDefinition, value: unknown, locale?: string): string {
  if (value === undefined || value === null || value === '') return '';
  switch (def.type) {
    case 'money':
      return isMoney(value) ? formatMoney(value.amount, value.currency, locale) : String(value);
    case 'number':
      return typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : String(value);
    case 'checkbox':
      return value === true ? 'Yes' : value === false ? 'No' : String(value);
    case 'date': {
      const d = new Date(`${String(value)}T00:00:00`);
      return Number.isNaN(d.getTime()) ? String(value) : d.toLocaleDateString(locale, { dateStyle: 'medium' });
    }
    case 'multi-picklist':
      return Array.isArray(value) ? value.join(', ') : String(value);
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

function customCell(def: CustomFieldDefinition, value: unknown): Child {
  const text = customText(def, value);
  if (!text) return null;
  if (def.type === 'url') {
    const url = safeHttpUrl(String(value));
    return url ? h('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, text) : text;
  }
  if (def.type === 'email') return h('a', { href: `mailto:${encodeURIComponent(String(value)).replace(/%40/g, '@')}` }, text);
  return text;
}

/** The custom values of a record as <dl> rows, in the admin's order; fields field security hides are not there. */
export function customSection(defs: CustomFieldDefinition[], custom: Record<string, unknown> | undefined, visible: (field: string) => boolean): HTMLElement | null {
  const shown = defs.filter((d) => visible(`custom.${d.key}`));
  if (!shown.length) return null;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'custom-h' },
    h('h2', { id: 'custom-h' }, 'Custom fields'),
    h('dl', { class: 'details' }, shown.map((d) => row(d.label, customCell(d, custom?.[d.key])))),
  );
}

/** One form field for a definition, filled with the record's value (a new record: the default). */
export function customField(def: CustomFieldDefinition, value: unknown): TypedField {
  const spec = { name: `custom.${def.key}`, label: def.label, required: def.required };
  switch (def.type) {
    case 'number':
      return numberField(spec, typeof value === 'number' ? value : undefined);
    case 'money':
      return moneyObjectField(spec, def.currency, isMoney(value) ? value : undefined);
    case 'date':
      return dateField(spec, typeof value === 'string' ? value : undefined);
    case 'checkbox':
      return checkboxField(spec, value === true);
    case 'picklist': {
      const field: TypedField = selectField(spec, [{ value: '', label: '—' }, ...(def.options ?? []).map((o) => ({ value: o, label: o }))], typeof value === 'string' ? value : '');
      field.read = () => field.value() || undefined;
      return field;
    }
    case 'multi-picklist': {
      const group = checkboxGroup(spec, (def.options ?? []).map((o) => ({ value: o, label: o })), Array.isArray(value) ? (value as string[]) : []);
      const field: TypedField = group;
      field.read = () => group.checked();
      return field;
    }
    default: {
      const type = def.type === 'email' ? 'email' : def.type === 'url' ? 'url' : def.type === 'phone' ? 'tel' : 'text';
      const field: TypedField = textField({ ...spec, type, maxlength: def.type === 'text' ? (def.maxLength ?? 1000) : undefined }, value === undefined || value === null ? '' : String(value));
      field.read = () => field.value().trim() || undefined;
      return field;
    }
  }
}

/** The form fields of a record's custom values; a new record starts with the defaults. */
export function customFields(defs: CustomFieldDefinition[], custom: Record<string, unknown> | undefined, isNew: boolean): TypedField[] {
  return defs.map((d) => customField(d, isNew ? (custom?.[d.key] ?? d.default) : custom?.[d.key]));
}

/** A definition's default as the text the admin types ('' for none). */
export function defaultText(def: Pick<CustomFieldDefinition, 'type' | 'default'>): string {
  const value = def.default;
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (isMoney(value)) return formatMoney(value.amount, value.currency);
  return String(value);
}

/** History labels of the custom fields (custom.budgetCode → "Budget code"). */
export const customLabels = (defs: CustomFieldDefinition[]): Record<string, string> => Object.fromEntries(defs.map((d) => [`custom.${d.key}`, d.label]));
