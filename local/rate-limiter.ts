/**
 * The local stand-in for API Gateway's route throttling and the WAF rate rules: the same
 * limits the routes declare (functions/http/route.ts Throttle), counted in memory per
 * window — per client IP, per path (a form), and a token bucket for the whole route.
 */
import { rateRuleDetail, type RateRule, type Throttle } from '../functions/http/route';

export interface Refusal {
  detail: string;
  retryAfterSeconds: number;
}

export function createRateLimiter(now: () => number = Date.now) {
  const windows = new Map<string, { start: number; count: number }>();
  const buckets = new Map<string, { tokens: number; at: number }>();

  const countIn = (key: string, rule: RateRule): Refusal | undefined => {
    const t = now();
    const size = rule.windowSeconds * 1000;
    const start = Math.floor(t / size) * size;
    const current = windows.get(key);
    const window = current && current.start === start ? current : { start, count: 0 };
    window.count++;
    windows.set(key, window);
    if (windows.size > 50_000) for (const [k, w] of windows) if (w.start < start) windows.delete(k);
    if (window.count <= rule.limit) return undefined;
    return { detail: rateRuleDetail(rule), retryAfterSeconds: Math.max(1, Math.ceil((start + size - t) / 1000)) };
  };

  const takeToken = (key: string, rate: { ratePerSecond: number; burst: number }): Refusal | undefined => {
    const t = now();
    const bucket = buckets.get(key) ?? { tokens: rate.burst, at: t };
    bucket.tokens = Math.min(rate.burst, bucket.tokens + ((t - bucket.at) / 1000) * rate.ratePerSecond);
    bucket.at = t;
    buckets.set(key, bucket);
    if (bucket.tokens < 1) return { detail: 'Too many requests for this service right now', retryAfterSeconds: 1 };
    bucket.tokens -= 1;
    return undefined;
  };

  return {
    /** undefined when the request may go on; else why not and when to try again */
    check(throttle: Throttle, request: { ip: string; path: string; routeKey?: string }): Refusal | undefined {
      return (
        (throttle.perIp && countIn(`ip ${request.routeKey ?? request.path} ${request.ip}`, throttle.perIp)) ||
        (throttle.perPath && countIn(`path ${request.path}`, throttle.perPath)) ||
        (throttle.route && takeToken(`route ${request.routeKey ?? request.path}`, throttle.route)) ||
        undefined
      );
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;
