/**
 * Web-form definitions: saved after checks that need the database (the lead fields they
 * fill exist, the autoresponder template and the owner exist), started from a few ready
 * templates, and counted in running totals (views, submissions, spam, leads…).
 */
import type { Actor } from '../crm/actor';
import type { Database } from '../platform/database';
import { ValidationError, type FieldError } from '../platform/errors';
import { orgDefinitions } from '../platform/org-definitions';
import { readTallies } from '../platform/tallies';
import { formStatsScope } from './tallies';
import { LeadCreate } from '../crm/schemas';
import { customDefinitions } from '../sales/custom-values';
import { readSettings } from '../access/context';
import { emailTemplates } from '../workflows/templates';
import { FormInput, type Form } from './schemas';
import { FORM_TEMPLATES, type FormTemplateName } from './templates';

export const forms = orgDefinitions<Form & Record<string, unknown>>({ entity: 'form', idField: 'formId', noun: 'form' });

/** Submission keys the intake uses itself; a field may not take them. */
export const RESERVED_KEYS = /^(hp_.*|utm_.*|_.*)$/;
/** Lead fields a form may not fill: who owns it, what it became, its score. */
const NOT_MAPPABLE = new Set(['ownerId', 'status', 'tags', 'custom', 'qualification', 'formId', 'tracking']);

export async function checkForm(db: Database, form: FormInput): Promise<void> {
  const problems: FieldError[] = [];
  const leadFields = new Set(Object.keys(LeadCreate.shape).filter((key) => !NOT_MAPPABLE.has(key)));
  const custom = new Set((await customDefinitions(db, 'lead')).map((d) => `custom.${d.key}`));
  const keys = new Set<string>();
  const mapped = new Map<string, string>();
  for (const [i, field] of form.fields.entries()) {
    const at = (name: string, detail: string) => problems.push({ name: `fields.${i}.${name}`, detail });
    if (keys.has(field.key)) at('key', `is used by another field (${field.key})`);
    keys.add(field.key);
    if (RESERVED_KEYS.test(field.key)) at('key', 'must not start with _, hp_ or utm_ (the form uses those itself)');
    if (field.mapsTo) {
      if (!leadFields.has(field.mapsTo) && !custom.has(field.mapsTo)) at('mapsTo', `is not a lead field a form can fill (${field.mapsTo})`);
      if (mapped.has(field.mapsTo)) at('mapsTo', `is filled by the field ${mapped.get(field.mapsTo)} already`);
      mapped.set(field.mapsTo, field.key);
    }
    if ((field.type === 'select' || field.type === 'multiselect') && !field.options?.length) at('options', 'a list needs options');
    if (field.type === 'hidden' && field.value === undefined) at('value', 'a hidden field needs its value');
    if (field.type === 'consent' && !field.consentText) at('consentText', 'a consent checkbox needs the text agreed to');
    if (field.pattern) {
      try {
        new RegExp(field.pattern, 'u');
      } catch {
        at('pattern', 'is not a valid regular expression');
      }
    }
    for (const language of form.languages) if (!field.label[language]) at(`label.${language}`, `needs a label in ${language}`);
  }
  if (!mapped.has('email')) problems.push({ name: 'fields', detail: 'needs a field filling the lead’s email (mapsTo: email): leads, duplicates and the autoresponder use it' });
  if (form.autoresponderTemplateId && !(await emailTemplates.find(db, form.autoresponderTemplateId))) {
    problems.push({ name: 'autoresponderTemplateId', detail: `names no email template (${form.autoresponderTemplateId})` });
  }
  if (form.owner && 'userId' in form.owner && !(await db.entities.user.get({ userId: form.owner.userId }).go()).data) {
    problems.push({ name: 'owner.userId', detail: `names no user (${form.owner.userId})` });
  }
  if (form.owner && 'groupId' in form.owner && !(await readSettings(db)).groups[form.owner.groupId]) {
    problems.push({ name: 'owner.groupId', detail: `names no group (${form.owner.groupId})` });
  }
  if (problems.length) throw new ValidationError('The form cannot be saved', problems);
}

export async function createForm(db: Database, actor: Actor, input: FormInput | { template: FormTemplateName; name?: string }): Promise<Form> {
  const form = 'template' in input ? FormInput.parse({ ...FORM_TEMPLATES[input.template], ...(input.name ? { name: input.name } : {}) }) : input;
  await checkForm(db, form);
  return forms.create(db, actor, { ...form, owner: form.owner ?? { userId: actor.userId } });
}

export async function updateForm(db: Database, actor: Actor, formId: string, input: FormInput & { version: number }): Promise<Form> {
  await forms.get(db, formId);
  const { version, ...form } = input;
  await checkForm(db, form);
  return forms.update(db, actor, formId, { ...form, autoresponderTemplateId: form.autoresponderTemplateId, captcha: form.captcha, version });
}

export async function formStats(db: Database, formId: string) {
  await forms.get(db, formId);
  const totals = (await readTallies(db.documentClient, db.tableName, formStatsScope(formId))).get('stats') ?? {};
  const count = (name: string) => Math.max(0, totals[name] ?? 0);
  return {
    views: count('views'),
    submissions: count('submissions'),
    spam: count('spam'),
    leads: count('leads'),
    duplicates: count('duplicates'),
    failed: count('failed'),
    convertedLeads: count('convertedLeads'),
    wonDeals: count('wonDeals'),
  };
}

export type { FormTemplateName };
