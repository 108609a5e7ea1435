/**
 * Step Functions Task steps. Each state passes `{ task, ... }`; a thrown error fails the
 * step so the state machine's Retry and Catch take over.
 */
import { emailExportReady, markExportFailed, writeExportCsv } from '../../shared/crm/exports';
import { markAccessJobFailed, runAccessJobStep, type JobPosition } from '../../shared/access/jobs';
import { sendReminderEmail } from '../../shared/activities/reminder-email';
import { actStep, completeWait, failRun, planStep, type StepInput } from '../../shared/workflows/engine';
import type { ActionPorts } from '../../shared/workflows/actions';
import { deliverWebhook, markDeliveryDead } from '../../shared/webhooks/deliveries';
import { allowPrivateWebhooks } from '../../shared/workflows/validation';
import { markSubmissionFailed, processSubmission } from '../../shared/forms/processing';
import { markImportFailed, runImportBatch } from '../../shared/imports/run';
import { blobStore, emailSender, executionStarter, scheduler } from '../http/adapters';
import { db, requireEnv } from '../http/deps';

export type JobInput =
  | { task: 'writeExportCsv'; exportId: string }
  | { task: 'emailExportReady'; exportId: string }
  | { task: 'markExportFailed'; exportId: string; error?: unknown }
  | { task: 'runAccessJob'; jobId: string; position: JobPosition }
  | { task: 'markAccessJobFailed'; jobId: string; error?: unknown }
  | { task: 'sendReminderEmail'; activityId: string; at: string }
  | ({ task: 'planWorkflowStep' | 'completeWorkflowWait' | 'runWorkflowAction' } & StepInput)
  | ({ task: 'failWorkflowRun'; error?: { Error?: string; Cause?: string } } & StepInput)
  | { task: 'deliverWebhook'; deliveryId: string }
  | { task: 'markWebhookDeliveryDead'; deliveryId: string; error?: unknown }
  | { task: 'processFormSubmission'; formId: string; submissionId: string }
  | { task: 'markFormSubmissionFailed'; formId: string; submissionId: string; error?: { Error?: string; Cause?: string } }
  | { task: 'runImportBatch'; importId: string }
  | { task: 'markImportFailed'; importId: string; error?: { Error?: string; Cause?: string } };

/** Deployed without an SES identity the CRM sends no email; workflow emails then say so in the run. */
const mailer = async () => (process.env.EMAIL_FROM ? emailSender() : undefined);
const actionPorts = async (): Promise<ActionPorts> => ({ mailer, scheduler, starter: await executionStarter() });

export async function handler(input: JobInput): Promise<unknown> {
  switch (input.task) {
    case 'writeExportCsv':
      return writeExportCsv(db(), await blobStore(), input.exportId);
    case 'emailExportReady':
      // Deployed without an SES identity the CRM sends no email; the export is still ready.
      if (!process.env.EMAIL_FROM) return { sent: false, reason: 'no sender configured (sesIdentity)' };
      return emailExportReady(db(), await emailSender(), requireEnv('APP_URL'), input.exportId);
    case 'markExportFailed':
      await markExportFailed(db(), input.exportId, input.error);
      return { marked: true };
    case 'runAccessJob':
      return runAccessJobStep(db(), input.jobId, input.position);
    case 'markAccessJobFailed':
      await markAccessJobFailed(db(), input.jobId, input.error);
      return { marked: true };
    case 'sendReminderEmail':
      if (!process.env.EMAIL_FROM) return { sent: false, reason: 'no sender configured (sesIdentity)' };
      return sendReminderEmail(db(), await emailSender(), requireEnv('APP_URL'), { activityId: input.activityId, at: input.at });
    case 'planWorkflowStep':
      return planStep(db(), input);
    case 'completeWorkflowWait':
      return completeWait(db(), input);
    case 'runWorkflowAction':
      return actStep(db(), await actionPorts(), input);
    case 'failWorkflowRun':
      return failRun(db(), input);
    case 'deliverWebhook':
      return deliverWebhook(db(), input.deliveryId, { allowPrivate: allowPrivateWebhooks() });
    case 'markWebhookDeliveryDead':
      return markDeliveryDead(db(), input.deliveryId, input.error);
    case 'processFormSubmission':
      return processSubmission(db(), { mailer, scheduler }, input.formId, input.submissionId);
    case 'markFormSubmissionFailed':
      return markSubmissionFailed(db(), input.formId, input.submissionId, input.error);
    case 'runImportBatch':
      return runImportBatch(db(), await blobStore(), input.importId);
    case 'markImportFailed':
      return markImportFailed(db(), input.importId, input.error);
    default:
      throw new Error(`Unknown job task ${(input as { task: string }).task}`);
  }
}
