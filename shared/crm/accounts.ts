import { ConflictError } from '../platform/errors';
import { newId } from '../platform/ids';
import type { Database } from '../platform/database';
import { accessTo } from '../access/policy';
import { checkVisible, createRecord, deleteRecord, listVisible, present, readVisible, updateRecord, type StoredRecord } from '../access/records';
import type { Actor } from './actor';
import { accountKind, contactKind } from './kinds';
import type { Account, AccountCreate, AccountListQuery, AccountPatch, AccountWithContacts, Contact } from './schemas';
import { normaliseCompany } from '../sales/duplicates';

export { accountKind };

export const createAccount = (db: Database, actor: Actor, input: AccountCreate) =>
  createRecord<Account>(db, actor, accountKind, newId(), input);

/** The account and the contacts the caller may see, from one Query on the account's item collection. */
export async function getAccountWithContacts(db: Database, actor: Actor, accountId: string): Promise<AccountWithContacts> {
  const { data } = await db.service.collections.accountContacts({ accountId }).go({ pages: 1 });
  const account = checkVisible(actor, accountKind, accountId, data.account[0] as unknown as StoredRecord | undefined);
  const contacts = (data.contact as unknown as StoredRecord[])
    .filter((contact) => accessTo(actor, 'contact', contact) !== 'none')
    .map((contact) => present<Contact>(actor, contactKind, contact));
  return { ...(present<Account>(actor, accountKind, account)), contacts };
}

export const getAccount = async (db: Database, actor: Actor, accountId: string) =>
  present<Account>(actor, accountKind, await readVisible(db, actor, accountKind, accountId));

export const updateAccount = (db: Database, actor: Actor, accountId: string, patch: AccountPatch) =>
  updateRecord<Account>(db, actor, accountKind, accountId, patch);

export async function deleteAccount(db: Database, actor: Actor, accountId: string): Promise<void> {
  await readVisible(db, actor, accountKind, accountId, 'edit');
  const { data } = await db.entities.contact.query.byAccount({ accountId }).go({ limit: 1, pages: 1 });
  if (data.length > 0) throw new ConflictError('The account still has contacts; move or delete them first');
  await deleteRecord(db, actor, accountKind, accountId);
}

export const listAccounts = (db: Database, actor: Actor, query: AccountListQuery) =>
  listVisible<Account>(db, actor, accountKind, query);

/** Accounts the caller may see whose name is the same company ("ACME Inc." is "Acme"): a name-prefix Query, then the comparison. */
export async function accountsNamed(db: Database, actor: Actor, name: string) {
  const company = normaliseCompany(name);
  if (!company) return [];
  const page = await listAccounts(db, actor, { q: company.split(' ')[0]!, limit: 50 });
  return page.items.filter((a) => normaliseCompany(String(a.name)) === company);
}
