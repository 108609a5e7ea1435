/**
 * Form fields whose values are not plain text: money (major units typed, minor units
 * sent), numbers, dates and times, checkboxes, tags. Each is a components.ts Field with
 * `read()` giving the typed value for the request body and `check()` a problem found
 * before sending (an amount that is not one).
 */
import { fieldWrap, selectField, textField, type Field } from './components';
import { h, uid } from './dom';
import { defaultCurrency, isCurrency, parseMoney, toInputText, type Money } from './money';
import type { Entry } from './record-body';
import { splitList } from './record-body';

export type TypedField = Field & {
  /** The value for the request body; undefined for none. Default: the trimmed text. */
  read?(): unknown;
  /** A message when the typed text cannot be sent as it is. */
  check?(): string | null;
};

export const readField = (field: TypedField): unknown => (field.read ? field.read() : field.value().trim());
export const entriesOf = (fields: TypedField[]): Entry[] => fields.map((f) => [f.name, readField(f)]);
/** Fields a create may send: on the form (field security may leave some out) and not read-only. */
export const sendable = (f: TypedField): boolean => f.wrap.isConnected && !f.control.disabled;

/** The problems typed fields find before any request (by field name), or null. */
export function checkFields(fields: TypedField[]): Map<string, string[]> | null {
  const problems = new Map<string, string[]>();
  for (const f of fields) {
    if (f.control.disabled) continue;
    const message = f.check?.();
    if (message) problems.set(f.name, [message]);
  }
  return problems.size ? problems : null;
}

let currencyList: HTMLDataListElement | null = null;
/** One <datalist> of every ISO 4217 code, shared by all currency inputs. */
function currencyDatalist(): string {
  if (!currencyList || !currencyList.isConnected) {
    let codes: string[];
    try {
      codes = Intl.supportedValuesOf('currency');
    } catch {
      codes = ['EUR', 'USD', 'GBP', 'JPY', 'CHF'];
    }
    currencyList = h('datalist', { id: 'currency-codes' }, codes.map((c) => h('option', { value: c })));
    document.body.appendChild(currencyList);
  }
  return currencyList.id;
}

export function currencyField(spec: { name: string; label?: string; required?: boolean }, initial?: string): TypedField {
  const field: TypedField = textField({ name: spec.name, label: spec.label ?? 'Currency', required: spec.required, maxlength: 3, hint: 'ISO code, e.g. EUR, USD, JPY' }, initial ?? defaultCurrency());
  field.control.setAttribute('list', currencyDatalist());
  field.control.setAttribute('autocapitalize', 'characters');
  field.control.classList.add('currency');
  field.read = () => field.value().trim().toUpperCase() || undefined;
  field.check = () => {
    const code = field.value().trim().toUpperCase();
    return code && !isCurrency(code) ? 'must be an ISO 4217 currency code such as EUR' : null;
  };
  return field;
}

/**
 * An amount in major units; its currency comes from `currency()` (another field, or a
 * fixed code), which also decides how many decimals are allowed.
 */
export function amountField(spec: { name: string; label: string; required?: boolean; hint?: string }, currency: () => string, initial?: number): TypedField {
  const field: TypedField = textField(
    { name: spec.name, label: spec.label, required: spec.required, hint: spec.hint ?? 'In the currency’s main unit, e.g. 1234.50' },
    initial === undefined ? '' : toInputText(initial, currency() || 'EUR'),
  );
  field.control.setAttribute('inputmode', 'decimal');
  const parsed = () => parseMoney(field.value(), currency() || 'EUR');
  field.read = () => {
    if (!field.value().trim()) return undefined;
    const result = parsed();
    return result.ok ? result.amount : undefined;
  };
  field.check = () => {
    if (!field.value().trim()) return null;
    const result = parsed();
    return result.ok ? null : result.error;
  };
  return field;
}

/** Amount + currency as two fields (`annualRevenue` + `currency` on a lead, `amount` + `currency` on a deal). */
export function moneyFields(spec: { amountName: string; currencyName: string; label: string; required?: boolean }, initial?: Partial<Money>): [TypedField, TypedField] {
  const currency = currencyField({ name: spec.currencyName, required: spec.required }, initial?.currency);
  const amount = amountField({ name: spec.amountName, label: spec.label, required: spec.required }, () => currency.value().trim().toUpperCase(), initial?.amount);
  // The currency goes with an amount; with none it is not sent (nor kept) on its own.
  currency.read = () => (amount.value().trim() ? currency.value().trim().toUpperCase() || undefined : undefined);
  return [amount, currency];
}

/** A money value held as one object ({amount, currency}), as custom money fields are. */
export function moneyObjectField(spec: { name: string; label: string; required?: boolean; hint?: string }, fixedCurrency: string | undefined, initial?: Money): TypedField {
  const id = uid(`f-${spec.name}`);
  const amount = h('input', { id, type: 'text', inputmode: 'decimal', value: initial ? toInputText(initial.amount, initial.currency) : '', 'aria-required': spec.required ? 'true' : undefined });
  const currency = fixedCurrency
    ? null
    : h('input', { type: 'text', maxlength: 3, class: 'currency', list: currencyDatalist(), value: initial?.currency ?? defaultCurrency(), 'aria-label': `${spec.label}: currency` });
  const code = () => (fixedCurrency ?? currency?.value.trim().toUpperCase() ?? '') || 'EUR';
  const field: TypedField = fieldWrap(spec.name, id, spec.label, amount, () => amount.value, spec.required, spec.hint ?? `Amount in ${fixedCurrency ?? 'the currency'}, e.g. 1234.50`, `${id}-hint`);
  const row = h('div', { class: 'money-row' });
  field.wrap.replaceChild(row, amount);
  row.append(amount, currency ?? h('span', { class: 'muted' }, fixedCurrency));
  amount.setAttribute('aria-describedby', `${id}-hint`);
  field.read = () => {
    if (!amount.value.trim()) return undefined;
    const result = parseMoney(amount.value, code());
    return result.ok ? { amount: result.amount, currency: code() } : undefined;
  };
  field.check = () => {
    if (!amount.value.trim()) return null;
    if (currency && !isCurrency(code())) return 'needs an ISO 4217 currency code such as EUR';
    const result = parseMoney(amount.value, code());
    return result.ok ? null : result.error;
  };
  return field;
}

export function numberField(spec: { name: string; label: string; required?: boolean; hint?: string; min?: number; max?: number; step?: string; integer?: boolean }, initial?: number): TypedField {
  const field: TypedField = textField({ name: spec.name, label: spec.label, required: spec.required, hint: spec.hint }, initial === undefined || initial === null ? '' : String(initial));
  field.control.setAttribute('inputmode', spec.integer ? 'numeric' : 'decimal');
  const value = () => Number(field.value().trim());
  field.read = () => (field.value().trim() === '' || !Number.isFinite(value()) ? undefined : value());
  field.check = () => {
    const text = field.value().trim();
    if (!text) return null;
    if (!/^-?\d+(\.\d+)?$/.test(text) || !Number.isFinite(value())) return spec.integer ? 'must be a whole number' : 'must be a number';
    if (spec.integer && !Number.isInteger(value())) return 'must be a whole number';
    if (spec.min !== undefined && value() < spec.min) return `must be at least ${spec.min}`;
    if (spec.max !== undefined && value() > spec.max) return `must be at most ${spec.max}`;
    return null;
  };
  return field;
}

export function dateField(spec: { name: string; label: string; required?: boolean; hint?: string }, initial?: string): TypedField {
  const field: TypedField = textField({ name: spec.name, label: spec.label, type: 'date', required: spec.required, hint: spec.hint }, initial ?? '');
  field.read = () => field.value() || undefined;
  return field;
}

/** A local date and time as the input shows it ("2026-05-04T09:30"). */
export function localDateTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A local date and time, sent as an ISO time with its zone (UTC). */
export function dateTimeField(spec: { name: string; label: string; required?: boolean; hint?: string }, initial?: string): TypedField {
  const field: TypedField = textField({ name: spec.name, label: spec.label, type: 'datetime-local', required: spec.required, hint: spec.hint }, localDateTime(initial));
  field.read = () => {
    const text = field.value();
    if (!text) return undefined;
    const d = new Date(text);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  };
  field.check = () => (field.value() && Number.isNaN(new Date(field.value()).getTime()) ? 'must be a date and time' : null);
  return field;
}

export function checkboxField(spec: { name: string; label: string; hint?: string }, checked: boolean): TypedField {
  const id = uid(`f-${spec.name}`);
  const hintId = spec.hint ? `${id}-hint` : undefined;
  const box = h('input', { id, type: 'checkbox', name: spec.name, checked, 'aria-describedby': hintId });
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const wrap = h('div', { class: 'field field-check' }, h('label', { class: 'check', for: id }, box, ` ${spec.label}`), spec.hint ? h('p', { class: 'hint', id: hintId }, spec.hint) : null, error);
  return { name: spec.name, label: spec.label, control: box, wrap, error, value: () => (box.checked ? 'true' : ''), read: () => box.checked };
}

export function tagsField(initial: readonly string[] | undefined): TypedField {
  const field: TypedField = textField({ name: 'tags', label: 'Tags', maxlength: 900, hint: 'Separate tags with commas, e.g. enterprise, emea' }, (initial ?? []).join(', '));
  field.read = () => splitList(field.value()).map((t) => t.toLowerCase());
  field.check = () => (splitList(field.value()).length > 20 ? 'may hold at most 20 tags' : null);
  return field;
}

/** A select whose value() is the option value; an empty first option when not required. */
export function choiceField(spec: { name: string; label: string; required?: boolean; hint?: string }, options: { value: string; label: string }[], initial = ''): TypedField {
  const field: TypedField = selectField(spec, spec.required ? options : [{ value: '', label: '—' }, ...options], initial);
  field.read = () => field.value() || undefined;
  return field;
}

