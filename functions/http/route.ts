import type { z } from 'zod';

/** Lambda functions that serve HTTP routes. One per domain area keeps cold starts few. */
export type FunctionGroup = 'platform' | 'identity' | 'crm' | 'sales' | 'activities' | 'setup' | 'intake';

import type { Permission } from '../../shared/access/policy';

export type { Permission };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** At most `limit` requests per window, counted per key (WAF rate-based rules' windows). */
export interface RateRule {
  limit: number;
  windowSeconds: 60 | 120 | 300 | 600;
}

/**
 * Limits of a public route, declared once: API Gateway's route throttling (`route`) and
 * rate rules per client IP and per path (per form) — enforced alike by the local gateway.
 */
export interface Throttle {
  route?: { ratePerSecond: number; burst: number };
  perIp?: RateRule;
  perPath?: RateRule;
}

/** Why a rate rule refused a request, in a 429's problem+json (the local gateway and the WAF alike). */
export const rateRuleDetail = (rule: RateRule) => `Too many requests: at most ${rule.limit} every ${rule.windowSeconds} s`;

/**
 * The headers of the intake's 429: when to come back, readable by the embedding page's
 * script from any origin (the answer holds nothing private).
 */
export const rateLimitedHeaders = (retryAfterSeconds: number): Record<string, string> => ({
  'retry-after': String(retryAfterSeconds),
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'retry-after',
});

export interface RouteDefinition {
  operationId: string;
  method: HttpMethod;
  /** API Gateway style path: /contacts/{contactId} */
  path: string;
  fn: FunctionGroup;
  permission: Permission;
  summary: string;
  tag: string;
  request?: {
    params?: z.ZodObject;
    query?: z.ZodObject;
    body?: z.ZodType;
  };
  throttle?: Throttle;
  response: {
    status: number;
    schema?: z.ZodType;
    /** non-JSON responses, e.g. the OpenAPI document itself or CSV */
    contentType?: string;
    description: string;
  };
}

export const defineRoute = <const R extends RouteDefinition>(route: R): R => route;

/** A route a browser opens as a page (the hosted forms), not one a program reads. */
export const answersPage = (route: Pick<RouteDefinition, 'response'>) => route.response.contentType?.startsWith('text/html') === true;

export const routeKey = (route: Pick<RouteDefinition, 'method' | 'path'>) => `${route.method} ${route.path}`;
