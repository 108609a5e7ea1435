import { createHttpHandler, type Operations } from '../http/http-handler';
import { automationRoutes } from '../http/routes/automation';
import { webhookRoutes } from '../http/routes/webhooks';
import { formRoutes } from '../http/routes/forms';
import { userDirectory } from '../http/adapters';
import { db } from '../http/deps';
import { automationOperations } from './automation-operations';
import { webhookOperations } from './webhook-operations';
import { formOperations } from './form-operations';

export const operations: Operations<'setup'> = { ...automationOperations, ...webhookOperations, ...formOperations };
export const handler = createHttpHandler('setup', operations, {
  routes: [...automationRoutes, ...webhookRoutes, ...formRoutes.filter((r) => r.fn === 'setup')],
  access: { database: db, directory: userDirectory },
});
