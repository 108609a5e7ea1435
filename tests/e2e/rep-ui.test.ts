/**
 * The rep UI end to end: the real local runtime (API, DynamoDB Local, UI) driven by
 * headless Chromium, the way a rep uses it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startCrm } from '../../local/runtime';
import { buildUi } from '../../ui/build';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Unique per run: the contact email must be unique, and DynamoDB Local is shared by the run.
const run = Date.now().toString(36);
const accountName = `Acme ${run} <script>window.__xss = 1</script>`;
const contactEmail = `ada.${run}@acme.test`;

describe('rep UI', () => {
  let crm: Awaited<ReturnType<typeof startCrm>>;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'crm-e2e-'));
    const server = buildUi().then(() => startCrm({ port: 0, dataDir, seedDemo: false, dynamoEndpoint: inject('dynamoEndpoint'), quiet: true }));
    [crm, browser] = await Promise.all([server, chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS })]);
    page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await crm?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('signs the admin in', async () => {
    await page.goto(crm.url);
    await page.waitForURL(/#\/login$/);
    await page.getByLabel('Email').fill(crm.admin.email);
    await page.getByLabel('Password').fill(crm.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Accounts' }).getAttribute('aria-current')).resolves.toBe('page');
  });

  it('creates an account, shown as text even when its name looks like HTML', async () => {
    await page.getByRole('link', { name: 'New account' }).click();
    await page.getByLabel('Name').fill(accountName);
    await page.getByLabel('Website').fill('https://acme.test');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: accountName }).waitFor();
    await page.getByText('Account created.').waitFor();
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('creates a contact from the account page with the account pre-filled', async () => {
    await page.getByRole('link', { name: 'New contact' }).click();
    await page.getByRole('heading', { level: 1, name: 'New contact' }).waitFor();
    await expect(page.getByRole('combobox', { name: 'Account' }).inputValue()).resolves.toBe(accountName);
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Last name').fill('Lovelace');
    await page.getByLabel('Email', { exact: true }).fill(contactEmail);
    await page.getByLabel('Job title').fill('Analyst');
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
    await page.getByLabel('Last name').fill('Byron');
    const email = page.getByLabel('Email', { exact: true });
    await email.fill('not-an-email');
    await page.getByRole('button', { name: 'Create contact' }).click();

    const errorFor = async () => {
      await page.locator('input[name=email][aria-invalid=true]').waitFor();
      const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
      const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
      expect(errorId).toBeTruthy();
      const error = page.locator(`#${errorId}`);
      await error.waitFor();
      // The message sits in the email field's own wrapper, right under the input.
      expect(await error.evaluate((el, input) => el.parentElement === input?.parentElement, await email.elementHandle())).toBe(true);
      return (await error.textContent()) ?? '';
    };
    expect(await errorFor()).toMatch(/email/i);
    await page.getByRole('alert').filter({ hasText: 'highlighted' }).waitFor();

    await email.fill(contactEmail.toUpperCase());
    await page.getByRole('button', { name: 'Create contact' }).click();
    await page.locator('input[name=email][aria-invalid=true]').waitFor({ state: 'detached' }).catch(() => undefined);
    await page.getByRole('alert').filter({ hasText: 'highlighted' }).waitFor();
    const taken = await errorFor();
    expect(taken.length).toBeGreaterThan(0);
    expect(taken).not.toMatch(/must be an email/i);

    await page.screenshot({ path: '/tmp/ui-contact-errors.png', fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
