import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { eventRules } from '../../functions/events/rules';
import type { WorkerFunction } from '../../functions/groups';
import { readAsl, stateMachines, type StateMachineKey } from '../../functions/workflows/definitions';
import { acknowledge } from '../nag';
import { DeadLetterQueue } from './dead-letter-queue';

export interface CrmWorkflowsProps {
  workers: Record<WorkerFunction, IFunction>;
  eventBus: IEventBus;
}

/**
 * State machines from functions/workflows/definitions.ts and the bus rules from
 * functions/events/rules.ts that start them — the same declarations the local
 * runtime executes.
 */
export class CrmWorkflows extends Construct {
  readonly stateMachines: Record<StateMachineKey, StateMachine>;
  /**
   * Each machine's ARN made from its fixed name, not a reference to it: the workers the
   * machines call may then start executions themselves without a dependency cycle.
   */
  readonly executionArns: Record<StateMachineKey, string>;
  readonly rules = new Map<string, Rule>();
  /** Shared by every rule target: SQS message attributes name the rule and target of each event. */
  readonly ruleDeadLetterQueue: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: CrmWorkflowsProps) {
    super(scope, id);

    const machines = {} as Record<StateMachineKey, StateMachine>;
    const stack = Stack.of(this);
    const machineName = (name: string) => `${stack.stackName}-${name}`.slice(0, 80);
    this.executionArns = Object.fromEntries(
      Object.entries(stateMachines).map(([key, d]) => [
        key,
        stack.formatArn({ service: 'states', resource: 'stateMachine', resourceName: machineName(d.name), arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      ]),
    ) as Record<StateMachineKey, string>;
    for (const [key, definition] of Object.entries(stateMachines) as [StateMachineKey, (typeof stateMachines)[StateMachineKey]][]) {
      const logGroup = new LogGroup(this, `${key}Logs`, {
        // Step Functions vended logs need the /aws/vendedlogs/ prefix to stay under the resource-policy size limit.
        logGroupName: `/aws/vendedlogs/states/crm-${definition.name}-${this.node.addr.slice(0, 8)}`,
        retention: RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      const substitutions = Object.entries(definition.substitutions);
      const machine = new StateMachine(this, key, {
        stateMachineName: machineName(definition.name),
        comment: `${definition.name} (${definition.aslFile})`,
        definitionBody: DefinitionBody.fromString(readAsl(definition.aslFile)),
        definitionSubstitutions: Object.fromEntries(
          substitutions.map(([variable, worker]) => [variable, props.workers[worker].functionArn]),
        ),
        stateMachineType: StateMachineType[definition.type],
        // Execution data holds contacts' personal data; states and errors are enough to operate.
        logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
        tracingEnabled: true,
        // The ASL file holds the timeout (TimeoutSeconds), so the local runtime keeps it too;
        // a workflow run has none: it may wait up to Standard's own limit of a year.
      });
      // The ASL calls the unqualified function ARN, so that ARN is all the role needs
      // (grantInvoke would add a version wildcard).
      const workerArns = [...new Set(substitutions.map(([, worker]) => props.workers[worker].functionArn))];
      if (workerArns.length > 0) {
        machine.addToRolePolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: workerArns }));
      }
      acknowledge(
        machine.role,
        'AwsSolutions-IAM5[Resource::*]',
        'CloudWatch Logs log-delivery actions (logging level ALL) and X-Ray tracing actions have no resource-level permissions, so Step Functions requires Resource "*" for them.',
      );
      machines[key] = machine;
    }
    this.stateMachines = machines;

    this.ruleDeadLetterQueue = new DeadLetterQueue(this, 'RuleTargetsDlq', {
      purpose: 'events that a bus rule could not deliver to its state machine after retries (EventBridge target DLQ)',
    });
    for (const rule of eventRules) {
      const { source, detail } = rule.eventPattern;
      const created = new Rule(this, `Rule-${rule.name}`, {
        eventBus: props.eventBus,
        description: rule.description,
        eventPattern: { source, detailType: rule.eventPattern['detail-type'], detail },
      });
      const delivery = { deadLetterQueue: this.ruleDeadLetterQueue, retryAttempts: 8, maxEventAge: Duration.hours(24) };
      created.addTarget(
        rule.target.kind === 'stateMachine'
          ? new SfnStateMachine(machines[rule.target.stateMachine], delivery)
          : new LambdaFunction(props.workers[rule.target.function], delivery),
      );
      this.rules.set(rule.name, created);
    }
  }
}
