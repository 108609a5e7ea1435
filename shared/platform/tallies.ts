/**
 * Running totals kept in the same transaction as the records they count: a tag cloud
 * (tag → records), a board's stage totals (deals, amount per currency). A list of totals
 * is one Query on its scope, whatever the size of the table.
 *
 * Each total is split over TALLY_SHARDS items and a write adds to a random one, so
 * concurrent writes to a popular tag rarely touch the same item (a transaction conflict);
 * readers add the shards up (one Query whatever their number: they share a partition).
 * 16, not 4: a web form's totals take a write from every submission, view and lead.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactionWrite } from './transaction';
import { ConflictError } from './errors';

export const TALLY_SHARDS = 16;

export interface Tally {
  /** what a reader lists together: `tags#lead`, `board#new-business` */
  scope: string;
  /** one total within the scope: a tag, `stage#currency` */
  name: string;
  values: Record<string, number>;
}

const pk = (scope: string) => `tally#${scope}`;

/** The Update writes that move the totals from what `before` counted to what `after` counts. */
export function tallyWrites(tableName: string, before: Tally[], after: Tally[]): TransactionWrite[] {
  const delta = new Map<string, Tally>();
  const add = (tally: Tally, sign: 1 | -1) => {
    const id = `${tally.scope}\u0000${tally.name}`;
    const entry = delta.get(id) ?? { scope: tally.scope, name: tally.name, values: {} };
    for (const [field, value] of Object.entries(tally.values)) entry.values[field] = (entry.values[field] ?? 0) + sign * value;
    delta.set(id, entry);
  };
  before.forEach((t) => add(t, -1));
  after.forEach((t) => add(t, 1));
  const writes: TransactionWrite[] = [];
  for (const tally of delta.values()) {
    const fields = Object.entries(tally.values).filter(([, v]) => v !== 0);
    if (fields.length === 0) continue;
    const shard = Math.floor(Math.random() * TALLY_SHARDS);
    const names: Record<string, string> = { '#scope': 'scope', '#name': 'name' };
    const values: Record<string, unknown> = { ':scope': tally.scope, ':name': tally.name };
    fields.forEach(([field, value], i) => {
      names[`#f${i}`] = field;
      values[`:v${i}`] = value;
    });
    writes.push({
      item: {
        Update: {
          TableName: tableName,
          Key: { pk: pk(tally.scope), sk: `${tally.name}#${shard}` },
          UpdateExpression: `SET #scope = :scope, #name = :name ADD ${fields.map((_, i) => `#f${i} :v${i}`).join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      conflict: () => new ConflictError('A concurrent change touched the same totals; try again'),
    });
  }
  return writes;
}

/** Every total of a scope, shards added up: name → field → value. Zero totals are left out. */
export async function readTallies(
  client: { send(command: QueryCommand): Promise<{ Items?: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> }> },
  tableName: string,
  scope: string,
): Promise<Map<string, Record<string, number>>> {
  const totals = new Map<string, Record<string, number>>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk(scope) }, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) {
      const name = String(item.name);
      const sum = totals.get(name) ?? {};
      for (const [field, value] of Object.entries(item)) {
        if (typeof value === 'number') sum[field] = (sum[field] ?? 0) + value;
      }
      totals.set(name, sum);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  for (const [name, values] of totals) if (Object.values(values).every((v) => v === 0)) totals.delete(name);
  return totals;
}
