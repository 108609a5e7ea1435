/** Operations every record type's routes share: one record read beside the caller, and its history. */
import { checkVisible, loadRecord, present, readVisible, type RecordKind } from '../../shared/access/records';
import { historyOf } from '../../shared/access/audit';
import { redactHistory } from '../../shared/access/history';
import type { Actor } from '../../shared/crm/actor';
import { prefetching } from './http-handler';
import { db } from './deps';

/** A list's page as the API answers it: the items and the cursor, nothing else the domain returned. */
export const page = <T>({ items, cursor }: { items: T[]; cursor: string | null }) => ({ items, cursor });

/** A record read while the caller loads; decided once both are in. */
export const getOne = (kind: RecordKind, id: (params: Record<string, string>) => string) =>
  prefetching({
    prefetch: ({ params }: { params: unknown }) => loadRecord(db(), kind, id(params as Record<string, string>)),
    run: ({ actor, params }: { actor: Actor; params: unknown }, record) => {
      const found = checkVisible(actor, kind, id(params as Record<string, string>), record);
      return Promise.resolve(present(actor, kind, found) as never);
    },
  });

/** A record's history, for whoever may see the record, without the fields hidden from them. */
export const history = async (actor: Actor, kind: RecordKind, id: string, query: { limit: number; cursor?: string }) => {
  await readVisible(db(), actor, kind, id);
  const result = await historyOf(db(), kind.type, id, query);
  return { items: redactHistory(actor, kind.type, result.items), cursor: result.cursor };
};
