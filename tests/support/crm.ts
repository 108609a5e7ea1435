import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { startCrm, type RunningCrm, type StartOptions } from '../../local/runtime';

export interface TestCrm extends RunningCrm {
  token: string;
  /** fetch against the CRM with the admin's token unless `token: null` */
  api(path: string, init?: RequestInit & { json?: unknown; token?: string | null }): Promise<Response>;
  login(email: string, password: string): Promise<string>;
  /** an admin-made user with this profile, roles and groups, signed in */
  newUser(spec: { profile: string; roles?: string[]; groups?: string[]; name?: string }): Promise<TestUser>;
}

export interface TestUser {
  userId: string;
  email: string;
  token: string;
}

export const TEST_PASSWORD = 'test-password-123';

/** The real local runtime on a random port, over the run's DynamoDB Local, in a fresh table. */
export async function startTestCrm(options: StartOptions = {}): Promise<TestCrm> {
  const crm = await startCrm({
    port: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: `crm-test-${Math.random().toString(36).slice(2, 10)}`,
    dataDir: mkdtempSync(join(tmpdir(), 'crm-test-')),
    buildUi: false,
    seedDemo: false,
    quiet: true,
    ...options,
  });
  const api: TestCrm['api'] = (path, init = {}) => {
    const { json, token, ...rest } = init;
    const headers = new Headers(rest.headers);
    const bearer = token === undefined ? testCrm.token : token;
    if (bearer) headers.set('authorization', `Bearer ${bearer}`);
    if (json !== undefined) headers.set('content-type', 'application/json');
    return fetch(crm.url + path, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
  };
  const login = async (email: string, password: string) => {
    const response = await fetch(`${crm.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { accessToken: string }).accessToken;
  };
  let users = 0;
  const newUser: TestCrm['newUser'] = async (spec) => {
    const email = `${spec.profile}-${++users}-${Math.random().toString(36).slice(2, 7)}@users.test`;
    const response = await api('/users', {
      method: 'POST',
      json: { email, name: spec.name ?? `${spec.profile} ${users}`, profile: spec.profile, roles: spec.roles ?? [], groups: spec.groups ?? [], password: TEST_PASSWORD },
    });
    if (response.status !== 201) throw new Error(`user not created: ${response.status} ${await response.text()}`);
    const { userId } = (await response.json()) as { userId: string };
    return { userId, email, token: await login(email, TEST_PASSWORD) };
  };
  const testCrm: TestCrm = { ...crm, token: '', api, login, newUser };
  testCrm.token = await login(crm.admin.email, crm.admin.password);
  return testCrm;
}
