/**
 * The rep UI end to end: the real local runtime (API, DynamoDB Local, UI) driven by
 * headless Chromium, the way a rep uses it.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserCrm, type BrowserCrm } from '../support/browser';


// Unique per run: the contact email must be unique, and DynamoDB Local is shared by the run.
const run = Date.now().toString(36);
const accountName = `Acme ${run} <script>window.__xss = 1</script>`;
const contactEmail = `ada.${run}@acme.test`;

describe('rep UI', () => {
  let crm: BrowserCrm['crm'];
  let page: Page;
  let session: BrowserCrm | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    session = await startBrowserCrm({ name: 'rep', seedDemo: false, viewport: { width: 1200, height: 800 } }, pageErrors);
    ({ crm, page } = session);
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('signs the admin in', async () => {
    await page.goto(crm.url);
    await page.waitForURL(/#\/login$/);
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill(crm.admin.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(crm.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Accounts' }).getAttribute('aria-current')).resolves.toBe('page');
  });

  it('creates an account, shown as text even when its name looks like HTML', async () => {
    await page.getByRole('link', { name: 'New account' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(accountName);
    await page.getByRole('textbox', { name: 'Website', exact: true }).fill('https://acme.test');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: accountName }).waitFor();
    await page.getByText('Account created.').waitFor();
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('creates a contact from the account page with the account pre-filled', async () => {
    await page.getByRole('link', { name: 'New contact' }).click();
    await page.getByRole('heading', { level: 1, name: 'New contact' }).waitFor();
    await expect(page.getByRole('combobox', { name: 'Account' }).inputValue()).resolves.toBe(accountName);
    await page.getByRole('textbox', { name: 'First name', exact: true }).fill('Ada');
    await page.getByRole('textbox', { name: 'Last name', exact: true }).fill('Lovelace');
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill(contactEmail);
    await page.getByRole('textbox', { name: 'Job title', exact: true }).fill('Analyst');
    await page.getByRole('button', { name: 'Create contact' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ada Lovelace' }).waitFor();
    // The contact page links back to its account by name.
    await page.getByRole('link', { name: accountName }).click();
    await page.getByRole('heading', { level: 1, name: accountName }).waitFor();
    await page.getByRole('heading', { name: 'Contacts (1)' }).waitFor();
    await page.getByRole('table', { name: `Contacts of ${accountName}` }).getByRole('link', { name: 'Ada Lovelace' }).waitFor();
  });

  it('lists both, and finds them by prefix', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    await page.getByRole('link', { name: accountName }).waitFor();
    await page.getByRole('searchbox', { name: 'Search by name' }).fill(`Acme ${run}`);
    await page.waitForURL(new RegExp(`q=Acme\\+${run}`));
    await page.getByRole('link', { name: accountName }).waitFor();
    await page.getByRole('checkbox', { name: 'My records' }).check();
    await page.waitForURL(/mine=1/);
    await page.getByText('Showing 1 account.').waitFor();
    await page.getByRole('link', { name: accountName }).waitFor();

    await nav.getByRole('link', { name: 'Contacts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
    await page.getByRole('link', { name: 'Ada Lovelace' }).waitFor();
    await page.getByRole('combobox', { name: 'Search by' }).selectOption('email');
    await page.getByRole('searchbox', { name: 'Search by email' }).fill(`ada.${run}`);
    await page.getByRole('cell', { name: contactEmail }).waitFor();
  });

  it('shows the API field errors next to the email field: invalid, then taken (409)', async () => {
    await page.getByRole('link', { name: 'New contact' }).click();
    const picker = page.getByRole('combobox', { name: 'Account' });
    await picker.fill(`Acme ${run}`);
    await page.getByRole('option', { name: accountName }).click();
    await page.getByRole('textbox', { name: 'Last name', exact: true }).fill('Byron');
    const email = page.getByRole('textbox', { name: 'Email', exact: true });
    await email.fill('not-an-email');
    await page.getByRole('button', { name: 'Create contact' }).click();

    // The message must be wired to the input (aria-describedby) and sit in the email field's own wrapper.
    const emailError = async () => {
      await page.locator('input[name=email][aria-invalid=true]').waitFor();
      const errorId = ((await email.getAttribute('aria-describedby')) ?? '').split(' ').find((id) => id.endsWith('-error'));
      expect(errorId).toBeTruthy();
      const error = page.locator(`#${errorId}`);
      await error.waitFor();
      expect(await error.evaluate((el, input) => el.parentElement === input?.parentElement, await email.elementHandle())).toBe(true);
      return error;
    };
    const invalid = await emailError();
    const invalidText = (await invalid.textContent()) ?? '';
    expect(invalidText).toMatch(/email/i);
    await page.getByRole('alert').filter({ hasText: 'highlighted' }).waitFor();

    // The same address in other case: the API normalises it and refuses it as taken.
    await email.fill(contactEmail.toUpperCase());
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/contacts'),
      page.getByRole('button', { name: 'Create contact' }).click(),
    ]);
    expect(response.status()).toBe(409);
    const taken = await emailError();
    await expect.poll(() => taken.textContent()).not.toBe(invalidText);
    expect(((await taken.textContent()) ?? '').length).toBeGreaterThan(0);

    await page.screenshot({ path: '/tmp/ui-contact-errors.png', fullPage: true });
  });

  // Skipped until the local runtime runs the CSV-export workflow (today an export stays
  // 'requested' locally); turn it on with the workflow stand-in.
  it('exports the contacts as CSV: requests, polls, downloads', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
    const failed = page.getByRole('alert').filter({ hasText: /./ });
    const [outcome] = await Promise.all([
      Promise.race([
        page.waitForEvent('download', { timeout: 20_000 }),
        failed.waitFor({ timeout: 20_000 }).then(async () => `export failed: ${await failed.textContent()}`),
      ]),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    if (typeof outcome === 'string') throw new Error(outcome);
    expect(outcome.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(await readFile(await outcome.path(), 'utf8')).toContain(contactEmail);
    await page.getByText(/Export downloaded/).waitFor();
  });

  it('raised no script errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
