import { readFileSync } from 'node:fs';
import type { WorkerFunction } from '../groups';
import { fileURLToPath } from 'node:url';

/**
 * Step Functions state machines, declared once. CDK deploys each ASL file with its
 * `${…Arn}` substitutions; the local runtime runs the same file with
 * aws-local-stepfunctions, each Task overridden to call the named worker in-process.
 */
export const stateMachines = {
  csvExport: {
    name: 'csv-export',
    aslFile: 'functions/workflows/csv-export.asl.json',
    type: 'STANDARD' as const,
    /** substitution variable → worker function (see workerFunctions) */
    substitutions: { JobsFunctionArn: 'jobs' } as Record<string, WorkerFunction>,
  },
  /** A CSV import, a batch of rows per step. */
  csvImport: {
    name: 'csv-import',
    aslFile: 'functions/workflows/csv-import.asl.json',
    type: 'STANDARD' as const,
    substitutions: { JobsFunctionArn: 'jobs' } as Record<string, WorkerFunction>,
  },
  accessJob: {
    name: 'access-job',
    aslFile: 'functions/workflows/access-job.asl.json',
    type: 'STANDARD' as const,
    substitutions: { JobsFunctionArn: 'jobs' } as Record<string, WorkerFunction>,
  },
  reminderEmail: {
    name: 'reminder-email',
    aslFile: 'functions/workflows/reminder-email.asl.json',
    type: 'STANDARD' as const,
    substitutions: { JobsFunctionArn: 'jobs' } as Record<string, WorkerFunction>,
  },
  /** One run of an admin-built workflow; waits up to a year, so no timeout short of Standard's own year. */
  workflowRun: {
    name: 'workflow-run',
    aslFile: 'functions/workflows/workflow-run.asl.json',
    type: 'STANDARD' as const,
    substitutions: { JobsFunctionArn: 'jobs' } as Record<string, WorkerFunction>,
  },
  /** One web-form submission: lead or activity, autoresponder; failed ones wait for a re-drive. */
  formSubmission: {
    name: 'form-submission',
    aslFile: 'functions/workflows/form-submission.asl.json',
    type: 'STANDARD' as const,
    substitutions: { JobsFunctionArn: 'jobs' } as Record<string, WorkerFunction>,
  },
  /** One webhook delivery: signed POST, retried with backoff, dead-lettered after the last try. */
  webhookDelivery: {
    name: 'webhook-delivery',
    aslFile: 'functions/workflows/webhook-delivery.asl.json',
    type: 'STANDARD' as const,
    substitutions: { JobsFunctionArn: 'jobs' } as Record<string, WorkerFunction>,
  },
};
export type StateMachineKey = keyof typeof stateMachines;

export function readAsl(aslFile: string): string {
  return readFileSync(fileURLToPath(new URL(`../../${aslFile}`, import.meta.url)), 'utf8');
}
