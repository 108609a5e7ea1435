import type { BusEvent } from './event-publisher';

/** A one-off event at a time (a reminder, a follow-up, a wait): EventBridge Scheduler in AWS. */
export interface ScheduledEvent {
  /** Unique per schedule; scheduling the same name again replaces it (idempotent retries). */
  name: string;
  at: Date;
  event: BusEvent;
}

export interface Scheduler {
  scheduleOnce(schedule: ScheduledEvent): Promise<void>;
  /** No error when it already fired or never existed. */
  cancel(name: string): Promise<void>;
}
