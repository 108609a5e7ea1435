/**
 * Web forms in the UI, without the DOM: the API's shapes (see shared/forms/schemas.ts),
 * the builder's editable draft and how it turns into the request body and back, the lead
 * fields a form may fill (from the OpenAPI document), which builder input an API error
 * path belongs to, and the rates the stats panel shows.
 */

export type Localized = Record<string, string>;

export const FORM_FIELD_TYPES = ['text', 'textarea', 'email', 'phone', 'number', 'url', 'date', 'select', 'multiselect', 'checkbox', 'consent', 'hidden'] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];
export const FIELD_TYPE_LABELS: Record<FormFieldType, string> = {
  text: 'Text',
  textarea: 'Long text',
  email: 'Email',
  phone: 'Phone',
  number: 'Number',
  url: 'Web address',
  date: 'Date',
  select: 'List (one choice)',
  multiselect: 'List (several choices)',
  checkbox: 'Checkbox',
  consent: 'Consent checkbox',
  hidden: 'Hidden value',
};

export const FORM_TEMPLATES = ['contact-us', 'demo-request', 'newsletter', 'support'] as const;
export type FormTemplateName = (typeof FORM_TEMPLATES)[number];
export const TEMPLATE_LABELS: Record<FormTemplateName, string> = { 'contact-us': 'Contact us', 'demo-request': 'Request a demo', newsletter: 'Newsletter', support: 'Support request' };

export const CAPTCHA_PROVIDERS = ['turnstile', 'hcaptcha', 'recaptcha'] as const;
export type CaptchaProvider = (typeof CAPTCHA_PROVIDERS)[number];
export const CAPTCHA_LABELS: Record<CaptchaProvider, string> = { turnstile: 'Cloudflare Turnstile', hcaptcha: 'hCaptcha', recaptcha: 'Google reCAPTCHA' };

export const SUBMISSION_STATUSES = ['received', 'lead', 'duplicate', 'spam', 'failed'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
export const SUBMISSION_STATUS_LABELS: Record<SubmissionStatus, string> = { received: 'Received', lead: 'Lead', duplicate: 'Duplicate', spam: 'Spam', failed: 'Failed' };

export interface FormField {
  key: string;
  type: FormFieldType;
  label: Localized;
  help?: Localized;
  required: boolean;
  maxLength?: number;
  min?: number;
  max?: number;
  pattern?: string;
  options?: { value: string; label: Localized }[];
  mapsTo?: string;
  value?: string;
  consentText?: Localized;
}

export type FormOwner = { userId: string } | { groupId: string };
export type ThankYou = { message: Localized } | { redirectUrl: string };

export interface FormInput {
  name: string;
  status: 'active' | 'disabled';
  target?: 'lead';
  languages: string[];
  fields: FormField[];
  submitLabel: Localized;
  thankYou: ThankYou;
  allowedOrigins: string[];
  autoresponderTemplateId?: string;
  owner?: FormOwner;
  leadSource: string;
  tags: string[];
  minFillSeconds: number;
  captcha?: { provider: CaptchaProvider; siteKey: string };
}

export interface Form extends FormInput {
  formId: string;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface FormStats {
  views: number;
  submissions: number;
  spam: number;
  leads: number;
  duplicates: number;
  failed: number;
  convertedLeads: number;
  wonDeals: number;
}

export interface FormEmbed {
  hostedUrl: string;
  scriptTag: string;
  htmlForm: string;
  snippetUrl: string;
}

export interface Tracking {
  utmSource?: string;
  utmMedium?: string;
  utmCampaign?: string;
  utmTerm?: string;
  utmContent?: string;
  referrer?: string;
  landingPage?: string;
}

export interface Submission {
  submissionId: string;
  formId: string;
  status: SubmissionStatus;
  values: Record<string, string | string[] | boolean>;
  consent?: { field: string; text: string; given: boolean }[];
  tracking?: Tracking;
  language?: string;
  spamReason?: string;
  leadId?: string;
  contactId?: string;
  error?: string;
  attempts: number;
  receivedAt: string;
  processedAt?: string;
}

/* ------------------------------------------------------------------ what applies to a field type */

/** Which settings each field type takes (as shared/forms/validation.ts reads them). */
export const takesMaxLength = (type: FormFieldType) => type === 'text' || type === 'textarea' || type === 'email' || type === 'url';
export const takesRange = (type: FormFieldType) => type === 'number';
export const takesPattern = (type: FormFieldType) => type === 'text';
export const takesOptions = (type: FormFieldType) => type === 'select' || type === 'multiselect';
export const takesRequired = (type: FormFieldType) => type !== 'hidden';
export const takesMapping = (type: FormFieldType) => type !== 'consent';

/** A language tag as the API takes it: en, de, pt-BR. */
export const LANGUAGE_TAG = /^[a-z]{2}(-[A-Z]{2})?$/;

/* ------------------------------------------------------------------ lead fields a form may fill */

export interface MappingTarget {
  /** what mapsTo holds: `email`, `custom.budget` */
  name: string;
  label: string;
}

/** Lead fields a form may not fill (shared/forms/forms.ts): who owns it, what it became, its score. */
const NOT_MAPPABLE = new Set(['ownerId', 'status', 'tags', 'custom', 'qualification', 'formId', 'tracking']);
/** Fields only a saved lead has (when the document has Lead but not LeadCreate). */
const RECORD_ONLY = new Set(['leadId', 'version', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'score', 'rating', 'mql', 'scoreReasons', 'lastActivityAt', 'convertedAt', 'conversion']);
/** LeadCreate's fields, for when the OpenAPI document cannot be read. */
export const FALLBACK_LEAD_FIELDS = ['firstName', 'lastName', 'company', 'title', 'email', 'phone', 'website', 'industry', 'country', 'annualRevenue', 'currency', 'source', 'campaign', 'notes'];

type JsonObject = Record<string, unknown>;
const asObject = (v: unknown): JsonObject | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined);

/** "annualRevenue" → "Annual revenue". */
export function labelOf(name: string): string {
  const words = name.replace(/^custom\./, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The lead fields a form field may fill: LeadCreate's properties in the API's own
 * description (GET /openapi.json), less those a form may not set, sorted by label; then
 * the custom lead fields.
 */
export function mappingTargets(openapi: unknown, custom: readonly { key: string; label: string }[] = []): MappingTarget[] {
  const schemas = asObject(asObject(asObject(openapi)?.components)?.schemas) ?? {};
  const properties = asObject(asObject(schemas.LeadCreate)?.properties) ?? asObject(asObject(schemas.Lead)?.properties);
  const names = properties ? Object.keys(properties) : FALLBACK_LEAD_FIELDS;
  const builtIn = names
    .filter((name) => !NOT_MAPPABLE.has(name) && !RECORD_ONLY.has(name) && /^[a-zA-Z][a-zA-Z0-9_]{0,63}$/.test(name))
    .map((name) => ({ name, label: labelOf(name) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return [...builtIn, ...custom.map((d) => ({ name: `custom.${d.key}`, label: `${d.label} (custom)` }))];
}

/* ------------------------------------------------------------------ the builder's draft */

export interface OptionDraft {
  value: string;
  label: Localized;
}

/** A field as the builder edits it: numbers as typed, every setting kept while the type changes. */
export interface FieldDraft {
  key: string;
  type: FormFieldType;
  label: Localized;
  help: Localized;
  required: boolean;
  maxLength: string;
  min: string;
  max: string;
  pattern: string;
  options: OptionDraft[];
  mapsTo: string;
  value: string;
  consentText: Localized;
}

export interface FormDraft {
  name: string;
  status: 'active' | 'disabled';
  languages: string[];
  fields: FieldDraft[];
  submitLabel: Localized;
  thankYouMode: 'message' | 'redirect';
  thankYouMessage: Localized;
  redirectUrl: string;
  allowedOrigins: string[];
  autoresponderTemplateId: string;
  ownerMode: 'user' | 'group';
  ownerUserId: string;
  ownerGroupId: string;
  leadSource: string;
  tags: string;
  minFillSeconds: string;
  captchaProvider: '' | CaptchaProvider;
  captchaSiteKey: string;
}

export function emptyField(type: FormFieldType = 'text', key = ''): FieldDraft {
  return { key, type, label: {}, help: {}, required: false, maxLength: '', min: '', max: '', pattern: '', options: [], mapsTo: '', value: '', consentText: {} };
}

/** A blank form: one required email field that fills the lead's email (the API insists on one). */
export function emptyFormDraft(): FormDraft {
  return {
    name: '',
    status: 'active',
    languages: ['en'],
    fields: [{ ...emptyField('email', 'email'), label: { en: 'Email' }, required: true, mapsTo: 'email' }],
    submitLabel: { en: 'Send' },
    thankYouMode: 'message',
    thankYouMessage: { en: 'Thank you! We will be in touch.' },
    redirectUrl: '',
    allowedOrigins: [],
    autoresponderTemplateId: '',
    ownerMode: 'user',
    ownerUserId: '',
    ownerGroupId: '',
    leadSource: 'web form',
    tags: '',
    minFillSeconds: '3',
    captchaProvider: '',
    captchaSiteKey: '',
  };
}

const numText = (n: number | undefined) => (n === undefined || n === null ? '' : String(n));

export function fieldDraft(field: FormField): FieldDraft {
  return {
    key: field.key,
    type: field.type,
    label: { ...field.label },
    help: { ...(field.help ?? {}) },
    required: !!field.required,
    maxLength: numText(field.maxLength),
    min: numText(field.min),
    max: numText(field.max),
    pattern: field.pattern ?? '',
    options: (field.options ?? []).map((o) => ({ value: o.value, label: { ...o.label } })),
    mapsTo: field.mapsTo ?? '',
    value: field.value ?? '',
    consentText: { ...(field.consentText ?? {}) },
  };
}

export function formDraft(form: FormInput): FormDraft {
  const thankYou = form.thankYou ?? { message: {} };
  return {
    name: form.name,
    status: form.status === 'disabled' ? 'disabled' : 'active',
    languages: [...(form.languages?.length ? form.languages : ['en'])],
    fields: form.fields.map(fieldDraft),
    submitLabel: { ...(form.submitLabel ?? {}) },
    thankYouMode: 'redirectUrl' in thankYou ? 'redirect' : 'message',
    thankYouMessage: 'message' in thankYou ? { ...thankYou.message } : {},
    redirectUrl: 'redirectUrl' in thankYou ? thankYou.redirectUrl : '',
    allowedOrigins: [...(form.allowedOrigins ?? [])],
    autoresponderTemplateId: form.autoresponderTemplateId ?? '',
    ownerMode: form.owner && 'groupId' in form.owner ? 'group' : 'user',
    ownerUserId: form.owner && 'userId' in form.owner ? form.owner.userId : '',
    ownerGroupId: form.owner && 'groupId' in form.owner ? form.owner.groupId : '',
    leadSource: form.leadSource ?? '',
    tags: (form.tags ?? []).join(', '),
    minFillSeconds: numText(form.minFillSeconds),
    captchaProvider: form.captcha?.provider ?? '',
    captchaSiteKey: form.captcha?.siteKey ?? '',
  };
}

export interface DraftError {
  /** the body path the input carries as data-path: fields.2.label.de, allowedOrigins.0 */
  path: string;
  detail: string;
}

/** The texts in the form's languages, trimmed, empty ones left out; undefined when none is left. */
export function localizedBody(texts: Localized, languages: readonly string[]): Localized | undefined {
  const out: Localized = {};
  for (const language of languages) {
    const text = (texts[language] ?? '').trim();
    if (text) out[language] = text;
  }
  return Object.keys(out).length ? out : undefined;
}

function numberOf(text: string, path: string, errors: DraftError[], integer: boolean): number | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const n = Number(t);
  if (!/^-?\d+(\.\d+)?$/.test(t) || !Number.isFinite(n)) errors.push({ path, detail: integer ? 'must be a whole number' : 'must be a number' });
  else if (integer && !Number.isInteger(n)) errors.push({ path, detail: 'must be a whole number' });
  else return n;
  return undefined;
}

const splitList = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** One field as the API takes it: only the settings its type uses. */
export function fieldBody(d: FieldDraft, path: string, languages: readonly string[], errors: DraftError[]): FormField {
  const field: FormField = { key: d.key.trim(), type: d.type, label: localizedBody(d.label, languages) ?? {}, required: takesRequired(d.type) && d.required };
  const help = localizedBody(d.help, languages);
  if (help && d.type !== 'hidden') field.help = help;
  if (takesMaxLength(d.type)) {
    const maxLength = numberOf(d.maxLength, `${path}.maxLength`, errors, true);
    if (maxLength !== undefined) field.maxLength = maxLength;
  }
  if (takesRange(d.type)) {
    const min = numberOf(d.min, `${path}.min`, errors, false);
    const max = numberOf(d.max, `${path}.max`, errors, false);
    if (min !== undefined) field.min = min;
    if (max !== undefined) field.max = max;
    if (min !== undefined && max !== undefined && min > max) errors.push({ path: `${path}.max`, detail: 'must not be less than the minimum' });
  }
  if (takesPattern(d.type) && d.pattern.trim()) field.pattern = d.pattern.trim();
  if (takesOptions(d.type)) field.options = d.options.map((o) => ({ value: o.value.trim(), label: localizedBody(o.label, languages) ?? {} }));
  if (takesMapping(d.type) && d.mapsTo) field.mapsTo = d.mapsTo;
  if (d.type === 'hidden') field.value = d.value;
  if (d.type === 'consent') {
    const consentText = localizedBody(d.consentText, languages);
    if (consentText) field.consentText = consentText;
  }
  return field;
}

/** The request body of a draft (POST /forms, or PUT with its version added), and the problems found before sending. */
export function formBody(draft: FormDraft): { body: FormInput; errors: DraftError[] } {
  const errors: DraftError[] = [];
  const languages = draft.languages;
  const body: FormInput = {
    name: draft.name.trim(),
    status: draft.status,
    languages: [...languages],
    fields: draft.fields.map((f, i) => fieldBody(f, `fields.${i}`, languages, errors)),
    submitLabel: localizedBody(draft.submitLabel, languages) ?? {},
    thankYou: draft.thankYouMode === 'redirect' ? { redirectUrl: draft.redirectUrl.trim() } : { message: localizedBody(draft.thankYouMessage, languages) ?? {} },
    allowedOrigins: draft.allowedOrigins.map((o) => o.trim()).filter(Boolean),
    leadSource: draft.leadSource.trim(),
    tags: splitList(draft.tags),
    minFillSeconds: 0,
  };
  const minFill = numberOf(draft.minFillSeconds, 'minFillSeconds', errors, true);
  if (draft.minFillSeconds.trim() === '') errors.push({ path: 'minFillSeconds', detail: 'is required (0 for no minimum)' });
  body.minFillSeconds = minFill ?? 0;
  if (draft.autoresponderTemplateId) body.autoresponderTemplateId = draft.autoresponderTemplateId;
  if (draft.ownerMode === 'group' && draft.ownerGroupId.trim()) body.owner = { groupId: draft.ownerGroupId.trim() };
  if (draft.ownerMode === 'user' && draft.ownerUserId) body.owner = { userId: draft.ownerUserId };
  if (draft.captchaProvider) body.captcha = { provider: draft.captchaProvider, siteKey: draft.captchaSiteKey.trim() };
  if (!body.name) errors.unshift({ path: 'name', detail: 'is required' });
  return { body, errors };
}

/* ------------------------------------------------------------------ languages */

/** Adds a language to the draft; an error message when it cannot be. */
export function addLanguage(draft: FormDraft, tag: string): string | null {
  const t = tag.trim();
  if (!LANGUAGE_TAG.test(t)) return 'must be a language tag such as en, de or pt-BR';
  if (draft.languages.includes(t)) return `${t} is there already`;
  if (draft.languages.length >= 10) return 'a form has at most 10 languages';
  draft.languages.push(t);
  return null;
}

/** Removes a language and its texts everywhere; the last one stays. */
export function removeLanguage(draft: FormDraft, tag: string): boolean {
  if (draft.languages.length <= 1 || !draft.languages.includes(tag)) return false;
  draft.languages = draft.languages.filter((l) => l !== tag);
  const drop = (texts: Localized) => delete texts[tag];
  drop(draft.submitLabel);
  drop(draft.thankYouMessage);
  for (const f of draft.fields) {
    drop(f.label);
    drop(f.help);
    drop(f.consentText);
    for (const o of f.options) drop(o.label);
  }
  return true;
}

/** Moves an item of a list by `by` places (within bounds). */
export function move<T>(list: T[], index: number, by: number): number {
  const to = Math.max(0, Math.min(list.length - 1, index + by));
  if (to === index || index < 0 || index >= list.length) return index;
  const [item] = list.splice(index, 1);
  list.splice(to, 0, item!);
  return to;
}

/* ------------------------------------------------------------------ errors */

/** An API error's path with dots ("fields.2.label"), from its name or its JSON pointer. */
export const errorPath = (e: { name?: string; pointer?: string }): string =>
  (e.name || (e.pointer ?? '').replace(/^#?\//, '').replace(/\//g, '.').replace(/~1/g, '/').replace(/~0/g, '~')).replace(/^body\.?/, '');

/**
 * The builder inputs (their data-path) an API error path may belong to, best first: the
 * input itself, then what holds it (fields.2.label.de → the German label, then the label
 * group, then field 3's card). A whole thank-you or CAPTCHA refers to its first input.
 */
export function errorTargets(path: string): string[] {
  const parts = path.split('.').filter(Boolean);
  const out: string[] = [];
  for (let n = parts.length; n > 0; n--) out.push(parts.slice(0, n).join('.'));
  if (parts[0] === 'captcha' && parts.length === 1) out.unshift('captcha.provider');
  if (parts[0] === 'owner' && parts.length === 1) out.push('owner.userId', 'owner.groupId');
  return out;
}

/** "fields.2.label.de" → "Field 3 › label › de" for the banner. */
export function pathLabel(path: string): string {
  const parts = path.split('.').filter(Boolean);
  if (parts[0] === 'fields' && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
    const rest = parts.slice(2).map((p, i, all) => (all[i - 1] === 'options' && /^\d+$/.test(p) ? `#${Number(p) + 1}` : p));
    return [`Field ${Number(parts[1]) + 1}`, ...rest].join(' › ');
  }
  if (parts[0] === 'allowedOrigins' && parts[1] !== undefined) return `Allowed origin ${Number(parts[1]) + 1}`;
  return parts.map((p, i) => (i === 0 ? labelOf(p) : p)).join(' › ');
}

/* ------------------------------------------------------------------ stats */

/** A share as a percentage with at most one decimal ("12.5 %"), or a dash when there is nothing to divide by. */
export function rateText(part: number, whole: number, locale?: string): string {
  if (!whole || whole <= 0) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(part / whole);
}

export interface StatRate {
  label: string;
  part: number;
  whole: number;
  text: string;
  /** how it is worked out, for the hint */
  of: string;
}

/**
 * The rates worth showing: how many visitors submit, how much was spam, how many
 * submissions became leads, and how far the leads went (converted, won deals).
 * Spam is counted apart from submissions (shared/forms/intake.ts).
 */
export function statRates(s: FormStats, locale?: string): StatRate[] {
  const rate = (label: string, part: number, whole: number, of: string): StatRate => ({ label, part, whole, text: rateText(part, whole, locale), of });
  return [
    rate('Submission rate', s.submissions, s.views, 'submissions per view'),
    rate('Spam share', s.spam, s.submissions + s.spam, 'spam of everything sent'),
    rate('New leads', s.leads, s.submissions, 'leads per submission'),
    rate('Duplicates', s.duplicates, s.submissions, 'existing people per submission'),
    rate('Leads converted', s.convertedLeads, s.leads, 'converted per lead'),
    rate('Leads → won', s.wonDeals, s.leads, 'won deals per lead'),
  ];
}

/* ------------------------------------------------------------------ submissions */

/** A submitted value as text (lists joined, ticks as Yes/No); never markup. */
export function valueText(value: string | string[] | boolean | undefined | null): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.join(', ');
  return value;
}

export const TRACKING_LABELS: [keyof Tracking, string][] = [
  ['utmSource', 'UTM source'],
  ['utmMedium', 'UTM medium'],
  ['utmCampaign', 'UTM campaign'],
  ['utmTerm', 'UTM term'],
  ['utmContent', 'UTM content'],
  ['referrer', 'Referrer'],
  ['landingPage', 'Landing page'],
];

/** A field's label in the form's first language (else any), or its key. */
export function fieldLabel(form: Pick<FormInput, 'languages' | 'fields'> | null, key: string): string {
  const field = form?.fields.find((f) => f.key === key);
  if (!field) return key;
  const first = form!.languages[0];
  return (first && field.label[first]) || Object.values(field.label)[0] || key;
}
