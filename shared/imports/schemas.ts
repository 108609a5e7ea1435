/**
 * CSV import of leads and contacts: the request, the job's status and each row's outcome.
 * The file travels in the JSON body (the API takes 1 MB), is kept in the blob store, and
 * is worked through asynchronously, row by row, matching duplicates as it goes.
 */
import * as z from 'zod';
import { IsoTime, ListQuery, Ulid, pageOf } from '../platform/schemas';
import { Tags } from '../crm/tags';

export const IMPORTABLE = ['leads', 'contacts'] as const;
export const ImportEntity = z.enum(IMPORTABLE).meta({ description: 'What each row becomes' });
export type ImportEntity = z.infer<typeof ImportEntity>;

export const MAX_IMPORT_ROWS = 10_000;
export const ImportCsv = z
  .string()
  .min(1, 'is empty')
  .max(900_000, 'must be at most 900,000 characters (split larger files)')
  .meta({ description: 'The CSV text: a header line, then one record per line (comma, semicolon or tab separated)' });

export const DuplicatePolicy = z.enum(['skip', 'update', 'create']).meta({
  description:
    'A row that matches a record you can see (same email, same phone, or a similar name at the same company): skip it (default), update the match with the row’s non-empty values, or create it anyway (it then shows among the likely duplicates)',
});
export type DuplicatePolicy = z.infer<typeof DuplicatePolicy>;

export const ImportPreviewRequest = z.strictObject({ entity: ImportEntity, csv: ImportCsv }).meta({ id: 'ImportPreviewRequest' });
export type ImportPreviewRequest = z.infer<typeof ImportPreviewRequest>;

export const ImportTarget = z
  .object({
    field: z.string().meta({ description: 'A field of the record, custom fields as custom.<key>; accountName (contacts) finds or creates the account by name' }),
    label: z.string(),
    required: z.boolean(),
  })
  .meta({ id: 'ImportTarget' });
export type ImportTarget = z.infer<typeof ImportTarget>;

export const ImportPreview = z
  .object({
    entity: ImportEntity,
    rowCount: z.number().int(),
    columns: z.array(
      z.object({
        column: z.string(),
        samples: z.array(z.string()).meta({ description: 'The first few values of the column' }),
        suggested: z.string().optional().meta({ description: 'The field the column’s header names, when it names one' }),
      }),
    ),
    targets: z.array(ImportTarget),
  })
  .meta({ id: 'ImportPreview' });
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportRequest = z
  .strictObject({
    entity: ImportEntity,
    csv: ImportCsv,
    fileName: z.string().trim().max(200).optional(),
    mapping: z
      .record(z.string().max(200), z.string().max(100))
      .meta({ description: 'CSV column → field (see ImportPreview.targets); columns left out, or mapped to "", are not imported' }),
    onDuplicate: DuplicatePolicy.default('skip'),
    accountId: Ulid.optional().meta({ description: 'Contacts: the account of rows that name none' }),
    tags: Tags.optional().meta({ description: 'Added to every imported record, e.g. the list’s name' }),
  })
  .meta({ id: 'ImportRequest' });
export type ImportRequest = z.infer<typeof ImportRequest>;

export const ImportState = z.enum(['queued', 'running', 'done', 'failed']);
export const ImportStatus = z
  .object({
    importId: Ulid,
    entity: ImportEntity,
    fileName: z.string().optional(),
    status: ImportState,
    onDuplicate: DuplicatePolicy,
    total: z.number().int().meta({ description: 'Data rows in the file' }),
    processed: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    duplicates: z.number().int().meta({ description: 'Rows skipped as duplicates of an existing record' }),
    failed: z.number().int(),
    requestedBy: z.string(),
    error: z.string().optional(),
    createdAt: IsoTime,
    updatedAt: IsoTime,
    finishedAt: IsoTime.optional(),
  })
  .meta({ id: 'Import' });
export type ImportStatus = z.infer<typeof ImportStatus>;
export const ImportPage = pageOf(ImportStatus, 'ImportPage');

export const ImportOutcome = z.enum(['created', 'updated', 'duplicate', 'failed']);
export type ImportOutcome = z.infer<typeof ImportOutcome>;
export const ImportRow = z
  .object({
    row: z.number().int().meta({ description: 'The row as a spreadsheet numbers it: the header is row 1' }),
    outcome: ImportOutcome,
    recordType: z.enum(['lead', 'contact']).optional(),
    recordId: z.string().optional().meta({ description: 'The record created or updated' }),
    duplicateOf: z
      .object({ type: z.enum(['lead', 'contact']), id: z.string(), name: z.string().optional(), score: z.number(), reasons: z.array(z.string()) })
      .optional()
      .meta({ description: 'The existing record the row matched (skipped or updated rows; created rows that look like one)' }),
    errors: z.array(z.object({ name: z.string(), column: z.string().optional(), detail: z.string() })).optional(),
    values: z.record(z.string(), z.string()).meta({ description: 'The row’s imported columns, as in the file' }),
  })
  .meta({ id: 'ImportRow' });
export type ImportRow = z.infer<typeof ImportRow>;
export const ImportRowPage = pageOf(ImportRow, 'ImportRowPage');
export const ImportRowQuery = ListQuery.extend({ outcome: ImportOutcome.optional() });
export const ImportIdParams = z.object({ importId: Ulid });
