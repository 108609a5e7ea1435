/**
 * Item reads started in the same turn of the event loop go to DynamoDB as one
 * BatchGetItem: a request's own record and the caller's user record and security
 * settings (shared/access/context.ts) cost one round trip, not two. DataLoader does the
 * batching; nothing is cached between batches, so every request reads fresh items.
 */
import DataLoader from 'dataloader';
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Key = Record<string, unknown>;
export type ItemLoader = (key: Key) => Promise<Record<string, unknown> | undefined>;

const MAX_BATCH = 100; // BatchGetItem's limit
const MAX_ROUNDS = 5;

export function createItemLoader(client: DynamoDBDocumentClient, tableName: string, keyFields: [string, string]): ItemLoader {
  const id = (key: Key) => `${String(key[keyFields[0]])}\u0000${String(key[keyFields[1]])}`;
  const loader = new DataLoader<Key, Record<string, unknown> | undefined, string>(
    async (keys) => {
      const found = new Map<string, Record<string, unknown>>();
      let pending: Key[] = [...new Map(keys.map((k) => [id(k), k])).values()];
      for (let round = 0; pending.length > 0; round++) {
        // Unprocessed keys (throttling) are asked for again, with a short backoff.
        if (round > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** round));
        if (round >= MAX_ROUNDS) throw new Error(`DynamoDB left ${pending.length} keys unprocessed after ${MAX_ROUNDS} tries`);
        const result = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } } }));
        for (const item of result.Responses?.[tableName] ?? []) found.set(id(item), item);
        pending = (result.UnprocessedKeys?.[tableName]?.Keys as Key[] | undefined) ?? [];
      }
      return keys.map((key) => found.get(id(key)));
    },
    { cache: false, maxBatchSize: MAX_BATCH, cacheKeyFn: id },
  );
  return (key) => loader.load(key);
}
