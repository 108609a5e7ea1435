import { Stack } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnSchedule, ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { cronExpression, recurringSchedules } from '../../functions/events/schedules';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue';

/**
 * Where schedules live: an EventBridge Scheduler group holding the one-off schedules
 * (reminder emails) and the recurring ones of functions/events/schedules.ts (the daily
 * date triggers), the role they assume to put their event on the CRM bus, and their
 * dead-letter queue. Functions that make schedules get them through CrmFunction.bindScheduler.
 */
export class ReminderScheduling extends Construct {
  readonly group: ScheduleGroup;
  readonly role: Role;
  readonly deadLetterQueue: DeadLetterQueue;
  readonly eventBus: IEventBus;

  constructor(scope: Construct, id: string, props: { eventBus: IEventBus }) {
    super(scope, id);
    this.eventBus = props.eventBus;
    this.group = new ScheduleGroup(this, 'Group', { scheduleGroupName: `crm-reminders-${this.node.addr.slice(0, 8)}` });
    this.deadLetterQueue = new DeadLetterQueue(this, 'Dlq', {
      purpose: 'reminder events EventBridge Scheduler could not put on the bus after its retries',
    });
    // Only this account's schedules may assume the role (confused-deputy guard).
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      description: 'Assumed by the CRM reminder schedules to put their event on the CRM bus and dead-letter what fails',
    });
    props.eventBus.grantPutEventsTo(this.role);
    this.deadLetterQueue.grantSendMessages(this.role);

    for (const schedule of recurringSchedules) {
      new CfnSchedule(this, `Recurring-${schedule.name}`, {
        groupName: this.group.scheduleGroupName,
        description: schedule.description,
        scheduleExpression: cronExpression(schedule),
        scheduleExpressionTimezone: 'UTC',
        flexibleTimeWindow: { mode: 'OFF' },
        target: {
          arn: props.eventBus.eventBusArn,
          roleArn: this.role.roleArn,
          eventBridgeParameters: { source: schedule.event.source, detailType: schedule.event.detailType },
          input: '{}',
          retryPolicy: { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 6 * 3600 },
          deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
        },
      });
    }
  }
}
