/**
 * The 360° timeline of a lead, contact, account or opportunity: what happened around it,
 * newest first.
 *
 * Fan-out on write: an entry is written under every subject it concerns (an activity on a
 * contact goes to the contact's and its account's timelines), in the transaction of the
 * change it records. A timeline page — an account's included, with its contacts' entries
 * rolled up — is therefore ONE Query on the subject's partition (plus the caller and the
 * subject read in one BatchGetItem by the route). It costs more Queries only when the
 * caller may not see some entries (an entry about a colleague's private activity is
 * skipped and the page filled from the next items), and at most five (shared/platform/key-page.ts).
 *
 * Two ways in, both parts of a record-store transaction:
 *  - timelineWrites: one-off entries (a stage change, a conversion) as extra writes;
 *  - timelineCompanions: entries that follow a record (an activity), as the record kind's
 *    companions: rewritten when the record changes, removed when it is deleted.
 */
import type { Database } from '../platform/database';
import type { TransactionWrite } from '../platform/transaction';
import { ConflictError } from '../platform/errors';
import { newId } from '../platform/ids';
import { keyPage } from '../platform/key-page';
import type { Companion } from '../access/records';
import { accessTo, type RecordAcl } from '../access/policy';
import type { RecordType } from '../access/record-types';
import type { Actor } from '../crm/actor';
import { TIMELINE_KINDS } from './entity';

export interface TimelineSubject {
  type: 'lead' | 'contact' | 'account' | 'opportunity';
  id: string;
}

export interface TimelineEvent {
  kind: (typeof TIMELINE_KINDS)[number];
  at: string;
  actorId: string;
  summary: string;
  /** what the entry is about (the activity, the opportunity…) */
  ref: { type: string; id: string };
  /** small, e.g. { from, to } for a stage change */
  data?: Record<string, unknown>;
}

/**
 * An entry about a record that has access of its own (an activity): shown only to those
 * who may see that record, besides the subject. Entries without one are seen by whoever
 * sees the subject.
 */
export interface TimelineGuard {
  recordType: RecordType;
  ownerId: string;
  acl: RecordAcl;
}

/** An entry as the API returns it. */
export interface TimelineEntry extends TimelineEvent {
  entryId: string;
  subject: TimelineSubject;
}

/** Longest summary kept: an entry is a line in a list, the record it refers to has the rest. */
const SUMMARY_MAX = 500;

// The entity's kinds must all be TimelineEvent kinds (the other way round, writing an
// entry would not type-check): the two lists cannot drift apart.
const storedKinds: readonly TimelineEvent['kind'][] = TIMELINE_KINDS;
void storedKinds;

/** One-off entries (a stage change, a conversion): extra transaction writes, one per subject. */
export function timelineWrites(db: Database, subjects: TimelineSubject[], event: TimelineEvent, guard?: TimelineGuard): TransactionWrite[] {
  return distinct(subjects).map((subject) => ({
    item: { Put: db.entities.timelineEntry.create(entryItem(subject, event, newId(), guard)).params() },
    conflict: () => new ConflictError('The timeline entry could not be written; try again'),
  }));
}

/**
 * Entries that follow a record (an activity): companions with stable ids, rewritten on
 * update, removed on delete. `guard` hides an entry from those who may not see the record.
 */
export function timelineCompanions(db: Database, subjects: TimelineSubject[], event: TimelineEvent, guard?: TimelineGuard): Companion[] {
  // The same record's entry keeps its id across versions; a new time or subject is a new key,
  // so the companion id names the whole key and the store deletes the entry at the old one.
  const entryId = `${event.kind}-${event.ref.type}-${event.ref.id}`;
  return distinct(subjects).map((subject) => {
    const key = { subjectType: subject.type, subjectId: subject.id, at: event.at, entryId };
    return {
      id: `timeline:${subject.type}:${subject.id}:${event.at}:${entryId}`,
      put: db.entities.timelineEntry.put(entryItem(subject, event, entryId, guard)).params(),
      remove: db.entities.timelineEntry.delete(key).params(),
    };
  });
}

/**
 * A page of a subject's timeline, newest first, without the entries the actor may not
 * see. The caller checks first that the actor may see the subject (readVisible).
 */
export async function readTimeline(db: Database, actor: Actor, subject: TimelineSubject, page: { limit: number; cursor?: string }) {
  const entity = db.entities.timelineEntry;
  const query = { ...entity.query.bySubject({ subjectType: subject.type, subjectId: subject.id }).params(), ScanIndexForward: false };
  const result = await keyPage({
    client: db.documentClient,
    query,
    limit: page.limit,
    cursor: page.cursor,
    accept: (item) => maySeeEntry(actor, item.guard as TimelineGuard | undefined),
  });
  const entries = entity.parse({ Items: result.items }).data.map(
    (item): TimelineEntry => ({
      entryId: item.entryId,
      subject: { type: item.subjectType, id: item.subjectId },
      kind: item.kind,
      at: item.at,
      actorId: item.actorId,
      summary: item.summary,
      ref: { type: item.refType, id: item.refId },
      ...(item.data ? { data: item.data as Record<string, unknown> } : {}),
    }),
  );
  return { items: entries, cursor: result.cursor, requests: result.requests };
}

/** Whether the actor may see an entry: every one without a guard, a guarded one if they may see its record. */
export function maySeeEntry(actor: Actor, guard: TimelineGuard | undefined): boolean {
  return !guard || accessTo(actor, guard.recordType, guard) !== 'none';
}

function entryItem(subject: TimelineSubject, event: TimelineEvent, entryId: string, guard?: TimelineGuard) {
  return {
    subjectType: subject.type,
    subjectId: subject.id,
    at: event.at,
    entryId,
    kind: event.kind,
    actorId: event.actorId,
    summary: event.summary.slice(0, SUMMARY_MAX),
    refType: event.ref.type,
    refId: event.ref.id,
    ...(event.data ? { data: event.data } : {}),
    ...(guard ? { guard: { recordType: guard.recordType, ownerId: guard.ownerId, acl: guard.acl } } : {}),
  };
}

/** A subject named twice (a deal's account given again) gets one entry: one item, one write. */
function distinct(subjects: TimelineSubject[]): TimelineSubject[] {
  const seen = new Map<string, TimelineSubject>();
  for (const subject of subjects) seen.set(`${subject.type}:${subject.id}`, subject);
  return [...seen.values()];
}
