/**
 * The local stand-in for EventBridge Scheduler: one-off schedules kept in a file under
 * the data folder (so they survive a restart), each putting its event on the local bus
 * when due; schedules that came due while the CRM was stopped fire on the next start.
 * Recurring schedules (functions/events/schedules.ts) fire at their UTC time each day,
 * or on the first tick after it when the CRM was not running then.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { EventPublisher } from '../shared/ports/event-publisher';
import type { ScheduledEvent, Scheduler } from '../shared/ports/scheduler';
import type { RecurringSchedule } from '../functions/events/schedules';

interface Stored {
  name: string;
  at: string;
  event: ScheduledEvent['event'];
}

interface SavedState {
  oneOff: Stored[];
  /** recurring schedule → the UTC day it last fired */
  lastFired: Record<string, string>;
}

export function createLocalScheduler(options: { file: string; publisher: EventPublisher; tickMs?: number; recurring?: RecurringSchedule[] }) {
  const schedules = new Map<string, Stored>();
  let lastFired: Record<string, string> = {};
  if (existsSync(options.file)) {
    const saved = JSON.parse(readFileSync(options.file, 'utf8')) as SavedState | Stored[];
    // the first format was the list of one-off schedules alone
    const state: SavedState = Array.isArray(saved) ? { oneOff: saved, lastFired: {} } : saved;
    for (const s of state.oneOff) schedules.set(s.name, s);
    lastFired = state.lastFired;
  }
  const save = () => writeFileSync(options.file, JSON.stringify({ oneOff: [...schedules.values()], lastFired } satisfies SavedState));

  let firing: Promise<void> = Promise.resolve();
  // off until the runtime has made its data (the demo's birthdays must exist when the day's triggers run)
  let recurringOn = false;
  const fireRecurring = async (now: Date) => {
    if (!recurringOn) return;
    const today = now.toISOString().slice(0, 10);
    for (const schedule of options.recurring ?? []) {
      const { hour, minute } = schedule.dailyAtUtc;
      if (lastFired[schedule.name] === today || now.getUTCHours() * 60 + now.getUTCMinutes() < hour * 60 + minute) continue;
      const { failed } = await options.publisher.publish([{ ...schedule.event, detail: { day: today } }]);
      if (failed.length === 0) lastFired[schedule.name] = today;
    }
  };
  const fireDue = async () => {
    await fireRecurring(new Date());
    const now = Date.now();
    for (const schedule of [...schedules.values()]) {
      if (Date.parse(schedule.at) > now) continue;
      // Like ActionAfterCompletion DELETE: gone once delivered; kept to retry if the bus fails.
      const { failed } = await options.publisher.publish([schedule.event]);
      if (failed.length === 0) schedules.delete(schedule.name);
    }
    save();
  };
  const timer = setInterval(() => {
    firing = firing.then(fireDue).catch((error: Error) => console.error('scheduler:', error.message));
  }, options.tickMs ?? 1000);
  timer.unref();

  const scheduler: Scheduler = {
    async scheduleOnce({ name, at, event }) {
      schedules.set(name, { name, at: at.toISOString(), event });
      save();
    },
    async cancel(name) {
      schedules.delete(name);
      save();
    },
  };
  return {
    scheduler,
    pending: () => [...schedules.values()],
    startRecurring() {
      recurringOn = true;
    },
    async stop() {
      clearInterval(timer);
      await firing;
    },
  };
}
