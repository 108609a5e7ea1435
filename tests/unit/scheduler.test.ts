import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, SchedulerClient, UpdateScheduleCommand } from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { eventBridgeScheduler } from '../../shared/adapters/eventbridge-scheduler';
import type { BusEvent } from '../../shared/ports/event-publisher';
import { createLocalScheduler } from '../../local/scheduler';

const event: BusEvent = { source: 'crm', detailType: 'Reminder Due', detail: { reminderId: 'R1' } };

describe('EventBridge Scheduler adapter', () => {
  // EventBridge Scheduler has no local equivalent to call from a unit test: mocked here.
  const scheduler = mockClient(SchedulerClient);
  const config = { groupName: 'crm', busArn: 'arn:bus', roleArn: 'arn:role', deadLetterQueueArn: 'arn:dlq' };
  const adapter = eventBridgeScheduler(config, scheduler as unknown as SchedulerClient);
  beforeEach(() => scheduler.reset());

  it('creates a one-off UTC schedule that puts the event on the bus, retries, dead-letters and deletes itself', async () => {
    scheduler.on(CreateScheduleCommand).resolves({});
    await adapter.scheduleOnce({ name: 'reminder-R1', at: new Date('2026-12-01T09:30:00.000Z'), event });
    expect(scheduler.commandCalls(CreateScheduleCommand)[0]!.args[0].input).toMatchObject({
      Name: 'reminder-R1',
      GroupName: 'crm',
      ScheduleExpression: 'at(2026-12-01T09:30:00)',
      ScheduleExpressionTimezone: 'UTC',
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: 'arn:bus',
        RoleArn: 'arn:role',
        EventBridgeParameters: { Source: 'crm', DetailType: 'Reminder Due' },
        Input: JSON.stringify({ reminderId: 'R1' }),
        DeadLetterConfig: { Arn: 'arn:dlq' },
      },
    });
  });

  it('replaces a schedule of the same name, so a retried request does not double it', async () => {
    scheduler.on(CreateScheduleCommand).rejects(new ConflictException({ message: 'exists', Message: 'exists', $metadata: {} }));
    scheduler.on(UpdateScheduleCommand).resolves({});
    await adapter.scheduleOnce({ name: 'reminder-R1', at: new Date('2026-12-01T10:00:00Z'), event });
    expect(scheduler.commandCalls(UpdateScheduleCommand)).toHaveLength(1);
  });

  it('cancels quietly when the schedule already fired', async () => {
    scheduler.on(DeleteScheduleCommand).rejects(new ResourceNotFoundException({ message: 'gone', Message: 'gone', $metadata: {} }));
    await expect(adapter.cancel('reminder-R1')).resolves.toBeUndefined();
  });
});

describe('local scheduler', () => {
  it('puts the event on the bus when due, once, and keeps pending schedules across a restart', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sched-')), 'schedules.json');
    const published: BusEvent[] = [];
    const publisher = { publish: vi.fn(async (events: BusEvent[]) => (published.push(...events), { failed: [] })) };
    const first = createLocalScheduler({ file, publisher, tickMs: 20 });
    await first.scheduler.scheduleOnce({ name: 'soon', at: new Date(Date.now() + 100), event });
    await first.scheduler.scheduleOnce({ name: 'later', at: new Date(Date.now() + 60_000), event });
    await first.scheduler.scheduleOnce({ name: 'cancelled', at: new Date(Date.now() + 50), event });
    await first.scheduler.cancel('cancelled');
    await vi.waitFor(() => expect(published).toHaveLength(1), { timeout: 3000 });
    await new Promise((r) => setTimeout(r, 100));
    expect(published).toHaveLength(1);
    await first.stop();

    const second = createLocalScheduler({ file, publisher, tickMs: 20 });
    expect(second.pending().map((s) => s.name)).toEqual(['later']);
    await second.stop();
  });

  it('fires a daily schedule once a day after its time, remembers it across a restart, and not before the runtime starts it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sched-')), 'schedules.json');
    const published: BusEvent[] = [];
    const publisher = { publish: vi.fn(async (events: BusEvent[]) => (published.push(...events), { failed: [] })) };
    const now = new Date();
    const passed = { name: 'daily', description: 'test', dailyAtUtc: { hour: 0, minute: 0 }, event: { source: 'crm', detailType: 'Date Triggers Due' } };
    const coming = { ...passed, name: 'not-yet', dailyAtUtc: { hour: 23, minute: 59 } };
    const first = createLocalScheduler({ file, publisher, tickMs: 20, recurring: [passed, ...(now.getUTCHours() < 23 ? [coming] : [])] });
    await new Promise((r) => setTimeout(r, 100));
    expect(published).toEqual([]);
    first.startRecurring();
    await vi.waitFor(() => expect(published).toHaveLength(1), { timeout: 3000 });
    await new Promise((r) => setTimeout(r, 100));
    expect(published).toEqual([{ source: 'crm', detailType: 'Date Triggers Due', detail: { day: now.toISOString().slice(0, 10) } }]);
    await first.stop();

    const second = createLocalScheduler({ file, publisher, tickMs: 20, recurring: [passed] });
    second.startRecurring();
    await new Promise((r) => setTimeout(r, 150));
    expect(published).toHaveLength(1);
    await second.stop();
  });
});
