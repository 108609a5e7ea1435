/**
 * "An event exists if and only if its write committed": events come from the table
 * stream, read from a checkpoint. A consumer that dies after the write and before the
 * event went out leaves the checkpoint behind it, so the next consumer publishes it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createStreamHandler } from '../../functions/events/stream-handler';
import { ensureTable, localClient } from '../../local/dynamodb';
import { startStreamPoller } from '../../local/stream-poller';
import { createDatabase, type Database } from '../../shared/platform/database';
import type { BusEvent } from '../../shared/ports/event-publisher';

const endpoint = inject('dynamoEndpoint');
const tableName = `crm-events-${Math.random().toString(36).slice(2, 10)}`;
const checkpointFile = join(mkdtempSync(join(tmpdir(), 'crm-stream-')), 'checkpoint.json');
let db: Database;

beforeAll(async () => {
  const client = localClient(endpoint);
  await ensureTable(client, tableName);
  client.destroy();
  db = createDatabase({ tableName, endpoint });
});

const account = (accountId: string, name: string) => ({
  accountId,
  name,
  ownerId: 'U1',
  version: 1,
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
  createdBy: 'U1',
  updatedBy: 'U1',
  acl: { ownerRoles: [], ownerGroups: [], grants: [] },
  shard: '0',
  sortName: name.toLowerCase(),
});

/** A consumer publishing to a list, as the stream Lambda publishes to the bus. */
function consumer(published: BusEvent[], options: { hang?: boolean } = {}) {
  const handler = createStreamHandler(() => ({
    async publish(events: BusEvent[]) {
      if (options.hang) await new Promise(() => undefined); // the process dies here: nothing published, no checkpoint
      published.push(...events);
      return { failed: [] };
    },
  }));
  return startStreamPoller({ endpoint, tableName, checkpointFile, intervalMs: 50, handler: (event: DynamoDBStreamEvent) => handler(event) });
}

const until = async (check: () => boolean, ms = 10_000) => {
  const started = Date.now();
  while (!check() && Date.now() - started < ms) await new Promise((r) => setTimeout(r, 50));
};

describe('domain events from the table stream', () => {
  const firstRun: BusEvent[] = [];
  const secondRun: BusEvent[] = [];
  const thirdRun: BusEvent[] = [];
  let pollers: Awaited<ReturnType<typeof consumer>>[] = [];
  afterAll(() => Promise.all(pollers.map((p) => p.stop())));

  it('are published by the next consumer when one crashed between the write and the event', async () => {
    const crashing = await consumer(firstRun, { hang: true });
    await db.entities.account.create(account('01KCRASHED0000000000000000', 'Crash Test')).go();
    await new Promise((r) => setTimeout(r, 1_000)); // it read the change and hung on publishing
    expect(firstRun).toEqual([]);
    void crashing.stop(); // never finishes: the hung batch is abandoned, as a dead process's would be

    const next = await consumer(secondRun);
    pollers.push(next);
    await until(() => secondRun.length > 0);
    expect(secondRun.map((e) => [e.detailType, e.detail.recordId])).toEqual([['Account Created', '01KCRASHED0000000000000000']]);
  });

  it('are not published twice once a consumer got them out', async () => {
    await pollers[0]!.stop();
    pollers = [];
    await db.entities.account.create(account('01KAFTER00000000000000000A', 'After')).go();
    const restarted = await consumer(thirdRun);
    pollers.push(restarted);
    await until(() => thirdRun.length > 0);
    await restarted.drain(300);
    expect(thirdRun.map((e) => e.detail.recordId)).toEqual(['01KAFTER00000000000000000A']);
  });
});
