/**
 * The domain events the CRM puts on its bus: schema version 1, documented in README
 * "Domain events". Every event has source "crm" and a detail of this shape; integrators
 * match on detail-type. A change is described once here and used by the stream consumer,
 * the workflow matcher, webhook subscriptions and the OpenAPI document.
 */
import * as z from 'zod';

export const EVENT_SOURCE = 'crm';
export const SCHEMA_VERSION = '1';

/** Record types whose changes are published, by the word used in their detail-types. */
export const PUBLISHED_RECORDS = {
  account: { type: 'Account', idField: 'accountId' },
  contact: { type: 'Contact', idField: 'contactId' },
  lead: { type: 'Lead', idField: 'leadId' },
  opportunity: { type: 'Opportunity', idField: 'opportunityId' },
  activity: { type: 'Activity', idField: 'activityId' },
} as const;
export type PublishedRecordType = keyof typeof PUBLISHED_RECORDS;
export const PUBLISHED_RECORD_TYPES = Object.keys(PUBLISHED_RECORDS) as PublishedRecordType[];

const lifecycle = PUBLISHED_RECORD_TYPES.flatMap((type) => {
  const word = PUBLISHED_RECORDS[type].type;
  return [`${word} Created`, `${word} Updated`, `${word} Deleted`];
});

/** Events that say what a change meant, besides the plain Created / Updated / Deleted. */
export const MEANINGFUL_EVENTS = {
  'Lead Converted': 'a lead became a contact, an account and maybe an opportunity (record: the lead, with contactId, accountId, opportunityId)',
  'Lead Behaviour Recorded': 'a lead did something that scores (behaviour: form-submitted, email-opened, email-clicked, event-attended, content-downloaded)',
  'Opportunity Stage Changed': 'a deal moved between stages (stage: { pipelineId, from, to })',
  'Activity Completed': 'a task, call or meeting was marked completed',
  'Lead Merged': 'a duplicate lead was merged into this one (mergedId: the duplicate, now deleted)',
  'Contact Merged': 'a duplicate contact was merged into this one (mergedId: the duplicate, now deleted)',
  'Date Reached': "the daily schedule found a record's date field N days away (date: { field, value, offsetDays, day })",
} as const;

/** Every detail-type a workflow or a webhook subscription may name. */
export const EVENT_TYPES = [...lifecycle, ...Object.keys(MEANINGFUL_EVENTS)] as readonly string[];
export const EventType = z.enum(EVENT_TYPES as [string, ...string[]], { error: 'is not a CRM event type (see GET /events/types)' });

export const FieldChange = z.object({ before: z.unknown(), after: z.unknown() });

export const DomainEventDetail = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    /** unique per event; a redelivered event keeps it (consumers deduplicate on it) */
    eventId: z.string(),
    recordType: z.enum(PUBLISHED_RECORD_TYPES as [PublishedRecordType, ...PublishedRecordType[]]),
    recordId: z.string(),
    occurredAt: z.string(),
    /** user id, or "workflow:<id>>…" when a workflow made the change */
    actor: z.string().optional(),
    /** the record after the change (before it, for a delete), without internal keys */
    record: z.record(z.string(), z.unknown()),
    changes: z.record(z.string(), FieldChange).optional(),
    behaviour: z.string().optional(),
    stage: z.object({ pipelineId: z.string().optional(), from: z.string().nullable(), to: z.string() }).optional(),
    mergedId: z.string().optional(),
    date: z.object({ field: z.string(), value: z.string(), offsetDays: z.number(), every: z.enum(['year', 'once']), day: z.string() }).optional(),
  })
  .meta({ id: 'DomainEventDetail', description: 'The detail of every CRM domain event (schema version 1)' });
export type DomainEventDetail = z.infer<typeof DomainEventDetail>;

export const EventTypeList = z
  .object({ schemaVersion: z.literal(SCHEMA_VERSION), types: z.array(z.object({ detailType: z.string(), description: z.string() })) })
  .meta({ id: 'EventTypeList' });

export function describeEventTypes() {
  const verbs: Record<string, string> = { Created: 'was created', Updated: 'was changed (changes: each changed field before and after)', Deleted: 'was deleted' };
  return {
    schemaVersion: SCHEMA_VERSION as typeof SCHEMA_VERSION,
    types: EVENT_TYPES.map((detailType) => {
      const meaning = MEANINGFUL_EVENTS[detailType as keyof typeof MEANINGFUL_EVENTS];
      if (meaning) return { detailType, description: meaning };
      const [word, verb] = detailType.split(' ') as [string, string];
      return { detailType, description: `a${/^[AEIOU]/.test(word) ? 'n' : ''} ${word.toLowerCase()} ${verbs[verb]}` };
    }),
  };
}
