/**
 * Web-form intake on the local runtime: a submission is stored before the answer, then
 * processed into a lead (or an activity on the contact it matches), once, however often
 * it is sent or processed; bots are dropped quietly; bad input gets a clear 4xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm } from '../support/crm';

let crm: TestCrm;
let formId: string;
let accountId: string;

beforeAll(async () => {
  crm = await startTestCrm({ workflowRetryMs: 10 });
  const template = (await (await crm.api('/email-templates', { method: 'POST', json: { name: 'Thanks', subject: 'Thanks, {{firstName}}', body: 'We got your request about {{company}}.' } })).json()) as { templateId: string };
  const response = await crm.api('/forms', {
    method: 'POST',
    json: {
      name: 'Demo request',
      minFillSeconds: 0,
      autoresponderTemplateId: template.templateId,
      allowedOrigins: ['https://www.example.com'],
      tags: ['web'],
      fields: [
        { key: 'firstName', type: 'text', label: { en: 'First name' }, mapsTo: 'firstName' },
        { key: 'lastName', type: 'text', label: { en: 'Last name' }, required: true, mapsTo: 'lastName' },
        { key: 'email', type: 'email', label: { en: 'Email' }, required: true, mapsTo: 'email' },
        { key: 'company', type: 'text', label: { en: 'Company' }, mapsTo: 'company', maxLength: 50 },
        { key: 'size', type: 'select', label: { en: 'Team size' }, options: [{ value: 'small', label: { en: 'Small' } }, { value: 'large', label: { en: 'Large' } }] },
        { key: 'consent', type: 'consent', label: { en: 'I agree' }, required: true, consentText: { en: 'Store my details.' } },
        { key: 'campaign', type: 'hidden', label: { en: 'Campaign' }, value: 'spring-launch', mapsTo: 'campaign' },
      ],
    },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  formId = ((await response.json()) as { formId: string }).formId;
  accountId = ((await (await crm.api('/accounts', { method: 'POST', json: { name: 'Known Ltd' } })).json()) as { accountId: string }).accountId;
}, 60_000);
afterAll(() => crm?.stop());

const token = async () => ((await (await fetch(`${crm.url}/public/forms/${formId}`)).json()) as { token: string }).token;
const submit = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${crm.url}/public/forms/${formId}/submissions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const submissions = async (status?: string) =>
  ((await (await crm.api(`/forms/${formId}/submissions${status ? `?status=${status}` : ''}`)).json()) as { items: { submissionId: string; status: string; leadId?: string; contactId?: string; spamReason?: string; consent?: unknown[] }[] }).items;
async function setMinFillSeconds(minFillSeconds: number) {
  const form = (await (await crm.api(`/forms/${formId}`)).json()) as Record<string, unknown>;
  const { formId: _f, createdAt: _c, createdBy: _cb, updatedAt: _u, updatedBy: _ub, ...definition } = form;
  const response = await crm.api(`/forms/${formId}`, { method: 'PUT', json: { ...definition, minFillSeconds } });
  expect(response.status, await response.clone().text()).toBe(200);
}
const visitor = (email: string) => ({ firstName: 'Vera', lastName: 'Visitor', email, company: 'Visiting <b>Co</b>', size: 'small', consent: true });

describe('a submission', () => {
  it('becomes a scored lead with its tracking, owner and tags, and the submitter gets the autoresponder', async () => {
    const response = await submit({ ...visitor('vera@visit.test'), _token: await token(), utm_source: 'newsletter', utm_campaign: 'spring', _referrer: 'https://news.example/x' }, { origin: 'https://www.example.com' });
    expect(response.status).toBe(202);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
    const { submissionId } = (await response.json()) as { submissionId: string };
    await crm.settle();
    const [stored] = (await submissions()).filter((s) => s.submissionId === submissionId);
    expect(stored, JSON.stringify(stored)).toMatchObject({ status: "lead", consent: [{ field: 'consent', text: 'Store my details.', given: true }] });
    const lead = (await (await crm.api(`/leads/${stored!.leadId}`)).json()) as Record<string, unknown>;
    expect(lead).toMatchObject({
      firstName: 'Vera',
      email: 'vera@visit.test',
      company: 'Visiting <b>Co</b>',
      campaign: 'spring-launch',
      source: 'web form',
      formId,
      tags: ['web'],
      tracking: { utmSource: 'newsletter', utmCampaign: 'spring', referrer: 'https://news.example/x' },
    });
    expect(lead.scoreReasons).toEqual(expect.arrayContaining([expect.objectContaining({ points: expect.any(Number) })]));
    const mails = (await (await fetch(`${crm.url}/_local/outbox`)).json()) as { to: string; subject: string }[];
    expect(mails.filter((m) => m.to === 'vera@visit.test').map((m) => m.subject)).toEqual(['Thanks, Vera']);
  });

  it('sent twice with the same render token, or the same Idempotency-Key, makes one lead', async () => {
    const body = { ...visitor('twice@visit.test'), _token: await token() };
    const [a, b] = await Promise.all([submit(body), submit(body)]);
    expect([a.status, b.status]).toEqual([202, 202]);
    const ids = await Promise.all([a.json(), b.json()]);
    expect((ids[0] as { submissionId: string }).submissionId).toBe((ids[1] as { submissionId: string }).submissionId);
    const keyed = { ...visitor('keyed@visit.test'), _token: await token() };
    await submit(keyed, { 'idempotency-key': 'visit-42' });
    await submit({ ...keyed, _token: await token() }, { 'idempotency-key': 'visit-42' });
    await crm.settle();
    const leads = (await (await crm.api('/leads?limit=100')).json()) as { items: { email?: string }[] };
    expect(leads.items.filter((l) => l.email === 'twice@visit.test')).toHaveLength(1);
    expect(leads.items.filter((l) => l.email === 'keyed@visit.test')).toHaveLength(1);
  });

  it('from an existing contact adds an activity to the contact instead of a new lead', async () => {
    const contact = (await (await crm.api('/contacts', { method: 'POST', json: { accountId, lastName: 'Known', email: 'known@visit.test' } })).json()) as { contactId: string };
    const response = await submit({ ...visitor('Known@Visit.test'), _token: await token() });
    const { submissionId } = (await response.json()) as { submissionId: string };
    await crm.settle();
    expect((await submissions()).find((s) => s.submissionId === submissionId)).toMatchObject({ status: 'duplicate', contactId: contact.contactId });
    const activities = (await (await crm.api(`/contacts/${contact.contactId}/activities`)).json()) as { items: { subject: string; description: string }[] };
    expect(activities.items[0]!.subject).toContain('Demo request');
    expect(activities.items[0]!.description).toContain('Visiting <b>Co</b>');
  });
});

describe('bots', () => {
  it('are answered like anyone else and dropped: a filled trap field, no token, or a form sent too fast', async () => {
    await setMinFillSeconds(30);
    const trap = await submit({ ...visitor('bot1@bots.test'), _token: await token(), hp_website: 'http://spam.example' });
    const tokenless = await submit(visitor('bot2@bots.test'));
    const fast = await submit({ ...visitor('bot3@bots.test'), _token: await token() });
    expect([trap.status, tokenless.status, fast.status]).toEqual([202, 202, 202]);
    await crm.settle();
    const spam = await submissions('spam');
    expect(spam.map((s) => s.spamReason).sort()).toEqual(['filled the hidden trap field', 'no valid render token', 'sent faster than a person fills the form']);
    const leads = (await (await crm.api('/leads?limit=100')).json()) as { items: { email?: string }[] };
    expect(leads.items.some((l) => l.email?.endsWith('@bots.test'))).toBe(false);
    const stats = (await (await crm.api(`/forms/${formId}/stats`)).json()) as Record<string, number>;
    expect(stats.spam).toBe(3);
    expect(stats.views).toBeGreaterThan(0);
    expect(stats.leads).toBeGreaterThanOrEqual(3);
    expect(stats.duplicates).toBe(1);
    await setMinFillSeconds(0);
  });
});

describe('bad input', () => {
  it('names each bad field: missing, invalid, oversized, not a choice, extra, control characters', async () => {
    const response = await submit({ lastName: 'x', email: 'not-an-email', company: 'y'.repeat(51), size: 'huge', consent: false, shoeSize: 44, firstName: 'a\u0007b', _token: await token() });
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { errors: { name: string; detail: string }[] };
    expect(Object.fromEntries(problem.errors.map((e) => [e.name, e.detail]))).toMatchObject({
      email: 'must be an email address',
      company: 'must be at most 50 characters',
      size: 'must be one of the choices',
      consent: 'must be agreed to',
      shoeSize: 'is not a field of this form',
      firstName: 'must not hold control characters',
    });
  });

  it('answers 404 for an unknown form, 415 for another content type, 413 over 64 KB, 400 for non-UTF-8, 403 from another origin', async () => {
    expect((await fetch(`${crm.url}/public/forms/01ARZ3NDEKTSV4RRFFQ69G5FAV`)).status).toBe(404);
    const post = (body: BodyInit, contentType: string, headers: Record<string, string> = {}) =>
      fetch(`${crm.url}/public/forms/${formId}/submissions`, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
    expect((await post('x', 'application/xml')).status).toBe(415);
    expect((await post(JSON.stringify({ notes: 'x'.repeat(70_000) }), 'application/json')).status).toBe(413);
    expect((await post(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 'application/json')).status).toBe(400);
    expect((await post(JSON.stringify(visitor('evil@visit.test')), 'text/plain', { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('asks for the CAPTCHA when the form names a provider', async () => {
    const created = await crm.api('/forms', {
      method: 'POST',
      json: { name: 'Guarded', minFillSeconds: 0, captcha: { provider: 'turnstile', siteKey: 'site-key' }, fields: [{ key: 'email', type: 'email', label: { en: 'Email' }, required: true, mapsTo: 'email' }] },
    });
    const guarded = ((await created.json()) as { formId: string }).formId;
    const shown = (await (await fetch(`${crm.url}/public/forms/${guarded}`)).json()) as { token: string; captcha?: unknown };
    expect(shown.captcha).toEqual({ provider: 'turnstile', siteKey: 'site-key' });
    const response = await fetch(`${crm.url}/public/forms/${guarded}/submissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'c@visit.test', _token: shown.token }) });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { errors: { name: string }[] }).errors.map((e) => e.name)).toEqual(['_captcha']);
  });

  it('answers for the form as it is now, though the intake keeps the forms it has read: a newly allowed origin is taken, a disabled form is 404 at once', async () => {
    const created = await crm.api('/forms', { method: 'POST', json: { name: 'Changing', minFillSeconds: 0, fields: [{ key: 'email', type: 'email', label: { en: 'Email' }, required: true, mapsTo: 'email' }] } });
    const changing = (await created.json()) as Record<string, unknown> & { formId: string };
    const send = async (email: string, origin?: string) => {
      const { token: fresh } = (await (await fetch(`${crm.url}/public/forms/${changing.formId}`)).json()) as { token: string };
      const headers: Record<string, string> = { 'content-type': 'text/plain', ...(origin ? { origin } : {}) };
      return (await fetch(`${crm.url}/public/forms/${changing.formId}/submissions`, { method: 'POST', headers, body: JSON.stringify({ email, _token: fresh }) })).status;
    };
    const save = async (change: Record<string, unknown>) => {
      const current = (await (await crm.api(`/forms/${changing.formId}`)).json()) as Record<string, unknown>;
      const { formId: _f, createdAt: _c, createdBy: _cb, updatedAt: _u, updatedBy: _ub, ...definition } = current;
      expect((await crm.api(`/forms/${changing.formId}`, { method: 'PUT', json: { ...definition, ...change } })).status).toBe(200);
    };
    expect(await send('first@change.test')).toBe(202);
    await save({ allowedOrigins: ['https://partner.example'] });
    expect(await send('third@change.test', 'https://partner.example')).toBe(202);
    await save({ minFillSeconds: 0 }); // a new version: the intake's copy is stale, its write must notice
    expect(await send('fourth@change.test')).toBe(202);
    const { token: before } = (await (await fetch(`${crm.url}/public/forms/${changing.formId}`)).json()) as { token: string };
    await save({ status: 'disabled' });
    const late = await fetch(`${crm.url}/public/forms/${changing.formId}/submissions`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ email: 'late@change.test', _token: before }) });
    expect(late.status).toBe(404);
    const stored = ((await (await crm.api(`/forms/${changing.formId}/submissions`)).json()) as { items: { values: { email: string } }[] }).items;
    expect(stored.map((s) => s.values.email).sort()).toEqual(['first@change.test', 'fourth@change.test', 'third@change.test']);
  });

  it('takes a plain HTML form post and answers 303 to the thank-you page', async () => {
    const fields = new URLSearchParams({ firstName: 'Hugo', lastName: 'Html', email: 'hugo@visit.test', consent: 'on', _token: await token() });
    await new Promise((r) => setTimeout(r, 0));
    const response = await fetch(`${crm.url}/public/forms/${formId}/submissions`, { method: 'POST', body: fields, redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toContain(`/f/${formId}/thanks`);
  });
});

describe('the hosted page', () => {
  it('answers a link no form can have, or a bad query, with a page saying the form is not there (not JSON)', async () => {
    for (const path of ['/f/not-a-form-id', `/f/${formId}?lang=${'x'.repeat(20)}`, '/f/not-a-form-id/thanks']) {
      const response = await fetch(`${crm.url}${path}`);
      expect([response.status, response.headers.get('content-type')], path).toEqual([expect.any(Number), 'text/html; charset=utf-8']);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
      const page = await response.text();
      expect(page, path).toContain('<h1>Form not found</h1>');
      expect(response.headers.get('content-security-policy'), path).toContain("default-src 'none'");
    }
    const shown = await fetch(`${crm.url}/f/${formId}`);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('Demo request');
  });
});

describe('too many', () => {
  // last in the file: it spends this client's budget for the minute
  it('answers 429 with Retry-After past the per-client limit the route declares', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 25; i++) {
      const response = await submit({ ...visitor(`flood${i}@visit.test`), _token: await token() });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 202 && s !== 429)).toEqual([]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
