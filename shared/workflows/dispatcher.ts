/**
 * The matcher behind the "automation" bus rule: for each domain event, the workflows it
 * starts (one run each, created once per event however often the event is delivered),
 * the next task of a completed chained task, and the webhook deliveries it owes.
 */
import type { Database } from '../platform/database';
import type { ExecutionStarter } from '../ports/execution-starter';
import { fanOutEvent } from '../webhooks/deliveries';
import { createNextChainedTask, type ChainPorts } from './chained-tasks';
import { matchWorkflows, type BusEnvelope } from './matching';
import { loadWorkflowRecord } from './record-writes';
import { createRun } from './runs';
import type { Workflow, WorkflowRecordType } from './schemas';
import { workflows } from './workflows';

export interface DispatchPorts extends ChainPorts {
  starter: ExecutionStarter;
}

export interface DispatchOutcome {
  runs: { workflowId: string; runId: string; created: boolean }[];
  chainedTask?: string;
  deliveries: number;
}

export async function dispatchEvent(db: Database, ports: DispatchPorts, event: BusEnvelope): Promise<DispatchOutcome> {
  const [runs, chainedTask, deliveries] = await Promise.all([
    startWorkflows(db, ports.starter, event),
    event['detail-type'] === 'Activity Completed' ? createNextChainedTask(db, ports, event.detail) : Promise.resolve(undefined),
    fanOutEvent(db, event as never, (deliveryId, runName) => ports.starter.start('webhookDelivery', runName, { deliveryId })),
  ]);
  return { runs, chainedTask, deliveries: deliveries.deliveryIds.length };
}

async function startWorkflows(db: Database, starter: ExecutionStarter, event: BusEnvelope) {
  const enabled = (await workflows.list(db)).filter((w) => w.enabled) as Workflow[];
  if (enabled.length === 0) return [];
  const { detail } = event;
  // Events without the record's image (a merge, a date) are matched against the record as it is now.
  const record = Object.keys(detail.record ?? {}).length
    ? detail.record
    : ((await loadWorkflowRecord(db, detail.recordType as WorkflowRecordType, detail.recordId)) ?? {});
  const started = [];
  for (const { workflow, chain } of matchWorkflows(enabled, event, record)) {
    const run = await createRun(db, {
      workflow,
      chain,
      recordType: detail.recordType,
      recordId: detail.recordId,
      trigger: { detailType: event['detail-type'], eventId: detail.eventId },
    });
    // Starting is idempotent by name: a redelivered event restarts nothing that runs or ran.
    await starter.start('workflowRun', run.runId, { runId: run.runId, workflowId: workflow.workflowId, step: 0 });
    started.push({ workflowId: workflow.workflowId, ...run });
  }
  return started;
}
