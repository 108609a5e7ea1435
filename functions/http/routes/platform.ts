/** Platform routes: health and the API description. Part of the route table (../routes.ts). */
import * as z from 'zod';
import { defineRoute } from '../route';

const Health = z.object({ status: z.literal('ok'), time: z.string() }).meta({ id: 'Health' });

export const platformRoutes = [
  defineRoute({
    operationId: 'health',
    method: 'GET',
    path: '/health',
    fn: 'platform',
    permission: { kind: 'public', reason: 'load balancers and uptime checks call it without a token' },
    summary: 'Liveness check',
    tag: 'platform',
    response: { status: 200, schema: Health, description: 'The API is up' },
  }),
  defineRoute({
    operationId: 'openapi',
    method: 'GET',
    path: '/openapi.json',
    fn: 'platform',
    permission: { kind: 'public', reason: 'integrators read the API description before they hold a token' },
    summary: 'This API as an OpenAPI 3.1 document',
    tag: 'platform',
    response: { status: 200, contentType: 'application/json', description: 'OpenAPI 3.1 document' },
  }),
] as const;
