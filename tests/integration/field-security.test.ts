/**
 * Field-level security: a hidden field never appears in anything its profile gets back
 * (records, lists, searches, the account's contacts, history, CSV exports), checked by
 * searching the serialized output for the field's value; writing a hidden or read-only
 * field is a 403 naming it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecuritySettings } from '../../shared/access/settings';
import { startTestCrm, type TestCrm, type TestUser } from '../support/crm';

const SECRET_EMAIL = 'hidden-sentinel-7q@secret.test';
const SECRET_CUSTOM = 'custom-sentinel-9z';
let crm: TestCrm;
let rep: TestUser;
const ids = { accountId: '', contactId: '', leadId: '' };

beforeAll(async () => {
  crm = await startTestCrm();
  const { updatedAt: _a, updatedBy: _b, ...settings } = (await (await crm.api('/admin/security')).json()) as SecuritySettings;
  const salesRep = settings.profiles['sales-rep']!;
  settings.profiles['sales-rep'] = {
    ...salesRep,
    system: [...salesRep.system, 'export'],
    fields: { contact: { email: 'hidden', 'custom.secret': 'hidden' }, lead: { phone: 'read-only', email: 'hidden' } },
  };
  const saved = await crm.api('/admin/security', { method: 'PUT', json: settings });
  expect(saved.status).toBe(200);
  const customFields = await crm.api('/admin/custom-fields', {
    method: 'PUT',
    json: {
      version: 0,
      settings: {
        lead: [],
        account: [],
        opportunity: [],
        contact: [
          { key: 'secret', label: 'Secret', type: 'text' },
          { key: 'visible', label: 'Visible', type: 'text' },
        ],
      },
    },
  });
  expect(customFields.status).toBe(200);
  rep = await crm.newUser({ profile: 'sales-rep', roles: ['sales-rep'] });
  const account = (await (await crm.api('/accounts', { method: 'POST', json: { name: 'Fieldsec Account', ownerId: rep.userId } })).json()) as { accountId: string };
  ids.accountId = account.accountId;
  const contact = await crm.api('/contacts', {
    method: 'POST',
    json: { accountId: account.accountId, lastName: 'Fieldsec', email: SECRET_EMAIL, ownerId: rep.userId, custom: { secret: SECRET_CUSTOM, visible: 'shown' } },
  });
  ids.contactId = ((await contact.json()) as { contactId: string }).contactId;
  const lead = await crm.api('/leads', { method: 'POST', json: { lastName: 'Fieldsec', email: SECRET_EMAIL, phone: '+1 555 0100', ownerId: rep.userId } });
  ids.leadId = ((await lead.json()) as { leadId: string }).leadId;
  // a change the history will show, made by the admin who sees everything
  await crm.api(`/contacts/${ids.contactId}`, { method: 'PATCH', json: { email: `x${SECRET_EMAIL}`, title: 'CTO', version: 1 } });
}, 60_000);
afterAll(() => crm?.stop());

const asRep = (path: string, init: RequestInit & { json?: unknown } = {}) => crm.api(path, { ...init, token: rep.token });

describe('a hidden field', () => {
  it('is absent from every response the rep gets', async () => {
    const paths = [
      `/contacts/${ids.contactId}`,
      '/contacts',
      '/contacts?q=fieldsec',
      `/contacts?ownerId=${rep.userId}`,
      `/accounts/${ids.accountId}`,
      `/contacts/${ids.contactId}/history`,
      `/leads/${ids.leadId}`,
      '/leads?q=fieldsec',
      `/leads/${ids.leadId}/history`,
    ];
    for (const path of paths) {
      const response = await asRep(path);
      expect(response.status, path).toBe(200);
      const text = await response.text();
      expect(text, path).not.toContain('secret.test');
      expect(text, path).not.toContain(SECRET_CUSTOM);
      expect(text, path).toContain('Fieldsec');
    }
    const contact = (await (await asRep(`/contacts/${ids.contactId}`)).json()) as Record<string, unknown>;
    expect(contact).not.toHaveProperty('email');
    expect(contact.custom).toEqual({ visible: 'shown' });
    expect(contact.title).toBe('CTO');
  });

  it("is absent from the rep's CSV export, column and values", async () => {
    const requested = await asRep('/exports', { method: 'POST', json: { entity: 'contacts' } });
    expect(requested.status).toBe(202);
    const { exportId } = (await requested.json()) as { exportId: string };
    await crm.settle();
    const file = await asRep(`/exports/${exportId}/file`);
    expect(file.status).toBe(200);
    const csv = await file.text();
    expect(csv.split('\n')[0]).not.toMatch(/email/);
    expect(csv).toContain('Fieldsec');
    expect(csv).not.toContain('secret.test');
  });

  it('is still there for the administrator', async () => {
    const text = await (await crm.api(`/contacts/${ids.contactId}`)).text();
    expect(text).toContain('secret.test');
    expect(text).toContain(SECRET_CUSTOM);
  });

  it('cannot be written: 403 naming the field, nothing changed', async () => {
    const refused = await asRep(`/contacts/${ids.contactId}`, { method: 'PATCH', json: { email: 'new@x.test', version: 2 } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ errors: [{ name: 'email', detail: 'is hidden from your profile' }] });
    const custom = await asRep(`/contacts/${ids.contactId}`, { method: 'PATCH', json: { custom: { secret: 'overwrite' }, version: 2 } });
    expect(custom.status).toBe(403);
    expect(await custom.json()).toMatchObject({ errors: [{ name: 'custom.secret' }] });
    const create = await asRep('/contacts', { method: 'POST', json: { accountId: ids.accountId, lastName: 'New', email: 'n@x.test' } });
    expect(create.status).toBe(403);
    const admin = (await (await crm.api(`/contacts/${ids.contactId}`)).json()) as { email: string; version: number };
    expect(admin).toMatchObject({ email: `x${SECRET_EMAIL}`, version: 2 });
  });
});

describe('a read-only field', () => {
  it('is shown but cannot be changed: 403 naming the field', async () => {
    const lead = (await (await asRep(`/leads/${ids.leadId}`)).json()) as { phone: string };
    expect(lead.phone).toBe('+1 555 0100');
    const refused = await asRep(`/leads/${ids.leadId}`, { method: 'PATCH', json: { phone: '+1 555 0199', status: 'working', version: 1 } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ errors: [{ name: 'phone', detail: 'is read-only for your profile' }] });
    const allowed = await asRep(`/leads/${ids.leadId}`, { method: 'PATCH', json: { status: 'working', version: 1 } });
    expect(allowed.status).toBe(200);
  });
});
