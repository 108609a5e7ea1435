/** Record types as the API returns them (see shared/crm/schemas.ts). */
export interface RecordMeta {
  ownerId: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy?: string;
  updatedBy?: string;
  custom?: Record<string, unknown>;
}
export interface Account extends RecordMeta {
  accountId: string;
  name: string;
  domain?: string;
  industry?: string;
  website?: string;
  phone?: string;
}
export interface Contact extends RecordMeta {
  contactId: string;
  accountId: string;
  firstName?: string;
  lastName: string;
  /** absent when field security hides it */
  email?: string;
  phone?: string;
  title?: string;
}
export type AccountWithContacts = Account & { contacts: Contact[] };

export const LEAD_STATUSES = ['new', 'working', 'nurturing', 'qualified', 'unqualified', 'converted', 'junk'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export interface Lead extends RecordMeta {
  leadId: string;
  firstName?: string;
  lastName: string;
  company?: string;
  email?: string;
  phone?: string;
  source?: string;
  /** absent when field security hides it */
  status?: LeadStatus;
  notes?: string;
}
