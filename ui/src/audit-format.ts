/** Turns audit entries into readable lines: pure, so the history views and unit tests share it. */
import { diffPaths } from './security';

export interface AuditEntry {
  auditId: string;
  at: string;
  subjectType: string;
  subjectId: string;
  action: string;
  actorId: string;
  summary?: string;
  changes?: Record<string, { before: unknown; after: unknown }>;
  ip?: string;
  userAgent?: string;
  requestId?: string;
}

export interface ChangeLine {
  /** field, then the path inside it for nested values (settings sections) */
  path: string[];
  before: unknown;
  after: unknown;
}

/** Fields whose values are user (or group) ids, shown as names. */
export const PERSON_FIELDS = new Set(['ownerId', 'managerId', 'toUserId', 'createdBy', 'updatedBy', 'actorId']);

const isObject = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * One line per changed value. Nested objects (a settings section) are reduced to the
 * leaves that changed; a create's own id is left out (the page already is that record).
 */
export function changeLines(entry: Pick<AuditEntry, 'changes' | 'subjectId'>): ChangeLine[] {
  const lines: ChangeLine[] = [];
  for (const [field, change] of Object.entries(entry.changes ?? {})) {
    if (!change || typeof change !== 'object') continue;
    const { before, after } = change;
    if ((before === null || before === undefined) && after === entry.subjectId) continue;
    // Nested values (a settings section) are reduced to the leaves that differ; one that
    // differs only in key order is no change at all.
    if (isObject(before) || isObject(after) || (Array.isArray(before) && Array.isArray(after))) {
      lines.push(...diffPaths(before, after, [field]));
      continue;
    }
    lines.push({ path: [field], before: before ?? null, after: after ?? null });
  }
  return lines;
}

/** A readable name for a path: labels for the first segment, the rest as given. */
export function pathLabel(path: string[], labels: Record<string, string> = {}): string {
  const [first = '', ...rest] = path;
  return [labels[first] ?? first, ...rest].join(' › ');
}
