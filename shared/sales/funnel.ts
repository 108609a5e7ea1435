/**
 * A pipeline's funnel over a span of months: the stage changes recorded in those months
 * (one Query per month on the pipeline-month index) through the funnel computation.
 * Counts cover every deal of the pipeline: it is a report of numbers, not of records.
 */
import { ValidationError } from '../platform/errors';
import type { Database } from '../platform/database';
import { findPipeline } from './pipelines';
import { funnel, type StageChange } from './stage-analytics';

export const MAX_FUNNEL_MONTHS = 24;

export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  const [endYear, endMonth] = to.split('-').map(Number) as [number, number];
  while (year < endYear || (year === endYear && month <= endMonth)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    if (months.length > MAX_FUNNEL_MONTHS) break;
    month++;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return months;
}

export async function pipelineFunnel(db: Database, pipelineId: string, query: { from: string; to: string }) {
  const pipeline = await findPipeline(db, pipelineId);
  if (query.from > query.to) throw new ValidationError('The span is backwards', [{ name: 'to', detail: 'must not be before from' }]);
  const months = monthsBetween(query.from, query.to);
  if (months.length > MAX_FUNNEL_MONTHS) throw new ValidationError('The span is too long', [{ name: 'to', detail: `must be at most ${MAX_FUNNEL_MONTHS} months after from` }]);
  const perMonth = await Promise.all(months.map((month) => db.entities.stageChange.query.byPipelineMonth({ pipelineId: pipeline.pipelineId, month }).go({ pages: 'all' })));
  const changes: StageChange[] = perMonth.flatMap((page) => page.data.map((c) => ({ ...c, from: c.from ?? null })));
  return {
    pipelineId: pipeline.pipelineId,
    from: query.from,
    to: query.to,
    deals: new Set(changes.map((c) => c.opportunityId)).size,
    steps: funnel(changes, pipeline.stages.map((s) => ({ id: s.stageId, kind: s.kind }))),
  };
}
