/**
 * A function's cold start as the bench measures it and the test suite checks it: the
 * bundle as deployed, imported by a fresh Node process that hands it one event.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createOpportunity } from '../shared/sales/opportunities';
import type { Actor } from '../shared/crm/actor';
import type { Database } from '../shared/platform/database';
import type { httpFunctions, workerFunctions } from '../functions/groups';

export type FunctionName = keyof typeof httpFunctions | keyof typeof workerFunctions;

export interface ColdStart {
  initMs: number;
  importMs: number;
  /** the whole child process, Node's own start included */
  processMs: number;
  /** what the handler returned */
  response: unknown;
}

/** Imports `file` in a fresh Node and calls its handler once; rejects unless it answers below 300. */
export async function coldInit(file: string, event: unknown, env: Record<string, string>): Promise<ColdStart> {
  const script = `
    const t0 = performance.now();
    const m = await import(${JSON.stringify(`file://${file}`)});
    const imported = performance.now();
    const r = await m.handler(${JSON.stringify(event)}, { awsRequestId: 'cold', functionName: 'bench', getRemainingTimeInMillis: () => 10000 });
    const t1 = performance.now();
    if ((r?.statusCode ?? 200) >= 300) { console.error(JSON.stringify(r)); process.exit(2); }
    console.log(JSON.stringify({ initMs: t1 - t0, importMs: imported - t0, response: r ?? null }));`;
  const started = performance.now();
  const output = await new Promise<string>((resolveOut, reject) => {
    const profile = process.env.BENCH_COLD_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-interval=100', `--cpu-prof-dir=${process.env.BENCH_COLD_PROFILE_DIR}`] : [];
    const child = spawn(process.execPath, [...profile, '--input-type=module', '-e', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => (code === 0 ? resolveOut(out) : reject(new Error(`cold init of ${file} failed (${code}): ${err}`))));
  });
  const result = JSON.parse(output.trim().split('\n').at(-1)!) as Omit<ColdStart, 'processMs'>;
  return { ...result, processMs: performance.now() - started };
}

/** What each function is configured with, pointed at a local table; metrics and most logs off. */
export const coldStartEnv = (options: { tableName: string; dynamoEndpoint: string; issuer: string; scratchDir: string }) => ({
  TABLE_NAME: options.tableName,
  DYNAMODB_ENDPOINT: options.dynamoEndpoint,
  AUTH_ISSUER: options.issuer,
  AUTH_CLIENT_ID: 'crm-local',
  AUTH_MODE: 'local',
  LOCAL_ISSUER_KEY_FILE: join(options.scratchDir, 'unused-key.json'),
  AWS_REGION: 'us-east-1',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  EVENT_BUS_NAME: 'unused',
  STATE_MACHINE_ARNS: JSON.stringify({ workflowRun: 'arn:aws:states:us-east-1:000000000000:stateMachine:unused' }),
});

/** The records the cold-start events name beyond a contact: a deal, and an export for the jobs function to fail. */
export async function coldStartRecords(db: Database, admin: Actor, accountId: string) {
  const now = new Date().toISOString();
  const { exportId } = (
    await db.entities.export
      .create({ exportId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', entity: 'contacts', status: 'requested', requestedBy: admin.userId, createdAt: now, updatedAt: now, expiresAt: Math.floor(Date.now() / 1000) + 3600 })
      .go()
  ).data;
  const { opportunityId } = await createOpportunity(db, admin, { name: 'Cold deal', accountId, amount: 100_00, currency: 'EUR', closeDate: '2027-01-31' });
  return { exportId, opportunityId };
}

/** One typical first request per function, as its trigger would deliver it. */
export function coldStartEvents(records: { adminUserId: string; accessToken: string; contactId: string; opportunityId: string; exportId: string }): Record<FunctionName, unknown> {
  const { contactId, opportunityId } = records;
  const apiEvent = (routeKey: string, rawPath: string, pathParameters?: Record<string, string>) => ({
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: '',
    headers: { authorization: `Bearer ${records.accessToken}` },
    pathParameters,
    isBase64Encoded: false,
    requestContext: {
      requestId: 'cold',
      routeKey,
      http: { method: routeKey.split(' ')[0], path: rawPath, sourceIp: '127.0.0.1', userAgent: 'bench' },
      // What API Gateway's JWT authorizer hands the function after verifying the token.
      authorizer: { jwt: { claims: { sub: records.adminUserId, token_use: 'access', 'crm:profile': 'administrator' }, scopes: null } },
    },
  });
  return {
    platform: apiEvent('GET /health', '/health'),
    identity: apiEvent('GET /me', '/me'),
    crm: apiEvent('GET /contacts/{contactId}', `/contacts/${contactId}`, { contactId }),
    // one record, like crm's: the deal list's first page fans out over its shards, a Query each
    sales: apiEvent('GET /opportunities/{opportunityId}', `/opportunities/${opportunityId}`, { opportunityId }),
    activities: apiEvent('GET /contacts/{contactId}/timeline', `/contacts/${contactId}/timeline`, { contactId }),
    // the notification bell: asked for on every page
    setup: apiEvent('GET /me/notifications', '/me/notifications'),
    events: { Records: [] },
    intake: apiEvent('GET /forms.js', '/forms.js'),
    // an event no workflow or webhook wants: the matcher's reads, no execution started
    automation: {
      source: 'crm',
      'detail-type': 'Account Created',
      detail: { schemaVersion: '1', eventId: 'cold', recordType: 'account', recordId: 'cold', occurredAt: new Date().toISOString(), record: { name: 'Cold' } },
    },
    jobs: { task: 'markExportFailed', exportId: records.exportId, error: { Error: 'bench' } },
  };
}
