/**
 * Access jobs, one batch per workflow step: move every record of a user to another user
 * (reassign), or rewrite records' grants after roles, groups or sharing rules changed
 * (reindex). Each step handles a page and returns where to go on, so a job of any size
 * fits in Lambda's limits and a failed step is retried on its own.
 */
import { nowIso } from '../platform/ids';
import type { Database } from '../platform/database';
import { recordKinds } from '../crm/kinds';
import { RECORD_TYPES } from './record-types';
import { loadRecord, rewriteAccess, type StoredRecord } from './records';
import { getSettings } from './admin';
import type { SecuritySettings } from './settings';

export interface JobPosition {
  owner: number;
  type: number;
  cursor?: string | null;
}

const BATCH = 25;

export async function runAccessJobStep(db: Database, jobId: string, position: JobPosition = { owner: 0, type: 0 }) {
  const { data: job } = await db.entities.accessJob.get({ jobId }).go();
  if (!job || job.status !== 'requested') return { done: true, owner: 0, type: 0, cursor: null };
  const settings = await getSettings(db);
  const ownerId = job.ownerIds[position.owner];
  if (ownerId === undefined) {
    await db.entities.accessJob.patch({ jobId }).set({ status: 'done', updatedAt: nowIso() }).go({ response: 'none' });
    return { done: true, owner: position.owner, type: 0, cursor: null };
  }
  const kind = recordKinds[RECORD_TYPES[position.type]!];
  const newOwnerId = job.kind === 'reassign' ? job.toUserId! : ownerId;
  const owner = await ownerFacts(db, settings, newOwnerId);
  // A reassignment empties the owner's list as it goes, so it always reads the first page.
  const cursor = job.kind === 'reassign' ? undefined : (position.cursor ?? undefined);
  const entity = db.entities[kind.type] as unknown as {
    query: { byOwner(key: { ownerId: string }): { go(o: object): Promise<{ data: StoredRecord[]; cursor: string | null }> } };
  };
  const page = await entity.query.byOwner({ ownerId }).go({ limit: BATCH, cursor, pages: 1 });
  const actor = { userId: job.requestedBy, origin: job.origin as Record<string, string> | undefined };
  let processed = 0;
  for (const listed of page.data) {
    // The index lags the table: re-read, and skip what already moved or was deleted.
    const record = await loadRecord(db, kind, String(listed[kind.idField]));
    if (!record || record.ownerId !== ownerId) continue;
    if (await rewriteAccess(db, kind, record, { settings, owner, actor })) processed++;
  }
  if (processed > 0) await db.entities.accessJob.patch({ jobId }).add({ processed }).set({ updatedAt: nowIso() }).go({ response: 'none' });
  const more = job.kind === 'reassign' ? page.data.length === BATCH : Boolean(page.cursor);
  if (more) return { done: false, owner: position.owner, type: position.type, cursor: job.kind === 'reassign' ? null : page.cursor };
  const next = position.type + 1 < RECORD_TYPES.length ? { owner: position.owner, type: position.type + 1 } : { owner: position.owner + 1, type: 0 };
  return { done: false, ...next, cursor: null };
}

export async function markAccessJobFailed(db: Database, jobId: string, error: unknown) {
  const cause = (error as { Cause?: string; Error?: string } | undefined) ?? {};
  const message = String(cause.Error ?? 'Error') + (cause.Cause ? `: ${cause.Cause}` : '');
  await db.entities.accessJob.patch({ jobId }).set({ status: 'failed', error: message.slice(0, 1000), updatedAt: nowIso() }).go({ response: 'none' });
}

async function ownerFacts(db: Database, settings: SecuritySettings, ownerId: string) {
  if (settings.groups[ownerId]) return { ownerId, roles: [], groups: [] };
  const { data: user } = await db.entities.user.get({ userId: ownerId }).go();
  return { ownerId, roles: user?.roles ?? [], groups: user?.groups ?? [] };
}
