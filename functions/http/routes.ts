/**
 * The route table: each route declared once. It drives the CDK HTTP API routes
 * (infra/), the local server (local/), the OpenAPI document and the handlers' input
 * validation. Each function group's routes live in their own module so a function only
 * builds the schemas of its own routes; handlers live in functions/<group>/ keyed by
 * operationId.
 */
import { activityRoutes } from './routes/activities';
import { crmRoutes } from './routes/crm';
import { identityRoutes } from './routes/identity';
import { platformRoutes } from './routes/platform';
import { timelineRoutes } from './routes/timeline';
import { salesRoutes } from './routes/sales';
import { automationRoutes } from './routes/automation';
import { webhookRoutes } from './routes/webhooks';
import { formRoutes } from './routes/forms';
import { importRoutes } from './routes/imports';

export const routes = [...platformRoutes, ...identityRoutes, ...crmRoutes, ...salesRoutes, ...activityRoutes, ...timelineRoutes, ...automationRoutes, ...webhookRoutes, ...formRoutes, ...importRoutes] as const;

export type Route = (typeof routes)[number];
export type OperationId = Route['operationId'];
