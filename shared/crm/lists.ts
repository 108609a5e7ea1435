import { RANGE_SHARD_STARTS, pagedQuery, rangeShard } from '../platform/paged-query';
import { tableDefinition } from '../platform/table';
import type { Database } from '../platform/database';

/** The shards a list reads: all of them in order, or only the one a prefix falls in. */
export const shardsFor = (prefix: string | undefined): string[] =>
  prefix ? [rangeShard(prefix)] : RANGE_SHARD_STARTS.map((_, i) => String(i));

/** Runs the per-shard Query inputs ElectroDB built through the paginator. */
export async function pageFromIndex(
  db: Database,
  index: 'gsi2' | 'gsi3' | 'gsi4',
  queries: Parameters<typeof pagedQuery>[0]['queries'],
  limit: number,
  cursor?: string,
) {
  const partitionField = tableDefinition.globalIndexes.find((i) => i.indexName === index)!.partitionKey;
  return pagedQuery({ client: db.documentClient, queries, partitionField, limit, cursor });
}

export { sortName } from '../platform/sort-name';
export { rangeShard };
