import { dirname, join } from 'node:path';
import { Arn, AssetHashType, DockerImage, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Effect, PolicyStatement, Role, ServicePrincipal, type IRole } from 'aws-cdk-lib/aws-iam';
import type { IScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Architecture, Code, Function as LambdaFunction, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnBucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { HANDLER_FILE, bundleFunctionSync } from '../../functions/bundling';
import { tableDefinition } from '../../shared/platform/table';
import { acknowledge, acknowledgeFindings } from '../nag';

export interface CrmFunctionProps {
  /** Repository root; entries are relative to it (as in functions/groups.ts). */
  rootDir: string;
  entry: string;
  memoryMb: number;
  description: string;
  timeout?: Duration;
  environment?: Record<string, string>;
  /** adds files to the asset beside the bundle (the intake's forms.js) */
  afterBundling?: (outputDir: string) => void;
}

export interface AuthSettings {
  issuer: string;
  clientId: string;
  userPoolId: string;
}

/**
 * Every Lambda of the CRM: Node 22 on arm64, X-Ray, JSON logs in its own log group, an
 * ESM bundle that includes the AWS SDK. Access comes only through the bind* methods,
 * which grant and set the matching environment variable together so neither can be
 * forgotten.
 */
export class CrmFunction extends LambdaFunction {
  readonly executionRole: Role;

  constructor(scope: Construct, id: string, props: CrmFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // A role of our own instead of AWSLambdaBasicExecutionRole: it may write to this
    // function's log group only, not create or write any log group in the account.
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${id} function`,
    });
    logGroup.grantWrite(role);

    super(scope, id, {
      // Bundled here with the same esbuild settings the bench measures (functions/bundling.ts).
      code: Code.fromAsset(dirname(join(props.rootDir, props.entry)), {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Never used: local bundling always succeeds where esbuild is installed (npm ci).
          image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22'),
          local: {
            tryBundle(outputDir: string) {
              bundleFunctionSync(join(props.rootDir, props.entry), outputDir);
              props.afterBundling?.(outputDir);
              return true;
            },
          },
        },
      }),
      handler: HANDLER_FILE.replace(/\.mjs$/, '.handler'),
      description: props.description,
      // Pinned, not "latest": Lambda runs the same Node major as `npm start` and the tests.
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memoryMb,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'crm',
        POWERTOOLS_METRICS_NAMESPACE: 'Crm',
        LOG_LEVEL: 'INFO',
        ...props.environment,
      },
    });
    this.executionRole = role;

    acknowledge(
      this,
      'AwsSolutions-L1',
      'Pinned to nodejs22.x on purpose: the local runtime, tests and bench run Node 22 (package.json `node` devDependency), so Lambda runs the same major; both move together.',
    );
    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'Only for actions that have no resource-level permissions: X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) and, for the stream consumer, dynamodb:ListStreams. Every other statement names its resources.',
    );
  }

  /** Query and item access to the table and each of its GSIs; Scan is deliberately not granted. */
  bindTable(table: ITable, access: 'read' | 'readWrite' = 'readWrite'): this {
    const read = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
    const write = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
    this.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: access === 'read' ? read : [...read, ...write],
        resources: [table.tableArn, ...tableDefinition.globalIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`)],
      }),
    );
    this.addEnvironment('TABLE_NAME', table.tableName);
    return this;
  }

  /** Read, write and delete objects; list keys. */
  bindBucket(bucket: IBucket): this {
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
        resources: [bucket.arnForObjects('*')],
      }),
    );
    this.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
    acknowledgeFindings(
      this.executionRole,
      'AwsSolutions-IAM5',
      objectsOf(bucket),
      'Object keys in the blob bucket are generated per record (logos, PDFs, imports, exports), so object actions name the bucket and not each key; the bucket holds nothing else.',
    );
    this.addEnvironment('BLOB_BUCKET', bucket.bucketName);
    return this;
  }

  bindBus(bus: IEventBus): this {
    bus.grantPutEventsTo(this);
    this.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
    return this;
  }

  /** Send mail through SES as the verified identity (an address or a domain). */
  bindEmail(sesIdentity: string, from: string): this {
    const identityArn = Arn.format(
      { service: 'ses', resource: 'identity', resourceName: sesIdentity },
      Stack.of(this),
    );
    this.addToRolePolicy(new PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources: [identityArn] }));
    this.addEnvironment('EMAIL_FROM', from);
    return this;
  }

  /**
   * The user pool: sign-in (InitiateAuth needs no IAM permission; tokens are verified by
   * the HTTP API's authorizer) and reading a first-time user's email to make their CRM
   * user record. With manageUsers, also inviting, disabling and signing users out.
   */
  bindAuth(auth: AuthSettings, options: { manageUsers?: boolean } = {}): this {
    this.addEnvironment('AUTH_MODE', 'cognito');
    this.addEnvironment('AUTH_CLIENT_ID', auth.clientId);
    this.addEnvironment('USER_POOL_ID', auth.userPoolId);
    const manage = ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminDisableUser', 'cognito-idp:AdminEnableUser', 'cognito-idp:AdminUserGlobalSignOut'];
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['cognito-idp:AdminGetUser', ...(options.manageUsers ? manage : [])],
        resources: [Arn.format({ service: 'cognito-idp', resource: 'userpool', resourceName: auth.userPoolId }, Stack.of(this))],
      }),
    );
    return this;
  }

  /**
   * Makes, replaces and deletes one-off schedules in the reminder group, handing them the
   * role that puts their event on the bus (iam:PassRole, to EventBridge Scheduler only).
   */
  bindScheduler(scheduling: { group: IScheduleGroup; role: IRole; deadLetterQueue: IQueue; eventBus: IEventBus }): this {
    scheduling.group.grantWriteSchedules(this);
    scheduling.group.grantDeleteSchedules(this);
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [scheduling.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    acknowledgeFindings(
      this.executionRole,
      'AwsSolutions-IAM5',
      // the region is a token or, in a stack with an env, the literal region
      /^Resource::arn:<AWS::Partition>:scheduler:[^:]+:<AWS::AccountId>:schedule\/[^/]+\/\*$/,
      'Schedule names are made per reminder (reminder-<activity>-<time>), so the grant names the reminder schedule group and not each schedule; the group holds nothing else.',
    );
    this.addEnvironment('SCHEDULE_GROUP', scheduling.group.scheduleGroupName);
    this.addEnvironment('EVENT_BUS_ARN', scheduling.eventBus.eventBusArn);
    this.addEnvironment('SCHEDULER_ROLE_ARN', scheduling.role.roleArn);
    this.addEnvironment('SCHEDULER_DLQ_ARN', scheduling.deadLetterQueue.queueArn);
    return this;
  }

  /** Starts executions of these state machines (workflow runs, webhook deliveries), named for idempotence. */
  bindStateMachines(arns: Record<string, string>): this {
    this.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: Object.values(arns) }));
    this.addEnvironment('STATE_MACHINE_ARNS', Stack.of(this).toJsonString(arns));
    return this;
  }

  /**
   * Reads one SSM SecureString parameter, named in `<setting>_PARAMETER` for
   * shared/platform/secret-setting.ts. Decrypting with the account's aws/ssm key needs no
   * grant of its own: that key's policy lets SSM use it for callers of this account.
   */
  bindSecureParameter(setting: string, parameterName: string): this {
    const parameterArn = Arn.format({ service: 'ssm', resource: 'parameter', resourceName: parameterName.replace(/^\//, '') }, Stack.of(this));
    this.addToRolePolicy(new PolicyStatement({ actions: ['ssm:GetParameter'], resources: [parameterArn] }));
    this.addEnvironment(`${setting}_PARAMETER`, parameterName);
    return this;
  }

  /** Adds objects to the audit archive; no read, overwrite of a locked version, or delete. */
  bindAuditArchive(bucket: IBucket): this {
    this.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects('audit/*')] }));
    acknowledgeFindings(
      this.executionRole,
      'AwsSolutions-IAM5',
      /^Resource::.*\/audit\/\*$/,
      'The archive keys are made per stream batch (audit/<day>/<sequence>.jsonl); the grant is put-only under audit/, and Object Lock keeps every version.',
    );
    this.addEnvironment('AUDIT_BUCKET', bucket.bucketName);
    return this;
  }
}

/**
 * The IAM5 finding for "every object of this bucket", and no other wildcard. The finding
 * names the bucket's ARN as a reference (same stack) or a stack output (another stack);
 * both carry its logical id, which is the one name for it known when the grant is made.
 */
function objectsOf(bucket: IBucket): RegExp {
  const resource = bucket.node.defaultChild;
  if (!(resource instanceof CfnBucket)) throw new Error(`bindBucket: ${bucket.node.path} is not a bucket defined in this app`);
  const logicalId = Stack.of(bucket).getLogicalId(resource);
  return new RegExp(`^Resource::.*${logicalId}\\.?Arn[^/]*\\/\\*$`);
}
