/**
 * The csv-import workflow's step: works through the next rows of an import, as its
 * requester (their profile, field-level security and visibility apply, and every record
 * is audited as theirs), one row at a time so a row sees the records the rows before it
 * made. Each row:
 *   1. has an outcome already (an earlier attempt of this step got that far)? counted again, not redone;
 *   2. is checked like any other write; problems → "failed", naming field and column;
 *   3. is matched against the records the requester can see (email, phone, name at company);
 *      a match → skipped as a duplicate, or the match updated, or created anyway, as asked;
 *   4. is created with its outcome in one transaction, so a retried step makes it once.
 * The step returns where it stopped; its counts are added with a condition on the
 * position, so a retried step never counts twice.
 */
import { loadActor } from '../access/context';
import { loadRecord, type ExtraWrite } from '../access/records';
import type { Actor } from '../crm/actor';
import { accountsNamed, createAccount } from '../crm/accounts';
import { createContact, updateContact } from '../crm/contacts';
import { contactKind, leadKind } from '../crm/kinds';
import { createLead, updateLead } from '../crm/leads';
import { ContactCreate, LeadCreate } from '../crm/schemas';
import type { Database } from '../platform/database';
import { ConflictError, DomainError, fieldErrors, isConditionFailure, type FieldError } from '../platform/errors';
import { nowIso } from '../platform/ids';
import type { BlobStore } from '../ports/blob-store';
import { findDuplicates } from '../sales/duplicate-keys';
import { customDefinitions } from '../sales/custom-values';
import { normaliseCompany } from '../sales/duplicates';
import { readCsv } from './csv';
import { findImport, RECORD_TYPE } from './imports';
import { rowInput, withColumns, type RowError } from './rows';
import type { ImportOutcome, ImportRow } from './schemas';

/** Rows per step, and the time a step may take: well inside the jobs function's timeout. */
const BATCH_ROWS = 500;
const BATCH_MS = 30_000;

export interface ImportPosition {
  position: number;
  done: boolean;
}

type Counts = Record<'created' | 'updated' | 'duplicates' | 'failed', number>;
const COUNTED: Record<ImportOutcome, keyof Counts> = { created: 'created', updated: 'updated', duplicate: 'duplicates', failed: 'failed' };

export async function runImportBatch(db: Database, blobs: BlobStore, importId: string): Promise<ImportPosition> {
  const job = await findImport(db, undefined, importId);
  if (job.status === 'done' || job.status === 'failed') return { position: job.position, done: true };
  const file = await blobs.get(job.blobKey);
  if (!file) throw new Error(`The file of import ${importId} is gone (${job.blobKey})`);
  const { headers, rows } = readCsv(file.body.toString('utf8'));
  const actor = await loadActor(db, { userId: job.requestedBy, profileHint: '' });
  const type = RECORD_TYPE[job.entity];
  const context: RowContext = { db, actor, job, custom: await customDefinitions(db, type), accounts: new Map() };

  if (job.status === 'queued') await db.entities.importJob.patch({ importId }).set({ status: 'running', updatedAt: nowIso() }).go({ response: 'none' });
  const start = job.position;
  const counts: Counts = { created: 0, updated: 0, duplicates: 0, failed: 0 };
  const deadline = Date.now() + BATCH_MS;
  let position = start;
  while (position < rows.length && position - start < BATCH_ROWS && Date.now() < deadline) {
    const outcome = await importRow(context, position + 2, rowInput(job.entity, headers, rows[position]!, job.mapping, context.custom));
    counts[COUNTED[outcome]]++;
    position++;
  }
  const done = position >= rows.length;
  await db.entities.importJob
    .patch({ importId })
    .add(counts)
    .set({ position, updatedAt: nowIso(), ...(done ? { status: 'done' as const, finishedAt: nowIso() } : {}) })
    .where((attr, op) => op.eq(attr.position, start))
    .go({ response: 'none' })
    .catch((error: unknown) => {
      // a retry of a step that had already counted its rows
      if (!isConditionFailure(error)) throw error;
    });
  return { position, done };
}

export async function markImportFailed(db: Database, importId: string, error: { Error?: string; Cause?: string } | undefined) {
  const reason = [error?.Error, error?.Cause].filter(Boolean).join(': ').slice(0, 1000) || 'The import stopped';
  await db.entities.importJob.patch({ importId }).set({ status: 'failed', error: reason, updatedAt: nowIso(), finishedAt: nowIso() }).go({ response: 'none' });
  return { marked: true };
}

interface RowContext {
  db: Database;
  actor: Actor;
  job: Awaited<ReturnType<typeof findImport>>;
  custom: Awaited<ReturnType<typeof customDefinitions>>;
  /** normalised account name → account id, for the contacts of one step */
  accounts: Map<string, string>;
}

type RowResult = Omit<ImportRow, 'row' | 'values'>;
class RowImportedAlready extends Error {}

async function importRow(context: RowContext, row: number, input: ReturnType<typeof rowInput>): Promise<ImportOutcome> {
  const { db, job } = context;
  const rowKey = String(row).padStart(6, '0');
  const existing = await db.entities.importRow.get({ importId: job.importId, rowKey }).go();
  if (existing.data) return existing.data.outcome;

  const expiresAt = job.expiresAt;
  const record = (result: RowResult) => ({ importId: job.importId, rowKey, row, values: input.values, expiresAt, ...result });
  // the outcome, written with the record it made: a second write of the same row is refused
  const claim = (result: RowResult): ExtraWrite => ({
    item: { Put: db.entities.importRow.create(record(result)).params() },
    conflict: () => new RowImportedAlready(),
  });
  const save = async (result: RowResult) => {
    await db.entities.importRow.put(record(result)).go({ response: 'none' });
    return result.outcome;
  };

  try {
    return await attempt(context, input, claim, save);
  } catch (error) {
    if (error instanceof RowImportedAlready) {
      return (await db.entities.importRow.get({ importId: job.importId, rowKey }).go()).data!.outcome;
    }
    if (!(error instanceof DomainError)) throw error;
    return save({ outcome: 'failed', errors: withColumns(error.fields.length ? error.fields : [{ name: 'row', detail: error.message }], job.mapping) });
  }
}

async function attempt(
  context: RowContext,
  input: ReturnType<typeof rowInput>,
  claim: (result: RowResult) => ExtraWrite,
  save: (result: RowResult) => Promise<ImportOutcome>,
): Promise<ImportOutcome> {
  const { db, actor, job } = context;
  const type = RECORD_TYPE[job.entity];
  const { accountName, ...fields } = input.fields;
  if (job.tags?.length) fields.tags = [...new Set([...((fields.tags as string[]) ?? []), ...job.tags])];
  const schema = type === 'lead' ? LeadCreate : ContactCreate;
  const accountId = type === 'contact' ? ((accountName ? await accountFor(context, String(accountName)) : undefined) ?? job.accountId) : undefined;
  const parsed = schema.safeParse(type === 'contact' ? { ...fields, ...(accountId ? { accountId } : {}) } : fields);
  if (!parsed.success) return save({ outcome: 'failed', errors: withColumns(accountErrors(fieldErrors(parsed.error)), job.mapping) });

  const match = (await findDuplicates(db, actor, { ...(fields as Record<string, string>), ...(accountName ? { accountName: String(accountName) } : {}) })).items[0];
  const duplicateOf = match && { type: match.type, id: match.id, ...(match.name ? { name: match.name } : {}), score: match.score, reasons: match.reasons };
  if (match && job.onDuplicate === 'skip') return save({ outcome: 'duplicate', duplicateOf });
  if (match && job.onDuplicate === 'update') {
    // a lead row that matches a contact is a person already known: nothing to update on a lead
    if (match.type !== type) return save({ outcome: 'duplicate', duplicateOf });
    const recordId = await updateMatch(context, match.id, parsed.data as Record<string, unknown>);
    return save({ outcome: 'updated', recordType: type, recordId, duplicateOf });
  }
  const result = (recordId: string): RowResult => ({ outcome: 'created', recordType: type, recordId, ...(duplicateOf ? { duplicateOf } : {}) });
  if (type === 'lead') await createLead(db, actor, parsed.data as LeadCreate, (id) => [claim(result(id))]);
  else await createContact(db, actor, parsed.data as ContactCreate, (id) => [claim(result(id))]);
  return 'created';
}

/** A contact row names its account: the one the requester can see by that name, or a new one. */
async function accountFor(context: RowContext, name: string): Promise<string> {
  const key = normaliseCompany(name);
  const known = context.accounts.get(key);
  if (known) return known;
  const [found] = await accountsNamed(context.db, context.actor, name);
  const accountId = found ? String(found.accountId) : (await createAccount(context.db, context.actor, { name })).accountId;
  context.accounts.set(key, accountId);
  return accountId;
}

/** A missing account is the mapping's problem, not a field of the file. */
const accountErrors = (errors: FieldError[]): RowError[] =>
  errors.map((e) => (e.name === 'accountId' ? { name: 'accountName', detail: 'is required: the row names no account and the import has no default one' } : e));

/** The match takes the row's values (its other fields stay); tags are added to its own. */
async function updateMatch(context: RowContext, id: string, values: Record<string, unknown>): Promise<string> {
  const { db, actor, job } = context;
  const kind = job.entity === 'leads' ? leadKind : contactKind;
  for (let tries = 0; ; tries++) {
    const current = await loadRecord(db, kind, id);
    if (!current) throw new ConflictError('The matching record was deleted during the import');
    const patch: Record<string, unknown> = { ...values, version: current.version };
    // a bulk file neither moves a lead through its stages nor a contact to another account
    delete patch.status;
    delete patch.accountId;
    if (Array.isArray(values.tags)) patch.tags = [...new Set([...((current.tags as string[]) ?? []), ...(values.tags as string[])])].slice(0, 20);
    if (values.custom) patch.custom = values.custom;
    try {
      if (job.entity === 'leads') await updateLead(db, actor, id, patch as never);
      else await updateContact(db, actor, id, patch as never);
      return id;
    } catch (error) {
      // someone changed the record between our read and write: read it again
      if (!(error instanceof ConflictError) || tries >= 2) throw error;
    }
  }
}
