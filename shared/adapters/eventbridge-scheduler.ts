import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import type { ScheduledEvent, Scheduler } from '../ports/scheduler';

export interface EventBridgeSchedulerConfig {
  groupName: string;
  busArn: string;
  /** Role EventBridge Scheduler assumes to put the event on the bus. */
  roleArn: string;
  deadLetterQueueArn: string;
}

/** Schedules put their event on the CRM bus once, retry, dead-letter, then delete themselves. */
export function eventBridgeScheduler(config: EventBridgeSchedulerConfig, client = new SchedulerClient({})): Scheduler {
  const input = ({ name, at, event }: ScheduledEvent): CreateScheduleCommandInput => ({
    Name: name,
    GroupName: config.groupName,
    ScheduleExpression: `at(${at.toISOString().slice(0, 19)})`,
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    Target: {
      Arn: config.busArn,
      RoleArn: config.roleArn,
      EventBridgeParameters: { Source: event.source, DetailType: event.detailType },
      Input: JSON.stringify(event.detail),
      RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 86_400 },
      DeadLetterConfig: { Arn: config.deadLetterQueueArn },
    },
  });
  return {
    async scheduleOnce(schedule) {
      try {
        await client.send(new CreateScheduleCommand(input(schedule)));
      } catch (error) {
        if (!(error instanceof ConflictException)) throw error;
        await client.send(new UpdateScheduleCommand(input(schedule)));
      }
    },
    async cancel(name) {
      try {
        await client.send(new DeleteScheduleCommand({ Name: name, GroupName: config.groupName }));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
    },
  };
}
