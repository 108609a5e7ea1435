/**
 * Opportunities (deals) on pipelines. The record store gives them the usual access,
 * field security and audit; on top, each write keeps in its own transaction:
 *  - the stage change history (from, to, who, when) when the stage moves,
 *  - the board totals of the pipeline (deals and amount per stage and currency),
 *  - a board entry per principal that may see the deal, for restricted users' boards.
 */
import { ValidationError } from '../platform/errors';
import { newId, nowIso } from '../platform/ids';
import type { Database } from '../platform/database';
import type { TransactionWrite } from '../platform/transaction';
import { ConflictError } from '../platform/errors';
import { createRecord, deleteRecord, listVisible, present, readReferenced, readVisible, updateRecord, type StoredRecord } from '../access/records';
import type { Actor } from '../crm/actor';
import { accountKind, contactKind, opportunityKind } from '../crm/kinds';
import { findPipeline, findStage, type Pipeline } from './pipelines';
import { timelineWrites } from '../timeline/timeline';
import type { Opportunity, OpportunityCreate, OpportunityListQuery, OpportunityPatch } from './schemas';

async function checkReferences(db: Database, actor: Actor, input: { accountId?: string; contacts?: { contactId: string }[] }) {
  await Promise.all([
    input.accountId ? readReferenced(db, actor, accountKind, input.accountId, 'accountId') : undefined,
    ...(input.contacts ?? []).map((c, i) => readReferenced(db, actor, contactKind, c.contactId, `contacts.${i}.contactId`)),
  ]);
}

function checkLostReason(stageKind: string, lostReason: unknown) {
  if (lostReason && stageKind !== 'lost') {
    throw new ValidationError('A lost reason belongs to a lost stage', [{ name: 'lostReason', detail: 'is only for deals in a lost stage' }]);
  }
}

/** Where a deal's stage change shows: the deal, its account and its contacts, for those who may see the deal. */
export function stageTimelineWrites(
  db: Database,
  deal: StoredRecord,
  change: { from: string | null; to: string; at: string; by: string },
  pipeline: Pipeline,
  where: 'everywhere' | 'deal only' = 'everywhere',
) {
  const stageName = (id: string | null) => pipeline.stages.find((s) => s.stageId === id)?.name ?? id;
  const contacts = where === 'everywhere' ? ((deal.contacts as { contactId: string }[] | undefined) ?? []).map((c) => ({ type: 'contact' as const, id: c.contactId })) : [];
  const account = where === 'everywhere' ? [{ type: 'account' as const, id: String(deal.accountId) }] : [];
  const summary = change.from === null ? `${String(deal.name)} opened in ${stageName(change.to)}` : `${String(deal.name)} moved from ${stageName(change.from)} to ${stageName(change.to)}`;
  return timelineWrites(
    db,
    [{ type: 'opportunity', id: String(deal.opportunityId) }, ...account, ...contacts],
    { kind: 'stage-change', at: change.at, actorId: change.by, summary, ref: { type: 'opportunity', id: String(deal.opportunityId) }, data: { from: change.from, to: change.to, pipelineId: pipeline.pipelineId } },
    { recordType: 'opportunity', ownerId: deal.ownerId, acl: deal.acl },
  );
}

export function stageChangeWrite(db: Database, change: { opportunityId: string; pipelineId: string; from: string | null; to: string; by: string; at: string }): TransactionWrite {
  const item = { changeId: newId(), ...change, from: change.from ?? undefined, month: change.at.slice(0, 7) };
  return {
    item: { Put: db.entities.stageChange.create(item).params() },
    conflict: () => new ConflictError('The stage change could not be recorded; try again'),
  };
}

/** The fields a deal takes from its pipeline stage. */
export function stageFields(pipeline: Pipeline, stageId: string | undefined, probability: number | undefined) {
  const stage = stageId ? findStage(pipeline, stageId) : pipeline.stages.find((s) => s.kind === 'open')!;
  return { pipelineId: pipeline.pipelineId, stage: stage.stageId, status: stage.kind, probability: probability ?? stage.probability };
}

/**
 * The new deal's record fields and the writes that go with it. A deal made by a lead
 * conversion shows its opening on its own timeline only: the account's and contact's
 * timelines get the conversion entry, which says so already.
 */
export async function prepareOpportunity(db: Database, actor: Actor, input: OpportunityCreate, opportunityId = newId(), origin: 'created' | 'converted' = 'created') {
  const pipeline = await findPipeline(db, input.pipelineId);
  const fields = stageFields(pipeline, input.stage, input.probability);
  checkLostReason(fields.status, input.lostReason);
  const at = nowIso();
  const record = { ...input, ...fields, stageEnteredAt: at };
  const change = { from: null, to: fields.stage, by: actor.userId, at };
  const extra = (stored: StoredRecord) => [
    stageChangeWrite(db, { opportunityId, pipelineId: pipeline.pipelineId, ...change }),
    ...stageTimelineWrites(db, stored, change, pipeline, origin === 'converted' ? 'deal only' : 'everywhere'),
  ];
  return { opportunityId, record, extra };
}

export async function createOpportunity(db: Database, actor: Actor, input: OpportunityCreate) {
  await checkReferences(db, actor, input);
  const { opportunityId, record, extra } = await prepareOpportunity(db, actor, input);
  return createRecord<Opportunity>(db, actor, opportunityKind, opportunityId, record, extra);
}

export async function getOpportunity(db: Database, actor: Actor, opportunityId: string) {
  return present<Opportunity>(actor, opportunityKind, await readVisible(db, actor, opportunityKind, opportunityId));
}

export async function updateOpportunity(db: Database, actor: Actor, opportunityId: string, patch: OpportunityPatch) {
  await checkReferences(db, actor, patch);
  let pipeline: Pipeline | undefined;
  return updateRecord<Opportunity>(db, actor, opportunityKind, opportunityId, patch, {
    check: async (before, after) => {
      const moved = after.pipelineId !== before.pipelineId || after.stage !== before.stage;
      pipeline = await findPipeline(db, String(after.pipelineId));
      if (moved) {
        const fields = stageFields(pipeline, String(after.stage), patch.probability);
        Object.assign(after, fields, { stageEnteredAt: after.updatedAt });
        if (fields.status !== 'lost' && patch.lostReason === undefined) delete after.lostReason;
      }
      checkLostReason(String(after.status), after.lostReason);
    },
    extra: (before, after) => {
      if (after.stage === before.stage && after.pipelineId === before.pipelineId) return [];
      const change = { from: before.pipelineId === after.pipelineId ? String(before.stage) : null, to: String(after.stage), by: actor.userId, at: String(after.updatedAt) };
      return [stageChangeWrite(db, { opportunityId, pipelineId: String(after.pipelineId), ...change }), ...stageTimelineWrites(db, after, change, pipeline!)];
    },
  });
}

export const deleteOpportunity = (db: Database, actor: Actor, opportunityId: string) => deleteRecord(db, actor, opportunityKind, opportunityId);

export function listOpportunities(db: Database, actor: Actor, query: OpportunityListQuery) {
  const status = query.status;
  return listVisible<Opportunity>(db, actor, opportunityKind, { ...query, filter: status ? (r: StoredRecord) => r.status === status : undefined });
}

/** A deal's stage changes, oldest first, with the time spent in each stage. */
export async function stageHistory(db: Database, actor: Actor, opportunityId: string) {
  await readVisible(db, actor, opportunityKind, opportunityId);
  const changes: { from?: string; to: string; at: string; by: string }[] = [];
  let cursor: string | null = null;
  do {
    const page: { data: typeof changes; cursor: string | null } = await db.entities.stageChange.query.byOpportunity({ opportunityId }).go({ cursor, limit: 100 });
    changes.push(...page.data);
    cursor = page.cursor;
  } while (cursor);
  const now = Date.now();
  return {
    items: changes.map((change, i) => ({
      from: change.from ?? null,
      to: change.to,
      at: change.at,
      by: change.by,
      durationMs: Math.max(0, Date.parse(changes[i + 1]?.at ?? new Date(now).toISOString()) - Date.parse(change.at)),
    })),
  };
}
