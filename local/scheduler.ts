/**
 * The local stand-in for EventBridge Scheduler: one-off schedules kept in a file under
 * the data folder (so they survive a restart), each putting its event on the local bus
 * when due; schedules that came due while the CRM was stopped fire on the next start.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { EventPublisher } from '../shared/ports/event-publisher';
import type { ScheduledEvent, Scheduler } from '../shared/ports/scheduler';

interface Stored {
  name: string;
  at: string;
  event: ScheduledEvent['event'];
}

export function createLocalScheduler(options: { file: string; publisher: EventPublisher; tickMs?: number }) {
  const schedules = new Map<string, Stored>();
  if (existsSync(options.file)) {
    for (const s of JSON.parse(readFileSync(options.file, 'utf8')) as Stored[]) schedules.set(s.name, s);
  }
  const save = () => writeFileSync(options.file, JSON.stringify([...schedules.values()]));

  let firing: Promise<void> = Promise.resolve();
  const fireDue = async () => {
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
    async stop() {
      clearInterval(timer);
      await firing;
    },
  };
}
