/**
 * The whole CRM in one process tree: DynamoDB Local, the API (same handlers as Lambda),
 * the rep UI, and the stand-ins for EventBridge, Step Functions, SES and S3.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createDatabase } from '../shared/platform/database';
import { ensureFirstAdmin } from '../shared/auth/users';
import { ensureSettings } from '../shared/access/admin';
import { loadActor } from '../shared/access/context';
import { createLocalJWKSet } from 'jose';
import { loadLocalIssuer } from '../shared/auth/local-issuer';
import { createTokenVerifier } from '../shared/auth/tokens';
import { ensureTable, localClient, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb';
import { createLocalServer, type HttpFunction, type LocalEndpoint } from './server';
import { seedDemoData } from './seed-demo';
import { createLocalEventBus } from './event-bus';
import { createLocalStepFunctions } from './step-functions';
import { startStreamPoller } from './stream-poller';
import { createLocalScheduler } from './scheduler';
import { localOnlyEndpoints } from './local-endpoints';
import { createRateLimiter } from './rate-limiter';
import { createStreamHandler } from '../functions/events/stream-handler';
import { auditArchive, provideLocalPublisher, provideLocalScheduler, provideLocalStarter } from '../functions/http/adapters';
import { recurringSchedules } from '../functions/events/schedules';
import { httpFunctions, type WorkerFunction } from '../functions/groups';
import type { FunctionGroup } from '../functions/http/route';
import type { Worker } from './step-functions';
import { ensureAutomationExamples } from '../shared/workflows/examples';

export interface StartOptions {
  /** 0 picks a free port. Default 3000. */
  port?: number;
  /** Where DynamoDB data, the outbox and blobs live. Default `.data`. */
  dataDir?: string;
  /** Use a running DynamoDB (tests); otherwise DynamoDB Local is started under dataDir. */
  dynamoEndpoint?: string;
  tableName?: string;
  seedDemo?: boolean;
  adminEmail?: string;
  adminPassword?: string;
  /** Build the UI into ui/dist before serving. Default true. */
  buildUi?: boolean;
  quiet?: boolean;
  /** Shortens workflow retry intervals (demos, tests). */
  workflowRetryMs?: number;
  /** Every workflow wait lasts this long instead (demos, tests; CRM_WORKFLOW_WAIT_MS for npm start). */
  workflowWaitMs?: number;
  /** bench only: rate limits count clients by this request header (simulated visitors) */
  benchClientHeader?: string;
}

export interface RunningCrm {
  url: string;
  admin: { email: string; password: string; created: boolean };
  dataDir: string;
  tableName: string;
  dynamoEndpoint: string;
  demoSeeded: number;
  /** the demo team (password DEMO_PASSWORD), when demo data was seeded */
  demoUsers: { email: string; name: string; profile: string }[];
  outboxDir: string;
  bus: ReturnType<typeof createLocalEventBus>;
  stepFunctions: ReturnType<typeof createLocalStepFunctions>;
  scheduler: ReturnType<typeof createLocalScheduler>;
  /** Resolves once the stream, the bus and every workflow have gone quiet. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export const DEFAULT_ADMIN_EMAIL = 'admin@example.com';
export const DEFAULT_ADMIN_PASSWORD = 'change-me-now';
const CLIENT_ID = 'crm-local';

export async function startCrm(options: StartOptions = {}): Promise<RunningCrm> {
  const dataDir = resolve(options.dataDir ?? '.data');
  mkdirSync(dataDir, { recursive: true });
  const tableName = options.tableName ?? 'crm';
  const stops: (() => Promise<void>)[] = [];

  let dynamo: DynamoDbLocal | undefined;
  let endpoint = options.dynamoEndpoint;
  if (!endpoint) {
    dynamo = await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') });
    stops.push(() => dynamo!.stop());
    endpoint = dynamo.endpoint;
  }
  try {
    const client = localClient(endpoint);
    await ensureTable(client, tableName);
    client.destroy();

    const staticDir = resolve('ui/dist');
    // forms.js is small and quick to build, and the intake serves it: built on every start
    const { buildWebForms } = await import('../web-forms/build');
    await buildWebForms();
    if (options.buildUi !== false) {
      const { buildUi } = await import('../ui/build');
      await buildUi();
    }

    const localEndpoints: LocalEndpoint[] = [];
    // The server listens first (its port names the token issuer); requests that arrive
    // before the handlers are loaded and the first admin (and demo team) exist wait for
    // them, so an early sign-in is not refused and /health answers once the CRM is usable.
    const loaded = Promise.withResolvers<Record<FunctionGroup, HttpFunction>>();
    const ready = Promise.withResolvers<void>();
    const groups = Object.keys(httpFunctions) as FunctionGroup[];
    const server = createLocalServer({
      functions: Object.fromEntries(
        groups.map((group) => [group, (async (event, context) => {
            await ready.promise;
            return (await loaded.promise)[group](event, context);
          }) satisfies HttpFunction]),
      ) as Record<FunctionGroup, HttpFunction>,
      staticDir,
      localEndpoints,
      limiter: createRateLimiter(),
      clientHeader: options.benchClientHeader,
      verifyToken: (token) => verifyCached(token),
    });
    await new Promise<void>((r) => server.listen(options.port ?? 3000, r));
    stops.unshift(() => new Promise<void>((r) => server.close(() => r())));
    server.closeIdleConnections?.();
    const port = (server.address() as AddressInfo).port;
    const url = `http://localhost:${port}`;
    const outboxDir = join(dataDir, 'outbox');

    // The handlers read their configuration from the environment, as in Lambda.
    Object.assign(process.env, {
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: endpoint,
      AUTH_MODE: 'local',
      AUTH_ISSUER: url,
      AUTH_CLIENT_ID: CLIENT_ID,
      LOCAL_ISSUER_KEY_FILE: join(dataDir, 'issuer-key.json'),
      APP_URL: url,
      BLOB_DIR: join(dataDir, 'blobs'),
      AUDIT_DIR: join(dataDir, 'audit-archive'),
      OUTBOX_DIR: outboxDir,
      EMAIL_FROM: process.env.EMAIL_FROM ?? 'CRM <crm@localhost>',
      // local demos post webhooks to http://localhost; in AWS only public HTTPS hosts are allowed
      WEBHOOKS_ALLOW_PRIVATE: process.env.WEBHOOKS_ALLOW_PRIVATE ?? 'true',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: process.env.LOG_LEVEL ?? (options.quiet ? 'CRITICAL' : 'WARN'),
    });
    const issuer = await loadLocalIssuer({ issuer: url, clientId: CLIENT_ID, keyFile: process.env.LOCAL_ISSUER_KEY_FILE! });
    const verifier = createTokenVerifier({ issuer: url, clientId: CLIENT_ID, keys: createLocalJWKSet(issuer.jwks) });
    // Like API Gateway's authorizer, a token is verified once, not on every request: the
    // RSA check is the largest CPU cost of a local request. Entries end with the token.
    const verified = new Map<string, { claims: Record<string, unknown>; exp: number }>();
    const verifyCached = async (token: string) => {
      const hit = verified.get(token);
      if (hit && hit.exp * 1000 > Date.now()) return hit.claims;
      const claims = await verifier(token);
      if (verified.size >= 1000) verified.delete(verified.keys().next().value!);
      verified.set(token, { claims, exp: Number(claims.exp ?? 0) });
      return claims;
    };
    // the same entries CDK bundles, loaded in-process
    loaded.resolve(
      Object.fromEntries(
        await Promise.all(groups.map(async (group) => [group, ((await import(`../${httpFunctions[group].entry}`)) as { handler: HttpFunction }).handler] as const)),
      ) as Record<FunctionGroup, HttpFunction>,
    );

    const jobs = (await import('../functions/jobs/handler')).handler;
    const automation = (await import('../functions/automation/handler')).handler;
    const streamHandler = createStreamHandler(() => bus.publisher, auditArchive);
    const workers: Record<WorkerFunction, Worker> = {
      jobs: (input) => jobs(input as never),
      events: (input) => streamHandler(input as never),
      automation: (input) => automation(input as never),
    };
    const stepFunctions = createLocalStepFunctions(workers, { retryIntervalMs: options.workflowRetryMs, waitMs: options.workflowWaitMs });
    const bus = createLocalEventBus({
      deliver: async (rule, event) => {
        if (rule.target.kind === 'stateMachine') stepFunctions.startExecution(rule.target.stateMachine, event);
        else await workers[rule.target.function](event);
      },
      onError: (error) => console.error('event bus: delivery failed for good', error),
    });
    provideLocalStarter(stepFunctions.starter);
    provideLocalPublisher(bus.publisher);
    const poller = await startStreamPoller({
      endpoint,
      tableName,
      handler: streamHandler,
      checkpointFile: join(dataDir, `stream-checkpoint-${tableName}.json`),
      onDeadLetter: (records, error) => console.error(`stream: ${records.length} change(s) dead-lettered: ${error}`),
    });
    stops.unshift(() => poller.stop());
    const scheduler = createLocalScheduler({ file: join(dataDir, `schedules-${tableName}.json`), publisher: bus.publisher, recurring: recurringSchedules });
    stops.unshift(() => scheduler.stop());
    provideLocalScheduler(scheduler.scheduler);

    localEndpoints.push(localOnlyEndpoints({ jwks: issuer.jwks, outboxDir, bus, stepFunctions, scheduler }));

    const db = createDatabase({ tableName, endpoint });
    const adminEmail = options.adminEmail ?? process.env.CRM_ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL;
    const adminPassword = options.adminPassword ?? process.env.CRM_ADMIN_PASSWORD ?? DEFAULT_ADMIN_PASSWORD;
    await ensureSettings(db);
    await ensureAutomationExamples(db);
    const { user: admin, created } = await ensureFirstAdmin(db, adminEmail, adminPassword);
    let demoSeeded = 0;
    let demoUsers: { email: string; name: string; profile: string }[] = [];
    if (created && options.seedDemo !== false) {
      const seeded = await seedDemoData(db, await loadActor(db, { userId: admin.userId, profileHint: 'administrator' }, { requestId: 'seed' }));
      demoSeeded = seeded.contacts;
      demoUsers = seeded.users.map(({ email, name, profile }) => ({ email, name, profile }));
    }

    scheduler.startRecurring();
    ready.resolve();

    return {
      url,
      admin: { email: adminEmail, password: adminPassword, created },
      dataDir,
      tableName,
      dynamoEndpoint: endpoint,
      demoSeeded,
      demoUsers,
      outboxDir,
      bus,
      stepFunctions,
      scheduler,
      async settle() {
        // Twice: a workflow's own writes reach the stream after the first pass.
        for (let pass = 0; pass < 2; pass++) {
          await poller.drain();
          await bus.idle();
          await stepFunctions.idle();
        }
      },
      async stop() {
        for (const stop of stops) await stop().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const stop of stops) await stop().catch(() => undefined);
    throw error;
  }
}
