/**
 * Reminders on tasks and meetings. A reminder lives on its activity (`reminder: { at,
 * email, dismissedAt? }`); while it is pending, a companion item under the owner keeps
 * "my due reminders" one Query, which the UI polls to pop reminders up.
 */
import { ConflictError, NotFoundError } from '../platform/errors';
import { nowIso } from '../platform/ids';
import { keyPage } from '../platform/key-page';
import type { Database } from '../platform/database';
import { present, readVisible } from '../access/records';
import type { Actor } from '../crm/actor';
import { activityKind } from '../crm/kinds';
import { writeActivity, type ActivityPorts } from './activities';
import type { StoredReminder } from './reminder-state';
import type { Activity, DueReminder } from './schemas';

/** Moves the reminder to `minutes` from now (and undoes a dismissal); a new email schedule replaces the old. */
export async function snoozeReminder(db: Database, actor: Actor, ports: ActivityPorts, activityId: string, minutes: number): Promise<Activity> {
  const { activity, reminder } = await reminderOf(db, actor, activityId);
  if (activity.status !== 'open') {
    throw new ConflictError(`The ${String(activity.type)} is ${String(activity.status)}; reopen it to snooze its reminder`, [
      { name: 'status', detail: `is ${String(activity.status)}` },
    ]);
  }
  const at = new Date(Date.now() + minutes * 60_000).toISOString();
  return writeActivity(db, actor, ports, activityId, { version: activity.version, reminder: { at, email: reminder.email } });
}

/** Stops the reminder: off the due list, its email cancelled. Dismissing twice changes nothing. */
export async function dismissReminder(db: Database, actor: Actor, ports: ActivityPorts, activityId: string): Promise<Activity> {
  const { activity, reminder } = await reminderOf(db, actor, activityId);
  if (reminder.dismissedAt) return present<Activity>(actor, activityKind, activity);
  return writeActivity(db, actor, ports, activityId, { version: activity.version, reminder: { ...reminder, dismissedAt: nowIso() } });
}

/** The caller's reminders whose time has come and that are still pending, oldest first. */
export async function dueReminders(db: Database, actor: Actor, page: { limit: number; cursor?: string }) {
  const entity = db.entities.reminder;
  const query = entity.query.byRecipient({ recipientId: actor.userId }).lte({ at: nowIso() }).params();
  const result = await keyPage({ client: db.documentClient, query, limit: page.limit, cursor: page.cursor });
  const items = entity.parse({ Items: result.items }).data.map(
    (item): DueReminder => ({
      activityId: item.activityId,
      activityType: item.activityType as DueReminder['activityType'],
      subject: item.subject,
      at: item.at,
      email: item.email,
      ...(item.dueAt ? { dueAt: item.dueAt } : {}),
      relatedType: item.relatedType as DueReminder['relatedType'],
      relatedId: item.relatedId,
    }),
  );
  return { items, cursor: result.cursor };
}

async function reminderOf(db: Database, actor: Actor, activityId: string) {
  const activity = await readVisible(db, actor, activityKind, activityId, 'edit');
  const reminder = activity.reminder as StoredReminder | undefined;
  if (!reminder) throw new NotFoundError(`The activity ${activityId} has no reminder`, [{ name: 'reminder', detail: 'is not set' }]);
  return { activity, reminder };
}
