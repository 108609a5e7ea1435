import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { vi } from 'vitest';

/**
 * Records every request-path AWS SDK command this process sends: `commands` by name, and
 * `sends` as "sent X" / "answered X" in order, to tell reads made side by side from reads
 * made one after another. Call in beforeAll; vitest restores the spy with the file.
 */
export function recordSdkSends() {
  const commands: string[] = [];
  const sends: string[] = [];
  // Every AWS SDK client (the DynamoDB and document clients included) sends through this base class.
  const baseClient = Object.getPrototypeOf(DynamoDBClient.prototype) as { send: (...args: unknown[]) => Promise<unknown> };
  const send = baseClient.send;
  vi.spyOn(baseClient, 'send').mockImplementation(function (this: unknown, ...args: unknown[]) {
    const name = (args[0] as { constructor: { name: string } }).constructor.name;
    // The local stream poller reads the table's stream in the background: not a request path.
    if (/^(GetRecords|GetShardIterator|DescribeStream)Command$/.test(name)) return send.apply(this, args);
    commands.push(name);
    sends.push(`sent ${name}`);
    return send.apply(this, args).finally(() => sends.push(`answered ${name}`));
  });
  return { commands, sends };
}
