/** The crm function's CSV import operations (routes: ../http/routes/imports.ts). */
import { getImport, listImportRows, listImports, previewImport, requestImport } from '../../shared/imports/imports';
import type { importRoutes } from '../http/routes/imports';
import type { Operations } from '../http/http-handler';
import { blobStore } from '../http/adapters';
import { db } from '../http/deps';

type OperationId = (typeof importRoutes)[number]['operationId'];

export const importOperations: Pick<Operations<'crm'>, OperationId> = {
  previewImport: ({ actor, body }) => previewImport(db(), actor, body),
  requestImport: async ({ actor, body }) => requestImport(db(), await blobStore(), actor, body),
  listImports: ({ actor, query }) => listImports(db(), actor, query),
  getImport: ({ actor, params }) => getImport(db(), actor, params.importId),
  listImportRows: ({ actor, params, query }) => listImportRows(db(), actor, params.importId, query),
};
