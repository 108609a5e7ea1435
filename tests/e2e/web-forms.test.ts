/**
 * Web forms end to end, in headless Chromium against the real local runtime. The admin
 * builds a demo-request form through the API (its allowed origin a second, unrelated
 * site, an autoresponder email template), then:
 * (a) a visitor on that other site, who came from a newsletter link, fills in the form the
 *     <script> snippet renders and sends it: the lead appears in the CRM with the UTM values,
 *     and the autoresponder lands in the outbox;
 * (b) a visitor with JavaScript off fills in the hosted page, lands on the thank-you page
 *     (303), and the lead exists;
 * (c) a bad email in the snippet comes back as a 422 shown next to the field, focused;
 *     corrected, the same form goes through;
 * (d) two snippet tags on one page render two forms, with ids of their own;
 * (e) a form with a Turnstile CAPTCHA in the snippet on the other site: unsolved, the intake's
 *     422 shows beside the widget; the visitor ticks it, and the lead appears — Turnstile's
 *     script is a fake served by page.route, its siteverify a local stand-in the CRM is pointed
 *     at with FORMS_CAPTCHA_VERIFY_URL;
 * (f) the same form's hosted page with JavaScript on: its CSP lets exactly Turnstile in, the
 *     widget renders by itself and posts cf-turnstile-response, which the intake verifies.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserCrm, type BrowserCrm } from '../support/browser';

const run = Math.random().toString(36).slice(2, 8);

interface Submission {
  submissionId: string;
  status: string;
  leadId?: string;
  values: Record<string, unknown>;
  tracking?: Record<string, string>;
}
interface Lead {
  leadId: string;
  email?: string;
  lastName?: string;
  company?: string;
  formId?: string;
  tracking?: Record<string, string>;
}

describe('web forms: the snippet on another site, the hosted page without JavaScript', () => {
  let session: BrowserCrm | undefined;
  let crm: BrowserCrm['crm'];
  let page: Page;
  let token = '';
  let formId = '';
  let site: Server | undefined;
  let siteOrigin = '';
  let captchaFormId = '';
  let siteverify: Server | undefined;
  /** What the siteverify stand-in was asked: the server secret and the widget's answer. */
  const verified: { secret: string | null; response: string | null }[] = [];
  const savedEnv = { secret: process.env.FORMS_CAPTCHA_SECRET, verifyUrl: process.env.FORMS_CAPTCHA_VERIFY_URL };
  const pageErrors: string[] = [];

  /**
   * A stand-in for https://challenges.cloudflare.com/turnstile/v0/api.js: `turnstile.render(el,
   * { sitekey, callback })` draws an "I am human" checkbox that, ticked, calls back with
   * 'fake-token' and fills the hidden cf-turnstile-response field as the real widget does;
   * `reset` unticks it. Loaded with render=explicit it calls the onload callback (the snippet);
   * without, it renders every .cf-turnstile element itself (the hosted page).
   */
  const FAKE_TURNSTILE = `(() => {
    const params = new URL(document.currentScript.src).searchParams;
    const widgets = {};
    const render = (el, opts) => {
      const id = 'fake-' + Object.keys(widgets).length;
      const box = document.createElement('input');
      box.type = 'checkbox';
      const answer = document.createElement('input');
      answer.type = 'hidden';
      answer.name = 'cf-turnstile-response';
      box.addEventListener('change', () => {
        answer.value = box.checked ? 'fake-token' : '';
        if (box.checked && opts.callback) opts.callback('fake-token');
      });
      const label = document.createElement('label');
      label.append(box, ' I am human');
      el.append(label, answer);
      widgets[id] = { box, answer };
      return id;
    };
    window.turnstile = { render, reset: (id) => { widgets[id].box.checked = false; widgets[id].answer.value = ''; } };
    if (params.get('render') === 'explicit') window[params.get('onload')]();
    else {
      const implicit = () => document.querySelectorAll('.cf-turnstile').forEach((el) => render(el, { sitekey: el.dataset.sitekey }));
      if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', implicit);
      else implicit();
    }
  })();`;

  const api = async <T = Record<string, unknown>>(path: string, init: { method?: string; json?: unknown } = {}) => {
    const res = await fetch(crm.url + path, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, ...(init.json ? { 'content-type': 'application/json' } : {}) },
      body: init.json ? JSON.stringify(init.json) : undefined,
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as T };
  };

  /** Polls until `check` returns something, or fails after `ms`. */
  async function eventually<T>(check: () => Promise<T | undefined | null | false>, ms = 45_000): Promise<T> {
    const until = Date.now() + ms;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > until) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** The submission with this email once processed into a lead, and the lead. */
  async function leadFor(email: string, form = formId): Promise<{ submission: Submission; lead: Lead }> {
    await crm.settle();
    const submission = await eventually(async () => {
      const { body } = await api<{ items: Submission[] }>(`/forms/${form}/submissions?limit=50`);
      const found = body?.items?.find((s) => s.values.email === email);
      return found?.status === 'lead' && found.leadId ? found : undefined;
    });
    const { status, body: lead } = await api<Lead>(`/leads/${submission.leadId}`);
    expect(status).toBe(200);
    return { submission, lead };
  }

  /** Waits out the form's minFillSeconds (1): a faster submission is taken for a bot. */
  const humanPause = () => new Promise((r) => setTimeout(r, 1_200));

  beforeAll(async () => {
    session = await startBrowserCrm({ name: 'web-forms', seedDemo: false, tableName: `crm-e2e-web-forms-${run}`, viewport: { width: 1200, height: 900 }, locale: 'en-US' }, pageErrors);
    ({ crm, page } = session);
    const login = await fetch(`${crm.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: crm.admin.email, password: crm.admin.password }) });
    token = ((await login.json()) as { accessToken: string }).accessToken;

    // The company's own website: another origin than the CRM's, serving pages with the snippet.
    site = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://site');
      const lang = url.searchParams.get('lang') ?? 'en';
      const tags =
        url.pathname === '/two.html'
          ? `<script src="${crm.url}/forms.js" data-crm-form="${formId}" data-lang="en" async></script>
             <p id="between">Or in German:</p>
             <script src="${crm.url}/forms.js" data-crm-form="${formId}" data-lang="de" async></script>`
          : `<script src="${crm.url}/forms.js" data-crm-form="${url.pathname === '/captcha.html' ? captchaFormId : formId}" data-lang="${lang}" async></script>`;
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme — request a demo</title>
        <style>body{font-family:sans-serif} .crm-form{--crm-form-accent:#7a1fa2;--crm-form-radius:0}</style></head>
        <body><main><h1>Request a demo</h1><p>Tell us about your team.</p>${tags}<footer>Acme Inc.</footer></main></body></html>`);
    });
    await new Promise<void>((resolve) => site!.listen(0, '127.0.0.1', resolve));
    siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    expect(siteOrigin).not.toBe(new URL(crm.url).origin);

    // The admin: an autoresponder template, then a demo-request form that site may embed.
    const template = await api<{ templateId: string }>('/email-templates', {
      method: 'POST',
      json: { name: `Demo request received ${run}`, subject: `Thanks for your demo request ${run}`, body: 'Hello {{firstName}},\n\nwe will be in touch within a day.\n\nAcme' },
    });
    expect(template.status).toBe(201);
    const created = await api<Record<string, unknown> & { formId: string }>('/forms', { method: 'POST', json: { template: 'demo-request', name: `Demo request ${run}` } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    formId = created.body.formId;
    const keys = ['name', 'status', 'target', 'languages', 'fields', 'submitLabel', 'thankYou', 'leadSource', 'tags', 'version'];
    const update = Object.fromEntries(keys.filter((k) => k in created.body).map((k) => [k, created.body[k]]));
    const updated = await api(`/forms/${formId}`, {
      method: 'PUT',
      json: { ...update, allowedOrigins: [siteOrigin], autoresponderTemplateId: template.body.templateId, minFillSeconds: 1 },
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body).toMatchObject({ allowedOrigins: [siteOrigin], autoresponderTemplateId: template.body.templateId });

    // Turnstile's siteverify, played locally: 'fake-token' passes, anything else does not.
    siteverify = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      request.on('end', () => {
        const form = new URLSearchParams(raw);
        verified.push({ secret: form.get('secret'), response: form.get('response') });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ success: form.get('secret') === 'e2e-secret' && form.get('response') === 'fake-token' }));
      });
    });
    await new Promise<void>((resolve) => siteverify!.listen(0, '127.0.0.1', resolve));
    // the CRM runs in this process and reads its CAPTCHA settings when a submission comes
    process.env.FORMS_CAPTCHA_SECRET = 'e2e-secret';
    process.env.FORMS_CAPTCHA_VERIFY_URL = `http://127.0.0.1:${(siteverify.address() as AddressInfo).port}/siteverify`;
    const captchaForm = await api<Record<string, unknown> & { formId: string }>('/forms', { method: 'POST', json: { template: 'demo-request', name: `Captcha demo ${run}` } });
    expect(captchaForm.status).toBe(201);
    captchaFormId = captchaForm.body.formId;
    const captchaUpdate = Object.fromEntries(keys.filter((k) => k in captchaForm.body).map((k) => [k, captchaForm.body[k]]));
    const withCaptcha = await api(`/forms/${captchaFormId}`, {
      method: 'PUT',
      json: { ...captchaUpdate, allowedOrigins: [siteOrigin], minFillSeconds: 1, captcha: { provider: 'turnstile', siteKey: '1x00000000000000000000AA' } },
    });
    expect(withCaptcha.status, JSON.stringify(withCaptcha.body)).toBe(200);
  });

  afterAll(async () => {
    for (const [name, value] of [['FORMS_CAPTCHA_SECRET', savedEnv.secret], ['FORMS_CAPTCHA_VERIFY_URL', savedEnv.verifyUrl]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await new Promise((resolve) => (siteverify ? siteverify.close(resolve) : resolve(undefined)));
    await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)));
    await session?.stop();
  });

  it('(a) renders the snippet on another site; the submission becomes a lead with its UTM values and gets the autoresponder', async () => {
    const posts: Request[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes(`/public/forms/${formId}/submissions`)) posts.push(request);
    });
    await page.goto(`${siteOrigin}/landing.html?utm_source=newsletter&utm_campaign=spring`);
    const form = page.getByRole('form', { name: `Demo request ${run}` });
    await form.waitFor();
    // rendered right where the tag is: between the intro and the footer
    expect(await page.evaluate(() => document.querySelector('.crm-form')?.previousElementSibling?.tagName)).toBe('SCRIPT');
    expect(await page.evaluate(() => document.querySelector('.crm-form')?.nextElementSibling?.tagName)).toBe('FOOTER');
    expect(await form.evaluate((el) => getComputedStyle(el.querySelector('button')!).backgroundColor)).toBe('rgb(122, 31, 162)');

    const email = `visitor-${run}@prospect.test`;
    await form.getByLabel('First name').fill('Vera');
    await form.getByLabel('Last name').fill('Visitor');
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Company').fill('Prospect GmbH');
    await form.getByLabel('Team size').selectOption('11-50');
    await form.getByRole('checkbox', { name: /I agree/ }).check();
    // required fields are marked for assistive technology, and labelled for real
    expect(await form.getByLabel('Last name').getAttribute('required')).toBe('');
    // the honeypot is out of reach: hidden from assistive technology, out of the tab order
    const trap = page.locator('.crm-hp input');
    expect(await trap.getAttribute('tabindex')).toBe('-1');
    expect(await page.locator('.crm-hp').getAttribute('aria-hidden')).toBe('true');
    await humanPause();
    await form.getByRole('button', { name: 'Send' }).click();

    await page.getByRole('status').getByText('Thank you! We will be in touch.').waitFor();
    await expect.poll(() => page.getByRole('form').count()).toBe(0);

    // a "simple" request: JSON as text/plain, no custom headers, so no CORS preflight
    expect(posts).toHaveLength(1);
    const headers = await posts[0]!.allHeaders();
    expect(headers['content-type']).toBe('text/plain;charset=UTF-8');
    expect(Object.keys(headers).filter((h) => h.startsWith('x-') || h === 'authorization')).toEqual([]);
    const sent = posts[0]!.postDataJSON() as Record<string, unknown>;
    expect(sent).toMatchObject({ firstName: 'Vera', lastName: 'Visitor', email, company: 'Prospect GmbH', teamSize: '11-50', consent: true, _lang: 'en', utm_source: 'newsletter', utm_campaign: 'spring' });
    expect(sent._landing).toBe(`${siteOrigin}/landing.html?utm_source=newsletter&utm_campaign=spring`);
    expect(typeof sent._token).toBe('string');

    const { submission, lead } = await leadFor(email);
    expect(submission.tracking).toMatchObject({ utmSource: 'newsletter', utmCampaign: 'spring' });
    expect(lead).toMatchObject({ email, lastName: 'Visitor', company: 'Prospect GmbH', formId });
    expect(lead.tracking).toMatchObject({ utmSource: 'newsletter', utmCampaign: 'spring' });

    const mail = await eventually(async () => {
      const outbox = (await (await fetch(`${crm.url}/_local/outbox`)).json()) as { id: string; to: string; subject: string }[];
      return outbox.find((m) => m.subject.includes(`Thanks for your demo request ${run}`) && String(m.to).includes(email));
    });
    expect(mail.subject).toContain(run);
  });

  it('(b) works with JavaScript off: the hosted page posts, 303s to the thank-you page, and the lead exists', async () => {
    const context = await session!.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 900 }, locale: 'en-US' });
    try {
      const noJs = await context.newPage();
      noJs.setDefaultTimeout(10_000);
      const redirects: number[] = [];
      noJs.on('response', (response) => {
        if (response.request().method() === 'POST') redirects.push(response.status());
      });
      await noJs.goto(`${crm.url}/f/${formId}?utm_source=ads&utm_medium=cpc&utm_campaign=summer`);
      expect(await noJs.locator('html').getAttribute('lang')).toBe('en');
      await noJs.getByRole('heading', { level: 1 }).waitFor();
      expect(await noJs.locator('script').count()).toBe(0);
      const email = `nojs-${run}@prospect.test`;
      await noJs.getByLabel('First name').fill('Nora');
      await noJs.getByLabel('Last name').fill('Noscript');
      await noJs.getByLabel('Email').fill(email);
      await noJs.getByLabel('Team size').selectOption('1-10');
      await noJs.getByRole('checkbox', { name: /I agree/ }).check();
      await humanPause();
      await Promise.all([noJs.waitForURL(new RegExp(`/f/${formId}/thanks`)), noJs.getByRole('button', { name: 'Send' }).click()]);
      expect(redirects).toContain(303);
      await noJs.getByText('Thank you! We will be in touch.').waitFor();

      const { lead } = await leadFor(email);
      expect(lead).toMatchObject({ email, lastName: 'Noscript', formId });
      expect(lead.tracking).toMatchObject({ utmSource: 'ads', utmMedium: 'cpc', utmCampaign: 'summer' });
    } finally {
      await context.close();
    }
  });

  it('(c) shows a 422 next to the field in the snippet, focuses it, and sends once corrected', async () => {
    await page.goto(`${siteOrigin}/landing.html`);
    const form = page.getByRole('form', { name: `Demo request ${run}` });
    await form.waitFor();
    await form.getByLabel('Last name').fill('Typo');
    const email = form.getByLabel('Email');
    await email.fill('not-an-email');
    await form.getByLabel('Team size').selectOption('51+');
    await form.getByRole('checkbox', { name: /I agree/ }).check();
    await humanPause();
    await form.getByRole('button', { name: 'Send' }).click();

    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby'))!.split(' ');
    const message = (await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).textContent()))).join(' ');
    expect(message.trim().length).toBeGreaterThan(0);
    await expect.poll(() => email.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.getByRole('status').getByText('Please correct the marked fields.').waitFor();
    // the other fields are not marked
    expect(await form.getByLabel('Last name').getAttribute('aria-invalid')).toBeNull();

    const corrected = `typo-${run}@prospect.test`;
    await email.fill(corrected);
    await form.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('status').getByText('Thank you! We will be in touch.').waitFor();
    const { lead } = await leadFor(corrected);
    expect(lead).toMatchObject({ email: corrected, lastName: 'Typo' });
  });

  it('(d) renders two forms from two tags on one page, each in its language, with ids of its own', async () => {
    await page.goto(`${siteOrigin}/two.html`);
    await expect.poll(() => page.locator('.crm-form form').count()).toBe(2);
    await page.getByRole('textbox', { name: 'Email', exact: true }).waitFor();
    await page.getByRole('textbox', { name: 'E-Mail', exact: true }).waitFor();
    const ids = await page.evaluate(() => [...document.querySelectorAll('[id]')].map((el) => el.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(await page.evaluate(() => [...document.querySelectorAll('.crm-form')].map((el) => el.getAttribute('lang')))).toEqual(['en', 'de']);
    expect(await page.evaluate(() => document.querySelectorAll('#crm-form-css').length)).toBe(1);
  });

  it('(e) renders the Turnstile widget in the snippet; unsolved it is refused beside the widget, ticked the lead appears', async () => {
    await page.route('https://challenges.cloudflare.com/**', (route) => route.fulfill({ contentType: 'text/javascript', body: FAKE_TURNSTILE }));
    try {
      await page.goto(`${siteOrigin}/captcha.html`);
      const form = page.getByRole('form', { name: `Captcha demo ${run}` });
      const widget = form.getByRole('group', { name: 'Verification' });
      await widget.getByRole('checkbox', { name: 'I am human' }).waitFor();
      const email = `captcha-${run}@prospect.test`;
      await form.getByLabel('Last name').fill('Turnstile');
      await form.getByLabel('Email').fill(email);
      await form.getByLabel('Team size').selectOption('1-10');
      await form.getByRole('checkbox', { name: /I agree/ }).check();
      await humanPause();
      // not solved: the intake asks the provider nothing and refuses; the error shows beside the widget
      await form.getByRole('button', { name: 'Send' }).click();
      await expect.poll(() => widget.locator('.crm-err').textContent()).toBe('was not solved');

      await widget.getByRole('checkbox', { name: 'I am human' }).check();
      await form.getByRole('button', { name: 'Send' }).click();
      await page.getByRole('status').getByText('Thank you! We will be in touch.').waitFor();
      expect(verified).toContainEqual({ secret: 'e2e-secret', response: 'fake-token' });
      const { lead } = await leadFor(email, captchaFormId);
      expect(lead).toMatchObject({ email, lastName: 'Turnstile', formId: captchaFormId });
    } finally {
      await page.unroute('https://challenges.cloudflare.com/**');
    }
  });

  it('(f) the hosted page of a CAPTCHA form lets exactly Turnstile in; its widget’s cf-turnstile-response is verified', async () => {
    const csp = async (id: string) => (await fetch(`${crm.url}/f/${id}`)).headers.get('content-security-policy') ?? '';
    expect(await csp(captchaFormId)).toContain('script-src https://challenges.cloudflare.com; frame-src https://challenges.cloudflare.com');
    expect(await csp(formId)).not.toMatch(/script-src|frame-src|challenges\.cloudflare\.com/);

    const context = await session!.browser.newContext({ viewport: { width: 1000, height: 900 }, locale: 'en-US' });
    try {
      const hosted = await context.newPage();
      hosted.setDefaultTimeout(10_000);
      hosted.on('pageerror', (error) => pageErrors.push(error.message));
      const blocked: string[] = [];
      hosted.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
      });
      await hosted.route('https://challenges.cloudflare.com/**', (route) => route.fulfill({ contentType: 'text/javascript', body: FAKE_TURNSTILE }));
      await hosted.goto(`${crm.url}/f/${captchaFormId}`);
      // the page's CSP lets the provider's script run: it renders the widget by itself
      await hosted.getByRole('checkbox', { name: 'I am human' }).waitFor();
      const email = `hosted-captcha-${run}@prospect.test`;
      await hosted.getByLabel('Last name').fill('Hosted');
      await hosted.getByLabel('Email').fill(email);
      await hosted.getByLabel('Team size').selectOption('11-50');
      await hosted.getByRole('checkbox', { name: /I agree/ }).check();
      await hosted.getByRole('checkbox', { name: 'I am human' }).check();
      await humanPause();
      const asked = verified.length;
      await Promise.all([hosted.waitForURL(new RegExp(`/f/${captchaFormId}/thanks`)), hosted.getByRole('button', { name: 'Send' }).click()]);
      expect(verified.slice(asked)).toEqual([{ secret: 'e2e-secret', response: 'fake-token' }]);
      expect(blocked).toEqual([]);
      const { lead } = await leadFor(email, captchaFormId);
      expect(lead).toMatchObject({ email, lastName: 'Hosted', formId: captchaFormId });
    } finally {
      await context.close();
    }
  });

  it('raised no errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
