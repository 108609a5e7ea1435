import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm } from '../support/crm';

let crm: TestCrm;
beforeAll(async () => {
  crm = await startTestCrm();
});
afterAll(() => crm?.stop());

const body = async <T = Record<string, unknown>>(response: Response) => (await response.json()) as T;

async function newAccount(name: string, extra: Record<string, unknown> = {}) {
  const response = await crm.api('/accounts', { method: 'POST', json: { name, ...extra } });
  expect(response.status).toBe(201);
  return body<{ accountId: string; version: number; ownerId: string; name: string }>(response);
}

async function newContact(accountId: string, lastName: string, email: string, extra: Record<string, unknown> = {}) {
  const response = await crm.api('/contacts', { method: 'POST', json: { accountId, lastName, email, ...extra } });
  expect(response.status, await response.clone().text()).toBe(201);
  return body<{ contactId: string; version: number; email: string; ownerId: string }>(response);
}

describe('accounts', () => {
  it('creates, reads, updates with the version and deletes an account', async () => {
    const account = await newAccount('Northwind Traders', { industry: 'Food', website: 'https://northwind.example' });
    expect(account).toMatchObject({ name: 'Northwind Traders', version: 1 });
    const me = (await (await crm.api('/me')).json()) as { userId: string };
    expect(account).toMatchObject({ ownerId: me.userId, createdBy: me.userId, updatedBy: me.userId });
    expect(account.accountId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);

    const read = await body(await crm.api(`/accounts/${account.accountId}`));
    expect(read).toMatchObject({ name: 'Northwind Traders', contacts: [] });
    expect(read).not.toHaveProperty('shard');
    expect(read).not.toHaveProperty('pk');

    const patched = await crm.api(`/accounts/${account.accountId}`, { method: 'PATCH', json: { industry: 'Wholesale', version: 1 } });
    expect(patched.status).toBe(200);
    expect(await body(patched)).toMatchObject({ industry: 'Wholesale', name: 'Northwind Traders', version: 2 });

    const deleted = await crm.api(`/accounts/${account.accountId}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect((await crm.api(`/accounts/${account.accountId}`)).status).toBe(404);
  });

  it('refuses a stale version with 409 and keeps the newer write', async () => {
    const account = await newAccount('Stale Co');
    const first = await crm.api(`/accounts/${account.accountId}`, { method: 'PATCH', json: { phone: '+1 555 0001', version: 1 } });
    expect(first.status).toBe(200);
    const second = await crm.api(`/accounts/${account.accountId}`, { method: 'PATCH', json: { phone: '+1 555 0002', version: 1 } });
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toBe('application/problem+json');
    expect(await body(second)).toMatchObject({ status: 409, errors: [{ name: 'version' }] });
    expect(await body(await crm.api(`/accounts/${account.accountId}`))).toMatchObject({ phone: '+1 555 0001', version: 2 });
  });

  it('lets exactly one of two racing updates of the same version win', async () => {
    const account = await newAccount('Race Ltd');
    const results = await Promise.all(
      ['A', 'B', 'C', 'D'].map((tag) =>
        crm.api(`/accounts/${account.accountId}`, { method: 'PATCH', json: { industry: tag, version: 1 } }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(3);
  });

  it('returns an account with its contacts', async () => {
    const account = await newAccount('Family Holdings');
    await newContact(account.accountId, 'Alpha', 'alpha@family.example');
    await newContact(account.accountId, 'Beta', 'beta@family.example');
    const read = await body<{ contacts: { lastName: string }[] }>(await crm.api(`/accounts/${account.accountId}`));
    expect(read.contacts.map((c) => c.lastName).sort()).toEqual(['Alpha', 'Beta']);
    const refused = await crm.api(`/accounts/${account.accountId}`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
  });
});

describe('contacts', () => {
  let accountId: string;
  beforeAll(async () => {
    accountId = (await newAccount('Contacts Inc')).accountId;
  });

  it('normalises the email and refuses a second contact with the same one', async () => {
    const contact = await newContact(accountId, 'Unique', '  Mixed.Case@Example.COM ');
    expect(contact.email).toBe('mixed.case@example.com');
    const duplicate = await crm.api('/contacts', {
      method: 'POST',
      json: { accountId, lastName: 'Copy', email: 'MIXED.case@example.com' },
    });
    expect(duplicate.status).toBe(409);
    expect(await body(duplicate)).toMatchObject({ errors: [{ name: 'email' }] });
  });

  it('creates one contact when several requests race for the same email', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        crm.api('/contacts', { method: 'POST', json: { accountId, lastName: `Racer${n}`, email: 'race@example.com' } }),
      ),
    );
    expect(results.map((r) => r.status).filter((s) => s === 201)).toHaveLength(1);
    expect(results.map((r) => r.status).filter((s) => s === 409)).toHaveLength(4);
    const found = await body<{ items: unknown[] }>(await crm.api('/contacts?email=race@'));
    expect(found.items).toHaveLength(1);
  });

  it('frees the old email when a contact changes it, and refuses a taken one', async () => {
    const a = await newContact(accountId, 'Mover', 'old@move.example');
    await newContact(accountId, 'Holder', 'taken@move.example');
    const taken = await crm.api(`/contacts/${a.contactId}`, { method: 'PATCH', json: { email: 'taken@move.example', version: 1 } });
    expect(taken.status).toBe(409);
    const moved = await crm.api(`/contacts/${a.contactId}`, { method: 'PATCH', json: { email: 'new@move.example', version: 1 } });
    expect(moved.status).toBe(200);
    await newContact(accountId, 'Reuser', 'old@move.example');
  });

  it('frees the email when a contact is deleted', async () => {
    const c = await newContact(accountId, 'Leaving', 'gone@example.com');
    expect((await crm.api(`/contacts/${c.contactId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await crm.api(`/contacts/${c.contactId}`)).status).toBe(404);
    await newContact(accountId, 'Arriving', 'gone@example.com');
  });

  it('refuses a contact on an account that does not exist, naming the field', async () => {
    const response = await crm.api('/contacts', {
      method: 'POST',
      json: { accountId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', lastName: 'Orphan', email: 'orphan@example.com' },
    });
    expect(response.status).toBe(422);
    expect(await body(response)).toMatchObject({ errors: [{ name: 'accountId' }] });
  });
});

describe('lists', () => {
  let accountId: string;
  const names = Array.from({ length: 23 }, (_, i) => `Lister${String.fromCharCode(97 + i)}`);
  beforeAll(async () => {
    accountId = (await newAccount('Listing GmbH')).accountId;
    for (const name of names) await newContact(accountId, name, `${name.toLowerCase()}@list.example`);
  });

  it('pages through every contact in name order with a cursor, full pages, no repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: { lastName: string }[]; cursor: string | null } = await body(
        await crm.api(`/contacts?q=lister&limit=5${cursor ? `&cursor=${cursor}` : ''}`),
      );
      if (page.cursor) expect(page.items).toHaveLength(5);
      seen.push(...page.items.map((c) => c.lastName));
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen).toEqual(names);
    expect(pages).toBe(5);
  });

  it('searches by email prefix and by owner', async () => {
    const byEmail = await body<{ items: { lastName: string }[] }>(await crm.api('/contacts?email=listerc@'));
    expect(byEmail.items.map((c) => c.lastName)).toEqual(['Listerc']);

    const colleague = await body<{ userId: string }>(
      await crm.api('/users', { method: 'POST', json: { email: 'colleague@lists.example', name: 'Colleague', profile: 'sales-rep', roles: ['sales-rep'], password: 'a-long-password-1' } }),
    );
    const other = await crm.api('/accounts', { method: 'POST', json: { name: 'Owned Elsewhere', ownerId: colleague.userId } });
    expect(other.status).toBe(201);
    const mine = await body<{ items: { name: string }[] }>(await crm.api(`/accounts?ownerId=${colleague.userId}`));
    expect(mine.items.map((a) => a.name)).toEqual(['Owned Elsewhere']);
    const nobody = await crm.api('/accounts', { method: 'POST', json: { name: 'Owned by nobody', ownerId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' } });
    expect(nobody.status).toBe(422);
    expect(await body(nobody)).toMatchObject({ errors: [{ name: 'ownerId' }] });
  });

  it('finds accounts by name prefix whatever the case or accents', async () => {
    await newAccount('Škoda Partners');
    const found = await body<{ items: { name: string }[] }>(await crm.api('/accounts?q=skod'));
    expect(found.items.map((a) => a.name)).toEqual(['Škoda Partners']);
  });

  it('caps the page size at 100 and refuses a forged cursor with 400', async () => {
    const tooBig = await crm.api('/contacts?limit=101');
    expect(tooBig.status).toBe(400);
    expect(await body(tooBig)).toMatchObject({ errors: [{ name: 'limit' }] });
    const forged = Buffer.from(JSON.stringify({ s: 0, k: { gsi2pk: 'someone-elses-partition', pk: 'x' } })).toString('base64url');
    const response = await crm.api(`/contacts?cursor=${forged}`);
    expect(response.status).toBe(422);
    expect(await body(response)).toMatchObject({ errors: [{ name: 'cursor' }] });
  });
});

describe('lists across range shards', () => {
  const surnames = ['Adams', 'Baker', 'Clark', 'Davis', 'Evans', 'Fisher', 'Garcia', 'Hughes', 'Ivanova', 'Jones', 'Kowalski',
    'Lopez', 'Miller', 'Novak', 'Ortiz', 'Petrov', 'Quinn', 'Reyes', 'Smith', 'Taylor', 'Uzun', 'Vasquez', 'Wright', 'Young', 'Zhang', 'Ćosić', '0Numeric'];
  let accountId: string;
  beforeAll(async () => {
    accountId = (await newAccount('Alphabet Ltd')).accountId;
    for (const lastName of surnames) await newContact(accountId, lastName, `${lastName.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '')}@alphabet.example`);
  });

  it('walks the shards in name order with full pages and no gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { lastName: string; accountId: string }[]; cursor: string | null } = await body(
        await crm.api(`/contacts?limit=4${cursor ? `&cursor=${cursor}` : ''}`),
      );
      if (page.cursor) expect(page.items.length).toBe(4);
      seen.push(...page.items.filter((c) => c.accountId === accountId).map((c) => c.lastName));
      cursor = page.cursor;
    } while (cursor);
    const expected = [...surnames].sort((a, b) => {
      const n = (v: string) => v.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
      return n(a) < n(b) ? -1 : 1;
    });
    expect(seen).toEqual(expected);
  });

  it('finds a name prefix inside one shard', async () => {
    const page = await body<{ items: { lastName: string }[] }>(await crm.api('/contacts?q=cos'));
    expect(page.items.map((c) => c.lastName)).toEqual(['Ćosić']);
    const emails = await body<{ items: { lastName: string }[] }>(await crm.api('/contacts?email=zhang@'));
    expect(emails.items.map((c) => c.lastName)).toEqual(['Zhang']);
  });
});

describe('clearing optional fields', () => {
  it('removes an optional field sent as null or an empty string, and ignores empty ones on create', async () => {
    const created = await crm.api('/accounts', { method: 'POST', json: { name: 'Clearable', website: '', phone: '+1 555 0100', industry: 'Tea' } });
    expect(created.status).toBe(201);
    const account = (await created.json()) as { accountId: string };
    expect(account).not.toHaveProperty('website');
    const patched = await crm.api(`/accounts/${account.accountId}`, { method: 'PATCH', json: { phone: '', industry: null, version: 1 } });
    expect(patched.status).toBe(200);
    const read = await (await crm.api(`/accounts/${account.accountId}`)).json();
    expect(read).not.toHaveProperty('phone');
    expect(read).not.toHaveProperty('industry');
    expect(read).toMatchObject({ name: 'Clearable', version: 2 });
    const refused = await crm.api(`/accounts/${account.accountId}`, { method: 'PATCH', json: { name: null, version: 2 } });
    expect(refused.status).toBe(422);
  });
});
