/**
 * Who the caller is right now: their user record and the security settings, read in one
 * BatchGet at the start of every authenticated request. Tokens only say who signed in;
 * profile, roles, groups and "still active" come from here, so a deactivation or a new
 * role applies to the very next request.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { UnauthenticatedError } from '../platform/errors';
import type { Database } from '../platform/database';
import type { Actor, RequestOrigin } from '../crm/actor';
import type { UserDirectory } from '../ports/user-directory';
import { defaultSettings } from './default-settings';
import type { SecuritySettings } from './settings';

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
  const found = await readUserAndSettings(db, identity.userId);
  const { settings } = found;
  let { user } = found;
  if (!user && directory) {
    const { provisionUser } = await import('../auth/users');
    user = await provisionUser(db, identity, await directory());
  }
  if (!user) throw new UnauthenticatedError('Your user is not known to the CRM; ask an administrator to invite you');
  if (!user.active) throw new UnauthenticatedError('Your user is deactivated');
  return { userId: user.userId, profile: user.profile, roles: user.roles, groups: user.groups ?? [], settings, origin };
}

export async function readUserAndSettings(db: Database, userId: string) {
  const userKey = db.entities.user.get({ userId }).params().Key as Record<string, unknown>;
  const settingsKey = db.entities.securitySettings.get(SETTINGS_KEY).params().Key as Record<string, unknown>;
  const result = await db.documentClient.send(new BatchGetCommand({ RequestItems: { [db.tableName]: { Keys: [userKey, settingsKey] } } }));
  let items = result.Responses?.[db.tableName] ?? [];
  // BatchGet may defer keys under load; the two small items are asked for again once.
  if (Object.keys(result.UnprocessedKeys ?? {}).length > 0) {
    const retry = await db.documentClient.send(new BatchGetCommand({ RequestItems: result.UnprocessedKeys }));
    items = [...items, ...(retry.Responses?.[db.tableName] ?? [])];
  }
  const userItem = items.find((i) => i.__edb_e__ === 'user');
  const settingsItem = items.find((i) => i.__edb_e__ === 'securitySettings');
  const user = userItem ? db.entities.user.parse({ Item: userItem }).data ?? undefined : undefined;
  const settings = settingsItem ? (db.entities.securitySettings.parse({ Item: settingsItem }).data as unknown as SecuritySettings) : initialSettings();
  return { user, settings };
}

/** Until an administrator first saves the settings, the defaults apply (version 0). */
export const initialSettings = (): SecuritySettings => ({ ...defaultSettings(), version: 0, updatedAt: new Date(0).toISOString(), updatedBy: 'system' });
