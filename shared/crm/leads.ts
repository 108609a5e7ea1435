import { ConflictError, ValidationError } from '../platform/errors';
import { newId, nowIso } from '../platform/ids';
import { RANGE_SHARD_STARTS } from '../platform/paged-query';
import type { Database } from '../platform/database';
import { createRecord, deleteRecord, listVisible, present, readVisible, updateRecord, type ExtraWrite, type StoredRecord } from '../access/records';
import { seesAll } from '../access/policy';
import type { Actor } from './actor';
import { convertedShard, leadKind } from './kinds';
import type { Lead, LeadCreate, LeadListQuery, LeadPatch } from './schemas';
import { BEHAVIOUR_KEPT, currentScore, scoringSettings } from '../sales/lead-scoring';
import type { BehaviourEvent } from '../sales/scoring';

export { leadKind };

/** A lead as the caller sees it, with its score as of now (decay, current rules). */
async function presentLead(db: Database, actor: Actor, record: StoredRecord) {
  return present<Lead>(actor, leadKind, { ...record, ...currentScore(record, await scoringSettings(db)) });
}

/** `extra` writes commit in the lead's own transaction (an import's row outcome, say). */
export async function createLead(db: Database, actor: Actor, input: LeadCreate, extra: (leadId: string) => ExtraWrite[] = () => []) {
  const leadId = newId();
  return createRecord<Lead>(db, actor, leadKind, leadId, input, extra(leadId));
}

export const getLead = async (db: Database, actor: Actor, leadId: string) => presentLead(db, actor, await readVisible(db, actor, leadKind, leadId));

export const rescoredLead = (db: Database, actor: Actor, record: StoredRecord) => presentLead(db, actor, record);

export async function updateLead(db: Database, actor: Actor, leadId: string, patch: LeadPatch) {
  return updateRecord<Lead>(db, actor, leadKind, leadId, patch, {
    check: async (before) => {
      if (before.status === 'converted' && patch.status) {
        throw new ValidationError('A converted lead keeps its status', [{ name: 'status', detail: 'cannot change on a converted lead' }]);
      }
    },
  });
}

export const deleteLead = (db: Database, actor: Actor, leadId: string) => deleteRecord(db, actor, leadKind, leadId);

/**
 * Open leads by default (every status but converted); `status=converted` lists the
 * converted ones, kept for reporting. Rating is filtered on the score as of now.
 */
export async function listLeads(db: Database, actor: Actor, query: LeadListQuery) {
  const settings = await scoringSettings(db);
  const now = new Date();
  const { status, rating, source } = query;
  const converted = status === 'converted';
  const sourceKey = source?.toLowerCase();
  const filter = (record: StoredRecord) =>
    (converted ? record.status === 'converted' : record.status !== 'converted') &&
    (!status || record.status === status) &&
    (!sourceKey || String(record.source ?? '').toLowerCase() === sourceKey) &&
    (!rating || currentScore(record, settings, now).rating === rating);
  // The type-wide open list is the open partitions as they are; other sources hold converted leads too.
  const plain = !status && !rating && !source && !query.tag && !query.ownerId && seesAll(actor, 'lead');
  const page = await listVisible<StoredRecord>(db, actor, leadKind, {
    ...query,
    filter: plain ? undefined : filter,
    shards: converted ? RANGE_SHARD_STARTS.map((_, i) => convertedShard(String(i))) : undefined,
  });
  return { ...page, items: page.items.map((lead) => ({ ...lead, ...currentScore(lead, settings, now) }) as unknown as Lead) };
}

/**
 * A behaviour event (form submitted, email opened…) counts towards the lead's score.
 * Retried on a concurrent edit, so an event is never lost to a race with a person.
 */
export async function recordBehaviour(db: Database, actor: Actor, leadId: string, event: { type: BehaviourEvent['type']; at?: string }) {
  for (let attempt = 0; ; attempt++) {
    const lead = await readVisible(db, actor, leadKind, leadId, 'edit');
    const at = event.at ?? nowIso();
    const behaviour = [{ type: event.type, at }, ...((lead.behaviour as BehaviourEvent[] | undefined) ?? [])].slice(0, BEHAVIOUR_KEPT);
    const lastActivityAt = !lead.lastActivityAt || at > String(lead.lastActivityAt) ? at : String(lead.lastActivityAt);
    try {
      return await updateRecord<Lead>(db, actor, leadKind, leadId, { version: lead.version, behaviour, lastActivityAt } as never);
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= 3) throw error;
    }
  }
}
