import type { APIGatewayProxyEvent } from 'aws-lambda';

export const DOMAIN = 'abc123defg.execute-api.eu-central-1.amazonaws.com';

/**
 * What API Gateway's REST API Lambda proxy sends (payload 1.0), by default for
 * GET https://<DOMAIN>/prod/f/01JABCDEFGHJKMNPQRSTVWXYZ0?utm_source=a&tag=x&tag=y;
 * `requestPath` is the path the client used (with the stage), `/prod` + `path` unless given.
 */
export function restEvent(overrides: Partial<APIGatewayProxyEvent> & { requestPath?: string } = {}): APIGatewayProxyEvent {
  const { requestPath, ...rest } = overrides;
  const path = rest.path ?? '/f/01JABCDEFGHJKMNPQRSTVWXYZ0';
  return {
    resource: '/f/{formId}',
    path,
    httpMethod: 'GET',
    headers: { Host: DOMAIN, 'User-Agent': 'Mozilla/5.0', 'X-Forwarded-Proto': 'https', Accept: 'text/html', Cookie: 'a=1; b=2' },
    multiValueHeaders: { Host: [DOMAIN], 'User-Agent': ['Mozilla/5.0'], 'X-Forwarded-Proto': ['https'], Accept: ['text/html', 'application/xhtml+xml'], Cookie: ['a=1; b=2'] },
    queryStringParameters: { utm_source: 'a', tag: 'y' },
    multiValueQueryStringParameters: { utm_source: ['a'], tag: ['x', 'y'] },
    pathParameters: { formId: '01JABCDEFGHJKMNPQRSTVWXYZ0' },
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123defg',
      authorizer: {},
      domainName: DOMAIN,
      domainPrefix: 'abc123defg',
      httpMethod: rest.httpMethod ?? 'GET',
      identity: { sourceIp: '203.0.113.7', userAgent: 'Mozilla/5.0' } as APIGatewayProxyEvent['requestContext']['identity'],
      path: requestPath ?? `/prod${path}`,
      protocol: 'HTTP/1.1',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTime: '09/Apr/2025:12:34:56 +0000',
      requestTimeEpoch: 1744202096000,
      resourceId: 'abc1',
      resourcePath: rest.resource ?? '/f/{formId}',
      stage: 'prod',
    },
    body: null,
    isBase64Encoded: false,
    ...rest,
  };
}
