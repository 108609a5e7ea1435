/**
 * CRM users: the CRM's own record of each person (name, email, profile, roles, groups,
 * manager, active), whoever signs them in. Invites, deactivation and reassignment are
 * administrator actions and land in the audit trail.
 */
import { ConflictError, NotFoundError, UnauthenticatedError, ValidationError } from '../platform/errors';
import { newId, nowIso } from '../platform/ids';
import { pagedQuery, RANGE_SHARD_STARTS, rangeShard } from '../platform/paged-query';
import { sortName } from '../platform/sort-name';
import { transact, type TransactionWrite } from '../platform/transaction';
import type { Database } from '../platform/database';
import type { Actor, RequestOrigin } from '../crm/actor';
import type { UserDirectory } from '../ports/user-directory';
import { auditItem, auditPut, fieldChanges, recordAudit, type AuditAction } from '../access/audit';
import { initialSettings, readUserAndSettings, type Identity } from '../access/context';
import { hiddenFields } from '../access/fields';
import { RECORD_TYPES } from '../access/record-types';
import type { SecuritySettings } from '../access/settings';
import { hashPassword, verifyPassword } from './passwords';
import type { Me, User, UserCreate, UserPatch } from './schemas';

const EMAIL_KIND = 'user-email';
const SYSTEM = { userId: 'system' };

type StoredUser = NonNullable<Awaited<ReturnType<typeof readUserAndSettings>>['user']>;

export function toUser(stored: StoredUser): User {
  const { passwordHash: _hash, subject: _subject, ...user } = stored as StoredUser & { passwordHash?: string; subject?: string };
  return { ...user, groups: user.groups ?? [], version: user.version ?? 1 } as User;
}

/** The profile, roles, groups and manager must exist; each one that does not is named. */
async function checkReferences(db: Database, settings: SecuritySettings, input: { profile?: string; roles?: string[]; groups?: string[]; managerId?: string | null }) {
  const fields: { name: string; detail: string }[] = [];
  if (input.profile !== undefined && !settings.profiles[input.profile]) fields.push({ name: 'profile', detail: `is not a profile (${input.profile})` });
  input.roles?.forEach((role, i) => settings.roles[role] || fields.push({ name: `roles.${i}`, detail: `is not a role (${role})` }));
  input.groups?.forEach((group, i) => settings.groups[group] || fields.push({ name: `groups.${i}`, detail: `is not a group (${group})` }));
  if (input.managerId) {
    const { data } = await db.entities.user.get({ userId: input.managerId }).go();
    if (!data) fields.push({ name: 'managerId', detail: 'is not a user' });
  }
  if (fields.length) throw new ValidationError('The user refers to things that do not exist', fields);
}

export interface NewUser extends Omit<UserCreate, 'roles' | 'groups'> {
  roles?: string[];
  groups?: string[];
  /** a Cognito user keeps their `sub` */
  userId?: string;
}

/**
 * Creates a user. With a directory (Cognito) the provider sends the invitation and the
 * user id is their `sub`; without one (the local runtime) the admin sets a first password.
 */
export async function createUser(
  db: Database,
  actor: Pick<Actor, 'userId' | 'origin'> & { settings?: SecuritySettings },
  input: NewUser,
  directory?: UserDirectory,
): Promise<User> {
  const settings = actor.settings ?? (await readUserAndSettings(db, actor.userId)).settings;
  await checkReferences(db, settings, input);
  const email = input.email.trim().toLowerCase();
  if (!directory && !input.password && !input.userId) {
    throw new ValidationError('Set a first password: this CRM signs users in itself', [{ name: 'password', detail: 'is required' }]);
  }
  if (await findUserByEmail(db, email)) throw emailTaken(email);
  const userId = input.userId ?? (directory ? (await directory.invite({ email, name: input.name })).subject : newId());
  const now = nowIso();
  const user = {
    userId,
    email,
    name: input.name,
    profile: input.profile,
    roles: input.roles ?? [],
    groups: input.groups ?? [],
    ...(input.managerId ? { managerId: input.managerId } : {}),
    subject: userId,
    ...(input.password ? { passwordHash: await hashPassword(input.password) } : {}),
    active: true,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const { passwordHash: _hash, subject: _subject, ...visible } = user as typeof user & { passwordHash?: string };
  await transact(db.documentClient, [
    { item: { Put: db.entities.user.create(user).params() }, conflict: () => new ConflictError(`The user ${userId} exists`) },
    { item: { Put: db.entities.uniqueValue.create({ kind: EMAIL_KIND, value: email, holderId: userId }).params() }, conflict: () => emailTaken(email) },
    audit(db, actor, userId, 'user-create', fieldChanges(undefined, visible)),
  ]);
  return toUser(user);
}

/** A user Cognito knows but the CRM does not yet (the first admin, say) gets a record on first sight. */
export async function provisionUser(db: Database, identity: Identity, directory: UserDirectory | undefined) {
  const known = await directory?.lookup(identity.userId);
  if (!known) return undefined;
  try {
    await createUser(db, { ...SYSTEM, settings: initialSettings() }, { userId: identity.userId, email: known.email, name: known.name, profile: identity.profileHint });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error; // a concurrent first request made it
  }
  return (await readUserAndSettings(db, identity.userId)).user;
}

export async function getUser(db: Database, userId: string): Promise<User> {
  const { data } = await db.entities.user.get({ userId }).go();
  if (!data) throw new NotFoundError(`No user ${userId}`);
  return toUser(data);
}

export async function listUsers(db: Database, query: { limit: number; cursor?: string; q?: string }) {
  const prefix = query.q ? sortName(query.q) : undefined;
  const shards = prefix ? [rangeShard(prefix)] : RANGE_SHARD_STARTS.map((_, i) => String(i));
  const queries = shards.map((shard) => () => {
    const q = db.entities.user.query.byName({ shard });
    return prefix ? q.begins({ sortName: prefix }).params() : q.params();
  });
  const page = await pagedQuery({ client: db.documentClient, queries, partitionField: 'gsi2pk', limit: query.limit, cursor: query.cursor });
  const { data } = db.entities.user.parse({ Items: page.items });
  return { items: data.map(toUser), cursor: page.cursor };
}

/**
 * Changes a user. A new profile, role or group applies to their next request; new roles
 * or groups also re-materialise their records' grants (an access job). Deactivation
 * refuses their tokens at once and, in AWS, disables their Cognito sign-in.
 */
export async function updateUser(db: Database, actor: Actor, userId: string, patch: UserPatch, directory?: UserDirectory): Promise<User> {
  const { data: current } = await db.entities.user.get({ userId }).go();
  if (!current) throw new NotFoundError(`No user ${userId}`);
  const { version, ...changes } = patch;
  if ((current.version ?? 1) !== version) {
    throw new ConflictError(`The user is at version ${current.version ?? 1}; reload and try again`, [{ name: 'version', detail: 'is stale' }]);
  }
  if (userId === actor.userId && (changes.active === false || (changes.profile && changes.profile !== current.profile))) {
    throw new ValidationError('You cannot deactivate yourself or change your own profile', [
      { name: changes.active === false ? 'active' : 'profile', detail: 'cannot be changed on your own user' },
    ]);
  }
  if (changes.managerId === userId) throw new ValidationError('A user cannot manage themselves', [{ name: 'managerId', detail: 'is the user' }]);
  await checkReferences(db, actor.settings, changes);
  const { managerId, ...rest } = changes;
  const next = { ...current, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)), version: version + 1, updatedAt: nowIso() } as StoredUser;
  if (managerId === null) delete (next as { managerId?: string }).managerId;
  else if (managerId !== undefined) next.managerId = managerId;
  const diff = fieldChanges(toUser(current), toUser(next));
  delete diff.version;
  const accessChanged = 'roles' in diff || 'groups' in diff;
  const action: AuditAction = 'active' in diff ? (next.active ? 'reactivate' : 'deactivate') : 'profile' in diff || accessChanged ? 'permission-change' : 'update';
  const writes: TransactionWrite[] = [
    {
      item: { Put: db.entities.user.put(next).where((attr, op) => op.eq(attr.version, current.version ?? 1)).params() },
      conflict: () => new ConflictError('The user was changed by someone else; reload and try again', [{ name: 'version', detail: 'is stale' }]),
    },
    audit(db, actor, userId, action, diff),
  ];
  if (accessChanged) writes.push(jobWrite(db, actor, { kind: 'reindex', ownerIds: [userId] }));
  if ('active' in diff && directory) await directory.setEnabled(current.subject, next.active);
  await transact(db.documentClient, writes);
  return toUser(next);
}

/** Starts moving every record a user owns to another user (a workflow does it in batches). */
export async function requestReassignment(db: Database, actor: Actor, fromUserId: string, toUserId: string) {
  await getUser(db, fromUserId);
  const target = await getUser(db, toUserId).catch(() => undefined);
  if (!target || !target.active) throw new ValidationError('Records can go only to an active user', [{ name: 'toUserId', detail: 'is not an active user' }]);
  if (fromUserId === toUserId) throw new ValidationError('Pick another user', [{ name: 'toUserId', detail: 'is the user whose records move' }]);
  const write = jobWrite(db, actor, { kind: 'reassign', ownerIds: [fromUserId], toUserId });
  await transact(db.documentClient, [write, audit(db, actor, fromUserId, 'reassign', { ownerId: { before: fromUserId, after: toUserId } })]);
  return toJob(write.job);
}

function jobWrite(db: Database, actor: Pick<Actor, 'userId' | 'origin'>, job: { kind: 'reassign' | 'reindex'; ownerIds: string[]; toUserId?: string }) {
  const now = nowIso();
  const record = { jobId: newId(), ...job, status: 'requested' as const, processed: 0, requestedBy: actor.userId, origin: actor.origin ?? {}, createdAt: now, updatedAt: now };
  return { item: { Put: db.entities.accessJob.create(record).params() }, conflict: () => new ConflictError('Try again'), job: record };
}
export { jobWrite };

export const toJob = (job: { jobId: string; kind: 'reassign' | 'reindex'; ownerIds: string[]; toUserId?: string; status: 'requested' | 'done' | 'failed'; processed: number; error?: string; createdAt: string; updatedAt: string }) => {
  const { jobId, kind, ownerIds, toUserId, status, processed, error, createdAt, updatedAt } = job;
  return { jobId, kind, ownerIds, toUserId, status, processed, error, createdAt, updatedAt };
};

export async function getAccessJob(db: Database, jobId: string) {
  const { data } = await db.entities.accessJob.get({ jobId }).go();
  if (!data) throw new NotFoundError(`No job ${jobId}`);
  return toJob(data);
}

function audit(db: Database, actor: Pick<Actor, 'userId' | 'origin'>, userId: string, action: AuditAction, changes: Record<string, { before: unknown; after: unknown }>): TransactionWrite {
  return {
    item: { Put: auditPut(db, auditItem(actor, { subjectType: 'user', subjectId: userId, action, changes })) },
    conflict: () => new ConflictError('The change could not be recorded; try again'),
  };
}

export async function findUserByEmail(db: Database, email: string) {
  const { data: claim } = await db.entities.uniqueValue.get({ kind: EMAIL_KIND, value: email.trim().toLowerCase() }).go();
  if (!claim) return undefined;
  const { data } = await db.entities.user.get({ userId: claim.holderId }).go();
  return data ?? undefined;
}

/** The caller with what their profile lets them do, so the UI shows only what will work. */
/** `stored`: the caller's user item when the request already read it. */
export async function getMe(db: Database, actor: Actor, stored?: StoredUser): Promise<Me> {
  const user = stored ? toUser(stored) : await getUser(db, actor.userId);
  const profile = actor.settings.profiles[actor.profile];
  const fieldsWith = (access: string) =>
    Object.fromEntries(RECORD_TYPES.map((type) => [type, Object.entries(profile?.fields[type] ?? {}).filter(([, a]) => a === access).map(([f]) => f)]));
  const { roles, groups } = actor.settings;
  return {
    ...user,
    names: {
      roles: Object.fromEntries(user.roles.map((id) => [id, roles[id]?.name ?? id])),
      groups: Object.fromEntries(user.groups.map((id) => [id, groups[id]?.name ?? id])),
    },
    privileges: {
      records: Object.fromEntries(RECORD_TYPES.map((type) => [type, profile?.records[type] ?? []])),
      system: profile?.system ?? [],
      hiddenFields: Object.fromEntries(RECORD_TYPES.map((type) => [type, hiddenFields(actor, type)])),
      readOnlyFields: fieldsWith('read-only'),
    },
  };
}

/**
 * Checks a password against the local user store; one message for every failure (no
 * user enumeration). Both outcomes go to the audit trail.
 */
export async function authenticateLocal(db: Database, email: string, password: string, origin: RequestOrigin = {}) {
  const user = await findUserByEmail(db, email);
  const ok = user?.passwordHash ? await verifyPassword(password, user.passwordHash) : false;
  if (!user || !ok || !user.active) {
    await recordSignIn(db, { email, userId: user?.userId, ok: false, origin });
    throw new UnauthenticatedError('The email or password is wrong');
  }
  await recordSignIn(db, { email, userId: user.userId, ok: true, origin });
  return user;
}

/** A sign-in or a refused one, in the audit trail; a success also stamps lastLoginAt. */
export async function recordSignIn(db: Database, attempt: { email: string; userId?: string; ok: boolean; origin: RequestOrigin }) {
  const subjectId = attempt.userId ?? attempt.email.trim().toLowerCase();
  await recordAudit(db, { userId: attempt.userId ?? 'anonymous', origin: attempt.origin }, {
    subjectType: attempt.userId ? 'user' : 'sign-in',
    subjectId,
    action: attempt.ok ? 'login' : 'login-failed',
    summary: attempt.ok ? 'Signed in' : `Sign-in refused for ${attempt.email}`,
  });
  if (attempt.ok && attempt.userId) await db.entities.user.patch({ userId: attempt.userId }).set({ lastLoginAt: nowIso() }).go({ response: 'none' });
}

/** The first administrator, created on first start from CRM_ADMIN_EMAIL / CRM_ADMIN_PASSWORD. */
export async function ensureFirstAdmin(db: Database, email: string, password: string) {
  const existing = await findUserByEmail(db, email);
  if (existing) return { user: toUser(existing), created: false };
  const user = await createUser(db, { ...SYSTEM, settings: initialSettings() }, { email, password, name: 'Administrator', profile: 'administrator' });
  return { user, created: true };
}

const emailTaken = (email: string) => new ConflictError(`A user with the email ${email} exists`, [{ name: 'email', detail: 'is taken' }]);
