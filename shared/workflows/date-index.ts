/**
 * The index the daily date triggers read: each date a record holds (a birthday, a
 * first-purchase date, a close date, a task's due date, any custom date) as an item under
 * its month and day. Kept as a companion of the record (written, moved and removed in the
 * record's own transaction), so it is never out of step with the record.
 */
import { hashShard } from '../platform/paged-query';
import type { Companion, StoredRecord } from '../access/records';
import type { Database } from '../platform/database';

/** Built-in date fields per record type (custom fields holding a YYYY-MM-DD date are added). */
export const INDEXED_DATE_FIELDS: Record<string, string[]> = {
  contact: ['birthday', 'customerSince'],
  opportunity: ['closeDate'],
  activity: ['dueAt'],
  lead: [],
  account: [],
};
export const DAY_SHARDS = 4;
const DATE = /^(\d{4})-(\d{2})-(\d{2})/;

export const dayShard = (recordId: string) => hashShard(recordId, DAY_SHARDS);

export function datesOf(recordType: string, record: Record<string, unknown>): { field: string; date: string }[] {
  const found: { field: string; date: string }[] = [];
  for (const field of INDEXED_DATE_FIELDS[recordType] ?? []) {
    const value = record[field];
    if (typeof value === 'string' && DATE.test(value)) found.push({ field, date: value.slice(0, 10) });
  }
  for (const [key, value] of Object.entries((record.custom as Record<string, unknown> | undefined) ?? {})) {
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) found.push({ field: `custom.${key}`, date: value });
  }
  return found;
}

export function dateIndexCompanions(db: Database, recordType: string, idField: string, record: StoredRecord): Companion[] {
  const recordId = String(record[idField]);
  const entity = db.entities.dateIndexEntry;
  return datesOf(recordType, record).map(({ field, date }) => {
    const item = { recordType, recordId, field, date, year: date.slice(0, 4), monthDay: date.slice(5, 10), dayShard: dayShard(recordId) };
    return { id: `date:${field}`, put: entity.put(item).params(), remove: entity.delete({ recordType, recordId, field }).params() };
  });
}
