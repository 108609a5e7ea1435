import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { IRestApi } from 'aws-cdk-lib/aws-apigateway';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { BillingMode, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import {
  DashboardRenderingPreference,
  DefaultDashboardFactory,
  LatencyType,
  MonitoringFacade,
  SnsAlarmActionStrategy,
} from 'cdk-monitoring-constructs';
import type { Construct } from 'constructs';

export interface MonitoringStackProps extends StackProps {
  httpApi: IHttpApi;
  /** The public web-form intake: its REST API, stage and (with `intakeWaf`) web ACL. */
  intake: { api: IRestApi; stage: string; webAcl?: CfnWebACL };
  functions: { name: string; fn: IFunction }[];
  table: ITable;
  deadLetterQueues: { name: string; queue: IQueue }[];
  stateMachines: { name: string; stateMachine: IStateMachine }[];
  alarmEmail?: string;
}

/** One CloudWatch dashboard for ops and the alarms that page them through SNS. */
export class MonitoringStack extends Stack {
  readonly alarmTopic: Topic;
  readonly monitoring: MonitoringFacade;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);

    // A customer-managed key because CloudWatch cannot publish to a topic encrypted with
    // the AWS-managed SNS key: its key policy cannot be edited to admit CloudWatch.
    const key = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the CRM alarm topic',
      enableKeyRotation: true,
      pendingWindow: Duration.days(7),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.alarmTopic = new Topic(this, 'AlarmTopic', { displayName: 'CRM alarms', masterKey: key, enforceSSL: true });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));

    const dashboards = new DefaultDashboardFactory(this, 'Dashboards', {
      dashboardNamePrefix: 'Crm',
      createDashboard: true,
      createSummaryDashboard: false,
      createAlarmDashboard: false,
      renderingPreference: DashboardRenderingPreference.INTERACTIVE_ONLY,
      detailDashboardRange: Duration.hours(24),
    });
    this.monitoring = new MonitoringFacade(this, 'Monitoring', {
      alarmFactoryDefaults: {
        alarmNamePrefix: 'Crm',
        actionsEnabled: true,
        action: new SnsAlarmActionStrategy({ onAlarmTopic: this.alarmTopic }),
        datapointsToAlarm: 1,
        evaluationPeriods: 1,
      },
      dashboardFactory: dashboards,
    });
    const m = this.monitoring;

    m.addLargeHeader('CRM');
    m.monitorApiGatewayV2HttpApi({
      api: props.httpApi,
      humanReadableName: 'HTTP API',
      alarmFriendlyName: 'HttpApi',
      latencyTypesToRender: [LatencyType.P50, LatencyType.P99],
      // 5 % of requests over five minutes, once there are enough requests to mean something.
      add5xxRateAlarm: { Critical: { maxErrorRate: 0.05, minMetricSamplesToAlarm: 20 } },
    });

    m.monitorApiGateway({
      api: props.intake.api,
      apiStage: props.intake.stage,
      humanReadableName: 'Web-form intake (REST API)',
      alarmFriendlyName: 'IntakeApi',
      latencyTypesToRender: [LatencyType.P50, LatencyType.P99],
      // a public form answering 5xx loses the leads it was sent; the function's own error
      // alarm does not see a failure it turned into a problem+json 500
      add5XXFaultRateAlarm: { Critical: { maxErrorRate: 0.05, minMetricSamplesToAlarm: 20 } },
    });
    if (props.intake.webAcl) {
      // on the dashboard only: blocking a flood is the web ACL doing its job, not an incident
      m.monitorWebApplicationFirewallAclV2({
        acl: props.intake.webAcl,
        region: this.region,
        humanReadableName: 'Web-form intake WAF (allowed and rate-limited requests)',
        alarmFriendlyName: 'IntakeWaf',
      });
    }

    for (const { name, fn } of props.functions) {
      m.monitorLambdaFunction({
        lambdaFunction: fn,
        humanReadableName: `${name} function`,
        alarmFriendlyName: `${name}Function`,
        // Bad input is a 4xx answer, not a Lambda error, so every error is worth a look.
        addFaultCountAlarm: { Critical: { maxErrorCount: 0 } },
        addThrottlesCountAlarm: { Critical: { maxErrorCount: 0 } },
      });
    }

    m.monitorDynamoTable({
      table: props.table,
      billingMode: BillingMode.PAY_PER_REQUEST,
      humanReadableName: 'CRM table',
      alarmFriendlyName: 'Table',
      addReadThrottledEventsCountAlarm: { Critical: { maxThrottledEventsThreshold: 0 } },
      addWriteThrottledEventsCountAlarm: { Critical: { maxThrottledEventsThreshold: 0 } },
    });

    for (const { name, queue } of props.deadLetterQueues) {
      m.monitorSqsQueue({
        queue,
        humanReadableName: `${name} DLQ`,
        alarmFriendlyName: `${name}Dlq`,
        // Anything in a DLQ is an event or a change that did not happen.
        addQueueMaxSizeAlarm: { Critical: { maxMessageCount: 0 } },
      });
    }

    for (const { name, stateMachine } of props.stateMachines) {
      m.monitorStepFunction({
        stateMachine,
        humanReadableName: `${name} workflow`,
        alarmFriendlyName: `${name}Workflow`,
        addFailedExecutionCountAlarm: { Critical: { maxErrorCount: 0 } },
      });
    }

    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
  }
}
