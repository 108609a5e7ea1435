/**
 * Access control end to end: the demo sales team (two reps under a manager) and the
 * admin, each signing in through the UI of the real local runtime in headless Chromium.
 * Leads are private by the org-wide default: a rep sees their own, not their peer's; the
 * manager above them sees and edits them; the admin reads who did what in the lead's
 * history and deactivates a user, whose tokens stop working at once.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserCrm, type BrowserCrm, signIn as submitSignIn } from '../support/browser';
import { DEMO_PASSWORD } from '../../local/seed-demo';


const run = Math.random().toString(36).slice(2, 10);
const RAJ = 'raj.rep@example.com';
const SOFIA = 'sofia.rep@example.com';
const MARIA = 'maria.manager@example.com';
const leadLastName = `Quinn${run}`;
const leadName = `Ada ${leadLastName}`;

describe('access control UI', () => {
  let crm: BrowserCrm['crm'];
  let page: Page;
  let session: BrowserCrm | undefined;
  let leadId = '';
  let sofiaToken = '';
  const pageErrors: string[] = [];

  const api = (path: string, init: RequestInit & { token?: string } = {}) => {
    const { token, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    return fetch(crm.url + path, { ...rest, headers });
  };

  /** `switchUser`: open the sign-in page without signing out first, as from a bookmark. */
  async function signIn(email: string, password: string, name: string, options: { switchUser?: boolean } = {}) {
    if (!options.switchUser && (await page.getByRole('button', { name: 'Sign out' }).isVisible())) {
      await page.getByRole('button', { name: 'Sign out' }).click();
    } else await page.goto(`${crm.url}/#/login`);
    await submitSignIn(page, email, password);
    // The header (and every privilege the UI goes by) is the new user's, not the last one's.
    await expect(page.locator('.user-name').textContent()).resolves.toBe(name);
  }

  const nav = () => page.getByRole('navigation', { name: 'Main' });

  async function openLeads() {
    await nav().getByRole('link', { name: 'Leads' }).click();
    await page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor();
    // The first page has arrived once the status says how many there are.
    await page.getByRole('status').filter({ hasText: /^(Showing \d+ leads?|No leads yet)/ }).waitFor();
  }

  beforeAll(async () => {
    session = await startBrowserCrm({ name: 'access', seedDemo: true, tableName: `crm-e2e-${run}`, viewport: { width: 1200, height: 900 } }, pageErrors);
    ({ crm, page } = session);
    expect(crm.demoUsers.map((u) => u.email)).toEqual(expect.arrayContaining([RAJ, SOFIA, MARIA]));
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('a rep creates a lead, owned by them by default', async () => {
    await signIn(RAJ, DEMO_PASSWORD, 'Raj Rep');
    // A rep's profile has no delete, export or administer: the UI offers none of them.
    await expect(nav().getByRole('link', { name: 'Admin' }).count()).resolves.toBe(0);
    await openLeads();
    await expect(page.getByRole('button', { name: 'Export CSV' }).count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'New lead' }).click();
    await page.getByRole('heading', { level: 1, name: 'New lead' }).waitFor();
    await expect(page.getByRole('combobox', { name: 'Owner' }).inputValue()).resolves.toBe('Raj Rep (you)');
    await page.getByRole('textbox', { name: 'First name', exact: true }).fill('Ada');
    await page.getByRole('textbox', { name: 'Last name', exact: true }).fill(leadLastName);
    await page.getByRole('textbox', { name: 'Company', exact: true }).fill('Quinn Ltd');
    await page.getByRole('button', { name: 'Create lead' }).click();
    await page.getByRole('heading', { level: 1, name: leadName }).waitFor();
    await page.getByText('Lead created.').waitFor();
    leadId = decodeURIComponent(/#\/leads\/([^/?]+)$/.exec(page.url())?.[1] ?? '');
    expect(leadId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    await page.getByText(/^Owner: You ·/).waitFor();
    await expect(page.getByRole('button', { name: 'Edit' }).count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: 'Delete' }).count()).resolves.toBe(0);
  });

  it("another rep neither lists the lead nor opens it (404)", async () => {
    // Sofia's token from before her deactivation (the last test), taken the way any client would.
    const login = await api('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: SOFIA, password: DEMO_PASSWORD }) });
    expect(login.status).toBe(200);
    sofiaToken = ((await login.json()) as { accessToken: string }).accessToken;
    expect((await api('/me', { token: sofiaToken })).status).toBe(200);

    await signIn(SOFIA, DEMO_PASSWORD, 'Sofia Rep');
    await openLeads();
    await expect(page.getByRole('link', { name: leadName }).count()).resolves.toBe(0);

    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === `/leads/${leadId}`),
      page.goto(`${crm.url}/#/leads/${leadId}`),
    ]);
    expect(response.status()).toBe(404);
    await page.getByRole('heading', { level: 1, name: 'Lead not available' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'Not found' }).waitFor();
  });

  it('their manager sees the lead and edits it', async () => {
    await signIn(MARIA, DEMO_PASSWORD, 'Maria Manager', { switchUser: true });
    await openLeads();
    await page.getByRole('link', { name: leadName }).click();
    await page.getByRole('heading', { level: 1, name: leadName }).waitFor();
    await page.getByText(/^Owner: Raj Rep ·/).waitFor();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('heading', { level: 1, name: `Edit ${leadName}` }).waitFor();
    await page.getByRole('textbox', { name: 'Company', exact: true }).fill('Quinn Holdings');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByRole('heading', { level: 1, name: leadName }).waitFor();
  });

  it("the admin reads the lead's history: who created it, who changed what", async () => {
    await signIn(crm.admin.email, crm.admin.password, 'Administrator');
    await page.goto(`${crm.url}/#/leads/${leadId}`);
    await page.getByRole('heading', { level: 1, name: leadName }).waitFor();
    const history = page.getByRole('table', { name: 'History' });
    const created = history.getByRole('row').filter({ hasText: 'Created' });
    const updated = history.getByRole('row').filter({ hasText: 'Updated' });
    // Actor names are filled in once each user is fetched.
    await created.filter({ hasText: 'Raj Rep' }).waitFor();
    await updated.filter({ hasText: 'Maria Manager' }).waitFor();
    await expect(created.count()).resolves.toBe(1);
    await expect(updated.count()).resolves.toBe(1);
    expect(await created.textContent()).toContain('Quinn Ltd');
    const change = updated.getByRole('listitem').filter({ hasText: 'Company' });
    await expect(change.locator('del').textContent()).resolves.toBe('Quinn Ltd');
    await expect(change.locator('ins').textContent()).resolves.toBe('Quinn Holdings');
    await expect(updated.getByRole('listitem').count()).resolves.toBe(1);
  });

  it('the admin deactivates a rep, whose earlier token then gets 401', async () => {
    await nav().getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Users' }).waitFor();
    await page.getByRole('link', { name: 'Sofia Rep' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sofia Rep' }).waitFor();
    await page.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
    await page.getByText('Sofia Rep is deactivated.').waitFor();
    await page.getByRole('button', { name: 'Reactivate' }).waitFor();

    const me = await api('/me', { token: sofiaToken });
    expect(me.status).toBe(401);
    // The deactivation is in her history, by the admin.
    await page.getByRole('table', { name: 'History' }).getByRole('row').filter({ hasText: 'Deactivated' }).filter({ hasText: 'Administrator' }).waitFor();
  });

  it('the admin adds a role under Sales Manager; the tree and the settings history show it', async () => {
    const admin = page.getByRole('navigation', { name: 'Administration' });
    await admin.getByRole('link', { name: 'Roles' }).click();
    await page.getByRole('heading', { level: 1, name: 'Roles' }).waitFor();
    const role = `Team Lead ${run}`;
    await page.getByRole('textbox', { name: 'Role name' }).fill(role);
    await expect(page.getByRole('textbox', { name: 'Id' }).inputValue()).resolves.toBe(`team-lead-${run}`);
    await page.getByRole('combobox', { name: 'Reports to' }).selectOption({ label: 'Sales Manager' });
    await page.getByRole('button', { name: 'Add role' }).click();
    await page.getByText(`Role ${role} added.`).waitFor();
    const parent = await page
      .getByRole('list', { name: 'Role hierarchy' })
      .getByText(role, { exact: true })
      .evaluate((el) => el.closest('li')?.parentElement?.closest('li')?.querySelector('.tree-name')?.textContent);
    expect(parent).toBe('Sales Manager');

    await admin.getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('link', { name: 'Security settings history' }).click();
    const entry = page.getByRole('table', { name: 'Security settings history' }).getByRole('row').filter({ hasText: role });
    await entry.filter({ hasText: 'Administrator' }).waitFor();
    await expect(entry.getByRole('listitem').filter({ hasText: `Roles › team-lead-${run} › parentId` }).locator('ins').textContent()).resolves.toBe('sales-manager');
  });

  it('raised no script errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
