/**
 * Merging two leads or two contacts: the kept record takes the duplicate's values where
 * it has none (or where the caller picks the duplicate's), the union of their tags and
 * custom values; the duplicate's activities (and so their timeline entries) move to the
 * kept record; the duplicate is deleted. Both changes and the audit entries commit in one
 * transaction; activities move first, in small transactions of their own, so a merge of
 * a record with many activities stays within DynamoDB's transaction limit (a merge that
 * fails after that leaves the activities on the kept record, which is where they go).
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConflictError, ValidationError } from '../platform/errors';
import { nowIso } from '../platform/ids';
import { transact } from '../platform/transaction';
import type { Database } from '../platform/database';
import { changeWrites, present, readVisible, staleVersion, type RecordKind, type StoredRecord } from '../access/records';
import type { Actor } from '../crm/actor';
import { activityKind, contactKind, leadKind } from '../crm/kinds';
import { releaseEmail } from '../crm/contacts';
import type { MergeRequest } from './merge-schemas';
import { timelineWrites } from '../timeline/timeline';

const MERGEABLE: Record<'lead' | 'contact', string[]> = {
  lead: ['firstName', 'company', 'title', 'email', 'phone', 'website', 'industry', 'country', 'annualRevenue', 'currency', 'source', 'campaign', 'notes', 'qualification'],
  contact: ['firstName', 'phone', 'title', 'birthday', 'customerSince'],
};
const ACTIVITY_BATCH = 8;

export async function mergeRecords(db: Database, actor: Actor, type: 'lead' | 'contact', keepId: string, request: MergeRequest) {
  const kind = type === 'lead' ? leadKind : contactKind;
  if (keepId === request.duplicateId) throw new ValidationError('A record cannot be merged with itself', [{ name: 'duplicateId', detail: 'is the record you keep' }]);
  const [kept, duplicate] = await Promise.all([readVisible(db, actor, kind, keepId, 'edit'), readVisible(db, actor, kind, request.duplicateId, 'edit')]);
  if (kept.version !== request.version) throw staleVersion(kept.version);
  if (duplicate.version !== request.duplicateVersion) throw new ConflictError(`The duplicate is at version ${duplicate.version}; reload it`, [{ name: 'duplicateVersion', detail: 'is stale' }]);
  for (const [record, field] of [[kept, 'version'], [duplicate, 'duplicateId']] as const) {
    if (record.status === 'converted') throw new ValidationError('A converted lead cannot be merged', [{ name: field, detail: 'is a converted lead' }]);
  }
  const unknown = (request.take ?? []).filter((f) => !MERGEABLE[type].includes(f));
  if (unknown.length) throw new ValidationError('Some fields cannot be taken from the duplicate', unknown.map((f) => ({ name: `take`, detail: `${f} is not a field a merge can take` })));

  const moved = await moveActivities(db, actor, duplicate, kind, keepId);
  const at = nowIso();
  const after: StoredRecord = { ...kept, version: kept.version + 1, updatedAt: at, updatedBy: actor.userId };
  for (const field of MERGEABLE[type]) {
    const take = request.take?.includes(field) || after[field] === undefined || after[field] === '';
    if (take && duplicate[field] !== undefined) after[field] = duplicate[field];
  }
  const tags = [...new Set([...((kept.tags as string[]) ?? []), ...((duplicate.tags as string[]) ?? [])])];
  if (tags.length) after.tags = tags.slice(0, 20);
  if (kept.custom || duplicate.custom) after.custom = { ...((duplicate.custom as object) ?? {}), ...((kept.custom as object) ?? {}) };
  if (duplicate.uniqueClaims || kept.uniqueClaims) after.uniqueClaims = kept.uniqueClaims; // the duplicate's unique values go with it
  if (type === 'lead') {
    after.behaviour = [...((kept.behaviour as { at: string }[]) ?? []), ...((duplicate.behaviour as { at: string }[]) ?? [])].sort((a, b) => b.at.localeCompare(a.at)).slice(0, 200);
    if (String(duplicate.lastActivityAt ?? '') > String(after.lastActivityAt ?? '')) after.lastActivityAt = duplicate.lastActivityAt;
  }
  if (type === 'contact' && after.email !== kept.email) after.email = kept.email; // the email is the contact's identity
  await kind.prepare?.(db, after, kept);

  // the duplicate's email goes with it, free for others
  const extra = type === 'contact' ? [releaseEmail(db, String(duplicate.email), String(duplicate.contactId))] : [];
  const summary = `Merged ${kind.nameOf(duplicate)} (${request.duplicateId}) into this ${kind.noun}`;
  await transact(db.documentClient, [
    ...(await changeWrites(db, kind, actor, { before: kept, after, action: 'merge' })),
    ...(await changeWrites(db, kind, actor, { before: duplicate, action: 'merge', extra })),
    ...timelineWrites(db, [{ type, id: keepId }], { kind: 'merge', at, actorId: actor.userId, summary, ref: { type, id: request.duplicateId } }),
  ]);
  return { kept: present(actor, kind, after), movedActivities: moved, summary };
}

/** Re-points the duplicate's activities at the kept record, a few per transaction. */
async function moveActivities(db: Database, actor: Actor, duplicate: StoredRecord, kind: RecordKind, keepId: string) {
  const duplicateId = String(duplicate[kind.idField]);
  const activities: StoredRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const params = (db.entities.activity as unknown as { query: { byRelated(k: object): { params(): object } } }).query.byRelated({ relatedId: duplicateId }).params();
    const page = await db.documentClient.send(new QueryCommand({ ...(params as QueryCommandInput), ExclusiveStartKey: start }));
    activities.push(...(db.entities.activity.parse({ Items: page.Items ?? [] }).data as unknown as StoredRecord[]));
    start = page.LastEvaluatedKey;
  } while (start);
  for (let i = 0; i < activities.length; i += ACTIVITY_BATCH) {
    const batches = await Promise.all(
      activities.slice(i, i + ACTIVITY_BATCH).map((before) =>
        changeWrites(db, activityKind, actor, {
          before,
          after: { ...before, relatedId: keepId, version: before.version + 1, updatedAt: nowIso(), updatedBy: actor.userId },
          action: 'update',
        }),
      ),
    );
    const writes = batches.flat();
    await transact(db.documentClient, writes);
  }
  return activities.length;
}
