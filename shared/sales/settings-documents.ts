/**
 * Versioned settings documents besides security: pipelines, lead scoring, custom fields.
 * Each is one item, saved whole with optimistic concurrency and an audit entry, read
 * through a short per-function cache like the security settings (shared/access/context.ts).
 * Until an administrator first saves one, its defaults apply (version 0).
 */
import { isDeepStrictEqual } from 'node:util';
import * as z from 'zod';
import { ConflictError } from '../platform/errors';
import { nowIso } from '../platform/ids';
import { transact } from '../platform/transaction';
import type { Database } from '../platform/database';
import type { Actor } from '../crm/actor';
import { auditItem, auditPut } from '../access/audit';

export interface SettingsDocumentSpec<T> {
  key: string;
  defaults(): T;
  /** checks that need the table (a stage that still holds deals) */
  beforeSave?(db: Database, current: T, next: T): Promise<void>;
}

export interface SettingsDocument<T> {
  body: T;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

const cache = new WeakMap<Database, Map<string, { document: Promise<SettingsDocument<unknown>>; until: number }>>();

export async function readDocument<T>(db: Database, spec: SettingsDocumentSpec<T>): Promise<SettingsDocument<T>> {
  const item = await db.getItem(db.entities.settingsDocument.get({ key: spec.key }).params().Key as Record<string, unknown>);
  if (!item) return { body: spec.defaults(), version: 0, updatedAt: new Date(0).toISOString(), updatedBy: 'system' };
  const { body, version, updatedAt, updatedBy } = db.entities.settingsDocument.parse({ Item: item }).data!;
  return { body: body as T, version, updatedAt, updatedBy };
}

/** The document as a request uses it: at most SETTINGS_CACHE_SECONDS old, fresh in the function that saved it. */
export function cachedDocument<T>(db: Database, spec: SettingsDocumentSpec<T>): Promise<SettingsDocument<T>> {
  const ttlMs = Number(process.env.SETTINGS_CACHE_SECONDS ?? 5) * 1000;
  let forDb = cache.get(db);
  if (!forDb) cache.set(db, (forDb = new Map()));
  const hit = forDb.get(spec.key);
  if (hit && hit.until > Date.now()) return hit.document as Promise<SettingsDocument<T>>;
  const document = readDocument(db, spec);
  forDb.set(spec.key, { document, until: Date.now() + ttlMs });
  document.catch(() => forDb.delete(spec.key));
  return document;
}

export async function saveDocument<T>(db: Database, actor: Actor, spec: SettingsDocumentSpec<T>, body: T, version: number): Promise<SettingsDocument<T>> {
  const current = await readDocument(db, spec);
  if (current.version !== version) throw stale(current.version, spec.key);
  await spec.beforeSave?.(db, current.body, body);
  const next = { key: spec.key, body, version: version + 1, updatedAt: nowIso(), updatedBy: actor.userId };
  const entity = db.entities.settingsDocument;
  const put = version === 0 ? entity.create(next).params() : entity.put(next).where((a, op) => op.eq(a.version, version)).params();
  const changes = isDeepStrictEqual(current.body, body) ? {} : { [spec.key]: { before: current.body, after: body } };
  await transact(db.documentClient, [
    { item: { Put: put }, conflict: () => stale(undefined, spec.key) },
    {
      item: { Put: auditPut(db, auditItem(actor, { subjectType: 'settings', subjectId: spec.key, action: 'settings-change', changes })) },
      conflict: () => stale(undefined, spec.key),
    },
  ]);
  cache.get(db)?.delete(spec.key);
  return { body, version: next.version, updatedAt: next.updatedAt, updatedBy: next.updatedBy };
}

const stale = (version: number | undefined, key: string) =>
  new ConflictError(
    version === undefined ? `The ${key} settings were changed by someone else; reload them` : `The ${key} settings are at version ${version}; reload them and apply your change again`,
    [{ name: 'version', detail: 'is stale' }],
  );

/** The API shapes of a settings document: what GET returns and what PUT takes. */
export function settingsDocumentSchemas<S extends z.ZodType>(settings: S, id: string) {
  return {
    document: z
      .object({ settings, version: z.number().int(), updatedAt: z.string(), updatedBy: z.string() })
      .meta({ id: `${id}Document` }),
    update: z
      .strictObject({ settings, version: z.number().int().min(0).meta({ description: 'The version you read (0 before the first save)' }) })
      .meta({ id: `${id}Update` }),
  };
}

export const asResponse = <T>(document: SettingsDocument<T>) => ({
  settings: document.body,
  version: document.version,
  updatedAt: document.updatedAt,
  updatedBy: document.updatedBy,
});
