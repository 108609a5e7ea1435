/** The setup function's workflow, template and notification operations (routes: ../http/routes/automation.ts). */
import { describeEventTypes } from '../../shared/events/catalogue';
import { ConflictError, NotFoundError } from '../../shared/platform/errors';
import { createWorkflow, deleteWorkflow, updateWorkflow, workflows, workflowsUsingTemplate } from '../../shared/workflows/workflows';
import { emailTemplates, saveEmailTemplate, saveTaskTemplate, taskTemplates } from '../../shared/workflows/templates';
import { listRuns, loadRun, presentRun } from '../../shared/workflows/runs';
import { runDateTriggers } from '../../shared/workflows/date-triggers';
import { ensureAutomationExamples } from '../../shared/workflows/examples';
import { listNotifications, markNotificationRead } from '../../shared/workflows/notifications';
import type { automationRoutes } from '../http/routes/automation';
import { callerIdentity, prefetching, type Operations } from '../http/http-handler';
import { eventPublisher } from '../http/adapters';
import { db } from '../http/deps';

type OperationId = (typeof automationRoutes)[number]['operationId'];

/** A template a workflow or another template still uses cannot go. */
async function refuseIfUsed(templateId: string, noun: string) {
  const users = await workflowsUsingTemplate(db(), templateId);
  const chained = noun === 'task template' ? (await taskTemplates.list(db())).filter((t) => t.nextTemplateId === templateId) : [];
  const names = [...users.map((w) => `workflow “${w.name}”`), ...chained.map((t) => `task template “${t.name}”`)];
  if (names.length) throw new ConflictError(`The ${noun} is used by ${names.join(', ')}; change them first`, [{ name: 'templateId', detail: `is used by ${names.join(', ')}` }]);
}

export const automationOperations: Pick<Operations<'setup'>, OperationId> = {
  listEventTypes: async () => describeEventTypes(),

  listWorkflows: async () => {
    // In AWS the ready-made examples appear the first time an admin opens the list; locally on first start.
    await ensureAutomationExamples(db());
    return { items: await workflows.list(db()) };
  },
  createWorkflow: ({ actor, body }) => createWorkflow(db(), actor, body),
  getWorkflow: ({ params }) => workflows.get(db(), params.workflowId),
  updateWorkflow: ({ actor, params, body }) => updateWorkflow(db(), actor, params.workflowId, body),
  deleteWorkflow: ({ actor, params }) => deleteWorkflow(db(), actor, params.workflowId),
  listWorkflowRuns: async ({ params, query }) => {
    await workflows.get(db(), params.workflowId);
    return listRuns(db(), params.workflowId, query);
  },
  getWorkflowRun: async ({ params }) => presentRun(await loadRun(db(), params.workflowId, params.runId)),
  runDateTriggers: async () => runDateTriggers(db(), await eventPublisher()),

  listEmailTemplates: async () => ({ items: await emailTemplates.list(db()) }),
  createEmailTemplate: ({ actor, body }) => saveEmailTemplate(db(), actor, body),
  updateEmailTemplate: ({ actor, params, body }) => saveEmailTemplate(db(), actor, body, params.templateId),
  deleteEmailTemplate: async ({ actor, params }) => {
    await refuseIfUsed(params.templateId, 'email template');
    await emailTemplates.remove(db(), actor, params.templateId);
  },

  listTaskTemplates: async () => ({ items: await taskTemplates.list(db()) }),
  createTaskTemplate: ({ actor, body }) => saveTaskTemplate(db(), actor, body),
  updateTaskTemplate: ({ actor, params, body }) => saveTaskTemplate(db(), actor, body, params.templateId),
  deleteTaskTemplate: async ({ actor, params }) => {
    await refuseIfUsed(params.templateId, 'task template');
    await taskTemplates.remove(db(), actor, params.templateId);
  },

  // The bell asks on every page: the caller's own notifications are read beside the caller
  // check (keyed by the verified token's subject) and answered only once that check passes.
  listNotifications: prefetching({
    prefetch: ({ event, query }) => listNotifications(db(), callerIdentity(event).userId, query),
    run: async (_input, page) => page,
  }),
  readNotification: async ({ actor, params }) => {
    if (!(await markNotificationRead(db(), actor.userId, params.notificationId))) throw new NotFoundError(`No notification ${params.notificationId}`);
  },
};
