/**
 * Runs of workflows: one item per run (its steps inside), under its workflow, newest
 * first. A run is created once per (workflow, event): a uniqueness claim in the same
 * transaction makes a redelivered event or a second schedule firing start nothing new.
 */
import type { Database } from '../platform/database';
import { ConflictError, NotFoundError } from '../platform/errors';
import { newId, nowIso } from '../platform/ids';
import { transact } from '../platform/transaction';
import { keyPage } from '../platform/key-page';
import { timelineWrites, type TimelineSubject } from '../timeline/timeline';
import type { Action, RunStep, Workflow, WorkflowRun } from './schemas';

const RUN_CLAIM = 'workflowRun';
const KEEP_SECONDS = 365 * 24 * 3600;

export interface StoredRun extends WorkflowRun {
  actions: Action[];
}

export interface NewRun {
  workflow: Pick<Workflow, 'workflowId' | 'name' | 'actions'>;
  chain: string[];
  recordType: string;
  recordId: string;
  trigger: { detailType: string; eventId: string };
}

/** The run for this workflow and event: made now, or the one made by an earlier delivery. */
export async function createRun(db: Database, run: NewRun): Promise<{ runId: string; created: boolean }> {
  const runId = newId();
  const claimValue = `${run.workflow.workflowId}|${run.trigger.eventId}`;
  const item = {
    workflowId: run.workflow.workflowId,
    runId,
    workflowName: run.workflow.name,
    recordType: run.recordType,
    recordId: run.recordId,
    trigger: run.trigger,
    chain: run.chain,
    actions: run.workflow.actions,
    status: 'running',
    steps: [],
    startedAt: nowIso(),
    expiresAt: Math.floor(Date.now() / 1000) + KEEP_SECONDS,
  };
  try {
    await transact(db.documentClient, [
      { item: { Put: db.entities.workflowRun.create(item).params() }, conflict: () => new ConflictError('run exists') },
      {
        item: { Put: db.entities.uniqueValue.create({ kind: RUN_CLAIM, value: claimValue, holderId: runId }).params() },
        conflict: () => new RunExists(),
      },
    ]);
    return { runId, created: true };
  } catch (error) {
    if (!(error instanceof RunExists)) throw error;
    const claim = await db.entities.uniqueValue.get({ kind: RUN_CLAIM, value: claimValue }).go();
    return { runId: claim.data!.holderId, created: false };
  }
}
class RunExists extends Error {}

export async function loadRun(db: Database, workflowId: string, runId: string): Promise<StoredRun> {
  const { data } = await db.entities.workflowRun.get({ workflowId, runId }).go();
  if (!data) throw new NotFoundError(`No run ${runId} of workflow ${workflowId}`);
  return data as unknown as StoredRun;
}

export function presentRun(run: StoredRun): WorkflowRun {
  const { actions: _actions, ...rest } = run as StoredRun & { expiresAt?: number };
  delete (rest as { expiresAt?: number }).expiresAt;
  return rest;
}

export async function listRuns(db: Database, workflowId: string, page: { limit: number; cursor?: string }) {
  const entity = db.entities.workflowRun;
  const query = { ...entity.query.byWorkflow({ workflowId }).params(), ScanIndexForward: false };
  const result = await keyPage({ client: db.documentClient, query, limit: page.limit, cursor: page.cursor });
  return { items: (entity.parse({ Items: result.items }).data as unknown as StoredRun[]).map(presentRun), cursor: result.cursor };
}

export async function saveSteps(db: Database, run: StoredRun, steps: RunStep[], status: WorkflowRun['status'] = run.status) {
  await db.entities.workflowRun.patch({ workflowId: run.workflowId, runId: run.runId }).set({ steps, status }).go({ response: 'none' });
  run.steps = steps;
  run.status = status;
}

export function withStep(run: StoredRun, index: number, change: Partial<RunStep>): RunStep[] {
  const steps = [...run.steps];
  const current = steps[index] ?? { index, type: run.actions[index]?.type ?? 'unknown', status: 'running', attempts: 0, startedAt: nowIso() };
  steps[index] = { ...current, ...change } as RunStep;
  return steps;
}

/** Ends a run, and puts it on the record's timeline in the same transaction. */
export async function finishRun(db: Database, run: StoredRun, outcome: { status: 'succeeded' | 'failed'; steps: RunStep[]; error?: string }, subjects: TimelineSubject[]) {
  const at = nowIso();
  const summary = `Workflow “${run.workflowName}” ${outcome.status}${outcome.error ? `: ${outcome.error}` : ''}`;
  await transact(db.documentClient, [
    {
      item: {
        Update: db.entities.workflowRun
          .patch({ workflowId: run.workflowId, runId: run.runId })
          .set({ status: outcome.status, steps: outcome.steps, finishedAt: at, ...(outcome.error ? { error: outcome.error.slice(0, 1000) } : {}) })
          .params(),
      },
      conflict: () => new NotFoundError(`No run ${run.runId}`),
    },
    ...timelineWrites(db, subjects, {
      kind: 'workflow',
      at,
      actorId: `workflow:${run.workflowId}`,
      summary,
      ref: { type: 'workflowRun', id: `${run.workflowId}/${run.runId}` },
      data: { workflowId: run.workflowId, runId: run.runId, status: outcome.status },
    }),
  ]);
}
