/**
 * Webhook deliveries: one domain event on its way to one subscription.
 *
 *   bus event ─ fanOutEvent ─▶ delivery (pending) ─ start ─▶ state machine
 *     (functions/workflows/webhook-delivery.asl.json): deliverWebhook, retried with
 *     backoff ─▶ succeeded | markDeliveryDead ─▶ dead (listed, redriveDelivery)
 *
 * Delivery is at least once: a receiver may get the same delivery twice (a retry after a
 * response that was lost), so every POST carries x-crm-delivery-id and x-crm-event-id.
 */
import type { Actor } from '../crm/actor';
import type { Database } from '../platform/database';
import { ConflictError, NotFoundError, isConditionFailure } from '../platform/errors';
import { newId, nowIso } from '../platform/ids';
import { keyPage } from '../platform/key-page';
import { transact } from '../platform/transaction';
import { ALL_EVENTS, TEST_EVENT_TYPE, type DeliveryStatus, type WebhookDelivery, type WebhookDeliveryListQuery } from './schemas';
import { webhookHeaders } from './signing';
import { allSubscriptions, allowPrivateDestinations, findSubscription, type StoredSubscription } from './subscriptions';
import { assertPublicDestination, type AddressLookup } from './url-safety';

/**
 * Starts the delivery state machine for a delivery. `runName` is unique per run of a
 * delivery (`<deliveryId>-<redrives>`): used as the execution name, with
 * ExecutionAlreadyExists taken as success, it makes a second start of the same run a
 * no-op — which is what lets fanOutEvent start again a delivery an earlier, interrupted
 * fan-out of the same event created but may not have started.
 */
export type StartDelivery = (deliveryId: string, runName: string) => Promise<void>;

/** The EventBridge envelope as a rule target receives it (local/event-bus.ts EnvelopedEvent). */
export interface BusEnvelope {
  id: string;
  'detail-type': string;
  source: string;
  time: string;
  detail: Record<string, unknown>;
}

/** Thrown for a failed attempt; the state machine retries on it (its name is the Step Functions error). */
export class WebhookDeliveryFailed extends Error {
  override readonly name = 'WebhookDeliveryFailed';
}

const CLAIM_KIND = 'webhookDelivery';
const RETENTION_SECONDS = 30 * 24 * 60 * 60;
export const SEND_TIMEOUT_MS = 10_000;
/**
 * A pending delivery untouched for this long has no run left: the state machine's five
 * retries over about 5 minutes, each attempt at most 10 s, are long over. It may be re-driven.
 */
export const STRANDED_AFTER_MS = 15 * 60 * 1000;

const runName = (delivery: { deliveryId: string; redrives: number }) => `${delivery.deliveryId}-${delivery.redrives}`;
const expiresAt = (now: Date) => Math.floor(now.getTime() / 1000) + RETENTION_SECONDS;

/**
 * Makes one delivery per enabled subscription that wants the event, and starts each.
 * The same event arriving twice (the bus delivers at least once) makes no second
 * delivery: a claim on (subscription, event id) is written in the delivery's transaction.
 */
export async function fanOutEvent(db: Database, event: BusEnvelope, start: StartDelivery): Promise<{ deliveryIds: string[] }> {
  const detailType = event['detail-type'];
  const subscriptions = (await allSubscriptions(db)).filter((s) => s.enabled && wants(s, detailType));
  if (subscriptions.length === 0) return { deliveryIds: [] };
  const eventId = typeof event.detail?.eventId === 'string' ? event.detail.eventId : event.id;
  const payload = JSON.stringify({ id: eventId, type: detailType, time: event.time, data: event.detail });
  const deliveries = await Promise.all(subscriptions.map((s) => createDelivery(db, { subscriptionId: s.subscriptionId, eventId, detailType, payload })));
  // Started after all are written: a failed start fails the fan-out, and the bus's retry finds them and starts them again.
  await Promise.all(deliveries.filter((d) => d.status === 'pending').map((d) => start(d.deliveryId, runName(d))));
  return { deliveryIds: deliveries.map((d) => d.deliveryId) };
}

const wants = (subscription: StoredSubscription, detailType: string) =>
  subscription.eventTypes.includes(ALL_EVENTS) || subscription.eventTypes.includes(detailType);

/** A ping through the same path as every delivery: signed, retried, dead-lettered. */
export async function sendTestDelivery(db: Database, actor: Actor, subscriptionId: string, start: StartDelivery): Promise<WebhookDelivery> {
  const subscription = await findSubscription(db, subscriptionId);
  if (!subscription) throw new NotFoundError(`No webhook subscription ${subscriptionId}`);
  if (!subscription.enabled) throw new ConflictError('The subscription is disabled; enable it to test it', [{ name: 'enabled', detail: 'is false' }]);
  const eventId = newId();
  const time = nowIso();
  const data = { subscriptionId, message: 'A test delivery from the CRM', requestedBy: actor.userId };
  const delivery = await createDelivery(db, {
    subscriptionId,
    eventId,
    detailType: TEST_EVENT_TYPE,
    payload: JSON.stringify({ id: eventId, type: TEST_EVENT_TYPE, time, data }),
  });
  await start(delivery.deliveryId, runName(delivery));
  return delivery;
}

interface NewDelivery {
  subscriptionId: string;
  eventId: string;
  detailType: string;
  payload: string;
}

/** The new delivery, or the one an earlier fan-out of the same event made. */
async function createDelivery(db: Database, input: NewDelivery): Promise<WebhookDelivery> {
  const now = new Date();
  const at = now.toISOString();
  const delivery = { deliveryId: newId(), ...input, status: 'pending' as const, attempts: 0, redrives: 0, createdAt: at, updatedAt: at };
  const claimKey = { kind: CLAIM_KIND, value: `${input.subscriptionId}|${input.eventId}` };
  const claim = db.entities.uniqueValue.create({ ...claimKey, holderId: delivery.deliveryId }).params();
  const duplicate = new Error('duplicate delivery');
  try {
    await transact(db.documentClient, [
      // the claim goes when its delivery goes (TTL): uniqueValue has no expiresAt of its own
      { item: { Put: { ...claim, Item: { ...claim.Item, expiresAt: expiresAt(now) } } }, conflict: () => duplicate },
      {
        item: { Put: db.entities.webhookDelivery.create({ ...delivery, expiresAt: expiresAt(now) }).params() },
        conflict: () => new ConflictError(`Delivery ${delivery.deliveryId} already exists`),
      },
    ]);
    return delivery;
  } catch (error) {
    if (error !== duplicate) throw error;
    const { data: held } = await db.entities.uniqueValue.get(claimKey).go();
    const existing = held ? await findDelivery(db, held.holderId) : undefined;
    if (!existing) throw new ConflictError(`The delivery of event ${input.eventId} is being created; try again`);
    return existing;
  }
}

export async function getDelivery(db: Database, deliveryId: string): Promise<WebhookDelivery> {
  const delivery = await findDelivery(db, deliveryId);
  if (!delivery) throw new NotFoundError(`No webhook delivery ${deliveryId}`);
  return delivery;
}

async function findDelivery(db: Database, deliveryId: string): Promise<WebhookDelivery | undefined> {
  const { data } = await db.entities.webhookDelivery.get({ deliveryId }).go();
  return data ? deliveryView(data) : undefined;
}

export interface DeliverOptions {
  fetch?: typeof fetch;
  now?: () => Date;
  /** default: WEBHOOKS_ALLOW_PRIVATE (npm start and tests only) */
  allowPrivate?: boolean;
  lookup?: AddressLookup;
  timeoutMs?: number;
}

export type DeliveryOutcome = { deliveryId: string; status: DeliveryStatus | 'missing'; statusCode?: number };

/**
 * One attempt, the state machine's Task: a 2xx answer delivers it; anything else is
 * recorded on the delivery and thrown (WebhookDeliveryFailed) for the state machine to
 * retry. A delivery already succeeded, dead or gone is left as it is; one whose
 * subscription was deleted or disabled is dead-lettered without sending.
 */
export async function deliverWebhook(db: Database, deliveryId: string, options: DeliverOptions = {}): Promise<DeliveryOutcome> {
  const delivery = await findDelivery(db, deliveryId);
  if (!delivery) return { deliveryId, status: 'missing' };
  if (delivery.status !== 'pending') return { deliveryId, status: delivery.status };
  const subscription = await findSubscription(db, delivery.subscriptionId);
  if (!subscription || !subscription.enabled) {
    await markDeliveryDead(db, deliveryId, subscription ? 'The subscription is disabled' : 'The subscription was deleted');
    return { deliveryId, status: 'dead' };
  }
  const now = options.now ?? (() => new Date());
  let statusCode: number | undefined;
  try {
    await assertPublicDestination(subscription.url, { allowPrivate: options.allowPrivate ?? allowPrivateDestinations(), lookup: options.lookup });
    const response = await (options.fetch ?? fetch)(subscription.url, {
      method: 'POST',
      headers: webhookHeaders({ secret: subscription.secret, body: delivery.payload, eventId: delivery.eventId, deliveryId, detailType: delivery.detailType, now: now() }),
      body: delivery.payload,
      // a redirect could lead to an address the checks above never saw
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? SEND_TIMEOUT_MS),
    });
    statusCode = response.status;
    const excerpt = await bodyExcerpt(response);
    if (statusCode < 200 || statusCode >= 300) {
      const redirect = statusCode >= 300 && statusCode < 400 ? ' (redirects are not followed)' : '';
      throw new WebhookDeliveryFailed(`HTTP ${statusCode}${redirect}${excerpt ? `: ${excerpt}` : ''}`);
    }
  } catch (error) {
    const failure = error instanceof WebhookDeliveryFailed ? error : new WebhookDeliveryFailed(describeSendError(error, options.timeoutMs ?? SEND_TIMEOUT_MS));
    await recordAttempt(db, delivery, now(), { lastError: failure.message, lastStatusCode: statusCode });
    throw failure;
  }
  await recordAttempt(db, delivery, now(), { status: 'succeeded', deliveredAt: now().toISOString(), lastStatusCode: statusCode });
  return { deliveryId, status: 'succeeded', statusCode };
}

/** Adds the attempt to a still-pending delivery; a delivery no longer pending (dead-lettered meanwhile) is left alone. */
async function recordAttempt(
  db: Database,
  delivery: WebhookDelivery,
  now: Date,
  outcome: { status?: 'succeeded'; deliveredAt?: string; lastError?: string; lastStatusCode?: number },
) {
  const cleared = [...(outcome.lastError === undefined ? ['lastError' as const] : []), ...(outcome.lastStatusCode === undefined ? ['lastStatusCode' as const] : [])];
  try {
    let update = db.entities.webhookDelivery
      .patch({ deliveryId: delivery.deliveryId })
      .composite({ subscriptionId: delivery.subscriptionId })
      .add({ attempts: 1 })
      .set({ ...definedOnly(outcome), updatedAt: now.toISOString() });
    if (cleared.length > 0) update = update.remove(cleared);
    await update.where((a, op) => op.eq(a.status, 'pending')).go({ response: 'none' });
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * The state machine's Catch after the last retry (and deliverWebhook for a deleted or
 * disabled subscription): the delivery joins its subscription's dead-letter list.
 * `error` is the Catch's `{ Error, Cause }` or a reason. A delivery that succeeded or is
 * gone stays as it is.
 */
export async function markDeliveryDead(db: Database, deliveryId: string, error?: unknown): Promise<DeliveryOutcome> {
  const delivery = await findDelivery(db, deliveryId);
  if (!delivery) return { deliveryId, status: 'missing' };
  if (delivery.status !== 'pending') return { deliveryId, status: delivery.status };
  try {
    await db.entities.webhookDelivery
      .patch({ deliveryId })
      .composite({ subscriptionId: delivery.subscriptionId })
      .set({ status: 'dead', lastError: describeFailure(error) ?? delivery.lastError ?? 'Delivery failed', updatedAt: nowIso() })
      .where((a, op) => op.eq(a.status, 'pending'))
      .go({ response: 'none' });
  } catch (failure) {
    if (!isConditionFailure(failure)) throw failure;
    return { deliveryId, status: (await getDelivery(db, deliveryId)).status };
  }
  return { deliveryId, status: 'dead' };
}

/** A subscription's deliveries newest first, or only those with one status (status=dead: its dead-letter list). One Query a page. */
export async function listDeliveries(db: Database, subscriptionId: string, query: Pick<WebhookDeliveryListQuery, 'status' | 'limit' | 'cursor'>) {
  const entity = db.entities.webhookDelivery;
  const params = query.status
    ? entity.query.bySubscriptionStatus({ subscriptionId, status: query.status }).params()
    : entity.query.bySubscription({ subscriptionId }).params();
  const result = await keyPage({ client: db.documentClient, query: { ...params, ScanIndexForward: false }, limit: query.limit, cursor: query.cursor });
  return { items: entity.parse({ Items: result.items }).data.map(deliveryView), cursor: result.cursor, requests: result.requests };
}

/**
 * Sends a dead delivery again — its attempts kept, a fresh round of retries — or one left
 * pending with no run behind it (STRANDED_AFTER_MS). Conditional on the redrive count
 * read, so of two redrives at once one starts a run and the other gets 409.
 */
export async function redriveDelivery(db: Database, deliveryId: string, start: StartDelivery, now: Date = new Date()): Promise<WebhookDelivery> {
  const delivery = await getDelivery(db, deliveryId);
  if (delivery.status === 'succeeded') throw new ConflictError('The delivery succeeded; there is nothing to redrive', [{ name: 'status', detail: 'is succeeded' }]);
  if (delivery.status === 'pending' && now.getTime() - Date.parse(delivery.updatedAt) < STRANDED_AFTER_MS) {
    throw new ConflictError('The delivery is still being retried', [{ name: 'status', detail: 'is pending' }]);
  }
  const subscription = await findSubscription(db, delivery.subscriptionId);
  if (!subscription) throw new ConflictError('The subscription was deleted', [{ name: 'subscriptionId', detail: 'no longer exists' }]);
  if (!subscription.enabled) throw new ConflictError('The subscription is disabled; enable it to redrive', [{ name: 'enabled', detail: 'is false' }]);
  const next = { ...delivery, status: 'pending' as const, redrives: delivery.redrives + 1, updatedAt: now.toISOString() };
  try {
    await db.entities.webhookDelivery
      .patch({ deliveryId })
      .composite({ subscriptionId: delivery.subscriptionId })
      // a redriven delivery is kept another 30 days from now
      .set({ status: 'pending', redrives: next.redrives, updatedAt: next.updatedAt, expiresAt: expiresAt(now) })
      .where((a, op) => `${op.eq(a.redrives, delivery.redrives)} AND ${op.eq(a.status, delivery.status)}`)
      .go({ response: 'none' });
  } catch (error) {
    if (isConditionFailure(error)) throw new ConflictError('The delivery was redriven by someone else just now', [{ name: 'status', detail: 'changed' }]);
    throw error;
  }
  await start(deliveryId, runName(next));
  return next;
}

function deliveryView(item: WebhookDelivery & { expiresAt?: number }): WebhookDelivery {
  const { expiresAt: _expiresAt, ...view } = item;
  return view;
}

const definedOnly = <T extends Record<string, unknown>>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };

/** The first few hundred characters of a receiver's answer, for the delivery log; the rest is not read. */
async function bodyExcerpt(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < 500) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // an answer cut short says nothing more
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, 300).replace(/\s+/g, ' ').trim();
}

function describeSendError(error: unknown, timeoutMs: number): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return `No answer within ${timeoutMs / 1000} s`;
  if (e?.name === 'WebhookDestinationRefused') return e.message;
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `${e?.message ?? String(error)}${cause ? ` (${cause})` : ''}`.slice(0, 1000);
}

/** A reason from the Catch's `{ Error, Cause }` (Cause: the Lambda error as JSON) or a plain string. */
function describeFailure(error: unknown): string | undefined {
  if (typeof error === 'string') return error.slice(0, 1000);
  if (!error || typeof error !== 'object') return undefined;
  const { Error: name, Cause: cause } = error as { Error?: string; Cause?: string };
  if (typeof cause === 'string') {
    try {
      const parsed = JSON.parse(cause) as { errorMessage?: string };
      if (parsed.errorMessage) return parsed.errorMessage.slice(0, 1000);
    } catch {
      // not JSON: the cause as it is
    }
    return `${name ? `${name}: ` : ''}${cause}`.slice(0, 1000);
  }
  return name;
}
