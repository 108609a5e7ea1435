/**
 * The REST API adapter (functions/http/rest-event.ts): a payload 1.0 event from API
 * Gateway's REST API Lambda proxy becomes the 2.0 event the handlers read, with the stage
 * passed on as the base of the handler's own URLs; the 2.0 result goes back as 1.0. An
 * HTTP API (2.0) event, as the local gateway sends, passes through untouched.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { basePath, servingRestApi, toHttpApiEvent, toRestResult } from '../../functions/http/rest-event';
import { DOMAIN, restEvent } from '../support/rest-event';

const FORM = '01JABCDEFGHJKMNPQRSTVWXYZ0';

const context = {} as Context;

describe('a REST API (payload 1.0) event', () => {
  it('becomes the HTTP API (2.0) event the handlers read', () => {
    const event = toHttpApiEvent(restEvent());
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /f/{formId}',
      rawPath: `/f/${FORM}`, // no stage: routes and pages see the route's own path
      rawQueryString: 'utm_source=a&tag=x&tag=y',
      queryStringParameters: { utm_source: 'a', tag: 'x,y' },
      pathParameters: { formId: FORM },
      cookies: ['a=1', 'b=2'],
      isBase64Encoded: false,
      requestContext: {
        accountId: '123456789012',
        apiId: 'abc123defg',
        domainName: DOMAIN,
        http: { method: 'GET', path: `/f/${FORM}`, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'Mozilla/5.0' },
        requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
        routeKey: 'GET /f/{formId}',
        stage: 'prod',
        timeEpoch: 1744202096000,
      },
    });
    // header names in lower case, repeated values joined, the cookie header taken apart
    expect(event.headers).toEqual({
      host: DOMAIN,
      'user-agent': 'Mozilla/5.0',
      'x-forwarded-proto': 'https',
      accept: 'text/html,application/xhtml+xml',
      'x-forwarded-prefix': '/prod',
    });
    expect(event.body).toBeUndefined();
  });

  it('passes the stage on as x-forwarded-prefix, and never a client\'s own', () => {
    const spoofed = { 'X-Forwarded-Prefix': ['/evil'] };
    expect(toHttpApiEvent(restEvent({ multiValueHeaders: spoofed, headers: {} })).headers).toEqual({ 'x-forwarded-prefix': '/prod' });
    // a custom domain without a base path: no prefix at all
    expect(toHttpApiEvent(restEvent({ multiValueHeaders: spoofed, headers: {}, requestPath: `/f/${FORM}` })).headers).toEqual({});
  });

  it('keeps a body as it came, base64 or text, and reads single-value fields when the multi-value ones are missing', () => {
    const event = toHttpApiEvent(
      restEvent({
        httpMethod: 'POST',
        resource: '/public/forms/{formId}/submissions',
        path: `/public/forms/${FORM}/submissions`,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://www.example.com' },
        multiValueHeaders: undefined as never,
        queryStringParameters: null,
        multiValueQueryStringParameters: null,
        body: 'ZW1haWw9dmVyYSU0MHZpc2l0LnRlc3Q=',
        isBase64Encoded: true,
      }),
    );
    expect(event).toMatchObject({
      routeKey: 'POST /public/forms/{formId}/submissions',
      rawQueryString: '',
      body: 'ZW1haWw9dmVyYSU0MHZpc2l0LnRlc3Q=',
      isBase64Encoded: true,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://www.example.com', 'x-forwarded-prefix': '/prod' },
    });
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.cookies).toBeUndefined();
  });

  it('finds the base path by counting segments, and drops one that looks odd', () => {
    expect(basePath('/prod/f/x', '/f/x')).toBe('/prod');
    expect(basePath('/intake/v1/forms.js', '/forms.js')).toBe('/intake/v1');
    expect(basePath('/prod/f/a%2Fb', '/f/a/b')).toBe(''); // encoded differently: more segments in the route's path
    expect(basePath('/f/x', '/f/x')).toBe('');
    expect(basePath(undefined, '/f/x')).toBe('');
    expect(basePath('/@evil.example/f/x', '/f/x')).toBe('');
  });
});

describe('a 2.0 result', () => {
  it('goes back as a 1.0 result: status, headers, a string body, cookies as Set-Cookie', () => {
    expect(toRestResult({ statusCode: 303, headers: { location: 'https://x.test/prod/f/1/thanks' } })).toEqual({
      statusCode: 303,
      headers: { location: 'https://x.test/prod/f/1/thanks' },
      body: '',
      isBase64Encoded: false,
    });
    expect(toRestResult({ statusCode: 200, body: 'aGk=', isBase64Encoded: true, cookies: ['a=1; Secure', 'b=2'] })).toEqual({
      statusCode: 200,
      multiValueHeaders: { 'set-cookie': ['a=1; Secure', 'b=2'] },
      body: 'aGk=',
      isBase64Encoded: true,
    });
    // a bare value is a 200 JSON answer, as an HTTP API would make it
    expect(toRestResult({ ok: true } as never)).toEqual({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' });
  });
});

describe('servingRestApi', () => {
  const seen: APIGatewayProxyEventV2[] = [];
  const handler = servingRestApi(async (event) => {
    seen.push(event);
    return { statusCode: 204 } satisfies APIGatewayProxyStructuredResultV2;
  });

  it('converts REST API events and results, and hands HTTP API events through untouched', async () => {
    expect(await handler(restEvent(), context)).toEqual({ statusCode: 204, body: '', isBase64Encoded: false });
    expect(seen[0]!.routeKey).toBe('GET /f/{formId}');
    const httpApiEvent = { version: '2.0', routeKey: 'GET /forms.js', rawPath: '/forms.js', headers: {}, requestContext: {} } as unknown as APIGatewayProxyEventV2;
    expect(await handler(httpApiEvent, context)).toEqual({ statusCode: 204 });
    expect(seen[1]).toBe(httpApiEvent);
  });
});
