/**
 * Turns a route group's operations into one Lambda handler (API Gateway HTTP API,
 * payload v2). The same handler serves AWS and the local server: parse → authorize →
 * call the domain → respond, with every failure as RFC 9457 problem+json.
 */
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import type { Actor } from '../../shared/crm/actor';
import { authorize } from '../../shared/access/policy';
import { identityFromClaims } from '../../shared/auth/claims';
import { loadActor } from '../../shared/access/context';
import type { Database } from '../../shared/platform/database';
import type { UserDirectory } from '../../shared/ports/user-directory';
import { HttpProblem, fieldErrors, toProblem } from './problem';
import { routeKey, type RouteDefinition } from './route';
import type { Route } from './routes';

export const MAX_BODY_BYTES = 1024 * 1024;

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;
type RequestOf<R extends RouteDefinition> = R['request'] extends infer Q
  ? Q extends { params?: infer P; query?: infer S; body?: infer B }
    ? { params: Infer<P>; query: Infer<S>; body: Infer<B> }
    : { params: undefined; query: undefined; body: undefined }
  : never;
type ResponseOf<R extends RouteDefinition> = R['response'] extends { schema: infer S } ? z.input<S & z.ZodType> : unknown;

export interface RequestInput<R extends RouteDefinition> {
  params: RequestOf<R>['params'];
  query: RequestOf<R>['query'];
  body: RequestOf<R>['body'];
  event: APIGatewayProxyEventV2;
}

export interface OperationInput<R extends RouteDefinition> extends RequestInput<R> {
  /** the caller as of this request; undefined only on public routes */
  actor: Actor;
}

type Run<R extends RouteDefinition> = (input: OperationInput<R>) => Promise<ResponseOf<R> | RawResponse>;

/**
 * A read that starts its own fetch while the caller's user record and settings load,
 * then decides with both: the policy check costs no extra round trip. GET routes only.
 */
export interface Prefetching<R extends RouteDefinition, P> {
  prefetch(input: RequestInput<R>): Promise<P>;
  run(input: OperationInput<R>, prefetched: P): Promise<ResponseOf<R> | RawResponse>;
}

/** The operations a function group implements, typed from the route table. */
export type Operations<G extends Route['fn']> = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each operation picks its own prefetch type
  [R in Extract<Route, { fn: G }> as R['operationId']]: Run<R> | Prefetching<R, any>;
};

export const prefetching = <R extends RouteDefinition, P>(operation: Prefetching<R, P>) => operation;

/** For responses that are not JSON (the CSV file, the OpenAPI document as-is). */
export class RawResponse {
  constructor(readonly result: APIGatewayProxyStructuredResultV2) {}
}

const logger = new Logger({ serviceName: 'crm' });
const metrics = new Metrics({ namespace: 'Crm', serviceName: 'crm' });

export interface HttpHandlerOptions<G extends Route['fn'] = Route['fn']> {
  /** This group's routes (functions/http/routes/<group>.ts): a function builds only its own schemas. */
  routes: readonly RouteDefinition[];
  /**
   * GET operations that only read and whose answer depends on nothing but the request and
   * the caller's access (record lists, histories, the board, the user directory). For a caller this function has served before,
   * each starts beside the caller's read, with their access as last seen; the answer is kept
   * only if the fresh read shows the same access, else the operation runs again. A warm
   * caller's list costs one round trip, not two, and a changed role or a deactivation still
   * applies to the very request.
   */
  readAhead?: readonly Extract<Route, { fn: G }>['operationId'][];
  /** For API Gateway's `$default` route: answers what matched no route (the platform function). */
  unmatched?: (event: APIGatewayProxyEventV2) => Promise<never>;
  /** Where callers' user records live; groups with only public routes leave it out and load no database code. */
  access?: { database: () => Database; directory?: () => Promise<UserDirectory | undefined> };
}

export function createHttpHandler<G extends Route['fn']>(group: G, operations: Operations<G>, options: HttpHandlerOptions<G>) {
  const byKey = new Map(options.routes.map((route) => [routeKey(route), route]));
  const readsAhead = new Set<string>(options.readAhead ?? []);
  for (const operationId of readsAhead) {
    // Run ahead means run on a guess; only a read may be.
    if (options.routes.find((route) => route.operationId === operationId)?.method !== 'GET') throw new Error(`${operationId}: only GET routes may run ahead`);
  }
  const core = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const requestId = event.requestContext?.requestId;
    logger.appendKeys({ requestId, routeKey: event.routeKey });
    try {
      const route = byKey.get(event.routeKey) ?? (options.unmatched ? await options.unmatched(event) : notFound(event));
      const operation = (operations as Record<string, Run<RouteDefinition> | Prefetching<RouteDefinition, unknown>>)[route.operationId];
      if (route.fn !== group || !operation) throw new HttpProblem(404, 'not-found', `No route ${event.routeKey}`);
      // The gateway verified the token (API Gateway's JWT authorizer, or the local gateway);
      // who the caller is now (active? profile? roles?) comes from their user record.
      const caller = callerOf(route, event, requestId, options.access);
      const input = await parseAfterCaller(route, event, caller);
      const execute = async (): Promise<APIGatewayProxyStructuredResultV2> => {
        let result: unknown;
        if (typeof operation === 'function') {
          const run = (actor: Actor) => operation({ ...input, actor, event } as OperationInput<RouteDefinition>);
          const ahead = readsAhead.has(route.operationId) ? runAhead(route, event, requestId, run) : undefined;
          const actor = (await caller) as Actor;
          result = ahead && sameAccess(actor, ahead.actor) ? await ahead.answer : await run(actor);
        } else {
          if (route.method !== 'GET') throw new Error(`${route.operationId}: only GET routes may prefetch`);
          const [actor, prefetched] = await Promise.allSettled([caller, operation.prefetch({ ...input, event } as RequestInput<RouteDefinition>)]);
          if (actor.status === 'rejected') throw actor.reason;
          if (prefetched.status === 'rejected') throw prefetched.reason;
          result = await operation.run({ ...input, actor: actor.value as Actor, event } as OperationInput<RouteDefinition>, prefetched.value);
        }
        if (result instanceof RawResponse) return result.result;
        if (route.response.status === 204) return { statusCode: 204 };
        return { statusCode: route.response.status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) };
      };
      metrics.addMetric('Requests', MetricUnit.Count, 1);
      const idempotencyKey = header(event, 'idempotency-key');
      const actor = route.permission.kind === 'public' || route.method !== 'POST' ? undefined : await caller;
      if (idempotencyKey === undefined || !actor) return withRequestId(await execute(), requestId);
      return withRequestId(await executeOnce(options.access!.database(), idempotencyKey, `${actor.userId} ${route.operationId}`, input.body, execute), requestId);
    } catch (error) {
      const { response, unexpected } = toProblem(error, requestId);
      metrics.addMetric(response.statusCode! >= 500 ? 'ServerErrors' : 'ClientErrors', MetricUnit.Count, 1);
      if (unexpected) logger.error('Unhandled error', error as Error);
      else logger.info('Request refused', { status: response.statusCode, detail: (error as Error).message });
      return withRequestId(response, requestId);
    }
  };
  const handler = middy(core as (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>).use(
    injectLambdaContext(logger, { resetKeys: true }),
  );
  // Metrics are off under `npm start`, where one process serves requests concurrently and
  // the shared Metrics instance would publish (and warn about) other requests' metrics.
  return process.env.POWERTOOLS_METRICS_DISABLED === 'true' ? handler : handler.use(logMetrics(metrics));
}

/** A POST with an Idempotency-Key runs once; its retries get the first answer again. */
async function executeOnce(
  database: Database,
  key: string,
  scope: string,
  body: unknown,
  execute: () => Promise<APIGatewayProxyStructuredResultV2>,
): Promise<APIGatewayProxyStructuredResultV2> {
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new HttpProblem(400, 'invalid-idempotency-key', 'Idempotency-Key must be 1 to 255 visible ASCII characters', [
      { name: 'Idempotency-Key', detail: 'must be 1 to 255 visible ASCII characters' },
    ]);
  }
  // Loaded on first use: most requests carry no key.
  const { runIdempotent } = await import('../../shared/platform/idempotency');
  const outcome = await runIdempotent(database, { scope, key, request: body }, async () => {
    const response = await execute();
    return { result: response, keep: (response.statusCode ?? 200) < 300 };
  });
  if (!outcome.replayed) return outcome.result;
  return { ...outcome.result, headers: { ...outcome.result.headers, 'idempotent-replayed': 'true' } };
}

/** Callers' access as each was last loaded here, for reads run ahead (bounded: a warm function serves a team, not a crowd). */
const lastSeen = new Map<string, Actor>();
const LAST_SEEN_LIMIT = 1000;

function remember(actor: Actor) {
  if (lastSeen.size >= LAST_SEEN_LIMIT && !lastSeen.has(actor.userId)) lastSeen.clear();
  lastSeen.set(actor.userId, actor);
}

/** The operation started with the caller's access as last seen, if this function has seen them and it allowed the route. */
function runAhead(route: RouteDefinition, event: APIGatewayProxyEventV2, requestId: string | undefined, run: (actor: Actor) => Promise<unknown>) {
  const claims = authorizerClaims(event);
  const last = claims?.sub === undefined ? undefined : lastSeen.get(String(claims.sub));
  if (!last) return undefined;
  try {
    authorize(route.permission, last);
  } catch {
    return undefined;
  }
  const answer = run({ ...last, origin: originOf(event, requestId) });
  answer.catch(() => undefined); // kept or dropped once the caller is in; dropped, its failure is nobody's
  return { actor: last, answer };
}

/** Everything an answer may depend on of the caller: who, profile, roles, groups, and the settings' version. */
function sameAccess(actor: Actor, last: Actor) {
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((value, i) => value === b[i]);
  return (
    actor.userId === last.userId &&
    actor.profile === last.profile &&
    same(actor.roles, last.roles) &&
    same(actor.groups, last.groups) &&
    actor.settings.version === last.settings.version
  );
}

const originOf = (event: APIGatewayProxyEventV2, requestId: string | undefined) => ({ ip: event.requestContext?.http?.sourceIp, userAgent: header(event, 'user-agent'), requestId });

/** The caller, loaded and checked against the route's permission; starts at once, awaited where needed. */
function callerOf(route: RouteDefinition, event: APIGatewayProxyEventV2, requestId: string | undefined, access: HttpHandlerOptions['access']): Promise<Actor | undefined> {
  if (route.permission.kind === 'public') return Promise.resolve(undefined);
  const caller = (async () => {
    if (!access) throw new Error(`${route.operationId} needs the caller, but its function group was built without access`);
    const identity = identityFromClaims(authorizerClaims(event));
    const actor = await loadActor(access.database(), identity, originOf(event, requestId), access.directory).catch((error: unknown) => {
      lastSeen.delete(identity.userId); // deactivated or gone: nothing more is run ahead for them
      throw error;
    });
    remember(actor);
    authorize(route.permission, actor);
    return actor;
  })();
  caller.catch(() => undefined); // awaited below; this keeps an early request error from leaving it unhandled
  return caller;
}

/** Bad input from someone who may not call the route at all gets their 401/403, not a 4xx about the input. */
async function parseAfterCaller(route: RouteDefinition, event: APIGatewayProxyEventV2, caller: Promise<unknown>) {
  try {
    return parseRequest(route, event);
  } catch (error) {
    await caller;
    throw error;
  }
}

function notFound(event: APIGatewayProxyEventV2): never {
  throw new HttpProblem(404, 'not-found', `Nothing at ${event.requestContext.http.method} ${event.rawPath}`);
}

/** Who the verified token says the caller is, for a prefetch that reads the caller's own items. */
export const callerIdentity = (event: APIGatewayProxyEventV2) => identityFromClaims(authorizerClaims(event));

function authorizerClaims(event: APIGatewayProxyEventV2) {
  const context = event.requestContext as APIGatewayProxyEventV2['requestContext'] & { authorizer?: { jwt?: { claims?: Record<string, string> } } };
  return context.authorizer?.jwt?.claims;
}

function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  return event.headers?.[name] ?? event.headers?.[name.toLowerCase()];
}

function parseRequest(route: RouteDefinition, event: APIGatewayProxyEventV2) {
  const request = route.request ?? {};
  const errors: { name: string; detail: string }[] = [];
  const parsePart = (schema: z.ZodType | undefined, value: unknown) => {
    if (!schema) return undefined;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    errors.push(...fieldErrors(result.error));
    return undefined;
  };
  const params = parsePart(request.params, event.pathParameters ?? {});
  if (errors.length) throw new HttpProblem(404, 'not-found', `Nothing at ${event.rawPath}`);
  const query = parsePart(request.query, event.queryStringParameters ?? {});
  if (errors.length) throw new HttpProblem(400, 'invalid-query', 'The query string has invalid parameters', errors);
  const body = request.body ? parsePart(request.body, readJsonBody(event)) : undefined;
  if (errors.length) throw new HttpProblem(422, 'validation', 'The request body has invalid fields', errors);
  return { params, query, body };
}

function readJsonBody(event: APIGatewayProxyEventV2): unknown {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) {
    throw new HttpProblem(413, 'too-large', `The body is ${bytes.length} bytes; the limit is ${MAX_BODY_BYTES}`);
  }
  const contentType = header(event, 'content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
    throw new HttpProblem(415, 'unsupported-media-type', 'Send the body as application/json');
  }
  if (bytes.length === 0) throw new HttpProblem(400, 'malformed-json', 'The body is empty; send a JSON object');
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new HttpProblem(400, 'malformed-json', `The body is not valid JSON: ${(error as Error).message}`);
  }
}

function withRequestId(result: APIGatewayProxyStructuredResultV2, requestId: string | undefined) {
  return requestId ? { ...result, headers: { ...result.headers, 'x-request-id': requestId } } : result;
}

