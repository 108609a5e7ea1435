/**
 * The public side of a form: what a page shows (with a signed render token, counted as a
 * view) and the intake of a submission. A submission is stored durably, in one
 * transaction with its running totals and its uniqueness claim, before the answer goes
 * back; processing (lead, dedupe, autoresponder) follows from the stream. Bots are dropped
 * quietly: a filled honeypot, a missing or foreign token, or a form sent faster than its
 * minimum fill time is stored as spam and answered like any other submission.
 */
import type { Database } from '../platform/database';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors';
import { newId } from '../platform/ids';
import { tallyWrites } from '../platform/tallies';
import { transact, type TransactionWrite } from '../platform/transaction';
import { captchaAnswer, captchaPasses } from './captcha';
import { forms } from './forms';
import { issueToken, readToken } from './render-token';
import type { Form, PublicForm } from './schemas';
import { formTally } from './tallies';
import { ALL_CONTROLS, HONEYPOT, checkSubmission } from './validation';

const TOKEN_LIFETIME_MS = 24 * 3600 * 1000;
const KEEP_SECONDS = 2 * 365 * 24 * 3600;
const CLAIM = 'formSubmission';

/**
 * Forms as this container last read them, for submissions only: a submission's write
 * checks that the form is still active at that version (formGuard), so a cached form
 * costs no read and a changed or disabled one is never written against.
 */
const CACHE_MS = 60_000;
const cache = new Map<string, { form: Form; at: number }>();

/**
 * An active form, or 404 for an unknown or disabled one (the same answer: no existence
 * leak). `cached` may answer from this container's cache: only for a write that carries
 * formGuard.
 */
export async function activeForm(db: Database, formId: string, options: { cached?: boolean } = {}): Promise<Form> {
  const hit = options.cached ? cache.get(formId) : undefined;
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.form;
  const form = await forms.find(db, formId);
  if (!form || form.status !== 'active') {
    cache.delete(formId);
    throw new NotFoundError(`No form ${formId}`);
  }
  if (cache.size > 1000) cache.clear();
  cache.set(formId, { form, at: Date.now() });
  return form;
}

/** The form changed or closed since this container read it: read it again and retry. */
export class StaleForm extends Error {}

function formGuard(db: Database, form: Form): TransactionWrite {
  const { Key, TableName } = db.entities.form.get({ scope: 'org', formId: form.formId }).params() as { Key: Record<string, unknown>; TableName: string };
  return {
    item: {
      ConditionCheck: {
        TableName,
        Key,
        ConditionExpression: '#status = :active AND #version = :version',
        ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
        ExpressionAttributeValues: { ':active': 'active', ':version': form.version },
      },
    },
    conflict: () => {
      cache.delete(form.formId);
      return new StaleForm();
    },
  };
}

export const languageOf = (form: Pick<Form, 'languages'>, wanted: unknown) =>
  typeof wanted === 'string' && form.languages.includes(wanted) ? wanted : form.languages[0]!;

const localize = (texts: Record<string, string> | undefined, language: string, fallback: string) =>
  texts ? (texts[language] ?? texts[fallback] ?? Object.values(texts)[0]) : undefined;

/** The form as a page shows it, in one language, with a fresh token; `view` counts it in the form's totals. */
export async function publicForm(db: Database, form: Form, options: { language?: string; submitUrl: string; kind?: 'render' | 'embed'; view?: boolean }): Promise<PublicForm> {
  const language = languageOf(form, options.language);
  const fallback = form.languages[0]!;
  const text = (texts: Record<string, string> | undefined) => localize(texts, language, fallback);
  const [token] = await Promise.all([
    issueToken(db, form.formId, options.kind ?? 'render'),
    options.view === false ? undefined : transact(db.documentClient, tallyWrites(db.tableName, [], [formTally(form.formId, { views: 1 })])),
  ]);
  return {
    formId: form.formId,
    name: form.name,
    language,
    languages: form.languages,
    fields: form.fields.map((field) => ({
      key: field.key,
      type: field.type,
      label: text(field.label) ?? field.key,
      ...(field.help ? { help: text(field.help) } : {}),
      required: field.required,
      ...(field.maxLength !== undefined ? { maxLength: field.maxLength } : {}),
      ...(field.min !== undefined ? { min: field.min } : {}),
      ...(field.max !== undefined ? { max: field.max } : {}),
      ...(field.pattern ? { pattern: field.pattern } : {}),
      ...(field.options ? { options: field.options.map((o) => ({ value: o.value, label: text(o.label) ?? o.value })) } : {}),
      ...(field.type === 'hidden' && field.value !== undefined ? { value: field.value } : {}),
      ...(field.consentText ? { consentText: text(field.consentText) } : {}),
    })),
    submitLabel: text(form.submitLabel) ?? 'Send',
    thankYou: 'redirectUrl' in form.thankYou ? { redirectUrl: form.thankYou.redirectUrl } : { message: text(form.thankYou.message) ?? '' },
    token,
    honeypot: HONEYPOT,
    submitUrl: options.submitUrl,
    ...(form.captcha ? { captcha: form.captcha } : {}),
    minFillSeconds: form.minFillSeconds,
  };
}

export interface IntakeRequest {
  body: Record<string, unknown>;
  /** Idempotency-Key header, when the page sent one */
  idempotencyKey?: string;
  /** the client's address, for the CAPTCHA provider */
  sourceIp?: string;
  now?: number;
}

export interface Accepted {
  submissionId: string;
  /** dropped as a bot's (answered like any other) */
  spam: boolean;
  /** an earlier request with the same key or token made it */
  replayed: boolean;
}

export async function acceptSubmission(db: Database, form: Form, request: IntakeRequest): Promise<Accepted> {
  const { body } = request;
  const now = request.now ?? Date.now();
  const language = languageOf(form, body._lang);
  const token = await readToken(db, body._token);
  let spamReason: string | undefined;
  if (!token || token.formId !== form.formId) spamReason = 'no valid render token';
  else if (token.kind === 'render' && now - token.issuedAt > TOKEN_LIFETIME_MS) {
    throw new ValidationError('The form has expired; reload the page and send it again', [{ name: '_token', detail: 'has expired (older than a day)' }]);
  } else if (token.kind === 'render' && now - token.issuedAt < form.minFillSeconds * 1000) spamReason = 'sent faster than a person fills the form';
  if (typeof body[HONEYPOT] === 'string' && body[HONEYPOT] !== '') spamReason = 'filled the hidden trap field';

  let checked: ReturnType<typeof checkSubmission> | undefined;
  if (!spamReason) {
    checked = checkSubmission(form, body, language);
    if (!checked.ok) throw new ValidationError('Some fields need another look', checked.errors);
    if (form.captcha && !(await captchaPasses(form.captcha.provider, captchaAnswer(form.captcha.provider, body), { remoteIp: request.sourceIp }))) {
      throw new ValidationError('The CAPTCHA was not solved; try it again', [{ name: '_captcha', detail: 'was not solved' }]);
    }
  }
  const key = request.idempotencyKey ?? (token?.kind === 'render' && !spamReason ? token.nonce : undefined);
  const submissionId = newId();
  const item = {
    formId: form.formId,
    submissionId,
    status: spamReason ? 'spam' : 'received',
    values: checked?.ok ? checked.value.values : {},
    ...(checked?.ok && checked.value.consent.length ? { consent: checked.value.consent } : {}),
    tracking: trackingOf(body),
    language,
    ...(spamReason ? { spamReason } : {}),
    snapshot: {
      formName: form.name,
      mapping: Object.fromEntries(form.fields.filter((f) => f.mapsTo).map((f) => [f.key, f.mapsTo])),
      leadSource: form.leadSource,
      tags: form.tags ?? [],
      owner: form.owner ?? { userId: form.createdBy },
      autoresponderTemplateId: form.autoresponderTemplateId,
      labels: Object.fromEntries(form.fields.map((f) => [f.key, localize(f.label, language, form.languages[0]!) ?? f.key])),
    },
    attempts: 0,
    receivedAt: new Date(now).toISOString(),
    expiresAt: Math.floor(now / 1000) + KEEP_SECONDS,
  };
  const writes = [
    { item: { Put: db.entities.formSubmission.create(item).params() }, conflict: () => new ConflictError('The submission exists already') },
    ...tallyWrites(db.tableName, [], [formTally(form.formId, spamReason ? { spam: 1 } : { submissions: 1 })]),
    formGuard(db, form),
  ];
  if (key) {
    writes.push({
      item: { Put: db.entities.uniqueValue.create({ kind: CLAIM, value: `${form.formId}|${key}`, holderId: submissionId }).params() },
      conflict: () => new Replayed(),
    });
  }
  try {
    await transact(db.documentClient, writes);
  } catch (error) {
    if (!(error instanceof Replayed)) throw error;
    const claim = await db.entities.uniqueValue.get({ kind: CLAIM, value: `${form.formId}|${key}` }).go();
    return { submissionId: claim.data!.holderId, spam: false, replayed: true };
  }
  return { submissionId, spam: Boolean(spamReason), replayed: false };
}
class Replayed extends Error {}

const TRACKING = { utmSource: 'utm_source', utmMedium: 'utm_medium', utmCampaign: 'utm_campaign', utmTerm: 'utm_term', utmContent: 'utm_content', referrer: '_referrer', landingPage: '_landing' } as const;

/** UTM values, referrer and landing page: short clean text, whatever the page sent. */
function trackingOf(body: Record<string, unknown>) {
  const tracking: Record<string, string> = {};
  for (const [name, key] of Object.entries(TRACKING)) {
    const value = body[key];
    if (typeof value === 'string' && value.trim()) tracking[name] = value.replace(ALL_CONTROLS, '').trim().slice(0, 500);
  }
  return tracking;
}

