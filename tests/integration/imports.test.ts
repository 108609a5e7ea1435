import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fileBlobStore } from '../../shared/adapters/file-blob-store';
import { runImportBatch } from '../../shared/imports/run';
import type { ImportRow, ImportStatus } from '../../shared/imports/schemas';
import { createDatabase } from '../../shared/platform/database';
import { startTestCrm, type TestCrm } from '../support/crm';
import { join } from 'node:path';

let crm: TestCrm;
beforeAll(async () => {
  crm = await startTestCrm({ workflowRetryMs: 10 });
  const saved = await crm.api('/admin/custom-fields', {
    method: 'PUT',
    json: {
      version: 0,
      settings: { lead: [{ key: 'employees', label: 'Employees', type: 'number' }, { key: 'newsletter', label: 'Newsletter', type: 'checkbox' }], contact: [], account: [], opportunity: [] },
    },
  });
  expect(saved.status).toBe(200);
});
afterAll(() => crm?.stop());

const json = async <T>(response: Promise<Response>, status = 200): Promise<T> => {
  const r = await response;
  const body = await r.text();
  expect(r.status, body).toBe(status);
  return JSON.parse(body) as T;
};

async function importAndWait(request: Record<string, unknown>, token?: string): Promise<ImportStatus> {
  const queued = await json<ImportStatus>(crm.api('/imports', { method: 'POST', json: request, token }), 202);
  expect(queued.status).toBe('queued');
  return vi.waitFor(
    async () => {
      const job = await json<ImportStatus>(crm.api(`/imports/${queued.importId}`, { token }));
      expect(job.status).toMatch(/done|failed/);
      return job;
    },
    { timeout: 30_000, interval: 200 },
  );
}

const rowsOf = async (importId: string, query = '') => (await json<{ items: ImportRow[] }>(crm.api(`/imports/${importId}/rows?limit=100${query}`))).items;

describe('CSV import: preview', () => {
  it('reads the columns, a few values each, and suggests the field each header names', async () => {
    const csv = 'First Name;Last Name;E-mail Address;Organisation;Lead Source;Employees;Favourite colour\nAda;Lovelace;ada@example.com;Analytical;Referral;12;blue\nAlan;Turing;alan@example.com;Bletchley;Event;300;green\n';
    const preview = await json<{ rowCount: number; columns: { column: string; samples: string[]; suggested?: string }[]; targets: { field: string; required: boolean }[] }>(
      crm.api('/imports/preview', { method: 'POST', json: { entity: 'leads', csv } }),
    );
    expect(preview.rowCount).toBe(2);
    expect(Object.fromEntries(preview.columns.map((c) => [c.column, c.suggested]))).toEqual({
      'First Name': 'firstName',
      'Last Name': 'lastName',
      'E-mail Address': 'email',
      Organisation: 'company',
      'Lead Source': 'source',
      Employees: 'custom.employees',
      'Favourite colour': undefined,
    });
    expect(preview.columns[0]!.samples).toEqual(['Ada', 'Alan']);
    expect(preview.targets.find((t) => t.field === 'lastName')?.required).toBe(true);
    expect(preview.targets.map((t) => t.field)).toContain('custom.newsletter');
  });

  it('refuses a file that is not CSV, has no rows, or an entity it cannot import, naming the field', async () => {
    for (const [body, field] of [
      [{ entity: 'leads', csv: 'Last Name\n"unclosed' }, 'csv'],
      [{ entity: 'leads', csv: 'Last Name\n' }, 'csv'],
      [{ entity: 'accounts', csv: 'Name\nAcme' }, 'entity'],
    ] as const) {
      const response = await crm.api('/imports/preview', { method: 'POST', json: body });
      expect(response.status).toBe(422);
      const problem = (await response.json()) as { errors: { name: string }[] };
      expect(problem.errors.map((e) => e.name)).toContain(field);
    }
  });

  it('is refused to a profile without the import privilege', async () => {
    const rep = await crm.newUser({ profile: 'sales-rep', roles: ['sales-rep'] });
    const response = await crm.api('/imports/preview', { method: 'POST', json: { entity: 'leads', csv: 'Last Name\nX' }, token: rep.token });
    expect(response.status).toBe(403);
  });
});

describe('CSV import: leads, matched for duplicates', () => {
  it('creates the new rows, skips the duplicates (of existing records and of earlier rows), and says what was wrong with the rest', async () => {
    const existing = await json<{ leadId: string }>(crm.api('/leads', { method: 'POST', json: { lastName: 'Existing', email: 'jane@dup.example', company: 'Dup Co' } }), 201);
    const account = await json<{ accountId: string }>(crm.api('/accounts', { method: 'POST', json: { name: 'Known Customer' } }), 201);
    const contact = await json<{ contactId: string }>(crm.api('/contacts', { method: 'POST', json: { accountId: account.accountId, lastName: 'Known', email: 'known@dup.example', phone: '+1 415 555 0100' } }), 201);
    const csv = [
      'First Name,Last Name,E-mail,Phone,Company,Employees,Newsletter,Tags',
      'New,Person,new.person@import.example,,Fresh Ltd,"1 200",yes,vip; imported',
      'Jane,Existing,JANE@dup.example,,Dup Co,,,',
      'Someone,Known,,(415) 555-0100,,,,',
      'Bad,Email,not-an-email,,,,,',
      'Nolast,,nolast@import.example,,,,,',
      'Twice,Inthefile,twice@import.example,,,,,',
      'Twice,Inthefile,Twice@import.example,,,,,',
      'Wrong,Number,wn@import.example,,,many,,',
    ].join('\n');
    const job = await importAndWait({
      entity: 'leads',
      csv,
      fileName: 'leads.csv',
      mapping: { 'First Name': 'firstName', 'Last Name': 'lastName', 'E-mail': 'email', Phone: 'phone', Company: 'company', Employees: 'custom.employees', Newsletter: 'custom.newsletter', Tags: 'tags' },
      tags: ['list-2026'],
    });
    expect(job).toMatchObject({ status: 'done', total: 8, processed: 8, created: 2, updated: 0, duplicates: 3, failed: 3, fileName: 'leads.csv' });

    const rows = await rowsOf(job.importId);
    expect(rows.map((r) => [r.row, r.outcome])).toEqual([
      [2, 'created'],
      [3, 'duplicate'],
      [4, 'duplicate'],
      [5, 'failed'],
      [6, 'failed'],
      [7, 'created'],
      [8, 'duplicate'],
      [9, 'failed'],
    ]);
    expect(rows[1]!.duplicateOf).toMatchObject({ type: 'lead', id: existing.leadId, reasons: expect.arrayContaining(['same email']) });
    expect(rows[2]!.duplicateOf).toMatchObject({ type: 'contact', id: contact.contactId, reasons: expect.arrayContaining(['same phone']) });
    expect(rows[3]!.errors).toEqual([expect.objectContaining({ name: 'email', column: 'E-mail' })]);
    expect(rows[4]!.errors).toEqual([expect.objectContaining({ name: 'lastName', column: 'Last Name', detail: 'is required' })]);
    expect(rows[6]!.duplicateOf).toMatchObject({ type: 'lead', id: rows[5]!.recordId });
    expect(rows[7]!.errors).toEqual([expect.objectContaining({ name: 'custom.employees', column: 'Employees' })]);
    expect(rows[3]!.values).toMatchObject({ 'E-mail': 'not-an-email', 'Last Name': 'Email' });

    const created = await json<Record<string, unknown>>(crm.api(`/leads/${rows[0]!.recordId}`));
    expect(created).toMatchObject({
      firstName: 'New',
      lastName: 'Person',
      email: 'new.person@import.example',
      company: 'Fresh Ltd',
      custom: { employees: 1200, newsletter: true },
      status: 'new',
    });
    expect((created.tags as string[]).sort()).toEqual(['imported', 'list-2026', 'vip']);
    // the import is audited as the person who ran it
    const history = await json<{ items: { action: string; actorId: string }[] }>(crm.api(`/leads/${rows[0]!.recordId}/history`));
    expect(history.items.map((h) => h.action)).toEqual(['create']);

    expect((await rowsOf(job.importId, '&outcome=failed')).map((r) => r.row)).toEqual([5, 6, 9]);
    const mine = await json<{ items: ImportStatus[] }>(crm.api('/imports'));
    expect(mine.items[0]!.importId).toBe(job.importId);
  });

  it('updates the match with the row’s values when asked, keeping its other fields and adding tags', async () => {
    const lead = await json<{ leadId: string; version: number }>(crm.api('/leads', { method: 'POST', json: { lastName: 'Update', email: 'update.me@import.example', industry: 'Retail', tags: ['old'] } }), 201);
    const job = await importAndWait({
      entity: 'leads',
      csv: 'Last Name,Email,Title,Tags,Status\nUpdate,update.me@import.example,CTO,new,junk\nKnown,known@dup.example,,,\n',
      mapping: { 'Last Name': 'lastName', Email: 'email', Title: 'title', Tags: 'tags', Status: 'status' },
      onDuplicate: 'update',
    });
    expect(job).toMatchObject({ status: 'done', created: 0, updated: 1, duplicates: 1, failed: 0 });
    const [updated, knownContact] = await rowsOf(job.importId);
    expect(updated).toMatchObject({ outcome: 'updated', recordType: 'lead', recordId: lead.leadId });
    // a lead row matching a contact is a known person: it does not become a lead, and a contact is not changed by a lead file
    expect(knownContact).toMatchObject({ outcome: 'duplicate', duplicateOf: { type: 'contact' } });
    const after = await json<Record<string, unknown>>(crm.api(`/leads/${lead.leadId}`));
    expect(after).toMatchObject({ title: 'CTO', industry: 'Retail', status: 'new', version: lead.version + 1 });
    expect((after.tags as string[]).sort()).toEqual(['new', 'old']);
  });

  it('creates a matching row anyway when asked, and the new lead then lists its likely duplicate', async () => {
    const original = await json<{ leadId: string }>(crm.api('/leads', { method: 'POST', json: { lastName: 'Original', email: 'again@import.example' } }), 201);
    const job = await importAndWait({ entity: 'leads', csv: 'Name,Email\nAgain,again@import.example\n', mapping: { Name: 'lastName', Email: 'email' }, onDuplicate: 'create' });
    expect(job).toMatchObject({ created: 1, duplicates: 0 });
    const [row] = await rowsOf(job.importId);
    expect(row).toMatchObject({ outcome: 'created', duplicateOf: { type: 'lead', id: original.leadId } });
    const duplicates = await json<{ items: { id: string }[] }>(crm.api(`/leads/${row!.recordId}/duplicates`));
    expect(duplicates.items.map((d) => d.id)).toContain(original.leadId);
  });

  it('counts each row once and makes each record once when a step runs again', async () => {
    const job = await importAndWait({ entity: 'leads', csv: 'Name,Email\nRetry One,retry1@import.example\nRetry Two,retry2@import.example\n', mapping: { Name: 'lastName', Email: 'email' } });
    expect(job).toMatchObject({ created: 2 });
    await crm.settle();
    // the step's count was lost after its rows were written: the job is back where the step began
    const db = createDatabase({ tableName: crm.tableName, endpoint: crm.dynamoEndpoint });
    await db.entities.importJob.patch({ importId: job.importId }).set({ status: 'running', position: 0, created: 0, duplicates: 0, failed: 0, updated: 0 }).go();
    const result = await runImportBatch(db, fileBlobStore(join(crm.dataDir, 'blobs')), job.importId);
    expect(result).toEqual({ position: 2, done: true });
    expect(await json<ImportStatus>(crm.api(`/imports/${job.importId}`))).toMatchObject({ status: 'done', created: 2, processed: 2 });
    const leads = await json<{ items: unknown[] }>(crm.api('/leads?q=Retry'));
    expect(leads.items).toHaveLength(2);
  });
});

describe('CSV import: contacts', () => {
  it('puts each contact in the account its row names (found by name, or created once), else the default one', async () => {
    const acme = await json<{ accountId: string }>(crm.api('/accounts', { method: 'POST', json: { name: 'Acme Inc.' } }), 201);
    const fallback = await json<{ accountId: string }>(crm.api('/accounts', { method: 'POST', json: { name: 'Unsorted' } }), 201);
    const csv = 'Last Name,Email,Account\nOne,one@contacts.example,ACME\nTwo,two@contacts.example,Globex Corporation\nThree,three@contacts.example,globex\nFour,four@contacts.example,\n';
    const job = await importAndWait({ entity: 'contacts', csv, mapping: { 'Last Name': 'lastName', Email: 'email', Account: 'accountName' }, accountId: fallback.accountId });
    expect(job).toMatchObject({ status: 'done', created: 4, failed: 0 });
    const rows = await rowsOf(job.importId);
    const accountOf = async (row: ImportRow) => (await json<{ accountId: string }>(crm.api(`/contacts/${row.recordId}`))).accountId;
    expect(await accountOf(rows[0]!)).toBe(acme.accountId);
    const globex = await accountOf(rows[1]!);
    expect(await accountOf(rows[2]!)).toBe(globex);
    expect(await accountOf(rows[3]!)).toBe(fallback.accountId);
    expect((await json<{ name: string }>(crm.api(`/accounts/${globex}`))).name).toBe('Globex Corporation');
  });

  it('skips a contact whose email is a known contact’s, and refuses a mapping that cannot work without writing anything', async () => {
    const job = await importAndWait({ entity: 'contacts', csv: 'Last Name,Email,Account\nAgain,ONE@contacts.example,Acme\n', mapping: { 'Last Name': 'lastName', Email: 'email', Account: 'accountName' } });
    expect(job).toMatchObject({ duplicates: 1, created: 0 });

    const before = (await json<{ items: unknown[] }>(crm.api('/imports?limit=100'))).items.length;
    for (const [request, names] of [
      [{ entity: 'contacts', csv: 'Last Name,Email\nX,x@x.example\n', mapping: { 'Last Name': 'lastName', Email: 'email' } }, ['accountId']],
      [{ entity: 'leads', csv: 'Last Name,Email\nX,x@x.example\n', mapping: { Email: 'email' } }, ['mapping']],
      [{ entity: 'leads', csv: 'Last Name\nX\n', mapping: { 'Last Name': 'lastName', Missing: 'email' } }, ['mapping.Missing']],
      [{ entity: 'leads', csv: 'Last Name,Colour\nX,red\n', mapping: { 'Last Name': 'lastName', Colour: 'favouriteColour' } }, ['mapping.Colour']],
      [{ entity: 'leads', csv: 'A,B\nX,Y\n', mapping: { A: 'lastName', B: 'lastName' } }, ['mapping.B']],
    ] as const) {
      const response = await crm.api('/imports', { method: 'POST', json: request });
      expect(response.status).toBe(422);
      const problem = (await response.json()) as { errors: { name: string }[] };
      expect(problem.errors.map((e) => e.name)).toEqual(names);
    }
    expect((await json<{ items: unknown[] }>(crm.api('/imports?limit=100'))).items).toHaveLength(before);
  });

  it('keeps each import to the person who ran it', async () => {
    const manager = await crm.newUser({ profile: 'sales-manager', roles: ['sales-manager'] });
    const own = await json<ImportStatus>(crm.api('/imports', { method: 'POST', json: { entity: 'leads', csv: 'Last Name\nMine\n', mapping: { 'Last Name': 'lastName' } }, token: manager.token }), 202);
    const admins = (await json<{ items: ImportStatus[] }>(crm.api('/imports?limit=100'))).items;
    expect(admins.map((i) => i.importId)).not.toContain(own.importId);
    const other = (await json<{ items: ImportStatus[] }>(crm.api('/imports', { token: manager.token }))).items;
    expect(other.map((i) => i.importId)).toEqual([own.importId]);
    expect((await crm.api(`/imports/${admins[0]!.importId}`, { token: manager.token })).status).toBe(404);
  });
});
