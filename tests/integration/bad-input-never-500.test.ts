import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersPage } from '../../functions/http/route';
import { routes } from '../../functions/http/routes';
import { startTestCrm, type TestCrm } from '../support/crm';

let crm: TestCrm;
beforeAll(async () => {
  crm = await startTestCrm();
});
afterAll(() => crm?.stop());

const bodies: unknown[] = [
  null,
  [],
  [1, 2],
  42,
  'text',
  true,
  {},
  { name: null, lastName: 123, email: ['a'], accountId: { $ne: 1 }, version: -1 },
  { name: 'x'.repeat(100_000) },
  { name: '\u0000\u0007\u202e', email: 'a@b.c\r\nBcc: x@y.z', version: 1e308 },
  { __proto__: { admin: true }, constructor: { prototype: { x: 1 } }, name: 'proto' },
  { name: '<script>alert(1)</script>', custom: { Bad: 1, ok: { nested: true } } },
  { entity: 'users', version: 1.5 },
  JSON.parse('{"a":'.repeat(200) + '1' + '}'.repeat(200)),
];
const queries = ['?limit=abc', '?limit=-1', '?limit=1e3', '?cursor=%%%', '?cursor=eyJzIjo5OX0', '?q=%00', `?q=${'z'.repeat(500)}`, '?ownerId=1&ownerId=2', '?email=%F0%9F%92%A9'];
const ids = ['x', '..%2F..%2Fetc', '01ARZ3NDEKTSV4RRFFQ69G5FAV', '%00', 'ZZZZZZZZZZZZZZZZZZZZZZZZZZ'];

describe('no bad input reaches a 500', () => {
  it('answers every route with a 4xx (or success), errors as problem+json (pages as HTML), for malformed bodies, queries and ids', async () => {
    const cases: { method: string; url: string; json?: unknown; page: boolean }[] = [];
    for (const route of routes) {
      for (const id of ids) {
        const path = route.path.replace(/\{\w+\}/g, id);
        // a hosted page answers its errors as a page too; everything else as problem+json
        const page = answersPage(route);
        if (route.method === 'GET' || route.method === 'DELETE') {
          for (const query of route.method === 'GET' ? ['', ...queries] : ['']) cases.push({ method: route.method, url: path + query, page });
        } else {
          for (const body of bodies) cases.push({ method: route.method, url: path, json: body, page });
        }
        if (!route.path.includes('{')) break;
      }
    }
    // a few at a time: the answers do not depend on each other, and one at a time leaves the machine idle
    const limit = pLimit(4);
    const failures = (
      await Promise.all(
        cases.map((c) =>
          limit(async () => {
            const response = await crm.api(c.url, c.json === undefined ? { method: c.method } : { method: c.method, json: c.json });
            const errorType = c.page ? /^text\/html\b/ : /^application\/problem\+json$/;
            const wellTyped = response.status < 400 || errorType.test(response.headers.get('content-type') ?? '');
            await response.arrayBuffer();
            return response.status < 500 && wellTyped ? [] : [`${c.method} ${c.url} ${JSON.stringify(c.json)?.slice(0, 80) ?? ''} → ${response.status} ${response.headers.get('content-type')}`];
          }),
        ),
      )
    ).flat();
    expect(failures).toEqual([]);
    expect(cases.length).toBeGreaterThan(50);
  }, 240_000);
});
