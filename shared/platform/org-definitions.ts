/**
 * Definitions an admin keeps for the whole organisation (workflows, email and task
 * templates): a few dozen items in one partition, read whole by one Query, each with a
 * version for optimistic concurrency and its changes in the audit trail.
 */
import { auditItem, auditPut, fieldChanges } from '../access/audit';
import type { Actor } from '../crm/actor';
import type { Database } from './database';
import { ConflictError, NotFoundError, isConditionFailure } from './errors';
import { newId, nowIso } from './ids';
import { transact } from './transaction';

type Item = Record<string, unknown>;
interface OrgEntity {
  query: { all(key: { scope: string }): { go(options: { pages: 'all' }): Promise<{ data: unknown[] }> } };
  get(key: Item): { go(): Promise<{ data: unknown }> };
  create(item: Item): { params(): Record<string, unknown> };
  put(item: Item): { where(condition: (attr: Record<string, unknown>, op: { eq(a: unknown, b: unknown): string }) => string): { params(): Record<string, unknown> } };
  delete(key: Item): { where(condition: (attr: Record<string, unknown>, op: { eq(a: unknown, b: unknown): string }) => string): { params(): Record<string, unknown> } };
}

export interface OrgDefinitionSpec {
  entity: 'workflow' | 'emailTemplate' | 'taskTemplate' | 'form';
  idField: string;
  noun: string;
}

const SCOPE = 'org';

export function orgDefinitions<T extends Item>(spec: OrgDefinitionSpec) {
  const entityOf = (db: Database) => db.entities[spec.entity] as unknown as OrgEntity;
  const key = (id: string) => ({ scope: SCOPE, [spec.idField]: id });
  const stale = (current: number) =>
    new ConflictError(`The ${spec.noun} was changed by someone else (now version ${current}); reload and try again`, [{ name: 'version', detail: `is stale; current is ${current}` }]);
  const audit = (db: Database, entry: ReturnType<typeof auditItem>) => ({
    item: { Put: auditPut(db, entry) },
    conflict: () => new ConflictError('The change could not be recorded; try again'),
  });

  // the partition is bookkeeping, not part of the definition
  const present = (item: unknown): T => {
    const { scope: _scope, ...rest } = item as Item;
    return rest as T;
  };

  async function list(db: Database): Promise<T[]> {
    const { data } = await entityOf(db).query.all({ scope: SCOPE }).go({ pages: 'all' });
    return data.map(present).sort((a, b) => String(a.name).localeCompare(String(b.name)));
  }

  async function find(db: Database, id: string): Promise<T | undefined> {
    const { data } = await entityOf(db).get(key(id)).go();
    return data ? present(data) : undefined;
  }

  async function get(db: Database, id: string): Promise<T> {
    const item = await find(db, id);
    if (!item) throw new NotFoundError(`No ${spec.noun} ${id}`);
    return item;
  }

  async function create(db: Database, actor: Pick<Actor, 'userId' | 'origin'>, fields: Item, id = newId()): Promise<T> {
    const now = nowIso();
    const item = { ...fields, scope: SCOPE, [spec.idField]: id, version: 1, createdAt: now, createdBy: actor.userId, updatedAt: now, updatedBy: actor.userId };
    await transact(db.documentClient, [
      { item: { Put: entityOf(db).create(item).params() }, conflict: () => new ConflictError(`The ${spec.noun} exists already`) },
      audit(db, auditItem(actor, { subjectType: spec.entity, subjectId: id, action: 'create', summary: `Created ${spec.noun} ${String(fields.name)}` })),
    ]);
    return present(item);
  }

  async function update(db: Database, actor: Pick<Actor, 'userId' | 'origin'>, id: string, fields: Item & { version: number }): Promise<T> {
    const before = await get(db, id);
    const { version, ...changes } = fields;
    if (before.version !== version) throw stale(Number(before.version));
    const after = { ...before, ...changes, scope: SCOPE, version: version + 1, updatedAt: nowIso(), updatedBy: actor.userId };
    for (const [field, value] of Object.entries(changes)) if (value === undefined) delete (after as Item)[field];
    await transact(db.documentClient, [
      {
        item: { Put: entityOf(db).put(after).where((attr, op) => op.eq(attr.version, version)).params() },
        conflict: () => stale(version + 1),
      },
      audit(db, auditItem(actor, { subjectType: spec.entity, subjectId: id, action: 'update', changes: fieldChanges(before, after) })),
    ]);
    return present(after);
  }

  async function remove(db: Database, actor: Pick<Actor, 'userId' | 'origin'>, id: string): Promise<void> {
    const before = await get(db, id);
    try {
      await transact(db.documentClient, [
        { item: { Delete: entityOf(db).delete(key(id)).where((attr, op) => op.eq(attr.version, before.version)).params() }, conflict: () => stale(Number(before.version) + 1) },
        audit(db, auditItem(actor, { subjectType: spec.entity, subjectId: id, action: 'delete', summary: `Deleted ${spec.noun} ${String(before.name)}` })),
      ]);
    } catch (error) {
      if (isConditionFailure(error)) throw stale(Number(before.version) + 1);
      throw error;
    }
  }

  return { list, find, get, create, update, remove };
}
