/**
 * The record types the access layer protects, with the fields field-level security may
 * hide or make read-only. Custom fields are securable as `custom.<key>`.
 */
export const RECORD_TYPES = ['account', 'contact', 'lead', 'opportunity', 'activity'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export const SECURABLE_FIELDS: Record<RecordType, readonly string[]> = {
  account: ['domain', 'industry', 'website', 'phone'],
  contact: ['firstName', 'email', 'phone', 'title'],
  lead: ['company', 'title', 'email', 'phone', 'website', 'industry', 'country', 'annualRevenue', 'source', 'campaign', 'status', 'notes', 'qualification'],
  opportunity: ['amount', 'probability', 'closeDate', 'lostReason', 'contacts'],
  activity: ['description', 'outcome', 'attendees'],
};

export const CUSTOM_FIELD_KEY = /^custom\.[a-zA-Z][a-zA-Z0-9_]{0,63}$/;

export const isSecurableField = (type: RecordType, field: string) =>
  SECURABLE_FIELDS[type].includes(field) || CUSTOM_FIELD_KEY.test(field);
