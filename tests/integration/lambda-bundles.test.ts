import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coldInit, coldStartEnv, coldStartEvents, coldStartRecords, type FunctionName } from '../../bench/cold-start';
import { bundleFunction } from '../../functions/bundling';
import { httpFunctions, workerFunctions } from '../../functions/groups';
import { loadActor } from '../../shared/access/context';
import { createDatabase } from '../../shared/platform/database';
import { startTestCrm, type TestCrm } from '../support/crm';

/**
 * The bundles Lambda runs, not the sources the rest of the suite imports: esbuild's output
 * (with its ElectroDB and jsonschema stand-ins) loaded by a fresh Node, one request each.
 */
let crm: TestCrm;
let env: Record<string, string>;
let events: Record<FunctionName, unknown>;
let contactId: string;
let exportId: string;
const outDir = mkdtempSync(join(tmpdir(), 'crm-lambda-bundles-'));

beforeAll(async () => {
  crm = await startTestCrm();
  const db = createDatabase({ tableName: crm.tableName, endpoint: crm.dynamoEndpoint });
  const { userId } = (await (await crm.api('/me')).json()) as { userId: string };
  const admin = await loadActor(db, { userId, profileHint: 'administrator' });
  const account = (await (await crm.api('/accounts', { method: 'POST', json: { name: 'Bundled Ltd' } })).json()) as { accountId: string };
  const contact = (await (await crm.api('/contacts', { method: 'POST', json: { accountId: account.accountId, lastName: 'Bundled', email: 'bundled@bundles.test' } })).json()) as { contactId: string };
  contactId = contact.contactId;
  const records = await coldStartRecords(db, admin, account.accountId);
  exportId = records.exportId;
  env = coldStartEnv({ tableName: crm.tableName, dynamoEndpoint: crm.dynamoEndpoint, issuer: crm.url, scratchDir: outDir });
  events = coldStartEvents({ adminUserId: userId, accessToken: crm.token, contactId, ...records });
});
afterAll(() => crm?.stop());

describe('each function as bundled for Lambda', () => {
  it.each(Object.entries({ ...httpFunctions, ...workerFunctions }))('%s loads in a fresh Node and answers its first request', async (name, { entry }) => {
    const { handlerFile } = await bundleFunction(entry, join(outDir, name));
    const { response } = await coldInit(handlerFile, events[name as FunctionName], env);
    if (name === 'crm') expect(JSON.parse((response as { body: string }).body)).toMatchObject({ contactId, lastName: 'Bundled', email: 'bundled@bundles.test' });
    if (name === 'jobs') expect(await (await crm.api(`/exports/${exportId}`)).json()).toMatchObject({ status: 'failed' });
  });
});
