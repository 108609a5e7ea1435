import { createAccount, deleteAccount, getAccountWithContacts, listAccounts, updateAccount } from '../../shared/crm/accounts';
import { createContact, deleteContact, listContacts, updateContact } from '../../shared/crm/contacts';
import { createLead, deleteLead, listLeads, rescoredLead, updateLead } from '../../shared/crm/leads';
import { accountKind, contactKind, leadKind } from '../../shared/crm/kinds';
import { getExportStatus, readExportFile, requestExport } from '../../shared/crm/exports';
import { checkVisible, loadRecord } from '../../shared/access/records';
import type { Actor } from '../../shared/crm/actor';
import { createHttpHandler, prefetching, RawResponse, type Operations } from '../http/http-handler';
import { crmRoutes } from '../http/routes/crm';
import { importOperations } from './import-operations';
import { getOne, history, page } from '../http/record-operations';
import { importRoutes } from '../http/routes/imports';
import { blobStore, userDirectory } from '../http/adapters';
import { db } from '../http/deps';

export const operations: Operations<'crm'> = {
  createAccount: ({ actor, body }) => createAccount(db(), actor, body),
  listAccounts: async ({ actor, query }) => page(await listAccounts(db(), actor, query)),
  getAccount: ({ actor, params }) => getAccountWithContacts(db(), actor, params.accountId),
  updateAccount: ({ actor, params, body }) => updateAccount(db(), actor, params.accountId, body),
  deleteAccount: ({ actor, params }) => deleteAccount(db(), actor, params.accountId),
  accountHistory: ({ actor, params, query }) => history(actor, accountKind, params.accountId, query),

  createContact: ({ actor, body }) => createContact(db(), actor, body),
  listContacts: async ({ actor, query }) => page(await listContacts(db(), actor, query)),
  getContact: getOne(contactKind, (p) => p.contactId!),
  updateContact: ({ actor, params, body }) => updateContact(db(), actor, params.contactId, body),
  deleteContact: ({ actor, params }) => deleteContact(db(), actor, params.contactId),
  contactHistory: ({ actor, params, query }) => history(actor, contactKind, params.contactId, query),

  createLead: ({ actor, body }) => createLead(db(), actor, body),
  listLeads: async ({ actor, query }) => page(await listLeads(db(), actor, query)),
  getLead: prefetching({
    prefetch: ({ params }: { params: unknown }) => loadRecord(db(), leadKind, (params as { leadId: string }).leadId),
    run: ({ actor, params }: { actor: Actor; params: unknown }, record) => rescoredLead(db(), actor, checkVisible(actor, leadKind, (params as { leadId: string }).leadId, record)) as never,
  }),
  updateLead: ({ actor, params, body }) => updateLead(db(), actor, params.leadId, body),
  deleteLead: ({ actor, params }) => deleteLead(db(), actor, params.leadId),
  leadHistory: ({ actor, params, query }) => history(actor, leadKind, params.leadId, query),

  requestExport: ({ actor, body }) => requestExport(db(), actor, body),
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

  ...importOperations,
};

export const handler = createHttpHandler('crm', operations, {
  routes: [...crmRoutes, ...importRoutes],
  access: { database: db, directory: userDirectory },
  readAhead: ['listAccounts', 'getAccount', 'accountHistory', 'listContacts', 'contactHistory', 'listLeads', 'leadHistory'],
});
