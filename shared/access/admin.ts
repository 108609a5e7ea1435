/**
 * Administering the security settings: one versioned document, saved whole with
 * optimistic concurrency. A save that changes who sees what (roles, groups, sharing
 * rules) starts an access job that re-materialises every record's grants.
 */
import { ConflictError } from '../platform/errors';
import { nowIso } from '../platform/ids';
import { transact, type TransactionWrite } from '../platform/transaction';
import type { Database } from '../platform/database';
import type { Actor } from '../crm/actor';
import { jobWrite, listUsers } from '../auth/users';
import { auditItem, auditPut, type FieldChanges } from './audit';
import { SETTINGS_KEY, initialSettings, readUserAndSettings } from './context';
import type { SecuritySettings, SecuritySettingsUpdate } from './settings';

export async function getSettings(db: Database): Promise<SecuritySettings> {
  const { data } = await db.entities.securitySettings.get(SETTINGS_KEY).go();
  if (!data) return initialSettings();
  const { key: _key, ...settings } = data;
  return settings as unknown as SecuritySettings;
}

const SECTIONS = ['profiles', 'roles', 'groups', 'orgDefaults', 'sharingRules'] as const;

export async function saveSettings(db: Database, actor: Actor, update: SecuritySettingsUpdate): Promise<SecuritySettings> {
  const current = await getSettings(db);
  if (current.version !== update.version) throw stale(current.version);
  const next: SecuritySettings = { ...update, ...SETTINGS_KEY, version: update.version + 1, updatedAt: nowIso(), updatedBy: actor.userId } as SecuritySettings;
  const changes: FieldChanges = {};
  for (const section of SECTIONS) {
    if (JSON.stringify(current[section]) !== JSON.stringify(next[section])) changes[section] = { before: current[section], after: next[section] };
  }
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
  if ('roles' in changes || 'groups' in changes || 'sharingRules' in changes) {
    writes.push(jobWrite(db, actor, { kind: 'reindex', ownerIds: await everyOwner(db, next) }));
  }
  await transact(db.documentClient, writes);
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

/** Every user and group: whose records a settings change can re-grant. */
async function everyOwner(db: Database, settings: SecuritySettings): Promise<string[]> {
  const owners: string[] = Object.keys(settings.groups);
  let cursor: string | undefined;
  do {
    const page = await listUsers(db, { limit: 100, cursor });
    owners.push(...page.items.map((u) => u.userId));
    cursor = page.cursor ?? undefined;
  } while (cursor);
  return owners;
}

const stale = (version: number | undefined) =>
  new ConflictError(
    version === undefined ? 'The settings were changed by someone else; reload them' : `The settings are at version ${version}; reload them and apply your change again`,
    [{ name: 'version', detail: 'is stale' }],
  );
