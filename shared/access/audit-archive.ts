/**
 * The audit trail beyond the table: every audit entry the stream carries is written to
 * the archive as JSON lines, one object per stream batch. In AWS the archive is an S3
 * bucket with Object Lock (compliance mode), so not even an account admin can change or
 * delete an entry before its retention ends; locally a folder under the data directory.
 */
import type { BlobStore } from '../ports/blob-store';

export interface ArchivedChange {
  /** the stream sequence number: a retried batch writes the same object again */
  sequence: string;
  entry: Record<string, unknown>;
}

export const isAuditEntry = (image: Record<string, unknown> | undefined) => image?.__edb_e__ === 'auditEntry';

export async function archiveAuditEntries(archive: BlobStore, changes: ArchivedChange[]) {
  if (changes.length === 0) return undefined;
  const first = changes[0]!;
  const day = String(first.entry.day ?? String(first.entry.at).slice(0, 10));
  const key = `audit/${day.replaceAll('-', '/')}/${first.sequence.padStart(40, '0')}.jsonl`;
  const lines = changes.map(({ entry }) => JSON.stringify(Object.fromEntries(Object.entries(entry).filter(([k]) => !/^(pk|sk|gsi\d+pk|gsi\d+sk|__edb_.*)$/.test(k)))));
  await archive.put(key, `${lines.join('\n')}\n`, 'application/x-ndjson');
  return key;
}
