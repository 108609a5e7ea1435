/** Workflows as data: saved after validation, listed whole for the matcher (one Query). */
import type { Actor } from '../crm/actor';
import type { Database } from '../platform/database';
import { ConflictError } from '../platform/errors';
import { orgDefinitions } from '../platform/org-definitions';
import type { Workflow, WorkflowInput, WorkflowUpdate } from './schemas';
import { validateWorkflow } from './validation';

export const workflows = orgDefinitions<Workflow & Record<string, unknown>>({ entity: 'workflow', idField: 'workflowId', noun: 'workflow' });

const startsOf = (workflow: Pick<Workflow, 'actions'>) => workflow.actions.flatMap((a) => (a.type === 'startWorkflow' ? [a.workflowId] : []));

async function validate(db: Database, input: WorkflowInput, workflowId?: string) {
  const all = new Map((await workflows.list(db)).map((w) => [w.workflowId, w]));
  await validateWorkflow(db, input, { workflowId, starts: async (id) => (all.has(id) ? startsOf(all.get(id)!) : undefined) });
}

export async function createWorkflow(db: Database, actor: Actor, input: WorkflowInput, seeded?: string): Promise<Workflow> {
  await validate(db, input);
  return workflows.create(db, actor, { ...input, ...(seeded ? { seeded } : {}) });
}

export async function updateWorkflow(db: Database, actor: Actor, workflowId: string, input: WorkflowUpdate): Promise<Workflow> {
  await workflows.get(db, workflowId);
  const { version, ...definition } = input;
  await validate(db, definition, workflowId);
  return workflows.update(db, actor, workflowId, { ...definition, conditions: definition.conditions, description: definition.description, version });
}

export async function deleteWorkflow(db: Database, actor: Actor, workflowId: string): Promise<void> {
  const starter = (await workflows.list(db)).find((w) => w.workflowId !== workflowId && startsOf(w).includes(workflowId));
  if (starter) throw new ConflictError(`The workflow “${starter.name}” starts this one; change it first`, [{ name: 'workflowId', detail: `is started by ${starter.workflowId}` }]);
  await workflows.remove(db, actor, workflowId);
}

/** The workflows that use a template, so deleting it can be refused. */
export async function workflowsUsingTemplate(db: Database, templateId: string): Promise<Workflow[]> {
  return (await workflows.list(db)).filter((w) => w.actions.some((a) => (a.type === 'sendEmail' || a.type === 'createTask') && a.templateId === templateId));
}
