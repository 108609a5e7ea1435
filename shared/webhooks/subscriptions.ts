/**
 * Webhook subscriptions: an administrator's HTTPS URL and the event types it receives.
 * Every change is audited in its own transaction — a subscription sends CRM data out of
 * the organisation, so who pointed it where must be on record. The secret never appears
 * in a response except when it is made (create, rotate), nor in the audit trail.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Actor } from '../crm/actor';
import { auditItem, auditPut, type AuditInput, type FieldChanges } from '../access/audit';
import type { Database } from '../platform/database';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors';
import { newId, nowIso } from '../platform/ids';
import { keyPage } from '../platform/key-page';
import { transact, type TransactionWrite } from '../platform/transaction';
import type { WebhookSubscription, WebhookSubscriptionCreate, WebhookSubscriptionCreated, WebhookSubscriptionPatch } from './schemas';
import { newWebhookSecret } from './signing';
import { webhookUrlProblems } from './url-safety';

/** The stored item: the API shape plus the secret. */
export type StoredSubscription = WebhookSubscriptionCreated;

/** Only `npm start` and tests set it (http://localhost receivers for demos). */
export const allowPrivateDestinations = (env: NodeJS.ProcessEnv = process.env) => env.WEBHOOKS_ALLOW_PRIVATE === 'true';

const AUDIT_SUBJECT = 'webhook';
/** The one partition of all subscriptions. */
const ORG = { scope: 'org' } as const;

export async function createSubscription(db: Database, actor: Actor, input: WebhookSubscriptionCreate): Promise<WebhookSubscriptionCreated> {
  checkUrl(input.url);
  const at = nowIso();
  const item: StoredSubscription = {
    subscriptionId: newId(),
    name: input.name,
    url: input.url,
    eventTypes: input.eventTypes,
    enabled: input.enabled,
    secret: newWebhookSecret(),
    version: 1,
    createdAt: at,
    createdBy: actor.userId,
    updatedAt: at,
    updatedBy: actor.userId,
  };
  await transact(db.documentClient, [
    { item: { Put: db.entities.webhookSubscription.create(item).params() }, conflict: () => new ConflictError('The subscription already exists') },
    audited(db, actor, { subjectType: AUDIT_SUBJECT, subjectId: item.subscriptionId, action: 'create', summary: `Webhook ${item.name} → ${item.url}`, changes: described(publicView(item)) }),
  ]);
  return item;
}

export async function getSubscription(db: Database, subscriptionId: string): Promise<WebhookSubscription> {
  return publicView(await readSubscription(db, subscriptionId));
}

/** With its secret, for signing; undefined when there is none. */
export async function findSubscription(db: Database, subscriptionId: string): Promise<StoredSubscription | undefined> {
  const { data } = await db.entities.webhookSubscription.get({ ...ORG, subscriptionId }).go();
  return data ? stored(data) : undefined;
}

export async function listSubscriptions(db: Database, page: { limit: number; cursor?: string }) {
  const entity = db.entities.webhookSubscription;
  const result = await keyPage({ client: db.documentClient, query: entity.query.all(ORG).params(), limit: page.limit, cursor: page.cursor });
  return { items: entity.parse({ Items: result.items }).data.map((item) => publicView(stored(item))), cursor: result.cursor };
}

/** Every subscription, for the fan-out: one partition, a handful of items, one Query (two past 1 MB). */
export async function allSubscriptions(db: Database): Promise<StoredSubscription[]> {
  const { data } = await db.entities.webhookSubscription.query.all(ORG).go({ pages: 'all' });
  return data.map(stored);
}

export async function updateSubscription(db: Database, actor: Actor, subscriptionId: string, patch: WebhookSubscriptionPatch): Promise<WebhookSubscription> {
  const before = await readSubscription(db, subscriptionId);
  if (before.version !== patch.version) throw stale(before.version);
  if (patch.url !== undefined) checkUrl(patch.url);
  const { version: _version, ...fields } = patch;
  const changes = diff(publicView(before), { ...publicView(before), ...fields });
  if (Object.keys(changes).length === 0) return publicView(before);
  const after = await write(db, actor, before, fields, { subjectType: AUDIT_SUBJECT, subjectId: subscriptionId, action: 'update', changes });
  return publicView(after);
}

/** A new secret at once: deliveries signed from now on use it (retries of earlier ones too). */
export async function rotateSecret(db: Database, actor: Actor, subscriptionId: string): Promise<WebhookSubscriptionCreated> {
  const before = await readSubscription(db, subscriptionId);
  return write(db, actor, before, { secret: newWebhookSecret() }, {
    subjectType: AUDIT_SUBJECT,
    subjectId: subscriptionId,
    action: 'update',
    summary: 'Signing secret rotated',
  });
}

/** Its deliveries stay listed until they expire; pending ones are dead-lettered when their turn comes. */
export async function deleteSubscription(db: Database, actor: Actor, subscriptionId: string): Promise<void> {
  const before = await readSubscription(db, subscriptionId);
  await transact(db.documentClient, [
    {
      item: { Delete: db.entities.webhookSubscription.delete({ ...ORG, subscriptionId }).where((a, op) => op.eq(a.version, before.version)).params() },
      conflict: () => stale(undefined),
    },
    audited(db, actor, { subjectType: AUDIT_SUBJECT, subjectId: subscriptionId, action: 'delete', summary: `Webhook ${before.name} → ${before.url}`, changes: described(publicView(before), 'before') }),
  ]);
}

async function readSubscription(db: Database, subscriptionId: string): Promise<StoredSubscription> {
  const subscription = await findSubscription(db, subscriptionId);
  if (!subscription) throw new NotFoundError(`No webhook subscription ${subscriptionId}`);
  return subscription;
}

/** A conditional put of the next version with its audit entry: of two racing writes one wins, the other gets 409. */
async function write(db: Database, actor: Actor, before: StoredSubscription, fields: Partial<StoredSubscription>, audit: AuditInput): Promise<StoredSubscription> {
  const after: StoredSubscription = { ...before, ...fields, version: before.version + 1, updatedAt: nowIso(), updatedBy: actor.userId };
  await transact(db.documentClient, [
    {
      item: { Put: db.entities.webhookSubscription.put(after).where((a, op) => op.eq(a.version, before.version)).params() },
      conflict: () => stale(undefined),
    },
    audited(db, actor, audit),
  ]);
  return after;
}

function checkUrl(url: string) {
  const problems = webhookUrlProblems(url, { allowPrivate: allowPrivateDestinations() });
  if (problems.length > 0) throw new ValidationError(`The URL cannot receive webhooks: ${problems.join('; ')}`, problems.map((detail) => ({ name: 'url', detail })));
}

const audited = (db: Database, actor: Actor, input: AuditInput): TransactionWrite => ({
  item: { Put: auditPut(db, auditItem(actor, input)) },
  conflict: () => new ConflictError('The change could not be recorded; try again'),
});

const stale = (version: number | undefined) =>
  new ConflictError(
    version === undefined ? 'The subscription was changed by someone else; reload it' : `The subscription is at version ${version}; reload it and apply your change again`,
    [{ name: 'version', detail: 'is stale' }],
  );

/** Drops the secret and ElectroDB's own attributes (scope). */
export function publicView(item: StoredSubscription): WebhookSubscription {
  const { subscriptionId, name, url, eventTypes, enabled, version, createdAt, createdBy, updatedAt, updatedBy } = item;
  return { subscriptionId, name, url, eventTypes, enabled, version, createdAt, createdBy, updatedAt, updatedBy };
}

const stored = (item: StoredSubscription & { scope?: string }): StoredSubscription => ({ ...publicView(item), secret: item.secret });

const EDITABLE = ['name', 'url', 'eventTypes', 'enabled'] as const;

function diff(before: WebhookSubscription, after: WebhookSubscription): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of EDITABLE) {
    if (!isDeepStrictEqual(before[field], after[field])) changes[field] = { before: before[field], after: after[field] };
  }
  return changes;
}

function described(view: WebhookSubscription, side: 'before' | 'after' = 'after'): FieldChanges {
  return Object.fromEntries(EDITABLE.map((field) => [field, side === 'after' ? { before: null, after: view[field] } : { before: view[field], after: null }]));
}
