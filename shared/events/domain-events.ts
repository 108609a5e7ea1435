/**
 * Domain events, derived from the table's change stream: an event exists if and only if
 * its write committed. One change can mean more than one thing (a lead's status set to
 * converted is both "Lead Updated" and "Lead Converted"). Schema: ./catalogue.ts.
 */
import type { BusEvent } from '../ports/event-publisher';
import { EVENT_SOURCE, PUBLISHED_RECORDS, SCHEMA_VERSION, type DomainEventDetail, type PublishedRecordType } from './catalogue';

export { EVENT_SOURCE, SCHEMA_VERSION };

/** Records that start the CRM's own jobs: on the bus for their rules, not part of the documented catalogue. */
const JOB_RECORDS: Record<string, { type: string; idField: string }> = {
  accessJob: { type: 'AccessJob', idField: 'jobId' },
  export: { type: 'Export', idField: 'exportId' },
  formSubmission: { type: 'FormSubmission', idField: 'submissionId' },
  importJob: { type: 'ImportJob', idField: 'importId' },
};

const INTERNAL = /^(pk|sk|gsi\d+pk|gsi\d+sk|__edb_.*|shard|sortName|emailShard|boardShard|calendarAt|acl|passwordHash|expiresAt|origin|uniqueClaims|snapshot)$/;

export interface ChangeRecord {
  eventId: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  newImage?: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
  /** when the write happened, epoch seconds */
  approximateCreationTime?: number;
}

export function toDomainEvents(change: ChangeRecord): BusEvent[] {
  const image = change.newImage ?? change.oldImage;
  const entityName = typeof image?.__edb_e__ === 'string' ? image.__edb_e__ : undefined;
  if (!image || !entityName) return [];
  const occurredAt = change.approximateCreationTime
    ? new Date(change.approximateCreationTime * 1000).toISOString()
    : String(image.updatedAt ?? new Date().toISOString());
  if (entityName === 'timelineEntry') return mergeEvents(change, image, occurredAt);
  const entity = PUBLISHED_RECORDS[entityName as PublishedRecordType] ?? JOB_RECORDS[entityName];
  if (!entity) return [];

  const verb = change.eventName === 'INSERT' ? 'Created' : change.eventName === 'MODIFY' ? 'Updated' : 'Deleted';
  const record = publicFields(image);
  const before = change.oldImage ? publicFields(change.oldImage) : undefined;
  const changes = change.eventName === 'MODIFY' ? diff(before ?? {}, record) : undefined;
  if (changes && Object.keys(changes).length === 0) return [];
  const base: DomainEventDetail = {
    schemaVersion: SCHEMA_VERSION,
    eventId: change.eventId,
    recordType: entityName as PublishedRecordType,
    recordId: String(image[entity.idField]),
    occurredAt,
    // who wrote it; a delete leaves no new image, so its actor is in the audit trail
    ...(change.eventName !== 'REMOVE' && typeof record.updatedBy === 'string' ? { actor: record.updatedBy } : {}),
    record,
    ...(changes ? { changes } : {}),
  };
  const event = (detailType: string, extra: Partial<DomainEventDetail> = {}, suffix = ''): BusEvent => ({
    source: EVENT_SOURCE,
    detailType,
    time: occurredAt,
    detail: { ...base, ...(suffix ? { eventId: `${change.eventId}:${suffix}` } : {}), ...extra },
  });
  const events = [event(`${entity.type} ${verb}`)];
  if (changes && before) events.push(...meanings(entityName, before, record).map(({ detailType, extra, suffix }) => event(detailType, extra, suffix)));
  return events;
}

/** What an update meant, besides "updated". */
function meanings(entityName: string, before: Record<string, unknown>, after: Record<string, unknown>) {
  const found: { detailType: string; extra?: Partial<DomainEventDetail>; suffix: string }[] = [];
  if (entityName === 'lead') {
    if (after.status === 'converted' && before.status !== 'converted') found.push({ detailType: 'Lead Converted', suffix: 'converted' });
    const head = (list: unknown) => (Array.isArray(list) ? (list[0] as { type?: string; at?: string } | undefined) : undefined);
    const [was, now] = [head(before.behaviour), head(after.behaviour)];
    if (now?.type && (now.at !== was?.at || now.type !== was?.type) && (!was?.at || String(now.at) >= String(was.at))) {
      found.push({ detailType: 'Lead Behaviour Recorded', extra: { behaviour: now.type }, suffix: 'behaviour' });
    }
  }
  if (entityName === 'opportunity' && (after.stage !== before.stage || after.pipelineId !== before.pipelineId) && typeof after.stage === 'string') {
    const stage = { pipelineId: after.pipelineId as string | undefined, from: (before.stage as string | undefined) ?? null, to: after.stage };
    found.push({ detailType: 'Opportunity Stage Changed', extra: { stage }, suffix: 'stage' });
  }
  if (entityName === 'activity' && after.status === 'completed' && before.status !== 'completed') {
    found.push({ detailType: 'Activity Completed', suffix: 'completed' });
  }
  return found;
}

/** A merge writes one timeline entry on the record kept, naming the duplicate: that is the merge event. */
function mergeEvents(change: ChangeRecord, entry: Record<string, unknown>, occurredAt: string): BusEvent[] {
  if (change.eventName !== 'INSERT' || entry.kind !== 'merge') return [];
  const type = entry.subjectType as PublishedRecordType;
  if (type !== 'lead' && type !== 'contact') return [];
  const detail: DomainEventDetail = {
    schemaVersion: SCHEMA_VERSION,
    eventId: change.eventId,
    recordType: type,
    recordId: String(entry.subjectId),
    occurredAt,
    actor: String(entry.actorId),
    // the kept record's new state is its own "Updated" event; workflows read the record
    record: {},
    mergedId: String(entry.refId),
  };
  return [{ source: EVENT_SOURCE, detailType: `${PUBLISHED_RECORDS[type].type} Merged`, time: occurredAt, detail }];
}

function publicFields(image: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(image).filter(([key]) => !INTERNAL.test(key)));
}

function diff(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (key === 'version' || key === 'updatedAt' || key === 'updatedBy') continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { before: before[key] ?? null, after: after[key] ?? null };
  }
  return changes;
}
