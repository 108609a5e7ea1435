import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../local/rate-limiter';

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
