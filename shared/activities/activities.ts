/**
 * Activities: tasks, calls, meetings, logged emails and notes, each about a lead,
 * contact, account or opportunity the caller can see. They go through the record store
 * (shared/access/records.ts) like any record — owner rules, private records, field
 * security, the audit trail — and the kind's companions (./companions.ts) keep the
 * owner's reminder item and the timeline entries in the same transaction.
 *
 * Lists: by subject (the record store's list), one record's activities (gsi1 byRelated)
 * or one owner's (gsi4 byCalendar), both newest first and filtered through the policy.
 */
import { NotFoundError, ValidationError } from '../platform/errors';
import { newId, nowIso } from '../platform/ids';
import { keyPage } from '../platform/key-page';
import type { Database } from '../platform/database';
import { accessTo } from '../access/policy';
import { createRecord, deleteRecord, type ExtraWrite, listVisible, readVisible, updateRecord, present, type RecordKind, type StoredRecord } from '../access/records';
import type { Actor } from '../crm/actor';
import { accountKind, activityKind, contactKind, leadKind, opportunityKind } from '../crm/kinds';
import { cancelReminderEmail, scheduleReminderEmail, type ActivityPorts } from './reminder-schedule';
import { REMINDABLE_TYPES, type Activity, type ActivityCreate, type ActivityListQuery, type ActivityPatch, type ActivityType, type RelatedType } from './schemas';
import type { StoredReminder } from './reminder-state';

export { activityKind };
export type { ActivityPorts };

const RELATED_KINDS: Record<RelatedType, RecordKind> = { lead: leadKind, contact: contactKind, account: accountKind, opportunity: opportunityKind };

/** Logged emails and notes record what happened; the rest is something to do. */
const defaultStatus = (type: ActivityType) => (type === 'email' || type === 'note' ? 'completed' : 'open');

export async function createActivity(db: Database, actor: Actor, ports: ActivityPorts, input: ActivityCreate, extra: ExtraWrite[] = []): Promise<Activity> {
  const { status: requested, reminder, ...fields } = input;
  const { accountId } = await relatedRecord(db, actor, input.relatedType, input.relatedId);
  const status = requested ?? defaultStatus(input.type);
  const record = withoutUndefined({
    ...fields,
    accountId,
    status,
    completedAt: status === 'completed' ? nowIso() : undefined,
    reminder: reminder && { at: reminder.at, email: reminder.email },
  });
  checkReminder(actor, { type: input.type, ownerId: input.ownerId ?? actor.userId, reminder: record.reminder as StoredReminder | undefined });
  const activityId = newId();
  await scheduleReminderEmail(ports, activityId, undefined, record);
  return createRecord<Activity>(db, actor, activityKind, activityId, record, extra);
}

export const getActivity = async (db: Database, actor: Actor, activityId: string) =>
  present<Activity>(actor, activityKind, await readVisible(db, actor, activityKind, activityId));

export async function updateActivity(db: Database, actor: Actor, ports: ActivityPorts, activityId: string, patch: ActivityPatch): Promise<Activity> {
  const current = await readVisible(db, actor, activityKind, activityId, 'edit');
  const changes: Record<string, unknown> & { version: number } = { ...patch };
  if (patch.relatedType && patch.relatedId) {
    changes.accountId = (await relatedRecord(db, actor, patch.relatedType, patch.relatedId)).accountId ?? null;
  }
  if (patch.status && patch.status !== current.status) changes.completedAt = patch.status === 'completed' ? nowIso() : null;
  if (patch.reminder) changes.reminder = { at: patch.reminder.at, email: patch.reminder.email }; // a new reminder is not dismissed
  return writeActivity(db, actor, ports, activityId, changes);
}

export async function deleteActivity(db: Database, actor: Actor, ports: ActivityPorts, activityId: string): Promise<void> {
  let deleted: StoredRecord | undefined;
  await deleteRecord(db, actor, activityKind, activityId, (before) => {
    deleted = before;
    return [];
  });
  await cancelReminderEmail(ports, activityId, deleted, undefined);
}

/** An update through the record store, with the reminder checked and its email schedule kept in step. */
export async function writeActivity(db: Database, actor: Actor, ports: ActivityPorts, activityId: string, changes: Record<string, unknown> & { version: number }) {
  let states: { before: StoredRecord; after: StoredRecord } | undefined;
  const updated = await updateRecord<Activity>(db, actor, activityKind, activityId, changes, {
    check: async (before, after) => {
      checkReminder(actor, { type: after.type as ActivityType, ownerId: after.ownerId, reminder: after.reminder as StoredReminder | undefined }, before.reminder as StoredReminder | undefined);
      await scheduleReminderEmail(ports, activityId, before, after);
      states = { before, after };
    },
  });
  await cancelReminderEmail(ports, activityId, states?.before, states?.after);
  return updated;
}

export async function listActivities(db: Database, actor: Actor, query: ActivityListQuery) {
  if (query.relatedId) {
    const ownerId = query.ownerId;
    return relatedPage(db, actor, query.relatedId, query, ownerId ? (record) => record.ownerId === ownerId : undefined);
  }
  if (query.ownerId) {
    const byOwner = { ...db.entities.activity.query.byCalendar({ ownerId: query.ownerId }).params(), ScanIndexForward: false };
    return visiblePage(db, actor, byOwner, query);
  }
  const page = await listVisible<Activity>(db, actor, activityKind, query);
  return { items: page.items, cursor: page.cursor };
}

/** A record's activities (the caller must see the record: else 404), newest first. */
export async function activitiesOf(db: Database, actor: Actor, relatedType: RelatedType, relatedId: string, page: { limit: number; cursor?: string }) {
  await relatedRecord(db, actor, relatedType, relatedId);
  return relatedPage(db, actor, relatedId, page);
}

function relatedPage(db: Database, actor: Actor, relatedId: string, page: { limit: number; cursor?: string }, also?: (record: StoredRecord) => boolean) {
  const query = { ...db.entities.activity.query.byRelated({ relatedId }).params(), ScanIndexForward: false };
  return visiblePage(db, actor, query, page, also);
}

/** One page of a Query on activities, with only the ones the actor may see, as they may see them. */
export async function visiblePage(
  db: Database,
  actor: Actor,
  query: Parameters<typeof keyPage>[0]['query'],
  page: { limit: number; cursor?: string },
  also?: (record: StoredRecord) => boolean,
) {
  const parsed = new Map<Record<string, unknown>, StoredRecord>();
  const parse = (item: Record<string, unknown>) => db.entities.activity.parse({ Items: [item] }).data[0] as unknown as StoredRecord;
  const result = await keyPage({
    client: db.documentClient,
    query,
    limit: page.limit,
    cursor: page.cursor,
    accept: (item) => {
      const record = parse(item);
      parsed.set(item, record);
      return accessTo(actor, 'activity', record) !== 'none' && (!also || also(record));
    },
  });
  return { items: result.items.map((item) => present<Activity>(actor, activityKind, parsed.get(item)!)), cursor: result.cursor, requests: result.requests };
}

/**
 * The record an activity is about, which the caller must be able to see (else 404 naming
 * it), and its account: a contact's or a deal's account shows the activity on its timeline.
 */
async function relatedRecord(db: Database, actor: Actor, relatedType: RelatedType, relatedId: string): Promise<{ accountId?: string }> {
  const kind = RELATED_KINDS[relatedType];
  let record: StoredRecord;
  try {
    record = await readVisible(db, actor, kind, relatedId);
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new NotFoundError(`No ${kind.noun} ${relatedId}`, [{ name: 'relatedId', detail: `is not a ${kind.noun} you can see` }]);
    }
    throw error;
  }
  if (relatedType === 'account') return { accountId: relatedId };
  return typeof record.accountId === 'string' ? { accountId: record.accountId } : {};
}

/** A reminder is for a task or meeting, goes to the person it is assigned to, and is set for later. */
function checkReminder(actor: Actor, activity: { type: ActivityType; ownerId: string; reminder?: StoredReminder }, previous?: StoredReminder) {
  const { reminder } = activity;
  if (!reminder) return;
  if (!REMINDABLE_TYPES.includes(activity.type)) {
    throw new ValidationError('Reminders are for tasks and meetings', [{ name: 'reminder', detail: `cannot be set on a ${activity.type}` }]);
  }
  if (actor.settings.groups[activity.ownerId]) {
    throw new ValidationError('A reminder goes to the person the activity is assigned to', [
      { name: 'reminder', detail: 'needs the activity assigned to a person, not a group' },
    ]);
  }
  if (reminder.at !== previous?.at && Date.parse(reminder.at) <= Date.now()) {
    throw new ValidationError('A reminder is set for a time to come', [{ name: 'reminder.at', detail: 'must be in the future' }]);
  }
}

function withoutUndefined<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
