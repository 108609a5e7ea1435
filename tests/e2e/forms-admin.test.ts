/**
 * Web forms end to end, in headless Chromium against the real local runtime: the
 * administrator starts a form from a template in the builder, sees a refused save marked
 * next to the input the API names, adds a field labelled in two languages, allows an
 * origin and saves; the embed codes show. A visitor's submission (posted to the public
 * endpoint, one value holding a script) becomes a lead; the Submissions view shows it with
 * a working link to the lead, and the script as text that never ran.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserCrm, type BrowserCrm, signIn } from '../support/browser';

const run = Math.random().toString(36).slice(2, 8);
const formName = `Contact ${run}`;
const lastName = `Lovelace${run}`;
const xss = '<script>window.__xss = 1</script>';

describe('web forms admin UI', () => {
  let crm: BrowserCrm['crm'];
  let page: Page;
  let session: BrowserCrm | undefined;
  let token = '';
  let formId = '';
  const pageErrors: string[] = [];

  const api = async <T = Record<string, unknown>>(path: string, init: { method?: string; json?: unknown; auth?: boolean } = {}) => {
    const res = await fetch(crm.url + path, {
      method: init.method ?? 'GET',
      headers: { ...(init.auth === false ? {} : { authorization: `Bearer ${token}` }), ...(init.json ? { 'content-type': 'application/json' } : {}) },
      body: init.json ? JSON.stringify(init.json) : undefined,
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as T };
  };
  const nav = () => page.getByRole('navigation', { name: 'Main' });
  const adminNav = () => page.getByRole('navigation', { name: 'Administration' });
  const box = (name: string) => page.getByRole('textbox', { name, exact: true });

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

  beforeAll(async () => {
    session = await startBrowserCrm({ name: 'forms', seedDemo: false, tableName: `crm-e2e-forms-${run}`, viewport: { width: 1400, height: 900 }, locale: 'en-US' }, pageErrors);
    ({ crm, page } = session);
    const login = await fetch(`${crm.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: crm.admin.email, password: crm.admin.password }) });
    token = ((await login.json()) as { accessToken: string }).accessToken;
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('signs the admin in', async () => {
    await page.goto(crm.url);
    await signIn(page, crm.admin.email, crm.admin.password);
  });

  it('starts a form from the Contact us template', async () => {
    await nav().getByRole('link', { name: 'Admin', exact: true }).click();
    await adminNav().getByRole('link', { name: 'Web forms', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Web forms' }).waitFor();
    const card = page.getByRole('form', { name: 'New form' });
    await card.getByRole('combobox', { name: 'Start from' }).selectOption({ label: 'Template: Contact us' });
    await card.getByRole('textbox', { name: 'Name' }).fill(formName);
    await card.getByRole('button', { name: 'Create form' }).click();
    await page.getByRole('heading', { level: 1, name: `Edit: ${formName}` }).waitFor();
    formId = /#\/admin\/forms\/([0-9A-Z]{26})$/.exec(page.url())?.[1] ?? '';
    expect(formId).not.toBe('');
    // The template's fields, each in English and German.
    await page.getByRole('group', { name: /^Field 3: Email$/ }).getByRole('textbox', { name: 'Label (de)' }).waitFor();
    expect(await page.getByRole('group', { name: /^Field 3: Email$/ }).getByRole('textbox', { name: 'Label (de)' }).inputValue()).toBe('E-Mail');
  });

  it('marks the input the API names when a save is refused', async () => {
    await page.getByRole('combobox', { name: 'Type of the new field' }).selectOption('text');
    await page.getByRole('button', { name: 'Add field', exact: true }).click();
    const field = page.locator('fieldset.action-card').last();
    const key = field.getByRole('textbox', { name: 'Key', exact: true });
    await expect.poll(() => key.evaluate((el) => el === document.activeElement)).toBe(true);
    await key.fill('_interest');
    await field.getByRole('textbox', { name: 'Label (en)' }).fill('Interest');
    await field.getByRole('textbox', { name: 'Label (de)' }).fill('Interesse');
    await page.getByRole('button', { name: 'Save form' }).click();
    await expect.poll(() => key.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await key.getAttribute('aria-describedby'))!.split(' ');
    const messages = await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(messages.join(' ')).toMatch(/letter|_/);
    await page.getByRole('alert').getByText(/Field 7 › key/).waitFor();
    await expect.poll(() => key.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('adds a field in two languages, allows an origin and saves; the embed codes show', async () => {
    const field = page.locator('fieldset.action-card').last();
    await field.getByRole('textbox', { name: 'Key', exact: true }).fill('interest');
    await box('Minimum fill time (seconds)').fill('0');
    await page.getByRole('button', { name: 'Add allowed origin' }).click();
    await box('Allowed origin 1').fill('https://www.example.com');
    await page.getByRole('button', { name: 'Save form' }).click();
    await page.getByRole('status').getByText(`${formName} saved.`).waitFor();
    await page.getByRole('group', { name: 'Field 7: Interest' }).waitFor();

    const saved = await api<{ fields: { key: string; label: Record<string, string> }[]; allowedOrigins: string[]; minFillSeconds: number; version: number }>(`/forms/${formId}`);
    expect(saved.body.fields.at(-1)).toMatchObject({ key: 'interest', type: 'text', label: { en: 'Interest', de: 'Interesse' } });
    expect(saved.body.allowedOrigins).toEqual(['https://www.example.com']);
    expect(saved.body.minFillSeconds).toBe(0);

    const embed = page.getByRole('region', { name: 'Put it on your site' });
    const hosted = await embed.getByRole('textbox', { name: 'Hosted page address' }).inputValue();
    expect(hosted).toContain(formId);
    expect(await embed.getByRole('link', { name: 'Open the hosted page' }).getAttribute('href')).toBe(hosted);
    expect(await embed.getByRole('textbox', { name: 'Script tag' }).inputValue()).toMatch(/<script[^>]*>/);
    expect(await embed.getByRole('textbox', { name: 'HTML form' }).inputValue()).toMatch(/<form[^>]*>/);
    await embed.getByRole('button', { name: 'Copy the script tag' }).waitFor();
    // The hosted page opens (its origin is the intake's: in AWS its own API, locally this server).
    const hostedPath = new URL(hosted).pathname;
    expect(hostedPath).toBe(`/f/${formId}`);
    const hostedPage = await fetch(crm.url + hostedPath);
    expect(hostedPage.status).toBe(200);
    expect(await hostedPage.text()).toContain('Interest');
  });

  it('shows a visitor’s submission as a lead, with every value as text', async () => {
    const shown = await api<{ token: string; fields: { key: string }[] }>(`/public/forms/${formId}`, { auth: false });
    expect(shown.status).toBe(200);
    expect(shown.body.fields.map((f) => f.key)).toContain('interest');
    const sent = await fetch(`${crm.url}/public/forms/${formId}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        firstName: 'Ada',
        lastName,
        email: `ada.${run}@example.com`,
        message: `Hello ${xss}`,
        consent: true,
        interest: xss,
        _token: shown.body.token,
        utm_source: 'newsletter',
        utm_campaign: `spring-${run}`,
      }),
    });
    expect(sent.status).toBe(202);
    await crm.settle();
    const lead = await eventually(async () => {
      const subs = await api<{ items: { status: string; leadId?: string }[] }>(`/forms/${formId}/submissions`);
      return subs.body.items?.find((s) => s.status === 'lead' && s.leadId);
    });

    await page.getByRole('link', { name: 'Submissions', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Submissions of ${formName}` }).waitFor();
    const list = page.getByRole('list', { name: 'Submissions, newest first' });
    const item = list.getByRole('listitem').filter({ hasText: lastName }).first();
    await item.getByText('Lead', { exact: true }).first().waitFor();
    await item.getByText(xss, { exact: true }).waitFor();
    await item.getByText(`Hello ${xss}`, { exact: true }).waitFor();
    await item.getByText(`spring-${run}`).waitFor();
    await item.getByText(/I agree that my details are stored/).waitFor();
    expect(await list.locator('script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    // The filter keeps it under "Lead" and not under "Spam".
    await page.getByRole('combobox', { name: 'Status' }).selectOption('spam');
    await page.getByText('No spam submissions yet.').waitFor();
    await page.getByRole('combobox', { name: 'Status' }).selectOption('lead');
    const leadLink = page.getByRole('list', { name: 'Submissions, newest first' }).getByRole('link', { name: new RegExp(lastName) }).first();
    await leadLink.waitFor();
    expect(await leadLink.getAttribute('href')).toBe(`#/leads/${lead.leadId}`);
    await leadLink.click();
    await page.getByRole('heading', { level: 1, name: new RegExp(lastName) }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  }, 90_000);

  it('counts the submission and the lead in the statistics', async () => {
    await page.goto(`${crm.url}/#/admin/forms/${formId}`);
    const stats = page.getByRole('region', { name: 'Statistics' });
    await stats.getByText('Submission rate').waitFor();
    await expect.poll(async () => (await stats.getByRole('link', { name: '1' }).count()) >= 2).toBe(true);
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
