/**
 * The audit trail: every change, sign-in and settings change is recorded with who, when,
 * from where and the request id; it is readable per record and per user, exportable,
 * copied to the archive, and nothing in the API can change it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecuritySettings } from '../../shared/access/settings';
import { routes } from '../../functions/http/routes';
import { startTestCrm, type TestCrm, type TestUser } from '../support/crm';

interface Entry {
  auditId: string;
  action: string;
  actorId: string;
  subjectId: string;
  changes?: Record<string, { before: unknown; after: unknown }>;
  ip?: string;
  userAgent?: string;
  requestId?: string;
}

let crm: TestCrm;
let rep: TestUser;
beforeAll(async () => {
  crm = await startTestCrm();
  rep = await crm.newUser({ profile: 'sales-rep', roles: ['sales-rep'] });
}, 60_000);
afterAll(() => crm?.stop());

const entries = async (path: string) => ((await (await crm.api(path)).json()) as { items: Entry[] }).items;
const UA = 'audit-test-agent/1.0';

describe('the audit trail', () => {
  it('records create, field-level update, ownership change and delete of a record, with who, from where and the request id', async () => {
    const created = await crm.api('/leads', { method: 'POST', json: { lastName: 'Audited', company: 'Before Co' }, token: rep.token, headers: { 'user-agent': UA } });
    const lead = (await created.json()) as { leadId: string };
    const updated = await crm.api(`/leads/${lead.leadId}`, { method: 'PATCH', json: { company: 'After Co', version: 1 }, token: rep.token, headers: { 'user-agent': UA } });
    expect(updated.status).toBe(200);
    const admin = (await (await crm.api('/me')).json()) as { userId: string };
    expect((await crm.api(`/leads/${lead.leadId}`, { method: 'PATCH', json: { ownerId: admin.userId, version: 2 } })).status).toBe(200);
    expect((await crm.api(`/leads/${lead.leadId}`, { method: 'DELETE' })).status).toBe(204);

    const history = await entries(`/audit?subjectType=lead&subjectId=${lead.leadId}`);
    expect(history.map((e) => e.action)).toEqual(['delete', 'owner-change', 'update', 'create']);
    const [deleted, ownerChange, update, create] = history;
    expect(create).toMatchObject({ actorId: rep.userId, userAgent: UA, requestId: created.headers.get('x-request-id') });
    expect(create!.ip).toMatch(/127\.0\.0\.1|::1/);
    expect(create!.changes).toMatchObject({ lastName: { before: null, after: 'Audited' } });
    expect(update).toMatchObject({ actorId: rep.userId, changes: { company: { before: 'Before Co', after: 'After Co' } }, requestId: updated.headers.get('x-request-id') });
    expect(ownerChange).toMatchObject({ actorId: admin.userId, changes: { ownerId: { before: rep.userId, after: admin.userId } } });
    expect(deleted).toMatchObject({ actorId: admin.userId, changes: { company: { before: 'After Co', after: null } } });
  });

  it('records sign-ins, refused sign-ins, settings and permission changes and deactivation', async () => {
    await crm.api('/auth/login', { method: 'POST', json: { email: rep.email, password: 'wrong-password' }, token: null });
    await crm.api('/auth/login', { method: 'POST', json: { email: 'nobody@audit.test', password: 'whatever' }, token: null });
    const refused = await entries(`/audit?subjectType=sign-in&subjectId=nobody@audit.test`);
    expect(refused[0]).toMatchObject({ action: 'login-failed' });
    const repTrail = await entries(`/audit?subjectType=user&subjectId=${rep.userId}`);
    expect(repTrail.map((e) => e.action)).toEqual(expect.arrayContaining(['login', 'login-failed', 'user-create']));

    const { updatedAt: _a, updatedBy: _b, ...settings } = (await (await crm.api('/admin/security')).json()) as SecuritySettings;
    settings.groups['audit-group'] = { name: 'Audit group' };
    expect((await crm.api('/admin/security', { method: 'PUT', json: settings })).status).toBe(200);
    const settingsTrail = await entries('/audit?subjectType=settings&subjectId=security');
    expect(settingsTrail[0]).toMatchObject({ action: 'settings-change' });
    expect(settingsTrail[0]!.changes!.groups!.after).toHaveProperty('audit-group');

    const user = (await (await crm.api(`/users/${rep.userId}`)).json()) as { version: number };
    await crm.api(`/users/${rep.userId}`, { method: 'PATCH', json: { groups: ['audit-group'], version: user.version } });
    await crm.api(`/users/${rep.userId}`, { method: 'PATCH', json: { active: false, version: user.version + 1 } });
    const after = await entries(`/audit?subjectType=user&subjectId=${rep.userId}`);
    expect(after.slice(0, 2).map((e) => e.action)).toEqual(['deactivate', 'permission-change']);
    expect(after[1]!.changes).toMatchObject({ groups: { before: [], after: ['audit-group'] } });
  });

  it("lists what one user did, for administrators", async () => {
    const trail = await entries(`/audit?actorId=${rep.userId}`);
    expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(['create', 'update', 'login']));
    expect(trail.every((e) => e.actorId === rep.userId)).toBe(true);
  });

  it('offers no way to change or delete it through the API', () => {
    const writes = routes.filter((r) => r.method !== 'GET' && /audit|history/.test(r.path));
    expect(writes).toEqual([]);
  });

  it('exports as CSV for a range of days, and reaches the archive', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const requested = await crm.api('/exports', { method: 'POST', json: { entity: 'audit', from: today, to: today } });
    expect(requested.status).toBe(202);
    const { exportId } = (await requested.json()) as { exportId: string };
    await crm.settle();
    const csv = await (await crm.api(`/exports/${exportId}/file`)).text();
    expect(csv.split('\n')[0]).toBe('at,auditId,actorId,action,subjectType,subjectId,summary,changes,ip,userAgent,requestId');
    expect(csv).toContain('settings-change');
    expect(csv).toContain('Before Co');

    const archived: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.jsonl')) archived.push(...readFileSync(path, 'utf8').trim().split('\n'));
      }
    };
    walk(join(crm.dataDir, 'audit-archive'));
    const archivedIds = new Set(archived.map((line) => (JSON.parse(line) as Entry).auditId));
    const trail = await entries(`/audit?actorId=${rep.userId}&limit=100`);
    expect(trail.length).toBeGreaterThan(3);
    for (const entry of trail) expect(archivedIds.has(entry.auditId), entry.action).toBe(true);
  });

  it('refuses an audit export to anyone but an administrator, and a range that makes no sense', async () => {
    const manager = await crm.newUser({ profile: 'sales-manager', roles: ['sales-manager'] });
    const refused = await crm.api('/exports', { method: 'POST', json: { entity: 'audit', from: '2026-01-01', to: '2026-01-02' }, token: manager.token });
    expect(refused.status).toBe(403);
    const backwards = await crm.api('/exports', { method: 'POST', json: { entity: 'audit', from: '2026-02-01', to: '2026-01-01' } });
    expect(backwards.status).toBe(422);
  });
});
