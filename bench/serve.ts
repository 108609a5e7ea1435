/**
 * Runs the local CRM in its own process for the bench, so load generator and server do
 * not share an event loop. Beside it, two more gateways alike in everything but the crm
 * handler, to price the policy check: one with the crm function as deployed, one with
 * GET /contacts/{contactId} declared public and answered without loading the caller or
 * deciding (bench only). Both take the token's claims as API Gateway would hand them over.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { startCrm } from '../local/runtime';
import { createLocalServer, type HttpFunction } from '../local/server';
import type { Operations } from '../functions/http/http-handler';
import { initialSettings } from '../shared/access/context';
import { loadRecord, present } from '../shared/access/records';
import { contactKind } from '../shared/crm/kinds';
import { NotFoundError } from '../shared/platform/errors';
import { decodeJwt } from 'jose';

const crm = await startCrm({
  port: 0,
  dynamoEndpoint: process.env.BENCH_DYNAMODB_ENDPOINT!,
  tableName: process.env.BENCH_TABLE!,
  dataDir: mkdtempSync(join(tmpdir(), 'crm-bench-')),
  buildUi: false,
  seedDemo: false,
  quiet: true,
  benchClientHeader: 'x-bench-visitor',
});

// The handlers read their configuration as they load, so only after startCrm has set it.
const [{ createHttpHandler }, { crmRoutes }, { operations: crmOperations, handler: crmHandler }, { db }] = await Promise.all([
  import('../functions/http/http-handler'),
  import('../functions/http/routes/crm'),
  import('../functions/crm/handler'),
  import('../functions/http/deps'),
]);

const nobody = { userId: 'bench', profile: 'administrator', roles: [], groups: [], settings: initialSettings() };
const unchecked: Operations<'crm'> = {
  ...crmOperations,
  getContact: async ({ params }) => {
    const record = await loadRecord(db(), contactKind, params.contactId);
    if (!record) throw new NotFoundError(`No contact ${params.contactId}`);
    return present(nobody, contactKind, record) as never;
  },
};
const routes = crmRoutes.map((route) =>
  route.operationId === 'getContact' ? { ...route, permission: { kind: 'public' as const, reason: 'bench: the policy check switched off' } } : route,
);
const uncheckedHandler = createHttpHandler('crm', unchecked, { routes, access: { database: db } }) as unknown as HttpFunction;
const refuse: HttpFunction = async () => ({ statusCode: 404 });
const gateway = async (crmFunction: HttpFunction) => {
  const server = createLocalServer({ functions: { platform: refuse, identity: refuse, crm: crmFunction, sales: refuse, activities: refuse, setup: refuse, intake: refuse }, verifyToken: async (token) => decodeJwt(token) });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  return { server, url: `http://localhost:${(server.address() as AddressInfo).port}` };
};
const checkOn = await gateway(crmHandler as unknown as HttpFunction);
const checkOff = await gateway(uncheckedHandler);

// The bench loads data in bulk; it waits here until the stream consumers have caught up, so
// they do not share the CPU with the requests it measures (in AWS they run in their own functions).
const control = createServer((request, response) => {
  void crm.settle().then(() => response.end('settled'));
});
await new Promise<void>((resolve) => control.listen(0, resolve));
const settleUrl = `http://localhost:${(control.address() as AddressInfo).port}/settle`;

process.stdout.write(`${JSON.stringify({ url: crm.url, checkOnUrl: checkOn.url, checkOffUrl: checkOff.url, settleUrl, admin: crm.admin })}\n`);
process.on('SIGTERM', () => {
  checkOn.server.close();
  checkOff.server.close();
  control.close();
  void crm.stop().then(() => process.exit(0));
});
