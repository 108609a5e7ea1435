/**
 * Workflow automation end to end on the local runtime: a write → the table stream →
 * domain events on the bus → the automation rule → the matcher → one workflow-run
 * execution of the real ASL per matching workflow → actions through the domain.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm } from '../support/crm';

let crm: TestCrm;
let accountId: string;

beforeAll(async () => {
  crm = await startTestCrm({ workflowRetryMs: 10, workflowWaitMs: 50 });
  accountId = (await json<{ accountId: string }>(await post('/accounts', { name: 'Automated Ltd' }))).accountId;
}, 60_000);
afterAll(() => crm?.stop());

const json = async <T = Record<string, unknown>>(response: Response) => (await response.json()) as T;
const post = (path: string, body?: unknown) => crm.api(path, { method: 'POST', json: body });
const patch = (path: string, body: unknown) => crm.api(path, { method: 'PATCH', json: body });
const put = (path: string, body: unknown) => crm.api(path, { method: 'PUT', json: body });

async function created<T = Record<string, unknown>>(response: Promise<Response>): Promise<T> {
  const r = await response;
  expect(r.status, await r.clone().text()).toBeLessThan(300);
  return json<T>(r);
}
const newWorkflow = (body: Record<string, unknown>) => created<{ workflowId: string; version: number }>(post('/workflows', body));
const runsOf = async (workflowId: string) =>
  (await json<{ items: { runId: string; status: string; recordId: string; steps: { status: string; error?: string; attempts: number }[]; error?: string }[] }>(await crm.api(`/workflows/${workflowId}/runs?limit=100`))).items;
const tasksOn = async (type: string, id: string) =>
  (await json<{ items: { activityId: string; subject: string; status: string; version: number; templateId?: string; dueAt?: string }[] }>(await crm.api(`/${type}/${id}/activities?limit=100`))).items;
const outbox = async () => (await (await fetch(`${crm.url}/_local/outbox`)).json()) as { to: string; subject: string }[];
const disable = async (workflowId: string) => {
  const current = await json<Record<string, unknown>>(await crm.api(`/workflows/${workflowId}`));
  const { workflowId: _id, createdAt: _c, createdBy: _cb, updatedAt: _u, updatedBy: _ub, seeded: _s, ...definition } = current;
  await created(put(`/workflows/${workflowId}`, { ...definition, enabled: false }));
};

describe('a workflow built through the API', () => {
  it('gives a lead created with source "web" a follow-up task, and no other lead one', async () => {
    const workflow = await newWorkflow({
      name: 'Follow up web leads',
      trigger: { type: 'recordCreated', recordType: 'lead' },
      conditions: { all: [{ field: 'source', op: 'eq', value: 'web' }] },
      actions: [{ type: 'createTask', subject: 'Call the new web lead', dueInDays: 1 }],
    });
    const web = await created<{ leadId: string }>(post('/leads', { lastName: 'Webb', company: 'Web Co', source: 'web', email: 'webb@web.test' }));
    const fair = await created<{ leadId: string }>(post('/leads', { lastName: 'Fairweather', company: 'Fair Co', source: 'trade-show' }));
    await crm.settle();

    const tasks = await tasksOn('leads', web.leadId);
    expect(tasks.map((t) => t.subject)).toEqual(['Call the new web lead']);
    expect(Date.parse(tasks[0]!.dueAt!) - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
    expect(await tasksOn('leads', fair.leadId)).toEqual([]);
    const runs = await runsOf(workflow.workflowId);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'succeeded', recordId: web.leadId, steps: [{ status: 'succeeded', attempts: 1 }] });
    const timeline = await json<{ items: { kind: string; summary: string }[] }>(await crm.api(`/leads/${web.leadId}/timeline`));
    expect(timeline.items.some((e) => e.kind === 'workflow' && e.summary.includes('Follow up web leads') && e.summary.includes('succeeded'))).toBe(true);
    await disable(workflow.workflowId);
  });

  it('runs its actions in order, waits, and changes fields, tags and the owner', async () => {
    const rep = await crm.newUser({ profile: 'sales-rep', roles: ['sales-rep'] });
    const workflow = await newWorkflow({
      name: 'Qualify hot leads',
      trigger: { type: 'fieldChanged', recordType: 'lead', field: 'status', to: 'qualified' },
      actions: [
        { type: 'addTag', tag: 'hot' },
        { type: 'wait', minutes: 5 },
        { type: 'updateField', field: 'campaign', value: 'fast-track' },
        { type: 'assignOwner', userId: rep.userId },
        { type: 'notify', userId: rep.userId, message: 'A qualified lead is yours' },
      ],
    });
    const lead = await created<{ leadId: string; version: number }>(post('/leads', { lastName: 'Quick', status: 'working' }));
    await created(patch(`/leads/${lead.leadId}`, { status: 'qualified', version: lead.version }));
    await crm.settle();
    const after = await json<{ tags?: string[]; campaign?: string; ownerId: string; updatedBy: string }>(await crm.api(`/leads/${lead.leadId}`));
    expect(after).toMatchObject({ tags: ['hot'], campaign: 'fast-track', ownerId: rep.userId });
    expect(after.updatedBy).toBe(`workflow:${workflow.workflowId}`);
    const [run] = await runsOf(workflow.workflowId);
    expect(run!.steps.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded']);
    const notifications = await json<{ items: { message: string }[] }>(await crm.api('/me/notifications', { token: rep.token }));
    expect(notifications.items.map((n) => n.message)).toEqual(['A qualified lead is yours']);
    await disable(workflow.workflowId);
  });
});

describe('the loop guard', () => {
  it('does not let a workflow that updates its own trigger run again on its own change', async () => {
    const workflow = await newWorkflow({
      name: 'Stamp every update',
      trigger: { type: 'recordUpdated', recordType: 'account' },
      actions: [{ type: 'addTag', tag: 'touched' }],
    });
    const account = await created<{ accountId: string; version: number }>(post('/accounts', { name: 'Loopy' }));
    await created(patch(`/accounts/${account.accountId}`, { industry: 'Software', version: account.version }));
    await crm.settle();
    expect(await runsOf(workflow.workflowId)).toHaveLength(1);
    await disable(workflow.workflowId);
  });

  it('stops a ring of workflows that trigger each other', async () => {
    const ping = await newWorkflow({
      name: 'Ping',
      trigger: { type: 'fieldChanged', recordType: 'account', field: 'industry' },
      actions: [{ type: 'updateField', field: 'phone', value: '+44 20 7946 0001' }],
    });
    const pong = await newWorkflow({
      name: 'Pong',
      trigger: { type: 'fieldChanged', recordType: 'account', field: 'phone' },
      actions: [{ type: 'updateField', field: 'industry', value: 'Ring' }],
    });
    const account = await created<{ accountId: string; version: number }>(post('/accounts', { name: 'Ringing' }));
    await created(patch(`/accounts/${account.accountId}`, { industry: 'Telecom', version: account.version }));
    await crm.settle();
    // Ping (by the person) → Pong (by Ping) → Ping would be in its own chain: stops.
    expect((await runsOf(ping.workflowId)).filter((r) => r.recordId === account.accountId)).toHaveLength(1);
    expect((await runsOf(pong.workflowId)).filter((r) => r.recordId === account.accountId)).toHaveLength(1);
    await Promise.all([disable(ping.workflowId), disable(pong.workflowId)]);
  });
});

describe('chained tasks', () => {
  it('creates the next task within seconds of completing one made from a template', async () => {
    const second = await created<{ templateId: string }>(post('/task-templates', { name: 'Send proposal', subject: 'Send the proposal', dueInDays: 2 }));
    const first = await created<{ templateId: string }>(post('/task-templates', { name: 'Discovery call', subject: 'Discovery call', dueInDays: 1, nextTemplateId: second.templateId }));
    const task = await created<{ activityId: string; version: number }>(
      post('/activities', { type: 'task', subject: 'Discovery call', relatedType: 'account', relatedId: accountId, templateId: first.templateId }),
    );
    const started = Date.now();
    await created(patch(`/activities/${task.activityId}`, { status: 'completed', version: task.version }));
    let tasks: Awaited<ReturnType<typeof tasksOn>> = [];
    while (Date.now() - started < 10_000) {
      tasks = await tasksOn('accounts', accountId);
      if (tasks.some((t) => t.subject === 'Send the proposal')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(Date.now() - started).toBeLessThan(5_000);
    const next = tasks.filter((t) => t.subject === 'Send the proposal');
    expect(next).toHaveLength(1);
    expect(next[0]).toMatchObject({ status: 'open', templateId: second.templateId });
    await crm.settle();
    expect((await tasksOn('accounts', accountId)).filter((t) => t.subject === 'Send the proposal')).toHaveLength(1);
  });
});

describe('date-based automations', () => {
  it('emails a contact on their birthday once, even when the daily schedule fires twice', async () => {
    const today = new Date().toISOString().slice(5, 10);
    const contact = await created<{ contactId: string }>(
      post('/contacts', { accountId, lastName: 'Born', firstName: 'Bea', email: 'bea.born@example.test', birthday: `1990-${today}` }),
    );
    await created(post('/contacts', { accountId, lastName: 'Later', firstName: 'Lou', email: 'lou.later@example.test', birthday: '1990-01-01' === `1990-${today}` ? '1990-01-02' : '1990-01-01' }));
    await crm.settle();
    const first = await json<{ events: number }>(await post('/workflows/date-triggers/run'));
    const second = await json<{ events: number }>(await post('/workflows/date-triggers/run'));
    await crm.settle();
    expect(first.events).toBeGreaterThanOrEqual(1);
    expect(second.events).toBe(first.events);
    const mails = (await outbox()).filter((m) => m.to === 'bea.born@example.test');
    expect(mails.map((m) => m.subject)).toEqual(['Happy birthday, Bea!']);
    expect((await outbox()).some((m) => m.to === 'lou.later@example.test')).toBe(false);
    expect(contact.contactId).toBeTruthy();
  });

  it('thanks a customer on the anniversary of their first purchase, and tells the owner', async () => {
    const lastYear = new Date(Date.now() - 365 * 24 * 3600 * 1000);
    const thisDayLastYear = `${new Date().getUTCFullYear() - 1}-${new Date().toISOString().slice(5, 10)}`;
    expect(lastYear).toBeTruthy();
    await created(post('/contacts', { accountId, lastName: 'Loyal', firstName: 'Lia', email: 'lia.loyal@example.test', customerSince: thisDayLastYear }));
    await crm.settle();
    await post('/workflows/date-triggers/run');
    await crm.settle();
    expect((await outbox()).filter((m) => m.to === 'lia.loyal@example.test').map((m) => m.subject)).toEqual(['Thank you for another year with us, Lia']);
    const notes = await json<{ items: { message: string }[] }>(await crm.api('/me/notifications'));
    expect(notes.items.some((n) => n.message.includes('purchase anniversary'))).toBe(true);
  });
});

describe('failing actions', () => {
  let receiver: Server;
  let calls = 0;
  let url = '';
  beforeAll(async () => {
    receiver = createServer((request, response) => {
      calls++;
      request.resume();
      response.writeHead(500).end('down');
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

  it('retries a webhook that answers 500, then records the run as failed with the error', async () => {
    const workflow = await newWorkflow({
      name: 'Tell the warehouse',
      trigger: { type: 'recordCreated', recordType: 'account' },
      conditions: { all: [{ field: 'name', op: 'eq', value: 'Warehouse Customer' }] },
      actions: [{ type: 'webhook', url }, { type: 'addTag', tag: 'never-reached' }],
    });
    const account = await created<{ accountId: string }>(post('/accounts', { name: 'Warehouse Customer' }));
    await crm.settle();
    const [run] = await runsOf(workflow.workflowId);
    expect(run).toMatchObject({ status: 'failed' });
    expect(run!.steps).toHaveLength(1);
    expect(run!.steps[0]).toMatchObject({ status: 'failed', attempts: 4 });
    expect(run!.steps[0]!.error).toMatch(/500/);
    expect(calls).toBe(4);
    const after = await json<{ tags?: string[] }>(await crm.api(`/accounts/${account.accountId}`));
    expect(after.tags ?? []).not.toContain('never-reached');
    await disable(workflow.workflowId);
  });

  it('fails an update the record refuses at once, leaving the record as it was', async () => {
    await created(post('/contacts', { accountId, lastName: 'Taken', email: 'taken@example.test' }));
    const workflow = await newWorkflow({
      name: 'Steal an email',
      trigger: { type: 'fieldChanged', recordType: 'contact', field: 'title', to: 'Buyer' },
      actions: [{ type: 'updateField', field: 'email', value: 'taken@example.test' }],
    });
    const contact = await created<{ contactId: string; version: number }>(post('/contacts', { accountId, lastName: 'Victim', email: 'victim@example.test' }));
    await created(patch(`/contacts/${contact.contactId}`, { title: 'Buyer', version: contact.version }));
    await crm.settle();
    const [run] = await runsOf(workflow.workflowId);
    expect(run).toMatchObject({ status: 'failed' });
    const after = await json<{ email: string; version: number }>(await crm.api(`/contacts/${contact.contactId}`));
    expect(after).toMatchObject({ email: 'victim@example.test', version: 2 });
    await disable(workflow.workflowId);
  });
});

describe('refused on save, with the reason', () => {
  const base = { name: 'Bad', trigger: { type: 'recordCreated', recordType: 'lead' } };
  const refused = async (body: Record<string, unknown>, field: string, detail: RegExp) => {
    const response = await post('/workflows', body);
    const problem = await json<{ errors?: { name: string; detail: string }[] }>(response.clone());
    expect(response.status, JSON.stringify(problem)).toBe(422);
    expect(problem.errors?.find((e) => e.name === field)?.detail ?? JSON.stringify(problem)).toMatch(detail);
  };

  it('a condition on a field that does not exist', () =>
    refused({ ...base, conditions: { all: [{ field: 'shoeSize', op: 'eq', value: 42 }] }, actions: [{ type: 'addTag', tag: 'x' }] }, 'conditions.all.0.field', /not a field/));
  it('a trigger on a field that does not exist', () =>
    refused({ ...base, trigger: { type: 'fieldChanged', recordType: 'lead', field: 'custom.nope' }, actions: [{ type: 'addTag', tag: 'x' }] }, 'trigger.field', /not a field/));
  it('an email action with a missing template', () =>
    refused({ ...base, actions: [{ type: 'sendEmail', templateId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }] }, 'actions.0.templateId', /no email template/));
  it('a wait longer than a year', () => refused({ ...base, actions: [{ type: 'wait', days: 366 }] }, 'actions.0.days', /./));
  it('waits that add up to more than a year', () =>
    refused({ ...base, actions: [{ type: 'wait', days: 300 }, { type: 'wait', days: 100 }] }, 'actions.1.days', /longer than a year/));
  it('a webhook that is not HTTPS or points at a private address (as in AWS)', async () => {
    const before = process.env.WEBHOOKS_ALLOW_PRIVATE;
    process.env.WEBHOOKS_ALLOW_PRIVATE = 'false';
    try {
      await refused({ ...base, actions: [{ type: 'webhook', url: 'http://hooks.example.com/x' }] }, 'actions.0.url', /https/i);
      await refused({ ...base, actions: [{ type: 'webhook', url: 'https://10.0.0.7/x' }] }, 'actions.0.url', /private|public|internal/i);
      await refused({ ...base, actions: [{ type: 'webhook', url: 'https://localhost/x' }] }, 'actions.0.url', /./);
    } finally {
      process.env.WEBHOOKS_ALLOW_PRIVATE = before;
    }
  });
  it('a cycle between workflows that start each other', async () => {
    const a = await newWorkflow({ ...base, name: 'A', enabled: false, actions: [{ type: 'addTag', tag: 'a' }] });
    const b = await newWorkflow({ ...base, name: 'B', enabled: false, actions: [{ type: 'startWorkflow', workflowId: a.workflowId }] });
    const response = await put(`/workflows/${a.workflowId}`, { ...base, name: 'A', enabled: false, actions: [{ type: 'startWorkflow', workflowId: b.workflowId }], version: a.version });
    const problem = await json<{ errors: { name: string; detail: string }[] }>(response);
    expect(response.status).toBe(422);
    expect(problem.errors[0]).toMatchObject({ name: 'actions.0.workflowId' });
    expect(problem.errors[0]!.detail).toMatch(/cycle/);
  });
});
