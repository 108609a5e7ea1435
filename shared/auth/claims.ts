/**
 * Who the caller is, from the claims of a token the gateway already verified: API
 * Gateway's JWT authorizer in AWS, the local gateway (local/server.ts) under `npm start`.
 * API Gateway hands claims over as strings, arrays flattened to "[a b]"; the local
 * gateway flattens them the same way, so this one reader serves both.
 */
import { UnauthenticatedError } from '../platform/errors';
import type { Identity } from '../access/context';

export const ADMIN_GROUP = 'administrators';

type Claims = Record<string, string | number | boolean | string[] | undefined>;

/** Who signed in; what they may do comes from their user record (shared/access/context.ts). */
export function identityFromClaims(claims: Claims | undefined): Identity {
  if (!claims?.sub) throw new UnauthenticatedError('Sign in first: send Authorization: Bearer <access token>');
  if (claims.token_use !== undefined && claims.token_use !== 'access') {
    throw new UnauthenticatedError('Send the access token, not the ID token');
  }
  const groups = list(claims['cognito:groups']);
  const profileHint = groups.includes(ADMIN_GROUP) ? 'administrator' : 'sales-rep';
  return { userId: String(claims.sub), profileHint };
}

/** How API Gateway flattens claim values. */
export function flattenClaims(claims: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(claims).map(([key, value]) => [key, Array.isArray(value) ? `[${value.join(' ')}]` : String(value)]),
  );
}

function list(value: Claims[string]): string[] {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string' || value === '') return [];
  const inner = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  return inner.split(/[\s,]+/).filter(Boolean);
}
