/**
 * The items an activity keeps in step with itself, in its own transaction (the record
 * kind's companions, shared/access/records.ts):
 *  - its owner's reminder item while the reminder is pending, so "my due reminders" is
 *    one Query on the owner's partition;
 *  - its timeline entries, under the related record and that record's account.
 */
import type { Companion, StoredRecord } from '../access/records';
import type { Database } from '../platform/database';
import { timelineCompanions, type TimelineEvent, type TimelineSubject } from '../timeline/timeline';
import { pendingReminder } from './reminder-state';

export function activityCompanions(db: Database, activity: StoredRecord): Companion[] {
  return [
    ...reminderCompanions(db, activity),
    ...timelineCompanions(db, timelineSubjectsOf(activity), timelineEventOf(activity), {
      recordType: 'activity',
      ownerId: activity.ownerId,
      acl: activity.acl,
    }),
  ];
}

function reminderCompanions(db: Database, activity: StoredRecord): Companion[] {
  const reminder = pendingReminder(activity);
  if (!reminder) return [];
  const activityId = String(activity.activityId);
  const key = { recipientId: activity.ownerId, at: reminder.at, activityId };
  const item = {
    ...key,
    activityType: String(activity.type),
    subject: String(activity.subject),
    ...(activity.dueAt ? { dueAt: String(activity.dueAt) } : {}),
    relatedType: String(activity.relatedType),
    relatedId: String(activity.relatedId),
    email: reminder.email,
  };
  // A new owner or a new time is a new key: the id names it, so the store removes the old item.
  return [{ id: `reminder:${activity.ownerId}:${reminder.at}`, put: db.entities.reminder.put(item).params(), remove: db.entities.reminder.delete(key).params() }];
}

/** The related record, and its account when it is a contact's or a deal's: the account's timeline rolls them up. */
export function timelineSubjectsOf(activity: Record<string, unknown>): TimelineSubject[] {
  const subjects: TimelineSubject[] = [{ type: activity.relatedType as TimelineSubject['type'], id: String(activity.relatedId) }];
  if (typeof activity.accountId === 'string' && activity.accountId !== activity.relatedId) subjects.push({ type: 'account', id: activity.accountId });
  return subjects;
}

/**
 * Placed when it happened or will happen: completion, else the due time, else when it
 * was logged. Only facts that do not change with every edit, so an edit of the
 * description does not rewrite the entries.
 */
function timelineEventOf(activity: StoredRecord): TimelineEvent {
  const type = String(activity.type);
  return {
    kind: type === 'note' ? 'note' : 'activity',
    at: String(activity.completedAt ?? activity.dueAt ?? activity.createdAt),
    actorId: activity.createdBy,
    summary: String(activity.subject),
    ref: { type: 'activity', id: String(activity.activityId) },
    data: { activityType: type, status: String(activity.status), ...(activity.dueAt ? { dueAt: String(activity.dueAt) } : {}) },
  };
}
