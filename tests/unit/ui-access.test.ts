import { describe, expect, it } from 'vitest';
import { can, fieldAccess, hasPrivilege, homePath, isGroupId, isUserId, type WithPrivileges } from '../../ui/src/access';
import { changeLines, pathLabel } from '../../ui/src/audit-format';
import { parseHash } from '../../ui/src/router';
import {
  descendants,
  diffPaths,
  freeId,
  parentChoices,
  removeRole,
  roleTree,
  rulesUsing,
  settingsBody,
  slugify,
  undefinedHoldings,
  usersHolding,
  type Role,
  type SecuritySettings,
  type SharingRule,
} from '../../ui/src/security';
import { actionLabel, formatValue, lastDays, userPatch } from '../../ui/src/values';

const RAJ = '01J0000000000000000000000R';
const rep: WithPrivileges = {
  userId: RAJ,
  groups: ['key-accounts'],
  privileges: {
    records: { account: ['read', 'create', 'update'], contact: ['read'], lead: [] },
    system: ['sendEmail'],
    hiddenFields: { lead: ['notes'] },
    readOnlyFields: { account: ['phone'] },
  },
};

describe('ui access: what the signed-in user may do', () => {
  it('reads record and system privileges from GET /me', () => {
    expect(can(rep, 'account', 'update')).toBe(true);
    expect(can(rep, 'account', 'delete')).toBe(false);
    expect(can(rep, 'lead', 'read')).toBe(false);
    expect(can(null, 'account', 'read')).toBe(false);
    expect(hasPrivilege(rep, 'sendEmail')).toBe(true);
    expect(hasPrivilege(rep, 'administer')).toBe(false);
  });

  it('knows hidden and read-only fields', () => {
    expect(fieldAccess(rep, 'lead', 'notes')).toBe('hidden');
    expect(fieldAccess(rep, 'account', 'phone')).toBe('read-only');
    expect(fieldAccess(rep, 'account', 'domain')).toBe('read-write');
  });

  it('starts at the first list the profile may read, else administration, else nowhere', () => {
    expect(homePath(rep)).toBe('/accounts');
    const leadsOnly = { userId: RAJ, privileges: { records: { lead: ['read'] }, system: [], hiddenFields: {}, readOnlyFields: {} } };
    expect(homePath(leadsOnly)).toBe('/leads');
    const adminOnly = { userId: RAJ, privileges: { records: {}, system: ['administer'], hiddenFields: {}, readOnlyFields: {} } };
    expect(homePath(adminOnly)).toBe('/admin/users');
    expect(homePath({ userId: RAJ, privileges: { records: {}, system: [], hiddenFields: {}, readOnlyFields: {} } })).toBe('/no-access');
  });

  it('tells user owners from group owners', () => {
    expect(isUserId(RAJ)).toBe(true);
    expect(isUserId('3f2a1b4c-1111-4222-8333-444455556666')).toBe(true);
    expect(isGroupId('key-accounts')).toBe(true);
    expect(isGroupId(RAJ)).toBe(false);
    expect(isGroupId('Not A Slug')).toBe(false);
  });
});

describe('ui router: leads and administration', () => {
  it('maps the new hashes', () => {
    expect(parseHash('#/leads').name).toBe('leads');
    expect(parseHash('#/leads/new')).toEqual({ name: 'leadNew' });
    expect(parseHash('#/leads/L1')).toEqual({ name: 'lead', id: 'L1' });
    expect(parseHash('#/no-access')).toEqual({ name: 'noAccess' });
    expect(parseHash('#/admin')).toMatchObject({ name: 'admin', page: 'users' });
    expect(parseHash('#/admin/users/new')).toMatchObject({ name: 'admin', page: 'users', id: 'new' });
    expect(parseHash('#/admin/profiles/sales-rep')).toMatchObject({ name: 'admin', page: 'profiles', id: 'sales-rep' });
    const audit = parseHash('#/admin/audit?actorId=U1');
    expect(audit.name === 'admin' && audit.page === 'audit' && audit.query.get('actorId')).toBe('U1');
    expect(parseHash('#/admin/roles/x').name).toBe('notFound');
    expect(parseHash('#/admin/nope').name).toBe('notFound');
    expect(parseHash('#/admin/users/a/b').name).toBe('notFound');
  });
});

const roles: Record<string, Role> = {
  'sales-director': { name: 'Sales Director', parentId: null },
  'sales-manager': { name: 'Sales Manager', parentId: 'sales-director' },
  'sales-rep': { name: 'Sales Rep', parentId: 'sales-manager' },
  support: { name: 'Support', parentId: null },
  orphan: { name: 'Orphan', parentId: 'gone' },
};

describe('ui security settings: the role tree', () => {
  it('builds the tree with siblings by name, keeping orphans and cycles at the top', () => {
    const tree = roleTree(roles);
    expect(tree.map((n) => n.id)).toEqual(['orphan', 'sales-director', 'support']);
    expect(tree[1]!.children.map((n) => n.id)).toEqual(['sales-manager']);
    expect(tree[1]!.children[0]!.children.map((n) => n.id)).toEqual(['sales-rep']);
    const cyclic = roleTree({ a: { name: 'A', parentId: 'b' }, b: { name: 'B', parentId: 'a' } });
    expect(cyclic.map((n) => n.id).sort()).toEqual(['a', 'b']);
  });

  it('never offers a role itself or one below it as its new parent', () => {
    expect(descendants(roles, 'sales-director').sort()).toEqual(['sales-manager', 'sales-rep']);
    expect(parentChoices(roles, 'sales-manager').sort()).toEqual(['orphan', 'sales-director', 'support']);
    expect(parentChoices(roles, null)).toHaveLength(5);
  });

  it('moves the roles under a deleted one up to its parent', () => {
    const next = removeRole(roles, 'sales-manager');
    expect(next['sales-manager']).toBeUndefined();
    expect(next['sales-rep']).toEqual({ name: 'Sales Rep', parentId: 'sales-director' });
    expect(roles['sales-rep']!.parentId).toBe('sales-manager');
  });

  it('finds sharing rules and users that hold a role or group', () => {
    const rules: SharingRule[] = [
      { ruleId: 'r1', recordType: 'account', from: { kind: 'role', id: 'sales-rep' }, to: { kind: 'group', id: 'key-accounts' }, access: 'read' },
      { ruleId: 'r2', recordType: 'lead', from: { kind: 'group', id: 'key-accounts' }, to: { kind: 'role', id: 'support' }, access: 'edit' },
    ];
    expect(rulesUsing(rules, 'role', 'sales-rep').map((r) => r.ruleId)).toEqual(['r1']);
    expect(rulesUsing(rules, 'group', 'key-accounts').map((r) => r.ruleId)).toEqual(['r1', 'r2']);
    expect(rulesUsing(rules, 'role', 'key-accounts')).toEqual([]);
    const users = [
      { profile: 'sales-rep', roles: ['sales-rep'], groups: ['key-accounts'] },
      { profile: 'gone-profile', roles: ['sales-rep', 'gone-role'], groups: [] },
    ];
    expect(usersHolding(users, 'role', 'sales-rep')).toBe(2);
    expect(usersHolding(users, 'profile', 'sales-rep')).toBe(1);
    expect(usersHolding(users, 'group', 'key-accounts')).toBe(1);
    expect(undefinedHoldings({ profiles: { 'sales-rep': {} as never }, roles, groups: {} }, users)).toEqual([
      { kind: 'group', id: 'key-accounts', users: 1 },
      { kind: 'profile', id: 'gone-profile', users: 1 },
      { kind: 'role', id: 'gone-role', users: 1 },
    ]);
  });

  it('suggests free slug ids', () => {
    expect(slugify('Key Accounts – EMEA!')).toBe('key-accounts-emea');
    expect(slugify('Čestitka Ñu')).toBe('cestitka-nu');
    expect(freeId('Sales Rep', ['sales-rep', 'sales-rep-2'])).toBe('sales-rep-3');
    expect(freeId('', [])).toBe('item');
    expect(freeId('x'.repeat(80), [])).toHaveLength(63);
  });

  it('sends only the keys PUT accepts, as a copy', () => {
    const settings = { version: 3, profiles: {}, roles, groups: {}, orgDefaults: { account: 'private', contact: 'private', lead: 'private', opportunity: 'private', activity: 'private' }, sharingRules: [], updatedAt: 'x', updatedBy: 'y', key: 'org' } as SecuritySettings;
    const body = settingsBody(settings);
    expect(Object.keys(body).sort()).toEqual(['groups', 'orgDefaults', 'profiles', 'roles', 'sharingRules', 'version']);
    body.roles.support!.name = 'Changed';
    expect(roles.support!.name).toBe('Support');
  });
});

describe('ui history: readable changes', () => {
  it('reduces nested settings sections to the leaves that changed, ignoring key order', () => {
    expect(diffPaths({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
    expect(diffPaths({ account: 'private', lead: 'private' }, { lead: 'private', account: 'public-read' }, ['orgDefaults'])).toEqual([
      { path: ['orgDefaults', 'account'], before: 'private', after: 'public-read' },
    ]);
    // A new object is listed by its leaves; empty leaves are left out.
    expect(diffPaths({}, { emea: { name: 'EMEA', parentId: null, tags: [] } }, ['roles'])).toEqual([{ path: ['roles', 'emea', 'name'], before: null, after: 'EMEA' }]);
    // Lists of rules are matched by ruleId.
    const rule = { ruleId: 'r1', access: 'read' };
    expect(diffPaths([rule], [{ ...rule, access: 'edit' }], ['sharingRules'])).toEqual([{ path: ['sharingRules', 'r1', 'access'], before: 'read', after: 'edit' }]);
    expect(diffPaths(['read'], ['read', 'update'])).toEqual([{ path: [], before: ['read'], after: ['read', 'update'] }]);
  });

  it('lists a record change field by field, without the record id on create', () => {
    const entry = {
      subjectId: 'L1',
      changes: {
        leadId: { before: null, after: 'L1' },
        company: { before: 'Quinn Ltd', after: 'Quinn Holdings' },
        orgDefaults: { before: { lead: 'private', account: 'private' }, after: { account: 'private', lead: 'private' } },
      },
    };
    expect(changeLines(entry)).toEqual([{ path: ['company'], before: 'Quinn Ltd', after: 'Quinn Holdings' }]);
    expect(changeLines({ subjectId: 'x' })).toEqual([]);
    expect(pathLabel(['company'], { company: 'Company' })).toBe('Company');
    expect(pathLabel(['roles', 'sales-rep', 'parentId'], { roles: 'Roles' })).toBe('Roles › sales-rep › parentId');
  });

  it('formats values and actions', () => {
    expect(formatValue(null)).toBe('');
    expect(formatValue(['read', 'create'])).toBe('read, create');
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
    expect(formatValue(false)).toBe('no');
    expect(formatValue(3)).toBe('3');
    expect(actionLabel('owner-change')).toBe('Owner changed');
    expect(actionLabel('something-new')).toBe('something-new');
  });
});

describe('ui users', () => {
  const user = { name: 'Raj Rep', profile: 'sales-rep', roles: ['sales-rep'], groups: ['a', 'b'], managerId: 'M1', version: 4 };

  it('patches only what changed, with the version; an emptied manager is null', () => {
    expect(userPatch(user, { name: ' Raj Rep ', profile: 'sales-rep', roles: ['sales-rep'], groups: ['b', 'a'], managerId: 'M1' })).toBeNull();
    expect(userPatch(user, { name: 'Raj', profile: 'support', roles: [], groups: ['a', 'b'], managerId: '' })).toEqual({ name: 'Raj', profile: 'support', roles: [], managerId: null, version: 4 });
    expect(userPatch({ ...user, managerId: undefined }, { ...user, managerId: '' })).toBeNull();
    expect(userPatch({ ...user, managerId: undefined }, { ...user, managerId: 'M2' })).toEqual({ managerId: 'M2', version: 4 });
  });

  it('defaults the audit export to the last 30 UTC days', () => {
    expect(lastDays(30, new Date('2026-03-31T23:59:00Z'))).toEqual({ from: '2026-03-02', to: '2026-03-31' });
  });
});
