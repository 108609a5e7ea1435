import type { Actor } from '../crm/actor';
import { hiddenFields } from './fields';
import type { RecordType } from './record-types';

/** Audit entries as a reader may see them: changes to fields hidden from their profile removed. */
export function redactHistory<T extends { changes?: unknown }>(actor: Actor, type: RecordType, entries: T[]): T[] {
  const hidden = new Set(hiddenFields(actor, type));
  if (hidden.size === 0) return entries;
  return entries.map((entry) => {
    const changes = entry.changes as Record<string, unknown> | undefined;
    if (!changes) return entry;
    return { ...entry, changes: Object.fromEntries(Object.entries(changes).filter(([field]) => !hidden.has(field))) };
  });
}
