import { createHttpHandler, RawResponse, type Operations } from '../http/http-handler';
import { platformRoutes } from '../http/routes/platform';
import { answerUnmatched } from '../http/unmatched';

let openApiJson: string | undefined;

export const operations: Operations<'platform'> = {
  health: async () => ({ status: 'ok', time: new Date().toISOString() }),
  openapi: async () => {
    // Generated on first use: most platform invocations are health checks and 404s.
    openApiJson ??= JSON.stringify((await import('./openapi')).buildOpenApiDocument());
    return new RawResponse({
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' },
      body: openApiJson,
    });
  },
};

/** Also the `$default` route: unknown paths and wrong methods get problem+json 404/405. */
export const handler = createHttpHandler('platform', operations, { routes: platformRoutes, unmatched: answerUnmatched });
