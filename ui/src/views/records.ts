/** Record types as the API returns them (see shared/crm/schemas.ts). */
export interface RecordMeta {
  ownerId: string;
  version: number;
  createdAt: string;
  updatedAt: string;
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
  email: string;
  phone?: string;
  title?: string;
}
export type AccountWithContacts = Account & { contacts: Contact[] };
