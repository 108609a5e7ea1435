/**
 * Outbound webhooks against DynamoDB Local and a real HTTP receiver on 127.0.0.1: a
 * delivery arrives signed, the same event fanned out twice is delivered once, failures
 * are recorded, retried by the real state machine and dead-lettered, and a redrive
 * delivers once the receiver is back.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StateMachine } from 'aws-local-stepfunctions';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { readAsl } from '../../functions/workflows/definitions';
import { ensureTable, localClient } from '../../local/dynamodb';
import type { Actor } from '../../shared/crm/actor';
import { createDatabase, type Database } from '../../shared/platform/database';
import {
  deliverWebhook,
  fanOutEvent,
  getDelivery,
  listDeliveries,
  markDeliveryDead,
  redriveDelivery,
  sendTestDelivery,
  STRANDED_AFTER_MS,
  type BusEnvelope,
} from '../../shared/webhooks/deliveries';
import { allSubscriptions, createSubscription, deleteSubscription, getSubscription, rotateSecret, updateSubscription } from '../../shared/webhooks/subscriptions';
import { verifyWebhookSignature } from '../../shared/webhooks/signing';

let db: Database;
let receiver: Receiver;
const admin = { userId: '01J0000000000000000000ADMN', profile: 'administrator', roles: [], groups: [] } as unknown as Actor; // audit entries need only the user id

beforeAll(async () => {
  process.env.WEBHOOKS_ALLOW_PRIVATE = 'true'; // the receiver listens on 127.0.0.1
  const tableName = `crm-webhooks-${Math.random().toString(36).slice(2, 8)}`;
  await ensureTable(localClient(inject('dynamoEndpoint')), tableName);
  db = createDatabase({ tableName, endpoint: inject('dynamoEndpoint') });
  receiver = await startReceiver();
});
afterAll(async () => {
  delete process.env.WEBHOOKS_ALLOW_PRIVATE;
  await receiver?.stop();
});
// Each test starts with no subscriptions, so a fan-out reaches only the ones it made.
beforeEach(async () => {
  receiver.reset();
  await Promise.all((await allSubscriptions(db)).map((s) => deleteSubscription(db, admin, s.subscriptionId)));
});

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}
interface Receiver {
  url: string;
  received: Received[];
  answer: number;
  reset(): void;
  stop(): Promise<void>;
}

/** A webhook receiver: records every request, answers with `answer`. */
async function startReceiver(): Promise<Receiver> {
  const state = { received: [] as Received[], answer: 200 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      state.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(state.answer, { 'content-type': 'text/plain' }).end(state.answer < 300 ? 'ok' : 'receiver is down for maintenance');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    get received() {
      return state.received;
    },
    get answer() {
      return state.answer;
    },
    set answer(status: number) {
      state.answer = status;
    },
    reset() {
      state.received.length = 0;
      state.answer = 200;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let eventCount = 0;
const leadCreated = (recordId = 'L1'): BusEnvelope => ({
  id: `envelope-${++eventCount}`,
  'detail-type': 'Lead Created',
  source: 'crm',
  time: '2026-05-04T09:30:00Z',
  detail: { schemaVersion: '1', eventId: `stream-event-${eventCount}`, recordType: 'lead', recordId, occurredAt: '2026-05-04T09:30:00Z', record: { leadId: recordId } },
});

const subscribe = (eventTypes = ['Lead Created'], url = receiver.url) => createSubscription(db, admin, { name: `Hook ${++eventCount}`, url, eventTypes, enabled: true });

/** The starter of the tests: records what would start the state machine, runs nothing. */
function recordingStarter() {
  const started: { deliveryId: string; runName: string }[] = [];
  return { started, start: async (deliveryId: string, runName: string) => void started.push({ deliveryId, runName }) };
}

describe('subscriptions', () => {
  it('show the secret only when it is made, and rotating makes a new one', async () => {
    const created = await subscribe();
    expect(created.secret).toHaveLength(43);
    const read = await getSubscription(db, created.subscriptionId);
    expect(read).not.toHaveProperty('secret');
    expect(read).not.toHaveProperty('scope');
    const rotated = await rotateSecret(db, admin, created.subscriptionId);
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.version).toBe(created.version + 1);
  });

  it('refuse a URL pointing into a private network, naming the url field', async () => {
    process.env.WEBHOOKS_ALLOW_PRIVATE = 'false';
    try {
      await expect(subscribe(['Lead Created'], 'https://169.254.169.254/latest/meta-data')).rejects.toMatchObject({
        kind: 'validation',
        fields: [{ name: 'url', detail: expect.stringMatching(/private or reserved/) }],
      });
    } finally {
      process.env.WEBHOOKS_ALLOW_PRIVATE = 'true';
    }
  });

  it('refuse a change made on a stale version with 409', async () => {
    const created = await subscribe();
    await updateSubscription(db, admin, created.subscriptionId, { name: 'Renamed', version: created.version });
    await expect(updateSubscription(db, admin, created.subscriptionId, { enabled: false, version: created.version })).rejects.toMatchObject({ kind: 'conflict' });
  });
});

describe('deliveries', () => {
  it('arrive signed with the subscription secret, with the event as the body, and succeed on 2xx', async () => {
    const subscription = await subscribe();
    const { start, started } = recordingStarter();
    const event = leadCreated('L-signed');
    const { deliveryIds } = await fanOutEvent(db, event, start);
    expect(deliveryIds).toHaveLength(1);
    expect(started).toEqual([{ deliveryId: deliveryIds[0], runName: `${deliveryIds[0]}-0` }]);

    expect(await deliverWebhook(db, deliveryIds[0]!)).toMatchObject({ status: 'succeeded', statusCode: 200 });
    const [request] = receiver.received;
    expect(verifyWebhookSignature(subscription.secret, request!.body, request!.headers['x-crm-signature'] as string)).toBe(true);
    expect(request!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-crm-event-id': event.detail.eventId,
      'x-crm-delivery-id': deliveryIds[0],
      'x-crm-event-type': 'Lead Created',
    });
    expect(JSON.parse(request!.body)).toEqual({ id: event.detail.eventId, type: 'Lead Created', time: event.time, data: event.detail });
    expect(await getDelivery(db, deliveryIds[0]!)).toMatchObject({ status: 'succeeded', attempts: 1, lastStatusCode: 200, deliveredAt: expect.any(String) });

    // the state machine running it again (a retry after a lost answer) sends nothing more
    expect(await deliverWebhook(db, deliveryIds[0]!)).toMatchObject({ status: 'succeeded' });
    expect(receiver.received).toHaveLength(1);
  });

  it('go only to enabled subscriptions that want the event type', async () => {
    const leads = await subscribe(['Lead Created']);
    const everything = await subscribe(['*']);
    const accounts = await subscribe(['Account Created']);
    const disabled = await subscribe(['Lead Created']);
    await updateSubscription(db, admin, disabled.subscriptionId, { enabled: false, version: disabled.version });
    const { deliveryIds } = await fanOutEvent(db, leadCreated(), recordingStarter().start);
    const subscriptionsReached = await Promise.all(deliveryIds.map(async (id) => (await getDelivery(db, id)).subscriptionId));
    expect(subscriptionsReached.sort()).toEqual([leads.subscriptionId, everything.subscriptionId].sort());
    expect(subscriptionsReached).not.toContain(accounts.subscriptionId);
    expect(subscriptionsReached).not.toContain(disabled.subscriptionId);
  });

  it('are made once per subscription when the bus delivers the same event twice', async () => {
    const subscription = await subscribe();
    const event = leadCreated('L-twice');
    const { start, started } = recordingStarter();
    const first = await fanOutEvent(db, event, start);
    // the redelivered envelope has another id; the event id in its detail is the same
    const second = await fanOutEvent(db, { ...event, id: 'envelope-redelivered' }, start);
    const mine = (ids: string[]) => Promise.all(ids.map((id) => getDelivery(db, id))).then((ds) => ds.filter((d) => d.subscriptionId === subscription.subscriptionId));
    const [a] = await mine(first.deliveryIds);
    const [b] = await mine(second.deliveryIds);
    expect(b!.deliveryId).toBe(a!.deliveryId);
    expect((await listDeliveries(db, subscription.subscriptionId, { limit: 10 })).items).toHaveLength(1);
    // a pending delivery is started again under the same run name: a no-op for a run already going, a rescue for one never started
    expect(new Set(started.filter((s) => s.deliveryId === a!.deliveryId).map((s) => s.runName))).toEqual(new Set([`${a!.deliveryId}-0`]));
  });

  it('record a failed attempt and throw for the state machine to retry; once dead they are in the dead-letter list; a redrive delivers when the receiver is back', async () => {
    const subscription = await subscribe();
    const { deliveryIds } = await fanOutEvent(db, leadCreated('L-down'), recordingStarter().start);
    const deliveryId = deliveryIds[0]!;
    receiver.answer = 500;
    await expect(deliverWebhook(db, deliveryId)).rejects.toMatchObject({ name: 'WebhookDeliveryFailed', message: 'HTTP 500: receiver is down for maintenance' });
    await expect(deliverWebhook(db, deliveryId)).rejects.toThrow(/HTTP 500/);
    expect(await getDelivery(db, deliveryId)).toMatchObject({ status: 'pending', attempts: 2, lastStatusCode: 500, lastError: 'HTTP 500: receiver is down for maintenance' });
    expect((await listDeliveries(db, subscription.subscriptionId, { status: 'dead', limit: 10 })).items).toEqual([]);

    // what the state machine's Catch passes: { Error, Cause } with the Lambda error as JSON
    await markDeliveryDead(db, deliveryId, { Error: 'WebhookDeliveryFailed', Cause: JSON.stringify({ errorType: 'WebhookDeliveryFailed', errorMessage: 'HTTP 500: receiver is down for maintenance' }) });
    const dead = await listDeliveries(db, subscription.subscriptionId, { status: 'dead', limit: 10 });
    expect(dead.items).toEqual([expect.objectContaining({ deliveryId, status: 'dead', attempts: 2, lastError: 'HTTP 500: receiver is down for maintenance' })]);
    expect(dead.requests).toBe(1);

    receiver.answer = 204;
    const { start, started } = recordingStarter();
    const [redriven, again] = await Promise.allSettled([redriveDelivery(db, deliveryId, start), redriveDelivery(db, deliveryId, start)]);
    // of two redrives at once, one starts a run and the other is refused
    expect([redriven.status, again.status].sort()).toEqual(['fulfilled', 'rejected']);
    expect(started).toEqual([{ deliveryId, runName: `${deliveryId}-1` }]);
    expect(await deliverWebhook(db, deliveryId)).toMatchObject({ status: 'succeeded', statusCode: 204 });
    expect(await getDelivery(db, deliveryId)).toMatchObject({ status: 'succeeded', attempts: 3, redrives: 1, lastStatusCode: 204 });
    expect((await listDeliveries(db, subscription.subscriptionId, { status: 'dead', limit: 10 })).items).toEqual([]);
    await expect(redriveDelivery(db, deliveryId, start)).rejects.toMatchObject({ kind: 'conflict' });
  });

  it('refuse to redrive one still being retried, but rescue one left pending with no run behind it', async () => {
    await subscribe();
    const { deliveryIds } = await fanOutEvent(db, leadCreated('L-stranded'), recordingStarter().start);
    const { start, started } = recordingStarter();
    await expect(redriveDelivery(db, deliveryIds[0]!, start)).rejects.toMatchObject({ kind: 'conflict' });
    await redriveDelivery(db, deliveryIds[0]!, start, new Date(Date.now() + STRANDED_AFTER_MS + 1000));
    expect(started).toHaveLength(1);
  });

  it('are dead-lettered without sending when their subscription was deleted', async () => {
    const subscription = await subscribe();
    const { deliveryIds } = await fanOutEvent(db, leadCreated('L-orphan'), recordingStarter().start);
    await deleteSubscription(db, admin, subscription.subscriptionId);
    expect(await deliverWebhook(db, deliveryIds[0]!)).toMatchObject({ status: 'dead' });
    expect(receiver.received).toEqual([]);
    expect(await getDelivery(db, deliveryIds[0]!)).toMatchObject({ status: 'dead', lastError: 'The subscription was deleted' });
  });

  it('do not follow a redirect, which could lead anywhere', async () => {
    await subscribe();
    receiver.answer = 302;
    const { deliveryIds } = await fanOutEvent(db, leadCreated('L-redirect'), recordingStarter().start);
    await expect(deliverWebhook(db, deliveryIds[0]!)).rejects.toThrow(/HTTP 302 \(redirects are not followed\)/);
    expect(receiver.received).toHaveLength(1);
  });

  it('include a test ping that goes through the same signed path', async () => {
    const subscription = await subscribe();
    const { start, started } = recordingStarter();
    const ping = await sendTestDelivery(db, admin, subscription.subscriptionId, start);
    expect(started.map((s) => s.deliveryId)).toEqual([ping.deliveryId]);
    await deliverWebhook(db, ping.deliveryId);
    const [request] = receiver.received;
    expect(request!.headers['x-crm-event-type']).toBe('Webhook Test');
    expect(verifyWebhookSignature(subscription.secret, request!.body, request!.headers['x-crm-signature'] as string)).toBe(true);
  });
});

describe('the webhook-delivery state machine', () => {
  /* eslint-disable @typescript-eslint/no-explicit-any -- aws-local-stepfunctions types task handlers as JSONValue */
  const definition = () => JSON.parse(readAsl('functions/workflows/webhook-delivery.asl.json').replaceAll(/\$\{(\w+)\}/g, 'arn:aws:lambda:us-east-1:123456789012:function:$1'));
  // The Tasks call the same domain functions the jobs handler runs for `deliverWebhook` and `markWebhookDeliveryDead`.
  const run = (deliveryId: string) =>
    new StateMachine(definition()).run(
      { deliveryId },
      {
        overrides: {
          taskResourceLocalHandlers: {
            DeliverWebhook: async (input: any) => (await deliverWebhook(db, input.deliveryId)) as any,
            MarkDeliveryDead: async (input: any) => (await markDeliveryDead(db, input.deliveryId, input.error)) as any,
          },
          retryIntervalOverrides: { DeliverWebhook: 0, MarkDeliveryDead: 0 },
        },
      },
    ).result;

  it('retries a failing receiver five times, then dead-letters the delivery and fails', async () => {
    const subscription = await subscribe();
    const { deliveryIds } = await fanOutEvent(db, leadCreated('L-sfn'), recordingStarter().start);
    receiver.answer = 503;
    await expect(run(deliveryIds[0]!)).rejects.toThrow();
    expect(receiver.received).toHaveLength(6); // the first try and five retries
    const dead = await listDeliveries(db, subscription.subscriptionId, { status: 'dead', limit: 10 });
    expect(dead.items).toEqual([expect.objectContaining({ deliveryId: deliveryIds[0], attempts: 6, lastStatusCode: 503, lastError: expect.stringMatching(/HTTP 503/) })]);
  });

  it('ends after one POST when the receiver answers', async () => {
    await subscribe();
    const { deliveryIds } = await fanOutEvent(db, leadCreated('L-sfn-ok'), recordingStarter().start);
    await expect(run(deliveryIds[0]!)).resolves.toMatchObject({ deliveryId: deliveryIds[0], outcome: { status: 'succeeded' } });
    expect(receiver.received).toHaveLength(1);
  });
});
