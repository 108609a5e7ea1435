/**
 * Which fields a workflow may name, per record type: the fields of the record's API
 * schema, the custom fields an admin defined, and — for "update a field" — the fields its
 * patch schema accepts. Taken from the zod schemas, so a new field is usable at once.
 */
import type * as z from 'zod';
import { Account, AccountPatch, Contact, ContactPatch, Lead, LeadPatch } from '../crm/schemas';
import { Opportunity, OpportunityPatch } from '../sales/schemas';
import { Activity, ActivityPatch } from '../activities/schemas';
import { customDefinitions } from '../sales/custom-values';
import type { Database } from '../platform/database';
import type { WorkflowRecordType } from './schemas';
import { INDEXED_DATE_FIELDS } from './date-index';

const READABLE: Record<WorkflowRecordType, z.ZodObject> = { account: Account, contact: Contact, lead: Lead, opportunity: Opportunity, activity: Activity };
const WRITABLE: Record<WorkflowRecordType, z.ZodObject> = {
  account: AccountPatch,
  contact: ContactPatch,
  lead: LeadPatch,
  opportunity: OpportunityPatch,
  activity: ActivityPatch,
};
/** Fields a workflow must not set: identity, access and links it has actions of its own for. */
const NOT_SETTABLE = new Set(['version', 'custom', 'tags', 'ownerId', 'accountId', 'relatedId', 'relatedType', 'contacts', 'qualification', 'attendees', 'reminder']);


export interface FieldCatalogue {
  readable: Set<string>;
  /** field → validator of one value */
  settable: Map<string, z.ZodType>;
  dates: Set<string>;
}

export async function fieldCatalogue(db: Database, type: WorkflowRecordType): Promise<FieldCatalogue> {
  const custom = type === 'activity' ? [] : await customDefinitions(db, type);
  const readable = new Set([...Object.keys(READABLE[type].shape).filter((k) => k !== 'custom'), ...custom.map((d) => `custom.${d.key}`)]);
  const settable = new Map<string, z.ZodType>();
  for (const [key, schema] of Object.entries(WRITABLE[type].shape)) if (!NOT_SETTABLE.has(key)) settable.set(key, schema as z.ZodType);
  for (const def of custom) settable.set(`custom.${def.key}`, WRITABLE[type].shape.custom as z.ZodType);
  const dates = new Set([...INDEXED_DATE_FIELDS[type]!, ...custom.filter((d) => d.type === 'date').map((d) => `custom.${d.key}`)]);
  return { readable, settable, dates };
}

/** A field's value on a record image: `custom.key` reads the custom values. */
export function fieldValue(record: Record<string, unknown>, path: string): unknown {
  if (path.startsWith('custom.')) return (record.custom as Record<string, unknown> | undefined)?.[path.slice(7)];
  return record[path];
}
