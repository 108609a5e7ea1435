import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm, type TestUser } from '../support/crm';
import { recordSdkSends } from '../support/sdk-sends';

let crm: TestCrm;
/** when each DynamoDB command was sent and answered, in order */
let sends: string[] = [];

beforeAll(async () => {
  crm = await startTestCrm();
  ({ sends } = recordSdkSends());
});
afterAll(() => crm?.stop());

const names = async (response: Response) => {
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: { lastName: string }[] }).items.map((c) => c.lastName).sort();
};
const contactsAs = (user: TestUser) => crm.api('/contacts?limit=100', { token: user.token }).then(names);
const userVersion = async (userId: string) => ((await (await crm.api(`/users/${userId}`)).json()) as { version: number }).version;

describe('record lists run ahead of the caller check', () => {
  it("sends a warm caller's list Query beside the read of their user record, not after it", async () => {
    const account = (await (await crm.api('/accounts', { method: 'POST', json: { name: 'Ahead' } })).json()) as { accountId: string };
    await crm.api('/contacts', { method: 'POST', json: { accountId: account.accountId, lastName: 'Aheadly', email: 'aheadly@example.com' } });
    await crm.api('/contacts?limit=10'); // this function now knows the caller
    await crm.settle();
    sends.length = 0;
    expect(await names(await crm.api('/contacts?limit=10'))).toContain('Aheadly');
    // the caller's read is one BatchGetItem; the list's first Query goes out before it is answered
    expect(sends.filter((s) => s === 'sent BatchGetCommand')).toHaveLength(1);
    expect(sends.indexOf('sent QueryCommand')).toBeGreaterThanOrEqual(0);
    expect(sends.indexOf('sent QueryCommand')).toBeLessThan(sends.indexOf('answered BatchGetCommand'));
  });

  it("reads an account with its contacts beside the caller's read for a warm caller", async () => {
    const account = (await (await crm.api('/accounts', { method: 'POST', json: { name: 'Ahead Account' } })).json()) as { accountId: string };
    await crm.api(`/accounts/${account.accountId}`);
    await crm.settle();
    sends.length = 0;
    expect((await crm.api(`/accounts/${account.accountId}`)).status).toBe(200);
    expect(sends.filter((s) => s.startsWith('sent')).sort()).toEqual(['sent BatchGetCommand', 'sent QueryCommand']);
    expect(sends.slice(0, 2).every((s) => s.startsWith('sent'))).toBe(true);
  });

  it.each([
    ['the deal board', '/pipelines/new-business/board?limit=5'],
    ['the user directory', '/users?limit=10'],
  ])("reads %s beside the caller's read for a warm caller", async (_name, path) => {
    expect((await crm.api(path)).status).toBe(200);
    await crm.settle();
    sends.length = 0;
    expect((await crm.api(path)).status).toBe(200);
    expect(sends.filter((s) => s === 'sent BatchGetCommand').length).toBeGreaterThanOrEqual(1);
    expect(sends.indexOf('sent QueryCommand')).toBeGreaterThanOrEqual(0);
    expect(sends.indexOf('sent QueryCommand')).toBeLessThan(sends.indexOf('answered BatchGetCommand'));
  });

  it('answers from the fresh access when a role changed between two lists: a promoted rep sees all, a demoted one their own again', async () => {
    const rep = await crm.newUser({ profile: 'sales-rep' });
    const account = (await (await crm.api('/accounts', { method: 'POST', json: { name: 'Promotions' } })).json()) as { accountId: string };
    await crm.api('/contacts', { method: 'POST', json: { accountId: account.accountId, lastName: 'AdminsOwn', email: 'admins-own@example.com' } });
    await crm.api('/contacts', {
      method: 'POST',
      json: { accountId: account.accountId, lastName: 'RepsOwn', email: 'reps-own@example.com', ownerId: rep.userId },
    });

    expect(await contactsAs(rep)).toEqual(['RepsOwn']);
    expect(await contactsAs(rep)).toEqual(['RepsOwn']); // run ahead, kept

    expect((await crm.api(`/users/${rep.userId}`, { method: 'PATCH', json: { profile: 'administrator', version: await userVersion(rep.userId) } })).status).toBe(200);
    expect(await contactsAs(rep)).toEqual(expect.arrayContaining(['AdminsOwn', 'RepsOwn']));

    expect((await crm.api(`/users/${rep.userId}`, { method: 'PATCH', json: { profile: 'sales-rep', version: await userVersion(rep.userId) } })).status).toBe(200);
    expect(await contactsAs(rep)).toEqual(['RepsOwn']);
  });

  it("refuses a deactivated caller's list at once, though it was run ahead with their access as last seen", async () => {
    const rep = await crm.newUser({ profile: 'sales-rep' });
    expect(await contactsAs(rep)).toEqual([]);
    expect((await crm.api(`/users/${rep.userId}`, { method: 'PATCH', json: { active: false, version: await userVersion(rep.userId) } })).status).toBe(200);
    const refused = await crm.api('/contacts?limit=100', { token: rep.token });
    expect(refused.status).toBe(401);
    expect(await refused.text()).not.toContain('items');
  });
});
