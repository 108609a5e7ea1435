/**
 * Web forms: what an admin builds (fields mapped to lead fields, labels in several
 * languages, rules, hidden fields, consent, thank-you, allowed origins, autoresponder,
 * owner), what the public sees of a form, and what a submission records. The validator
 * of a submission is built from the form itself (./validation.ts).
 */
import * as z from 'zod';
import { IsoTime, ListQuery, Ulid, UserId, pageOf } from '../platform/schemas';
import { Tracking } from '../crm/schemas';

/** Language tag → text, e.g. { en: 'Email', de: 'E-Mail' }; the form's first language is the fallback. */
export const Localized = z
  .record(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a language tag such as en or pt-BR'), z.string().max(2000))
  .refine((texts) => Object.keys(texts).length > 0, 'needs at least one language')
  .meta({ id: 'LocalizedText' });
export type Localized = z.infer<typeof Localized>;

export const FORM_FIELD_TYPES = ['text', 'textarea', 'email', 'phone', 'number', 'url', 'date', 'select', 'multiselect', 'checkbox', 'consent', 'hidden'] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

export const FormField = z
  .strictObject({
    /** the input's name, and the key of its value in a submission */
    key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, 'must start with a letter and hold at most 40 letters, digits and _'),
    type: z.enum(FORM_FIELD_TYPES),
    label: Localized,
    help: Localized.optional(),
    required: z.boolean().default(false),
    maxLength: z.number().int().min(1).max(10_000).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    /** a regular expression the value must match (text fields) */
    pattern: z.string().max(200).optional(),
    options: z.array(z.strictObject({ value: z.string().min(1).max(200), label: Localized })).max(200).optional(),
    /** the lead field it fills (firstName, email, company, custom.<key>…); none: kept on the submission only */
    mapsTo: z.string().regex(/^(custom\.)?[a-zA-Z][a-zA-Z0-9_]{0,63}$/).optional(),
    /** hidden fields: the value sent (campaign, source) */
    value: z.string().max(500).optional(),
    /** consent checkboxes: the text agreed to, stored with each submission */
    consentText: Localized.optional(),
  })
  .meta({ id: 'FormField' });
export type FormField = z.infer<typeof FormField>;

export const ThankYou = z
  .union([z.strictObject({ message: Localized }), z.strictObject({ redirectUrl: z.url({ protocol: /^https?$/ }).max(2000) })])
  .meta({ id: 'FormThankYou' });

export const FormOwner = z
  .union([z.strictObject({ userId: UserId }), z.strictObject({ groupId: z.string().max(63) })])
  .meta({ id: 'FormOwner', description: 'A fixed user, or round-robin among the active members of a group' });

export const CaptchaSettings = z
  .strictObject({
    provider: z.enum(['turnstile', 'hcaptcha', 'recaptcha']),
    siteKey: z.string().min(1).max(200),
  })
  .meta({ id: 'FormCaptcha', description: 'Optional CAPTCHA: the widget needs the site key; the secret is configured on the server (FORMS_CAPTCHA_SECRET; in AWS an SSM SecureString parameter); without it every submission is refused' });

export const FORM_TARGETS = ['lead'] as const;

const formFields = {
  name: z.string().trim().min(1, 'is required').max(120),
  status: z.enum(['active', 'disabled']).default('active'),
  target: z.enum(FORM_TARGETS).default('lead').meta({ description: 'What a submission becomes (cases arrive with the service desk)' }),
  languages: z.array(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/)).min(1).max(10).default(['en']),
  fields: z.array(FormField).min(1, 'needs at least one field').max(50),
  submitLabel: Localized.default({ en: 'Send' }),
  thankYou: ThankYou.default({ message: { en: 'Thank you! We will be in touch.' } }),
  allowedOrigins: z
    .array(z.url({ protocol: /^https?$/ }).transform((url) => new URL(url).origin))
    .max(20)
    .default([])
    .meta({ description: 'Sites that may embed the form (CORS); the hosted page always may' }),
  autoresponderTemplateId: Ulid.optional().meta({ description: 'An email template sent to the submitter' }),
  owner: FormOwner.optional().meta({ description: 'Who new leads belong to; default the form’s creator' }),
  leadSource: z.string().trim().min(1).max(60).default('web form'),
  tags: z.array(z.string().trim().min(1).max(40)).max(10).default([]),
  minFillSeconds: z.number().int().min(0).max(600).default(3).meta({ description: 'Faster submissions are taken for bots and dropped' }),
  captcha: CaptchaSettings.optional(),
};

export const FormInput = z.strictObject(formFields).meta({ id: 'FormInput' });
export type FormInput = z.infer<typeof FormInput>;
export const FormUpdate = z.strictObject({ ...formFields, version: z.number().int().min(1) }).meta({ id: 'FormUpdate' });
export const FormCreate = z
  .union([FormInput, z.strictObject({ template: z.enum(['contact-us', 'demo-request', 'newsletter', 'support']), name: z.string().trim().min(1).max(120).optional() })])
  .meta({ id: 'FormCreate', description: 'A form, or one of the ready templates by name' });

export const Form = z
  .object({
    formId: Ulid,
    ...formFields,
    version: z.number().int(),
    createdAt: IsoTime,
    createdBy: z.string(),
    updatedAt: IsoTime,
    updatedBy: z.string(),
  })
  .meta({ id: 'Form' });
export type Form = z.infer<typeof Form>;
export const FormList = z.object({ items: z.array(Form) }).meta({ id: 'FormList' });
export const FormIdParams = z.object({ formId: Ulid });

export const FormStats = z
  .object({
    views: z.number().int(),
    submissions: z.number().int(),
    spam: z.number().int(),
    leads: z.number().int(),
    duplicates: z.number().int().meta({ description: 'submissions from existing contacts or leads: an activity, not a new lead' }),
    failed: z.number().int(),
    convertedLeads: z.number().int(),
    wonDeals: z.number().int(),
  })
  .meta({ id: 'FormStats' });

/** What a page embedding the form receives: no owner, no mappings, no secrets. */
export const PublicForm = z
  .object({
    formId: Ulid,
    name: z.string(),
    language: z.string(),
    languages: z.array(z.string()),
    fields: z.array(
      z.object({
        key: z.string(),
        type: z.enum(FORM_FIELD_TYPES),
        label: z.string(),
        help: z.string().optional(),
        required: z.boolean(),
        maxLength: z.number().optional(),
        min: z.number().optional(),
        max: z.number().optional(),
        pattern: z.string().optional(),
        options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
        value: z.string().optional(),
        consentText: z.string().optional(),
      }),
    ),
    submitLabel: z.string(),
    thankYou: z.union([z.object({ message: z.string() }), z.object({ redirectUrl: z.string() })]),
    /** signed: when the form was rendered, so a too-fast submission is known; echo it back as _token */
    token: z.string(),
    /** the name of the trap field: left empty by people, filled by bots */
    honeypot: z.string(),
    submitUrl: z.string(),
    captcha: CaptchaSettings.optional(),
    /** a submission sent sooner than this after its token was issued is taken for a bot's */
    minFillSeconds: z.number().int(),
  })
  .meta({ id: 'PublicForm' });
export type PublicForm = z.infer<typeof PublicForm>;
export const PublicFormQuery = z.object({ lang: z.string().max(10).optional() });

export const SUBMISSION_STATUSES = ['received', 'lead', 'duplicate', 'spam', 'failed'] as const;
export const Submission = z
  .object({
    submissionId: Ulid,
    formId: Ulid,
    status: z.enum(SUBMISSION_STATUSES),
    values: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.boolean()])),
    consent: z.array(z.object({ field: z.string(), text: z.string(), given: z.boolean() })).optional(),
    tracking: Tracking.optional(),
    language: z.string().optional(),
    spamReason: z.string().optional(),
    leadId: z.string().optional(),
    contactId: z.string().optional(),
    error: z.string().optional(),
    attempts: z.number().int(),
    receivedAt: IsoTime,
    processedAt: IsoTime.optional(),
  })
  .meta({ id: 'FormSubmission' });
export type Submission = z.infer<typeof Submission>;
export const SubmissionPage = pageOf(Submission, 'FormSubmissionPage');
export const SubmissionListQuery = ListQuery.extend({ status: z.enum(SUBMISSION_STATUSES).optional() });
export const SubmissionParams = z.object({ formId: Ulid, submissionId: Ulid });

export const SubmissionAccepted = z
  .object({ submissionId: z.string(), message: z.string().optional(), redirectUrl: z.string().optional() })
  .meta({ id: 'FormSubmissionAccepted' });
