/**
 * Domain events, derived from the table's change stream: an event exists if and only if
 * its write committed. Schema version 1, documented in README "Domain events".
 *   detail-type: "<Type> Created" | "<Type> Updated" | "<Type> Deleted"
 *   detail: { schemaVersion, eventId, recordType, recordId, occurredAt, actor?, record, changes? }
 */
import type { BusEvent } from '../ports/event-publisher';

export const EVENT_SOURCE = 'crm';
export const SCHEMA_VERSION = '1';

/** Record types that produce events, with their id attribute. Users and uniqueness claims do not. */
const PUBLISHED: Record<string, { type: string; idField: string }> = {
  account: { type: 'Account', idField: 'accountId' },
  contact: { type: 'Contact', idField: 'contactId' },
  lead: { type: 'Lead', idField: 'leadId' },
  accessJob: { type: 'AccessJob', idField: 'jobId' },
  export: { type: 'Export', idField: 'exportId' },
};

const INTERNAL = /^(pk|sk|gsi\d+pk|gsi\d+sk|__edb_.*|shard|sortName|emailShard|acl|passwordHash|expiresAt|origin)$/;

export interface ChangeRecord {
  eventId: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  newImage?: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
  /** when the write happened, epoch seconds */
  approximateCreationTime?: number;
}

export function toDomainEvent(change: ChangeRecord): BusEvent | undefined {
  const image = change.newImage ?? change.oldImage;
  const entity = typeof image?.__edb_e__ === 'string' ? PUBLISHED[image.__edb_e__] : undefined;
  if (!image || !entity) return undefined;
  const verb = change.eventName === 'INSERT' ? 'Created' : change.eventName === 'MODIFY' ? 'Updated' : 'Deleted';
  const record = publicFields(image);
  const changes = change.eventName === 'MODIFY' ? diff(publicFields(change.oldImage ?? {}), record) : undefined;
  if (changes && Object.keys(changes).length === 0) return undefined;
  const occurredAt = change.approximateCreationTime
    ? new Date(change.approximateCreationTime * 1000).toISOString()
    : String(record.updatedAt ?? new Date().toISOString());
  return {
    source: EVENT_SOURCE,
    detailType: `${entity.type} ${verb}`,
    time: occurredAt,
    detail: {
      schemaVersion: SCHEMA_VERSION,
      eventId: change.eventId,
      recordType: image.__edb_e__,
      recordId: String(image[entity.idField]),
      occurredAt,
      // who wrote it; a delete leaves no new image, so its actor is in the audit trail
      ...(change.eventName !== 'REMOVE' && typeof record.updatedBy === 'string' ? { actor: record.updatedBy } : {}),
      record,
      ...(changes ? { changes } : {}),
    },
  };
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
