/**
 * Cursor pagination over a range-sharded list key.
 *
 * A type-wide list ("all contacts by name") is a low-cardinality key, so its partition is
 * split into range shards by the first character of the sort value (A–B, C–E, …). Writes
 * spread over the shards; a page reads the shards in order, so it usually costs one
 * Query and two where it crosses a shard boundary — never a scatter-gather over all of
 * them. A prefix search touches exactly one shard. Single-partition lists (by owner) are
 * the one-shard case.
 */
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from './errors';

/** Shard i holds sort values from RANGE_SHARD_STARTS[i] up to the next start. */
export const RANGE_SHARD_STARTS = ['', 'c', 'f', 'j', 'm', 'p', 's', 'u'] as const;

export function rangeShard(sortValue: string): string {
  let shard = 0;
  RANGE_SHARD_STARTS.forEach((start, i) => {
    if (sortValue >= start) shard = i;
  });
  return String(shard);
}

/**
 * A stable shard of a low-cardinality key whose sort order is not a name (a board stage
 * by close date): readers merge the shards' sorted Queries (shared/access/merged-list.ts).
 */
export function hashShard(id: string, shards: number): string {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return String(hash % shards);
}

type Key = Record<string, string>;
interface Cursor {
  s: number;
  k?: Key;
}

export interface PagedQueryInput {
  client: DynamoDBDocumentClient;
  /**
   * The Query of each shard to read, in sort order, each built when the page reaches it:
   * a page usually reads one shard, and building a Query with the model costs more CPU than
   * a page's own code (tens of microseconds each).
   */
  queries: readonly (() => QueryCommandInput)[];
  /** The index's partition key attribute, to check a cursor belongs to this list. */
  partitionField: string;
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
  let { s: shard, k: startKey } = decodeCursor(input.cursor, input.queries.length);
  if (startKey && startKey[input.partitionField] !== input.queries[shard]?.().ExpressionAttributeValues?.[':pk']) throw invalidCursor();
  const items: Record<string, unknown>[] = [];
  let requests = 0;
  while (shard < input.queries.length && items.length < input.limit) {
    requests++;
    const result = await input.client
      .send(new QueryCommand({ ...input.queries[shard]!(), Limit: input.limit - items.length, ExclusiveStartKey: startKey }))
      .catch((error: Error) => {
        throw error.name === 'ValidationException' && input.cursor ? invalidCursor() : error;
      });
    items.push(...((result.Items ?? []) as Record<string, unknown>[]));
    if (result.LastEvaluatedKey) {
      startKey = result.LastEvaluatedKey as Key;
    } else {
      shard++;
      startKey = undefined;
    }
  }
  const more = shard < input.queries.length;
  return { items, cursor: more ? encodeCursor({ s: shard, ...(startKey ? { k: startKey } : {}) }) : null, requests };
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(cursor: string | undefined, shards: number): Cursor {
  if (!cursor) return { s: 0 };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const c = parsed as Cursor;
  const valid =
    typeof c === 'object' &&
    c !== null &&
    Number.isInteger(c.s) &&
    c.s >= 0 &&
    c.s < shards &&
    (c.k === undefined || (typeof c.k === 'object' && c.k !== null && Object.values(c.k).every((v) => typeof v === 'string')));
  if (!valid) throw invalidCursor();
  return c;
}

const invalidCursor = () =>
  new ValidationError('The cursor is not one this list handed out', [{ name: 'cursor', detail: 'is not valid for this list' }]);
