import { ConflictError, NotFoundError, isConditionFailure } from '../platform/errors';
import { newId, nowIso } from '../platform/ids';
import type { Database } from '../platform/database';
import type { Actor } from './actor';
import { applyPatch } from './patch';
import { pageFromIndex, rangeShard, shardsFor, sortName } from './lists';
import type { Account, AccountCreate, AccountListQuery, AccountPatch, AccountWithContacts, Contact } from './schemas';

export async function createAccount(db: Database, actor: Actor, input: AccountCreate): Promise<Account> {
  const accountId = newId();
  const now = nowIso();
  const record = {
    ...input,
    accountId,
    ownerId: input.ownerId ?? actor.userId,
    version: 1,
    createdAt: now,
    updatedAt: now,
    createdBy: actor.userId,
    updatedBy: actor.userId,
    sortName: sortName(input.name),
    shard: rangeShard(sortName(input.name)),
  };
  const { data } = await db.entities.account.create(record).go();
  return data as Account;
}

/** The account and its contacts from one Query on the account's item collection. */
export async function getAccountWithContacts(db: Database, accountId: string): Promise<AccountWithContacts> {
  const { data } = await db.service.collections.accountContacts({ accountId }).go({ pages: 1 });
  const account = data.account[0];
  if (!account) throw new NotFoundError(`No account ${accountId}`);
  return { ...(account as Account), contacts: data.contact as Contact[] };
}

export async function getAccount(db: Database, accountId: string): Promise<Account> {
  const { data } = await db.entities.account.get({ accountId }).go();
  if (!data) throw new NotFoundError(`No account ${accountId}`);
  return data as Account;
}

export async function updateAccount(db: Database, actor: Actor, accountId: string, patch: AccountPatch): Promise<Account> {
  const current = await getAccount(db, accountId);
  const { version, ...changes } = patch;
  if (current.version !== version) throw staleVersion(current.version);
  const next = {
    ...applyPatch(current, changes),
    accountId,
    version: version + 1,
    updatedAt: nowIso(),
    updatedBy: actor.userId,
    sortName: sortName(changes.name ?? current.name),
    shard: rangeShard(sortName(changes.name ?? current.name)),
  };
  try {
    await db.entities.account
      .put(next)
      .where((attr, op) => op.eq(attr.version, version))
      .go({ response: 'none' });
    const { shard: _shard, sortName: _sortName, ...account } = next;
    return account;
  } catch (error) {
    if (isConditionFailure(error)) throw staleVersion(undefined);
    throw error;
  }
}

export async function deleteAccount(db: Database, accountId: string): Promise<void> {
  const account = await getAccountWithContacts(db, accountId);
  if (account.contacts.length > 0) {
    throw new ConflictError('The account still has contacts; move or delete them first');
  }
  await db.entities.account.delete({ accountId }).go();
}

export async function listAccounts(db: Database, query: AccountListQuery) {
  const account = db.entities.account;
  const prefix = query.q ? sortName(query.q) : undefined;
  if (query.ownerId) {
    const q = account.query.byOwner({ ownerId: query.ownerId });
    const params = prefix ? q.begins({ sortName: prefix }).params() : q.params();
    return toPage(db, await pageFromIndex(db, 'gsi3', [params], query.limit, query.cursor));
  }
  const queries = shardsFor(prefix).map((shard) => {
    const q = account.query.byName({ shard });
    return prefix ? q.begins({ sortName: prefix }).params() : q.params();
  });
  return toPage(db, await pageFromIndex(db, 'gsi2', queries, query.limit, query.cursor));
}

function toPage(db: Database, page: Awaited<ReturnType<typeof pageFromIndex>>) {
  const { data } = db.entities.account.parse({ Items: page.items });
  return { items: data as Account[], cursor: page.cursor, requests: page.requests };
}

export const staleVersion = (currentVersion: number | undefined) =>
  new ConflictError(
    currentVersion === undefined
      ? 'The record was changed by someone else; reload it and apply your change again'
      : `The record is at version ${currentVersion}; reload it and apply your change again`,
    [{ name: 'version', detail: 'is stale' }],
  );
