/**
 * The sales core end to end, in headless Chromium against the real local runtime: an
 * administrator creates a lead that scoring rules fire on and reads why it scores what
 * it does, merges a duplicate into it, converts it with an opportunity (the amount typed
 * in major units arrives as integer minor units), drags the deal to Closed won on the
 * pipeline board and sees the totals follow, moves another deal from the keyboard, sees
 * a drop with a stale version (409) rolled back, and reads the account's timeline.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserCrm, type BrowserCrm, jsonApi, signIn } from '../support/browser';


const run = Math.random().toString(36).slice(2, 8);
const company = `Bletchley ${run}`;
const leadName = `Alan Turing${run}`;
const email = `alan.${run}@bletchley.test`;
const dealName = `${company} deal`;
const secondDeal = `Enigma ${run} renewal`;

describe('sales UI', () => {
  let crm: BrowserCrm['crm'];
  let page: Page;
  let session: BrowserCrm | undefined;
  let token = '';
  const pageErrors: string[] = [];

  const api = jsonApi(() => ({ url: crm.url, token }));

  const nav = () => page.getByRole('navigation', { name: 'Main' });
  const column = (name: string) => page.getByRole('region', { name, exact: true });
  const card = (name: string) => page.getByRole('listitem', { name, exact: true });
  const totals = (name: string) => column(name).locator('.totals');

  /** A real mouse drag: press on the card, move over the column in steps (dragenter/dragover), release. */
  async function drag(from: Locator, to: Locator) {
    await from.scrollIntoViewIfNeeded();
    // Grab the card by a plain part (its "Owner" label), not by one of its links.
    const source = (await from.locator('dt', { hasText: 'Owner' }).boundingBox())!;
    const target = (await to.boundingBox())!;
    await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
    await page.mouse.down();
    await page.mouse.move(source.x + source.width / 2 + 10, source.y + source.height / 2 + 10, { steps: 3 });
    await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 8 });
    await page.mouse.up();
  }

  beforeAll(async () => {
    session = await startBrowserCrm({ name: 'sales', seedDemo: false, tableName: `crm-e2e-sales-${run}`, viewport: { width: 1400, height: 900 }, locale: 'en-US' }, pageErrors);
    ({ crm, page } = session);
    const login = await fetch(`${crm.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: crm.admin.email, password: crm.admin.password }) });
    token = ((await login.json()) as { accessToken: string }).accessToken;
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('signs the admin in and offers the sales pages', async () => {
    await page.goto(crm.url);
    await signIn(page, crm.admin.email, crm.admin.password);
    for (const name of ['Leads', 'Opportunities', 'Pipeline', 'Activities', 'Calendar']) await nav().getByRole('link', { name, exact: true }).waitFor();
  });

  it('creates a lead that scoring rules fire on, and explains its score', async () => {
    await nav().getByRole('link', { name: 'Leads', exact: true }).click();
    await page.getByRole('link', { name: 'New lead' }).click();
    await page.getByRole('heading', { level: 1, name: 'New lead' }).waitFor();
    const box = (name: string) => page.getByRole('textbox', { name, exact: true });
    await box('First name').fill('Alan');
    await box('Last name').fill(`Turing${run}`);
    await box('Company').fill(company);
    await box('Job title').fill('VP Engineering');
    await box('Email').fill(email);
    await box('Industry').fill('Software');
    await box('Country').fill('US');
    await box('Source').fill('referral');
    await box('Budget').fill('50k approved');
    await box('Tags').fill('enterprise, emea');
    await page.getByRole('button', { name: 'Create lead' }).click();
    await page.getByRole('heading', { level: 1, name: leadName }).waitFor();

    const score = page.getByRole('region', { name: 'Score' });
    await score.getByText('60 points').waitFor();
    await score.locator('.rating-warm').waitFor();
    await expect(score.locator('.badge-mql').textContent()).resolves.toBe('MQL');
    const reasons = score.getByRole('table', { name: /Why this score/ });
    const points = async (rule: string) => (await reasons.getByRole('row', { name: new RegExp(rule) }).getByRole('cell').first().textContent())?.trim();
    expect(await points('Target industry')).toBe('+15');
    expect(await points('Home market')).toBe('+10');
    expect(await points('Senior title')).toBe('+15');
    expect(await points('Came by referral')).toBe('+10');
    expect(await points('Budget known')).toBe('+10');
    expect(await points('Total')).toBe('60');
    // BANT/CHAMP and tags as entered.
    await page.getByRole('region', { name: 'Qualification' }).getByText('50k approved').first().waitFor();
    await page.getByRole('list', { name: 'Tags' }).getByRole('link', { name: 'enterprise' }).waitFor();
  });

  it('warns about the duplicate on the new-lead form, then merges it into the scored lead', async () => {
    await nav().getByRole('link', { name: 'Leads', exact: true }).click();
    await page.getByRole('link', { name: 'New lead' }).click();
    await page.getByRole('textbox', { name: 'Last name', exact: true }).fill(`Turing${run}`);
    await page.getByRole('textbox', { name: 'Phone', exact: true }).fill('+44 20 7946 0958');
    const mail = page.getByRole('textbox', { name: 'Email', exact: true });
    await mail.fill(email);
    await mail.blur();
    const warning = page.locator('.duplicate-warning');
    await warning.getByText(/Possible duplicate/).waitFor();
    await warning.getByRole('link', { name: leadName }).waitFor();
    await page.getByRole('button', { name: 'Create lead' }).click();
    await page.getByRole('heading', { level: 1, name: `Turing${run}` }).waitFor();

    // Its page lists the first lead as a likely duplicate; keep that one (it has the score) instead.
    const duplicates = page.getByRole('region', { name: 'Possible duplicates' });
    await duplicates.getByRole('link', { name: `Review and merge ${leadName}` }).click();
    await page.getByRole('heading', { level: 1, name: 'Merge leads' }).waitFor();
    await page.getByRole('link', { name: `Keep ${leadName} instead` }).click();
    await page.getByRole('columnheader', { name: `${leadName} (kept)` }).waitFor();
    // The phone is only on the duplicate: it is taken over.
    await page.getByRole('row', { name: /Phone/ }).getByText('Taken from the duplicate').waitFor();
    await page.getByRole('button', { name: `Merge into ${leadName}` }).click();
    await page.getByRole('heading', { level: 1, name: leadName }).waitFor();
    // in the notice and, once the stream has carried it, on the lead's timeline
    await page.getByText(/Merged .* into this lead/).first().waitFor();
    await page.getByRole('region', { name: 'Possible duplicates' }).getByText('No likely duplicates found.').waitFor();
  });

  it('converts the lead with an opportunity, the amount sent in minor units', async () => {
    await page.getByRole('link', { name: 'Convert', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Convert ${leadName}` }).waitFor();
    await page.getByRole('radio', { name: 'Create a new account' }).check();
    await expect(page.getByRole('textbox', { name: 'New account name' }).inputValue()).resolves.toBe(company);
    await expect(page.getByRole('textbox', { name: 'Opportunity name' }).inputValue()).resolves.toBe(dealName);
    await page.getByRole('textbox', { name: 'Amount', exact: true }).fill('12,345.50');
    await page.getByRole('combobox', { name: 'Currency', exact: true }).fill('EUR');
    await page.getByLabel('Expected close date').fill('2030-06-30');
    await page.getByRole('combobox', { name: 'Stage', exact: true }).selectOption('prospecting');
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname.endsWith('/convert')),
      page.getByRole('button', { name: 'Convert lead' }).click(),
    ]);
    const body = request.postDataJSON() as { opportunity: { amount: unknown; currency: string } };
    expect(body.opportunity.amount).toBe(1_234_550);
    expect(body.opportunity.currency).toBe('EUR');

    await page.getByRole('heading', { level: 1, name: `${leadName} converted` }).waitFor();
    await page.getByRole('link', { name: company, exact: true }).waitFor();
    await page.getByRole('link', { name: leadName, exact: true }).waitFor();
    await page.getByRole('link', { name: dealName }).waitFor();
    await page.getByText('€12,345.50').waitFor();
  });

  it('drags the deal to Closed won on the board, and the totals follow', async () => {
    await page.getByRole('link', { name: 'Open the board' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pipeline: New business' }).waitFor();
    await card(dealName).waitFor();
    await expect(totals('Prospecting').textContent()).resolves.toBe('1 deal · €12,345.50');
    await expect(totals('Closed won').textContent()).resolves.toBe('0 deals');

    const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/opportunities/'));
    await drag(card(dealName), column('Closed won'));
    expect((await saved).status()).toBe(200);
    await column('Closed won').getByRole('listitem', { name: dealName }).waitFor();
    await expect(totals('Closed won').textContent()).resolves.toBe('1 deal · €12,345.50');
    await expect(totals('Prospecting').textContent()).resolves.toBe('0 deals');
    await page.getByRole('status').filter({ hasText: `Moved ${dealName} to Closed won.` }).waitFor();
    // The board agrees after a reload: the move was saved.
    await page.reload();
    await column('Closed won').getByRole('listitem', { name: dealName }).waitFor();
    await page.screenshot({ path: '/tmp/ui-sales-board.png', fullPage: true });
  });

  it("opens the pipeline's funnel: the deal reached every stage up to Closed won", async () => {
    await page.getByText('Funnel, last 12 months').click();
    const won = page.getByRole('row', { name: /Closed won/ });
    await won.waitFor();
    await expect(won.getByRole('cell').first().textContent()).resolves.toBe('1');
    await expect(page.getByRole('row', { name: /Negotiation/ }).getByRole('cell').nth(1).textContent()).resolves.toBe('100%');
  });

  it('creates a second deal with the form and moves it from the keyboard', async () => {
    await page.getByRole('link', { name: 'New opportunity' }).click();
    await page.getByRole('heading', { level: 1, name: 'New opportunity' }).waitFor();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(secondDeal);
    await page.getByRole('combobox', { name: 'Account' }).fill(company);
    await page.getByRole('option', { name: company }).click();
    await page.getByRole('textbox', { name: 'Amount', exact: true }).fill('1000');
    await page.getByRole('combobox', { name: 'Currency', exact: true }).fill('JPY');
    await page.getByLabel('Close date').fill('2030-03-31');
    await page.getByRole('button', { name: 'Create opportunity' }).click();
    await page.getByRole('heading', { level: 1, name: secondDeal }).waitFor();
    await page.getByText('¥1,000').first().waitFor();
    await page.getByRole('region', { name: 'Stage history' }).getByRole('cell', { name: 'Prospecting' }).first().waitFor();

    await page.getByRole('link', { name: 'Open the board' }).click();
    await card(secondDeal).waitFor();
    await expect(totals('Prospecting').textContent()).resolves.toBe('1 deal · ¥1,000');
    // Keyboard only: focus "Move to…", open it, pick the stage with Enter.
    const toggle = card(secondDeal).getByRole('button', { name: `Move to… ${secondDeal}` });
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Qualification');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Negotiation');
    const saved = page.waitForResponse((r) => r.request().method() === 'PATCH');
    await page.keyboard.press('Enter');
    expect((await saved).status()).toBe(200);
    await column('Negotiation').getByRole('listitem', { name: secondDeal }).waitFor();
    await expect(totals('Negotiation').textContent()).resolves.toBe('1 deal · ¥1,000');
    await expect(totals('Prospecting').textContent()).resolves.toBe('0 deals');
    // Focus follows the card to its new column.
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(secondDeal);
  });

  it('rolls the card back when the drop meets a stale version (409)', async () => {
    const list = await api(`/opportunities?q=${encodeURIComponent(secondDeal)}`);
    const deal = (list.body.items as { opportunityId: string; version: number }[])[0]!;
    // Someone else changes the deal after the board was loaded: the card's version is stale now.
    const changed = await api(`/opportunities/${deal.opportunityId}`, { method: 'PATCH', json: { probability: 80, version: deal.version } });
    expect(changed.status).toBe(200);

    const refused = page.waitForResponse((r) => r.request().method() === 'PATCH');
    await drag(card(secondDeal), column('Closed lost'));
    expect((await refused).status()).toBe(409);
    await page.getByRole('alert').filter({ hasText: `${secondDeal} was not moved` }).waitFor();
    await column('Negotiation').getByRole('listitem', { name: secondDeal }).waitFor();
    await expect(column('Closed lost').getByRole('listitem').count()).resolves.toBe(0);
    await expect(totals('Negotiation').textContent()).resolves.toBe('1 deal · ¥1,000');
    await expect(totals('Closed lost').textContent()).resolves.toBe('0 deals');
    expect((await api(`/opportunities/${deal.opportunityId}`)).body.stage).toBe('negotiation');
  });

  it('shows the deal and its stage change on the account timeline', async () => {
    await card(dealName).getByRole('link', { name: company, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: company }).waitFor();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByText(`${dealName} moved from Prospecting to Closed won`).waitFor();
    await timeline.getByRole('link', { name: `${dealName} moved from Prospecting to Closed won` }).waitFor();
    // Newest first: the move comes before the deal's opening.
    const summaries = await timeline.locator('.timeline-summary').allTextContents();
    const moved = summaries.findIndex((s) => s.includes('moved from Prospecting to Closed won'));
    const opened = summaries.findIndex((s) => s.includes(`${dealName} opened`));
    expect(moved).toBeGreaterThanOrEqual(0);
    if (opened >= 0) expect(moved).toBeLessThan(opened);
  });

  it('shows the conversion on the account timeline', async () => {
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.locator('.timeline-entry.kind-conversion').first().waitFor({ timeout: 5000 });
  });

  it('logs a call on the account, shown in its activities and on its timeline', async () => {
    const activities = page.getByRole('region', { name: 'Activities' });
    await activities.getByText('Log a call, meeting, note or task').click();
    await activities.getByRole('combobox', { name: 'Type' }).selectOption('call');
    await activities.getByRole('textbox', { name: 'Subject' }).fill(`Kick-off call ${run}`);
    await activities.getByRole('checkbox', { name: 'Already done' }).check();
    await activities.getByRole('button', { name: 'Save activity' }).click();
    await activities.getByRole('cell', { name: `Kick-off call ${run}` }).waitFor();
    await page.reload();
    await page.getByRole('region', { name: 'Timeline' }).getByText(`Kick-off call ${run}`).waitFor();
  });

  it('switches pipelines and loads more of a long column by its cursor', async () => {
    const account = (await api(`/accounts?q=${encodeURIComponent(company)}`)).body.items as { accountId: string }[];
    for (let i = 1; i <= 21; i++) {
      const created = await api('/opportunities', {
        method: 'POST',
        json: { name: `Renewal ${run} ${String(i).padStart(2, '0')}`, accountId: account[0]!.accountId, amount: 100, currency: 'USD', closeDate: `2031-01-${String(i).padStart(2, '0')}`, pipelineId: 'renewals', stage: 'upcoming' },
      });
      expect(created.status).toBe(201);
    }
    await nav().getByRole('link', { name: 'Pipeline', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Pipeline: New business' }).waitFor();
    await page.getByRole('combobox', { name: 'Pipeline' }).selectOption({ label: 'Renewals' });
    await page.getByRole('heading', { level: 1, name: 'Pipeline: Renewals' }).waitFor();
    await page.waitForURL(/#\/pipeline\/renewals/);
    const upcoming = column('Upcoming');
    await expect(totals('Upcoming').textContent()).resolves.toBe('21 deals · $21.00');
    await expect.poll(() => upcoming.getByRole('listitem', { name: /^Renewal / }).count()).toBe(20);
    await upcoming.getByRole('button', { name: 'Load more deals in Upcoming' }).click();
    await upcoming.getByRole('listitem', { name: `Renewal ${run} 21` }).waitFor();
    await expect(upcoming.getByRole('listitem', { name: /^Renewal / }).count()).resolves.toBe(21);
    await expect(upcoming.getByRole('button', { name: 'Load more deals in Upcoming' }).count()).resolves.toBe(0);
  });

  it('raised no script errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
