import { createAccount, deleteAccount, getAccountWithContacts, listAccounts, updateAccount } from '../../shared/crm/accounts';
import { createContact, deleteContact, getContact, listContacts, updateContact } from '../../shared/crm/contacts';
import { createHttpHandler, type Operations } from '../http/http-handler';
import { db, verifyToken } from '../http/deps';

const page = <T>({ items, cursor }: { items: T[]; cursor: string | null }) => ({ items, cursor });

export const operations: Operations<'crm'> = {
  createAccount: ({ actor, body }) => createAccount(db(), actor, body),
  listAccounts: async ({ query }) => page(await listAccounts(db(), query)),
  getAccount: ({ params }) => getAccountWithContacts(db(), params.accountId),
  updateAccount: ({ params, body }) => updateAccount(db(), params.accountId, body),
  deleteAccount: ({ params }) => deleteAccount(db(), params.accountId),

  createContact: ({ actor, body }) => createContact(db(), actor, body),
  listContacts: async ({ query }) => page(await listContacts(db(), query)),
  getContact: ({ params }) => getContact(db(), params.contactId),
  updateContact: ({ params, body }) => updateContact(db(), params.contactId, body),
  deleteContact: ({ params }) => deleteContact(db(), params.contactId),
};

export const handler = createHttpHandler('crm', operations, { verifyToken });
