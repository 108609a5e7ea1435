/**
 * Cursor pagination over one or several partitions of an index, merged in sort-key order.
 *
 * Write-sharded list keys ("all contacts" spread over LIST_SHARDS partitions) are read
 * with one Query per shard in parallel; the merge keeps the global order and the cursor
 * remembers, per shard, the key of the last item handed out, so a page is always full
 * and never skips or repeats an item.
 */
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from './errors';

type Key = Record<string, string>;
type ShardState = Key | null | 'done';

export interface PagedQueryInput {
  client: DynamoDBDocumentClient;
  /** One Query per partition, without Limit/ExclusiveStartKey. */
  queries: QueryCommandInput[];
  /** The key attributes of the index being read (table pk/sk plus the index's). */
  keyFields: string[];
  /** The index sort key attribute: the merge order. */
  sortField: string;
  limit: number;
  cursor?: string;
}

export interface RawPage {
  items: Record<string, unknown>[];
  cursor: string | null;
  /** DynamoDB requests spent, for the bench and the access-pattern tests. */
  requests: number;
}

export async function pagedQuery(input: PagedQueryInput): Promise<RawPage> {
  const states = decodeCursor(input.cursor, input.queries.length);
  let requests = 0;
  const perShard = await Promise.all(
    input.queries.map(async (query, shard) => {
      const state = states[shard];
      if (state === 'done') return { items: [] as Record<string, unknown>[], exhausted: true };
      const expectedPartition = query.ExpressionAttributeValues?.[':pk'];
      if (state && expectedPartition !== undefined && !Object.values(state).includes(String(expectedPartition))) {
        throw invalidCursor();
      }
      requests++;
      const result = await input.client.send(
        new QueryCommand({ ...query, Limit: input.limit, ExclusiveStartKey: state ?? undefined }),
      );
      const items = (result.Items ?? []) as Record<string, unknown>[];
      return { items, exhausted: !result.LastEvaluatedKey };
    }),
  ).catch((error: Error) => {
    if (error.name === 'ValidationException' && input.cursor) throw invalidCursor();
    throw error;
  });

  const merged = perShard
    .flatMap((page, shard) => page.items.map((item) => ({ item, shard })))
    .sort((a, b) => compare(String(a.item[input.sortField]), String(b.item[input.sortField])));
  const taken = merged.slice(0, input.limit);

  const next: ShardState[] = states.map((state, shard) => {
    const page = perShard[shard]!;
    if (state === 'done') return 'done';
    const consumed = taken.filter((entry) => entry.shard === shard);
    if (consumed.length === page.items.length && page.exhausted) return 'done';
    const last = consumed.at(-1);
    return last ? pickKey(last.item, input.keyFields) : state;
  });
  const more = next.some((state) => state !== 'done');
  return { items: taken.map((entry) => entry.item), cursor: more ? encodeCursor(next) : null, requests };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function pickKey(item: Record<string, unknown>, fields: string[]): Key {
  const key: Key = {};
  for (const field of fields) {
    const value = item[field];
    if (typeof value === 'string') key[field] = value;
  }
  return key;
}

function encodeCursor(states: ShardState[]): string {
  return Buffer.from(JSON.stringify(states)).toString('base64url');
}

function decodeCursor(cursor: string | undefined, shards: number): ShardState[] {
  if (!cursor) return Array.from({ length: shards }, () => null);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const valid =
    Array.isArray(parsed) &&
    parsed.length === shards &&
    parsed.every(
      (state) =>
        state === null ||
        state === 'done' ||
        (typeof state === 'object' && Object.values(state as object).every((v) => typeof v === 'string')),
    );
  if (!valid) throw invalidCursor();
  return parsed as ShardState[];
}

const invalidCursor = () =>
  new ValidationError('The cursor is not one this list handed out', [{ name: 'cursor', detail: 'is not valid for this list' }]);
