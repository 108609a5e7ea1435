/**
 * The local stand-in for the Lambda event source mapping on the table stream: polls
 * DynamoDB Local's stream and hands batches to the same stream handler, retrying a
 * failed batch from the failed record and checkpointing so a restart neither replays
 * nor misses changes.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

export interface StreamPollerOptions {
  endpoint: string;
  tableName: string;
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;
  checkpointFile: string;
  intervalMs?: number;
  maxAttempts?: number;
  onDeadLetter?: (records: DynamoDBRecord[], error: string) => void;
}

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export async function startStreamPoller(options: StreamPollerOptions) {
  const streams = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: 'local', credentials });
  const dynamo = new DynamoDBClient({ endpoint: options.endpoint, region: 'local', credentials });
  const table = await dynamo.send(new DescribeTableCommand({ TableName: options.tableName }));
  dynamo.destroy();
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${options.tableName} has no stream`);

  const checkpoints: Record<string, string> = existsSync(options.checkpointFile)
    ? (JSON.parse(readFileSync(options.checkpointFile, 'utf8')) as Record<string, string>)
    : {};
  const iterators = new Map<string, string | undefined>();
  const finished = new Set<string>();
  let stopped = false;
  let busy: Promise<void> = Promise.resolve();
  let lastBatchAt = 0;

  async function iteratorFor(shardId: string, afterSequence?: string, atSequence?: string) {
    const result = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(atSequence
          ? { ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: atSequence }
          : afterSequence
            ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: afterSequence }
            : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return result.ShardIterator;
  }

  async function refreshShards() {
    const description = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of description.StreamDescription?.Shards ?? []) {
      const id = shard.ShardId!;
      if (iterators.has(id) || finished.has(id)) continue;
      iterators.set(id, await iteratorFor(id, checkpoints[id]));
    }
  }

  async function deliver(shardId: string, records: _Record[]) {
    let batch = records.map(toLambdaRecord);
    for (let attempt = 1; batch.length; attempt++) {
      let failedFrom: string | undefined;
      let error = '';
      try {
        const response = await options.handler({ Records: batch });
        failedFrom = response.batchItemFailures[0]?.itemIdentifier;
      } catch (e) {
        failedFrom = batch[0]!.dynamodb!.SequenceNumber;
        error = (e as Error).message;
      }
      if (!failedFrom) break;
      if (attempt >= (options.maxAttempts ?? 5)) {
        options.onDeadLetter?.(batch, error || 'batch item failure');
        break;
      }
      batch = batch.slice(Math.max(0, batch.findIndex((r) => r.dynamodb!.SequenceNumber === failedFrom)));
      await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
    }
    checkpoints[shardId] = records.at(-1)!.dynamodb!.SequenceNumber!;
    writeFileSync(options.checkpointFile, JSON.stringify(checkpoints));
  }

  async function pollOnce() {
    if (iterators.size === 0 || [...iterators.values()].some((it) => it === undefined)) await refreshShards();
    for (const [shardId, iterator] of iterators) {
      if (!iterator) {
        iterators.delete(shardId);
        finished.add(shardId);
        continue;
      }
      let result;
      try {
        result = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
      } catch (error) {
        const name = (error as Error).name;
        if (name !== 'TrimmedDataAccessException' && name !== 'ExpiredIteratorException') throw error;
        // The iterator went stale (DynamoDB Local trims shards eagerly): start again after the checkpoint.
        iterators.set(shardId, await iteratorFor(shardId, checkpoints[shardId]).catch(() => iteratorFor(shardId)));
        continue;
      }
      if (result.Records?.length) {
        lastBatchAt = Date.now();
        await deliver(shardId, result.Records);
      }
      iterators.set(shardId, result.NextShardIterator);
    }
  }

  await refreshShards();
  const loop = async () => {
    while (!stopped) {
      busy = pollOnce().catch((error: Error) => {
        if (!stopped) console.error('stream poller:', error.message);
      });
      await busy;
      await new Promise((r) => setTimeout(r, options.intervalMs ?? 200));
    }
  };
  void loop();

  return {
    /** waits until a poll finds nothing new (for tests and the bench) */
    async drain(quietMs = 600) {
      const start = Date.now();
      while (Date.now() - Math.max(lastBatchAt, start) < quietMs) await new Promise((r) => setTimeout(r, 100));
      await busy;
    },
    async stop() {
      stopped = true;
      await busy;
      streams.destroy();
    },
  };
}

function toLambdaRecord(record: _Record): DynamoDBRecord {
  const created = record.dynamodb?.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventSource: 'aws:dynamodb',
    eventVersion: record.eventVersion,
    awsRegion: 'local',
    dynamodb: {
      ...(record.dynamodb as DynamoDBRecord['dynamodb']),
      ...(record.dynamodb?.NewImage ? { NewImage: repairImage(record.dynamodb.NewImage) } : {}),
      ...(record.dynamodb?.OldImage ? { OldImage: repairImage(record.dynamodb.OldImage) } : {}),
      ApproximateCreationDateTime: created ? Math.floor(new Date(created).getTime() / 1000) : undefined,
    },
  } as DynamoDBRecord;
}

/**
 * The SDK's Streams client reads an empty map attribute ({"M":{}}) back as {}, which
 * unmarshall rejects; Lambda's stream events carry {"M":{}}. Put the M back.
 */
function repairImage(image: Record<string, unknown>): Record<string, unknown> {
  const repair = (value: unknown): unknown => {
    if (!value || typeof value !== 'object') return value;
    const attribute = value as Record<string, unknown>;
    if (Object.keys(attribute).length === 0) return { M: {} };
    if (attribute.M) return { M: repairImage(attribute.M as Record<string, unknown>) };
    if (Array.isArray(attribute.L)) return { L: attribute.L.map(repair) };
    return attribute;
  };
  return Object.fromEntries(Object.entries(image).map(([key, value]) => [key, repair(value)]));
}
