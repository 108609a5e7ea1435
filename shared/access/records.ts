/**
 * The one way CRM records are read and written, so every record type gets the same
 * policy: record-level access (404 when the caller may not see it, 403 when they may
 * only read it), field-level security, owner checks, access entries kept in step with
 * the record, and an audit entry — all in the record's own transaction.
 */
import { dateIndexCompanions } from '../workflows/date-index';
import { isDeepStrictEqual } from 'node:util';
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { transact, type TransactionWrite } from '../platform/transaction';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../platform/errors';
import { nowIso } from '../platform/ids';
import { pagedQuery, RANGE_SHARD_STARTS, rangeShard } from '../platform/paged-query';
import { sortName as toSortName } from '../platform/sort-name';
import { tableDefinition } from '../platform/table';
import { tallyWrites, type Tally } from '../platform/tallies';
import { tagCompanions, tagTallies } from '../crm/tags';
import { resolveCustom, uniqueClaimCompanions } from '../sales/custom-values';
import type { Database } from '../platform/database';
import type { Actor } from '../crm/actor';
import { applyPatch } from '../crm/patch';
import { auditItem, auditPut, fieldChanges, type AuditAction } from './audit';
import { assertWritable, redact } from './fields';
import { mergedPage, type ListSource, type Position } from './merged-list';
import { accessTo, materializeAcl, mayAssignTo, principalsOf, seesAll, type RecordAcl } from './policy';
import type { RecordType } from './record-types';
import { ancestorsOf, type SecuritySettings } from './settings';

/** A record as stored, before the caller's field security is applied. */
export interface StoredRecord {
  ownerId: string;
  version: number;
  acl: RecordAcl;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  updatedBy: string;
  [field: string]: unknown;
}

type VersionCondition = (attr: { version: unknown }, op: { eq(attribute: unknown, value: number): string }) => string;

/** Loosely typed ElectroDB entity: the store builds requests for any record type. */
interface AnyEntity {
  get(key: Record<string, string>): { go(): Promise<{ data: unknown }>; params(): { Key: unknown } };
  create(item: object): { params(): Record<string, unknown> };
  put(item: object): { params(): Record<string, unknown>; where(condition: VersionCondition): { params(): Record<string, unknown> } };
  delete(key: Record<string, string>): { params(): Record<string, unknown>; where(condition: VersionCondition): { params(): Record<string, unknown> } };
  parse(input: { Items: Record<string, unknown>[] }): { data: unknown[] };
  query: Record<string, (key: Record<string, string>) => QueryChain>;
}
export interface QueryChain {
  params(): QueryCommandInput;
  begins(sk: Record<string, string>): { params(): QueryCommandInput };
  gt(sk: Record<string, string>): { params(): QueryCommandInput };
  between(from: Record<string, string>, to: Record<string, string>): { params(): QueryCommandInput };
}

export interface RecordKind {
  type: RecordType;
  /** for messages: "No contact 01…" */
  noun: string;
  idField: string;
  /** the name records are listed and searched by */
  nameOf(record: Record<string, unknown>): string;
  /** index attributes derived from the record besides shard and sortName (contacts: emailShard) */
  derive?(record: Record<string, unknown>): Record<string, string>;
  /**
   * Items that exist because the record does (tag links, timeline entries, reminders,
   * duplicate keys): written, rewritten and removed in the record's own transaction.
   */
  companions?(db: Database, record: StoredRecord): Companion[];
  /** loads, once, code the companions need that a cold start leaves out (phone numbers) */
  loadForCompanions?(): Promise<void>;
  /** completes a record about to be written with what follows from its fields (a lead's score) */
  prepare?(db: Database, record: StoredRecord, before?: StoredRecord): Promise<void>;
  /** running totals the record counts towards (tag cloud, board totals) */
  tallies?(record: StoredRecord): Tally[];
}

/** An item kept in step with a record. `id` tells the same item apart across versions. */
export interface Companion {
  id: string;
  /** Put params (ElectroDB `.put(...).params()`) */
  put: Record<string, unknown>;
  /** Delete params for the same item */
  remove: Record<string, unknown>;
  /** a write that must not overwrite someone else's item (a unique value): its error */
  claim?: () => Error;
}

const INTERNAL = ['shard', 'sortName', 'emailShard', 'boardShard', 'calendarAt', 'uniqueClaims'] as const;

const entityOf = (db: Database, kind: RecordKind) => db.entities[kind.type] as unknown as AnyEntity;
const entries = (db: Database) => db.entities.accessEntry as unknown as AnyEntity;

/** A write the store adds to a record's transaction (a uniqueness claim), with the error if its condition fails. */
export type ExtraWrite = TransactionWrite;

export function withIndexes(kind: RecordKind, record: Record<string, unknown>) {
  const sortName = toSortName(kind.nameOf(record));
  return { ...record, sortName, shard: rangeShard(sortName), ...(kind.derive?.(record) ?? {}) };
}

/** What the API returns: the record without bookkeeping, as the actor's field security allows. */
export function present<T = Record<string, unknown>>(actor: Actor, kind: RecordKind, record: object): T {
  const copy: Record<string, unknown> = { ...record };
  delete copy.acl;
  for (const key of INTERNAL) delete copy[key];
  return redact(actor, kind.type, copy) as T;
}

export async function loadRecord(db: Database, kind: RecordKind, id: string): Promise<StoredRecord | undefined> {
  const entity = entityOf(db, kind);
  const item = await db.getItem(entity.get({ [kind.idField]: id }).params().Key as Record<string, unknown>);
  return item ? (entity.parse({ Items: [item] }).data[0] as StoredRecord | undefined) : undefined;
}

/** A record the actor may see (else 404: no existence leak) and, for 'edit', change (else 403). */
export async function readVisible(db: Database, actor: Actor, kind: RecordKind, id: string, need: 'read' | 'edit' = 'read') {
  return checkVisible(actor, kind, id, await loadRecord(db, kind, id), need);
}

/** A record another one points at: one the caller may not see is a bad field (422 naming it), not a missing route. */
export async function readReferenced(db: Database, actor: Actor, kind: RecordKind, id: string, field: string) {
  try {
    return await readVisible(db, actor, kind, id);
  } catch (error) {
    if (error instanceof NotFoundError) throw new ValidationError(`No ${kind.noun} ${id} that you can see`, [{ name: field, detail: `is not a ${kind.noun} you can see` }]);
    throw error;
  }
}

export function checkVisible(actor: Actor, kind: RecordKind, id: string, record: StoredRecord | undefined, need: 'read' | 'edit' = 'read') {
  const access = record ? accessTo(actor, kind.type, record) : 'none';
  if (!record || access === 'none') throw new NotFoundError(`No ${kind.noun} ${id}`);
  if (need === 'edit' && access !== 'edit') throw new ForbiddenError(`You may read this ${kind.noun} but not change it`);
  return record;
}

interface Owner {
  ownerId: string;
  roles: string[];
  groups: string[];
  isGroup: boolean;
}

/** The owner's roles and groups, after checking the actor may hand the record to them. */
export async function resolveOwner(db: Database, actor: Actor, ownerId: string): Promise<Owner> {
  let owner: Owner;
  if (ownerId === actor.userId) owner = { ownerId, roles: actor.roles, groups: actor.groups, isGroup: false };
  else if (actor.settings.groups[ownerId]) owner = { ownerId, roles: [], groups: [], isGroup: true };
  else {
    const { data: user } = await db.entities.user.get({ userId: ownerId }).go();
    if (!user || !user.active) {
      throw new ValidationError('The owner is not an active user or a group', [{ name: 'ownerId', detail: 'is not an active user or group' }]);
    }
    owner = { ownerId, roles: user.roles, groups: user.groups ?? [], isGroup: false };
  }
  if (!mayAssignTo(actor, owner)) {
    throw new ForbiddenError('You may give records only to yourself, the people below you and your groups', [
      { name: 'ownerId', detail: 'is not someone you may assign records to' },
    ]);
  }
  return owner;
}

export async function createRecord<T>(
  db: Database,
  actor: Actor,
  kind: RecordKind,
  id: string,
  input: Record<string, unknown> & { ownerId?: string },
  extra: ExtraWrite[] | ((record: StoredRecord) => ExtraWrite[]) = [],
) {
  const planned = await planCreate<T>(db, actor, kind, id, input, extra);
  await transact(db.documentClient, planned.writes);
  return planned.result;
}

/**
 * A new record's writes, checked like createRecord but not sent: for a change of several
 * records in one transaction (lead conversion). `stored` is the record as written.
 */
export async function planCreate<T>(
  db: Database,
  actor: Actor,
  kind: RecordKind,
  id: string,
  input: Record<string, unknown> & { ownerId?: string },
  extra: ExtraWrite[] | ((record: StoredRecord) => ExtraWrite[]) = [],
) {
  const { ownerId: requestedOwner, ...fields } = input;
  assertWritable(actor, kind.type, fields);
  const [owner, custom] = await Promise.all([resolveOwner(db, actor, requestedOwner ?? actor.userId), resolveCustom(db, kind.type, 'create', fields.custom)]);
  delete fields.custom;
  if (custom?.custom) fields.custom = custom.custom;
  if (custom?.uniqueClaims) fields.uniqueClaims = custom.uniqueClaims;
  const now = nowIso();
  const record: StoredRecord = {
    ...fields,
    [kind.idField]: id,
    ownerId: owner.ownerId,
    version: 1,
    createdAt: now,
    updatedAt: now,
    createdBy: actor.userId,
    updatedBy: actor.userId,
    acl: materializeAcl(actor.settings, kind.type, owner),
  };
  await kind.prepare?.(db, record);
  const writes = await changeWrites(db, kind, actor, { after: record, action: 'create', extra: typeof extra === 'function' ? extra(record) : extra });
  return { writes, stored: record, result: present<T>(actor, kind, record) };
}

export async function updateRecord<T>(
  db: Database,
  actor: Actor,
  kind: RecordKind,
  id: string,
  patch: Record<string, unknown> & { version: number; ownerId?: string },
  options: { extra?: (before: StoredRecord, after: StoredRecord) => ExtraWrite[]; check?: (before: StoredRecord, after: StoredRecord) => Promise<void> } = {},
) {
  const before = await readVisible(db, actor, kind, id, 'edit');
  const { version, ownerId, ...changes } = patch;
  if (before.version !== version) throw staleVersion(before.version);
  assertWritable(actor, kind.type, changes);
  const custom = await resolveCustom(db, kind.type, 'patch', changes.custom, before.custom as Record<string, unknown> | undefined);
  if (custom) {
    changes.custom = custom.custom ?? null;
    changes.uniqueClaims = custom.uniqueClaims ?? null;
  }
  const ownerChanges = ownerId !== undefined && ownerId !== before.ownerId;
  const acl = ownerChanges ? materializeAcl(actor.settings, kind.type, await resolveOwner(db, actor, ownerId)) : before.acl;
  const after: StoredRecord = {
    ...applyPatch(before, changes),
    [kind.idField]: id,
    ownerId: ownerChanges ? ownerId : before.ownerId,
    acl,
    version: version + 1,
    updatedAt: nowIso(),
    updatedBy: actor.userId,
  };
  // may complete the new state with what follows from the change (a deal's status from its stage)
  await options.check?.(before, after);
  await kind.prepare?.(db, after, before);
  await commit(db, kind, actor, { before, after, action: ownerChanges ? 'owner-change' : 'update', extra: options.extra?.(before, after) ?? [] });
  return present<T>(actor, kind, after);
}

export async function deleteRecord(db: Database, actor: Actor, kind: RecordKind, id: string, extra: (before: StoredRecord) => ExtraWrite[] = () => []) {
  const before = await readVisible(db, actor, kind, id, 'edit');
  await commit(db, kind, actor, { before, action: 'delete', extra: extra(before) });
}

/**
 * Re-writes a record with a new owner or freshly materialised grants (the access job).
 * No field changes; the audit entry names the job's requester.
 */
export async function rewriteAccess(
  db: Database,
  kind: RecordKind,
  before: StoredRecord,
  change: { settings: SecuritySettings; owner: { ownerId: string; roles: string[]; groups: string[] }; actor: { userId: string; origin?: Actor['origin'] } },
) {
  const acl = materializeAcl(change.settings, kind.type, change.owner);
  const ownerChanges = change.owner.ownerId !== before.ownerId;
  if (!ownerChanges && isDeepStrictEqual(acl, before.acl)) return false;
  // A new version even when only the grants changed: an edit begun before would otherwise
  // write the old grants back over the new ones.
  const after: StoredRecord = {
    ...before,
    ownerId: change.owner.ownerId,
    acl,
    version: before.version + 1,
    ...(ownerChanges ? { updatedAt: nowIso(), updatedBy: change.actor.userId } : {}),
  };
  await commit(db, kind, change.actor, { before, after, action: ownerChanges ? 'owner-change' : undefined });
  return true;
}

export interface Change {
  before?: StoredRecord;
  after?: StoredRecord;
  /** absent: no audit entry (a grant refresh is bookkeeping, not a change to the record) */
  action?: AuditAction;
  extra?: ExtraWrite[];
}

/** The record, its access entries, any uniqueness claims and the audit entry, in one transaction. */
async function commit(db: Database, kind: RecordKind, actor: { userId: string; origin?: Actor['origin'] }, change: Change) {
  await transact(db.documentClient, await changeWrites(db, kind, actor, change));
}

export async function changeWrites(db: Database, kind: RecordKind, actor: { userId: string; origin?: Actor['origin'] }, change: Change): Promise<ExtraWrite[]> {
  await kind.loadForCompanions?.();
  const entity = entityOf(db, kind);
  const { before, after } = change;
  const id = String((after ?? before)![kind.idField]);
  const writes: { item: Record<string, unknown>; conflict: () => Error }[] = [];
  const conflict = () => (before ? staleVersion(undefined) : new ConflictError(`The ${kind.noun} exists already`));
  if (after && before) {
    writes.push({ item: { Put: entity.put(withIndexes(kind, after)).where((a, op) => op.eq(a.version, before.version)).params() }, conflict });
  } else if (after) {
    writes.push({ item: { Put: entity.create(withIndexes(kind, after)).params() }, conflict });
  } else {
    writes.push({ item: { Delete: entity.delete({ [kind.idField]: id }).where((a, op) => op.eq(a.version, before!.version)).params() }, conflict });
  }
  writes.push(...entryWrites(db, kind, id, before, after));
  writes.push(...companionWrites(db, kind, before, after));
  writes.push(...tallyWrites(db.tableName, before ? talliesOf(kind, before) : [], after ? talliesOf(kind, after) : []));
  writes.push(...(change.extra ?? []));
  if (change.action) {
    const changes = fieldChanges(before && publicOf(before), after && publicOf(after));
    delete changes[kind.idField];
    const audit = auditItem(actor, { subjectType: kind.type, subjectId: id, action: change.action, changes });
    writes.push({ item: { Put: auditPut(db, audit) }, conflict: () => new ConflictError('The change could not be recorded; try again') });
  }
  return writes;
}

/** Entries under each principal the grants name: stale ones deleted, current ones rewritten with the new copy. */
function entryWrites(db: Database, kind: RecordKind, id: string, before?: StoredRecord, after?: StoredRecord) {
  const key = (record: StoredRecord) => toSortName(kind.nameOf(record));
  const beforeName = before ? key(before) : undefined;
  const afterName = after ? key(after) : undefined;
  const afterPrincipals = new Set(after?.acl.grants.map((g) => g.p) ?? []);
  const writes: ExtraWrite[] = [];
  const noConflict = () => new ConflictError('A concurrent change touched the same record; try again');
  for (const grant of before?.acl.grants ?? []) {
    if (afterPrincipals.has(grant.p) && beforeName === afterName) continue; // overwritten below
    const item = entries(db).delete({ principal: grant.p, recordType: kind.type, sortName: beforeName!, recordId: id }).params();
    writes.push({ item: { Delete: item }, conflict: noConflict });
  }
  const copy = after && publicOf(after, true);
  for (const principal of afterPrincipals) {
    const item = { principal, recordType: kind.type, sortName: afterName!, recordId: id, record: copy };
    const params = entries(db).put(item).params();
    writes.push({ item: { Put: params }, conflict: noConflict });
  }
  return writes;
}

/** The kind's own companions and every record's tag links, unique-value claims and dates (for date triggers). */
const companionsOf = (db: Database, kind: RecordKind, record: StoredRecord) => [
  ...(kind.companions?.(db, record) ?? []),
  ...uniqueClaimCompanions(db, kind.type, kind.idField, record),
  ...tagCompanions(db, kind, record, publicOf(record, true)),
  ...dateIndexCompanions(db, kind.type, kind.idField, record),
];
const talliesOf = (kind: RecordKind, record: StoredRecord) => [...(kind.tallies?.(record) ?? []), ...tagTallies(kind, record)];

function companionWrites(db: Database, kind: RecordKind, before?: StoredRecord, after?: StoredRecord): ExtraWrite[] {
  const old = new Map((before ? companionsOf(db, kind, before) : []).map((c) => [c.id, c]));
  const writes: ExtraWrite[] = [];
  const noConflict = () => new ConflictError('A concurrent change touched the same record; try again');
  for (const companion of after ? companionsOf(db, kind, after) : []) {
    const previous = old.get(companion.id);
    old.delete(companion.id);
    if (previous && isDeepStrictEqual(previous.put, companion.put)) continue;
    // the same item under a new key (a renamed record's tag link): the old one goes
    if (previous && !isDeepStrictEqual(previous.remove, companion.remove)) writes.push({ item: { Delete: previous.remove }, conflict: noConflict });
    const moved = !previous || !isDeepStrictEqual(previous.remove, companion.remove);
    const put = companion.claim && moved ? { ...companion.put, ConditionExpression: 'attribute_not_exists(pk)' } : companion.put;
    writes.push({ item: { Put: put }, conflict: companion.claim ?? noConflict });
  }
  for (const gone of old.values()) writes.push({ item: { Delete: gone.remove }, conflict: noConflict });
  return writes;
}

function publicOf(record: StoredRecord, keepAcl = false): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...record };
  if (!keepAcl) delete copy.acl;
  for (const key of INTERNAL) delete copy[key];
  return copy;
}

export const staleVersion = (currentVersion: number | undefined) =>
  new ConflictError(
    currentVersion === undefined
      ? 'The record was changed by someone else; reload it and apply your change again'
      : `The record is at version ${currentVersion}; reload it and apply your change again`,
    [{ name: 'version', detail: 'is stale' }],
  );

// ---------------------------------------------------------------- lists

export interface ListOptions {
  limit: number;
  cursor?: string;
  /** name prefix */
  q?: string;
  ownerId?: string;
  /** only records with this tag */
  tag?: string;
  /** only records that pass (status, rating, source…); pages may then cost more Queries, up to FILTER_BUDGET */
  filter?: (record: StoredRecord) => boolean;
  /** the type-wide name index's partitions to read, when not the usual range shards (converted leads) */
  shards?: string[];
  /** a secondary index search the kind supports (contacts by email prefix) */
  search?: {
    /** the Query of the one shard the prefix falls in, from a position on */
    query: (range: Range) => QueryCommandInput;
    position: (item: Record<string, unknown>) => Position;
  };
}

export interface Range {
  after?: Position;
  prefix?: string;
}

/**
 * A page of the records the actor may see. Administrators and public org-wide defaults
 * read the type-wide name index; everyone else reads the merge of their own records,
 * their groups' records and their roles' and groups' access entries (README "Access control").
 */
export async function listVisible<T>(db: Database, actor: Actor, kind: RecordKind, options: ListOptions): Promise<{ items: T[]; cursor: string | null; requests: number }> {
  const entity = entityOf(db, kind);
  const parse = (items: Record<string, unknown>[]) => entity.parse({ Items: items }).data as StoredRecord[];
  const prefix = options.q ? toSortName(options.q) : undefined;
  const finish = (page: { items: StoredRecord[]; cursor: string | null; requests: number }) => ({
    items: page.items.map((record) => present<T>(actor, kind, record)),
    cursor: page.cursor,
    requests: page.requests,
  });

  const filter = options.filter;
  const tagged = options.tag;
  const keep = (record: StoredRecord) =>
    (!filter || filter(record)) && (!tagged || (Array.isArray(record.tags) && (record.tags as string[]).includes(tagged)));
  const filtering = Boolean(filter || tagged);
  const budget = filtering ? { maxRequests: FILTER_BUDGET, readSize: 100 } : {};
  const typeShards = options.shards ?? (prefix ? [rangeShard(prefix)] : RANGE_SHARD_STARTS.map((_, i) => String(i)));

  if (seesAll(actor, kind.type)) {
    if (tagged && !options.search) {
      const source: ListSource<StoredRecord> = {
        query: (after) => ranged(db.entities.tagLink.query.byTag({ recordType: kind.type, tag: tagged }) as unknown as QueryChain, { idField: 'recordId' }, { after, prefix }),
        read: (item) => ({ record: item.record as StoredRecord, position: [String(item.sortName), String(item.recordId)] }),
      };
      return finish(await mergedPage({ client: db.documentClient, sources: [source], limit: options.limit, cursor: options.cursor, accept: keep, ...budget }));
    }
    if (filtering && !options.search) {
      const sources = (options.ownerId ? [options.ownerId] : typeShards).map(
        (key): ListSource<StoredRecord> => ({
          query: (after) =>
            ranged(options.ownerId ? entity.query.byOwner!({ ownerId: key }) : entity.query.byName!({ shard: key }), kind, { after, prefix }),
          read: (item) => ({ record: parse([item])[0]!, position: [String(item.sortName), String(item[kind.idField])] }),
        }),
      );
      return finish(await mergedPage({ client: db.documentClient, sources, limit: options.limit, cursor: options.cursor, accept: keep, ...budget }));
    }
    const search = options.search;
    if (search) return finish(await typeWide(db, 'gsi4', [() => search.query({})], options, parse));
    const ownerId = options.ownerId;
    if (ownerId) return finish(await typeWide(db, 'gsi3', [() => ranged(entity.query.byOwner!({ ownerId }), kind, { prefix })], options, parse));
    return finish(await typeWide(db, 'gsi2', typeShards.map((shard) => () => ranged(entity.query.byName!({ shard }), kind, { prefix })), options, parse));
  }

  const recordSource = (query: (range: Range) => QueryCommandInput, position?: (item: Record<string, unknown>) => Position): ListSource<StoredRecord> => ({
    query: (after) => query({ after, prefix }),
    read: (item) => ({ record: parse([item])[0]!, position: position?.(item) ?? [String(item.sortName), String(item[kind.idField])] }),
  });
  const byOwner = (ownerId: string) => recordSource((range) => ranged(entity.query.byOwner!({ ownerId }), kind, range));
  const accept = (record: StoredRecord) => accessTo(actor, kind.type, record) !== 'none' && keep(record);
  let sources: ListSource<StoredRecord>[];
  if (options.search) {
    const search = options.search;
    sources = [{ query: (after) => search.query({ after }), read: (item) => ({ record: parse([item])[0]!, position: search.position(item) }) }];
  } else if (options.ownerId) {
    sources = [byOwner(options.ownerId)];
  } else {
    sources = [
      byOwner(actor.userId),
      ...actor.groups.map(byOwner),
      ...principalsWithEntries(actor, kind.type).map(
        (principal): ListSource<StoredRecord> => ({
          query: (after) => ranged(entries(db).query.byPrincipal!({ principal, recordType: kind.type }), { ...kind, idField: 'recordId' }, { after, prefix }),
          read: (item) => ({ record: item.record as StoredRecord, position: [String(item.sortName), String(item.recordId)] }),
        }),
      ),
    ];
  }
  return finish(await mergedPage({ client: db.documentClient, sources, limit: options.limit, cursor: options.cursor, accept, ...budget }));
}

/** Queries a filtered page may spend before it comes back short (with a cursor to go on). */
export const FILTER_BUDGET = 12;

/** The actor's principals that can have entries for this type: roles with roles below them or that rules share to, and groups. */
export function principalsWithEntries(actor: Actor, type: RecordType): string[] {
  const { settings } = actor;
  const useful = new Set<string>();
  for (const role of Object.keys(settings.roles)) for (const above of ancestorsOf(settings.roles, role)) useful.add(`role:${above}`);
  for (const rule of settings.sharingRules) {
    if (rule.recordType !== type) continue;
    if (rule.to.kind === 'group') useful.add(`group:${rule.to.id}`);
    else for (const role of [rule.to.id, ...ancestorsOf(settings.roles, rule.to.id)]) useful.add(`role:${role}`);
  }
  return principalsOf(actor).filter((p) => useful.has(p));
}

/** Key condition for a sorted source: after a position, within a name prefix. */
export function ranged(chain: QueryChain, kind: { idField: string; sortField?: string }, range: Range): QueryCommandInput {
  const { after, prefix } = range;
  const sortField = kind.sortField ?? 'sortName';
  if (after) {
    const lower = { [sortField]: after[0], [kind.idField]: after[1] };
    return prefix ? chain.between(lower, { [sortField]: `${prefix}\uffff` }).params() : chain.gt(lower).params();
  }
  return prefix ? chain.begins({ [sortField]: prefix }).params() : chain.params();
}

async function typeWide(
  db: Database,
  index: 'gsi2' | 'gsi3' | 'gsi4',
  queries: readonly (() => QueryCommandInput)[],
  options: ListOptions,
  parse: (items: Record<string, unknown>[]) => StoredRecord[],
) {
  const partitionField = tableDefinition.globalIndexes.find((i) => i.indexName === index)!.partitionKey;
  const page = await pagedQuery({ client: db.documentClient, queries, partitionField, limit: options.limit, cursor: options.cursor });
  return { items: parse(page.items), cursor: page.cursor, requests: page.requests };
}
