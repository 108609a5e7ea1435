/**
 * CSV import end to end, in headless Chromium against the real local runtime: an
 * administrator opens Leads → Import CSV, is refused a file over the size limit before
 * anything is sent, uploads a file whose headers map themselves ("E-mail" → Email), is
 * told when a required field loses its column, starts the import with the Skip policy and
 * follows it to the end: one row created, one skipped as the duplicate of an existing lead
 * (linked), one failed on its email (named with its column), markup in a cell shown as
 * text. The new lead is in the Leads list with the import's tag. Then contacts: an
 * "Account" column finds or creates the account by name, and rows without one go to the
 * account picked on the page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserCrm, type BrowserCrm, jsonApi, signIn } from '../support/browser';

const run = Math.random().toString(36).slice(2, 8);
const existingEmail = 'jane@dup.example';
const grace = `Hopper${run}`;
const markup = `<img src=x onerror="window.__pwned=1">`;
const leadsCsv = [
  '"First Name","Last Name","E-mail","Company"',
  `Grace,${grace},grace.${run}@navy.example,US Navy`,
  `Jane,Doe${run},${existingEmail},Dup Inc`,
  `Bad,Mail${run},not-an-email,Nowhere`,
  `"${markup.replace(/"/g, '""')}",Markup${run},,Script Kiddies`,
].join('\r\n');

describe('CSV import UI', () => {
  let crm: BrowserCrm['crm'];
  let page: Page;
  let session: BrowserCrm | undefined;
  let token = '';
  let existingLeadId = '';
  const pageErrors: string[] = [];
  const previews: string[] = [];

  const api = jsonApi(() => ({ url: crm.url, token }));

  const nav = () => page.getByRole('navigation', { name: 'Main' });
  const mapping = (column: string) => page.getByRole('combobox', { name: `Import “${column}” into` });
  const count = (label: string) => page.locator('.import-counts > div', { has: page.getByText(label, { exact: true }) }).locator('dd');
  const rowsTable = () => page.getByRole('table', { name: 'Rows of the file, in order' });
  /** A data row of the rows table by its row number (the first cell). */
  const fileRow = (n: number) => rowsTable().locator('tbody tr').filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^${n}$`) }) });
  const upload = (name: string, text: string) => page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  const waitUntilFinished = () => page.locator('.import-state', { hasText: 'Finished' }).waitFor({ timeout: 60_000 });

  beforeAll(async () => {
    session = await startBrowserCrm({ name: 'imports', seedDemo: false, tableName: `crm-e2e-imports-${run}`, viewport: { width: 1400, height: 900 }, locale: 'en-US' }, pageErrors);
    ({ crm, page } = session);
    page.on('request', (r) => r.method() === 'POST' && new URL(r.url()).pathname === '/imports/preview' && previews.push(r.url()));
    const login = await fetch(`${crm.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: crm.admin.email, password: crm.admin.password }) });
    token = ((await login.json()) as { accessToken: string }).accessToken;
    const lead = await api('/leads', { method: 'POST', json: { firstName: 'Jane', lastName: `Existing${run}`, email: existingEmail, company: 'Dup Inc' } });
    expect(lead.status).toBe(201);
    existingLeadId = String(lead.body.leadId);
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('signs the admin in; Leads offers Import CSV next to Export', async () => {
    await page.goto(crm.url);
    await signIn(page, crm.admin.email, crm.admin.password);
    await nav().getByRole('link', { name: 'Import', exact: true }).waitFor();
    await nav().getByRole('link', { name: 'Leads', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor();
    await page.getByRole('button', { name: 'Export CSV' }).waitFor();
    await page.getByRole('link', { name: 'Import CSV' }).click();
    await page.getByRole('heading', { level: 1, name: 'Import from CSV' }).waitFor();
    await page.waitForURL(/#\/imports\?entity=leads$/);
    await expect(page.getByRole('radio', { name: 'A lead' }).isChecked()).resolves.toBe(true);
  });

  it('refuses a file over 900,000 characters before sending it', async () => {
    await upload('huge.csv', `Last Name\n${'x'.repeat(900_001)}`);
    await page.getByText(/The file has 900,0\d\d characters; at most 900,000 can be imported at once/).waitFor();
    await expect(page.getByLabel('CSV file').getAttribute('aria-invalid')).resolves.toBe('true');
    expect(previews).toEqual([]);
    await expect(page.getByRole('heading', { name: '2. Map the columns' }).count()).resolves.toBe(0);
  });

  it('previews the file: headers map themselves, samples show, a required field left out is pointed out', async () => {
    await upload('fair-leads.csv', leadsCsv);
    await page.getByText('fair-leads.csv: 4 rows, 4 columns.').waitFor();
    expect(previews).toHaveLength(1);
    await page.getByRole('heading', { name: '2. Map the columns' }).waitFor();
    await expect(mapping('First Name').inputValue()).resolves.toBe('firstName');
    await expect(mapping('Last Name').inputValue()).resolves.toBe('lastName');
    await expect(mapping('E-mail').inputValue()).resolves.toBe('email');
    await expect(mapping('Company').inputValue()).resolves.toBe('company');
    await page.getByRole('row', { name: /E-mail/ }).getByText(existingEmail).waitFor();
    await page.getByText('Every required field has a column.').waitFor();

    // Without a column for the last name nothing is sent, and the page says why.
    await mapping('Last Name').selectOption('');
    await page.getByText(/Not mapped yet: Last name/).waitFor();
    const sent: string[] = [];
    const watch = (r: { method(): string; url(): string }) => r.method() === 'POST' && new URL(r.url()).pathname === '/imports' && sent.push(r.url());
    page.on('request', watch);
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.locator('.import-mapping .field-error').getByText('Map a column to Last name: it is required.').waitFor();
    await page.getByRole('alert').getByText('Please correct the highlighted field.').waitFor();
    await mapping('Last Name').selectOption('lastName');
    await page.getByText('Every required field has a column.').waitFor();
    await expect(page.locator('.import-mapping .field-error:not([hidden])').count()).resolves.toBe(0);

    // A field taken by two columns: the error stands beside the second column's select.
    await mapping('Company').selectOption('email');
    await page.getByRole('button', { name: 'Start import' }).click();
    await expect(mapping('Company').getAttribute('aria-invalid')).resolves.toBe('true');
    const described = (await mapping('Company').getAttribute('aria-describedby'))!.split(' ');
    await expect(page.locator(`[id="${described.at(-1)}"]`).textContent()).resolves.toBe('Email is imported from “E-mail” already; choose another field or “Don’t import”.');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('name'))).resolves.toBe('mapping.Company');
    await mapping('Company').selectOption('company');
    await expect(mapping('Company').getAttribute('aria-invalid')).resolves.toBeNull();
    page.off('request', watch);
    expect(sent).toEqual([]);

    // The API's field errors land beside what they name: a column's select, the file.
    const refusal = { type: 'about:blank', title: 'Invalid input', status: 400, errors: [{ name: 'mapping.E-mail', detail: 'cannot go into Email here' }, { name: 'csv', detail: 'has 5 cells in row 9' }] };
    await page.route(`${crm.url}/imports`, (route) =>
      route.request().method() === 'POST' ? route.fulfill({ status: 400, contentType: 'application/problem+json', body: JSON.stringify(refusal) }) : route.fallback(),
    );
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByRole('alert').getByText('Please correct the highlighted fields.').waitFor();
    await page.locator('td', { has: mapping('E-mail') }).getByText('Column “E-mail” cannot go into Email here').waitFor();
    await page.getByText('CSV file has 5 cells in row 9').waitFor();
    await page.unroute(`${crm.url}/imports`);
  });

  it('starts the import (Skip duplicates, a tag) and follows it until done', async () => {
    await expect(page.getByRole('radio', { name: 'Skip' }).isChecked()).resolves.toBe(true);
    await page.getByText('The matching record takes the row’s non-empty values; nothing is created.').waitFor();
    await page.getByRole('textbox', { name: 'Tags' }).fill(`fair-${run}`);
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/imports'),
      page.getByRole('button', { name: 'Start import' }).click(),
    ]);
    const body = request.postDataJSON() as Record<string, unknown>;
    expect(body).toMatchObject({
      entity: 'leads',
      fileName: 'fair-leads.csv',
      onDuplicate: 'skip',
      tags: [`fair-${run}`],
      mapping: { 'First Name': 'firstName', 'Last Name': 'lastName', 'E-mail': 'email', Company: 'company' },
    });
    expect(body.csv).toBe(leadsCsv);
    await page.waitForURL(/#\/imports\/[0-9A-HJKMNP-TV-Z]{26}$/);
    await page.getByRole('heading', { level: 1, name: 'Import of fair-leads.csv' }).waitFor();
    await page.getByText('The import of fair-leads.csv has started.').waitFor();
    await waitUntilFinished();
    await page.locator('.import-state', { hasText: '4 rows: 2 created, 1 duplicate, 1 failed' }).waitFor();
    await expect(count('Rows in the file').textContent()).resolves.toBe('4');
    await expect(count('Created').textContent()).resolves.toBe('2');
    await expect(count('Updated').textContent()).resolves.toBe('0');
    await expect(count('Duplicates (skipped)').textContent()).resolves.toBe('1');
    await expect(count('Failed').textContent()).resolves.toBe('1');
  });

  it('lists each row with its outcome, record, matched duplicate and errors; file values stay text', async () => {
    await expect(rowsTable().locator('tbody tr').count()).resolves.toBe(4);
    // Row 2 (after the header): a new lead.
    await expect(fileRow(2).locator('.badge').textContent()).resolves.toBe('Created');
    await expect(fileRow(2).getByRole('link', { name: 'Open the lead of row 2' }).getAttribute('href')).resolves.toMatch(/^#\/leads\/[0-9A-Z]{26}$/);
    // Row 3: the existing lead's email, skipped, linking to that lead with the reason.
    await expect(fileRow(3).locator('.badge').textContent()).resolves.toBe('Duplicate');
    const match = fileRow(3).getByRole('link', { name: `Jane Existing${run}` });
    await expect(match.getAttribute('href')).resolves.toBe(`#/leads/${existingLeadId}`);
    await fileRow(3).getByText(/same email/).waitFor();
    await expect(fileRow(3).getByRole('link', { name: /Open the lead/ }).count()).resolves.toBe(0);
    // Row 4: the email is no email; the error names the field and the column.
    await expect(fileRow(4).locator('.badge').textContent()).resolves.toBe('Failed');
    const problem = (await fileRow(4).locator('.import-errors li').first().textContent()) ?? '';
    expect(problem).toContain('Email');
    expect(problem).toContain('(column “E-mail”)');
    await fileRow(4).getByText('not-an-email').waitFor();
    // Row 5: markup in a cell is shown as the text it is.
    await expect(fileRow(5).locator('.badge').textContent()).resolves.toBe('Created');
    await fileRow(5).getByText(markup, { exact: true }).waitFor();
    await expect(rowsTable().locator('img').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (window as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
    await page.screenshot({ path: '/tmp/ui-import-result.png', fullPage: true });
  });

  it('filters the rows by outcome', async () => {
    await page.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Failed (1)' });
    await page.waitForURL(/\?outcome=failed$/);
    await page.getByText('Showing 1 failed row.').waitFor();
    await expect(rowsTable().locator('tbody tr').count()).resolves.toBe(1);
    await fileRow(4).waitFor();
    await page.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Duplicates (1)' });
    await page.getByText('Showing 1 duplicate row.').waitFor();
    await fileRow(3).waitFor();
    await page.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'All (4)' });
    await page.getByText('Showing 4 rows.').waitFor();
  });

  it('opens the new lead, which is in the Leads list with the tag; the import is among the recent ones', async () => {
    await fileRow(2).getByRole('link', { name: 'Open the lead of row 2' }).click();
    await page.getByRole('heading', { level: 1, name: `Grace ${grace}` }).waitFor();
    await page.getByRole('list', { name: 'Tags' }).getByRole('link', { name: `fair-${run}` }).waitFor();

    await nav().getByRole('link', { name: 'Leads', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor();
    await page.getByRole('link', { name: `Grace ${grace}`, exact: true }).waitFor();
    await page.getByRole('link', { name: `${markup} Markup${run}`, exact: true }).waitFor();
    await expect(page.getByRole('link', { name: `Bad Mail${run}` }).count()).resolves.toBe(0);
    // Still one lead with the existing email: the duplicate was skipped.
    const same = await api(`/leads?q=Doe${run}`);
    expect(same.body.items).toEqual([]);

    await nav().getByRole('link', { name: 'Import', exact: true }).click();
    const recent = page.getByRole('region', { name: 'Your recent imports' });
    await recent.getByRole('link', { name: 'fair-leads.csv' }).click();
    await page.getByRole('heading', { level: 1, name: 'Import of fair-leads.csv' }).waitFor();
    await page.locator('.import-state', { hasText: '4 rows: 2 created, 1 duplicate, 1 failed' }).waitFor();
  });

  it('imports contacts: the Account column finds the account by name, rows without one go to the picked account', async () => {
    const picked = await api('/accounts', { method: 'POST', json: { name: `Picked ${run}` } });
    expect(picked.status).toBe(201);
    const named = await api('/accounts', { method: 'POST', json: { name: `Named ${run}` } });
    expect(named.status).toBe(201);
    await nav().getByRole('link', { name: 'Contacts', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
    await page.getByRole('link', { name: 'Import CSV' }).click();
    await page.waitForURL(/#\/imports\?entity=contacts$/);
    await expect(page.getByRole('radio', { name: 'A contact' }).isChecked()).resolves.toBe(true);
    const csv = ['First Name,Last Name,Email,Account', `Ada,Named${run},ada.${run}@named.example,Named ${run}`, `Alan,Picked${run},alan.${run}@picked.example,`].join('\n');
    await upload('contacts.csv', csv);
    await page.getByText('contacts.csv: 2 rows, 4 columns.').waitFor();
    await expect(mapping('Account').inputValue()).resolves.toBe('accountName');
    await expect(mapping('Email').inputValue()).resolves.toBe('email');
    await page.getByRole('combobox', { name: 'Account for rows without one' }).fill(`Picked ${run}`);
    await page.getByRole('option', { name: `Picked ${run}` }).click();
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/imports'),
      page.getByRole('button', { name: 'Start import' }).click(),
    ]);
    expect(request.postDataJSON()).toMatchObject({ entity: 'contacts', accountId: picked.body.accountId, mapping: { Account: 'accountName' } });
    await page.getByRole('heading', { level: 1, name: 'Import of contacts.csv' }).waitFor();
    await waitUntilFinished();
    await expect(count('Created').textContent()).resolves.toBe('2');
    await expect(count('Failed').textContent()).resolves.toBe('0');

    const contactOf = async (n: number) => {
      const link = await fileRow(n).getByRole('link', { name: `Open the contact of row ${n}` }).getAttribute('href');
      expect(link).toMatch(/^#\/contacts\/[0-9A-Z]{26}$/);
      return (await api(link!.slice(1))).body;
    };
    expect((await contactOf(2)).accountId).toBe(named.body.accountId);
    expect((await contactOf(3)).accountId).toBe(picked.body.accountId);
  });

  it('raised no script errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
