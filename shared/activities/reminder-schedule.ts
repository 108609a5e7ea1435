/**
 * Keeps a reminder's email schedule (the Scheduler port: EventBridge Scheduler in AWS,
 * the local stand-in under `npm start`) in step with the activity.
 *
 * The schedule is made before the activity is written and cancelled after: a write that
 * fails leaves at worst a stray schedule, and a stray schedule is harmless because the
 * email step re-reads the activity and sends only for the reminder it still has
 * (./reminder-email.ts). The reverse order could commit a reminder that never fires.
 */
import { EVENT_SOURCE } from '../events/domain-events';
import type { Scheduler } from '../ports/scheduler';
import { emailAt, REMINDER_DUE, scheduleName } from './reminder-state';

export interface ActivityPorts {
  /** loaded on first use: most activity writes set no reminder */
  scheduler: () => Promise<Scheduler>;
}

type ActivityState = Record<string, unknown> | undefined;

export async function scheduleReminderEmail(ports: ActivityPorts, activityId: string, before: ActivityState, after: ActivityState) {
  const at = emailAt(after);
  if (!at || at === emailAt(before)) return;
  // A reopened activity whose reminder time has passed: the due list shows it, no email is late-sent.
  if (Date.parse(at) <= Date.now()) return;
  await (await ports.scheduler()).scheduleOnce({
    name: scheduleName(activityId, at),
    at: new Date(at),
    event: { source: EVENT_SOURCE, detailType: REMINDER_DUE, detail: { activityId, at } },
  });
}

export async function cancelReminderEmail(ports: ActivityPorts, activityId: string, before: ActivityState, after: ActivityState) {
  const at = emailAt(before);
  if (!at || at === emailAt(after)) return;
  try {
    await (await ports.scheduler()).cancel(scheduleName(activityId, at));
  } catch {
    // The change is committed; a schedule left behind finds no pending reminder at its time
    // and sends nothing, so failing the request here would only make the caller retry a done change.
  }
}
