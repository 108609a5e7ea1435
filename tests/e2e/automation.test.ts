/**
 * Workflow automation end to end, in headless Chromium against the real local runtime:
 * the administrator builds "lead created, source is web → create a task due in a day"
 * in the builder, sees a refused save marked next to the input the API names, then a
 * web lead gets its task (the workflow runs asynchronously) and the workflow's run
 * history has the run as succeeded with its step. A contact workflow's run shows on the
 * contact's timeline and its notification in the header's bell.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserCrm, type BrowserCrm, signIn } from '../support/browser';

const run = Math.random().toString(36).slice(2, 8);
const workflowName = `Follow up web leads ${run}`;
const taskSubject = 'Call the new web lead';

describe('workflow automation UI', () => {
  let crm: BrowserCrm['crm'];
  let page: Page;
  let session: BrowserCrm | undefined;
  let token = '';
  let webLeadId = '';
  let otherLeadId = '';
  const pageErrors: string[] = [];

  const api = async <T = Record<string, unknown>>(path: string, init: { method?: string; json?: unknown } = {}) => {
    const res = await fetch(crm.url + path, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, ...(init.json ? { 'content-type': 'application/json' } : {}) },
      body: init.json ? JSON.stringify(init.json) : undefined,
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as T };
  };
  const nav = () => page.getByRole('navigation', { name: 'Main' });
  const adminNav = () => page.getByRole('navigation', { name: 'Administration' });
  const select = (name: string) => page.getByRole('combobox', { name, exact: true });
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

  async function openNewWorkflow() {
    await nav().getByRole('link', { name: 'Admin', exact: true }).click();
    await adminNav().getByRole('link', { name: 'Workflows', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Workflows' }).waitFor();
    await page.getByRole('link', { name: 'New workflow' }).click();
    await page.getByRole('heading', { level: 1, name: 'New workflow' }).waitFor();
  }

  beforeAll(async () => {
    session = await startBrowserCrm({ name: 'automation', seedDemo: false, tableName: `crm-e2e-automation-${run}`, viewport: { width: 1400, height: 900 }, locale: 'en-US' }, pageErrors);
    ({ crm, page } = session);
    const login = await fetch(`${crm.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: crm.admin.email, password: crm.admin.password }) });
    token = ((await login.json()) as { accessToken: string }).accessToken;
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('signs the admin in, with the notification bell in the header', async () => {
    await page.goto(crm.url);
    await signIn(page, crm.admin.email, crm.admin.password);
    await page.getByRole('button', { name: /^Notifications, / }).waitFor();
  });

  it('shows the API’s field errors next to the input they name', async () => {
    await openNewWorkflow();
    await box('Name').fill(`Broken hook ${run}`);
    await select('Action 1: type').selectOption('webhook');
    const url = box('Action 1: URL');
    await url.fill('not a url');
    await page.getByRole('button', { name: 'Create workflow' }).click();
    await expect.poll(() => url.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await url.getAttribute('aria-describedby'))!.split(' ');
    const messages = await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(messages.join(' ')).toMatch(/URL/i);
    await page.getByRole('alert').getByText(/Action 1 › url/).waitFor();
    // The input with the error has focus, so a keyboard user lands on it.
    await expect.poll(() => url.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('builds "lead created, source is web → create a task" and saves it', async () => {
    await openNewWorkflow();
    await box('Name').fill(workflowName);
    await select('When').selectOption('recordCreated');
    await select('Record type').selectOption('lead');
    await page.getByText('When a lead is created.').waitFor();

    await page.getByRole('button', { name: 'Add condition', exact: true }).click();
    await select('Condition 1: field').selectOption('source');
    await select('Condition 1: comparison').selectOption('eq');
    await box('Condition 1: value').fill('web');

    await expect(select('Action 1: type').inputValue()).resolves.toBe('createTask');
    await box('Action 1: Subject').fill(taskSubject);
    await box('Action 1: Due in (days)').fill('1');
    await page.getByRole('button', { name: 'Create workflow' }).click();

    await page.getByRole('heading', { level: 1, name: 'Workflows' }).waitFor();
    await page.getByText(`${workflowName} created.`).waitFor();
    const row = page.getByRole('row').filter({ hasText: workflowName });
    await row.getByText('When a lead is created').waitFor();
    await row.getByText('On', { exact: true }).waitFor();

    const saved = await api<{ items: { name: string; trigger: unknown; conditions: unknown; actions: unknown }[] }>('/workflows');
    expect(saved.body.items.find((w) => w.name === workflowName)).toMatchObject({
      trigger: { type: 'recordCreated', recordType: 'lead' },
      conditions: { all: [{ field: 'source', op: 'eq', value: 'web' }] },
      actions: [{ type: 'createTask', subject: taskSubject, dueInDays: 1, assignTo: 'owner' }],
    });
  });

  it('creates the task on a web lead (and not on another lead) within seconds', async () => {
    const web = await api<{ leadId: string }>('/leads', { method: 'POST', json: { lastName: `Webb${run}`, company: `Web Co ${run}`, source: 'web' } });
    const other = await api<{ leadId: string }>('/leads', { method: 'POST', json: { lastName: `Referral${run}`, company: `Ref Co ${run}`, source: 'referral' } });
    expect([web.status, other.status]).toEqual([201, 201]);
    webLeadId = web.body.leadId;
    otherLeadId = other.body.leadId;
    await crm.settle();
    const task = await eventually(async () => {
      const page = await api<{ items: { type: string; subject: string; dueAt?: string; status: string }[] }>(`/leads/${webLeadId}/activities`);
      return page.body.items.find((a) => a.subject === taskSubject);
    });
    expect(task).toMatchObject({ type: 'task', status: 'open' });
    // Due about a day later.
    expect(Math.abs(Date.parse(task.dueAt!) - Date.now() - 86_400_000)).toBeLessThan(3 * 3_600_000);
    await crm.settle();
    const others = await api<{ items: { subject: string }[] }>(`/leads/${otherLeadId}/activities`);
    expect(others.body.items.map((a) => a.subject)).not.toContain(taskSubject);
  }, 90_000);

  it('shows the task on the lead page', async () => {
    await page.goto(`${crm.url}/#/leads/${webLeadId}`);
    await page.getByRole('heading', { level: 1, name: `Webb${run}` }).waitFor();
    const activities = page.getByRole('region', { name: 'Activities' });
    await activities.getByRole('cell', { name: taskSubject, exact: true }).waitFor();
  });

  it('shows a workflow run on the record’s timeline, and its notification in the bell', async () => {
    const contactFlow = `Welcome contacts ${run}`;
    const message = `New contact to welcome ${run}`;
    const created = await api('/workflows', {
      method: 'POST',
      json: { name: contactFlow, enabled: true, trigger: { type: 'recordCreated', recordType: 'contact' }, actions: [{ type: 'addTag', tag: 'welcomed' }, { type: 'notify', userId: 'owner', message }] },
    });
    expect(created.status).toBe(201);
    const account = await api<{ accountId: string }>('/accounts', { method: 'POST', json: { name: `Acme ${run}` } });
    const contact = await api<{ contactId: string }>('/contacts', { method: 'POST', json: { accountId: account.body.accountId, lastName: `Welcome${run}`, email: `welcome.${run}@acme.test`, birthday: '1990-02-14' } });
    expect(contact.status).toBe(201);
    await crm.settle();
    await eventually(async () => ((await api<{ items: { kind: string }[] }>(`/contacts/${contact.body.contactId}/timeline`)).body.items ?? []).some((e) => e.kind === 'workflow'));

    await page.goto(`${crm.url}/#/contacts/${contact.body.contactId}`);
    await page.getByRole('heading', { level: 1, name: `Welcome${run}` }).waitFor();
    await page.getByRole('region', { name: 'Contact' }).or(page.locator('dl.details').first()).getByText('Feb 14, 1990').first().waitFor();
    const entry = page.getByRole('region', { name: 'Timeline' }).getByRole('listitem').filter({ hasText: `Workflow “${contactFlow}” succeeded` });
    await entry.getByText('Succeeded', { exact: true }).waitFor();
    await entry.getByText('A workflow').waitFor();
    expect(await entry.getByRole('link').getAttribute('href')).toMatch(/^#\/admin\/workflows\/[0-9A-Z]{26}\/runs$/);

    const bell = page.getByRole('button', { name: /^Notifications, / });
    await bell.click();
    const panel = page.getByRole('region', { name: 'Notifications' });
    const item = panel.getByRole('listitem').filter({ hasText: message });
    await item.waitFor();
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications, 1 unread');
    await item.getByRole('button', { name: `Mark read: ${message}` }).click();
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications, none unread');
    await page.keyboard.press('Escape');
    await expect.poll(() => bell.getAttribute('aria-expanded')).toBe('false');
  }, 90_000);

  it('lists the run as succeeded in the workflow’s run history, with its step', async () => {
    await nav().getByRole('link', { name: 'Admin', exact: true }).click();
    await adminNav().getByRole('link', { name: 'Workflows', exact: true }).click();
    await page.getByRole('link', { name: `Run history of ${workflowName}` }).click();
    await page.getByRole('heading', { level: 1, name: `Runs of ${workflowName}` }).waitFor();
    const runs = page.getByRole('list', { name: 'Runs, newest first' });
    const item = runs.getByRole('listitem').first();
    await item.getByText('Succeeded').first().waitFor();
    await item.locator('summary').click();
    const steps = item.getByRole('table');
    const step = steps.getByRole('row').filter({ hasText: 'Create a task' });
    await step.getByText('Succeeded').waitFor();
    await item.getByRole('link', { name: `Webb${run}` }).waitFor();
  });

  it('manages task templates (with the next task) and email templates', async () => {
    await nav().getByRole('link', { name: 'Admin', exact: true }).click();
    await adminNav().getByRole('link', { name: 'Task templates', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Task templates' }).waitFor();
    const add = async (name: string, subject: string, due: string, next?: string) => {
      const form = page.getByRole('form', { name: 'Add a task template' });
      await form.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
      await form.getByRole('textbox', { name: 'Subject', exact: true }).fill(subject);
      await form.getByRole('textbox', { name: 'Due in (days)', exact: true }).fill(due);
      if (next) await form.getByRole('combobox', { name: 'Next task' }).selectOption({ label: next });
      await form.getByRole('button', { name: 'Add task template' }).click();
      await page.getByText(`${name} added.`).waitFor();
    };
    await add(`Send proposal ${run}`, 'Send the proposal', '3');
    await add(`Discovery call ${run}`, 'Discovery call', '1', `Send proposal ${run}`);
    await page.getByRole('row').filter({ hasText: `Discovery call ${run}` }).getByText(`Send proposal ${run}`).waitFor();

    await adminNav().getByRole('link', { name: 'Email templates', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Email templates' }).waitFor();
    await box('Name').fill(`Welcome ${run}`);
    await box('Subject').fill('Welcome, {{firstName}}');
    await box('Body').fill('Hello {{firstName}}, thanks for your interest.');
    await page.getByRole('button', { name: 'Add email template' }).click();
    await page.getByText(`Welcome ${run} added.`).waitFor();
    await page.getByRole('button', { name: `Edit Welcome ${run}` }).click();
    await box('Subject').fill('Welcome aboard, {{firstName}}');
    await page.getByRole('button', { name: 'Save email template' }).click();
    await page.getByText(`Welcome ${run} saved.`).waitFor();
    await page.getByRole('cell', { name: 'Welcome aboard, {{firstName}}' }).waitFor();
  });

  it('subscribes a webhook, shows its secret once, and sends a test event', async () => {
    await adminNav().getByRole('link', { name: 'Webhooks', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await box('Name').fill(`Warehouse ${run}`);
    await box('URL').fill('https://hooks.example.com/crm');
    await page.getByRole('checkbox', { name: 'Lead Created', exact: true }).check();
    await page.getByRole('button', { name: 'Add subscription' }).click();
    const secret = page.getByRole('textbox', { name: 'Signing secret' });
    const problem = page.getByRole('alert');
    await secret.or(problem.filter({ hasText: /\S/ })).first().waitFor();
    if (!(await secret.isVisible())) throw new Error(`subscription refused: ${await problem.first().textContent()}`);
    expect((await secret.inputValue()).length).toBeGreaterThan(10);
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await expect.poll(() => secret.count()).toBe(0);

    await page.getByRole('button', { name: `Send a test event to Warehouse ${run}` }).first().click();
    const deliveries = page.getByRole('region', { name: `Deliveries of Warehouse ${run}` });
    await deliveries.getByRole('cell', { name: /Webhook Test/ }).first().waitFor();
    await deliveries.getByRole('link', { name: 'Dead letters' }).click();
    await page.getByRole('region', { name: `Deliveries of Warehouse ${run}` }).getByRole('link', { name: 'Dead letters' }).and(page.locator('[aria-current="page"]')).waitFor();
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
