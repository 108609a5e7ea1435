/**
 * Reminders through the HTTP layer and the local stand-ins: the due list the UI polls,
 * snooze and dismiss, and the email — one-off schedule → bus rule → workflow → outbox —
 * sent once even when its schedule fires twice.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestCrm, type TestCrm, type TestUser } from '../support/crm';

let crm: TestCrm;
let raj: TestUser;
let sofia: TestUser;
let account: string;

beforeAll(async () => {
  crm = await startTestCrm({ workflowRetryMs: 10 });
  [raj, sofia] = await Promise.all([
    crm.newUser({ profile: 'sales-rep', roles: ['sales-rep'], name: 'Raj' }),
    crm.newUser({ profile: 'sales-rep', roles: ['sales-rep'], name: 'Sofia' }),
  ]);
  account = (await body<{ accountId: string }>(await as(raj).post('/accounts', { name: 'Reminded Inc' }))).accountId;
}, 60_000);
afterAll(() => crm?.stop());

const as = (user: TestUser) => ({
  get: (path: string) => crm.api(path, { token: user.token }),
  post: (path: string, json?: unknown) => crm.api(path, { method: 'POST', json, token: user.token }),
  patch: (path: string, json: unknown) => crm.api(path, { method: 'PATCH', json, token: user.token }),
});
const body = async <T = Record<string, unknown>>(response: Response) => (await response.json()) as T;
type Activity = { activityId: string; version: number; reminder?: { at: string; email: boolean; dismissedAt?: string } };
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

async function withReminder(user: TestUser, subject: string, reminder: { at: string; email?: boolean }, type = 'task') {
  const response = await as(user).post('/activities', { type, subject, relatedType: 'account', relatedId: account, dueAt: inSeconds(3600), reminder });
  expect(response.status, await response.clone().text()).toBe(201);
  return body<Activity>(response);
}
const dueSubjects = async (user: TestUser) => (await body<{ items: { subject: string }[] }>(await as(user).get('/reminders/due'))).items.map((r) => r.subject);
const outbox = async () => (await (await fetch(`${crm.url}/_local/outbox`)).json()) as { to: string; subject: string }[];
const schedulesOf = (activityId: string) => crm.scheduler.pending().filter((s) => s.name.startsWith(`reminder-${activityId}-`));

describe('due reminders', () => {
  it("lists the caller's reminders once their time has come, and snooze and dismiss take them off", async () => {
    const task = await withReminder(raj, 'Call the buyer back', { at: inSeconds(1.5) });
    expect(await dueSubjects(raj)).not.toContain('Call the buyer back');
    await vi.waitFor(async () => expect(await dueSubjects(raj)).toContain('Call the buyer back'), { timeout: 10_000, interval: 250 });
    const [due] = (await body<{ items: Record<string, unknown>[] }>(await as(raj).get('/reminders/due'))).items.filter((r) => r.activityId === task.activityId);
    expect(due).toMatchObject({ activityType: 'task', relatedType: 'account', relatedId: account, email: false, at: task.reminder!.at });
    expect(await dueSubjects(sofia)).toEqual([]);

    const snoozed = await as(raj).post(`/activities/${task.activityId}/reminder/snooze`, { minutes: 10 });
    expect(snoozed.status).toBe(200);
    const moved = await body<Activity>(snoozed);
    expect(Date.parse(moved.reminder!.at) - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(moved.version).toBe(task.version + 1);
    expect(await dueSubjects(raj)).not.toContain('Call the buyer back');

    const dismissed = await body<Activity>(await as(raj).post(`/activities/${task.activityId}/reminder/dismiss`));
    expect(dismissed.reminder?.dismissedAt).toBeDefined();
    const again = await body<Activity>(await as(raj).post(`/activities/${task.activityId}/reminder/dismiss`));
    expect(again.version).toBe(dismissed.version); // dismissing twice changes nothing
  });

  it('drops a reminder from the due list when its task is completed', async () => {
    const task = await withReminder(raj, 'Finish the proposal', { at: inSeconds(1) });
    await vi.waitFor(async () => expect(await dueSubjects(raj)).toContain('Finish the proposal'), { timeout: 10_000, interval: 250 });
    expect((await as(raj).patch(`/activities/${task.activityId}`, { status: 'completed', version: task.version })).status).toBe(200);
    expect(await dueSubjects(raj)).not.toContain('Finish the proposal');
  });

  it('refuses to snooze or dismiss what is not there, or another rep’s, naming the field', async () => {
    const plain = await body<Activity>(await as(raj).post('/activities', { type: 'task', subject: 'No reminder', relatedType: 'account', relatedId: account }));
    const missing = await as(raj).post(`/activities/${plain.activityId}/reminder/dismiss`);
    expect(missing.status).toBe(404);
    expect((await body<{ errors: { name: string }[] }>(missing)).errors.map((e) => e.name)).toEqual(['reminder']);
    const zero = await as(raj).post(`/activities/${plain.activityId}/reminder/snooze`, { minutes: 0 });
    expect(zero.status).toBe(422);
    expect((await body<{ errors: { name: string }[] }>(zero)).errors.map((e) => e.name)).toEqual(['minutes']);
    const rajs = await withReminder(raj, 'Not for Sofia', { at: inSeconds(600) });
    expect((await as(sofia).post(`/activities/${rajs.activityId}/reminder/snooze`, { minutes: 5 })).status).toBe(404);
  });
});

describe('reminder emails', () => {
  it('emails the owner once when the reminder comes due, even if its schedule fires twice', async () => {
    const meeting = await withReminder(raj, 'Quarterly review', { at: inSeconds(1.5), email: true }, 'meeting');
    expect(schedulesOf(meeting.activityId)).toHaveLength(1);
    await vi.waitFor(
      async () => expect((await outbox()).filter((m) => m.subject === 'Reminder: Quarterly review')).toEqual([{ to: raj.email, subject: 'Reminder: Quarterly review', id: expect.any(String), date: expect.any(String), messageId: expect.any(String) }]),
      { timeout: 20_000, interval: 250 },
    );
    await crm.settle();

    // EventBridge Scheduler delivers at least once: the same event again sends nothing.
    await crm.bus.publisher.publish([{ source: 'crm', detailType: 'Reminder Due', detail: { activityId: meeting.activityId, at: meeting.reminder!.at } }]);
    await crm.settle();
    expect((await outbox()).filter((m) => m.subject === 'Reminder: Quarterly review')).toHaveLength(1);
    const runs = crm.stepFunctions.executions.filter((e) => e.stateMachine === 'reminder-email' && (e.input as { detail: { activityId: string } }).detail.activityId === meeting.activityId);
    expect(runs.map((r) => r.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(runs.map((r) => (r.output as { sent: boolean }).sent).sort()).toEqual([false, true]);
  });

  it('cancels the email when the reminder is dismissed, and sends nothing for a stale schedule', async () => {
    const meeting = await withReminder(raj, 'Dismissed review', { at: inSeconds(2), email: true }, 'meeting');
    expect(schedulesOf(meeting.activityId)).toHaveLength(1);
    expect((await as(raj).post(`/activities/${meeting.activityId}/reminder/dismiss`)).status).toBe(200);
    expect(schedulesOf(meeting.activityId)).toEqual([]);
    // Even a schedule that got away (a cancel that failed) finds the reminder dismissed.
    await crm.bus.publisher.publish([{ source: 'crm', detailType: 'Reminder Due', detail: { activityId: meeting.activityId, at: meeting.reminder!.at } }]);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await crm.settle();
    expect((await outbox()).filter((m) => m.subject === 'Reminder: Dismissed review')).toEqual([]);
  });

  it('moves the email with a snooze and cancels it when the task is completed', async () => {
    const task = await withReminder(raj, 'Snoozed email', { at: inSeconds(3600), email: true });
    const [first] = schedulesOf(task.activityId);
    expect(first?.at).toBe(task.reminder!.at);
    const snoozed = await body<Activity>(await as(raj).post(`/activities/${task.activityId}/reminder/snooze`, { minutes: 30 }));
    expect(schedulesOf(task.activityId).map((s) => s.at)).toEqual([snoozed.reminder!.at]);
    expect((await as(raj).patch(`/activities/${task.activityId}`, { status: 'completed', version: snoozed.version })).status).toBe(200);
    expect(schedulesOf(task.activityId)).toEqual([]);
  });
});
