/**
 * Requesting a CSV import, and reading how it went. Requesting one checks the file and
 * the mapping, keeps the file in the blob store and writes the import record; its
 * "Import Created" event starts the csv-import workflow (./run.ts works through it).
 */
import { hasRecordPrivilege, isAdministrator } from '../access/policy';
import type { RecordType } from '../access/record-types';
import { readVisible } from '../access/records';
import type { Actor } from '../crm/actor';
import { accountKind } from '../crm/kinds';
import type { Database } from '../platform/database';
import { ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../platform/errors';
import { newId, nowIso } from '../platform/ids';
import { keyPage } from '../platform/key-page';
import type { BlobStore } from '../ports/blob-store';
import { customDefinitions } from '../sales/custom-values';
import { importTargets, suggestMapping } from './columns';
import { readCsv } from './csv';
import type { ImportEntity, ImportPreview, ImportPreviewRequest, ImportRequest, ImportRow, ImportStatus } from './schemas';

export const RECORD_TYPE: Record<ImportEntity, RecordType & ('lead' | 'contact')> = { leads: 'lead', contacts: 'contact' };
const KEEP_SECONDS = 30 * 86_400;
const SAMPLES = 3;

function requireCreate(actor: Actor, entity: ImportEntity) {
  if (!hasRecordPrivilege(actor, RECORD_TYPE[entity], 'create')) throw new ForbiddenError(`Your profile may not create ${entity}`);
}

/** The file's columns with a few values each and the field each most likely is. */
export async function previewImport(db: Database, actor: Actor, request: ImportPreviewRequest): Promise<ImportPreview> {
  requireCreate(actor, request.entity);
  const { headers, rows } = readCsv(request.csv);
  const custom = await customDefinitions(db, RECORD_TYPE[request.entity]);
  const suggested = suggestMapping(request.entity, headers, custom);
  return {
    entity: request.entity,
    rowCount: rows.length,
    columns: headers.map((column, i) => ({
      column,
      samples: rows.slice(0, SAMPLES).map((row) => row[i]!.slice(0, 200)),
      ...(suggested[column] ? { suggested: suggested[column] } : {}),
    })),
    targets: importTargets(request.entity, custom),
  };
}

export async function requestImport(db: Database, blobs: BlobStore, actor: Actor, request: ImportRequest): Promise<ImportStatus> {
  requireCreate(actor, request.entity);
  const { headers, rows } = readCsv(request.csv);
  const custom = await customDefinitions(db, RECORD_TYPE[request.entity]);
  const targets = importTargets(request.entity, custom);
  const known = new Set(targets.map((t) => t.field));
  const problems: FieldError[] = [];
  const mapping: Record<string, string> = {};
  const mappedTo = new Map<string, string>();
  for (const [column, field] of Object.entries(request.mapping)) {
    if (field === '') continue;
    if (!headers.includes(column)) problems.push({ name: `mapping.${column}`, detail: 'is not a column of the file' });
    else if (!known.has(field)) problems.push({ name: `mapping.${column}`, detail: `${field} is not a field of ${request.entity}` });
    else if (mappedTo.has(field)) problems.push({ name: `mapping.${column}`, detail: `${field} is mapped from ${mappedTo.get(field)} already` });
    else {
      mapping[column] = field;
      mappedTo.set(field, column);
    }
  }
  for (const target of targets) {
    const account = target.field === 'accountName' && request.accountId !== undefined;
    if (target.required && !mappedTo.has(target.field) && !account) problems.push({ name: 'mapping', detail: `needs a column for ${target.label}` });
  }
  if (request.entity === 'contacts' && !mappedTo.has('accountName') && request.accountId === undefined) {
    problems.push({ name: 'accountId', detail: 'is required when no column is mapped to the account' });
  }
  if (request.entity === 'leads' && request.accountId !== undefined) problems.push({ name: 'accountId', detail: 'is only for contacts' });
  if (problems.length) throw new ValidationError('The import cannot start', problems);
  // the default account must be one the importer may see; 404 reads as "no such account"
  if (request.accountId) await readVisible(db, actor, accountKind, request.accountId);

  const importId = newId();
  const blobKey = `imports/${importId}.csv`;
  await blobs.put(blobKey, request.csv, 'text/csv; charset=utf-8');
  const now = nowIso();
  const job = {
    importId,
    entity: request.entity,
    ...(request.fileName ? { fileName: request.fileName } : {}),
    blobKey,
    mapping,
    onDuplicate: request.onDuplicate,
    ...(request.accountId ? { accountId: request.accountId } : {}),
    ...(request.tags?.length ? { tags: request.tags } : {}),
    status: 'queued' as const,
    total: rows.length,
    position: 0,
    created: 0,
    updated: 0,
    duplicates: 0,
    failed: 0,
    requestedBy: actor.userId,
    createdAt: now,
    updatedAt: now,
    expiresAt: Math.floor(Date.now() / 1000) + KEEP_SECONDS,
  };
  await db.entities.importJob.create(job).go();
  return toStatus(job);
}

type StoredImport = Parameters<typeof toStatus>[0] & { blobKey: string; mapping: Record<string, string>; accountId?: string; tags?: string[]; position: number; expiresAt: number };

/** The caller's own import (administrators see every one); anyone else's does not exist for them. */
export async function findImport(db: Database, actor: Actor | undefined, importId: string): Promise<StoredImport> {
  const { data } = await db.entities.importJob.get({ importId }).go();
  if (!data || (actor && data.requestedBy !== actor.userId && !isAdministrator(actor))) throw new NotFoundError(`No import ${importId}`);
  return data as StoredImport;
}

export const getImport = async (db: Database, actor: Actor, importId: string) => toStatus(await findImport(db, actor, importId));

/** The caller's imports, newest first: one Query. */
export async function listImports(db: Database, actor: Actor, page: { limit: number; cursor?: string }) {
  const entity = db.entities.importJob;
  const query = { ...entity.query.byRequester({ requestedBy: actor.userId }).params(), ScanIndexForward: false };
  const result = await keyPage({ client: db.documentClient, query, limit: page.limit, cursor: page.cursor });
  return { items: (entity.parse({ Items: result.items }).data as unknown as StoredImport[]).map(toStatus), cursor: result.cursor };
}

/** An import's rows in file order, all or one outcome: one Query on the import's partition or its outcome index. */
export async function listImportRows(db: Database, actor: Actor, importId: string, page: { limit: number; cursor?: string; outcome?: ImportRow['outcome'] }) {
  await findImport(db, actor, importId);
  const entity = db.entities.importRow;
  const query = page.outcome ? entity.query.byOutcome({ importId, outcome: page.outcome }).params() : entity.query.byImport({ importId }).params();
  const result = await keyPage({ client: db.documentClient, query, limit: page.limit, cursor: page.cursor });
  return { items: entity.parse({ Items: result.items }).data.map((item) => toRow(item as Record<string, unknown>)), cursor: result.cursor };
}

const toRow = (item: Record<string, unknown>): ImportRow => {
  const { row, outcome, recordType, recordId, duplicateOf, errors, values } = item as ImportRow;
  return { row, outcome, ...(recordType ? { recordType } : {}), ...(recordId ? { recordId } : {}), ...(duplicateOf ? { duplicateOf } : {}), ...(errors ? { errors } : {}), values };
};

export function toStatus(job: Omit<ImportStatus, 'processed'> & { position: number }): ImportStatus {
  return {
    importId: job.importId,
    entity: job.entity,
    ...(job.fileName ? { fileName: job.fileName } : {}),
    status: job.status,
    onDuplicate: job.onDuplicate,
    total: job.total,
    processed: job.position,
    created: job.created,
    updated: job.updated,
    duplicates: job.duplicates,
    failed: job.failed,
    requestedBy: job.requestedBy,
    ...(job.error ? { error: job.error } : {}),
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
  };
}
