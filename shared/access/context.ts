/**
 * Who the caller is right now: their user record and the security settings, read at the
 * start of every authenticated request (in one BatchGetItem with the request's own item
 * reads: shared/platform/item-loader.ts). Tokens only say who signed in;
 * profile, roles, groups and "still active" come from here, so a deactivation or a new
 * role applies to the very next request.
 */
import { UnauthenticatedError } from '../platform/errors';
import type { Database } from '../platform/database';
import type { Actor, RequestOrigin } from '../crm/actor';
import type { UserDirectory } from '../ports/user-directory';
import { defaultSettings } from './default-settings';
import { RECORD_ACTIONS, type SecuritySettings } from './settings';
import { RECORD_TYPES } from './record-types';

export const SETTINGS_KEY = { key: 'org' };

export interface Identity {
  userId: string;
  /** the profile the identity provider suggests for a user the CRM has not met yet */
  profileHint: string;
}

export async function loadActor(
  db: Database,
  identity: Identity,
  origin: RequestOrigin = {},
  directory?: () => Promise<UserDirectory | undefined>,
): Promise<Actor> {
  const found = await readCaller(db, identity.userId);
  const { settings } = found;
  let { user } = found;
  if (!user && directory) {
    const { provisionUser } = await import('../auth/users');
    const made = await provisionUser(db, identity, await directory());
    user = made && { userId: made.userId, profile: made.profile, roles: made.roles, groups: made.groups ?? [], active: made.active };
  }
  if (!user) throw new UnauthenticatedError('Your user is not known to the CRM; ask an administrator to invite you');
  if (!user.active) throw new UnauthenticatedError('Your user is deactivated');
  return { userId: user.userId, profile: user.profile, roles: user.roles, groups: user.groups ?? [], settings, origin };
}

export async function readUserAndSettings(db: Database, userId: string) {
  const [userItem, settings] = await Promise.all([db.getItem(userKey(db, userId)), cachedSettings(db)]);
  const user = userItem ? db.entities.user.parse({ Item: userItem }).data ?? undefined : undefined;
  return { user, settings };
}

/** The caller on the hot path: the raw item's own fields, without a full model parse on every request. */
async function readCaller(db: Database, userId: string) {
  const [item, settings] = await Promise.all([db.getItem(userKey(db, userId)), cachedSettings(db)]);
  if (!item || item.__edb_e__ !== 'user') return { user: undefined, settings };
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  const user = { userId: String(item.userId), profile: String(item.profile), roles: strings(item.roles), groups: strings(item.groups), active: item.active === true };
  return { user, settings };
}

// A user's key never changes; building it is the model's work, so it is kept (bounded).
const userKeys = new Map<string, Record<string, unknown>>();
function userKey(db: Database, userId: string) {
  let key = userKeys.get(userId);
  if (!key) {
    key = db.entities.user.get({ userId }).params().Key as Record<string, unknown>;
    if (userKeys.size >= 10_000) userKeys.clear();
    userKeys.set(userId, key);
  }
  return key;
}

/**
 * The settings document is the largest item a request reads and changes rarely, so a
 * function keeps it for SETTINGS_CACHE_SECONDS (default 5): an administrator's change
 * reaches every warm function within that time, and the function that saved it at once.
 * The caller's own user record is never cached.
 */
const settingsCache = new WeakMap<Database, { settings: Promise<SecuritySettings>; until: number }>();

function cachedSettings(db: Database): Promise<SecuritySettings> {
  const ttlMs = Number(process.env.SETTINGS_CACHE_SECONDS ?? 5) * 1000;
  const hit = settingsCache.get(db);
  if (hit && hit.until > Date.now()) return hit.settings;
  const settings = readSettings(db);
  settingsCache.set(db, { settings, until: Date.now() + ttlMs });
  settings.catch(() => settingsCache.delete(db));
  return settings;
}

export async function readSettings(db: Database): Promise<SecuritySettings> {
  const item = await db.getItem(db.entities.securitySettings.get(SETTINGS_KEY).params().Key as Record<string, unknown>);
  if (!item) return initialSettings();
  const { key: _key, ...settings } = db.entities.securitySettings.parse({ Item: item }).data as unknown as SecuritySettings & { key?: string };
  return withNewRecordTypes(settings);
}

/**
 * Settings saved before a record type existed get the type's defaults: its org-wide
 * default, and the seeded profiles' rights on it. A missing org-wide default would
 * otherwise read as "not private".
 */
export function withNewRecordTypes(settings: SecuritySettings): SecuritySettings {
  const missing = RECORD_TYPES.filter((type) => !settings.orgDefaults[type]);
  if (missing.length === 0) return settings;
  const defaults = defaultSettings();
  const profiles = structuredClone(settings.profiles);
  for (const [profileId, profile] of Object.entries(profiles)) {
    for (const type of missing) {
      const seeded = defaults.profiles[profileId]?.records[type] ?? (profile.system.includes('administer') ? [...RECORD_ACTIONS] : undefined);
      if (seeded && !profile.records[type]) profile.records[type] = seeded;
    }
  }
  const orgDefaults = { ...settings.orgDefaults };
  for (const type of missing) orgDefaults[type] = defaults.orgDefaults[type] ?? 'private';
  return { ...settings, profiles, orgDefaults };
}

/** After a save: this function uses the new settings from its next request on. */
export const forgetCachedSettings = (db: Database) => settingsCache.delete(db);

/** Until an administrator first saves the settings, the defaults apply (version 0). */
export const initialSettings = (): SecuritySettings => ({ ...defaultSettings(), version: 0, updatedAt: new Date(0).toISOString(), updatedBy: 'system' });
