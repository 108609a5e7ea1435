/**
 * The built-in token issuer of the local runtime: the stand-in for Cognito. It signs
 * RS256 access tokens shaped like Cognito's, so the one verifier (tokens.ts) checks both.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

export interface LocalIssuer {
  issuer: string;
  clientId: string;
  jwks: { keys: JWK[] };
  sign(claims: { sub: string; profile: string; roles: string[]; email: string }): Promise<{ accessToken: string; expiresIn: number }>;
}

const TOKEN_LIFETIME_SECONDS = 3600;

/** Loads the signing key from keyFile, creating it on first start so tokens survive restarts. */
export async function loadLocalIssuer(config: { issuer: string; clientId: string; keyFile: string }): Promise<LocalIssuer> {
  let privateJwk: JWK;
  if (existsSync(config.keyFile)) {
    privateJwk = JSON.parse(readFileSync(config.keyFile, 'utf8')) as JWK;
  } else {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), kid: `local-${Date.now().toString(36)}`, alg: 'RS256', use: 'sig' };
    mkdirSync(dirname(config.keyFile), { recursive: true });
    writeFileSync(config.keyFile, JSON.stringify(privateJwk), { mode: 0o600 });
  }
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  const privateKey = await importJWK(privateJwk, 'RS256');
  return {
    issuer: config.issuer,
    clientId: config.clientId,
    jwks: { keys: [publicJwk] },
    async sign(claims) {
      const accessToken = await new SignJWT({
        token_use: 'access',
        client_id: config.clientId,
        username: claims.email,
        'crm:profile': claims.profile,
        'crm:roles': claims.roles,
      })
        .setProtectedHeader({ alg: 'RS256', kid: privateJwk.kid })
        .setSubject(claims.sub)
        .setIssuer(config.issuer)
        .setIssuedAt()
        .setJti(crypto.randomUUID())
        .setExpirationTime(`${TOKEN_LIFETIME_SECONDS}s`)
        .sign(privateKey);
      return { accessToken, expiresIn: TOKEN_LIFETIME_SECONDS };
    },
  };
}
