/** Runs the local CRM in its own process for the bench, so load generator and server do not share an event loop. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCrm } from '../local/runtime';

const crm = await startCrm({
  port: 0,
  dynamoEndpoint: process.env.BENCH_DYNAMODB_ENDPOINT!,
  tableName: process.env.BENCH_TABLE!,
  dataDir: mkdtempSync(join(tmpdir(), 'crm-bench-')),
  buildUi: false,
  seedDemo: false,
  quiet: true,
});
process.stdout.write(`${JSON.stringify({ url: crm.url, admin: crm.admin })}\n`);
process.on('SIGTERM', () => void crm.stop().then(() => process.exit(0)));
