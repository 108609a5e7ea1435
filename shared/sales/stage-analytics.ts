/**
 * Deal stage history: how long a deal sat in each stage, and the pipeline funnel with its
 * stage-to-stage conversion rates. Works on the recorded stage changes only.
 */
import * as z from 'zod';

export const StageChange = z.object({
  opportunityId: z.string().min(1),
  pipelineId: z.string().min(1),
  /** null when the deal was created in `to`. */
  from: z.string().min(1).nullable(),
  to: z.string().min(1),
  at: z.iso.datetime({ offset: true }),
  by: z.string().min(1),
});
export type StageChange = z.infer<typeof StageChange>;

export type StageKind = 'open' | 'won' | 'lost';
export interface PipelineStage {
  id: string;
  kind: StageKind;
}

export interface StageSpan {
  stage: string;
  enteredAt: string;
  /** Absent while the deal is still in the stage. */
  leftAt?: string;
  durationMs: number;
}

/** Oldest first; equal times keep their recorded order, which is the order they happened in. */
function chronological(changes: StageChange[]): StageChange[] {
  return changes
    .map((change, index) => ({ change, index, ms: Date.parse(change.at) }))
    .sort((a, b) => a.ms - b.ms || a.index - b.index)
    .map((entry) => entry.change);
}

/**
 * One span per stay in a stage, oldest first; a stage visited twice gives two spans. A
 * history that starts with a move out of some stage (a deal imported mid-way) starts at
 * that move, since when the deal entered the earlier stage is unknown.
 */
export function timeInStage(changes: StageChange[], now: Date): StageSpan[] {
  const ids = new Set(changes.map((c) => c.opportunityId));
  if (ids.size > 1) throw new RangeError(`timeInStage takes the changes of one opportunity, got ${ids.size}`);
  const spans: StageSpan[] = [];
  for (const change of chronological(changes)) {
    const current = spans.at(-1);
    // A repeated event for the stage the deal is already in is not a new stay.
    if (current && current.leftAt === undefined && current.stage === change.to) continue;
    if (current && current.leftAt === undefined) {
      current.leftAt = change.at;
      current.durationMs = Date.parse(change.at) - Date.parse(current.enteredAt);
    }
    spans.push({ stage: change.to, enteredAt: change.at, durationMs: 0 });
  }
  const open = spans.at(-1);
  if (open) open.durationMs = Math.max(0, now.getTime() - Date.parse(open.enteredAt));
  return spans;
}

export interface FunnelStep {
  stage: string;
  /** Distinct deals that were in this stage or got past it (lost stages: that ended up there). */
  reached: number;
  /** reached of the next open/won stage ÷ reached of this one; null for the last step, lost stages and empty steps. */
  conversionToNext: number | null;
  /** Open stages: share of the deals that reached the stage which were won. */
  wonRate?: number;
}

/**
 * The funnel of one pipeline, in the order of `stages`. Open and won stages form the
 * chain: a deal counts as having reached every chain stage up to the furthest one it was
 * ever in, so a deal that skipped a stage still passed it. Lost stages are off the chain
 * and report how many deals were ever in them. Changes naming stages that are not in
 * `stages` (another pipeline, a deleted stage) are ignored.
 */
export function funnel(changes: StageChange[], stages: PipelineStage[]): FunnelStep[] {
  const chain = stages.filter((s) => s.kind !== 'lost');
  const chainIndex = new Map(chain.map((s, i) => [s.id, i]));
  const kindOf = new Map(stages.map((s) => [s.id, s.kind]));
  const furthest = new Map<string, number>();
  const won = new Set<string>();
  const visitedLost = new Map<string, Set<string>>();
  for (const change of changes) {
    for (const stage of [change.from, change.to]) {
      if (stage === null) continue;
      const index = chainIndex.get(stage);
      if (index !== undefined) furthest.set(change.opportunityId, Math.max(index, furthest.get(change.opportunityId) ?? -1));
      if (kindOf.get(stage) === 'won') won.add(change.opportunityId);
      if (kindOf.get(stage) === 'lost') {
        const deals = visitedLost.get(stage) ?? new Set<string>();
        visitedLost.set(stage, deals.add(change.opportunityId));
      }
    }
  }
  const reachedAt = (index: number) => [...furthest].filter(([, f]) => f >= index).map(([id]) => id);
  return stages.map((stage) => {
    const index = chainIndex.get(stage.id);
    if (index === undefined) return { stage: stage.id, reached: visitedLost.get(stage.id)?.size ?? 0, conversionToNext: null };
    const deals = reachedAt(index);
    const next = index + 1 < chain.length ? reachedAt(index + 1).length : undefined;
    const step: FunnelStep = {
      stage: stage.id,
      reached: deals.length,
      conversionToNext: next === undefined || deals.length === 0 ? null : next / deals.length,
    };
    if (stage.kind === 'open' && deals.length > 0) step.wonRate = deals.filter((id) => won.has(id)).length / deals.length;
    return step;
  });
}

/** Why a deal cannot move to `to` in this pipeline, or undefined when it can. */
export function validateStageMove(pipeline: { stages: PipelineStage[] }, to: string): string | undefined {
  if (!pipeline.stages.some((s) => s.id === to)) return `"${to}" is not a stage of this pipeline`;
  return undefined;
}
