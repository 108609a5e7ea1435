/**
 * Tags on any record: each tagged record has a link under its tag (sorted by name, so
 * "filter by tag" is one Query) and counts towards its type's tag cloud (a running total
 * per tag, so the cloud is one Query too). Both are kept in the record's transaction by
 * the record store.
 */
import * as z from 'zod';
import type { Database } from '../platform/database';
import { readTallies, type Tally } from '../platform/tallies';
import { sortName as toSortName } from '../platform/sort-name';
import type { RecordType } from '../access/record-types';
import type { Companion, RecordKind, StoredRecord } from '../access/records';

export const Tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'is empty')
  .max(40)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, 'may hold letters, digits, spaces, dots, dashes and underscores')
  .meta({ description: 'A tag, stored lower-case' });

export const Tags = z
  .array(Tag)
  .max(20)
  .transform((tags) => [...new Set(tags)])
  .meta({ description: 'Tags, at most 20; duplicates are dropped' });

const tagsOf = (record: StoredRecord) => (Array.isArray(record.tags) ? (record.tags as string[]) : []);

export const tagScope = (type: RecordType) => `tags#${type}`;

export function tagCompanions(db: Database, kind: RecordKind, record: StoredRecord, copy: Record<string, unknown>): Companion[] {
  const sortName = toSortName(kind.nameOf(record));
  const recordId = String(record[kind.idField]);
  return tagsOf(record).map((tag) => {
    const key = { recordType: kind.type, tag, sortName, recordId };
    return {
      id: `tag#${tag}`,
      put: db.entities.tagLink.put({ ...key, record: copy }).params(),
      remove: db.entities.tagLink.delete(key).params(),
    };
  });
}

export const tagTallies = (kind: RecordKind, record: StoredRecord): Tally[] =>
  tagsOf(record).map((tag) => ({ scope: tagScope(kind.type), name: tag, values: { count: 1 } }));

/** Tag → number of records of the type carrying it, most used first. Counts cover every record, seen or not. */
export async function tagCloud(db: Database, type: RecordType) {
  const totals = await readTallies(db.documentClient, db.tableName, tagScope(type));
  return [...totals]
    .map(([tag, values]) => ({ tag, count: values.count ?? 0 }))
    .filter((t) => t.count > 0)
    .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}
