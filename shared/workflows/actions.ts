/**
 * The actions a workflow run performs, one per Step Functions task. Each is one
 * all-or-nothing write (or one send), so a failing action never leaves a record half
 * updated, and each is safe to retry: what it writes carries a claim on
 * "<runId>#<step>", so a retried step finds its own work done instead of doing it twice.
 */
import { createActivity, type ActivityPorts } from '../activities/activities';
import { readSettings } from '../access/context';
import type { StoredRecord } from '../access/records';
import type { Actor } from '../crm/actor';
import type { Database } from '../platform/database';
import { ConflictError, DomainError } from '../platform/errors';
import { newId, nowIso } from '../platform/ids';
import { transact } from '../platform/transaction';
import type { Mailer } from '../ports/mailer';
import type { ExecutionStarter } from '../ports/execution-starter';
import { assertPublicDestination } from '../webhooks/url-safety';
import { webhookHeaders } from '../webhooks/signing';
import { fieldValue } from './fields';
import { workflowActor } from './matching';
import { loadWorkflowRecord, updateWorkflowRecord } from './record-writes';
import { createRun, type StoredRun } from './runs';
import type { Action, Workflow, WorkflowRecordType } from './schemas';
import { emailTemplates, renderEmail, taskTemplates } from './templates';
import { allowPrivateWebhooks } from './validation';
import { workflows } from './workflows';

export interface ActionPorts extends ActivityPorts {
  mailer: () => Promise<Mailer | undefined>;
  starter: ExecutionStarter;
  fetch?: typeof fetch;
}

/** An action that cannot succeed by trying again (a deleted record, an invalid value): the run fails at once. */
export class ActionRejected extends Error {
  override name = 'WorkflowActionRejected';
}

const STEP_CLAIM = 'workflowStep';
const DAY_MS = 24 * 3600 * 1000;

export async function automationActor(db: Database, chain: string[], runId: string): Promise<Actor> {
  return { userId: workflowActor(chain), profile: 'administrator', roles: [], groups: [], settings: await readSettings(db), origin: { requestId: runId } };
}

interface ActionContext {
  db: Database;
  run: StoredRun;
  step: number;
  actor: Actor;
  ports: ActionPorts;
}

/** Runs one action; returns what it did, for the run's step history. */
export async function performAction(context: ActionContext, action: Action): Promise<Record<string, unknown>> {
  const { db, run } = context;
  const recordType = run.recordType as WorkflowRecordType;
  const record = await loadWorkflowRecord(db, recordType, run.recordId);
  if (!record) throw new ActionRejected(`The ${recordType} ${run.recordId} no longer exists`);
  try {
    return await perform(context, action, record);
  } catch (error) {
    // A refusal of the domain (validation, access, not found) will not change on retry; a stale version will.
    if (error instanceof DomainError && !(error instanceof ConflictError)) throw new ActionRejected(error.message);
    throw error;
  }
}

async function perform(context: ActionContext, action: Action, record: StoredRecord): Promise<Record<string, unknown>> {
  const { db, run, actor, ports } = context;
  const recordType = run.recordType as WorkflowRecordType;
  const claim = stepClaim(context);
  const update = (patch: Record<string, unknown>) =>
    updateWorkflowRecord(db, actor, ports, recordType, run.recordId, { ...patch, version: record.version as number });

  switch (action.type) {
    case 'createTask': {
      if (await claimed(db, claim.value)) return { skipped: 'done by an earlier attempt' };
      const template = action.templateId ? await taskTemplates.get(db, action.templateId) : undefined;
      const related = relatedOf(recordType, record);
      const days = action.dueInDays ?? template?.dueInDays ?? 1;
      const task = await createActivity(
        db,
        actor,
        ports,
        {
          type: 'task',
          subject: action.subject ?? template!.subject,
          ...(template?.description ? { description: template.description } : {}),
          ...related,
          dueAt: new Date(Date.now() + days * DAY_MS).toISOString(),
          ownerId: action.assignTo === 'owner' ? String(record.ownerId) : action.assignTo,
          ...(template ? { templateId: template.templateId } : {}),
        },
        [claim.write],
      );
      return { activityId: task.activityId, subject: task.subject, dueAt: task.dueAt };
    }
    case 'sendEmail':
      return sendEmail(context, action, record);
    case 'updateField': {
      if (fieldValue(record, action.field) === action.value) return { unchanged: true };
      const patch = action.field.startsWith('custom.') ? { custom: { [action.field.slice(7)]: action.value } } : { [action.field]: action.value };
      await update(patch);
      return { field: action.field, value: action.value };
    }
    case 'assignOwner': {
      const ownerId = action.userId ?? (await nextInRotation(db, action.groupId!));
      if (record.ownerId === ownerId) return { ownerId, unchanged: true };
      await update({ ownerId });
      return { ownerId };
    }
    case 'addTag':
    case 'removeTag': {
      const tags = new Set((record.tags as string[] | undefined) ?? []);
      const had = tags.has(action.tag);
      if (action.type === 'addTag') tags.add(action.tag);
      else tags.delete(action.tag);
      if (had === (action.type === 'addTag')) return { tag: action.tag, unchanged: true };
      await update({ tags: [...tags] });
      return { tag: action.tag };
    }
    case 'notify': {
      const recipientId = action.userId === 'owner' ? String(record.ownerId) : action.userId;
      const notificationId = newId();
      try {
        await transact(db.documentClient, [
          {
            item: {
              Put: db.entities.notification
                .create({
                  recipientId,
                  notificationId,
                  message: action.message,
                  recordType: run.recordType,
                  recordId: run.recordId,
                  workflowId: run.workflowId,
                  runId: run.runId,
                  createdAt: nowIso(),
                  expiresAt: Math.floor(Date.now() / 1000) + 90 * 24 * 3600,
                })
                .params(),
            },
            conflict: () => new ConflictError('notification exists'),
          },
          claim.write,
        ]);
      } catch (error) {
        if (error instanceof StepDone) return { skipped: 'done by an earlier attempt' };
        throw error;
      }
      return { recipientId, notificationId };
    }
    case 'webhook':
      return callWebhook(context, action, record);
    case 'startWorkflow': {
      const target = await workflows.find(db, action.workflowId);
      if (!target) throw new ActionRejected(`Workflow ${action.workflowId} no longer exists`);
      if (!target.enabled) return { skipped: `workflow “${target.name}” is disabled` };
      const chain = [...run.chain, target.workflowId];
      const started = await createRun(db, {
        workflow: target as Workflow,
        chain,
        recordType: run.recordType,
        recordId: run.recordId,
        trigger: { detailType: 'Workflow Started', eventId: `${run.runId}#${context.step}` },
      });
      await ports.starter.start('workflowRun', started.runId, { runId: started.runId, workflowId: target.workflowId, step: 0 });
      return { workflowId: target.workflowId, runId: started.runId };
    }
    case 'wait':
      throw new ActionRejected('A wait is run by the state machine, not as an action');
  }
}

/** A task goes on the record itself; a workflow on an activity puts it on the activity's record. */
function relatedOf(recordType: WorkflowRecordType, record: StoredRecord) {
  if (recordType === 'activity') return { relatedType: record.relatedType as 'lead', relatedId: String(record.relatedId) };
  return { relatedType: recordType, relatedId: String(record[`${recordType}Id`]) };
}

class StepDone extends Error {}

function stepClaim({ db, run, step }: ActionContext) {
  const value = `${run.runId}#${step}`;
  return {
    value,
    write: {
      item: { Put: db.entities.uniqueValue.create({ kind: STEP_CLAIM, value, holderId: run.runId }).params() },
      conflict: () => new StepDone(),
    },
  };
}

const claimed = async (db: Database, value: string) => Boolean((await db.entities.uniqueValue.get({ kind: STEP_CLAIM, value }).go()).data);

/**
 * Claim, then send: a retry after a send that went out finds the claim and sends nothing.
 * A send that fails gives the claim back, so the retry sends.
 */
async function sendEmail(context: ActionContext, action: Extract<Action, { type: 'sendEmail' }>, record: StoredRecord) {
  const { db, run } = context;
  const mailer = await context.ports.mailer();
  if (!mailer) return { sent: false, reason: 'no sender configured (sesIdentity)' };
  const template = await emailTemplates.find(db, action.templateId);
  if (!template) throw new ActionRejected(`Email template ${action.templateId} no longer exists`);
  const owner = (await db.entities.user.get({ userId: String(record.ownerId) }).go()).data;
  const to = action.to === 'owner' ? owner?.email : (record.email as string | undefined);
  if (!to) throw new ActionRejected(action.to === 'owner' ? 'The record is not owned by a user with an email' : `The ${run.recordType} has no email address`);
  const email = renderEmail(template, { ...record, ...(record.custom as object), custom: record.custom, owner: owner ? { name: owner.name, email: owner.email } : {} });
  const claim = stepClaim(context);
  try {
    await transact(db.documentClient, [claim.write]);
  } catch (error) {
    if (error instanceof StepDone) return { sent: false, reason: 'sent by an earlier attempt' };
    throw error;
  }
  try {
    const { messageId } = await mailer.send({ to, ...email });
    return { sent: true, to, subject: email.subject, messageId };
  } catch (error) {
    await db.entities.uniqueValue.delete({ kind: STEP_CLAIM, value: claim.value }).go({ response: 'none' });
    throw error;
  }
}

/** POST the record, signed; anything but 2xx fails the step so the state machine retries it. */
async function callWebhook(context: ActionContext, action: Extract<Action, { type: 'webhook' }>, record: StoredRecord) {
  const { run, step } = context;
  const allowPrivate = allowPrivateWebhooks();
  await assertPublicDestination(action.url, { allowPrivate }).catch((error: Error) => {
    throw new ActionRejected(error.message);
  });
  const eventId = `${run.runId}#${step}`;
  const { acl: _acl, uniqueClaims: _claims, ...fields } = record;
  const body = JSON.stringify({ id: eventId, type: 'Workflow Webhook', time: nowIso(), workflowId: run.workflowId, runId: run.runId, recordType: run.recordType, record: fields });
  const headers = webhookHeaders({ secret: action.secret ?? '', body, eventId, deliveryId: eventId, detailType: 'Workflow Webhook' });
  const response = await (context.ports.fetch ?? fetch)(action.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  if (response.status < 200 || response.status > 299) {
    const error = new Error(`The webhook answered ${response.status}`);
    error.name = 'WebhookFailed';
    throw error;
  }
  return { status: response.status };
}

/** Round-robin: the group's active members in a fixed order, and a counter that turns. */
export async function nextInRotation(db: Database, groupId: string): Promise<string> {
  const members: string[] = [];
  let cursor: string | undefined;
  const { listUsers } = await import('../auth/users');
  do {
    const page = await listUsers(db, { limit: 100, cursor });
    members.push(...page.items.filter((u) => u.active && u.groups.includes(groupId)).map((u) => u.userId));
    cursor = page.cursor ?? undefined;
  } while (cursor);
  if (members.length === 0) throw new ActionRejected(`The group ${groupId} has no active members`);
  members.sort();
  const { data } = await db.entities.rotation.update({ groupId }).add({ turns: 1 }).go({ response: 'all_new' });
  return members[(Number(data.turns) - 1) % members.length]!;
}

