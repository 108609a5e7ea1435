/**
 * The daily date triggers: once a day (EventBridge Scheduler; locally the stand-in
 * scheduler) this finds the records whose date field is N days away for each
 * "date reached" workflow — a Query per trigger and day shard on the date index, no Scan —
 * and puts a "Date Reached" event on the bus for each. The event id names the day, the
 * record, the field and the offset, so a second firing the same day starts no second run.
 */
import type { Database } from '../platform/database';
import type { EventPublisher, BusEvent } from '../ports/event-publisher';
import { EVENT_SOURCE, SCHEMA_VERSION, type DomainEventDetail } from '../events/catalogue';
import { DAY_SHARDS } from './date-index';
import type { Trigger, Workflow } from './schemas';
import { workflows } from './workflows';

type DateTrigger = Extract<Trigger, { type: 'dateReached' }>;
const DAY_MS = 24 * 3600 * 1000;

export async function runDateTriggers(db: Database, publisher: EventPublisher, day = new Date().toISOString().slice(0, 10)) {
  const triggers = new Map<string, DateTrigger>();
  const dated = (await workflows.list(db)).filter((w): w is Workflow & { trigger: DateTrigger } => w.enabled && w.trigger.type === 'dateReached');
  for (const { trigger } of dated) triggers.set(JSON.stringify([trigger.recordType, trigger.field, trigger.offsetDays, trigger.every]), trigger);

  const events: BusEvent[] = [];
  for (const trigger of triggers.values()) {
    // "N days after the date" is reached today by the dates of N days ago
    const target = new Date(Date.parse(`${day}T00:00:00Z`) - trigger.offsetDays * DAY_MS).toISOString().slice(0, 10);
    for (const entry of await datesOn(db, trigger, target)) events.push(dateReached(trigger, entry, day));
  }
  for (let i = 0; i < events.length; i += 10) {
    const batch = events.slice(i, i + 10);
    const { failed } = await publisher.publish(batch);
    if (failed.length) throw new Error(`${failed.length} date event(s) could not be put on the bus; the schedule retries`);
  }
  return { day, events: events.length, workflows: dated.length };
}

async function datesOn(db: Database, trigger: DateTrigger, target: string) {
  const [year, month, dayOfMonth] = target.split('-') as [string, string, string];
  const monthDays = [`${month}-${dayOfMonth}`];
  // someone born on 29 February has a birthday on the 28th in other years
  const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (trigger.every === 'year' && month === '02' && dayOfMonth === '28' && !leap(Number(year))) monthDays.push('02-29');
  const found: { recordId: string; date: string }[] = [];
  for (const monthDay of monthDays) {
    for (let shard = 0; shard < DAY_SHARDS; shard++) {
      const query = db.entities.dateIndexEntry.query.byDay({ recordType: trigger.recordType, field: trigger.field, monthDay, dayShard: String(shard) });
      const { data } = await (trigger.every === 'once' ? query.begins({ year }) : query).go({ pages: 'all' });
      // a yearly date's anniversaries start the year after it (no birthday email on the day of birth)
      const due = data.filter((e) => (trigger.every === 'year' ? e.year < year : e.date === target));
      found.push(...due.map((e) => ({ recordId: e.recordId, date: e.date })));
    }
  }
  return found;
}

function dateReached(trigger: DateTrigger, entry: { recordId: string; date: string }, day: string): BusEvent {
  const detail: DomainEventDetail = {
    schemaVersion: SCHEMA_VERSION,
    eventId: `date:${day}:${trigger.recordType}:${entry.recordId}:${trigger.field}:${trigger.offsetDays}:${trigger.every}`,
    recordType: trigger.recordType,
    recordId: entry.recordId,
    occurredAt: new Date().toISOString(),
    record: {},
    date: { field: trigger.field, value: entry.date, offsetDays: trigger.offsetDays, every: trigger.every, day },
  };
  return { source: EVENT_SOURCE, detailType: 'Date Reached', detail, time: detail.occurredAt };
}
