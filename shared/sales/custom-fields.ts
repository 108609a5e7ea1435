/**
 * Admin-defined custom fields on leads, contacts, accounts and opportunities: the field
 * definitions, the schema that checks and normalises a record's `custom` values against
 * them, the values that must stay unique, and their CSV columns.
 */
import type { CountryCode } from 'libphonenumber-js';
import * as z from 'zod';
import { normalisePhone } from './duplicates';

export const CUSTOM_FIELD_TYPES = [
  'text', 'number', 'money', 'date', 'picklist', 'multi-picklist', 'checkbox', 'url', 'email', 'phone',
] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];
export const CUSTOM_FIELD_ENTITIES = ['lead', 'contact', 'account', 'opportunity'] as const;
export type CustomFieldEntity = (typeof CUSTOM_FIELD_ENTITIES)[number];

/** Types whose values can be compared as text, so the caller can claim them as unique. */
const UNIQUE_TYPES: ReadonlySet<CustomFieldType> = new Set(['text', 'email', 'phone', 'url', 'number']);
const PICKLIST_TYPES: ReadonlySet<CustomFieldType> = new Set(['picklist', 'multi-picklist']);
const DEFAULT_TEXT_MAX = 1000;
/** The platform stores a custom text value of at most 10,000 characters. */
const TEXT_MAX_LIMIT = 10_000;
/**
 * Keys like "constructor" are inherited by every object: `record[key]` would read them
 * even when the field was never set.
 */
const RESERVED_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

const currencies = new Set(Intl.supportedValuesOf('currency'));
export const CurrencyCode = z
  .string({ error: 'must be a currency code' })
  .trim()
  .toUpperCase()
  .refine((code) => currencies.has(code), 'is not an ISO 4217 currency code');

export interface Money {
  amount: number;
  currency: string;
}
export type CustomValue = string | number | boolean | string[] | Money;
export type CustomValues = Record<string, CustomValue>;
/** On PATCH, null clears a field. */
export type CustomValuesPatch = Record<string, CustomValue | null>;

/** Any value some field type could hold; the definition's own type is checked in its superRefine. */
const AnyCustomValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.string()),
  z.strictObject({ amount: z.number(), currency: z.string() }),
]);

export const CustomFieldDefinition = z
  .strictObject({
    key: z
      .string()
      .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, 'must start with a letter and hold at most 64 letters, digits and _')
      .refine((key) => !RESERVED_KEYS.has(key), 'is a reserved name'),
    label: z.string().trim().min(1, 'is required').max(100),
    type: z.enum(CUSTOM_FIELD_TYPES),
    required: z.boolean().optional(),
    unique: z.boolean().optional(),
    default: AnyCustomValue.optional(),
    options: z.array(z.string().trim().min(1, 'is required').max(200)).max(500).optional(),
    maxLength: z.number().int().min(1).max(TEXT_MAX_LIMIT).optional(),
    currency: CurrencyCode.optional(),
  })
  .superRefine((def, ctx) => {
    const problem = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (def.unique && !UNIQUE_TYPES.has(def.type)) problem(['unique'], 'is only allowed for text, email, phone, url and number fields');
    if (PICKLIST_TYPES.has(def.type)) {
      if (!def.options || def.options.length === 0) problem(['options'], 'is required for picklist fields');
      const seen = new Set<string>();
      def.options?.forEach((option, index) => {
        // Values are matched case-insensitively, so "EMEA" and "emea" would be one option.
        if (seen.has(option.toLowerCase())) problem(['options', index], 'is used twice');
        seen.add(option.toLowerCase());
      });
    } else if (def.options !== undefined) problem(['options'], 'is only allowed for picklist fields');
    if (def.maxLength !== undefined && def.type !== 'text') problem(['maxLength'], 'is only allowed for text fields');
    if (def.currency !== undefined && def.type !== 'money') problem(['currency'], 'is only allowed for money fields');
    if (def.default === undefined) return;
    // Every new record would get the same value, so the second one could never be saved.
    if (def.unique) return problem(['default'], 'is not allowed on a unique field');
    const parsed = valueSchema(def).safeParse(def.default);
    for (const issue of parsed.error?.issues ?? []) problem(['default', ...issue.path], issue.message);
  });
export type CustomFieldDefinition = z.infer<typeof CustomFieldDefinition>;

const definitionsOf = (entity: CustomFieldEntity) =>
  z
    .array(CustomFieldDefinition)
    .max(100)
    .default([])
    .superRefine((defs, ctx) => {
      const seen = new Set<string>();
      defs.forEach((def, index) => {
        // Keys differing only in case would be confusing columns in an export.
        const key = def.key.toLowerCase();
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [index, 'key'], message: `is used twice on ${entity}` });
        seen.add(key);
      });
    });

export const CustomFieldSettings = z.strictObject({
  lead: definitionsOf('lead'),
  contact: definitionsOf('contact'),
  account: definitionsOf('account'),
  opportunity: definitionsOf('opportunity'),
});
export type CustomFieldSettings = z.infer<typeof CustomFieldSettings>;

export interface CustomValueOptions {
  /** Country that national phone numbers are read in. */
  defaultCountry?: CountryCode;
}

/** The check and normalisation of one present value of a field. */
export function valueSchema(def: CustomFieldDefinition, options: CustomValueOptions = {}): z.ZodType<CustomValue> {
  switch (def.type) {
    case 'text': {
      const max = def.maxLength ?? DEFAULT_TEXT_MAX;
      return z.string({ error: 'must be text' }).trim().max(max, `must be at most ${max} characters`);
    }
    case 'number':
      // zod 4 refuses NaN and ±Infinity for z.number().
      return z.number({ error: 'must be a number' });
    case 'money':
      return moneySchema(def.currency);
    case 'date':
      // z.iso.date() knows month lengths and leap years: 2025-02-30 is refused.
      return z.iso.date('must be a date (YYYY-MM-DD)');
    case 'picklist':
      return z.string({ error: 'must be text' }).transform((value, ctx) => {
        const option = matchOption(def, value);
        if (option === undefined) ctx.addIssue({ code: 'custom', message: mustBeOneOf(def) });
        return option ?? z.NEVER;
      });
    case 'multi-picklist':
      return multiPicklistSchema(def);
    case 'checkbox':
      return z.boolean({ error: 'must be true or false' });
    case 'url':
      return z
        .string({ error: 'must be text' })
        .trim()
        .max(2000, 'must be at most 2000 characters')
        .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }));
    case 'email':
      return z
        .string({ error: 'must be text' })
        .trim()
        .max(254, 'must be at most 254 characters')
        .pipe(z.email('must be an email address'))
        .transform((email) => email.toLowerCase());
    case 'phone':
      return z
        .string({ error: 'must be text' })
        .max(40, 'must be at most 40 characters')
        .transform((phone, ctx) => {
          const e164 = normalisePhone(phone, options.defaultCountry);
          if (e164 === undefined) ctx.addIssue({ code: 'custom', message: 'must be a phone number' });
          return e164 ?? z.NEVER;
        });
  }
}

function moneySchema(fixedCurrency: string | undefined): z.ZodType<Money> {
  return z
    .strictObject(
      {
        // Bounds first: .int() would report an unsafe integer as "not a number".
        amount: z
          .number({ error: 'must be a number' })
          .min(0, 'must not be negative')
          .max(Number.MAX_SAFE_INTEGER, 'is too large')
          .refine(Number.isInteger, 'must be a whole number of minor units (cents)'),
        // A field with a fixed currency does not make every caller repeat it.
        currency: fixedCurrency === undefined ? CurrencyCode : CurrencyCode.optional(),
      },
      { error: 'must be an amount and a currency' },
    )
    .transform((money, ctx) => {
      const currency = money.currency ?? fixedCurrency!;
      if (fixedCurrency !== undefined && currency !== fixedCurrency) {
        ctx.addIssue({ code: 'custom', path: ['currency'], message: `must be ${fixedCurrency}` });
      }
      return { amount: money.amount, currency };
    });
}

function multiPicklistSchema(def: CustomFieldDefinition): z.ZodType<string[]> {
  return z.array(z.string({ error: 'must be text' }), { error: 'must be a list of options' }).transform((values, ctx) => {
    const chosen: string[] = [];
    values.forEach((value, index) => {
      const option = matchOption(def, value);
      if (option === undefined) ctx.addIssue({ code: 'custom', path: [index], message: mustBeOneOf(def) });
      else if (chosen.includes(option)) ctx.addIssue({ code: 'custom', path: [index], message: 'is chosen twice' });
      else chosen.push(option);
    });
    return chosen;
  });
}

/** Options match case-insensitively and come back as the admin spelled them. */
function matchOption(def: CustomFieldDefinition, value: string): string | undefined {
  const wanted = value.trim().toLowerCase();
  return def.options?.find((option) => option.toLowerCase() === wanted);
}

function mustBeOneOf(def: CustomFieldDefinition): string {
  const options = def.options ?? [];
  const shown = options.slice(0, 10).join(', ');
  return `must be one of: ${shown}${options.length > 10 ? ', …' : ''}`;
}

/** Forms send "" (or no choices) for a field left empty; it means "no value", like a missing one. */
const isBlank = (value: unknown) =>
  value === undefined ||
  value === null ||
  (typeof value === 'string' && value.trim() === '') ||
  (Array.isArray(value) && value.length === 0);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The schema of a record's `custom` object. Problems are reported at the field's key, so
 * within a record schema they come out as ['custom', 'budgetCode'].
 * create: blank values are left out, defaults fill missing fields, required fields must end up set.
 * patch: missing fields stay as they are; null, "" or [] clears a field unless it is required.
 */
export function customValuesSchema(definitions: CustomFieldDefinition[], mode: 'create', options?: CustomValueOptions): z.ZodType<CustomValues, unknown>;
export function customValuesSchema(definitions: CustomFieldDefinition[], mode: 'patch', options?: CustomValueOptions): z.ZodType<CustomValuesPatch, unknown>;
export function customValuesSchema(
  definitions: CustomFieldDefinition[],
  mode: 'create' | 'patch',
  options: CustomValueOptions = {},
): z.ZodType<CustomValuesPatch, unknown> {
  const fields = new Map(definitions.map((def) => [def.key, { def, schema: valueSchema(def, options) }]));
  const defaults = new Map(
    definitions.filter((def) => def.default !== undefined).map((def) => [def.key, valueSchema(def, options).parse(def.default)]),
  );
  return z.unknown().transform((input, ctx) => {
    const problem = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (!isPlainObject(input)) {
      problem([], 'must be an object of custom field values');
      return z.NEVER;
    }
    const output: CustomValuesPatch = {};
    // Object.keys sees every own key, "__proto__" from JSON included, so none slips past.
    for (const key of Object.keys(input)) if (!fields.has(key)) problem([key], 'is not a custom field');
    for (const [key, { def, schema }] of fields) {
      const raw = Object.hasOwn(input, key) ? input[key] : undefined;
      if (isBlank(raw)) {
        const fallback = mode === 'create' ? defaults.get(key) : undefined;
        if (fallback !== undefined) output[key] = structuredClone(fallback);
        else if (def.required && (mode === 'create' || raw !== undefined)) problem([key], 'is required');
        else if (mode === 'patch' && raw !== undefined) output[key] = null;
        continue;
      }
      const parsed = schema.safeParse(raw);
      if (parsed.success) output[key] = parsed.data;
      else for (const issue of parsed.error.issues) problem([key, ...issue.path], issue.message);
    }
    return output;
  });
}

/**
 * The values of fields marked unique, as the text the caller claims uniqueness with.
 * `custom` must be the output of customValuesSchema, so values are already normalised.
 */
export function uniqueCustomValues(
  definitions: CustomFieldDefinition[],
  custom: CustomValuesPatch,
): { key: string; value: string }[] {
  const claims: { key: string; value: string }[] = [];
  for (const def of definitions) {
    if (!def.unique || !Object.hasOwn(custom, def.key)) continue;
    const value = custom[def.key];
    if (value === null || value === undefined) continue;
    claims.push({ key: def.key, value: uniqueText(def, value) });
  }
  return claims;
}

function uniqueText(def: CustomFieldDefinition, value: CustomValue): string {
  switch (def.type) {
    // "ABC-1" and "abc-1" read as one code to people, so text is unique case-insensitively.
    case 'text':
      return String(value).normalize('NFC').toLowerCase();
    case 'url':
      // URL parsing lower-cases the host and settles the path, so spellings of one address agree.
      return URL.canParse(String(value)) ? new URL(String(value)).href : String(value);
    case 'number':
      // -0 and 0 are one number.
      return String(Number(value) + 0);
    default:
      return String(value);
  }
}

export function exportColumns(definitions: CustomFieldDefinition[]): { key: string; label: string }[] {
  return definitions.map((def) => ({ key: `custom.${def.key}`, label: def.label }));
}

/**
 * One CSV cell, in a form that imports back: money as "1234.50 EUR", lists joined by
 * "; ", checkboxes as true/false. Guarding against spreadsheet formulas is left to the
 * CSV writer, which does it for every column.
 */
export function formatForCsv(def: CustomFieldDefinition, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (def.type === 'money' && isPlainObject(value) && typeof value.amount === 'number' && typeof value.currency === 'string') {
    return `${formatMinorUnits(value.amount, value.currency)} ${value.currency}`;
  }
  if (Array.isArray(value)) return value.map(String).join('; ');
  if (isPlainObject(value)) return JSON.stringify(value);
  return String(value);
}

/** Integer arithmetic, so large amounts print exactly: 123456 JPY stays 123456, 123450 EUR is 1234.50. */
function formatMinorUnits(amount: number, currency: string): string {
  const digits = currencies.has(currency)
    ? (new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2)
    : 2;
  const sign = amount < 0 ? '-' : '';
  const minor = String(Math.abs(Math.trunc(amount))).padStart(digits + 1, '0');
  if (digits === 0) return `${sign}${minor}`;
  return `${sign}${minor.slice(0, -digits)}.${minor.slice(-digits)}`;
}
