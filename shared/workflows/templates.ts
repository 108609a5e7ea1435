/**
 * Email templates (subject and body with {{merge fields}}) and task templates (a task to
 * create, and the one that follows it when completed). Mustache renders the merge fields;
 * a template that does not parse is refused on save, naming the field.
 */
import Mustache from 'mustache';
import type { Actor } from '../crm/actor';
import type { Database } from '../platform/database';
import { ValidationError } from '../platform/errors';
import { orgDefinitions } from '../platform/org-definitions';
import type { EmailTemplate, TaskTemplate } from './schemas';

export const emailTemplates = orgDefinitions<EmailTemplate & Record<string, unknown>>({ entity: 'emailTemplate', idField: 'templateId', noun: 'email template' });
export const taskTemplates = orgDefinitions<TaskTemplate & Record<string, unknown>>({ entity: 'taskTemplate', idField: 'templateId', noun: 'task template' });

interface EmailTemplateFields {
  name: string;
  subject: string;
  body: string;
}

function checkMergeFields(fields: EmailTemplateFields) {
  const problems = (['subject', 'body'] as const).flatMap((name) => {
    try {
      Mustache.parse(fields[name]);
      return [];
    } catch (error) {
      return [{ name, detail: `has a merge field that does not parse: ${(error as Error).message}` }];
    }
  });
  if (problems.length) throw new ValidationError('The template does not parse', problems);
}

export async function saveEmailTemplate(db: Database, actor: Actor, fields: EmailTemplateFields & { version?: number }, templateId?: string) {
  checkMergeFields(fields);
  const { name, subject, body } = fields;
  if (!templateId) return emailTemplates.create(db, actor, { name, subject, body });
  return emailTemplates.update(db, actor, templateId, { name, subject, body, version: fields.version ?? 0 });
}

export interface RenderedEmail {
  subject: string;
  text: string;
}

/** Plain text, so nothing is HTML-escaped; a value that holds markup stays text in the mail. */
export function renderEmail(template: Pick<EmailTemplate, 'subject' | 'body'>, view: Record<string, unknown>): RenderedEmail {
  const options = { escape: (value: unknown) => String(value) };
  return {
    subject: Mustache.render(template.subject, view, {}, options).replace(/[\r\n]+/g, ' ').trim(),
    text: Mustache.render(template.body, view, {}, options),
  };
}

interface TaskTemplateFields {
  name: string;
  subject: string;
  description?: string;
  dueInDays: number;
  nextTemplateId?: string;
}

export async function saveTaskTemplate(db: Database, actor: Actor, fields: TaskTemplateFields & { version?: number }, templateId?: string) {
  if (fields.nextTemplateId) {
    if (fields.nextTemplateId === templateId) throw new ValidationError('A task cannot follow itself', [{ name: 'nextTemplateId', detail: 'is this template' }]);
    if (!(await taskTemplates.find(db, fields.nextTemplateId))) {
      throw new ValidationError('The next task template does not exist', [{ name: 'nextTemplateId', detail: `names no task template (${fields.nextTemplateId})` }]);
    }
  }
  const values = { ...fields, description: fields.description, nextTemplateId: fields.nextTemplateId };
  if (!templateId) return taskTemplates.create(db, actor, values);
  return taskTemplates.update(db, actor, templateId, { ...values, version: fields.version ?? 0 });
}
