/**
 * `npm run bench`: (a) latency and throughput of the API through the local server beside
 * the raw DynamoDB call it wraps, against the same DynamoDB Local in the same run;
 * (b) each function's bundle size and cold init beside a minimal DynamoDB handler.
 * Prints a table and writes bench/results/latest.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal, ensureTable, localClient } from '../local/dynamodb';
import { loadActor } from '../shared/access/context';
import { createDatabase } from '../shared/platform/database';
import { createAccount } from '../shared/crm/accounts';
import { createContact } from '../shared/crm/contacts';
import { httpFunctions, workerFunctions } from '../functions/groups';
import { bundleFunction } from '../functions/bundling';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 5);
const TABLE = 'crm-bench';

interface Stats {
  p50: number;
  p99: number;
  rps: number;
  errors: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function rawLoad(call: (i: number) => Promise<unknown>): Promise<Stats> {
  const latencies: number[] = [];
  let errors = 0;
  let counter = 0;
  const end = performance.now() + DURATION_S * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end) {
        const start = performance.now();
        try {
          await call(counter++);
        } catch {
          errors++;
        }
        latencies.push(performance.now() - start);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), rps: latencies.length / DURATION_S, errors };
}

async function httpLoad(options: autocannon.Options): Promise<Stats> {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION_S, ...options });
  const non2xx = result.non2xx + result.errors + result.timeouts;
  return { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, errors: non2xx };
}

async function startServer(endpoint: string): Promise<{ child: ChildProcess; url: string; admin: { email: string; password: string } }> {
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'bench/serve.ts'], {
    env: { ...process.env, BENCH_DYNAMODB_ENDPOINT: endpoint, BENCH_TABLE: TABLE },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolveLine, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolveLine);
    child.once('exit', (code) => reject(new Error(`bench server exited ${code}`)));
  });
  return { child, ...(JSON.parse(line) as { url: string; admin: { email: string; password: string } }) };
}

async function coldInit(file: string, event: unknown, env: Record<string, string>): Promise<{ initMs: number; processMs: number }> {
  const script = `
    const t0 = performance.now();
    const m = await import(${JSON.stringify(`file://${file}`)});
    const r = await m.handler(${JSON.stringify(event)}, { awsRequestId: 'cold', functionName: 'bench', getRemainingTimeInMillis: () => 10000 });
    const t1 = performance.now();
    if ((r?.statusCode ?? 200) >= 300) { console.error(JSON.stringify(r)); process.exit(2); }
    console.log(JSON.stringify({ initMs: t1 - t0 }));`;
  const started = performance.now();
  const output = await new Promise<string>((resolveOut, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => (code === 0 ? resolveOut(out) : reject(new Error(`cold init of ${file} failed (${code}): ${err}`))));
  });
  const { initMs } = JSON.parse(output.trim().split('\n').at(-1)!) as { initMs: number };
  return { initMs, processMs: performance.now() - started };
}

async function bundle(entry: string, outDir: string, name: string) {
  const { handlerFile, coldBytes, totalBytes } = await bundleFunction(entry, join(outDir, name));
  return { outfile: handlerFile, bytes: coldBytes, totalBytes };
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

async function main() {
  console.log(`bench: ${DURATION_S} s per scenario, ${CONNECTIONS} connections, ${COLD_RUNS} cold starts per function\n`);
  const dynamo = await startDynamoDbLocal();
  const client = localClient(dynamo.endpoint);
  await ensureTable(client, TABLE);
  const db = createDatabase({ tableName: TABLE, endpoint: dynamo.endpoint });
  const server = await startServer(dynamo.endpoint);
  try {
    const login = await fetch(`${server.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: server.admin.email, password: server.admin.password }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const me = (await (await fetch(`${server.url}/me`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as { userId: string };
    const actor = await loadActor(db, { userId: me.userId, profileHint: 'administrator' });
    const account = await createAccount(db, actor, { name: 'Bench Account' });
    const contacts = [];
    for (let i = 0; i < 200; i++) {
      contacts.push(await createContact(db, actor, { accountId: account.accountId, lastName: `Bench${String(i).padStart(3, '0')}`, email: `seed${i}@bench.example` }));
    }
    const contactId = contacts[100]!.contactId;
    const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    const getKey = db.entities.contact.get({ contactId }).params().Key as Record<string, string>;
    const listParams = db.entities.contact.query.byName({ shard: '0' }).params();

    const results: Record<string, { api: Stats; raw: Stats; ratioP50: number; ratioP99: number }> = {};
    const only = process.env.BENCH_ONLY; // e.g. "get" to measure one scenario while profiling
    const run = async (name: string, api: () => Promise<Stats>, raw: () => Promise<Stats>) => {
      if (only && !name.startsWith(only)) return;
      process.stdout.write(`  measuring ${name}…\n`);
      const apiStats = await api();
      const rawStats = await raw();
      results[name] = { api: apiStats, raw: rawStats, ratioP50: apiStats.p50 / rawStats.p50, ratioP99: apiStats.p99 / rawStats.p99 };
    };
    await run(
      'get contact  vs GetItem',
      () => httpLoad({ url: `${server.url}/contacts/${contactId}`, headers }),
      () => rawLoad(() => db.documentClient.send(new GetCommand({ TableName: TABLE, Key: getKey }))),
    );
    await run(
      'list contacts vs Query',
      () => httpLoad({ url: `${server.url}/contacts?limit=25`, headers }),
      () => rawLoad(() => db.documentClient.send(new QueryCommand({ ...listParams, Limit: 25 }))),
    );
    let created = 0;
    await run(
      'create contact vs PutItem',
      () =>
        httpLoad({
          url: `${server.url}/contacts`,
          method: 'POST',
          headers,
          requests: [
            {
              setupRequest: (request) => ({
                ...request,
                body: JSON.stringify({ accountId: account.accountId, lastName: `Load${created}`, email: `load${created++}@bench.example` }),
              }),
            },
          ],
        }),
      () =>
        rawLoad((i) =>
          db.documentClient.send(new PutCommand({ TableName: TABLE, Item: { pk: `bench#${i}`, sk: 'raw', lastName: `Raw${i}`, email: `raw${i}@x.example` } })),
        ),
    );

    // (b) bundles and cold init
    const benchExportId = (await db.entities.export
      .create({ exportId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', entity: 'contacts', status: 'requested', requestedBy: me.userId, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(), expiresAt: Math.floor(Date.now() / 1000) + 3600 })
      .go()).data.exportId;
    const outDir = mkdtempSync(join(tmpdir(), 'crm-bundles-'));
    const minimal = await bundle('bench/minimal-handler.ts', outDir, 'minimal');
    const coldEnv = {
      TABLE_NAME: TABLE,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AUTH_ISSUER: server.url,
      AUTH_CLIENT_ID: 'crm-local',
      AUTH_MODE: 'local',
      LOCAL_ISSUER_KEY_FILE: join(outDir, 'unused-key.json'),
      AWS_REGION: 'us-east-1',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      EVENT_BUS_NAME: 'unused',
    };
    const apiEvent = (routeKey: string, rawPath: string, pathParameters?: Record<string, string>) => ({
      version: '2.0',
      routeKey,
      rawPath,
      rawQueryString: '',
      headers: { authorization: `Bearer ${accessToken}` },
      pathParameters,
      isBase64Encoded: false,
      requestContext: {
        requestId: 'cold',
        routeKey,
        http: { method: routeKey.split(' ')[0], path: rawPath, sourceIp: '127.0.0.1', userAgent: 'bench' },
        // What API Gateway's JWT authorizer hands the function after verifying the token.
        authorizer: { jwt: { claims: { sub: me.userId, token_use: 'access', 'crm:profile': 'administrator' }, scopes: null } },
      },
    });
    const coldEvents: Record<string, unknown> = {
      platform: apiEvent('GET /health', '/health'),
      identity: apiEvent('GET /me', '/me'),
      crm: apiEvent('GET /contacts/{contactId}', `/contacts/${contactId}`, { contactId }),
      events: { Records: [] },
      jobs: { task: 'markExportFailed', exportId: benchExportId, error: { Error: 'bench' } },
    };
    process.stdout.write('  measuring cold starts…\n');
    const subjects: { name: string; file: string; event: unknown; bytes: number; totalBytes: number }[] = [
      { name: 'minimal', file: minimal.outfile, event: { key: getKey }, bytes: minimal.bytes, totalBytes: minimal.totalBytes },
    ];
    for (const [name, def] of Object.entries({ ...httpFunctions, ...workerFunctions })) {
      const bundled = await bundle(def.entry, outDir, name);
      subjects.push({ name, file: bundled.outfile, event: coldEvents[name], bytes: bundled.bytes, totalBytes: bundled.totalBytes });
    }
    // Round-robin, so drift in machine load touches every function alike.
    const samples = new Map<string, { initMs: number; processMs: number }[]>(subjects.map((s) => [s.name, []]));
    for (let i = 0; i < COLD_RUNS; i++) {
      for (const subject of subjects) samples.get(subject.name)!.push(await coldInit(subject.file, subject.event, coldEnv));
    }
    const coldOf = (name: string) => {
      const runs = samples.get(name)!;
      return { initMs: median(runs.map((r) => r.initMs)), processMs: median(runs.map((r) => r.processMs)) };
    };
    const minimalCold = coldOf('minimal');
    const functions: Record<string, { bytes: number; totalBytes: number; initMs: number; processMs: number; ratio: number }> = {};
    for (const subject of subjects.slice(1)) {
      const cold = coldOf(subject.name);
      functions[subject.name] = { bytes: subject.bytes, totalBytes: subject.totalBytes, ...cold, ratio: cold.initMs / minimalCold.initMs };
    }

    console.log('\n(a) through the local HTTP server vs the raw DynamoDB call, same DynamoDB Local, same run');
    console.log('scenario                   | API p50 ms | API p99 ms | API req/s | raw p50 ms | raw p99 ms | raw req/s | p50 ratio | p99 ratio | errors');
    for (const [name, r] of Object.entries(results)) {
      console.log(
        `${name.padEnd(26)} | ${fmt(r.api.p50).padStart(10)} | ${fmt(r.api.p99).padStart(10)} | ${fmt(r.api.rps, 0).padStart(9)} | ${fmt(r.raw.p50, 2).padStart(10)} | ${fmt(r.raw.p99, 2).padStart(10)} | ${fmt(r.raw.rps, 0).padStart(9)} | ${fmt(r.ratioP50, 2).padStart(9)} | ${fmt(r.ratioP99, 2).padStart(9)} | ${r.api.errors}`,
      );
    }
    console.log('\n(b) bundles (esbuild, minified, as deployed) and cold init (fresh Node process: import + first request)');
    console.log('function  | loaded at init KB | all chunks KB | init ms (median) | process ms | ratio to minimal');
    console.log(`minimal   | ${fmt(minimal.bytes / 1024).padStart(17)} | ${fmt(minimal.totalBytes / 1024).padStart(13)} | ${fmt(minimalCold.initMs).padStart(16)} | ${fmt(minimalCold.processMs).padStart(10)} | 1.00`);
    for (const [name, f] of Object.entries(functions)) {
      console.log(`${name.padEnd(9)} | ${fmt(f.bytes / 1024).padStart(17)} | ${fmt(f.totalBytes / 1024).padStart(13)} | ${fmt(f.initMs).padStart(16)} | ${fmt(f.processMs).padStart(10)} | ${fmt(f.ratio, 2)}`);
    }
    mkdirSync('bench/results', { recursive: true });
    const report = {
      at: new Date().toISOString(),
      node: process.version,
      settings: { durationS: DURATION_S, connections: CONNECTIONS, coldRuns: COLD_RUNS },
      latency: results,
      coldStart: { minimal: { bytes: minimal.bytes, ...minimalCold }, functions },
    };
    writeFileSync('bench/results/latest.json', JSON.stringify(report, null, 2));
    console.log('\nwritten to bench/results/latest.json');
  } finally {
    server.child.kill('SIGTERM');
    client.destroy();
    await dynamo.stop();
  }
}

await main();
process.exit(0);
