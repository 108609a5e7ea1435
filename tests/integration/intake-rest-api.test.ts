/**
 * The real intake handler as API Gateway's REST API calls it in AWS: payload 1.0 events
 * (functions/http/rest-event.ts), 1.0 results, and every URL it hands out under the stage
 * (`https://<id>.execute-api.<region>.amazonaws.com/prod/...`), while the hosted page's
 * own origin (no path) still counts as the form's own for CORS.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../local/apigw-event';
import { startTestCrm, type TestCrm } from '../support/crm';
import { DOMAIN, restEvent } from '../support/rest-event';

const BASE = `https://${DOMAIN}/prod`;
let crm: TestCrm;
let formId: string;
// loaded once the runtime has set the environment the handler reads (table, metrics off)
let handler: (typeof import('../../functions/intake/handler'))['handler'];

beforeAll(async () => {
  crm = await startTestCrm();
  ({ handler } = await import('../../functions/intake/handler'));
  const response = await crm.api('/forms', {
    method: 'POST',
    json: {
      name: 'Behind the REST API',
      minFillSeconds: 0,
      allowedOrigins: ['https://www.example.com'],
      fields: [
        { key: 'lastName', type: 'text', label: { en: 'Last name' }, required: true, mapsTo: 'lastName' },
        { key: 'email', type: 'email', label: { en: 'Email' }, required: true, mapsTo: 'email' },
      ],
    },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  formId = ((await response.json()) as { formId: string }).formId;
}, 60_000);
afterAll(() => crm?.stop());

/** A REST API request for one intake route, as the client sent it to `/prod<path>`. */
const call = (method: string, resource: string, path: string, { headers = {}, ...extra }: Partial<APIGatewayProxyEvent> = {}) => {
  const all = { Host: DOMAIN, 'X-Forwarded-Proto': 'https', ...headers } as Record<string, string>;
  return handler(
    restEvent({
      httpMethod: method,
      resource,
      path,
      pathParameters: resource.includes('{formId}') ? { formId: path.split('/')[resource.startsWith('/f/') ? 2 : 3]! } : null,
      headers: all,
      multiValueHeaders: Object.fromEntries(Object.entries(all).map(([name, value]) => [name, [value]])),
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      ...extra,
    }),
    lambdaContext('crm-intake', 'rest-api-test'),
  ) as Promise<APIGatewayProxyResult>;
};

describe('the intake behind the REST API', () => {
  it('serves forms.js and a 404 for a form that does not exist, as 1.0 results', async () => {
    const script = await call('GET', '/forms.js', '/forms.js');
    expect(script).toMatchObject({ statusCode: 200, headers: expect.objectContaining({ 'content-type': 'text/javascript; charset=utf-8' }), isBase64Encoded: false });
    expect(script.body.length).toBeGreaterThan(1000);
    const missing = await call('GET', '/f/{formId}', '/f/01JABCDEFGHJKMNPQRSTVWXYZ0');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Form not found');
  });

  it('hands out URLs under the stage: the submit URL, the hosted page\'s form action and landing page', async () => {
    const shown = await call('GET', '/public/forms/{formId}', `/public/forms/${formId}`, { headers: { Origin: 'https://www.example.com' } });
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.headers).toMatchObject({ 'access-control-allow-origin': 'https://www.example.com' });
    expect((JSON.parse(shown.body) as { submitUrl: string }).submitUrl).toBe(`${BASE}/public/forms/${formId}/submissions`);

    const page = await call('GET', '/f/{formId}', `/f/${formId}`, { queryStringParameters: { utm_source: 'news' }, multiValueQueryStringParameters: { utm_source: ['news'] } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`action="${BASE}/public/forms/${formId}/submissions"`);
    expect(page.body).toContain(`value="${BASE}/f/${formId}?utm_source=news"`);
  });

  it('takes the hosted page\'s own post (its Origin has no stage) and 303s to the thank-you page under the stage', async () => {
    const { token } = JSON.parse((await call('GET', '/public/forms/{formId}', `/public/forms/${formId}`)).body) as { token: string };
    const posted = await call('POST', '/public/forms/{formId}/submissions', `/public/forms/${formId}/submissions`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: `https://${DOMAIN}` },
      body: new URLSearchParams({ lastName: 'Rest', email: 'rest@visit.test', _token: token, _lang: 'en' }).toString(),
    });
    expect(posted.statusCode, posted.body).toBe(303);
    expect(posted.headers?.location).toBe(`${BASE}/f/${formId}/thanks?lang=en`);
    expect(posted.body).toBe('');
  });
});
