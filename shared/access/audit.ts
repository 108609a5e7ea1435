/**
 * The audit trail. Entries are written in the same transaction as the change they
 * record (so one exists if and only if the change committed), never updated or deleted
 * through the CRM, readable per subject and per actor, and copied by the stream to the
 * audit archive (S3 with Object Lock in AWS).
 */
import { newId, nowIso } from '../platform/ids';
import type { Database } from '../platform/database';
import type { Actor, RequestOrigin } from '../crm/actor';
import { isDeepStrictEqual } from 'node:util';
import { ValidationError } from '../platform/errors';

export type AuditAction =
  | 'create'
  | 'update'
  | 'delete'
  | 'owner-change'
  | 'convert'
  | 'login'
  | 'login-failed'
  | 'settings-change'
  | 'permission-change'
  | 'user-create'
  | 'deactivate'
  | 'reactivate'
  | 'reassign'
  | 'merge';

export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

export interface AuditInput {
  subjectType: string;
  subjectId: string;
  action: AuditAction;
  summary?: string;
  changes?: FieldChanges;
}

export function auditItem(actor: Pick<Actor, 'userId' | 'origin'> | { userId: string; origin?: RequestOrigin }, input: AuditInput) {
  const at = nowIso();
  const origin = actor.origin ?? {};
  return {
    auditId: newId(),
    at,
    day: at.slice(0, 10),
    actorId: actor.userId,
    ...input,
    ...(origin.ip ? { ip: origin.ip } : {}),
    ...(origin.userAgent ? { userAgent: origin.userAgent.slice(0, 500) } : {}),
    ...(origin.requestId ? { requestId: origin.requestId } : {}),
  };
}
export type AuditItem = ReturnType<typeof auditItem>;

/** The Put for an audit entry, to add to the transaction of the change it records. */
export const auditPut = (db: Database, item: AuditItem) => db.entities.auditEntry.create(item).params();

/** Records an event with no other write (a sign-in, a refused sign-in). */
export async function recordAudit(db: Database, actor: { userId: string; origin?: RequestOrigin }, input: AuditInput) {
  await db.entities.auditEntry.create(auditItem(actor, input)).go({ response: 'none' });
}

const META = new Set(['version', 'updatedAt', 'updatedBy', 'acl', 'sortName', 'shard', 'emailShard', 'createdAt', 'createdBy']);

/** Field-level before/after of a change; bookkeeping attributes left out. */
export function fieldChanges(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): FieldChanges {
  const changes: FieldChanges = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    if (META.has(key)) continue;
    if (key === 'custom') {
      const b = (before?.custom ?? {}) as Record<string, unknown>;
      const a = (after?.custom ?? {}) as Record<string, unknown>;
      for (const k of new Set([...Object.keys(b), ...Object.keys(a)])) {
        if (!isDeepStrictEqual(b[k], a[k])) changes[`custom.${k}`] = { before: b[k] ?? null, after: a[k] ?? null };
      }
      continue;
    }
    const b = before?.[key];
    const a = after?.[key];
    if (!isDeepStrictEqual(b, a)) changes[key] = { before: b ?? null, after: a ?? null };
  }
  return changes;
}

export interface AuditPageQuery {
  limit: number;
  cursor?: string;
}

/** A subject's history (a record, a user, the settings), newest first. */
export async function historyOf(db: Database, subjectType: string, subjectId: string, query: AuditPageQuery) {
  const result = await db.entities.auditEntry.query
    .bySubject({ subjectType, subjectId })
    .go({ order: 'desc', limit: query.limit, cursor: decode(query.cursor), pages: 1 });
  return { items: result.data, cursor: result.cursor ?? null };
}

/** What one user did, newest first (administrators). */
export async function auditByActor(db: Database, actorId: string, query: AuditPageQuery) {
  const result = await db.entities.auditEntry.query
    .byActor({ actorId })
    .go({ order: 'desc', limit: query.limit, cursor: decode(query.cursor), pages: 1 });
  return { items: result.data, cursor: result.cursor ?? null };
}

/** Every entry of one UTC day, oldest first: what the audit export walks. */
export async function auditOfDay(db: Database, day: string, cursor?: string) {
  const result = await db.entities.auditEntry.query.byDay({ day }).go({ limit: 500, cursor: decode(cursor), pages: 1 });
  return { items: result.data, cursor: result.cursor ?? null };
}

// ElectroDB's cursors are opaque strings; a tampered one fails its own parse, which we report as a bad cursor.
function decode(cursor: string | undefined) {
  if (cursor === undefined) return undefined;
  if (!/^[A-Za-z0-9_=-]{1,2048}$/.test(cursor)) throw new ValidationError('The cursor is not one this list handed out', [{ name: 'cursor', detail: 'is not valid' }]);
  return cursor;
}
