/**
 * The 360° timeline through the HTTP layer on DynamoDB Local: fan-out on write (an
 * activity on a contact shows on the contact's and its account's timelines), newest first,
 * cursor pages that cost one Query each, entries following their activity, and entries
 * about activities the caller may not see left out.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDatabase } from '../../shared/platform/database';
import { transact } from '../../shared/platform/transaction';
import { timelineWrites } from '../../shared/timeline/timeline';
import { startTestCrm, type TestCrm, type TestUser } from '../support/crm';

let crm: TestCrm;
let raj: TestUser;
let kim: TestUser;
let sofia: TestUser;
const commands: string[] = [];

beforeAll(async () => {
  crm = await startTestCrm();
  [raj, kim, sofia] = await Promise.all([
    crm.newUser({ profile: 'sales-rep', roles: ['sales-rep'], groups: ['key-accounts'], name: 'Raj' }),
    crm.newUser({ profile: 'sales-rep', roles: [], groups: ['key-accounts'], name: 'Kim' }),
    crm.newUser({ profile: 'sales-rep', roles: ['sales-rep'], name: 'Sofia' }),
  ]);
  // Every SDK client sends through this base class: count what each request costs.
  const baseClient = Object.getPrototypeOf(DynamoDBClient.prototype) as { send: (...args: unknown[]) => Promise<unknown> };
  const send = baseClient.send;
  vi.spyOn(baseClient, 'send').mockImplementation(function (this: unknown, ...args: unknown[]) {
    const name = (args[0] as { constructor: { name: string } }).constructor.name;
    if (!/^(GetRecords|GetShardIterator|DescribeStream)Command$/.test(name)) commands.push(name);
    return send.apply(this, args);
  });
}, 60_000);
afterAll(() => crm?.stop());

const as = (user: TestUser | null) => {
  const token = user ? user.token : undefined;
  return {
    get: (path: string) => crm.api(path, { token }),
    post: (path: string, json: unknown) => crm.api(path, { method: 'POST', json, token }),
    patch: (path: string, json: unknown) => crm.api(path, { method: 'PATCH', json, token }),
    del: (path: string) => crm.api(path, { method: 'DELETE', token }),
  };
};
const admin = as(null);
const body = async <T = Record<string, unknown>>(response: Response) => (await response.json()) as T;
type Entry = { entryId: string; kind: string; at: string; summary: string; subject: { type: string; id: string }; ref: { type: string; id: string }; data?: Record<string, unknown> };
type Page = { items: Entry[]; cursor: string | null };

async function timeline(path: string, user: TestUser | null = null, limit = 10): Promise<Entry[]> {
  const page = await body<Page>(await as(user).get(`${path}?limit=${limit}`));
  return page.items;
}

describe('an account timeline rolls up its contacts', () => {
  let accountId: string;
  let ada: string;
  let bob: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    accountId = (await body<{ accountId: string }>(await admin.post('/accounts', { name: 'Timeline GmbH' }))).accountId;
    ada = (await body<{ contactId: string }>(await admin.post('/contacts', { accountId, lastName: 'Ada', email: 'ada@timeline.example' }))).contactId;
    bob = (await body<{ contactId: string }>(await admin.post('/contacts', { accountId, lastName: 'Bob', email: 'bob@timeline.example' }))).contactId;
    const plan: [string, string, string][] = [
      ['Ada intro call', ada, '2026-03-01T09:00:00Z'],
      ['Bob demo', bob, '2026-03-02T09:00:00Z'],
      ['Ada follow-up', ada, '2026-03-03T09:00:00Z'],
      ['Bob pricing', bob, '2026-03-04T09:00:00Z'],
      ['Ada contract', ada, '2026-03-05T09:00:00Z'],
    ];
    for (const [subject, contactId, dueAt] of plan) {
      const created = await admin.post('/activities', { type: 'call', subject, relatedType: 'contact', relatedId: contactId, dueAt });
      expect(created.status).toBe(201);
      ids[subject] = (await body<{ activityId: string }>(created)).activityId;
    }
  });

  it('shows both contacts’ activities on the account, newest first, a page at a time with a working cursor, one Query a page', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    const queriesPerPage: number[] = [];
    await crm.settle(); // the automation worker reacting to the writes above is not this request
    do {
      await admin.get(`/accounts/${accountId}`); // the settings are cached after a first read
      commands.length = 0;
      const response = await admin.get(`/accounts/${accountId}/timeline?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      queriesPerPage.push(commands.filter((c) => c === 'QueryCommand').length);
      expect(commands.filter((c) => c !== 'QueryCommand')).toEqual(['BatchGetCommand']); // the caller and the account, together
      const page: Page = await body<Page>(response);
      expect(page.items.length).toBeLessThanOrEqual(2);
      for (const entry of page.items) {
        expect(entry).toMatchObject({ kind: 'activity', subject: { type: 'account', id: accountId }, ref: { type: 'activity' } });
        seen.push(entry.summary);
      }
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(['Ada contract', 'Bob pricing', 'Ada follow-up', 'Bob demo', 'Ada intro call']);
    expect(queriesPerPage.every((n) => n === 1)).toBe(true);
    expect(queriesPerPage.length).toBe(3);
  });

  it("keeps each contact's timeline to its own activities", async () => {
    expect((await timeline(`/contacts/${ada}/timeline`)).map((e) => e.summary)).toEqual(['Ada contract', 'Ada follow-up', 'Ada intro call']);
    expect((await timeline(`/contacts/${bob}/timeline`)).map((e) => e.summary)).toEqual(['Bob pricing', 'Bob demo']);
  });

  it('moves an entry when its activity moves, and removes it when the activity goes', async () => {
    const id = ids['Bob demo']!;
    const moved = await admin.patch(`/activities/${id}`, { dueAt: '2026-03-06T09:00:00Z', version: 1 });
    expect(moved.status).toBe(200);
    expect((await timeline(`/accounts/${accountId}/timeline`)).map((e) => e.summary)).toEqual(['Bob demo', 'Ada contract', 'Bob pricing', 'Ada follow-up', 'Ada intro call']);
    expect((await admin.del(`/activities/${id}`)).status).toBe(204);
    expect((await timeline(`/accounts/${accountId}/timeline`)).map((e) => e.summary)).not.toContain('Bob demo');
    expect((await timeline(`/contacts/${bob}/timeline`)).map((e) => e.summary)).toEqual(['Bob pricing']);
  });

  it('takes one-off entries from other code in a transaction (timelineWrites), under each subject', async () => {
    const db = createDatabase({ tableName: crm.tableName, endpoint: crm.dynamoEndpoint });
    const me = await body<{ userId: string }>(await admin.get('/me'));
    const event = { kind: 'stage-change' as const, at: '2026-03-07T09:00:00.000Z', actorId: me.userId, summary: 'Qualified → Proposal', ref: { type: 'opportunity', id: ids['Ada contract']! }, data: { from: 'qualified', to: 'proposal' } };
    await transact(db.documentClient, timelineWrites(db, [{ type: 'contact', id: ada }, { type: 'account', id: accountId }, { type: 'account', id: accountId }], event));
    const [newest] = await timeline(`/accounts/${accountId}/timeline`);
    expect(newest).toMatchObject({ kind: 'stage-change', summary: 'Qualified → Proposal', data: { from: 'qualified', to: 'proposal' } });
    expect((await timeline(`/accounts/${accountId}/timeline`)).filter((e) => e.kind === 'stage-change')).toHaveLength(1);
    expect((await timeline(`/contacts/${ada}/timeline`))[0]).toMatchObject({ kind: 'stage-change', subject: { type: 'contact', id: ada } });
  });
});

describe('who sees a timeline', () => {
  let accountId: string;

  beforeAll(async () => {
    // A key account: both group members see it, but each one's activities stay private to them.
    accountId = (await body<{ accountId: string }>(await admin.post('/accounts', { name: 'Shared Key Account', ownerId: 'key-accounts' }))).accountId;
    await as(raj).post('/activities', { type: 'note', subject: 'Raj note', relatedType: 'account', relatedId: accountId });
    await as(kim).post('/activities', { type: 'meeting', subject: 'Kim private meeting', relatedType: 'account', relatedId: accountId, dueAt: '2026-04-01T09:00:00Z' });
  });

  it('leaves out entries about activities the caller may not see', async () => {
    const rajs = await timeline(`/accounts/${accountId}/timeline`, raj);
    expect(rajs.map((e) => [e.kind, e.summary])).toEqual([['note', 'Raj note']]);
    const kims = await timeline(`/accounts/${accountId}/timeline`, kim);
    expect(kims.map((e) => e.summary)).toEqual(['Kim private meeting']);
    expect((await timeline(`/accounts/${accountId}/timeline`)).length).toBe(2);
  });

  it('answers 404 to someone who may not see the subject, and 403 to a profile without the record type', async () => {
    expect((await as(sofia).get(`/accounts/${accountId}/timeline`)).status).toBe(404);
    const support = await crm.newUser({ profile: 'support', roles: ['support-agent'] });
    expect((await as(support).get(`/leads/01ARZ3NDEKTSV4RRFFQ69G5FAV/timeline`)).status).toBe(403);
    expect((await admin.get(`/opportunities/01ARZ3NDEKTSV4RRFFQ69G5FAV/timeline`)).status).toBe(404);
  });
});
