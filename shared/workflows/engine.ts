/**
 * The steps of the workflow-run state machine (functions/workflows/workflow-run.asl.json).
 * The state machine holds only { runId, workflowId, step }; the run item holds the
 * actions (as they were when the run started) and each step's outcome:
 *
 *   Plan ─ act ─▶ Act (retried with backoff) ─▶ Plan …
 *        ─ wait ─▶ Wait (until waitUntil) ─▶ WaitOver ─▶ Plan …
 *        ─ done ─▶ succeeded
 *   Act fails for good ─▶ RecordFailure ─▶ failed
 */
import type { Database } from '../platform/database';
import { nowIso } from '../platform/ids';
import type { TimelineSubject } from '../timeline/timeline';
import { ActionRejected, automationActor, performAction, type ActionPorts } from './actions';
import { fieldValue } from './fields';
import { loadWorkflowRecord } from './record-writes';
import { finishRun, loadRun, saveSteps, withStep, type StoredRun } from './runs';
import type { WorkflowRecordType } from './schemas';
import { waitMs } from './validation';

export interface StepInput {
  runId: string;
  workflowId: string;
  step: number;
}
export type PlannedStep = StepInput & ({ next: 'act' } | { next: 'wait'; waitUntil: string } | { next: 'done' });

const YEAR_MS = 365 * 24 * 3600 * 1000;

export async function planStep(db: Database, input: StepInput): Promise<PlannedStep> {
  const run = await loadRun(db, input.workflowId, input.runId);
  if (run.status === 'succeeded' || run.status === 'failed') return { ...input, next: 'done' };
  const action = run.actions[input.step];
  if (!action) {
    await finishRun(db, run, { status: 'succeeded', steps: run.steps }, await subjectsOf(db, run));
    return { ...input, next: 'done' };
  }
  if (action.type !== 'wait') return { ...input, next: 'act' };
  const until = await waitUntil(db, run, action);
  await saveSteps(db, run, withStep(run, input.step, { status: 'waiting', input: action, output: { until } }), 'waiting');
  return { ...input, next: 'wait', waitUntil: until };
}

async function waitUntil(db: Database, run: StoredRun, action: Extract<StoredRun['actions'][number], { type: 'wait' }>): Promise<string> {
  const length = waitMs(action);
  let until: number;
  if (length !== undefined) until = Date.now() + length;
  else if (/^\d{4}-/.test(action.until!)) until = Date.parse(action.until!);
  else {
    const record = await loadWorkflowRecord(db, run.recordType as WorkflowRecordType, run.recordId);
    until = Date.parse(String(fieldValue(record ?? {}, action.until!) ?? ''));
    if (Number.isNaN(until)) until = Date.now(); // no date on the record: nothing to wait for
  }
  // Standard executions last at most a year.
  return new Date(Math.min(Math.max(until, Date.now()), Date.now() + YEAR_MS - 24 * 3600 * 1000)).toISOString();
}

export async function completeWait(db: Database, input: StepInput): Promise<StepInput> {
  const run = await loadRun(db, input.workflowId, input.runId);
  await saveSteps(db, run, withStep(run, input.step, { status: 'succeeded', finishedAt: nowIso() }), 'running');
  return { ...input, step: input.step + 1 };
}

export async function actStep(db: Database, ports: ActionPorts, input: StepInput): Promise<StepInput> {
  const run = await loadRun(db, input.workflowId, input.runId);
  const done = { ...input, step: input.step + 1 };
  const previous = run.steps[input.step];
  if (previous?.status === 'succeeded') return done;
  const action = run.actions[input.step]!;
  const attempts = (previous?.attempts ?? 0) + 1;
  await saveSteps(db, run, withStep(run, input.step, { status: 'running', input: action, attempts, error: undefined }));
  try {
    const output = await performAction({ db, run, step: input.step, actor: await automationActor(db, run.chain, run.runId), ports }, action);
    await saveSteps(db, run, withStep(run, input.step, { status: 'succeeded', output, finishedAt: nowIso() }));
    return done;
  } catch (error) {
    // kept on the step for the history; the state machine decides whether to try again
    await saveSteps(db, run, withStep(run, input.step, { status: 'failed', error: describe(error) }));
    throw error;
  }
}

export async function failRun(db: Database, input: StepInput & { error?: { Error?: string; Cause?: string } }): Promise<{ failed: true }> {
  const run = await loadRun(db, input.workflowId, input.runId);
  if (run.status === 'failed') return { failed: true };
  const error = causeOf(input.error);
  const steps = withStep(run, input.step, { status: 'failed', error, finishedAt: nowIso() });
  await finishRun(db, run, { status: 'failed', steps, error }, await subjectsOf(db, run));
  return { failed: true };
}

const describe = (error: unknown) => `${(error as Error).name ?? 'Error'}: ${(error as Error).message ?? String(error)}`.slice(0, 1000);

/** Step Functions passes a Lambda error's Cause as JSON ({ errorMessage… }); locally it is the message. */
function causeOf(error: { Error?: string; Cause?: string } | undefined): string {
  if (!error) return 'failed';
  try {
    const parsed = JSON.parse(error.Cause ?? '') as { errorMessage?: string; errorType?: string };
    if (parsed.errorMessage) return `${parsed.errorType ?? error.Error}: ${parsed.errorMessage}`;
  } catch {
    // not JSON: the message itself
  }
  return `${error.Error ?? 'Error'}: ${error.Cause ?? ''}`.slice(0, 1000);
}

/** Whose timeline shows the run: the record; an activity's run shows on the activity's record. */
async function subjectsOf(db: Database, run: StoredRun): Promise<TimelineSubject[]> {
  if (run.recordType !== 'activity') return [{ type: run.recordType as TimelineSubject['type'], id: run.recordId }];
  const activity = await loadWorkflowRecord(db, 'activity', run.recordId);
  return activity ? [{ type: activity.relatedType as TimelineSubject['type'], id: String(activity.relatedId) }] : [];
}

export { ActionRejected };
