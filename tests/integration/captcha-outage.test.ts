import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestCrm, type TestCrm } from '../support/crm';

let crm: TestCrm;
beforeAll(async () => {
  crm = await startTestCrm();
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await crm?.stop();
});

describe('a form with a CAPTCHA while its provider is out of reach', () => {
  it('answers 503 with Retry-After naming _captcha (the page kept filled in without JavaScript), and keeps nothing', async () => {
    // the intake runs in this process under the local runtime: the check reads these per request
    vi.stubEnv('FORMS_CAPTCHA_SECRET', 'provider-secret');
    vi.stubEnv('FORMS_CAPTCHA_VERIFY_URL', 'http://127.0.0.1:9/siteverify');
    const created = await crm.api('/forms', {
      method: 'POST',
      json: { name: 'Guarded', minFillSeconds: 0, captcha: { provider: 'turnstile', siteKey: 'site-key' }, fields: [{ key: 'email', type: 'email', label: { en: 'Email' }, required: true, mapsTo: 'email' }] },
    });
    const { formId } = (await created.json()) as { formId: string };
    const { token } = (await (await fetch(`${crm.url}/public/forms/${formId}`)).json()) as { token: string };
    const sent = { email: 'outage@visit.test', _token: token, _captcha: 'solved' };
    const submit = (body: string, contentType: string) => fetch(`${crm.url}/public/forms/${formId}/submissions`, { method: 'POST', headers: { 'content-type': contentType }, body });

    const outage = await submit(JSON.stringify(sent), 'application/json');
    expect(outage.status).toBe(503);
    expect(outage.headers.get('content-type')).toBe('application/problem+json');
    expect(outage.headers.get('retry-after')).toBe('30');
    expect(((await outage.json()) as { errors: { name: string }[] }).errors.map((e) => e.name)).toEqual(['_captcha']);

    const page = await submit(new URLSearchParams(sent).toString(), 'application/x-www-form-urlencoded');
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('value="outage@visit.test"');

    const submissions = (await (await crm.api(`/forms/${formId}/submissions`)).json()) as { items: unknown[] };
    expect(submissions.items).toEqual([]);
  });
});
