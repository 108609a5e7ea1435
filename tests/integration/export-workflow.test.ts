import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestCrm, type TestCrm } from '../support/crm';

let crm: TestCrm;
beforeAll(async () => {
  crm = await startTestCrm({ workflowRetryMs: 10 });
});
afterAll(() => crm?.stop());

describe('CSV export: stream → bus rule → Step Functions (the deployed ASL) → blob store + outbox', () => {
  it('exports every contact and emails the requester a link', async () => {
    const account = (await (await crm.api('/accounts', { method: 'POST', json: { name: 'Export AG' } })).json()) as { accountId: string };
    for (const [i, name] of ['Zeta', '=Formula', 'Alpha'].entries()) {
      const response = await crm.api('/contacts', {
        method: 'POST',
        json: { accountId: account.accountId, lastName: name, email: `export${i}@example.com`, title: 'Buyer, "Senior"' },
      });
      expect(response.status).toBe(201);
    }
    const requested = await crm.api('/exports', { method: 'POST', json: { entity: 'contacts' } });
    expect(requested.status).toBe(202);
    const { exportId, status } = (await requested.json()) as { exportId: string; status: string };
    expect(status).toBe('requested');

    // The stream, bus and workflow are asynchronous: poll as a client would.
    await vi.waitFor(
      async () => {
        const done = (await (await crm.api(`/exports/${exportId}`)).json()) as { status: string; rowCount: number };
        expect(done).toMatchObject({ status: 'ready', rowCount: 3 });
      },
      { timeout: 20_000, interval: 200 },
    );
    await crm.settle();
    const file = await crm.api(`/exports/${exportId}/file`);
    expect(file.headers.get('content-type')).toContain('text/csv');
    const csv = await file.text();
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('contactId,accountId,firstName,lastName,email,phone,title,tags,ownerId,createdAt,updatedAt');
    expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual(["'=Formula", 'Alpha', 'Zeta']);
    expect(csv).toContain('"Buyer, ""Senior"""');

    const mail = await vi.waitFor(
      async () => {
        const outbox = (await (await fetch(`${crm.url}/_local/outbox`)).json()) as { id: string; to: string; subject: string }[];
        const found = outbox.find((m) => m.subject.includes('contacts export'));
        expect(found).toBeDefined();
        return found;
      },
      { timeout: 20_000, interval: 200 },
    );
    expect(mail?.to).toBe(crm.admin.email);
    const eml = await readFile(join(crm.outboxDir, `${mail!.id}.eml`), 'utf8');
    expect(eml).toMatch(/^Content-Type: text\/plain/m);
    expect(eml).toContain(`/#/exports/${exportId}`);

    await vi.waitFor(() => {
      const executions = crm.stepFunctions.executions.filter((e) => e.stateMachine === 'csv-export');
      expect(executions.map((e) => e.status)).toEqual(['SUCCEEDED']);
    }, { timeout: 20_000, interval: 200 });
  });

  it('puts a domain event on the bus for each committed change, with field changes on updates', async () => {
    const created = (await (await crm.api('/accounts', { method: 'POST', json: { name: 'Evented' } })).json()) as { accountId: string };
    await crm.api(`/accounts/${created.accountId}`, { method: 'PATCH', json: { industry: 'Energy', version: 1 } });
    await crm.api(`/accounts/${created.accountId}`, { method: 'PATCH', json: { industry: 'Solar', version: 1 } }); // stale: no event
    const events = await vi.waitFor(
      () => {
        const seen = crm.bus.history.filter((e) => e.detail.recordId === created.accountId);
        expect(seen.map((e) => e['detail-type'])).toEqual(['Account Created', 'Account Updated']);
        return seen;
      },
      { timeout: 20_000, interval: 200 },
    );
    await crm.settle();
    expect(crm.bus.history.filter((e) => e.detail.recordId === created.accountId)).toHaveLength(2);
    expect(events[1]!.detail.changes).toEqual({ industry: { before: null, after: 'Energy' } });
    const me = (await (await crm.api('/me')).json()) as { userId: string };
    expect(events.map((e) => e.detail.actor)).toEqual([me.userId, me.userId]);
    expect(JSON.stringify(events)).not.toMatch(/"pk"|gsi1pk|sortName/);
  });

  it('hides an export from another user and answers 404 for a file that is not ready', async () => {
    expect((await crm.api('/exports/01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
    expect((await crm.api('/exports/01ARZ3NDEKTSV4RRFFQ69G5FAV/file')).status).toBe(404);
  });
});
