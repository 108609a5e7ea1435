import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, generateKeyPair, importJWK, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm } from '../support/crm';

let crm: TestCrm;
beforeAll(async () => {
  crm = await startTestCrm();
});
afterAll(() => crm?.stop());

async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await response.json()) as { status: number; type: string; title: string };
  expect(problem.status).toBe(status);
  expect(problem.type).toMatch(/^https:\/\//);
  return problem as { status: number; errors?: { name: string; detail: string }[]; detail?: string };
}

describe('bad input gets a clear 4xx as problem+json', () => {
  it('answers malformed JSON with 400', async () => {
    await expectProblem(await crm.api('/accounts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' }), 400);
  });

  it('answers a body that is not JSON with 415', async () => {
    await expectProblem(await crm.api('/accounts', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'name=x' }), 415);
  });

  it('answers invalid UTF-8 with 400', async () => {
    const bytes = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    await expectProblem(await crm.api('/accounts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes }), 400);
  });

  it('answers an unknown route with 404 and a wrong method with 405 and Allow', async () => {
    await expectProblem(await crm.api('/no/such/thing'), 404);
    const response = await crm.api('/health', { method: 'DELETE' });
    expect(response.headers.get('allow')).toBe('GET');
    await expectProblem(response, 405);
  });

  it('answers a body over 1 MB with 413', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) });
    await expectProblem(await crm.api('/accounts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big }), 413);
  });

  it('names every bad field, including unknown ones', async () => {
    const problem = await expectProblem(
      await crm.api('/accounts', { method: 'POST', json: { name: '', website: 'not a url', color: 'red' } }),
      422,
    );
    expect(problem.errors?.map((e) => e.name).sort()).toEqual(['color', 'name', 'website']);
  });

  it('answers a malformed id with 404 rather than 500', async () => {
    await expectProblem(await crm.api('/contacts/not-an-id'), 404);
  });

  it('answers an unknown well-formed id with 404', async () => {
    await expectProblem(await crm.api('/contacts/01ARZ3NDEKTSV4RRFFQ69G5FAV'), 404);
  });

  it('refuses wrong types and a wrong version type', async () => {
    const created = (await (await crm.api('/accounts', { method: 'POST', json: { name: 'Types' } })).json()) as { accountId: string };
    const problem = await expectProblem(
      await crm.api(`/accounts/${created.accountId}`, { method: 'PATCH', json: { name: 42, version: 'one' } }),
      422,
    );
    expect(problem.errors?.map((e) => e.name).sort()).toEqual(['name', 'version']);
  });
});

describe('authentication', () => {
  it('refuses a request without a token with 401', async () => {
    await expectProblem(await crm.api('/accounts', { token: null }), 401);
  });

  it('refuses a token signed with another key', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ token_use: 'access', client_id: 'crm-local', 'crm:profile': 'administrator' })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('01ARZ3NDEKTSV4RRFFQ69G5FAV')
      .setIssuer(crm.url)
      .setExpirationTime('1h')
      .sign(privateKey);
    await expectProblem(await crm.api('/accounts', { token: forged }), 401);
  });

  it('refuses an expired token signed with the right key', async () => {
    const jwk = JSON.parse(readFileSync(join(crm.dataDir, 'issuer-key.json'), 'utf8')) as JWK;
    const expired = await new SignJWT({ token_use: 'access', client_id: 'crm-local', 'crm:profile': 'administrator' })
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
      .setSubject('01ARZ3NDEKTSV4RRFFQ69G5FAV')
      .setIssuer(crm.url)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(await importJWK(jwk, 'RS256'));
    await expectProblem(await crm.api('/accounts', { token: expired }), 401);
  });

  it('refuses an unsigned token (alg none)', async () => {
    const encode = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({
      sub: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
      iss: crm.url,
      token_use: 'access',
      client_id: 'crm-local',
      exp: Math.floor(Date.now() / 1000) + 3600,
    })}.`;
    await expectProblem(await crm.api('/accounts', { token: unsigned }), 401);
  });

  it('refuses a tampered token', async () => {
    const [header, payload, signature] = crm.token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${signature}`;
    await expectProblem(await crm.api('/accounts', { token: tampered }), 401);
  });

  it('refuses a wrong password with one message for unknown users too', async () => {
    const wrong = await crm.api('/auth/login', { method: 'POST', token: null, json: { email: crm.admin.email, password: 'nope' } });
    const unknown = await crm.api('/auth/login', { method: 'POST', token: null, json: { email: 'ghost@example.com', password: 'nope' } });
    const a = await expectProblem(wrong, 401);
    const b = await expectProblem(unknown, 401);
    expect(a.detail).toBe(b.detail);
  });

  it('serves health and the OpenAPI document without a token', async () => {
    expect((await crm.api('/health', { token: null })).status).toBe(200);
    const doc = (await (await crm.api('/openapi.json', { token: null })).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/contacts/{contactId}');
  });

  it('returns the signed-in user', async () => {
    const me = (await (await crm.api('/me')).json()) as { email: string; profile: string };
    expect(me).toMatchObject({ email: crm.admin.email, profile: 'administrator' });
  });
});
