/**
 * The crm function's CSV import operations (routes: ../http/routes/imports.ts). The import
 * code and its CSV parser load on the first import request, not at every cold start.
 */
import type { importRoutes } from '../http/routes/imports';
import type { Operations } from '../http/http-handler';
import { blobStore } from '../http/adapters';
import { db } from '../http/deps';

type OperationId = (typeof importRoutes)[number]['operationId'];
const imports = () => import('../../shared/imports/imports');

export const importOperations: Pick<Operations<'crm'>, OperationId> = {
  previewImport: async ({ actor, body }) => (await imports()).previewImport(db(), actor, body),
  requestImport: async ({ actor, body }) => (await imports()).requestImport(db(), await blobStore(), actor, body),
  listImports: async ({ actor, query }) => (await imports()).listImports(db(), actor, query),
  getImport: async ({ actor, params }) => (await imports()).getImport(db(), actor, params.importId),
  listImportRows: async ({ actor, params, query }) => (await imports()).listImportRows(db(), actor, params.importId, query),
};
