import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet } from 'jose';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../shared/auth/passwords';
import { loadLocalIssuer } from '../../shared/auth/local-issuer';
import { createTokenVerifier } from '../../shared/auth/tokens';
import { identityFromClaims, flattenClaims } from '../../shared/auth/claims';

describe('passwords', () => {
  it('hashes with a salt and verifies only the right password', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(a).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horsf', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});

describe('local issuer and the shared verifier', () => {
  const setup = async () => {
    const keyFile = join(mkdtempSync(join(tmpdir(), 'issuer-')), 'key.json');
    const issuer = await loadLocalIssuer({ issuer: 'http://localhost:1', clientId: 'crm-local', keyFile });
    const verify = createTokenVerifier({ issuer: 'http://localhost:1', clientId: 'crm-local', keys: createLocalJWKSet(issuer.jwks) });
    return { issuer, verify, keyFile };
  };

  it('signs Cognito-shaped access tokens the verifier accepts', async () => {
    const { issuer, verify } = await setup();
    const { accessToken } = await issuer.sign({ sub: 'U1', email: 'a@b.c', profile: 'sales-rep', roles: ['east'] });
    const claims = await verify(accessToken);
    expect(identityFromClaims(flattenClaims(claims))).toEqual({ userId: 'U1', profileHint: 'sales-rep' });
  });

  it('keeps the same key across restarts so tokens stay valid', async () => {
    const { issuer, keyFile } = await setup();
    const again = await loadLocalIssuer({ issuer: 'http://localhost:1', clientId: 'crm-local', keyFile });
    expect(again.jwks).toEqual(issuer.jwks);
    expect(JSON.stringify(issuer.jwks)).not.toMatch(/"d":/);
  });

  it('refuses a token for another client or issuer', async () => {
    const { issuer } = await setup();
    const { accessToken } = await issuer.sign({ sub: 'U1', email: 'a@b.c', profile: 'sales-rep', roles: [] });
    const otherClient = createTokenVerifier({ issuer: 'http://localhost:1', clientId: 'other', keys: createLocalJWKSet(issuer.jwks) });
    const otherIssuer = createTokenVerifier({ issuer: 'http://evil', clientId: 'crm-local', keys: createLocalJWKSet(issuer.jwks) });
    await expect(otherClient(accessToken)).rejects.toThrow(/not an access token/);
    await expect(otherIssuer(accessToken)).rejects.toThrow(/invalid or expired/);
  });
});

describe('claims handed over by the gateway', () => {
  it('suggests a first profile from Cognito groups flattened the way API Gateway passes them', () => {
    expect(identityFromClaims({ sub: 'U2', token_use: 'access', 'cognito:groups': '[administrators sales]' })).toEqual({
      userId: 'U2',
      profileHint: 'administrator',
    });
    expect(identityFromClaims({ sub: 'U3', 'cognito:groups': '[sales]' }).profileHint).toBe('sales-rep');
  });

  it('refuses a request without claims and an ID token in place of an access token', () => {
    expect(() => identityFromClaims(undefined)).toThrow(/Sign in/);
    expect(() => identityFromClaims({ sub: 'U4', token_use: 'id' })).toThrow(/access token/);
  });
});
