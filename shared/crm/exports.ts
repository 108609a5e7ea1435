/**
 * CSV export of a record type. Requesting one only writes the Export record; its
 * "Export Created" domain event starts the csv-export workflow, whose steps are below.
 */
import { NotFoundError } from '../platform/errors';
import { newId, nowIso } from '../platform/ids';
import type { Database } from '../platform/database';
import type { BlobStore } from '../ports/blob-store';
import type { Mailer } from '../ports/mailer';
import type { Actor } from './actor';
import { ForbiddenError } from '../platform/errors';
import { hasRecordPrivilege, isAdministrator } from '../access/policy';
import { hiddenFields } from '../access/fields';
import { loadActor } from '../access/context';
import { auditOfDay } from '../access/audit';
import type { RecordType } from '../access/record-types';
import { listAccounts } from './accounts';
import { listContacts } from './contacts';
import { listLeads } from './leads';
import { listOpportunities } from '../sales/opportunities';
import { customDefinitions } from '../sales/custom-values';
import { formatForCsv } from '../sales/custom-fields';
import type { ExportRequest, ExportStatus } from './schemas';

const RETENTION_DAYS = 7;
const COLUMNS = {
  accounts: ['accountId', 'name', 'domain', 'industry', 'website', 'phone', 'tags', 'ownerId', 'createdAt', 'updatedAt'],
  contacts: ['contactId', 'accountId', 'firstName', 'lastName', 'email', 'phone', 'title', 'tags', 'ownerId', 'createdAt', 'updatedAt'],
  leads: ['leadId', 'firstName', 'lastName', 'company', 'title', 'email', 'phone', 'industry', 'country', 'source', 'campaign', 'status', 'score', 'rating', 'mql', 'tags', 'ownerId', 'createdAt', 'updatedAt'],
  opportunities: ['opportunityId', 'name', 'accountId', 'amount', 'currency', 'closeDate', 'probability', 'pipelineId', 'stage', 'status', 'lostReason', 'tags', 'ownerId', 'createdAt', 'updatedAt'],
  audit: ['at', 'auditId', 'actorId', 'action', 'subjectType', 'subjectId', 'summary', 'changes', 'ip', 'userAgent', 'requestId'],
} as const;
const RECORD_TYPE: Record<Exclude<ExportRequest['entity'], 'audit'>, RecordType> = { accounts: 'account', contacts: 'contact', leads: 'lead', opportunities: 'opportunity' };

export async function requestExport(db: Database, actor: Actor, request: ExportRequest): Promise<ExportStatus> {
  const { entity } = request;
  if (entity === 'audit' ? !isAdministrator(actor) : !hasRecordPrivilege(actor, RECORD_TYPE[entity], 'read')) {
    throw new ForbiddenError(`Your profile may not export ${entity}`);
  }
  const now = nowIso();
  const record = {
    exportId: newId(),
    entity,
    ...(entity === 'audit' ? { from: request.from, to: request.to } : {}),
    status: 'requested' as const,
    requestedBy: actor.userId,
    createdAt: now,
    updatedAt: now,
    expiresAt: Math.floor(Date.now() / 1000) + RETENTION_DAYS * 86_400,
  };
  await db.entities.export.create(record).go();
  return toStatus(record);
}

export async function getExport(db: Database, actor: Actor | undefined, exportId: string) {
  const { data } = await db.entities.export.get({ exportId }).go();
  // Someone else's export does not exist as far as the caller can tell.
  if (!data || (actor && data.requestedBy !== actor.userId && !isAdministrator(actor))) {
    throw new NotFoundError(`No export ${exportId}`);
  }
  return data;
}

export const getExportStatus = async (db: Database, actor: Actor, exportId: string) => toStatus(await getExport(db, actor, exportId));

export async function readExportFile(db: Database, blobs: BlobStore, actor: Actor, exportId: string) {
  const record = await getExport(db, actor, exportId);
  const file = record.status === 'ready' && record.blobKey ? await blobs.get(record.blobKey) : undefined;
  if (!file) throw new NotFoundError(`Export ${exportId} has no file (status ${record.status})`);
  return { body: file.body, fileName: `${record.entity}-${record.createdAt.slice(0, 10)}.csv` };
}

/**
 * Workflow step: writes the export to CSV as its requester would see it — only records
 * they may see, without the fields hidden from their profile. Safe to retry: it rewrites
 * the same object.
 */
export async function writeExportCsv(db: Database, blobs: BlobStore, exportId: string) {
  const record = await getExport(db, undefined, exportId);
  const requester = await loadActor(db, { userId: record.requestedBy, profileHint: '' });
  const rows = record.entity === 'audit' ? await auditRows(db, record.from!, record.to!) : await recordRows(db, requester, record.entity);
  const hidden = record.entity === 'audit' ? [] : hiddenFields(requester, RECORD_TYPE[record.entity]);
  // custom fields follow the built-in ones, one column each, under their `custom.<key>` name
  const definitions = record.entity === 'audit' ? [] : await customDefinitions(db, RECORD_TYPE[record.entity]);
  const custom = new Map(definitions.map((d) => [`custom.${d.key}`, d]));
  const columns = [...COLUMNS[record.entity], ...custom.keys()].filter((c: string) => !hidden.includes(c));
  const value = (row: Record<string, unknown>, column: string) => {
    const def = custom.get(column);
    if (!def) return cell(Array.isArray(row[column]) ? (row[column] as unknown[]).join(', ') : row[column]);
    const stored = (row.custom as Record<string, unknown> | undefined)?.[def.key];
    return stored === undefined ? '' : formatForCsv(def, stored);
  };
  const cells = rows.map((row) => columns.map((c) => value(row, c)));
  const blobKey = `exports/${exportId}.csv`;
  // A leading quote keeps spreadsheet apps from running cells that start like formulas.
  const safe = cells.map((row) => row.map((v) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v)));
  // Loaded here: only the workflow step writes CSV, so API cold starts skip the library.
  const { stringify } = await import('csv-stringify/sync');
  await blobs.put(blobKey, stringify([columns as string[], ...safe]), 'text/csv; charset=utf-8');
  await db.entities.export.patch({ exportId }).set({ status: 'ready', rowCount: rows.length, blobKey, updatedAt: nowIso() }).go();
  return { rowCount: rows.length, blobKey };
}

const cell = (value: unknown) => (value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : value);

async function recordRows(db: Database, requester: Actor, entity: Exclude<ExportRequest['entity'], 'audit'>) {
  const list = { accounts: listAccounts, contacts: listContacts, leads: listLeads, opportunities: listOpportunities }[entity];
  const rows: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const page = await list(db, requester, { limit: 100, cursor });
    rows.push(...(page.items as unknown as Record<string, unknown>[]));
    cursor = page.cursor ?? undefined;
  } while (cursor);
  return rows;
}

async function auditRows(db: Database, from: string, to: string) {
  const rows: Record<string, unknown>[] = [];
  for (let day = from; day <= to; day = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10)) {
    let cursor: string | undefined;
    do {
      const page = await auditOfDay(db, day, cursor);
      rows.push(...(page.items as Record<string, unknown>[]));
      cursor = page.cursor ?? undefined;
    } while (cursor);
  }
  return rows;
}

/** Workflow step: tells the requester the file is ready. */
export async function emailExportReady(db: Database, mailer: Mailer, appUrl: string, exportId: string) {
  const record = await getExport(db, undefined, exportId);
  const { data: user } = await db.entities.user.get({ userId: record.requestedBy }).go();
  if (!user) return { sent: false };
  const link = `${appUrl.replace(/\/$/, '')}/#/exports/${exportId}`;
  await mailer.send({
    to: user.email,
    subject: `Your ${record.entity} export is ready`,
    text: `Hello ${user.name},\n\nYour export of ${record.rowCount ?? 0} ${record.entity} is ready: ${link}\nIt is kept for ${RETENTION_DAYS} days.\n`,
  });
  return { sent: true };
}

/** Workflow step: records why the export failed, so the UI can say so. */
export async function markExportFailed(db: Database, exportId: string, error: unknown) {
  const cause = (error as { Cause?: string; Error?: string } | undefined) ?? {};
  const message = String(cause.Error ?? 'Error') + (cause.Cause ? `: ${cause.Cause}` : '');
  await db.entities.export.patch({ exportId }).set({ status: 'failed', error: message.slice(0, 1000), updatedAt: nowIso() }).go();
}

function toStatus(record: { exportId: string; entity: ExportRequest['entity']; status: 'requested' | 'ready' | 'failed'; rowCount?: number; error?: string; createdAt: string; updatedAt: string }): ExportStatus {
  const { exportId, entity, status, rowCount, error, createdAt, updatedAt } = record;
  return { exportId, entity, status, rowCount, error, createdAt, updatedAt };
}
