/**
 * Duplicate lookup for leads and contacts. Each keeps a match key item per normalised
 * email, phone (E.164) and company (leads) in its own transaction, so "who else has this
 * email, phone or company" is one Query per key — never a scan. Candidates are ranked
 * (shared/sales/duplicates.ts) and only those the caller may see are returned.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Database } from '../platform/database';
import { accessTo } from '../access/policy';
import type { Companion, StoredRecord } from '../access/records';
import type { Actor } from '../crm/actor';
import { loadPhoneNumbers, matchKeys, rankDuplicates, type MatchableRecord } from './duplicates';

/** Records read per key: a very common company name must not make a lookup unbounded. */
const PER_KEY = 50;

const matchable = (record: Record<string, unknown>): MatchableRecord => ({
  email: typeof record.email === 'string' ? record.email : undefined,
  phone: typeof record.phone === 'string' ? record.phone : undefined,
  company: typeof record.company === 'string' ? record.company : undefined,
});

const nameOf = (record: Record<string, unknown>) => [record.firstName, record.lastName].filter(Boolean).join(' ');

/** A kind's match keys as companions; the kind loads phone numbers before it writes (`prepare`). */
export function matchKeyCompanions(type: 'lead' | 'contact', idField: string) {
  return (db: Database, record: StoredRecord): Companion[] => {
    // a converted lead lives on as its contact: it is nobody's duplicate any more
    if (record.status === 'converted') return [];
    const copy = { [idField]: record[idField], firstName: record.firstName, lastName: record.lastName, email: record.email, phone: record.phone, company: record.company, ownerId: record.ownerId, acl: record.acl };
    return matchKeys(matchable(record)).map((key) => {
      const item = { matchKind: key.kind, value: key.value, recordType: type, recordId: String(record[idField]) };
      return { id: `match#${key.kind}#${key.value}`, put: db.entities.matchKey.put({ ...item, record: copy }).params(), remove: db.entities.matchKey.delete(item).params() };
    });
  };
}

export interface DuplicateQuery extends MatchableRecord {
  firstName?: string;
  lastName?: string;
  /** the record itself, left out of its own duplicates */
  excludeId?: string;
}

/** Likely duplicates the caller may see, best first. */
export async function findDuplicates(db: Database, actor: Actor, query: DuplicateQuery) {
  await loadPhoneNumbers();
  const keys = matchKeys(query);
  const found = new Map<string, { type: 'lead' | 'contact'; record: Record<string, unknown> }>();
  await Promise.all(
    keys.map(async (key) => {
      const params = db.entities.matchKey.query.byKey({ matchKind: key.kind, value: key.value }).params();
      const result = await db.documentClient.send(new QueryCommand({ ...params, Limit: PER_KEY }));
      for (const item of result.Items ?? []) {
        const type = item.recordType as 'lead' | 'contact';
        if (item.recordId === query.excludeId || accessTo(actor, type, item.record as StoredRecord) === 'none') continue;
        found.set(`${type}:${String(item.recordId)}`, { type, record: item.record as Record<string, unknown> });
      }
    }),
  );
  const candidates = [...found.values()].map(({ type, record }) => ({
    id: String(record[type === 'lead' ? 'leadId' : 'contactId']),
    type,
    name: nameOf(record),
    ...matchable(record),
  }));
  const ranked = rankDuplicates({ ...query, id: query.excludeId, name: nameOf(query as Record<string, unknown>) }, candidates);
  const byId = new Map(candidates.map((c) => [`${c.type}:${c.id}`, c]));
  return {
    items: ranked.map((d) => {
      const c = byId.get(`${d.type}:${d.id}`)!;
      return { ...d, name: c.name, email: c.email, phone: c.phone, company: c.company };
    }),
  };
}
