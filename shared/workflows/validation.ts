/**
 * What a workflow must satisfy before it is saved, beyond its schema: the fields it names
 * exist on the record type (custom fields included), the templates, users and groups it
 * uses exist, webhook URLs are HTTPS to a public host, waits stay within a year, and no
 * chain of "start another workflow" leads back to itself. Every problem names its field.
 */
import type { Database } from '../platform/database';
import type { FieldError } from '../platform/errors';
import { ValidationError } from '../platform/errors';
import { readSettings } from '../access/context';
import { webhookUrlProblems } from '../webhooks/url-safety';
import { fieldCatalogue, type FieldCatalogue } from './fields';
import { customDefinitions } from '../sales/custom-values';
import { valueSchema } from '../sales/custom-fields';
import type { Action, Condition, Trigger, WorkflowInput } from './schemas';
import { emailTemplates, taskTemplates } from './templates';

const YEAR_MS = 365 * 24 * 3600 * 1000;
export const allowPrivateWebhooks = () => process.env.WEBHOOKS_ALLOW_PRIVATE === 'true';

/** A wait's length in milliseconds, or undefined for "until". */
export const waitMs = (action: Extract<Action, { type: 'wait' }>) =>
  action.until === undefined ? ((action.days ?? 0) * 24 * 60 + (action.hours ?? 0) * 60 + (action.minutes ?? 0)) * 60_000 : undefined;

export async function validateWorkflow(
  db: Database,
  input: WorkflowInput,
  context: { workflowId?: string; starts: (workflowId: string) => Promise<string[] | undefined> },
): Promise<void> {
  const problems: FieldError[] = [];
  const catalogue = await fieldCatalogue(db, input.trigger.recordType);
  checkTrigger(input.trigger, catalogue, problems);
  checkCondition(input.conditions, catalogue, 'conditions', problems);
  await checkActions(db, input, catalogue, problems);
  await checkCycles(input, context, problems);
  if (problems.length) throw new ValidationError('The workflow cannot be saved', problems);
}

function checkTrigger(trigger: Trigger, catalogue: FieldCatalogue, problems: FieldError[]) {
  if (trigger.type === 'fieldChanged' && !catalogue.readable.has(trigger.field)) {
    problems.push({ name: 'trigger.field', detail: `is not a field of ${trigger.recordType} records (${trigger.field})` });
  }
  if (trigger.type === 'dateReached' && !catalogue.dates.has(trigger.field)) {
    problems.push({ name: 'trigger.field', detail: `is not a date field of ${trigger.recordType} records (${trigger.field}); date fields: ${[...catalogue.dates].join(', ')}` });
  }
}

function checkCondition(condition: Condition | undefined, catalogue: FieldCatalogue, path: string, problems: FieldError[]) {
  if (!condition) return;
  if ('all' in condition) return condition.all.forEach((c, i) => checkCondition(c, catalogue, `${path}.all.${i}`, problems));
  if ('any' in condition) return condition.any.forEach((c, i) => checkCondition(c, catalogue, `${path}.any.${i}`, problems));
  if (!catalogue.readable.has(condition.field)) problems.push({ name: `${path}.field`, detail: `is not a field of the record (${condition.field})` });
  const needsValue = condition.op !== 'present' && condition.op !== 'absent';
  if (needsValue && condition.value === undefined) problems.push({ name: `${path}.value`, detail: `is required for ${condition.op}` });
  if (condition.op === 'in' && !Array.isArray(condition.value)) problems.push({ name: `${path}.value`, detail: 'must be a list for in' });
}

async function checkActions(db: Database, input: WorkflowInput, catalogue: FieldCatalogue, problems: FieldError[]) {
  const recordType = input.trigger.recordType;
  const settings = await readSettings(db);
  const userExists = async (userId: string) => Boolean((await db.entities.user.get({ userId }).go()).data);
  let waited = 0;
  for (const [index, action] of input.actions.entries()) {
    const at = (field: string, detail: string) => problems.push({ name: `actions.${index}.${field}`, detail });
    switch (action.type) {
      case 'createTask':
        if (!action.subject && !action.templateId) at('subject', 'is required unless a task template is given');
        if (action.templateId && !(await taskTemplates.find(db, action.templateId))) at('templateId', `names no task template (${action.templateId})`);
        if (action.assignTo !== 'owner' && !(await userExists(action.assignTo))) at('assignTo', `names no user (${action.assignTo})`);
        break;
      case 'sendEmail':
        if (!(await emailTemplates.find(db, action.templateId))) at('templateId', `names no email template (${action.templateId})`);
        if (action.to === 'record' && recordType !== 'lead' && recordType !== 'contact') at('to', `${recordType} records have no email address; send to the owner instead`);
        break;
      case 'updateField': {
        const validator = catalogue.settable.get(action.field);
        if (!validator) {
          at('field', `is not a field a workflow can set on ${recordType} records (${action.field})`);
          break;
        }
        const custom = action.field.startsWith('custom.') ? (await customDefinitions(db, recordType)).find((d) => `custom.${d.key}` === action.field) : undefined;
        const checked = (custom ? valueSchema(custom) : validator).safeParse(action.value);
        if (!checked.success && !(action.value === null && !custom?.required)) at('value', checked.error.issues[0]?.message ?? 'is not valid for the field');
        break;
      }
      case 'assignOwner':
        if (Boolean(action.userId) === Boolean(action.groupId)) at('userId', 'give either a user or a group (round-robin)');
        else if (action.userId && !(await userExists(action.userId))) at('userId', `names no user (${action.userId})`);
        else if (action.groupId && !settings.groups[action.groupId]) at('groupId', `names no group (${action.groupId})`);
        break;
      case 'notify':
        if (action.userId !== 'owner' && !(await userExists(action.userId))) at('userId', `names no user (${action.userId})`);
        break;
      case 'wait': {
        const length = waitMs(action);
        const amounts = [action.minutes, action.hours, action.days].filter((v) => v !== undefined).length;
        if (action.until !== undefined && amounts > 0) at('until', 'give a duration or a time to wait until, not both');
        else if (length !== undefined) {
          if (length <= 0) at('minutes', 'the wait must be longer than zero');
          waited += length;
          if (waited > YEAR_MS) at(action.days !== undefined ? 'days' : 'hours', 'the workflow would wait longer than a year in all');
        } else if (/^\d{4}-/.test(action.until!)) {
          const until = Date.parse(action.until!);
          if (until - Date.now() > YEAR_MS) at('until', 'is more than a year away');
        } else if (!catalogue.dates.has(action.until!)) {
          at('until', `is neither a time nor a date field of ${recordType} records (${action.until})`);
        }
        break;
      }
      case 'webhook':
        for (const problem of webhookUrlProblems(action.url, { allowPrivate: allowPrivateWebhooks() })) at('url', problem);
        break;
      default:
        break;
    }
  }
}

/** Refuses a chain of "start another workflow" that comes back to this one. */
async function checkCycles(input: WorkflowInput, context: { workflowId?: string; starts: (workflowId: string) => Promise<string[] | undefined> }, problems: FieldError[]) {
  for (const [index, action] of input.actions.entries()) {
    if (action.type !== 'startWorkflow') continue;
    if (action.workflowId === context.workflowId) {
      problems.push({ name: `actions.${index}.workflowId`, detail: 'a workflow cannot start itself' });
      continue;
    }
    const seen = new Set<string>();
    const path = [action.workflowId];
    let cycle: string[] | undefined;
    const visit = async (id: string): Promise<boolean> => {
      if (context.workflowId && id === context.workflowId) return true;
      if (seen.has(id)) return false;
      seen.add(id);
      const next = await context.starts(id);
      if (next === undefined && id === action.workflowId) {
        problems.push({ name: `actions.${index}.workflowId`, detail: `names no workflow (${id})` });
        return false;
      }
      for (const target of next ?? []) {
        path.push(target);
        if (await visit(target)) return true;
        path.pop();
      }
      return false;
    };
    if (await visit(action.workflowId)) cycle = path;
    if (cycle) problems.push({ name: `actions.${index}.workflowId`, detail: `starts a cycle: ${cycle.join(' → ')} → this workflow` });
  }
}
