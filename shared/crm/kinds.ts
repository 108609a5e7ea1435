/** The record types on the access layer's record store (shared/access/records.ts). */
import { hashShard, rangeShard } from '../platform/paged-query';
import type { RecordKind } from '../access/records';
import { boardCompanions, boardTallies } from '../sales/board-entries';
import { scoreOnWrite } from '../sales/lead-scoring';
import { matchKeyCompanions } from '../sales/duplicate-keys';
import { loadPhoneNumbers } from '../sales/duplicates';
import { sortName } from '../platform/sort-name';
import { activityCompanions } from '../activities/companions';
import { dealFormTallies, leadFormTallies } from '../forms/tallies';

const personName = (r: Record<string, unknown>) => [r.lastName, r.firstName].filter(Boolean).join(' ');

export const accountKind: RecordKind = { type: 'account', noun: 'account', idField: 'accountId', nameOf: (r) => String(r.name) };

export const contactKind: RecordKind = {
  type: 'contact',
  noun: 'contact',
  idField: 'contactId',
  nameOf: personName,
  derive: (r) => ({ emailShard: rangeShard(String(r.email)) }),
  companions: matchKeyCompanions('contact', 'contactId'),
  loadForCompanions: loadPhoneNumbers,
};

/** Converted leads leave the open lead lists: their name-index partitions are apart (see convertedLeadShards). */
export const convertedShard = (shard: string) => `converted-${shard}`;

export const leadKind: RecordKind = {
  type: 'lead',
  noun: 'lead',
  idField: 'leadId',
  nameOf: personName,
  derive: (r): Record<string, string> => (r.status === 'converted' ? { shard: convertedShard(rangeShard(sortName(personName(r)))) } : {}),
  prepare: scoreOnWrite,
  companions: matchKeyCompanions('lead', 'leadId'),
  loadForCompanions: loadPhoneNumbers,
  tallies: leadFormTallies,
};

/** Board shards: a stage's deals spread over this many partitions, read as one merged list. */
export const BOARD_SHARDS = 4;

export const opportunityKind: RecordKind = {
  type: 'opportunity',
  noun: 'opportunity',
  idField: 'opportunityId',
  nameOf: (r) => String(r.name),
  derive: (r) => ({ boardShard: hashShard(String(r.opportunityId), BOARD_SHARDS) }),
  companions: boardCompanions,
  tallies: (deal) => [...boardTallies(deal), ...dealFormTallies(deal)],
};

export const activityKind: RecordKind = {
  type: 'activity',
  noun: 'activity',
  idField: 'activityId',
  nameOf: (r) => String(r.subject),
  derive: (r) => ({ calendarAt: String(r.dueAt ?? r.createdAt) }),
  companions: activityCompanions,
};

export const recordKinds = { account: accountKind, contact: contactKind, lead: leadKind, opportunity: opportunityKind, activity: activityKind } as const;
