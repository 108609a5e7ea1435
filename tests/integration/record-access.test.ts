/**
 * Record-level access through the HTTP layer on DynamoDB Local: who sees and changes
 * which record, by ownership, the role tree, groups, sharing rules and org-wide defaults;
 * and the attacks the policy layer must refuse.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecuritySettings } from '../../shared/access/settings';
import { startTestCrm, type TestCrm, type TestUser } from '../support/crm';

let crm: TestCrm;
let manager: TestUser;
let raj: TestUser;
let sofia: TestUser;
let agent: TestUser;
let keyAccountsMember: TestUser;

beforeAll(async () => {
  crm = await startTestCrm();
  [manager, raj, sofia, agent, keyAccountsMember] = await Promise.all([
    crm.newUser({ profile: 'sales-manager', roles: ['sales-manager'], name: 'Maria' }),
    crm.newUser({ profile: 'sales-rep', roles: ['sales-rep'], name: 'Raj' }),
    crm.newUser({ profile: 'sales-rep', roles: ['sales-rep'], name: 'Sofia' }),
    crm.newUser({ profile: 'support', roles: ['support-agent'], name: 'Sam' }),
    crm.newUser({ profile: 'sales-rep', roles: [], groups: ['key-accounts'], name: 'Kim' }),
  ]);
}, 60_000);
afterAll(() => crm?.stop());

const as = (user: TestUser) => ({
  get: (path: string) => crm.api(path, { token: user.token }),
  post: (path: string, json: unknown) => crm.api(path, { method: 'POST', json, token: user.token }),
  patch: (path: string, json: unknown) => crm.api(path, { method: 'PATCH', json, token: user.token }),
  put: (path: string, json: unknown) => crm.api(path, { method: 'PUT', json, token: user.token }),
  del: (path: string) => crm.api(path, { method: 'DELETE', token: user.token }),
});
const body = async <T = Record<string, unknown>>(response: Response) => (await response.json()) as T;
const names = async (response: Response) => (await body<{ items: { lastName?: string; name?: string }[] }>(response)).items.map((r) => r.lastName ?? r.name);

async function settings() {
  const { updatedAt: _a, updatedBy: _b, ...current } = await body<Record<string, unknown> & { version: number }>(await crm.api('/admin/security'));
  return current as Record<string, unknown> & { version: number; orgDefaults: Record<string, string>; roles: Record<string, { name: string; parentId: string | null }> };
}

describe('private records and the role tree', () => {
  let leadId: string;
  beforeAll(async () => {
    leadId = (await body<{ leadId: string }>(await as(raj).post('/leads', { lastName: 'Rajslead', company: 'Private Co' }))).leadId;
  });

  it("hides a rep's lead from another rep: 404 on read, change and history, absent from lists and searches", async () => {
    expect((await as(sofia).get(`/leads/${leadId}`)).status).toBe(404);
    expect((await as(sofia).patch(`/leads/${leadId}`, { status: 'junk', version: 1 })).status).toBe(404);
    expect((await as(sofia).del(`/leads/${leadId}`)).status).toBe(403); // reps may not delete leads at all
    expect((await as(sofia).get(`/leads/${leadId}/history`)).status).toBe(404);
    expect(await names(await as(sofia).get('/leads'))).not.toContain('Rajslead');
    expect(await names(await as(sofia).get('/leads?q=rajs'))).toEqual([]);
    expect(await names(await as(sofia).get(`/leads?ownerId=${raj.userId}`))).toEqual([]);
  });

  it('shows it to the manager above, who may change it', async () => {
    expect((await as(manager).get(`/leads/${leadId}`)).status).toBe(200);
    expect(await names(await as(manager).get('/leads'))).toContain('Rajslead');
    expect(await names(await as(manager).get(`/leads?ownerId=${raj.userId}`))).toEqual(['Rajslead']);
    const changed = await as(manager).patch(`/leads/${leadId}`, { status: 'working', version: 1 });
    expect(changed.status).toBe(200);
  });

  it('gives a manager with two reps full pages with a working cursor, in order, without duplicates', async () => {
    for (const [rep, prefix] of [
      [raj, 'Pagea'],
      [sofia, 'Pageb'],
    ] as const) {
      for (let i = 0; i < 4; i++) expect((await as(rep).post('/leads', { lastName: `${prefix}${i}` })).status).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: { lastName: string }[]; cursor: string | null } = await body(await as(manager).get(`/leads?q=page&limit=3${cursor ? `&cursor=${cursor}` : ''}`));
      if (page.cursor) expect(page.items).toHaveLength(3);
      seen.push(...page.items.map((l) => l.lastName));
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(['Pagea0', 'Pagea1', 'Pagea2', 'Pagea3', 'Pageb0', 'Pageb1', 'Pageb2', 'Pageb3']);
  });
});

describe('groups, sharing rules and org-wide defaults', () => {
  it("shows a group's record to its members only, who may change it", async () => {
    const account = await body<{ accountId: string }>(await crm.api('/accounts', { method: 'POST', json: { name: 'Group Owned', ownerId: 'key-accounts' } }));
    expect((await as(keyAccountsMember).get(`/accounts/${account.accountId}`)).status).toBe(200);
    expect(await names(await as(keyAccountsMember).get('/accounts'))).toContain('Group Owned');
    expect((await as(keyAccountsMember).patch(`/accounts/${account.accountId}`, { industry: 'Energy', version: 1 })).status).toBe(200);
    expect((await as(sofia).get(`/accounts/${account.accountId}`)).status).toBe(404);
  });

  it('shares sales reps\' accounts with support agents read-only (the seeded rule)', async () => {
    const account = await body<{ accountId: string }>(await as(raj).post('/accounts', { name: 'Shared With Support' }));
    expect((await as(agent).get(`/accounts/${account.accountId}`)).status).toBe(200);
    expect(await names(await as(agent).get('/accounts'))).toContain('Shared With Support');
    const refused = await as(agent).patch(`/accounts/${account.accountId}`, { industry: 'Nope', version: 1 });
    expect(refused.status).toBe(403);
  });

  it('opens every lead for reading under public read-only, and for changes under public read-write', async () => {
    const lead = await body<{ leadId: string; version: number }>(await as(raj).post('/leads', { lastName: 'Opened' }));
    const save = async (orgDefault: string) => {
      const current = await settings();
      const saved = await crm.api('/admin/security', { method: 'PUT', json: { ...current, orgDefaults: { ...current.orgDefaults, lead: orgDefault } } });
      expect(saved.status).toBe(200);
    };
    await save('public-read');
    expect((await as(sofia).get(`/leads/${lead.leadId}`)).status).toBe(200);
    expect(await names(await as(sofia).get('/leads?q=opened'))).toEqual(['Opened']);
    expect((await as(sofia).patch(`/leads/${lead.leadId}`, { status: 'working', version: 1 })).status).toBe(403);
    await save('public-read-write');
    expect((await as(sofia).patch(`/leads/${lead.leadId}`, { status: 'working', version: 1 })).status).toBe(200);
    await save('private');
    expect((await as(sofia).get(`/leads/${lead.leadId}`)).status).toBe(404);
  });
});

describe('privilege escalation', () => {
  it('refuses a rep changing their own profile or roles, or the settings, with 403', async () => {
    const me = await body<{ version: number }>(await as(raj).get('/me'));
    expect((await as(raj).patch(`/users/${raj.userId}`, { profile: 'administrator', version: me.version })).status).toBe(403);
    expect((await as(raj).patch(`/users/${raj.userId}`, { roles: ['sales-manager'], version: me.version })).status).toBe(403);
    expect((await as(raj).put('/admin/security', await settings())).status).toBe(403);
    expect((await as(raj).post('/users', { email: 'sneaky@x.test', name: 'Sneaky', profile: 'administrator', password: 'long-enough-pw-1' })).status).toBe(403);
  });

  it('refuses giving a record to someone the caller may not assign to, naming ownerId', async () => {
    for (const owner of [sofia, manager]) {
      const refused = await as(raj).post('/leads', { lastName: 'Handed', ownerId: owner.userId });
      expect(refused.status).toBe(403);
      expect(await body(refused)).toMatchObject({ errors: [{ name: 'ownerId' }] });
    }
    const mine = await body<{ leadId: string }>(await as(raj).post('/leads', { lastName: 'Kept' }));
    expect((await as(raj).patch(`/leads/${mine.leadId}`, { ownerId: sofia.userId, version: 1 })).status).toBe(403);
    expect((await as(manager).post('/leads', { lastName: 'Delegated', ownerId: sofia.userId })).status).toBe(201);
  });
});

describe('users', () => {
  it("refuses a deactivated user's token at once with 401, and accepts it again after reactivation", async () => {
    const user = await crm.newUser({ profile: 'sales-rep', roles: ['sales-rep'] });
    expect((await as(user).get('/leads')).status).toBe(200);
    const off = await crm.api(`/users/${user.userId}`, { method: 'PATCH', json: { active: false, version: 1 } });
    expect(off.status).toBe(200);
    expect((await as(user).get('/leads')).status).toBe(401);
    expect((await as(user).get('/me')).status).toBe(401);
    const signIn = await crm.api('/auth/login', { method: 'POST', json: { email: user.email, password: 'test-password-123' }, token: null });
    expect(signIn.status).toBe(401);
    expect((await crm.api(`/users/${user.userId}`, { method: 'PATCH', json: { active: true, version: 2 } })).status).toBe(200);
    expect((await as(user).get('/leads')).status).toBe(200);
  });

  it('refuses unknown profiles, roles and groups by name, and an admin deactivating themselves', async () => {
    const bad = await crm.api('/users', { method: 'POST', json: { email: 'x@refs.test', name: 'X', profile: 'nope', roles: ['ghost'], groups: ['void'], password: 'long-enough-pw-1' } });
    expect(bad.status).toBe(422);
    expect((await body<{ errors: { name: string }[] }>(bad)).errors.map((e) => e.name).sort()).toEqual(['groups.0', 'profile', 'roles.0']);
    const me = await body<{ userId: string; version: number }>(await crm.api('/me'));
    expect((await crm.api(`/users/${me.userId}`, { method: 'PATCH', json: { active: false, version: me.version } })).status).toBe(422);
  });

  it("reassigns all of a leaving rep's records to another rep through the access job", async () => {
    const leaving = await crm.newUser({ profile: 'sales-rep', roles: ['sales-rep'] });
    const heir = await crm.newUser({ profile: 'sales-rep', roles: ['sales-rep'] });
    for (let i = 0; i < 30; i++) await as(leaving).post('/leads', { lastName: `Inherit${String(i).padStart(2, '0')}` });
    const job = await crm.api(`/users/${leaving.userId}/reassign`, { method: 'POST', json: { toUserId: heir.userId } });
    expect(job.status).toBe(202);
    const { jobId } = await body<{ jobId: string }>(job);
    await crm.settle();
    expect(await body(await crm.api(`/access-jobs/${jobId}`))).toMatchObject({ status: 'done', processed: 30 });
    expect(await names(await as(heir).get('/leads?q=inherit&limit=100'))).toHaveLength(30);
    expect(await names(await as(leaving).get('/leads?q=inherit'))).toEqual([]);
    const some = (await body<{ items: { leadId: string }[] }>(await as(heir).get('/leads?q=inherit&limit=1'))).items[0]!;
    const history = await body<{ items: { action: string; changes: Record<string, unknown> }[] }>(await crm.api(`/leads/${some.leadId}/history`));
    expect(history.items[0]).toMatchObject({ action: 'owner-change', changes: { ownerId: { before: leaving.userId, after: heir.userId } } });
  });

  it("moves a rep's records from the old manager's sight to the new one's once the re-grant after a team change has run", async () => {
    const mover = await crm.newUser({ profile: 'sales-rep', roles: ['sales-rep'] });
    const marketingManager = await crm.newUser({ profile: 'marketing', roles: ['marketing-manager'] });
    const lead = await body<{ leadId: string }>(await as(mover).post('/leads', { lastName: 'Mover' }));
    expect((await as(manager).get(`/leads/${lead.leadId}`)).status).toBe(200);
    const user = await body<{ version: number }>(await crm.api(`/users/${mover.userId}`));
    expect((await crm.api(`/users/${mover.userId}`, { method: 'PATCH', json: { roles: ['marketer'], version: user.version } })).status).toBe(200);
    await crm.settle();
    expect((await as(manager).get(`/leads/${lead.leadId}`)).status).toBe(404);
    expect(await names(await as(manager).get('/leads?q=mover'))).toEqual([]);
    expect((await as(marketingManager).get(`/leads/${lead.leadId}`)).status).toBe(200);
    expect(await names(await as(marketingManager).get('/leads?q=mover'))).toEqual(['Mover']);
  });

  it('closes a subtree to its old manager the moment the role tree changes, before the re-grant runs', async () => {
    const lead = await body<{ leadId: string }>(await as(sofia).post('/leads', { lastName: 'Treechange' }));
    expect((await as(manager).get(`/leads/${lead.leadId}`)).status).toBe(200);
    const current = await settings();
    const moved = { ...current, roles: { ...current.roles, 'sales-rep': { name: 'Sales Rep', parentId: 'marketing-manager' } } };
    expect((await crm.api('/admin/security', { method: 'PUT', json: moved })).status).toBe(200);
    expect((await as(manager).get(`/leads/${lead.leadId}`)).status).toBe(404);
    expect(await names(await as(manager).get('/leads?q=treechange'))).toEqual([]);
    const back = await settings();
    expect((await crm.api('/admin/security', { method: 'PUT', json: { ...back, roles: current.roles } })).status).toBe(200);
    await crm.settle();
    expect(await names(await as(manager).get('/leads?q=treechange'))).toEqual(['Treechange']);
  });
});

describe('settings validation', () => {
  it('refuses a cycle in the role tree and rules pointing nowhere, naming the path', async () => {
    const current = await settings();
    const cyclic = { ...current, roles: { ...current.roles, 'sales-manager': { name: 'Sales Manager', parentId: 'sales-rep' } } };
    const refused = await crm.api('/admin/security', { method: 'PUT', json: cyclic });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(await body(refused))).toMatch(/roles\.sales-(manager|rep)\.parentId/);
    const stale = await crm.api('/admin/security', { method: 'PUT', json: { ...current, version: current.version - 1 } });
    expect(stale.status).toBe(409);
  });

  it('refuses removing a profile or role someone still holds, naming it and who holds it', async () => {
    const current = (await settings()) as unknown as SecuritySettings;
    const { support: _support, ...profiles } = current.profiles;
    const { 'support-agent': _agent, ...roles } = current.roles;
    const sharingRules = current.sharingRules.filter((r: { to: { id: string } }) => r.to.id !== 'support-agent');
    const refused = await crm.api('/admin/security', { method: 'PUT', json: { ...current, profiles, roles, sharingRules } });
    expect(refused.status).toBe(422);
    const names = ((await body<{ errors: { name: string; detail: string }[] }>(refused)).errors).map((e) => e.name).sort();
    expect(names).toEqual(['profiles.support', 'roles.support-agent']);
  });

  it('records no field changes when settings are saved unchanged (key order does not count)', async () => {
    const current = await settings();
    const before = (await body<{ items: unknown[] }>(await crm.api('/audit?subjectType=settings&subjectId=security&limit=100'))).items.length;
    const saved = await crm.api('/admin/security', { method: 'PUT', json: { ...current, orgDefaults: { activity: 'private', opportunity: 'private', lead: 'private', contact: 'private', account: 'private' } } });
    expect(saved.status).toBe(200);
    const trail = (await body<{ items: { changes: Record<string, unknown> }[] }>(await crm.api('/audit?subjectType=settings&subjectId=security&limit=100'))).items;
    expect(trail).toHaveLength(before + 1);
    expect(trail[0]!.changes).toEqual({});
  });
});
