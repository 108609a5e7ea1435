import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/http/routes';
import { createRateLimiter } from '../../local/rate-limiter';
import { createLocalServer, type HttpFunction } from '../../local/server';
import { httpFunctions } from '../../functions/groups';
import type { FunctionGroup } from '../../functions/http/route';

describe('the local rate limiter (API Gateway throttling and WAF rate rules)', () => {
  it('counts each client apart in fixed windows and says when to come back', () => {
    let t = 60_000 * 100;
    const limiter = createRateLimiter(() => t);
    const throttle = { perIp: { limit: 2, windowSeconds: 60 as const } };
    const check = (ip: string) => limiter.check(throttle, { ip, path: '/public/forms/F1/submissions', routeKey: 'POST /x' });
    expect([check('a'), check('a'), check('b')]).toEqual([undefined, undefined, undefined]);
    t += 15_000;
    expect(check('a')).toEqual({ detail: 'Too many requests: at most 2 every 60 s', retryAfterSeconds: 45 });
    t += 45_000;
    expect(check('a')).toBeUndefined();
  });

  it('limits a form whoever sends, and the route as a token bucket', () => {
    let t = 0;
    const limiter = createRateLimiter(() => t);
    const perPath = limiter.check.bind(null, { perPath: { limit: 1, windowSeconds: 60 } });
    expect(perPath({ ip: 'a', path: '/public/forms/F1/submissions' })).toBeUndefined();
    expect(perPath({ ip: 'b', path: '/public/forms/F1/submissions' })).toBeDefined();
    expect(perPath({ ip: 'b', path: '/public/forms/F2/submissions' })).toBeUndefined();
    const route = { route: { ratePerSecond: 1, burst: 2 } };
    const call = () => limiter.check(route, { ip: 'x', path: '/p', routeKey: 'POST /p' });
    expect([call(), call(), call()].map(Boolean)).toEqual([false, false, true]);
    t += 1000;
    expect(call()).toBeUndefined();
  });
});

describe('the local gateway\'s 429', () => {
  it('is problem+json with Retry-After, readable cross-origin on the intake routes as the WAF\'s is in AWS', async () => {
    const calls: string[] = [];
    const answer = (group: string): HttpFunction => async () => (calls.push(group), { statusCode: 202, body: '{}' });
    const server = createLocalServer({
      functions: Object.fromEntries(Object.keys(httpFunctions).map((group) => [group, answer(group)])) as Record<FunctionGroup, HttpFunction>,
      verifyToken: async () => ({}),
      limiter: createRateLimiter(),
    });
    await new Promise<void>((resolve) => server.listen(0, resolve));
    try {
      const url = `http://localhost:${(server.address() as AddressInfo).port}/public/forms/F1/submissions`;
      const declared = routes.find((r) => r.operationId === 'submitForm')!.throttle!.perIp!;
      const post = () => fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain', origin: 'https://www.example.com' }, body: '{}' });
      for (let i = 0; i < declared.limit; i++) expect((await post()).status).toBe(202);
      const refused = await post();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(declared.windowSeconds);
      expect(refused.headers.get('access-control-allow-origin')).toBe('*');
      expect(refused.headers.get('access-control-expose-headers')).toBe('retry-after');
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
      expect(await refused.json()).toMatchObject({ status: 429, title: 'Too many requests', detail: `Too many requests: at most ${declared.limit} every ${declared.windowSeconds} s` });
      expect(calls).toHaveLength(declared.limit);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
