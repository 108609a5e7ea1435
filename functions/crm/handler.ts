import { createAccount, deleteAccount, getAccountWithContacts, listAccounts, updateAccount } from '../../shared/crm/accounts';
import { createContact, deleteContact, getContact, listContacts, updateContact } from '../../shared/crm/contacts';
import { getExportStatus, readExportFile, requestExport } from '../../shared/crm/exports';
import { createHttpHandler, RawResponse, type Operations } from '../http/http-handler';
import { crmRoutes } from '../http/routes/crm';
import { blobStore } from '../http/adapters';
import { db } from '../http/deps';

const page = <T>({ items, cursor }: { items: T[]; cursor: string | null }) => ({ items, cursor });

export const operations: Operations<'crm'> = {
  createAccount: ({ actor, body }) => createAccount(db(), actor, body),
  listAccounts: async ({ query }) => page(await listAccounts(db(), query)),
  getAccount: ({ params }) => getAccountWithContacts(db(), params.accountId),
  updateAccount: ({ actor, params, body }) => updateAccount(db(), actor, params.accountId, body),
  deleteAccount: ({ params }) => deleteAccount(db(), params.accountId),

  createContact: ({ actor, body }) => createContact(db(), actor, body),
  listContacts: async ({ query }) => page(await listContacts(db(), query)),
  getContact: ({ params }) => getContact(db(), params.contactId),
  updateContact: ({ actor, params, body }) => updateContact(db(), actor, params.contactId, body),
  deleteContact: ({ params }) => deleteContact(db(), params.contactId),

  requestExport: ({ actor, body }) => requestExport(db(), actor, body.entity),
  getExport: ({ actor, params }) => getExportStatus(db(), actor, params.exportId),
  downloadExport: async ({ actor, params }) => {
    const file = await readExportFile(db(), await blobStore(), actor, params.exportId);
    return new RawResponse({
      statusCode: 200,
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${file.fileName}"` },
      body: file.body.toString('base64'),
      isBase64Encoded: true,
    });
  },
};

export const handler = createHttpHandler('crm', operations, { routes: crmRoutes });
