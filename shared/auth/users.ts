import { ConflictError, NotFoundError, UnauthenticatedError } from '../platform/errors';
import { newId, nowIso } from '../platform/ids';
import type { Database } from '../platform/database';
import type { Me } from './schemas';
import { hashPassword, verifyPassword } from './passwords';
import type { Actor } from '../crm/actor';
import type { UserDirectory } from '../ports/user-directory';

const EMAIL_KIND = 'user-email';

export interface NewUser {
  /** defaults to a new ULID; a Cognito user keeps their `sub` */
  userId?: string;
  email: string;
  name: string;
  profile: string;
  roles?: string[];
  password?: string;
  /** the identity provider's subject; locally the user id */
  subject?: string;
}

export async function createUser(db: Database, input: NewUser) {
  const userId = input.userId ?? newId();
  const now = nowIso();
  const email = input.email.trim().toLowerCase();
  const user = {
    userId,
    email,
    name: input.name,
    profile: input.profile,
    roles: input.roles ?? [],
    subject: input.subject ?? userId,
    passwordHash: input.password ? await hashPassword(input.password) : undefined,
    active: true,
    createdAt: now,
    updatedAt: now,
  };
  const result = await db.service.transaction
    .write(({ user: users, uniqueValue }) => [
      users.create(user).commit(),
      uniqueValue.create({ kind: EMAIL_KIND, value: email, holderId: userId }).commit(),
    ])
    .go();
  if (result.canceled) throw new ConflictError(`A user with the email ${email} exists`, [{ name: 'email', detail: 'is taken' }]);
  return user;
}

export async function findUserByEmail(db: Database, email: string) {
  const { data: claim } = await db.entities.uniqueValue.get({ kind: EMAIL_KIND, value: email.trim().toLowerCase() }).go();
  if (!claim) return undefined;
  const { data } = await db.entities.user.get({ userId: claim.holderId }).go();
  return data ?? undefined;
}

/**
 * The caller's user record. A user the identity provider knows but the CRM does not yet
 * (the first admin Cognito invited, say) gets one on first sight, with the profile the
 * token carries.
 */
export async function getMe(db: Database, actor: Actor, directory?: UserDirectory): Promise<Me> {
  let { data } = await db.entities.user.get({ userId: actor.userId }).go();
  if (!data && directory) {
    const known = await directory.lookup(actor.userId);
    if (known) {
      try {
        await createUser(db, { userId: actor.userId, email: known.email, name: known.name, profile: actor.profile, roles: actor.roles });
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error; // a concurrent first request made it
      }
      ({ data } = await db.entities.user.get({ userId: actor.userId }).go());
    }
  }
  if (!data) throw new NotFoundError('Your user record does not exist');
  return { userId: data.userId, email: data.email, name: data.name, profile: data.profile, roles: data.roles };
}

/** Checks a password against the local user store; one message for every failure (no user enumeration). */
export async function authenticateLocal(db: Database, email: string, password: string) {
  const user = await findUserByEmail(db, email);
  const ok = user?.passwordHash ? await verifyPassword(password, user.passwordHash) : false;
  if (!user || !ok || !user.active) throw new UnauthenticatedError('The email or password is wrong');
  return user;
}

/** The first administrator, created on first start from CRM_ADMIN_EMAIL / CRM_ADMIN_PASSWORD. */
export async function ensureFirstAdmin(db: Database, email: string, password: string) {
  const existing = await findUserByEmail(db, email);
  if (existing) return { user: existing, created: false };
  const user = await createUser(db, { email, password, name: 'Administrator', profile: 'administrator', roles: ['ceo'] });
  return { user, created: true };
}
