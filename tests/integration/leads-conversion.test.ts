/**
 * Leads on DynamoDB Local through the HTTP layer: explainable scores that follow field
 * changes and behaviour, the open-lead list and its filters, conversion in one
 * transaction (and refused twice), custom fields carried across, tags, duplicates and merge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm, type TestUser } from '../support/crm';

let crm: TestCrm;
let marketer: TestUser;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely; the assertions check their shape
const json = async <T = Record<string, any>>(response: Response) => (await response.json()) as T;
const post = (path: string, body: unknown, token?: string) => crm.api(path, { method: 'POST', json: body, token });
const patch = (path: string, body: unknown, token?: string) => crm.api(path, { method: 'PATCH', json: body, token });
const put = (path: string, body: unknown) => crm.api(path, { method: 'PUT', json: body });

beforeAll(async () => {
  crm = await startTestCrm();
  marketer = await crm.newUser({ profile: 'marketing', roles: ['marketer'] });
  const fields = await json(await crm.api('/custom-fields'));
  const saved = await put('/admin/custom-fields', {
    version: fields.version,
    settings: {
      lead: [
        { key: 'segment', label: 'Segment', type: 'picklist', options: ['smb', 'enterprise'], default: 'smb' },
        { key: 'budgetCode', label: 'Budget code', type: 'text', unique: true },
      ],
      contact: [{ key: 'segment', label: 'Segment', type: 'picklist', options: ['smb', 'enterprise'] }],
      account: [],
      opportunity: [{ key: 'segment', label: 'Segment', type: 'picklist', options: ['smb', 'enterprise'] }],
    },
  });
  expect(saved.status).toBe(200);
}, 60_000);
afterAll(() => crm?.stop());

describe('lead scoring', () => {
  it('explains the score with every rule that fired, and re-scores on field changes and behaviour', async () => {
    const created = await json(await post('/leads', { lastName: 'Score', industry: 'Software', country: 'US', title: 'Director of IT', email: 'score@lead.test' }));
    const ids = created.scoreReasons.map((r: { ruleId: string }) => r.ruleId);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    expect(created.score).toBe(created.scoreReasons.reduce((sum: number, r: { points: number }) => sum + r.points, 0));
    const changed = await json(await patch(`/leads/${created.leadId}`, { industry: 'Agriculture', version: 1 }));
    expect(changed.score).toBeLessThan(created.score);
    const behaved = await json(await post(`/leads/${created.leadId}/behaviour`, { type: 'form-submitted' }));
    expect(behaved.score).toBeGreaterThan(changed.score);
    expect(behaved.scoreReasons).toEqual(expect.arrayContaining([expect.objectContaining({ detail: expect.stringContaining('form submitted') })]));
  });

  it('rates by the admin’s thresholds and marks MQLs', async () => {
    const current = await json(await crm.api('/scoring'));
    const settings = { ...current.settings, rules: [{ kind: 'field', ruleId: 'vip', label: 'VIP source', field: 'source', op: 'equals', value: 'vip', points: 90 }], mqlThreshold: 60 };
    expect((await put('/admin/scoring', { settings, version: current.version })).status).toBe(200);
    const hot = await json(await post('/leads', { lastName: 'Hot', source: 'vip' }));
    expect(hot).toMatchObject({ score: 90, rating: 'hot', mql: true, scoreReasons: [{ ruleId: 'vip', points: 90 }] });
    const cold = await json(await post('/leads', { lastName: 'Cold' }));
    expect(cold).toMatchObject({ score: 0, rating: 'junk', mql: false });
    const hotOnly = await json(await crm.api('/leads?rating=hot'));
    expect(hotOnly.items.map((l: { lastName: string }) => l.lastName)).toEqual(['Hot']);
    const badRules = await put('/admin/scoring', { settings: { ...settings, ratings: { hot: 10, warm: 50, cold: 5 } }, version: current.version + 1 });
    expect(badRules.status).toBe(422);
    expect((await json(badRules)).errors).toEqual([expect.objectContaining({ name: 'settings.ratings.warm' })]);
  });
});

describe('custom fields', () => {
  it('apply defaults, refuse values of the wrong type naming the field, and keep unique values unique', async () => {
    const lead = await json(await post('/leads', { lastName: 'Custom', custom: { budgetCode: 'B-1' } }));
    expect(lead.custom).toEqual({ segment: 'smb', budgetCode: 'B-1' });
    const wrong = await post('/leads', { lastName: 'Wrong', custom: { segment: 'galactic', nope: 1 } });
    expect(wrong.status).toBe(422);
    expect((await json(wrong)).errors.map((e: { name: string }) => e.name).sort()).toEqual(['custom.nope', 'custom.segment']);
    const taken = await post('/leads', { lastName: 'Copy', custom: { budgetCode: 'b-1' } });
    expect(taken.status).toBe(409);
    expect((await json(taken)).errors).toEqual([expect.objectContaining({ name: 'custom.budgetCode' })]);
    const cleared = await json(await patch(`/leads/${lead.leadId}`, { custom: { budgetCode: null }, version: 1 }));
    expect(cleared.custom).toEqual({ segment: 'smb' });
    expect((await post('/leads', { lastName: 'Now free', custom: { budgetCode: 'B-1' } })).status).toBe(201);
  });
});

describe('conversion', () => {
  it('makes a contact, an account and an opportunity in one go, carrying fields across, and refuses a second time', async () => {
    const lead = await json(
      await post('/leads', { lastName: 'Convert', firstName: 'Carla', company: 'Carla Corp', email: 'carla@corp.test', phone: '+1 415 555 0100', industry: 'Software', tags: ['vip'], custom: { segment: 'enterprise' } }),
    );
    const response = await post(`/leads/${lead.leadId}/convert`, {
      version: lead.version,
      opportunity: { name: 'Carla Corp deal', amount: 5000_00, currency: 'USD', closeDate: '2027-01-31' },
    });
    expect(response.status).toBe(200);
    const result = await json(response);
    expect(result.lead).toMatchObject({ status: 'converted', conversion: { accountId: result.account.accountId, contactId: result.contact.contactId, opportunityId: result.opportunity.opportunityId } });
    expect(result.account).toMatchObject({ name: 'Carla Corp', industry: 'Software', tags: ['vip'] });
    expect(result.contact).toMatchObject({ firstName: 'Carla', lastName: 'Convert', email: 'carla@corp.test', leadId: lead.leadId, custom: { segment: 'enterprise' } });
    expect(result.opportunity).toMatchObject({ leadId: lead.leadId, accountId: result.account.accountId, contacts: [{ contactId: result.contact.contactId }], custom: { segment: 'enterprise' } });

    const again = await post(`/leads/${lead.leadId}/convert`, { version: result.lead.version });
    expect(again.status).toBe(409);
    const open = await json(await crm.api('/leads?q=convert'));
    expect(open.items).toEqual([]);
    const converted = await json(await crm.api('/leads?status=converted&q=convert'));
    expect(converted.items.map((l: { leadId: string }) => l.leadId)).toEqual([lead.leadId]);
  });

  it('uses an existing matching account when asked, and offers it as a candidate', async () => {
    const account = await json(await post('/accounts', { name: 'Existing Ltd' }));
    const lead = await json(await post('/leads', { lastName: 'Match', company: 'EXISTING, Ltd.', email: 'match@existing.test' }));
    const candidates = await json(await crm.api(`/leads/${lead.leadId}/convert`));
    expect(candidates.accounts.map((a: { accountId: string }) => a.accountId)).toEqual([account.accountId]);
    const result = await json(await post(`/leads/${lead.leadId}/convert`, { version: 1, account: { accountId: account.accountId } }));
    expect(result.contact.accountId).toBe(account.accountId);
  });

  it('refuses a junk lead, naming its status, and a lead without an email, naming it', async () => {
    const junk = await json(await post('/leads', { lastName: 'Junk', status: 'junk', email: 'junk@x.test', company: 'J' }));
    const refused = await post(`/leads/${junk.leadId}/convert`, { version: 1 });
    expect(refused.status).toBe(422);
    expect((await json(refused)).errors).toEqual([expect.objectContaining({ name: 'status' })]);
    const noEmail = await json(await post('/leads', { lastName: 'Nomail', company: 'N' }));
    const missing = await post(`/leads/${noEmail.leadId}/convert`, { version: 1 });
    expect((await json(missing)).errors).toEqual([expect.objectContaining({ name: 'email' })]);
  });

  it('writes nothing when the last write of the transaction fails', async () => {
    const lead = await json(await post('/leads', { lastName: 'Atomic', company: 'Atomic Inc', email: 'atomic@inc.test' }));
    // a concurrent edit between the read and the commit makes the lead's own write (the last) fail
    const before = await json(await crm.api('/accounts?q=atomic'));
    expect(before.items).toEqual([]);
    const edited = await patch(`/leads/${lead.leadId}`, { notes: 'edited', version: 1 });
    expect(edited.status).toBe(200);
    const stale = await post(`/leads/${lead.leadId}/convert`, { version: 1, opportunity: { name: 'x', amount: 1, currency: 'EUR', closeDate: '2027-01-01' } });
    expect(stale.status).toBe(409);
    expect((await json(await crm.api('/accounts?q=atomic'))).items).toEqual([]);
    expect((await json(await crm.api('/contacts?email=atomic@inc.test'))).items).toEqual([]);
  });

  it('is refused for a profile that may not create accounts', async () => {
    const lead = await json(await post('/leads', { lastName: 'Mkt', company: 'Mkt Co', email: 'mkt@co.test', ownerId: marketer.userId }));
    const response = await post(`/leads/${lead.leadId}/convert`, { version: 1 }, marketer.token);
    expect(response.status).toBe(403);
  });
});

describe('tags', () => {
  it('filter lists by tag and count per tag in the cloud', async () => {
    await post('/accounts', { name: 'Tagged One', tags: ['Partner', 'emea'] });
    const two = await json(await post('/accounts', { name: 'Tagged Two', tags: ['partner'] }));
    const partners = await json(await crm.api('/accounts?tag=partner'));
    expect(partners.items.map((a: { name: string }) => a.name)).toEqual(['Tagged One', 'Tagged Two']);
    await patch(`/accounts/${two.accountId}`, { tags: ['emea'], version: 1 });
    const cloud = await json(await crm.api('/tags/account'));
    expect(cloud.items).toEqual(expect.arrayContaining([{ tag: 'emea', count: 2 }, { tag: 'partner', count: 1 }]));
    expect((await json(await crm.api('/accounts?tag=partner'))).items.map((a: { name: string }) => a.name)).toEqual(['Tagged One']);
  });
});

describe('duplicates and merge', () => {
  it('finds a lead with the same email or phone, and merges it, moving nothing twice', async () => {
    const kept = await json(await post('/leads', { lastName: 'Doe', firstName: 'Jane', email: 'jane@doe.test', company: 'Doe Inc' }));
    const duplicate = await json(await post('/leads', { lastName: 'Doe', firstName: 'J.', email: 'JANE@doe.test', phone: '(415) 555-0199', notes: 'from the fair' }));
    const check = await json(await post('/duplicates/check', { email: 'jane@doe.test', lastName: 'Doe' }));
    expect(check.items.map((d: { id: string }) => d.id).sort()).toEqual([kept.leadId, duplicate.leadId].sort());
    const found = await json(await crm.api(`/leads/${kept.leadId}/duplicates`));
    expect(found.items).toEqual([expect.objectContaining({ id: duplicate.leadId, type: 'lead', reasons: expect.arrayContaining(['same email']) })]);

    const self = await post(`/leads/${kept.leadId}/merge`, { duplicateId: kept.leadId, version: 1, duplicateVersion: 1 });
    expect(self.status).toBe(422);
    expect((await json(self)).errors).toEqual([expect.objectContaining({ name: 'duplicateId' })]);

    const merged = await post(`/leads/${kept.leadId}/merge`, { duplicateId: duplicate.leadId, version: 1, duplicateVersion: 1 });
    expect(merged.status).toBe(200);
    expect((await json(merged)).kept).toMatchObject({ firstName: 'Jane', phone: '(415) 555-0199', notes: 'from the fair' });
    expect((await crm.api(`/leads/${duplicate.leadId}`)).status).toBe(404);
    expect((await json(await crm.api(`/leads/${kept.leadId}/duplicates`))).items).toEqual([]);
    const history = await json(await crm.api(`/leads/${kept.leadId}/history`));
    expect(history.items[0]).toMatchObject({ action: 'merge' });
  });
});

describe('the 360° timeline', () => {
  it("shows the conversion and the deal's stage changes on the account, newest first", async () => {
    const lead = await json(await post('/leads', { lastName: 'Timeline', company: 'Timeline Co', email: 'tl@co.test' }));
    const result = await json(await post(`/leads/${lead.leadId}/convert`, { version: 1, opportunity: { name: 'TL deal', amount: 100, currency: 'EUR', closeDate: '2027-01-01' } }));
    await patch(`/opportunities/${result.opportunity.opportunityId}`, { stage: 'won', version: 1 });
    const timeline = await json(await crm.api(`/accounts/${result.account.accountId}/timeline`));
    // the deal's opening shows on its own timeline; the account has the conversion, which says so
    expect(timeline.items.map((e: { kind: string }) => e.kind)).toEqual(['stage-change', 'conversion']);
    const dealTimeline = await json(await crm.api(`/opportunities/${result.opportunity.opportunityId}/timeline`));
    expect(dealTimeline.items.map((e: { kind: string }) => e.kind)).toEqual(['stage-change', 'conversion', 'stage-change']);
    expect(timeline.items[0].summary).toContain('to Closed won');
    const contactTimeline = await json(await crm.api(`/contacts/${result.contact.contactId}/timeline`));
    expect(contactTimeline.items.map((e: { kind: string }) => e.kind)).toContain('conversion');
  });
});

describe('exports', () => {
  it('carry the custom fields as columns and the score of each lead', async () => {
    await post('/leads', { lastName: 'Exported', custom: { segment: 'enterprise' }, tags: ['csv', 'export'] });
    const requested = await json(await post('/exports', { entity: 'leads' }));
    await crm.settle();
    const status = await json(await crm.api(`/exports/${requested.exportId}`));
    expect(status.status).toBe('ready');
    const csv = await (await crm.api(`/exports/${requested.exportId}/file`)).text();
    const [header, ...rows] = csv.trim().split('\n');
    expect(header!.split(',')).toEqual(expect.arrayContaining(['score', 'rating', 'tags', 'custom.segment', 'custom.budgetCode']));
    const row = rows.find((r) => r.includes('Exported'))!;
    expect(row).toContain('enterprise');
    expect(row).toContain('"csv, export"');
  });
});
