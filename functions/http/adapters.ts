/**
 * The adapters behind the ports, chosen by the environment: the CDK stack sets the AWS
 * ones (BLOB_BUCKET, EMAIL_FROM), the local runtime the stand-ins (BLOB_DIR, OUTBOX_DIR).
 */
import type { BlobStore } from '../../shared/ports/blob-store';
import type { Mailer } from '../../shared/ports/mailer';
import type { Scheduler } from '../../shared/ports/scheduler';
import type { UserDirectory } from '../../shared/ports/user-directory';
import type { EventPublisher } from '../../shared/ports/event-publisher';
import type { ExecutionStarter } from '../../shared/ports/execution-starter';
import { requireEnv } from './deps';

let blobs: Promise<BlobStore> | undefined;
let mailer: Promise<Mailer> | undefined;

export const blobStore = (): Promise<BlobStore> =>
  (blobs ??= process.env.BLOB_DIR
    ? import('../../shared/adapters/file-blob-store').then((m) => m.fileBlobStore(requireEnv('BLOB_DIR')))
    : import('../../shared/adapters/s3-blob-store').then((m) => m.s3BlobStore(requireEnv('BLOB_BUCKET'))));

export const emailSender = (): Promise<Mailer> =>
  (mailer ??= process.env.OUTBOX_DIR
    ? import('../../shared/adapters/outbox-mailer').then((m) => m.outboxMailer(requireEnv('OUTBOX_DIR'), requireEnv('EMAIL_FROM')))
    : import('../../shared/adapters/ses-mailer').then((m) => m.sesMailer(requireEnv('EMAIL_FROM'))));

let directory: Promise<UserDirectory | undefined> | undefined;

/** Cognito in AWS; none locally, where the CRM signs users in itself. */
export const userDirectory = (): Promise<UserDirectory | undefined> =>
  (directory ??=
    process.env.AUTH_MODE === 'cognito'
      ? import('../../shared/adapters/cognito-user-directory').then((m) => m.cognitoUserDirectory(requireEnv('USER_POOL_ID')))
      : Promise.resolve(undefined));

let archive: Promise<BlobStore> | undefined;

/** The audit archive: the Object Lock bucket in AWS (AUDIT_BUCKET), a folder locally (AUDIT_DIR). */
export const auditArchive = (): Promise<BlobStore> =>
  (archive ??= process.env.AUDIT_DIR
    ? import('../../shared/adapters/file-blob-store').then((m) => m.fileBlobStore(requireEnv('AUDIT_DIR')))
    : import('../../shared/adapters/s3-blob-store').then((m) => m.s3BlobStore(requireEnv('AUDIT_BUCKET'))));

const localScheduler = Promise.withResolvers<Scheduler>();
let scheduling: Promise<Scheduler> | undefined;

/**
 * One-off schedules (reminder emails): EventBridge Scheduler in AWS (SCHEDULE_GROUP and
 * the rest set by the CDK stack); under `npm start` the local runtime's stand-in, which
 * it hands over with provideLocalScheduler as it starts.
 */
export const scheduler = (): Promise<Scheduler> =>
  (scheduling ??= process.env.SCHEDULE_GROUP
    ? import('../../shared/adapters/eventbridge-scheduler').then((m) =>
        m.eventBridgeScheduler({
          groupName: requireEnv('SCHEDULE_GROUP'),
          busArn: requireEnv('EVENT_BUS_ARN'),
          roleArn: requireEnv('SCHEDULER_ROLE_ARN'),
          deadLetterQueueArn: requireEnv('SCHEDULER_DLQ_ARN'),
        }),
      )
    : localScheduler.promise);

/** The local runtime's scheduler (local/scheduler.ts); requests that came first wait for it. */
export const provideLocalScheduler = (local: Scheduler) => localScheduler.resolve(local);

const localStarter = Promise.withResolvers<ExecutionStarter>();
let starting: Promise<ExecutionStarter> | undefined;

/** Starts workflow runs and webhook deliveries: Step Functions in AWS (STATE_MACHINE_ARNS), the local stand-in under `npm start`. */
export const executionStarter = (): Promise<ExecutionStarter> =>
  (starting ??= process.env.STATE_MACHINE_ARNS
    ? import('../../shared/adapters/step-functions-starter').then((m) => m.stepFunctionsStarter(JSON.parse(requireEnv('STATE_MACHINE_ARNS')) as Record<string, string>))
    : localStarter.promise);
export const provideLocalStarter = (local: ExecutionStarter) => localStarter.resolve(local);

/** What the webhook routes start a delivery with: (deliveryId, runName) → the delivery state machine. */
export const deliveryStarter = async () => {
  const starter = await executionStarter();
  return (deliveryId: string, runName: string) => starter.start('webhookDelivery', runName, { deliveryId });
};

const localPublisher = Promise.withResolvers<EventPublisher>();
let publishing: Promise<EventPublisher> | undefined;

/** Puts events on the CRM bus (the daily date events): EventBridge in AWS (EVENT_BUS_NAME), the local bus under `npm start`. */
export const eventPublisher = (): Promise<EventPublisher> =>
  (publishing ??= process.env.EVENT_BUS_NAME
    ? import('../../shared/adapters/eventbridge-publisher').then((m) => m.eventBridgePublisher(requireEnv('EVENT_BUS_NAME')))
    : localPublisher.promise);
export const provideLocalPublisher = (local: EventPublisher) => localPublisher.resolve(local);
