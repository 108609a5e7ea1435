/**
 * A page of one Query, in the Query's own order, optionally checked item by item (the
 * policy): the cursor is the table key of the last item read, so pages never skip or
 * repeat. For lists that are one partition read in one direction — a record's
 * activities, a timeline newest first, a calendar range, due reminders — where the
 * merged lists of shared/access/merged-list.ts are not needed.
 *
 * Cost: one Query per page while the check passes what it reads; more only when it
 * drops items, and at most `maxRequests` (the page then comes back short, with a cursor).
 */
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from './errors';
import { tableDefinition } from './table';

export interface KeyPageInput {
  client: Pick<DynamoDBDocumentClient, 'send'>;
  /** an ElectroDB `.params()` Query (partition value in `:pk`), with ScanIndexForward as wanted */
  query: QueryCommandInput;
  limit: number;
  cursor?: string;
  accept?: (item: Record<string, unknown>) => boolean;
  maxRequests?: number;
}

export interface KeyPage {
  items: Record<string, unknown>[];
  cursor: string | null;
  /** DynamoDB requests spent, for the access-pattern tests */
  requests: number;
}

type Key = Record<string, string>;

const DEFAULT_MAX_REQUESTS = 5;

export async function keyPage(input: KeyPageInput): Promise<KeyPage> {
  const fields = keyFieldsOf(input.query.IndexName);
  let startKey = decodeCursor(input.cursor, fields, input.query);
  const maxRequests = input.maxRequests ?? DEFAULT_MAX_REQUESTS;
  const items: Record<string, unknown>[] = [];
  let requests = 0;
  while (items.length < input.limit && requests < maxRequests) {
    requests++;
    const result = await input.client
      .send(new QueryCommand({ ...input.query, Limit: input.limit - items.length, ExclusiveStartKey: startKey }))
      .catch((error: Error) => {
        throw error.name === 'ValidationException' && input.cursor ? invalidCursor() : error;
      });
    const batch = (result.Items ?? []) as Record<string, unknown>[];
    const next = result.LastEvaluatedKey as Key | undefined;
    let stoppedAt = -1;
    for (const [i, item] of batch.entries()) {
      if (!input.accept || input.accept(item)) items.push(item);
      if (items.length === input.limit) {
        stoppedAt = i;
        break;
      }
    }
    // Stopped inside the batch: resume after the last item handed out; else where DynamoDB stopped.
    startKey = stoppedAt >= 0 && stoppedAt < batch.length - 1 ? keyOf(batch[stoppedAt]!, fields) : next;
    if (!startKey) break;
  }
  return { items, cursor: startKey ? encodeCursor(startKey) : null, requests };
}

/** The attributes of an item's table key, plus the index's when the Query reads one. */
function keyFieldsOf(indexName: string | undefined): { partition: string; all: string[] } {
  const table = [tableDefinition.partitionKey, tableDefinition.sortKey];
  if (!indexName) return { partition: tableDefinition.partitionKey, all: table };
  const index = tableDefinition.globalIndexes.find((i) => i.indexName === indexName);
  if (!index) throw new Error(`Unknown index ${indexName}`);
  return { partition: index.partitionKey, all: [...table, index.partitionKey, index.sortKey] };
}

function keyOf(item: Record<string, unknown>, fields: { all: string[] }): Key {
  return Object.fromEntries(fields.all.map((field) => [field, String(item[field])]));
}

function encodeCursor(key: Key): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string | undefined, fields: { partition: string; all: string[] }, query: QueryCommandInput): Key | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const key = parsed as Key;
  const valid =
    typeof key === 'object' &&
    key !== null &&
    !Array.isArray(key) &&
    Object.keys(key).length === fields.all.length &&
    fields.all.every((field) => typeof key[field] === 'string' && key[field].length <= 1024) &&
    // A cursor of another list (another record's timeline) is refused, not followed.
    key[fields.partition] === query.ExpressionAttributeValues?.[':pk'];
  if (!valid) throw invalidCursor();
  return key;
}

const invalidCursor = () =>
  new ValidationError('The cursor is not one this list handed out', [{ name: 'cursor', detail: 'is not valid for this list' }]);
