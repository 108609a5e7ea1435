/**
 * Access-token verification for the local gateway, playing API Gateway's JWT authorizer:
 * RS256 tokens shaped like Cognito access tokens (token_use=access, client_id), checked
 * against the issuer's JWKS at `${issuer}/.well-known/jwks.json`.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { UnauthenticatedError } from '../platform/errors';

export interface TokenVerifierConfig {
  issuer: string;
  clientId: string;
  /** Defaults to the issuer's well-known JWKS URL. */
  keys?: JWTVerifyGetKey;
}

export function createTokenVerifier(config: TokenVerifierConfig) {
  const keys = config.keys ?? createRemoteJWKSet(new URL(`${config.issuer.replace(/\/$/, '')}/.well-known/jwks.json`));
  return async function verify(token: string): Promise<JWTPayload> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, { issuer: config.issuer, algorithms: ['RS256'] }));
    } catch {
      throw new UnauthenticatedError('The access token is invalid or expired');
    }
    if (payload.token_use !== 'access' || payload.client_id !== config.clientId || !payload.sub) {
      throw new UnauthenticatedError('The token is not an access token for this CRM');
    }
    return payload;
  };
}
export type TokenVerifier = ReturnType<typeof createTokenVerifier>;

export function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) throw new UnauthenticatedError('Sign in first: send Authorization: Bearer <access token>');
  return match[1];
}
