/**
 * Administering the security settings: one versioned document, saved whole with
 * optimistic concurrency. A save that changes who sees what (roles, groups, sharing
 * rules) starts an access job that re-materialises every record's grants.
 */
import { isDeepStrictEqual } from 'node:util';
import { ConflictError, ValidationError } from '../platform/errors';
import { nowIso } from '../platform/ids';
import { transact, type TransactionWrite } from '../platform/transaction';
import type { Database } from '../platform/database';
import type { Actor } from '../crm/actor';
import { jobWrite, listUsers } from '../auth/users';
import { auditItem, auditPut, type FieldChanges } from './audit';
import { SETTINGS_KEY, forgetCachedSettings, initialSettings, readSettings, readUserAndSettings } from './context';
import type { SecuritySettings, SecuritySettingsUpdate } from './settings';

export const getSettings = readSettings;

const SECTIONS = ['profiles', 'roles', 'groups', 'orgDefaults', 'sharingRules'] as const;

export async function saveSettings(db: Database, actor: Actor, update: SecuritySettingsUpdate): Promise<SecuritySettings> {
  const current = await getSettings(db);
  if (current.version !== update.version) throw stale(current.version);
  const next: SecuritySettings = { ...update, ...SETTINGS_KEY, version: update.version + 1, updatedAt: nowIso(), updatedBy: actor.userId } as SecuritySettings;
  const changes: FieldChanges = {};
  for (const section of SECTIONS) {
    if (!isDeepStrictEqual(current[section], next[section])) changes[section] = { before: current[section], after: next[section] };
  }
  const accessChanged = 'roles' in changes || 'groups' in changes || 'sharingRules' in changes;
  const users = 'profiles' in changes || accessChanged ? await everyUser(db) : [];
  refuseRemovingWhatUsersHold(next, users);
  const entity = db.entities.securitySettings;
  const put =
    update.version === 0
      ? entity.create(next as never).params()
      : entity
          .put(next as never)
          .where((attr, op) => op.eq(attr.version, update.version))
          .params();
  const writes: TransactionWrite[] = [
    { item: { Put: put }, conflict: () => stale(undefined) },
    {
      item: { Put: auditPut(db, auditItem(actor, { subjectType: 'settings', subjectId: 'security', action: 'settings-change', changes })) },
      conflict: () => stale(undefined),
    },
  ];
  if (accessChanged) writes.push(jobWrite(db, actor, { kind: 'reindex', ownerIds: [...Object.keys(next.groups), ...users.map((u) => u.userId)] }));
  await transact(db.documentClient, writes);
  forgetCachedSettings(db);
  const { key: _key, ...saved } = next as SecuritySettings & { key?: string };
  return saved;
}

/** Writes the default settings on first start, so an admin sees (and a test can rely on) version 1. */
export async function ensureSettings(db: Database) {
  const { settings } = await readUserAndSettings(db, 'system');
  if (settings.version > 0) return settings;
  try {
    await db.entities.securitySettings.create({ ...initialSettings(), ...SETTINGS_KEY, version: 1, updatedAt: nowIso() } as never).go();
  } catch {
    // another instance wrote them first
  }
  return getSettings(db);
}

async function everyUser(db: Database) {
  const users: Awaited<ReturnType<typeof listUsers>>['items'] = [];
  let cursor: string | undefined;
  do {
    const page = await listUsers(db, { limit: 100, cursor });
    users.push(...page.items);
    cursor = page.cursor ?? undefined;
  } while (cursor);
  return users;
}

/** A profile, role or group someone still holds cannot go: reassign them first. */
function refuseRemovingWhatUsersHold(settings: SecuritySettings, users: { name: string; profile: string; roles: string[]; groups: string[] }[]) {
  const held = new Map<string, string[]>();
  const note = (path: string, name: string) => held.set(path, [...(held.get(path) ?? []), name]);
  for (const user of users) {
    if (!settings.profiles[user.profile]) note(`profiles.${user.profile}`, user.name);
    for (const role of user.roles) if (!settings.roles[role]) note(`roles.${role}`, user.name);
    for (const group of user.groups) if (!settings.groups[group]) note(`groups.${group}`, user.name);
  }
  if (held.size === 0) return;
  throw new ValidationError(
    'Some of what you removed is still held by users; give them another one first',
    [...held].map(([name, holders]) => ({ name, detail: `is still held by ${holders.length} user(s): ${holders.slice(0, 5).join(', ')}` })),
  );
}

const stale = (version: number | undefined) =>
  new ConflictError(
    version === undefined ? 'The settings were changed by someone else; reload them' : `The settings are at version ${version}; reload them and apply your change again`,
    [{ name: 'version', detail: 'is stale' }],
  );
