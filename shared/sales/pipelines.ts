/**
 * Pipelines: each with its own ordered stages, default probabilities and won / lost
 * stages. One settings document; a stage or pipeline that still holds deals cannot be
 * removed (move the deals first).
 */
import * as z from 'zod';
import { ValidationError } from '../platform/errors';
import type { Database } from '../platform/database';
import { readTallies } from '../platform/tallies';
import { Slug } from '../access/settings';
import { cachedDocument, type SettingsDocumentSpec } from './settings-documents';

export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

export const Stage = z.strictObject({
  stageId: Slug,
  name: z.string().trim().min(1).max(100),
  probability: z.number().int().min(0).max(100),
  kind: z.enum(STAGE_KINDS),
});
export type Stage = z.infer<typeof Stage>;

export const Pipeline = z
  .strictObject({
    pipelineId: Slug,
    name: z.string().trim().min(1).max(100),
    stages: z.array(Stage).min(2).max(30),
  })
  .superRefine((pipeline, ctx) => {
    const seen = new Set<string>();
    pipeline.stages.forEach((stage, i) => {
      if (seen.has(stage.stageId)) ctx.addIssue({ code: 'custom', path: ['stages', i, 'stageId'], message: 'is used twice' });
      seen.add(stage.stageId);
    });
    for (const kind of STAGE_KINDS) {
      if (!pipeline.stages.some((s) => s.kind === kind)) ctx.addIssue({ code: 'custom', path: ['stages'], message: `needs at least one ${kind} stage` });
    }
  });
export type Pipeline = z.infer<typeof Pipeline>;

const pipelineSettingsShape = {
  pipelines: z.array(Pipeline).min(1).max(20),
  defaultPipelineId: Slug,
};
const checkPipelines = (settings: { pipelines: Pipeline[]; defaultPipelineId: string }, ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  settings.pipelines.forEach((pipeline, i) => {
    if (seen.has(pipeline.pipelineId)) ctx.addIssue({ code: 'custom', path: ['pipelines', i, 'pipelineId'], message: 'is used twice' });
    seen.add(pipeline.pipelineId);
  });
  if (!seen.has(settings.defaultPipelineId)) ctx.addIssue({ code: 'custom', path: ['defaultPipelineId'], message: 'is not one of the pipelines' });
};

export const PipelineSettings = z.strictObject(pipelineSettingsShape).superRefine(checkPipelines).meta({ id: 'PipelineSettings' });
export type PipelineSettings = z.infer<typeof PipelineSettings>;
const stage = (stageId: string, name: string, probability: number, kind: StageKind = 'open'): Stage => ({ stageId, name, probability, kind });

export const defaultPipelines = (): PipelineSettings => ({
  defaultPipelineId: 'new-business',
  pipelines: [
    {
      pipelineId: 'new-business',
      name: 'New business',
      stages: [
        stage('prospecting', 'Prospecting', 10),
        stage('qualification', 'Qualification', 20),
        stage('proposal', 'Proposal', 50),
        stage('negotiation', 'Negotiation', 75),
        stage('won', 'Closed won', 100, 'won'),
        stage('lost', 'Closed lost', 0, 'lost'),
      ],
    },
    {
      pipelineId: 'renewals',
      name: 'Renewals',
      stages: [
        stage('upcoming', 'Upcoming', 60),
        stage('in-negotiation', 'In negotiation', 80),
        stage('renewed', 'Renewed', 100, 'won'),
        stage('churned', 'Churned', 0, 'lost'),
      ],
    },
    {
      pipelineId: 'services',
      name: 'Services',
      stages: [
        stage('scoping', 'Scoping', 20),
        stage('proposal', 'Proposal sent', 50),
        stage('contracted', 'Contracted', 100, 'won'),
        stage('lost', 'Lost', 0, 'lost'),
      ],
    },
  ],
});

/** The board totals' scope of a pipeline (shared/platform/tallies.ts). */
export const boardScope = (pipelineId: string) => `board#${pipelineId}`;

export const pipelinesDocument: SettingsDocumentSpec<PipelineSettings> = {
  key: 'pipelines',
  defaults: defaultPipelines,
  async beforeSave(db, current, next) {
    const problems: { name: string; detail: string }[] = [];
    for (const pipeline of current.pipelines) {
      const kept = next.pipelines.findIndex((p) => p.pipelineId === pipeline.pipelineId);
      const totals = await readTallies(db.documentClient, db.tableName, boardScope(pipeline.pipelineId));
      const holding = new Map<string, number>();
      for (const [name, values] of totals) {
        const stageId = name.split('#')[0]!;
        holding.set(stageId, (holding.get(stageId) ?? 0) + (values.count ?? 0));
      }
      for (const [stageId, count] of holding) {
        if (count <= 0) continue;
        if (kept < 0) problems.push({ name: `pipelines`, detail: `${pipeline.name} still holds ${count} deal(s); move them first` });
        else if (!next.pipelines[kept]!.stages.some((s) => s.stageId === stageId)) {
          problems.push({ name: `pipelines.${kept}.stages`, detail: `stage ${stageId} still holds ${count} deal(s); move them first` });
        }
      }
    }
    if (problems.length) throw new ValidationError('Some stages you removed still hold deals', problems);
  },
};

export async function pipelineSettings(db: Database) {
  return (await cachedDocument(db, pipelinesDocument)).body;
}

export async function findPipeline(db: Database, pipelineId: string | undefined, field = 'pipelineId') {
  const settings = await pipelineSettings(db);
  const pipeline = settings.pipelines.find((p) => p.pipelineId === (pipelineId ?? settings.defaultPipelineId));
  if (!pipeline) throw new ValidationError('No such pipeline', [{ name: field, detail: `is not a pipeline (${pipelineId})` }]);
  return pipeline;
}

export function findStage(pipeline: Pipeline, stageId: string, field = 'stage') {
  const found = pipeline.stages.find((s) => s.stageId === stageId);
  if (!found) {
    throw new ValidationError(`No stage ${stageId} in ${pipeline.name}`, [
      { name: field, detail: `is not a stage of ${pipeline.name} (one of ${pipeline.stages.map((s) => s.stageId).join(', ')})` },
    ]);
  }
  return found;
}
