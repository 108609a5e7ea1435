/**
 * The workflow step a reminder's schedule ends in (functions/workflows/reminder-email.asl.json):
 * email the activity's owner if the reminder is still the one scheduled — not dismissed,
 * not moved (a snooze makes a new time and a new schedule), the activity still open.
 *
 * Sent once: a delivery item keyed by activity and reminder time is written, if absent,
 * before the email goes out, so a schedule firing twice (EventBridge Scheduler delivers
 * at least once; a retried workflow step) finds it and sends nothing. If sending fails the
 * item is removed again so the step's retry can send.
 */
import type { Database } from '../platform/database';
import { isConditionFailure } from '../platform/errors';
import { nowIso } from '../platform/ids';
import type { Mailer } from '../ports/mailer';
import { loadRecord } from '../access/records';
import { activityKind } from '../crm/kinds';
import { emailAt } from './reminder-state';

/** How long the delivery record is kept: well past any retry of the same schedule. */
const DELIVERY_KEPT_DAYS = 30;

export interface ReminderDue {
  activityId: string;
  at: string;
}

export async function sendReminderEmail(db: Database, mailer: Mailer, appUrl: string, due: ReminderDue): Promise<{ sent: boolean; reason?: string }> {
  const activity = await loadRecord(db, activityKind, due.activityId);
  if (!activity) return { sent: false, reason: 'the activity was deleted' };
  if (emailAt(activity) !== due.at) return { sent: false, reason: 'the reminder was dismissed, moved or its activity closed' };
  const { data: owner } = await db.entities.user.get({ userId: activity.ownerId }).go();
  if (!owner?.active) return { sent: false, reason: 'the activity is not assigned to an active user' };

  const delivery = db.entities.reminderDelivery;
  try {
    await delivery
      .create({ ...due, sentTo: owner.email, sentAt: nowIso(), expiresAt: Math.floor(Date.parse(due.at) / 1000) + DELIVERY_KEPT_DAYS * 86_400 })
      .go({ response: 'none' });
  } catch (error) {
    if (isConditionFailure(error)) return { sent: false, reason: 'already sent' };
    throw error;
  }
  const link = `${appUrl.replace(/\/$/, '')}/#/activities/${due.activityId}`;
  const when = activity.dueAt ? ` (due ${String(activity.dueAt).slice(0, 16).replace('T', ' ')} UTC)` : '';
  try {
    await mailer.send({
      to: owner.email,
      subject: `Reminder: ${String(activity.subject)}`,
      text: `Hello ${owner.name},\n\nA reminder for your ${String(activity.type)} "${String(activity.subject)}"${when}.\n\n${link}\n`,
    });
  } catch (error) {
    await delivery.delete(due).go({ response: 'none' });
    throw error;
  }
  return { sent: true };
}
