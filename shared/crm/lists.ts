import { LIST_SHARDS, tableDefinition } from '../platform/table';
import { pagedQuery } from '../platform/paged-query';
import type { Database } from '../platform/database';

const indexKeys = (index: 'gsi2' | 'gsi3' | 'gsi4') => {
  const def = tableDefinition.globalIndexes.find((i) => i.indexName === index)!;
  return { keyFields: [tableDefinition.partitionKey, tableDefinition.sortKey, def.partitionKey, def.sortKey], sortField: def.sortKey };
};

export const shards = Array.from({ length: LIST_SHARDS }, (_, i) => String(i));

/** Runs the per-partition Query inputs ElectroDB built through the merging paginator. */
export async function pageFromIndex(
  db: Database,
  index: 'gsi2' | 'gsi3' | 'gsi4',
  queries: Parameters<typeof pagedQuery>[0]['queries'],
  limit: number,
  cursor?: string,
) {
  return pagedQuery({ client: db.documentClient, queries, limit, cursor, ...indexKeys(index) });
}

export const sortName = (...parts: (string | undefined)[]) =>
  parts
    .filter((p): p is string => Boolean(p))
    .join(' ')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .trim();
