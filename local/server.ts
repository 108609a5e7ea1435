/**
 * The local stand-in for API Gateway: each request becomes the payload-2.0 event AWS
 * would send and goes to the same function-group handler, matched by the same route
 * table. It also serves the rep UI and the local-only endpoints (JWKS, outbox).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { FunctionGroup } from '../functions/http/route';
import { matchRoute } from '../functions/http/route-match';
import { rateLimitedHeaders, routeKey } from '../functions/http/route';
import { problemResponse, toProblem } from '../functions/http/problem';
import { flattenClaims } from '../shared/auth/claims';
import { bearerToken } from '../shared/auth/tokens';
import { lambdaContext, toApiGatewayEvent } from './apigw-event';
import type { RateLimiter } from './rate-limiter';

export type HttpFunction = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** Lambda's own request payload limit: bigger bodies never reach a function in AWS either. */
const LAMBDA_PAYLOAD_LIMIT = 6 * 1024 * 1024;

export interface LocalEndpoint {
  (request: IncomingMessage, url: URL): Promise<APIGatewayProxyStructuredResultV2 | undefined>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

export function createLocalServer(options: {
  functions: Record<FunctionGroup, HttpFunction>;
  /** Plays API Gateway's JWT authorizer: verified claims for the token, or a thrown 401. */
  verifyToken: (token: string) => Promise<Record<string, unknown>>;
  /** served as they are, first match wins: the UI, the web-form snippet */
  staticDir?: string | string[];
  localEndpoints?: LocalEndpoint[];
  /** API Gateway throttling and the WAF rate rules, as declared on the routes */
  limiter?: RateLimiter;
  /** bench only: the header naming the simulated client, so a load of many visitors comes from one machine */
  clientHeader?: string;
}): Server {
  return createServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      console.error('local server error', error);
      if (!response.headersSent) send(response, problemResponse(500, 'internal', 'The local server failed'));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const body = await readBody(request);
    if (body === 'too-large') {
      request.resume();
      return send(response, problemResponse(413, 'too-large', `The body exceeds ${LAMBDA_PAYLOAD_LIMIT} bytes`), true);
    }
    for (const endpoint of options.localEndpoints ?? []) {
      const result = await endpoint(request, url);
      if (result) return send(response, result);
    }
    const match = matchRoute(request.method ?? 'GET', url.pathname);
    if (match.kind !== 'route' && request.method === 'GET' && options.staticDir) {
      for (const dir of ([] as string[]).concat(options.staticDir)) {
        const file = await staticFile(dir, url.pathname);
        if (file) return send(response, file);
      }
    }
    if (match.kind === 'route' && match.route.throttle && options.limiter) {
      const client = (options.clientHeader && request.headers[options.clientHeader]?.toString()) || request.socket.remoteAddress || 'unknown';
      const refused = options.limiter.check(match.route.throttle, { ip: client, path: url.pathname, routeKey: routeKey(match.route) });
      if (refused) {
        // the intake's 429 is readable by the embedding page's script, as the WAF's is in AWS (infra/constructs/crm-intake-api.ts)
        const headers = match.route.fn === 'intake' ? rateLimitedHeaders(refused.retryAfterSeconds) : { 'retry-after': String(refused.retryAfterSeconds) };
        return send(response, problemResponse(429, 'too-many-requests', refused.detail, [], { headers }));
      }
    }
    const event =
      match.kind === 'route'
        ? toApiGatewayEvent(request, url, body, { routeKey: routeKey(match.route), pathParameters: match.pathParameters })
        : toApiGatewayEvent(request, url, body, { routeKey: '$default' });
    if (match.kind === 'route' && match.route.permission.kind !== 'public') {
      // API Gateway's JWT authorizer: no valid token, no invocation.
      try {
        const claims = await options.verifyToken(bearerToken(event.headers.authorization));
        (event.requestContext as typeof event.requestContext & { authorizer: unknown }).authorizer = {
          jwt: { claims: flattenClaims(claims), scopes: null },
        };
      } catch (error) {
        return send(response, toProblem(error, event.requestContext.requestId).response);
      }
    }
    const group: FunctionGroup = match.kind === 'route' ? match.route.fn : 'platform';
    const result = await options.functions[group](event, lambdaContext(`crm-${group}`, event.requestContext.requestId));
    send(response, result);
  }
}

function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > LAMBDA_PAYLOAD_LIMIT) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

async function staticFile(root: string, pathname: string): Promise<APIGatewayProxyStructuredResultV2 | undefined> {
  const relative = pathname === '/' ? 'index.html' : normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  if (relative.startsWith('..')) return undefined;
  try {
    const content = await readFile(join(root, relative));
    return {
      statusCode: 200,
      headers: { 'content-type': MIME[extname(relative)] ?? 'application/octet-stream', 'cache-control': 'no-cache' },
      body: content.toString('base64'),
      isBase64Encoded: true,
    };
  } catch {
    return undefined;
  }
}

function send(response: ServerResponse, result: APIGatewayProxyStructuredResultV2, close = false) {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  if (close) headers.connection = 'close';
  const body = result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(body);
}
