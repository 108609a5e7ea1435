import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../local/seed-demo';
import { startTestCrm, type TestCrm } from '../support/crm';

let crm: TestCrm | undefined;
afterAll(() => crm?.stop());

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });

const signIn = (port: number, email: string, password: string) =>
  fetch(`http://localhost:${port}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });

describe('npm start', () => {
  it('answers no request before the first admin and the demo team exist: the first sign-in it answers succeeds', async () => {
    const port = await freePort();
    const starting = startTestCrm({ port, seedDemo: true, adminEmail: 'first@startup.test', adminPassword: 'first-password-1' });

    // from before the port opens: every answer the server gives while starting is a sign-in
    let firstAnswer: number | undefined;
    while (firstAnswer === undefined) {
      const attempt = await signIn(port, 'first@startup.test', 'first-password-1').catch(() => undefined);
      if (attempt) firstAnswer = attempt.status;
      else await new Promise((r) => setTimeout(r, 25));
    }
    crm = await starting;

    expect(firstAnswer).toBe(200);
    expect((await signIn(port, 'raj.rep@example.com', DEMO_PASSWORD)).status).toBe(200);
  }, 120_000);
});
