/**
 * Access-token verification, the same code in AWS and locally: tokens are RS256 JWTs
 * shaped like Cognito access tokens (token_use=access, client_id) and verified against
 * the issuer's JWKS at `${issuer}/.well-known/jwks.json` — Cognito's user pool in AWS,
 * the built-in issuer of the local runtime (local/issuer.ts) under `npm start`.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { UnauthenticatedError } from '../platform/errors';
import type { Actor } from '../crm/actor';

export interface TokenVerifierConfig {
  issuer: string;
  clientId: string;
  /** Defaults to the issuer's well-known JWKS URL. */
  keys?: JWTVerifyGetKey;
}

export const ADMIN_GROUP = 'administrators';

export interface AccessClaims extends JWTPayload {
  token_use?: string;
  client_id?: string;
  'cognito:groups'?: string[];
  'crm:profile'?: string;
  'crm:roles'?: string[];
}

export function createTokenVerifier(config: TokenVerifierConfig) {
  const keys = config.keys ?? createRemoteJWKSet(new URL(`${config.issuer.replace(/\/$/, '')}/.well-known/jwks.json`));
  return async function verify(token: string): Promise<Actor> {
    let payload: AccessClaims;
    try {
      ({ payload } = await jwtVerify<AccessClaims>(token, keys, { issuer: config.issuer, algorithms: ['RS256'] }));
    } catch {
      throw new UnauthenticatedError('The access token is invalid or expired');
    }
    if (payload.token_use !== 'access' || payload.client_id !== config.clientId || !payload.sub) {
      throw new UnauthenticatedError('The token is not an access token for this CRM');
    }
    const groups = payload['cognito:groups'] ?? [];
    return {
      userId: payload.sub,
      profile: payload['crm:profile'] ?? (groups.includes(ADMIN_GROUP) ? 'administrator' : 'sales-rep'),
      roles: payload['crm:roles'] ?? [],
    };
  };
}
export type TokenVerifier = ReturnType<typeof createTokenVerifier>;

export function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) throw new UnauthenticatedError('Sign in first: send Authorization: Bearer <access token>');
  return match[1];
}
