/**
 * Activities through the HTTP layer on DynamoDB Local: CRUD, the related record's
 * visibility, private activities between reps, lists and the calendar, bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm, type TestUser } from '../support/crm';

let crm: TestCrm;
let manager: TestUser;
let raj: TestUser;
let sofia: TestUser;
let rajsAccount: string;
let rajsContact: string;

beforeAll(async () => {
  crm = await startTestCrm();
  [manager, raj, sofia] = await Promise.all([
    crm.newUser({ profile: 'sales-manager', roles: ['sales-manager'], name: 'Maria' }),
    crm.newUser({ profile: 'sales-rep', roles: ['sales-rep'], name: 'Raj' }),
    crm.newUser({ profile: 'sales-rep', roles: ['sales-rep'], name: 'Sofia' }),
  ]);
  rajsAccount = (await body<{ accountId: string }>(await as(raj).post('/accounts', { name: 'Raj Industries' }))).accountId;
  rajsContact = (await body<{ contactId: string }>(await as(raj).post('/contacts', { accountId: rajsAccount, lastName: 'Buyer', email: 'buyer@raj.example' }))).contactId;
}, 60_000);
afterAll(() => crm?.stop());

const as = (user: TestUser) => ({
  get: (path: string) => crm.api(path, { token: user.token }),
  post: (path: string, json: unknown) => crm.api(path, { method: 'POST', json, token: user.token }),
  patch: (path: string, json: unknown) => crm.api(path, { method: 'PATCH', json, token: user.token }),
  del: (path: string) => crm.api(path, { method: 'DELETE', token: user.token }),
});
const body = async <T = Record<string, unknown>>(response: Response) => (await response.json()) as T;
type Activity = { activityId: string; subject: string; status: string; version: number; completedAt?: string; accountId?: string; ownerId: string; [k: string]: unknown };
type Problem = { errors?: { name: string; detail: string }[] };
const errorNames = async (response: Response) => ((await body<Problem>(response)).errors ?? []).map((e) => e.name);
const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

describe('activities', () => {
  it('logs a call on a contact, remembers its account, and reads, changes and deletes it', async () => {
    const created = await as(raj).post('/activities', {
      type: 'call',
      subject: 'Discovery call',
      relatedType: 'contact',
      relatedId: rajsContact,
      dueAt: '2026-05-04T11:30:00+02:00',
      durationMinutes: 20,
      attendees: [{ name: 'Bea Buyer', email: 'Buyer@Raj.example', contactId: rajsContact }],
    });
    expect(created.status).toBe(201);
    const call = await body<Activity>(created);
    expect(call).toMatchObject({
      type: 'call',
      status: 'open',
      relatedType: 'contact',
      relatedId: rajsContact,
      accountId: rajsAccount,
      dueAt: '2026-05-04T09:30:00.000Z', // kept in UTC
      ownerId: raj.userId,
      attendees: [{ name: 'Bea Buyer', email: 'buyer@raj.example', contactId: rajsContact }],
      version: 1,
    });
    expect(call).not.toHaveProperty('calendarAt');
    expect(await body(await as(raj).get(`/activities/${call.activityId}`))).toEqual(call);

    const completed = await as(raj).patch(`/activities/${call.activityId}`, { status: 'completed', outcome: 'Wants a demo', version: 1 });
    expect(completed.status).toBe(200);
    const done = await body<Activity>(completed);
    expect(done).toMatchObject({ status: 'completed', outcome: 'Wants a demo', version: 2 });
    expect(Date.parse(done.completedAt!)).toBeGreaterThan(Date.now() - 60_000);

    const reopened = await body<Activity>(await as(raj).patch(`/activities/${call.activityId}`, { status: 'open', version: 2 }));
    expect(reopened).not.toHaveProperty('completedAt');
    expect((await as(raj).patch(`/activities/${call.activityId}`, { subject: 'Stale', version: 2 })).status).toBe(409);

    expect((await as(raj).del(`/activities/${call.activityId}`)).status).toBe(204);
    expect((await as(raj).get(`/activities/${call.activityId}`)).status).toBe(404);
  });

  it('logs notes and emails as done, tasks and meetings as to do', async () => {
    const note = await body<Activity>(await as(raj).post('/activities', { type: 'note', subject: 'Prefers email', relatedType: 'account', relatedId: rajsAccount }));
    expect(note).toMatchObject({ status: 'completed', accountId: rajsAccount });
    expect(note.completedAt).toBeDefined();
    const task = await body<Activity>(await as(raj).post('/activities', { type: 'task', subject: 'Send deck', relatedType: 'account', relatedId: rajsAccount }));
    expect(task.status).toBe('open');
  });

  it('refuses a related record the caller cannot see with 404 naming it', async () => {
    const response = await as(sofia).post('/activities', { type: 'task', subject: 'Snoop', relatedType: 'contact', relatedId: rajsContact });
    expect(response.status).toBe(404);
    expect(await errorNames(response)).toEqual(['relatedId']);
    expect((await as(sofia).get(`/contacts/${rajsContact}/activities`)).status).toBe(404);
    const missing = await as(raj).post('/activities', { type: 'task', subject: 'Ghost', relatedType: 'lead', relatedId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' });
    expect(missing.status).toBe(404);
    expect(await errorNames(missing)).toEqual(['relatedId']);
  });

  it("keeps a rep's activity private from another rep, visible to their manager", async () => {
    const sofiasAccount = (await body<{ accountId: string }>(await as(sofia).post('/accounts', { name: 'Sofia Shared' }))).accountId;
    // Raj may see Sofia's account through nothing; the manager sees both.
    const sofias = await body<Activity>(
      await as(sofia).post('/activities', { type: 'meeting', subject: 'Sofia private meeting', relatedType: 'account', relatedId: sofiasAccount, dueAt: inHours(2) }),
    );
    expect((await as(raj).get(`/activities/${sofias.activityId}`)).status).toBe(404);
    expect((await as(raj).patch(`/activities/${sofias.activityId}`, { subject: 'Mine now', version: 1 })).status).toBe(404);
    expect((await as(raj).del(`/activities/${sofias.activityId}`)).status).toBe(404);
    const rajsList = await body<{ items: Activity[] }>(await as(raj).get('/activities?limit=100'));
    expect(rajsList.items.map((a) => a.subject)).not.toContain('Sofia private meeting');
    expect((await body<{ items: Activity[] }>(await as(raj).get(`/activities?ownerId=${sofia.userId}`))).items).toEqual([]);
    expect((await as(raj).get(`/accounts/${sofiasAccount}/activities`)).status).toBe(404);

    expect((await as(manager).get(`/activities/${sofias.activityId}`)).status).toBe(200);
    const managersView = await body<{ items: Activity[] }>(await as(manager).get(`/accounts/${sofiasAccount}/activities`));
    expect(managersView.items.map((a) => a.activityId)).toEqual([sofias.activityId]);
  });

  it("lists a record's activities newest first, only the ones the caller may see, with a working cursor", async () => {
    const account = (await body<{ accountId: string }>(await as(raj).post('/accounts', { name: 'Listed Ltd' }))).accountId;
    const subjects = ['First', 'Second', 'Third'];
    for (const [i, subject] of subjects.entries()) {
      await as(raj).post('/activities', { type: 'task', subject, relatedType: 'account', relatedId: account, dueAt: `2026-06-0${i + 1}T09:00:00Z` });
    }
    // The manager adds one of their own that Raj may not see.
    await as(manager).post('/activities', { type: 'task', subject: 'Managers own', relatedType: 'account', relatedId: account, dueAt: '2026-06-02T12:00:00Z' });
    const first = await body<{ items: Activity[]; cursor: string | null }>(await as(raj).get(`/accounts/${account}/activities?limit=2`));
    expect(first.items.map((a) => a.subject)).toEqual(['Third', 'Second']);
    const second = await body<{ items: Activity[]; cursor: string | null }>(await as(raj).get(`/accounts/${account}/activities?limit=2&cursor=${first.cursor}`));
    expect(second.items.map((a) => a.subject)).toEqual(['First']);
    expect(second.cursor).toBeNull();
    const same = await body<{ items: Activity[] }>(await as(raj).get(`/activities?relatedId=${account}&limit=10`));
    expect(same.items.map((a) => a.subject)).toEqual(['Third', 'Second', 'First']);
    const managers = await body<{ items: Activity[] }>(await as(manager).get(`/activities?relatedId=${account}&limit=10`));
    expect(managers.items.map((a) => a.subject)).toEqual(['Third', 'Managers own', 'Second', 'First']);
    // Another list's cursor is refused naming it (as the record lists do), not followed.
    const foreign = await as(raj).get(`/accounts/${rajsAccount}/activities?cursor=${first.cursor}`);
    expect(foreign.status).toBe(422);
    expect(await errorNames(foreign)).toEqual(['cursor']);
  });

  it("shows a user's calendar between two times, and refuses more than 92 days", async () => {
    const dueAt = '2027-01-15T10:00:00.000Z';
    const meeting = await body<Activity>(
      await as(raj).post('/activities', { type: 'meeting', subject: 'Calendar meeting', relatedType: 'account', relatedId: rajsAccount, dueAt, durationMinutes: 60 }),
    );
    const week = await body<{ items: Activity[] }>(await as(raj).get('/calendar?from=2027-01-11T00:00:00Z&to=2027-01-18T00:00:00Z'));
    expect(week.items.map((a) => a.activityId)).toEqual([meeting.activityId]);
    expect((await body<{ items: Activity[] }>(await as(raj).get('/calendar?from=2027-01-16T00:00:00Z&to=2027-01-18T00:00:00Z'))).items).toEqual([]);
    expect((await body<{ items: Activity[] }>(await as(sofia).get(`/calendar?from=2027-01-11T00:00:00Z&to=2027-01-18T00:00:00Z&ownerId=${raj.userId}`))).items).toEqual([]);
    const managers = await body<{ items: Activity[] }>(await as(manager).get(`/calendar?from=2027-01-11T00:00:00Z&to=2027-01-18T00:00:00Z&ownerId=${raj.userId}`));
    expect(managers.items.map((a) => a.activityId)).toEqual([meeting.activityId]);
    const tooLong = await as(raj).get('/calendar?from=2027-01-01T00:00:00Z&to=2027-06-01T00:00:00Z');
    expect(tooLong.status).toBe(400);
    expect(await errorNames(tooLong)).toEqual(['to']);
  });

  it('refuses bad input naming each field', async () => {
    const base = { type: 'task', subject: 'Bad', relatedType: 'account', relatedId: rajsAccount };
    const cases: [Record<string, unknown>, string[]][] = [
      [{ ...base, dueAt: 'next tuesday' }, ['dueAt']],
      [{ ...base, durationMinutes: -5 }, ['durationMinutes']],
      [{ ...base, relatedType: 'planet' }, ['relatedType']],
      [{ ...base, attendees: [{ email: 'not-an-email' }] }, ['attendees.0.email']],
      [{ ...base, type: 'party' }, ['type']],
      [{ ...base, reminder: { at: inHours(-1), email: false } }, ['reminder.at']],
      [{ ...base, type: 'call', reminder: { at: inHours(1) } }, ['reminder']],
      [{ ...base, reminder: { at: inHours(1) }, ownerId: 'key-accounts' }, ['reminder']],
    ];
    for (const [input, names] of cases) {
      const response = await as(manager).post('/activities', input);
      expect(response.status, JSON.stringify(input)).toBe(422);
      expect(await errorNames(response), JSON.stringify(input)).toEqual(names);
    }
    const partialMove = await as(raj).patch(`/activities/01ARZ3NDEKTSV4RRFFQ69G5FAV`, { relatedType: 'lead', version: 1 });
    expect(partialMove.status).toBe(422);
    expect(await errorNames(partialMove)).toEqual(['relatedId']);
    const badQuery = await as(raj).get('/activities?q=x&ownerId=' + raj.userId);
    expect(badQuery.status).toBe(400);
    expect(await errorNames(badQuery)).toEqual(['q']);
  });

  it('gives an activity to a rep below only, as with any record', async () => {
    const given = await as(manager).post('/activities', { type: 'task', subject: 'For Raj', relatedType: 'account', relatedId: rajsAccount, ownerId: raj.userId });
    expect(given.status).toBe(201);
    expect(await body(await as(raj).get(`/activities/${(await body<Activity>(given)).activityId}`))).toMatchObject({ ownerId: raj.userId });
    const upwards = await as(raj).post('/activities', { type: 'task', subject: 'For Maria', relatedType: 'account', relatedId: rajsAccount, ownerId: manager.userId });
    expect(upwards.status).toBe(403);
    expect(await errorNames(upwards)).toEqual(['ownerId']);
  });
});
