/**
 * What a deal keeps in step with itself for the board: a copy under each principal that
 * may see it (its owner as `owner:<id>`, and the role and group grants), keyed by pipeline
 * stage and close date, and its share of the pipeline's stage totals.
 */
import type { Database } from '../platform/database';
import type { Tally } from '../platform/tallies';
import type { Companion, StoredRecord } from '../access/records';
import { boardScope } from './pipelines';

export const ownerPrincipal = (ownerId: string) => `owner:${ownerId}`;

export function boardCompanions(db: Database, deal: StoredRecord): Companion[] {
  const copy: Record<string, unknown> = { ...deal };
  for (const internal of ['shard', 'sortName', 'boardShard']) delete copy[internal];
  const principals = [ownerPrincipal(deal.ownerId), ...deal.acl.grants.map((g) => g.p)];
  return principals.map((principal) => {
    const key = { principal, pipelineId: String(deal.pipelineId), stage: String(deal.stage), closeDate: String(deal.closeDate), recordId: String(deal.opportunityId) };
    return { id: `board#${principal}`, put: db.entities.boardEntry.put({ ...key, record: copy }).params(), remove: db.entities.boardEntry.delete(key).params() };
  });
}

export const boardTotalName = (stage: string, currency: string) => `${stage}#${currency}`;

export const boardTallies = (deal: StoredRecord): Tally[] => [
  { scope: boardScope(String(deal.pipelineId)), name: boardTotalName(String(deal.stage), String(deal.currency)), values: { count: 1, amount: Number(deal.amount) } },
];
