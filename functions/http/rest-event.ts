/**
 * A handler written for HTTP API events (payload 2.0) behind an API Gateway REST API,
 * whose Lambda proxy integration sends payload 1.0 events and reads 1.0 results. The
 * public intake runs there (AWS WAF can guard a REST API, not an HTTP API); the local
 * gateway keeps sending 2.0 events, which pass through untouched.
 *
 * A REST API on its execute-api domain answers under the stage (`/prod/...`), while the
 * route (resource) paths have no stage: the path the client used minus the route's path is
 * the base the handler's own URLs need, passed on in `x-forwarded-prefix` (any such header
 * from the client is dropped).
 */
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, APIGatewayProxyResult, APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

export const PREFIX_HEADER = 'x-forwarded-prefix';

type HttpApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** Serves HTTP API events as before, and REST API (1.0) events through the conversion. */
export interface RestOrHttpApiHandler {
  (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2>;
  (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult>;
}

export function servingRestApi(handler: HttpApiHandler): RestOrHttpApiHandler {
  return (async (event: APIGatewayProxyEvent | APIGatewayProxyEventV2, context: Context) =>
    isRestEvent(event) ? toRestResult(await handler(toHttpApiEvent(event), context)) : handler(event, context)) as RestOrHttpApiHandler;
}

export const isRestEvent = (event: APIGatewayProxyEvent | APIGatewayProxyEventV2): event is APIGatewayProxyEvent =>
  typeof (event as APIGatewayProxyEvent).httpMethod === 'string' && (event as APIGatewayProxyEventV2).version !== '2.0';

/** The 2.0 event an HTTP API would have sent for this request (no authorizer claims: the intake is public). */
export function toHttpApiEvent(event: APIGatewayProxyEvent): APIGatewayProxyEventV2 {
  const context = event.requestContext;
  // 2.0 events name headers in lower case and join repeated ones with commas; cookies come apart
  const headers: Record<string, string> = {};
  const add = (name: string, value: string) => {
    const key = name.toLowerCase();
    headers[key] = key in headers ? `${headers[key]},${value}` : value;
  };
  if (event.multiValueHeaders) {
    for (const [name, values] of Object.entries(event.multiValueHeaders)) for (const value of values ?? []) add(name, value);
  } else {
    for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) add(name, value);
  }
  const cookies = headers.cookie?.split(/;\s*/).filter(Boolean);
  delete headers.cookie;
  delete headers[PREFIX_HEADER];
  const prefix = basePath(context.path, event.path);
  if (prefix) headers[PREFIX_HEADER] = prefix;

  const query: [string, string][] = event.multiValueQueryStringParameters
    ? Object.entries(event.multiValueQueryStringParameters).flatMap(([name, values]) => (values ?? []).map((value) => [name, value] as [string, string]))
    : Object.entries(event.queryStringParameters ?? {}).flatMap(([name, value]) => (value === undefined ? [] : [[name, value] as [string, string]]));
  const queryStringParameters: Record<string, string> = {};
  for (const [name, value] of query) queryStringParameters[name] = name in queryStringParameters ? `${queryStringParameters[name]},${value}` : value;
  const pathParameters = Object.fromEntries(Object.entries(event.pathParameters ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const routeKey = `${event.httpMethod} ${event.resource}`;

  return {
    version: '2.0',
    routeKey,
    rawPath: event.path,
    rawQueryString: query.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&'),
    ...(cookies?.length ? { cookies } : {}),
    headers,
    queryStringParameters: query.length ? queryStringParameters : undefined,
    pathParameters: Object.keys(pathParameters).length ? pathParameters : undefined,
    stageVariables: event.stageVariables ? Object.fromEntries(Object.entries(event.stageVariables).filter((entry): entry is [string, string] => entry[1] !== undefined)) : undefined,
    body: event.body ?? undefined,
    isBase64Encoded: event.isBase64Encoded ?? false,
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      domainName: context.domainName ?? headers.host ?? '',
      domainPrefix: context.domainPrefix ?? '',
      http: {
        method: event.httpMethod,
        path: event.path,
        protocol: context.protocol,
        sourceIp: context.identity?.sourceIp ?? '',
        userAgent: context.identity?.userAgent ?? headers['user-agent'] ?? '',
      },
      requestId: context.requestId,
      routeKey,
      stage: context.stage,
      time: context.requestTime ?? new Date(context.requestTimeEpoch).toUTCString(),
      timeEpoch: context.requestTimeEpoch,
    },
  };
}

/**
 * The leading segments of the path the client used (`requestContext.path`: `/prod/f/x`)
 * that the route's path (`path`: `/f/x`) lacks: `/prod` on the execute-api domain, a base
 * path mapping's path on a custom domain, '' when there is none or it looks odd. Counted in
 * segments, so percent-encoding differences between the two do not matter.
 */
export function basePath(requestPath: string | undefined, path: string): string {
  if (!requestPath) return '';
  const full = requestPath.split('/');
  const own = path.split('/');
  if (full.length <= own.length) return '';
  const prefix = full.slice(0, full.length - own.length + 1).join('/');
  return /^(\/[\w.~-]+)+$/.test(prefix) ? prefix : '';
}

/** A 2.0 result as a 1.0 one: a status always, a body always (a string), cookies as Set-Cookie headers. */
export function toRestResult(result: APIGatewayProxyResultV2): APIGatewayProxyResult {
  // a 2.0 handler may return a bare value: API Gateway sends it as JSON with a 200
  if (typeof result !== 'object' || result === null || !('statusCode' in result)) {
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: typeof result === 'string' ? result : JSON.stringify(result) };
  }
  return {
    statusCode: result.statusCode ?? 200,
    ...(result.headers ? { headers: result.headers } : {}),
    ...(result.cookies?.length ? { multiValueHeaders: { 'set-cookie': result.cookies } } : {}),
    body: result.body ?? '',
    isBase64Encoded: result.isBase64Encoded ?? false,
  };
}
