/**
 * A submission checked against its form: a zod schema built from the form's own fields,
 * one problem per bad field (named by the field's key), unknown keys refused, hidden
 * fields taking the form's value whatever the browser sent. Values stay text: nothing here
 * or after renders them as HTML.
 */
import * as z from 'zod';
import type { FieldError } from '../platform/errors';
import type { Form, FormField } from './schemas';

/** Keys the page adds besides the fields (the CAPTCHA's answer as `_captcha`, or in the field its provider's own widget adds to the form). */
export const META_KEYS = [
  '_token',
  '_captcha',
  'cf-turnstile-response',
  'h-captcha-response',
  'g-recaptcha-response',
  '_lang',
  '_referrer',
  '_landing',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
] as const;
export const HONEYPOT = 'hp_website';

// C0 controls other than tab and newlines, and DEL: no place in a form value (matching them is the point).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** Every C0 control and DEL, for values that must be one clean line. */
// eslint-disable-next-line no-control-regex
export const ALL_CONTROLS = /[\u0000-\u001F\u007F]/g;
const LINE_BREAK = /[\r\n]/;

const text = (max: number, multiline: boolean) =>
  z
    .string({ error: 'must be text' })
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !CONTROL.test(v), 'must not hold control characters')
    .refine((v) => multiline || !LINE_BREAK.test(v), 'must be one line')
    .transform((v) => v.trim());

const ticked = z
  .union([z.boolean(), z.enum(['on', 'true', '1', 'yes', 'false', '0', ''])], { error: 'must be ticked or not' })
  .transform((v) => v === true || v === 'on' || v === 'true' || v === '1' || v === 'yes');

function fieldSchema(field: FormField): z.ZodType<unknown> {
  const options = field.options?.map((o) => o.value) ?? [];
  switch (field.type) {
    case 'text':
      return text(field.maxLength ?? 500, false).refine((v) => !field.pattern || new RegExp(field.pattern, 'u').test(v), 'is not in the expected format');
    case 'textarea':
      return text(field.maxLength ?? 5000, true);
    case 'email':
      return text(Math.min(field.maxLength ?? 254, 254), false).pipe(z.email('must be an email address'));
    case 'phone':
      return text(40, false).refine((v) => /^\+?[0-9 ().-]{3,}$/.test(v), 'must be a phone number');
    case 'url':
      return text(field.maxLength ?? 2000, false).pipe(z.url({ protocol: /^https?$/, error: 'must be a web address (http or https)' }));
    case 'date':
      return text(10, false).pipe(z.iso.date('must be a date (YYYY-MM-DD)'));
    case 'number':
      return z
        .union([z.number(), text(40, false)])
        .transform((v) => (typeof v === 'number' ? v : Number(v)))
        .pipe(
          z
            .number({ error: 'must be a number' })
            .refine(Number.isFinite, 'must be a number')
            .refine((v) => field.min === undefined || v >= field.min, `must be at least ${field.min}`)
            .refine((v) => field.max === undefined || v <= field.max, `must be at most ${field.max}`),
        );
    case 'select':
      return z.string({ error: 'must be one of the choices' }).refine((v) => options.includes(v), 'must be one of the choices');
    case 'multiselect':
      return z
        .union([z.string(), z.array(z.string()).max(options.length)], { error: 'must be some of the choices' })
        .transform((v) => (Array.isArray(v) ? v : [v]))
        .refine((v) => v.every((choice) => options.includes(choice)), 'must be some of the choices');
    case 'checkbox':
    case 'consent':
      return ticked;
    case 'hidden':
      return z.unknown();
  }
}

const isBlank = (value: unknown) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

export interface CheckedSubmission {
  values: Record<string, string | string[] | boolean>;
  consent: { field: string; text: string; given: boolean }[];
}

/** The submission's field values, or the problems with them. `body` is the flat object the page sent. */
export function checkSubmission(form: Pick<Form, 'fields' | 'languages'>, body: Record<string, unknown>, language: string): { ok: true; value: CheckedSubmission } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const values: CheckedSubmission['values'] = {};
  const consent: CheckedSubmission['consent'] = [];
  const known = new Set<string>([...form.fields.map((f) => f.key), ...META_KEYS, HONEYPOT]);
  for (const key of Object.keys(body)) if (!known.has(key)) errors.push({ name: key, detail: 'is not a field of this form' });
  for (const field of form.fields) {
    if (field.type === 'hidden') {
      values[field.key] = field.value ?? '';
      continue;
    }
    const raw = body[field.key];
    const checkbox = field.type === 'checkbox' || field.type === 'consent';
    if (isBlank(raw) && !checkbox) {
      if (field.required) errors.push({ name: field.key, detail: 'is required' });
      continue;
    }
    const parsed = fieldSchema(field).safeParse(raw ?? false);
    if (!parsed.success) {
      errors.push({ name: field.key, detail: parsed.error.issues[0]?.message ?? 'is not valid' });
      continue;
    }
    const value = parsed.data as string | string[] | boolean | number;
    if (checkbox && field.required && value !== true) {
      errors.push({ name: field.key, detail: field.type === 'consent' ? 'must be agreed to' : 'must be ticked' });
      continue;
    }
    if (value === '' && field.required) {
      errors.push({ name: field.key, detail: 'is required' });
      continue;
    }
    values[field.key] = typeof value === 'number' ? String(value) : value;
    if (field.type === 'consent') {
      const texts = field.consentText ?? {};
      consent.push({ field: field.key, text: texts[language] ?? texts[form.languages[0]!] ?? Object.values(texts)[0] ?? '', given: value === true });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: { values, consent } };
}
