import { createRequire } from 'node:module';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { StateMachine } from 'aws-local-stepfunctions';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { eventRules } from '../../functions/events/rules';
import { createStreamHandler } from '../../functions/events/stream-handler';
import { readAsl, stateMachines } from '../../functions/workflows/definitions';
import { eventBridgePublisher } from '../../shared/adapters/eventbridge-publisher';
import { toDomainEvents } from '../../shared/events/domain-events';
import { matchesPattern } from '../../local/event-pattern';
import { EVENT_TYPES } from '../../shared/events/catalogue';

const aslValidator = createRequire(import.meta.url)('asl-validator') as (d: unknown) => { isValid: boolean; errors: unknown[] };
/* eslint-disable @typescript-eslint/no-explicit-any -- aws-local-stepfunctions types task handlers as JSONValue */
const substituted = (file: string) => JSON.parse(readAsl(file).replaceAll(/\$\{(\w+)\}/g, 'arn:aws:lambda:us-east-1:123456789012:function:$1'));

describe('state machine definitions', () => {
  it.each(Object.entries(stateMachines))('%s is valid ASL', (_key, machine) => {
    const result = aslValidator(substituted(machine.aslFile));
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('csv-export retries a failing step, then records the failure and fails', async () => {
    const calls: string[] = [];
    const machine = new StateMachine(substituted(stateMachines.csvExport.aslFile));
    const execution = machine.run(
      { detail: { recordId: 'E1' } },
      {
        overrides: {
          taskResourceLocalHandlers: {
            WriteCsv: async (input: any) => {
              calls.push(input.task);
              throw new Error('disk full');
            },
            EmailRequester: async () => ({}),
            MarkFailed: async (input: any) => {
              calls.push(`${input.task}:${JSON.stringify(input.error)}`);
              return {};
            },
          },
          retryIntervalOverrides: { WriteCsv: 1, MarkFailed: 1 },
        },
      },
    );
    await expect(execution.result).rejects.toThrow();
    expect(calls.filter((c) => c === 'writeExportCsv')).toHaveLength(4);
    expect(calls.at(-1)).toMatch(/^markExportFailed:.*disk full/);
  });
});

describe('event rules', () => {
  it('route an Export Created event to the export workflow and nothing else', () => {
    const event = { source: 'crm', 'detail-type': 'Export Created', detail: {} };
    expect(eventRules.filter((r) => matchesPattern(r.eventPattern, event)).map((r) => r.name)).toEqual(['export-requested']);
  });

  it('route every documented domain event, and the daily date tick, to the automation worker only', () => {
    const routed = (detailType: string) => eventRules.filter((r) => matchesPattern(r.eventPattern, { source: 'crm', 'detail-type': detailType, detail: {} })).map((r) => r.name);
    for (const detailType of [...EVENT_TYPES, 'Date Triggers Due']) expect(routed(detailType), detailType).toEqual(['automation']);
    expect(routed('Reminder Due')).toEqual(['reminder-due']);
  });

  it('match prefixes, anything-but and nested detail like EventBridge', () => {
    const event = { source: 'crm', 'detail-type': 'Lead Updated', detail: { record: { status: 'hot', tags: ['vip', 'eu'] } } };
    expect(matchesPattern({ 'detail-type': [{ prefix: 'Lead ' }] }, event)).toBe(true);
    expect(matchesPattern({ detail: { record: { status: [{ 'anything-but': ['junk'] }] } } }, event)).toBe(true);
    expect(matchesPattern({ detail: { record: { status: [{ 'anything-but': 'hot' }] } } }, event)).toBe(false);
    expect(matchesPattern({ detail: { record: { tags: ['eu'] } } }, event)).toBe(true);
    expect(matchesPattern({ detail: { record: { owner: [{ exists: false }] } } }, event)).toBe(true);
    expect(matchesPattern({ source: ['other'] }, event)).toBe(false);
  });
});

describe('domain events from the table stream', () => {
  const contact = { __edb_e__: 'contact', __edb_v__: '1', pk: 'x', gsi2pk: 'y', shard: '1', sortName: 'doe', contactId: 'C1', lastName: 'Doe', email: 'd@x.io', version: 1 };

  it('names the record type and verb, and lists changed fields only', () => {
    const [event, ...more] = toDomainEvents({
      eventId: 'e1',
      eventName: 'MODIFY',
      oldImage: contact,
      newImage: { ...contact, email: 'new@x.io', version: 2, updatedAt: 'later' },
    });
    expect(event).toMatchObject({ source: 'crm', detailType: 'Contact Updated', detail: { recordId: 'C1', changes: { email: { before: 'd@x.io', after: 'new@x.io' } } } });
    expect(JSON.stringify(event)).not.toMatch(/"pk"|gsi2pk|sortName|__edb/);
    expect(more).toEqual([]);
  });

  it('publishes nothing for records that are not domain records', () => {
    expect(toDomainEvents({ eventId: 'e', eventName: 'INSERT', newImage: { __edb_e__: 'uniqueValue', kind: 'contact-email' } })).toEqual([]);
    expect(toDomainEvents({ eventId: 'e', eventName: 'INSERT', newImage: { __edb_e__: 'user', passwordHash: 'secret' } })).toEqual([]);
  });
});

describe('the stream handler with EventBridge', () => {
  // PutEvents has no local equivalent inside a Lambda test, so it is mocked here.
  const eventBridge = mockClient(EventBridgeClient);
  beforeEach(() => eventBridge.reset());

  const streamEvent = (n: number): DynamoDBStreamEvent => ({
    Records: Array.from({ length: n }, (_, i) => ({
      eventID: `id${i}`,
      eventName: 'INSERT' as const,
      dynamodb: {
        SequenceNumber: String(100 + i),
        NewImage: marshall({ __edb_e__: 'account', accountId: `A${i}`, name: `n${i}` }) as never,
      },
    })),
  });

  it('puts events in batches of ten on the CRM bus', async () => {
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({ Entries: input.Entries.map(() => ({ EventId: 'x' })), FailedEntryCount: 0 }));
    const handler = createStreamHandler(() => eventBridgePublisher('crm-bus', eventBridge as unknown as EventBridgeClient));
    await expect(handler(streamEvent(23))).resolves.toEqual({ batchItemFailures: [] });
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls.map((c) => c.args[0].input.Entries!.length)).toEqual([10, 10, 3]);
    expect(calls[0]!.args[0].input.Entries![0]).toMatchObject({ EventBusName: 'crm-bus', Source: 'crm', DetailType: 'Account Created' });
  });

  it('reports the first failed record so Lambda retries from there', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ EventId: 'a' }, { ErrorCode: 'InternalFailure' }, { EventId: 'c' }] });
    const handler = createStreamHandler(() => eventBridgePublisher('crm-bus', eventBridge as unknown as EventBridgeClient));
    await expect(handler(streamEvent(3))).resolves.toEqual({ batchItemFailures: [{ itemIdentifier: '101' }] });
  });
});
