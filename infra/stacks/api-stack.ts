import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { httpFunctions, workerFunctions, type WorkerFunction } from '../../functions/groups';
import type { FunctionGroup } from '../../functions/http/route';
import { emailFrom } from '../config';
import { CrmFunction, type AuthSettings } from '../constructs/crm-function';
import { CrmHttpApi } from '../constructs/crm-http-api';
import { CrmIntakeApi } from '../constructs/crm-intake-api';
import { buildWebFormsSync } from '../../web-forms/build';
import { CrmWorkflows } from '../constructs/crm-workflows';
import { DeadLetterQueue } from '../constructs/dead-letter-queue';
import { ReminderScheduling } from '../constructs/reminder-scheduling';

export interface ApiStackProps extends StackProps {
  rootDir: string;
  table: ITable;
  blobBucket: IBucket;
  auditArchive: IBucket;
  eventBus: IEventBus;
  userPool: IUserPool;
  client: IUserPoolClient;
  auth: AuthSettings;
  siteUrl: string;
  allowedOrigins: string[];
  sesIdentity?: string;
  /** AWS WAF with the routes' rate rules in front of the web-form intake (context `intakeWaf`). */
  intakeWaf: boolean;
  /** SSM SecureString parameter with the web forms' CAPTCHA secret key (context `captchaSecretParameter`). */
  captchaSecretParameter: string;
}

/** The application: functions, the HTTP API, the web-form intake's REST API, the stream consumer, workflows and rules. */
export class ApiStack extends Stack {
  readonly httpFunctions: Record<FunctionGroup, CrmFunction>;
  readonly workers: Record<WorkerFunction, CrmFunction>;
  readonly httpApi: CrmHttpApi;
  readonly intakeApi: CrmIntakeApi;
  readonly workflows: CrmWorkflows;
  readonly streamDeadLetterQueue: DeadLetterQueue;
  readonly reminderScheduling: ReminderScheduling;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { table, blobBucket, eventBus, auth } = props;
    const make = (name: string, spec: { entry: string; memoryMb: number; description: string }, timeout?: Duration, afterBundling?: (dir: string) => void) =>
      new CrmFunction(this, `${name[0]!.toUpperCase()}${name.slice(1)}Function`, { rootDir: props.rootDir, ...spec, timeout, afterBundling });

    this.httpFunctions = {
      platform: make('platform', httpFunctions.platform),
      identity: make('identity', httpFunctions.identity).bindTable(table).bindAuth(auth, { manageUsers: true }),
      // Who the caller is comes from the claims API Gateway's JWT authorizer verified; what
      // they may do from their user record, made on first sight from the pool if need be.
      // the blob store holds export files and import uploads
      crm: make('crm', httpFunctions.crm).bindTable(table).bindBucket(blobBucket).bindAuth(auth),
      sales: make('sales', httpFunctions.sales).bindTable(table).bindAuth(auth),
      activities: make('activities', httpFunctions.activities).bindTable(table).bindAuth(auth),
      setup: make('setup', httpFunctions.setup).bindTable(table).bindAuth(auth),
      // forms.js is served by the intake itself, from the same origin as the forms it shows
      intake: make('intake', httpFunctions.intake, undefined, buildWebFormsSync)
        .bindTable(table)
        .bindSecureParameter('FORMS_CAPTCHA_SECRET', props.captchaSecretParameter),
    };
    this.reminderScheduling = new ReminderScheduling(this, 'ReminderScheduling', { eventBus });
    // activities schedule their reminders
    this.httpFunctions.activities.bindScheduler(this.reminderScheduling);

    const jobs = make('jobs', workerFunctions.jobs, Duration.minutes(5)).bindTable(table).bindBucket(blobBucket);
    jobs.addEnvironment('APP_URL', props.siteUrl);
    if (props.sesIdentity) jobs.bindEmail(props.sesIdentity, emailFrom(props.sesIdentity));
    this.workers = {
      events: make('events', workerFunctions.events, Duration.seconds(30)).bindBus(eventBus).bindAuditArchive(props.auditArchive),
      automation: make('automation', workerFunctions.automation, Duration.minutes(5)).bindTable(table).bindBus(eventBus),
      jobs,
    };

    this.streamDeadLetterQueue = new DeadLetterQueue(this, 'StreamDlq', {
      purpose: 'table stream batches the events function still failed after retries (Lambda on-failure destination); each message points at the shard and sequence numbers to re-read',
    });
    this.workers.events.addEventSource(
      new DynamoEventSource(table, {
        // From the oldest record: a mapping created or recreated later must not skip writes
        // that already committed. Consumers are idempotent (events are at-least-once).
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 5,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.streamDeadLetterQueue),
      }),
    );

    this.httpApi = new CrmHttpApi(this, 'Http', {
      functions: this.httpFunctions,
      userPool: props.userPool,
      client: props.client,
      allowedOrigins: [props.siteUrl, ...props.allowedOrigins],
    });

    this.workflows = new CrmWorkflows(this, 'Workflows', { workers: this.workers, eventBus });
    const { workflowRun, webhookDelivery } = this.workflows.executionArns;
    for (const starter of [this.workers.automation, jobs]) starter.bindStateMachines({ workflowRun, webhookDelivery });
    // the setup function starts webhook test pings and redrives and form-submission redrives,
    // and puts the date tick's events when run by hand
    const { formSubmission } = this.workflows.executionArns;
    this.httpFunctions.setup.bindStateMachines({ webhookDelivery, formSubmission }).bindBus(eventBus);

    this.intakeApi = new CrmIntakeApi(this, 'Intake', { intake: this.httpFunctions.intake, waf: props.intakeWaf });
    // the embed codes the builder hands out point at the intake API (its stage URL, no trailing slash)
    this.httpFunctions.setup.addEnvironment('INTAKE_URL', this.intakeApi.url);

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url });
    new CfnOutput(this, 'IntakeUrl', { value: this.intakeApi.url });
  }

  get allFunctions(): CrmFunction[] {
    return [...Object.values(this.httpFunctions), ...Object.values(this.workers)];
  }

  get deadLetterQueues(): DeadLetterQueue[] {
    return [this.streamDeadLetterQueue, this.workflows.ruleDeadLetterQueue, this.reminderScheduling.deadLetterQueue];
  }
}
