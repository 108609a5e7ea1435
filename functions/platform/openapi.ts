import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { Problem } from '../../shared/platform/schemas';
import { routes } from '../http/routes';

const ERROR_STATUSES: Record<string, string> = {
  '400': 'Malformed JSON or query',
  '401': 'Missing, expired or forged token',
  '403': 'The profile lacks the privilege',
  '404': 'No such record or route',
  '409': 'Stale version or a unique value taken',
  '413': 'Body over 1 MB',
  '415': 'Body is not JSON',
  '422': 'Invalid fields, one entry per field',
  '503': 'A service the request needs (a form’s CAPTCHA provider) is out of reach: send it again after Retry-After',
};

/** The OpenAPI 3.1 document, generated from the route table and its zod schemas. */
export function buildOpenApiDocument(serverUrl?: string) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  const problemContent = { 'application/problem+json': { schema: Problem } };
  for (const route of routes) {
    const request = 'request' in route ? route.request : undefined;
    const body = request && 'body' in request ? request.body : undefined;
    const responses: Record<string, { description: string; content?: Record<string, { schema: typeof Problem }> }> = {};
    for (const [status, description] of Object.entries(ERROR_STATUSES)) responses[status] = { description, content: problemContent };
    registry.registerPath({
      operationId: route.operationId,
      method: route.method.toLowerCase() as 'get',
      path: route.path,
      summary: route.summary,
      tags: [route.tag],
      security: route.permission.kind === 'public' ? [] : [{ bearer: [] }],
      request: {
        params: request && 'params' in request ? request.params : undefined,
        query: request && 'query' in request ? request.query : undefined,
        body: body ? { content: { 'application/json': { schema: body } }, required: true } : undefined,
      },
      responses: {
        ...responses,
        [route.response.status]: {
          description: route.response.description,
          ...('schema' in route.response && route.response.schema
            ? { content: { 'application/json': { schema: route.response.schema } } }
            : {}),
        },
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Serverless CRM API',
      version: '1',
      description: 'Every error is RFC 9457 application/problem+json with one entry per bad field.',
    },
    servers: serverUrl ? [{ url: serverUrl }] : [],
  });
}
