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
import { Agent, get as httpGet } from 'node:http';
import autocannon from 'autocannon';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal, ensureTable, localClient } from '../local/dynamodb';
import { loadActor } from '../shared/access/context';
import { createDatabase } from '../shared/platform/database';
import { createAccount } from '../shared/crm/accounts';
import { createContact, listContacts } from '../shared/crm/contacts';
import { createUser } from '../shared/auth/users';
import { newId } from '../shared/platform/ids';
import type { Database } from '../shared/platform/database';
import type { Actor } from '../shared/crm/actor';
import { httpFunctions, workerFunctions } from '../functions/groups';
import { bundleFunction } from '../functions/bundling';
import { coldInit, coldStartEnv, coldStartEvents, coldStartRecords, type FunctionName } from './cold-start';
import { salesBench } from './sales';
import { automationBench } from './automation';
import { formsBench } from './forms';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP_S = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 5);
const POLICY_SEGMENTS = 4;
const TABLE = 'crm-bench';

interface Stats {
  p50: number;
  p99: number;
  rps: number;
  errors: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function rawLoad(call: (i: number) => Promise<unknown>, connections = CONNECTIONS, seconds = DURATION_S): Promise<Stats> {
  const latencies: number[] = [];
  let errors = 0;
  let counter = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
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
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), rps: latencies.length / seconds, errors };
}

async function httpLoad(options: autocannon.Options, seconds = DURATION_S): Promise<Stats> {
  const result = await autocannon({ connections: CONNECTIONS, duration: seconds, ...options });
  const non2xx = result.non2xx + result.errors + result.timeouts;
  return { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, errors: non2xx };
}

interface BenchServer {
  child: ChildProcess;
  url: string;
  /** gateways alike but for the crm handler: as deployed, and with the check off for GET /contacts/{contactId} (bench/serve.ts) */
  checkOnUrl: string;
  checkOffUrl: string;
  /** waits until the CRM's stream consumers have caught up */
  settleUrl: string;
  admin: { email: string; password: string };
}

async function startServer(endpoint: string): Promise<BenchServer> {
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'bench/serve.ts'], {
    env: { ...process.env, BENCH_DYNAMODB_ENDPOINT: endpoint, BENCH_TABLE: TABLE },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolveLine, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolveLine);
    child.once('exit', (code) => reject(new Error(`bench server exited ${code}`)));
  });
  return { child, ...(JSON.parse(line) as Omit<BenchServer, 'child'>) };
}

async function bundle(entry: string, outDir: string, name: string) {
  const { handlerFile, coldBytes, totalBytes } = await bundleFunction(entry, join(outDir, name));
  return { outfile: handlerFile, bytes: coldBytes, totalBytes };
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** HTTP load timed with performance.now(): autocannon reports whole milliseconds, too coarse for a 10% margin. */
const fetchLoad = (url: string, headers: Record<string, string>, connections = CONNECTIONS) =>
  rawLoad(async () => {
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(String(response.status));
  }, connections);

/** One GET on a kept-alive connection, read to the end: a client far lighter than fetch, whose own cost would land on the API's side. */
const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
const lightGet = (url: string, headers: Record<string, string>) =>
  new Promise<void>((resolveGet, reject) => {
    httpGet(url, { headers, agent: keepAlive }, (response) => {
      response.on('data', () => undefined);
      response.on('end', () => ((response.statusCode ?? 500) < 300 ? resolveGet() : reject(new Error(String(response.statusCode)))));
      response.on('error', reject);
    }).on('error', reject);
  });

/**
 * The access layer's two targets. (c) get-contact p50 with the policy check vs the same
 * route with it off, rounds in ABBA order so machine drift touches both alike. (d) a
 * sales manager with 50 reps below them lists contacts 50 at a time: DynamoDB requests
 * per page, counted at the SDK, including the caller's user-and-settings read.
 */
async function accessBench(db: Database, server: BenchServer, admin: Actor) {
  const manager = await createUser(db, admin, { email: 'manager@bench.example', name: 'Bench Manager', profile: 'sales-manager', roles: ['sales-manager'], password: 'bench-manager-pw' });
  const reps: string[] = [];
  for (let i = 0; i < 50; i++) {
    const rep = await createUser(db, admin, { userId: newId(), email: `rep${i}@bench.example`, name: `Rep ${i}`, profile: 'sales-rep', roles: ['sales-rep'], managerId: manager.userId });
    reps.push(rep.userId);
  }
  let someContact = '';
  for (const [i, ownerId] of reps.entries()) {
    const account = await createAccount(db, admin, { name: `Team account ${i}`, ownerId });
    for (let j = 0; j < 4; j++) {
      const contact = await createContact(db, admin, { accountId: account.accountId, lastName: `Team${String(i).padStart(2, '0')}-${j}`, email: `team${i}.${j}@bench.example`, ownerId });
      someContact ||= contact.contactId;
    }
  }
  const token = ((await (await fetch(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'manager@bench.example', password: 'bench-manager-pw' }) })).json()) as { accessToken: string }).accessToken;
  const headers = { authorization: `Bearer ${token}` };

  process.stdout.write('  measuring the policy check (get contact, check on vs off, interleaved)…\n');
  const policyAt = async (connections: number) => {
    // Every connection alternates between the two gateways request by request, so both
    // sides see the same moment's load (the JIT, DynamoDB Local, the other processes); the
    // only difference left between them is the check. Rounds in sequence let the machine's
    // drift, which is larger than the effect, fall on one side more than the other.
    const urls = [server.checkOnUrl, server.checkOffUrl].map((base) => `${base}/contacts/${someContact}`);
    const segments: { on: number[]; off: number[] }[] = [];
    const segmentMs = DURATION_S * 1000;
    const started = performance.now();
    const end = started + POLICY_SEGMENTS * segmentMs;
    await Promise.all(
      Array.from({ length: connections }, async (_, worker) => {
        for (let turn = worker; performance.now() < end; turn++) {
          const checked = turn % 2 === 0;
          const start = performance.now();
          const response = await fetch(urls[checked ? 0 : 1]!, { headers });
          await response.arrayBuffer();
          if (!response.ok) throw new Error(`policy bench: ${response.status}`);
          const segment = (segments[Math.min(POLICY_SEGMENTS - 1, Math.floor((start - started) / segmentMs))] ??= { on: [], off: [] });
          (checked ? segment.on : segment.off).push(performance.now() - start);
        }
      }),
    );
    const p50 = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
    const all = { on: segments.flatMap((s) => s.on), off: segments.flatMap((s) => s.off) };
    const seconds = POLICY_SEGMENTS * DURATION_S;
    return {
      connections,
      p50OnMs: p50(all.on),
      p50OffMs: p50(all.off),
      overhead: p50(all.on) / p50(all.off) - 1,
      // the same figure for each stretch of the run, to show how steady it is
      overheadBySegment: segments.map((s) => p50(s.on) / p50(s.off) - 1),
      rpsOn: all.on.length / seconds,
      rpsOff: all.off.length / seconds,
    };
  };
  // One connection prices the check in a request's latency; the saturated run prices its CPU and DynamoDB work.
  const policy = [await policyAt(1), await policyAt(CONNECTIONS)];

  // What the check adds in DynamoDB: the caller's user item rides in the record's
  // BatchGetItem. Priced alone, one connection, alternating rounds.
  process.stdout.write('  measuring the caller read inside the batch (1 key vs 2)…\n');
  const contactKey = db.entities.contact.get({ contactId: someContact }).params().Key as Record<string, unknown>;
  const userKey = db.entities.user.get({ userId: manager.userId }).params().Key as Record<string, unknown>;
  const batchOf = (keys: Record<string, unknown>[]) => () => db.documentClient.send(new BatchGetCommand({ RequestItems: { [TABLE]: { Keys: keys } } }));
  const recordOnly: Stats[] = [];
  const withCaller: Stats[] = [];
  for (let round = 0; round < 3; round++) {
    recordOnly.push(await rawLoad(batchOf([contactKey]), 1));
    withCaller.push(await rawLoad(batchOf([contactKey, userKey]), 1));
  }
  const callerRead = { recordOnlyP50Ms: median(recordOnly.map((s) => s.p50)), withCallerP50Ms: median(withCaller.map((s) => s.p50)) };

  process.stdout.write('  measuring a manager list over 50 reps…\n');
  let sent = 0;
  db.documentClient.middlewareStack.add((next) => (args) => (sent++, next(args)), { step: 'initialize', name: 'benchCountRequests' });
  const pages: { items: number; requests: number }[] = [];
  let cursor: string | undefined;
  do {
    const before = sent;
    // as the crm function does per request: the caller, then the list
    const actor = await loadActor(db, { userId: manager.userId, profileHint: '' });
    const page = await listContacts(db, actor, { limit: 50, cursor });
    pages.push({ items: page.items.length, requests: sent - before });
    cursor = page.cursor ?? undefined;
  } while (cursor && pages.length < 20);
  const full = pages.filter((p) => p.items === 50);
  const listHttp = await fetchLoad(`${server.url}/contacts?limit=50`, headers);
  return {
    policy,
    callerRead,
    managerList: {
      subordinates: reps.length,
      visibleContacts: pages.reduce((n, p) => n + p.items, 0),
      pages,
      fullPages: full.length,
      avgRequestsPerFullPage: full.reduce((n, p) => n + p.requests, 0) / Math.max(1, full.length),
      http: listHttp,
    },
  };
}

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
    // e.g. BENCH_ONLY=get to measure one scenario while profiling, or get,list,create for all of (a)
    const only = process.env.BENCH_ONLY?.split(',');
    const wanted = (name: string) => !only || only.some((prefix) => name.startsWith(prefix));
    // Both sides first run unmeasured (the server's JIT and DynamoDB Local's warm up on
    // whichever goes first), then in A B B A halves so drift falls on both alike.
    const mean = (a: Stats, b: Stats): Stats => ({ p50: (a.p50 + b.p50) / 2, p99: (a.p99 + b.p99) / 2, rps: (a.rps + b.rps) / 2, errors: a.errors + b.errors });
    const run = async (name: string, api: (seconds: number) => Promise<Stats>, raw: (seconds: number) => Promise<Stats>) => {
      if (!wanted(name)) return;
      process.stdout.write(`  measuring ${name}…\n`);
      if (WARMUP_S > 0) await Promise.all([api(WARMUP_S), raw(WARMUP_S)]);
      const half = DURATION_S / 2;
      const api1 = await api(half);
      const raw1 = await raw(half);
      const raw2 = await raw(half);
      const api2 = await api(half);
      const apiStats = mean(api1, api2);
      const rawStats = mean(raw1, raw2);
      results[name] = { api: apiStats, raw: rawStats, ratioP50: apiStats.p50 / rawStats.p50, ratioP99: apiStats.p99 / rawStats.p99 };
    };
    const getUrl = `${server.url}/contacts/${contactId}`;
    const listUrl = `${server.url}/contacts?limit=25`;
    const rawGet = () => db.documentClient.send(new GetCommand({ TableName: TABLE, Key: getKey }));
    const rawQuery = () => db.documentClient.send(new QueryCommand({ ...listParams, Limit: 25 }));
    await run(
      'get contact  vs GetItem',
      (seconds) => httpLoad({ url: getUrl, headers }, seconds),
      (seconds) => rawLoad(rawGet, CONNECTIONS, seconds),
    );
    await run(
      'list contacts vs Query',
      (seconds) => httpLoad({ url: listUrl, headers }, seconds),
      (seconds) => rawLoad(rawQuery, CONNECTIONS, seconds),
    );
    // The same two at one connection, timed with performance.now(): a request's latency
    // rather than the CPU each side spends at saturation (autocannon's whole milliseconds
    // are too coarse at 1–3 ms).
    await run(
      'get, 1 connection (timed)',
      (seconds) => rawLoad(() => lightGet(getUrl, headers), 1, seconds),
      (seconds) => rawLoad(rawGet, 1, seconds),
    );
    await run(
      'list, 1 connection (timed)',
      (seconds) => rawLoad(() => lightGet(listUrl, headers), 1, seconds),
      (seconds) => rawLoad(rawQuery, 1, seconds),
    );
    let created = 0;
    await run(
      'create contact vs PutItem',
      (seconds) =>
        httpLoad(
          {
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
          },
          seconds,
        ),
      (seconds) =>
        rawLoad(
          (i) => db.documentClient.send(new PutCommand({ TableName: TABLE, Item: { pk: `bench#${i}`, sk: 'raw', lastName: `Raw${i}`, email: `raw${i}@x.example` } })),
          CONNECTIONS,
          seconds,
        ),
    );

    const access = wanted('access') ? await accessBench(db, server, actor) : undefined;
    const sales = wanted('sales') ? await salesBench(db, server.url, accessToken, actor, (url, h, c) => fetchLoad(url, h, c), () => fetch(server.settleUrl).then((r) => r.text())) : undefined;

    const automation = wanted('automation') ? await automationBench(server.url, accessToken, () => fetch(server.settleUrl).then((r) => r.text())) : undefined;

    const webForms = wanted('forms') ? await formsBench(db, server.url, accessToken, () => fetch(server.settleUrl).then((r) => r.text())) : undefined;

    // (b) bundles and cold init
    const cold =
      wanted('cold')
        ? await (async () => {
          const { exportId, opportunityId } = await coldStartRecords(db, actor, account.accountId);
          const outDir = mkdtempSync(join(tmpdir(), 'crm-bundles-'));
          const minimal = await bundle('bench/minimal-handler.ts', outDir, 'minimal');
          const floor = await bundle('bench/floor-handler.ts', outDir, 'floor');
          const coldEnv = coldStartEnv({ tableName: TABLE, dynamoEndpoint: dynamo.endpoint, issuer: server.url, scratchDir: outDir });
          const coldEvents = coldStartEvents({ adminUserId: me.userId, accessToken, contactId, opportunityId, exportId });
          process.stdout.write('  measuring cold starts…\n');
          const subjects: { name: string; file: string; event: unknown; bytes: number; totalBytes: number }[] = [
            { name: 'minimal', file: minimal.outfile, event: { key: getKey }, bytes: minimal.bytes, totalBytes: minimal.totalBytes },
            { name: 'floor', file: floor.outfile, event: { pathParameters: { contactId } }, bytes: floor.bytes, totalBytes: floor.totalBytes },
          ];
          for (const [name, def] of Object.entries({ ...httpFunctions, ...workerFunctions })) {
            const bundled = await bundle(def.entry, outDir, name);
            subjects.push({ name, file: bundled.outfile, event: coldEvents[name as FunctionName], bytes: bundled.bytes, totalBytes: bundled.totalBytes });
          }
          // Round-robin, so drift in machine load touches every function alike.
          const samples = new Map<string, { initMs: number; importMs: number; processMs: number }[]>(subjects.map((s) => [s.name, []]));
          for (let i = 0; i < COLD_RUNS; i++) {
            for (const subject of subjects) samples.get(subject.name)!.push(await coldInit(subject.file, subject.event, coldEnv));
          }
          const coldOf = (name: string) => {
            const runs = samples.get(name)!;
            return { initMs: median(runs.map((r) => r.initMs)), importMs: median(runs.map((r) => r.importMs)), processMs: median(runs.map((r) => r.processMs)) };
          };
          const minimalCold = coldOf('minimal');
          const floorCold = coldOf('floor');
          const functions: Record<string, { bytes: number; totalBytes: number; initMs: number; importMs: number; processMs: number; ratio: number; ratioToFloor: number }> = {};
          for (const subject of subjects.slice(1)) {
            const cold = coldOf(subject.name);
            functions[subject.name] = { bytes: subject.bytes, totalBytes: subject.totalBytes, ...cold, ratio: cold.initMs / minimalCold.initMs, ratioToFloor: cold.initMs / floorCold.initMs };
          }

          return { minimal, minimalCold, functions };
        })()
      : undefined;

    console.log(`\n(a) through the local HTTP server vs the raw DynamoDB call, same DynamoDB Local, same run; ${CONNECTIONS} connections (autocannon) unless named`);
    console.log('scenario                   | API p50 ms | API p99 ms | API req/s | raw p50 ms | raw p99 ms | raw req/s | p50 ratio | p99 ratio | errors');
    for (const [name, r] of Object.entries(results)) {
      console.log(
        `${name.padEnd(26)} | ${fmt(r.api.p50, 2).padStart(10)} | ${fmt(r.api.p99, 2).padStart(10)} | ${fmt(r.api.rps, 0).padStart(9)} | ${fmt(r.raw.p50, 2).padStart(10)} | ${fmt(r.raw.p99, 2).padStart(10)} | ${fmt(r.raw.rps, 0).padStart(9)} | ${fmt(r.ratioP50, 2).padStart(9)} | ${fmt(r.ratioP99, 2).padStart(9)} | ${r.api.errors}`,
      );
    }
    if (access) {
      const { policy, callerRead, managerList } = access;
      console.log(`\n(c) the policy check: get contact as a sales manager (a report's contact), check on vs off, same server, every connection alternating between them request by request, ${POLICY_SEGMENTS} × ${DURATION_S} s`);
      for (const p of policy) {
        console.log(
          `${String(p.connections).padStart(2)} connection(s) | check on p50 ${fmt(p.p50OnMs, 2)} ms, ${fmt(p.rpsOn, 0)} req/s | check off p50 ${fmt(p.p50OffMs, 2)} ms, ${fmt(p.rpsOff, 0)} req/s | p50 overhead ${fmt(p.overhead * 100)}% (target ≤ 10%); by ${DURATION_S} s stretch ${p.overheadBySegment.map((o) => `${o >= 0 ? '+' : ''}${fmt(o * 100)}%`).join(' ')}`,
        );
      }
      console.log(
        `raw BatchGetItem, 1 connection | the contact alone p50 ${fmt(callerRead.recordOnlyP50Ms, 2)} ms | with the caller's user item p50 ${fmt(callerRead.withCallerP50Ms, 2)} ms (+${fmt(callerRead.withCallerP50Ms - callerRead.recordOnlyP50Ms, 2)} ms of the check's ${fmt(policy[0]!.p50OnMs - policy[0]!.p50OffMs, 2)} ms)`,
      );
      console.log('\n(d) a sales manager with 50 reps below them lists contacts, 50 a page');
      console.log(
        `visible ${managerList.visibleContacts} in ${managerList.pages.length} pages | DynamoDB requests per full page ${fmt(managerList.avgRequestsPerFullPage, 2)} (target ≤ 3; includes the caller's user-and-settings read) | per page ${managerList.pages.map((p) => `${p.items}:${p.requests}`).join(' ')} | HTTP p50 ${fmt(managerList.http.p50, 2)} ms`,
      );
    }
    if (sales) {
      console.log('\n(e) the sales core: lead list (25 a page) and the new-business board (20 deals a stage) as an administrator, 1 connection, median of 3 rounds; 1,000 vs 100,000 leads / 20,000 deals');
      console.log(
        `lead list p50 ${fmt(sales.list.smallP50, 2)} ms → ${fmt(sales.list.bigP50, 2)} ms: ${fmt(sales.list.ratio, 2)}× (target ≤ 1.2×) | board p50 ${fmt(sales.board.smallP50, 2)} ms → ${fmt(sales.board.bigP50, 2)} ms: ${fmt(sales.board.ratio, 2)}× (target ≤ 1.2×)`,
      );
      const side = sales.sideBySide;
      console.log(
        `side by side, same table, alternating rounds: "my leads" p50 ${fmt(side.list.smallP50, 2)} ms (1,000) vs ${fmt(side.list.bigP50, 2)} ms (100,000): ${fmt(side.list.ratio, 2)}× | board p50 ${fmt(side.board.smallP50, 2)} ms (1,000 deals) vs ${fmt(side.board.bigP50, 2)} ms (20,000): ${fmt(side.board.ratio, 2)}× (targets ≤ 1.2×)`,
      );
      console.log(
        `conversion (lead → account + contact + deal) p50 ${fmt(sales.conversion.convertP50, 2)} ms vs a single lead create p50 ${fmt(sales.conversion.createP50, 2)} ms: ${fmt(sales.conversion.ratio, 2)}× (target ≤ 3×) | bulk load ${fmt(sales.load.bigSeconds, 0)} s`,
      );
    }
    if (automation) {
      const { firstAction: f, burst: b } = automation;
      console.log('\n(f) workflow automation on the local runtime (stream → bus → matcher → workflow-run state machine → action)');
      console.log(
        `record write → first workflow action done: p50 ${fmt(f.p50Ms, 0)} ms, p90 ${fmt(f.p90Ms, 0)} ms, max ${fmt(f.maxMs, 0)} ms over ${f.samples} leads (target p50 ≤ 1000 ms)`,
      );
      console.log(
        `burst of ${b.leads} matching leads (16 at a time): ${b.runs} runs for ${b.distinctLeads} distinct leads, ${b.succeeded} succeeded (target: each exactly once) | all done ${fmt(b.seconds, 1)} s after the first write (writes took ${fmt(b.writeSeconds, 1)} s)`,
      );
    }
    if (webForms) {
      const w = webForms;
      console.log('\n(g) web-form intake through the local gateway: visitors (a view, then a submission) over 20 forms, 16 at a time');
      console.log(
        `${fmt(w.acceptedPerSecond, 1)} submissions/s accepted for ${fmt(w.seconds, 0)} s (${w.accepted} accepted, ${w.tooMany} answered 429, ${w.otherErrors} other errors; target: no other errors) | afterwards ${w.leads} leads + ${w.duplicates} duplicates = ${w.leads + w.duplicates} (${w.balanced ? 'equal to' : 'NOT equal to'} the accepted submissions)`,
      );
      console.log(
        `intake p50 ${fmt(w.intakeP50Ms, 1)} ms, p99 ${fmt(w.intakeP99Ms, 1)} ms vs raw PutItem sampled during the load p50 ${fmt(w.rawPutUnderLoadP50Ms, 1)} ms, p99 ${fmt(w.rawPutUnderLoadP99Ms, 1)} ms: ${fmt(w.p99RatioUnderLoad, 2)}× (target ≤ 2×); raw PutItem alone afterwards, 16 at a time, p99 ${fmt(w.rawPutP99Ms, 1)} ms (${fmt(w.p99Ratio, 2)}×) | snippet ${fmt(w.snippetGzipBytes / 1024, 1)} KB gzipped (target ≤ 10 KB)`,
      );
    }
    if (cold) {
      const { minimal, minimalCold, functions } = cold;
      console.log('\n(b) bundles (esbuild, minified, as deployed) and cold init (fresh Node process: import + first request)');
      console.log('minimal: one GetItem with the SDK alone; floor: the same behind middy, Powertools, zod and ElectroDB (bench/floor-handler.ts)');
      console.log('function   | loaded at init KB | all chunks KB | init ms (median) | of it import ms | process ms | ratio to minimal | ratio to floor');
      console.log(`minimal    | ${fmt(minimal.bytes / 1024).padStart(17)} | ${fmt(minimal.totalBytes / 1024).padStart(13)} | ${fmt(minimalCold.initMs).padStart(16)} | ${fmt(minimalCold.importMs).padStart(15)} | ${fmt(minimalCold.processMs).padStart(10)} | 1.00             |`);
      for (const [name, f] of Object.entries(functions)) {
        console.log(`${name.padEnd(10)} | ${fmt(f.bytes / 1024).padStart(17)} | ${fmt(f.totalBytes / 1024).padStart(13)} | ${fmt(f.initMs).padStart(16)} | ${fmt(f.importMs).padStart(15)} | ${fmt(f.processMs).padStart(10)} | ${fmt(f.ratio, 2).padStart(16)} | ${fmt(f.ratioToFloor, 2)}`);
      }
    }
    mkdirSync('bench/results', { recursive: true });
    const report = {
      at: new Date().toISOString(),
      node: process.version,
      settings: { durationS: DURATION_S, connections: CONNECTIONS, coldRuns: COLD_RUNS },
      latency: results,
      access,
      sales,
      automation,
      webForms,
      coldStart: cold && { minimal: { bytes: cold.minimal.bytes, ...cold.minimalCold }, functions: cold.functions },
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
