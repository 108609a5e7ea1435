/** CSV import of leads and contacts (crm function; the `import` privilege, and create on the records). Part of the route table (../routes.ts). */
import { ImportIdParams, ImportPage, ImportPreview, ImportPreviewRequest, ImportRequest, ImportRowPage, ImportRowQuery, ImportStatus } from '../../../shared/imports/schemas';
import { ListQuery } from '../../../shared/platform/schemas';
import { defineRoute } from '../route';

const permission = { kind: 'system', privilege: 'import' } as const;
const tag = 'imports';

export const importRoutes = [
  defineRoute({
    operationId: 'previewImport',
    method: 'POST',
    path: '/imports/preview',
    fn: 'crm',
    permission,
    summary: 'Read a CSV file: its columns, a few values of each, the field each header most likely names, and the fields a column may go to',
    tag,
    request: { body: ImportPreviewRequest },
    response: { status: 200, schema: ImportPreview, description: 'The columns and the target fields' },
  }),
  defineRoute({
    operationId: 'requestImport',
    method: 'POST',
    path: '/imports',
    fn: 'crm',
    permission,
    summary: 'Import leads or contacts from a CSV file, each row matched against the records you can see for duplicates; runs in the background',
    tag,
    request: { body: ImportRequest },
    response: { status: 202, schema: ImportStatus, description: 'The import, queued' },
  }),
  defineRoute({
    operationId: 'listImports',
    method: 'GET',
    path: '/imports',
    fn: 'crm',
    permission,
    summary: 'Your imports, newest first',
    tag,
    request: { query: ListQuery },
    response: { status: 200, schema: ImportPage, description: 'A page of imports' },
  }),
  defineRoute({
    operationId: 'getImport',
    method: 'GET',
    path: '/imports/{importId}',
    fn: 'crm',
    permission,
    summary: 'How an import is going: rows worked through, created, updated, skipped as duplicates, failed',
    tag,
    request: { params: ImportIdParams },
    response: { status: 200, schema: ImportStatus, description: 'The import' },
  }),
  defineRoute({
    operationId: 'listImportRows',
    method: 'GET',
    path: '/imports/{importId}/rows',
    fn: 'crm',
    permission,
    summary: "An import's rows in file order, each with its outcome (the record made or updated, the duplicate it matched, or what was wrong), optionally one outcome only",
    tag,
    request: { params: ImportIdParams, query: ImportRowQuery },
    response: { status: 200, schema: ImportRowPage, description: 'A page of rows' },
  }),
] as const;
