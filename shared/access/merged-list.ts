/**
 * One page of records merged from several sorted sources: what a restricted user may
 * see is the union of their own records, their groups' records and the access entries
 * of their roles and groups — a handful of sorted Queries, not one per subordinate.
 *
 * Every source is ordered by the same key (sort value, then id), so a k-way merge gives
 * one sorted list; the cursor is the position of the last record handed out, which each
 * source resumes after. A record reachable through two sources has the same position in
 * both and is handed out once. `accept` re-checks each record against the current policy.
 */
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../platform/errors';

/** [sort value, id] — compared as DynamoDB compares the sort keys they came from. */
export type Position = [string, string];

export interface ListSource<T> {
  /** The Query reading this source from `after` on (it may return `after` itself; it is skipped). */
  query(after: Position | undefined): QueryCommandInput;
  /** The record a raw item lists and its position. */
  read(item: Record<string, unknown>): { record: T; position: Position };
}

export interface MergedPage<T> {
  items: T[];
  cursor: string | null;
  /** DynamoDB requests spent (the bench and tests count them) */
  requests: number;
}

const order = (p: Position) => `${p[0]}#${p[1].toLowerCase()}`;
const compare = (a: Position, b: Position) => {
  const x = order(a);
  const y = order(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

interface SourceState<T> {
  buffer: { record: T; position: Position }[];
  startKey?: Record<string, unknown>;
  done: boolean;
}

export async function mergedPage<T>(input: {
  client: DynamoDBDocumentClient;
  sources: ListSource<T>[];
  limit: number;
  cursor?: string;
  accept?: (record: T) => boolean;
  /**
   * Most Queries to spend (a filter few records pass): the page may then come back short,
   * with a cursor to go on from where it stopped.
   */
  maxRequests?: number;
  /** items per Query; more when a filter drops many */
  readSize?: number;
}): Promise<MergedPage<T>> {
  const after = decodeCursor(input.cursor);
  const states: SourceState<T>[] = input.sources.map(() => ({ buffer: [], done: false }));
  const items: T[] = [];
  let last: Position | undefined = after;
  let requests = 0;
  let examined = 0;

  const refill = async (source: ListSource<T>, state: SourceState<T>) => {
    requests++;
    const result = await input.client
      .send(new QueryCommand({ ...source.query(after), Limit: input.readSize ?? input.limit, ExclusiveStartKey: state.startKey }))
      .catch((error: Error) => {
        throw error.name === 'ValidationException' && input.cursor ? invalidCursor() : error;
      });
    const read = ((result.Items ?? []) as Record<string, unknown>[]).map((item) => source.read(item));
    state.buffer.push(...read.filter((entry) => !after || compare(entry.position, after) > 0));
    state.startKey = result.LastEvaluatedKey;
    state.done = !result.LastEvaluatedKey;
  };

  while (items.length < input.limit) {
    if (input.maxRequests !== undefined && requests >= input.maxRequests && examined > 0 && states.some((s) => s.buffer.length === 0 && !s.done)) break;
    // Every source must show its next record before the smallest one is known.
    await Promise.all(input.sources.map((source, i) => (states[i]!.buffer.length === 0 && !states[i]!.done ? refill(source, states[i]!) : undefined)));
    let next: SourceState<T> | undefined;
    for (const state of states) {
      const head = state.buffer[0];
      if (head && (!next || compare(head.position, next.buffer[0]!.position) < 0)) next = state;
    }
    if (!next) break;
    const { record, position } = next.buffer.shift()!;
    if (last && compare(position, last) <= 0) continue; // the same record through another source
    last = position;
    examined++;
    if (!input.accept || input.accept(record)) items.push(record);
  }
  const more = states.some((s) => s.buffer.length > 0 || !s.done);
  return { items, cursor: more && last ? encodeCursor(last) : null, requests };
}

function encodeCursor(position: Position) {
  return Buffer.from(JSON.stringify({ p: position })).toString('base64url');
}

function decodeCursor(cursor: string | undefined): Position | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { p?: unknown };
    const p = parsed?.p;
    if (Array.isArray(p) && p.length === 2 && p.every((v) => typeof v === 'string' && v.length <= 400)) return p as Position;
  } catch {
    // reported below
  }
  throw invalidCursor();
}

const invalidCursor = () =>
  new ValidationError('The cursor is not one this list handed out', [{ name: 'cursor', detail: 'is not valid for this list' }]);
