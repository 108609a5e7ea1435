/**
 * Chained tasks (seed 002): a task made from a template whose template names a next
 * one; when it is completed, the next task is created on the same record for the same
 * person. Driven by the "Activity Completed" event, so it happens within seconds of the
 * completion, once: a claim on the completed task goes in the new task's transaction.
 */
import { createActivity, type ActivityPorts } from '../activities/activities';
import { readSettings } from '../access/context';
import type { DomainEventDetail } from '../events/catalogue';
import type { Database } from '../platform/database';
import { ConflictError } from '../platform/errors';
import { taskTemplates } from './templates';

export type ChainPorts = ActivityPorts;

const CHAIN_CLAIM = 'taskChain';
export const CHAIN_ACTOR = 'automation:chained-tasks';
const DAY_MS = 24 * 3600 * 1000;

/** The id of the task created, or undefined when the completed task leads to none (or already led to one). */
export async function createNextChainedTask(db: Database, ports: ChainPorts, detail: DomainEventDetail): Promise<string | undefined> {
  const completed = detail.record;
  if (completed.type !== 'task' || typeof completed.templateId !== 'string') return undefined;
  const template = await taskTemplates.find(db, completed.templateId);
  const next = template?.nextTemplateId ? await taskTemplates.find(db, template.nextTemplateId) : undefined;
  if (!next) return undefined;
  const actor = { userId: CHAIN_ACTOR, profile: 'administrator', roles: [], groups: [], settings: await readSettings(db), origin: { requestId: detail.eventId } };
  const claim = {
    item: { Put: db.entities.uniqueValue.create({ kind: CHAIN_CLAIM, value: detail.recordId, holderId: next.templateId }).params() },
    conflict: () => new AlreadyChained(),
  };
  try {
    const task = await createActivity(
      db,
      actor,
      ports,
      {
        type: 'task',
        subject: next.subject,
        ...(next.description ? { description: next.description } : {}),
        relatedType: completed.relatedType as 'lead',
        relatedId: String(completed.relatedId),
        dueAt: new Date(Date.now() + next.dueInDays * DAY_MS).toISOString(),
        ownerId: String(completed.ownerId),
        templateId: next.templateId,
      },
      [claim],
    );
    return task.activityId;
  } catch (error) {
    if (error instanceof AlreadyChained) return undefined;
    throw error;
  }
}

class AlreadyChained extends ConflictError {
  constructor() {
    super('The next task was created already');
  }
}
