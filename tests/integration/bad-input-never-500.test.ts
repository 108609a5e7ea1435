import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  it('answers every route with a 4xx (or success) for malformed bodies, queries and ids', async () => {
    const seen: string[] = [];
    for (const route of routes) {
      for (const id of ids) {
        const path = route.path.replace(/\{\w+\}/g, id);
        if (route.method === 'GET' || route.method === 'DELETE') {
          for (const query of route.method === 'GET' ? ['', ...queries] : ['']) {
            const response = await crm.api(path + query, { method: route.method });
            seen.push(`${route.method} ${path}${query} → ${response.status}`);
            expect(response.status, `${route.method} ${path}${query}`).toBeLessThan(500);
          }
        } else {
          for (const body of bodies) {
            const response = await crm.api(path, { method: route.method, json: body });
            expect(response.status, `${route.method} ${path} ${JSON.stringify(body).slice(0, 80)}`).toBeLessThan(500);
            if (response.status >= 400) expect(response.headers.get('content-type')).toBe('application/problem+json');
          }
        }
        if (!route.path.includes('{')) break;
      }
    }
    expect(seen.length).toBeGreaterThan(50);
  }, 240_000);
});
