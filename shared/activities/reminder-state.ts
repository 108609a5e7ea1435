/**
 * What a stored activity's reminder means, as pure functions: the companion item, the
 * email schedule and the firing check all read it the same way.
 */
export interface StoredReminder {
  at: string;
  email: boolean;
  dismissedAt?: string;
}

/** Any activity-shaped object: a stored record, a record about to be written. */
type WithReminder = Record<string, unknown> & { status?: unknown; reminder?: unknown };

/** The reminder still waiting to go off: set, not dismissed, on an open activity. */
export function pendingReminder(activity: WithReminder): StoredReminder | undefined {
  const reminder = activity.reminder as StoredReminder | undefined;
  return activity.status === 'open' && reminder && !reminder.dismissedAt ? reminder : undefined;
}

/** When the owner should be emailed, if the pending reminder asks for email. */
export const emailAt = (activity: WithReminder | undefined): string | undefined => {
  const reminder = activity && pendingReminder(activity);
  return reminder?.email ? reminder.at : undefined;
};

/**
 * One schedule per reminder time: setting a new time makes a new schedule instead of
 * moving the old one, so a write that fails after scheduling leaves the old schedule as
 * it was (and the new one, firing, finds its time is not the reminder's and sends nothing).
 * EventBridge Scheduler names: at most 64 of [0-9a-zA-Z-_.].
 */
export const scheduleName = (activityId: string, at: string) => `reminder-${activityId}-${at.replace(/[-:.]/g, '')}`;

/** The event the schedule puts on the bus (functions/events/rules.ts routes it to the email workflow). */
export const REMINDER_DUE = 'Reminder Due';
