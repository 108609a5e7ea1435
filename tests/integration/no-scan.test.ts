import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/http/routes';
import { startTestCrm, type TestCrm } from '../support/crm';
import { recordSdkSends } from '../support/sdk-sends';

let crm: TestCrm;
let commands: string[] = [];
/** when each command was sent and answered, to tell reads made side by side from reads made one after another */
let sends: string[] = [];

beforeAll(async () => {
  crm = await startTestCrm();
  ({ commands, sends } = recordSdkSends());
});
afterAll(() => crm?.stop());

describe('request paths never Scan', () => {
  it('issues only keyed reads and writes on every route', async () => {
    const account = (await (await crm.api('/accounts', { method: 'POST', json: { name: 'Scanless' } })).json()) as { accountId: string };
    const contact = (await (
      await crm.api('/contacts', { method: 'POST', json: { accountId: account.accountId, lastName: 'Keyed', email: 'keyed@example.com' } })
    ).json()) as { contactId: string };
    const exercised = new Set<string>();
    const call = async (method: string, path: string, json?: unknown) => {
      const response = await crm.api(path, { method, json });
      expect(response.status, `${method} ${path}`).toBeLessThan(500);
    };
    const ids: Record<string, string> = { accountId: account.accountId, contactId: contact.contactId };
    for (const route of routes) {
      const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => ids[name] ?? 'x');
      if (route.method === 'DELETE') continue;
      const json = route.method === 'PATCH' ? { version: 1 } : route.method === 'POST' ? {} : undefined;
      await call(route.method, path, json);
      for (const query of ['?q=sc', '?ownerId=01ARZ3NDEKTSV4RRFFQ69G5FAV', '?email=ke']) {
        if (route.method === 'GET' && !path.includes('{') && route.path.endsWith('s')) await call('GET', path + query);
      }
      exercised.add(route.operationId);
    }
    await call('DELETE', `/contacts/${contact.contactId}`);
    await call('DELETE', `/accounts/${account.accountId}`);
    expect(commands.length).toBeGreaterThan(10);
    expect(commands.filter((name) => /Scan/.test(name))).toEqual([]);
  });

  // Every authenticated request also reads the caller's user record (shared/access/context.ts);
  // reads in the same tick share one BatchGetItem (shared/platform/item-loader.ts).
  it("reads a contact and the caller's user record in one BatchGetItem", async () => {
    const account = (await (await crm.api('/accounts', { method: 'POST', json: { name: 'One Batch' } })).json()) as { accountId: string };
    const contact = (await (await crm.api('/contacts', { method: 'POST', json: { accountId: account.accountId, lastName: 'Batched', email: 'batched@example.com' } })).json()) as {
      contactId: string;
    };
    await crm.api(`/contacts/${contact.contactId}`); // the settings are cached for a few seconds after the first read
    await crm.settle(); // the automation worker reacting to the writes above is not this request
    commands.length = 0;
    expect((await crm.api(`/contacts/${contact.contactId}`)).status).toBe(200);
    expect(commands).toEqual(['BatchGetCommand']);
  });

  it('answers GET /me, which every page of the UI asks, from the one read the caller check makes', async () => {
    await crm.api('/me');
    await crm.settle();
    commands.length = 0;
    const me = (await (await crm.api('/me')).json()) as { email: string; privileges: unknown };
    expect(me.email).toBe(crm.admin.email);
    expect(me.privileges).toBeDefined();
    expect(commands).toEqual(['BatchGetCommand']);
  });

  it("reads the notification bell's page beside the caller check, not after it", async () => {
    await crm.api('/me/notifications');
    await crm.settle();
    commands.length = 0;
    sends.length = 0;
    expect((await crm.api('/me/notifications')).status).toBe(200);
    expect(commands.sort()).toEqual(['BatchGetCommand', 'QueryCommand']);
    expect(sends.slice(0, 2).every((s) => s.startsWith('sent'))).toBe(true);
  });

  it('reads an account with its contacts in one Query, and a page of contacts in at most two', async () => {
    const account = (await (await crm.api('/accounts', { method: 'POST', json: { name: 'One Query' } })).json()) as { accountId: string };
    for (const name of ['Able', 'Baker', 'Charlie']) {
      await crm.api('/contacts', { method: 'POST', json: { accountId: account.accountId, lastName: name, email: `${name}@onequery.example` } });
    }
    await crm.settle();
    commands.length = 0;
    const read = (await (await crm.api(`/accounts/${account.accountId}`)).json()) as { contacts: unknown[] };
    expect(read.contacts).toHaveLength(3);
    expect(commands.sort()).toEqual(['BatchGetCommand', 'QueryCommand']);

    commands.length = 0;
    const page = (await (await crm.api('/contacts?limit=2')).json()) as { items: unknown[]; cursor: string | null };
    expect(page.items).toHaveLength(2);
    expect(commands.filter((c) => c === 'QueryCommand').length).toBeLessThanOrEqual(2);
    expect(commands.filter((c) => c !== 'QueryCommand')).toEqual(['BatchGetCommand']);
  });

  it("reads a board with the same number of Queries whatever the number of deals", async () => {
    const account = (await (await crm.api('/accounts', { method: 'POST', json: { name: 'Board Costs' } })).json()) as { accountId: string };
    const deal = (i: number) => crm.api('/opportunities', { method: 'POST', json: { name: `Cost ${i}`, accountId: account.accountId, amount: 100, currency: 'EUR', closeDate: `2027-01-${String((i % 28) + 1).padStart(2, '0')}`, pipelineId: 'services' } });
    const boardQueries = async () => {
      await crm.api('/pipelines/services/board?limit=5');
      await crm.settle(); // the automation worker reacting to the new deals is not this request
      commands.length = 0;
      const board = (await (await crm.api('/pipelines/services/board?limit=5')).json()) as { stages: { deals: unknown[] }[] };
      return { queries: commands.filter((c) => c === 'QueryCommand').length, shown: board.stages[0]!.deals.length };
    };
    for (let i = 0; i < 3; i++) await deal(i);
    const few = await boardQueries();
    for (let i = 3; i < 40; i++) await deal(i);
    const many = await boardQueries();
    expect(many.shown).toBe(5);
    // 4 stages × 4 shards, the totals, and a refill or two where a shard runs short
    expect(many.queries).toBeLessThanOrEqual(few.queries + 4);
    expect(many.queries).toBeLessThanOrEqual(4 * 4 + 1 + 4);
  });

  it('has no Scan in the request-path source', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts') && /ScanCommand|\.scan\(|\.scan\b\./.test(readFileSync(path, 'utf8'))) offenders.push(path);
      }
    };
    walk('shared');
    walk('functions');
    expect(offenders).toEqual([]);
  });
});
