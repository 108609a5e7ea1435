import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Tags, type Environment } from 'aws-cdk-lib';
import { readConfig, type CrmConfig } from './config';
import { INTAKE_STAGE } from './constructs/crm-intake-api';
import { addNagChecks } from './nag';
import { resolveUiDist } from './ui-dist';
import { ApiStack } from './stacks/api-stack';
import { AuthStack } from './stacks/auth-stack';
import { DataStack } from './stacks/data-stack';
import { MonitoringStack } from './stacks/monitoring-stack';
import { WebContentStack } from './stacks/web-content-stack';
import { WebStack } from './stacks/web-stack';

export interface BuildAppOptions {
  /** `-c` context values; the CLI passes its own through the App. */
  context?: Record<string, unknown>;
  /** Repository root (functions/, ui/ and package-lock.json live there). */
  rootDir?: string;
  /** Publish this folder as the UI instead of ui/dist; null publishes config.json only. */
  uiDist?: string | null;
  /** Build ui/dist when it is missing (default true). */
  buildUi?: boolean;
  /** Register the cdk-nag AwsSolutions checks (default true). */
  nag?: boolean;
  /** CDK's built-in CloudFormation template validation (default true; slow, so tests turn it off). */
  cfnValidation?: boolean;
  outdir?: string;
}

export interface CrmStacks {
  data: DataStack;
  auth: AuthStack;
  web: WebStack;
  api: ApiStack;
  webContent: WebContentStack;
  monitoring: MonitoringStack;
}

const defaultRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Feature flags this app relies on; cdk.json may still override them. */
const featureFlags: Record<string, string | boolean> = {
  // Grant S3 server access logging by bucket policy, which works with ACL-free log buckets.
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  '@aws-cdk/aws-iam:minimizePolicies': true,
  // Stacks read each other's outputs with Fn::GetStackOutput instead of exports, so a
  // later release can remove or rename a resource another stack references without the
  // "export cannot be deleted as it is in use" deadlock. Deploy order still follows the
  // stack dependencies, and the data stacks are termination-protected.
  '@aws-cdk/core:defaultCrossStackReferences': 'weak',
};

/**
 * The whole CRM as CDK stacks, in deploy order. Data and users live in their own
 * retained, termination-protected stacks so the application stacks can be redeployed,
 * or deleted and recreated, without touching them.
 */
export function buildApp(options: BuildAppOptions = {}): { app: App; config: CrmConfig; stacks: CrmStacks } {
  const rootDir = options.rootDir ?? defaultRoot;
  const app = new App({
    context: { ...featureFlags, ...options.context },
    outdir: options.outdir,
    builtinCloudFormationValidation: options.cfnValidation ?? true,
  });
  const config = readConfig(app);
  const env: Environment = { account: config.account, region: config.region };
  Tags.of(app).add('app', 'crm');

  const data = new DataStack(app, 'CrmData', {
    env,
    description: 'CRM data: DynamoDB table, blob bucket, audit archive, event bus and archive (retained)',
    terminationProtection: true,
    auditRetentionDays: config.auditRetentionDays,
  });
  const auth = new AuthStack(app, 'CrmAuth', {
    env,
    description: 'CRM users: Cognito user pool and app client (retained)',
    terminationProtection: true,
    adminEmail: config.adminEmail,
    threatProtection: config.threatProtection,
  });
  const web = new WebStack(app, 'CrmWeb', { env, description: 'CRM rep UI hosting: private S3 bucket behind CloudFront' });
  const api = new ApiStack(app, 'CrmApi', {
    env,
    description: 'CRM application: Lambda functions, HTTP API, web-form intake (REST API, WAF), table stream consumer, workflows and rules',
    rootDir,
    table: data.table,
    blobBucket: data.blobBucket,
    auditArchive: data.auditArchive,
    eventBus: data.eventBus,
    userPool: auth.userPool,
    client: auth.client,
    auth: auth.settings,
    siteUrl: web.siteUrl,
    allowedOrigins: config.allowedOrigins,
    sesIdentity: config.sesIdentity,
    intakeWaf: config.intakeWaf,
    captchaSecretParameter: config.captchaSecretParameter,
  });
  const uiDist = options.uiDist === undefined ? resolveUiDist(rootDir, options.buildUi ?? true) : (options.uiDist ?? undefined);
  const webContent = new WebContentStack(app, 'CrmWebContent', {
    env,
    description: 'CRM rep UI release: the built UI and its config.json',
    siteBucket: web.siteBucket,
    distribution: web.distribution,
    apiUrl: api.httpApi.url,
    cognito: { region: config.region, clientId: auth.client.userPoolClientId },
    uiDist,
  });
  const monitoring = new MonitoringStack(app, 'CrmMonitoring', {
    env,
    description: 'CRM operations: CloudWatch dashboard, alarms and the alarm topic',
    httpApi: api.httpApi.api,
    intake: { api: api.intakeApi.api, stage: INTAKE_STAGE, webAcl: api.intakeApi.webAcl },
    functions: Object.entries({ ...api.httpFunctions, ...api.workers }).map(([name, fn]) => ({ name, fn })),
    table: data.table,
    deadLetterQueues: [
      { name: 'Stream', queue: api.streamDeadLetterQueue },
      { name: 'RuleTargets', queue: api.workflows.ruleDeadLetterQueue },
      { name: 'ReminderSchedules', queue: api.reminderScheduling.deadLetterQueue },
    ],
    stateMachines: Object.entries(api.workflows.stateMachines).map(([name, stateMachine]) => ({ name, stateMachine })),
    alarmEmail: config.alarmEmail,
  });

  if (options.nag ?? true) addNagChecks(app);
  return { app, config, stacks: { data, auth, web, api, webContent, monitoring } };
}
