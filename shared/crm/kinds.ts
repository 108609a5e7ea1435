/** The record types on the access layer's record store (shared/access/records.ts). */
import { rangeShard } from '../platform/paged-query';
import type { RecordKind } from '../access/records';

const personName = (r: Record<string, unknown>) => [r.lastName, r.firstName].filter(Boolean).join(' ');

export const accountKind: RecordKind = { type: 'account', noun: 'account', idField: 'accountId', nameOf: (r) => String(r.name) };

export const contactKind: RecordKind = {
  type: 'contact',
  noun: 'contact',
  idField: 'contactId',
  nameOf: personName,
  derive: (r) => ({ emailShard: rangeShard(String(r.email)) }),
};

export const leadKind: RecordKind = { type: 'lead', noun: 'lead', idField: 'leadId', nameOf: personName };

export const recordKinds = { account: accountKind, contact: contactKind, lead: leadKind } as const;
