import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm } from '../support/crm';

let crm: TestCrm;
beforeAll(async () => {
  crm = await startTestCrm();
});
afterAll(() => crm?.stop());

const post = (path: string, json: unknown, key?: string) =>
  crm.api(path, { method: 'POST', json, headers: key ? { 'idempotency-key': key } : {} });

describe('retried requests with an Idempotency-Key', () => {
  it('create one account however often the same request is retried, answering each retry alike', async () => {
    const first = await post('/accounts', { name: 'Retry Corp' }, 'key-account-1');
    const second = await post('/accounts', { name: 'Retry Corp' }, 'key-account-1');
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.json()).toEqual(await first.json());
    const listed = (await (await crm.api('/accounts?q=retry')).json()) as { items: unknown[] };
    expect(listed.items).toHaveLength(1);
  });

  it('create one account when the retries race', async () => {
    const responses = await Promise.all([1, 2, 3, 4].map(() => post('/accounts', { name: 'Racing Retry' }, 'key-race')));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const listed = (await (await crm.api('/accounts?q=racing')).json()) as { items: unknown[] };
    expect(listed.items).toHaveLength(1);
  });

  it('refuses the same key with a different body', async () => {
    await post('/accounts', { name: 'Original' }, 'key-reused');
    const reused = await post('/accounts', { name: 'Different' }, 'key-reused');
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ errors: [{ name: 'Idempotency-Key' }] });
  });

  it('lets a failed request run again under the same key', async () => {
    const account = (await (await post('/accounts', { name: 'Holder' })).json()) as { accountId: string };
    const refused = await post('/contacts', { accountId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', lastName: 'X', email: 'x@retry.example' }, 'key-fix');
    expect(refused.status).toBe(422);
    // A refused request is not remembered, so the corrected one may reuse its key.
    const fixed = await post('/contacts', { accountId: account.accountId, lastName: 'X', email: 'x@retry.example' }, 'key-fix');
    expect(fixed.status).toBe(201);
    const retried = await post('/contacts', { accountId: account.accountId, lastName: 'X', email: 'x@retry.example' }, 'key-fix');
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
  });

  it('keeps keys apart per caller and per operation', async () => {
    const account = (await (await post('/accounts', { name: 'Scope Inc' }, 'shared-key')).json()) as { accountId: string };
    const contact = await post('/contacts', { accountId: account.accountId, lastName: 'Scoped', email: 'scoped@example.com' }, 'shared-key');
    expect(contact.status).toBe(201);
    expect(contact.headers.get('idempotent-replayed')).toBeNull();
  });

  it('refuses a malformed key', async () => {
    const response = await post('/accounts', { name: 'Bad Key' }, 'x'.repeat(300));
    expect(response.status).toBe(400);
  });
});
