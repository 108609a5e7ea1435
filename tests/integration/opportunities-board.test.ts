/**
 * Deals on several pipelines through the HTTP layer on DynamoDB Local: stage rules, the
 * stage history, the board (deals and totals per stage) for a manager and for a rep who
 * sees only their own deals, the funnel, and pipeline edits that would strand deals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm, type TestUser } from '../support/crm';

let crm: TestCrm;
let rep: TestUser;
let otherRep: TestUser;
let accountId: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely; the assertions check their shape
const json = async <T = Record<string, any>>(response: Response) => (await response.json()) as T;
const post = (path: string, body: unknown, token?: string) => crm.api(path, { method: 'POST', json: body, token });
const patch = (path: string, body: unknown, token?: string) => crm.api(path, { method: 'PATCH', json: body, token });

beforeAll(async () => {
  crm = await startTestCrm();
  [rep, otherRep] = await Promise.all([
    crm.newUser({ profile: 'sales-rep', roles: ['sales-rep'], name: 'Rita Rep' }),
    crm.newUser({ profile: 'sales-rep', roles: ['sales-rep'], name: 'Otto Rep' }),
  ]);
  const account = await json(await post('/accounts', { name: 'Board Co', ownerId: rep.userId }));
  accountId = account.accountId;
}, 60_000);
afterAll(() => crm?.stop());

const deal = (overrides: Record<string, unknown> = {}) => ({ name: 'Deal', accountId, amount: 100_00, currency: 'EUR', closeDate: '2026-12-31', ...overrides });

describe('opportunities', () => {
  it('start in the first stage of the default pipeline with its probability', async () => {
    const response = await post('/opportunities', deal({ name: 'Starter' }));
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ pipelineId: 'new-business', stage: 'prospecting', probability: 10, status: 'open' });
  });

  it('refuse bad input naming each field, writing nothing', async () => {
    const bad = await post('/opportunities', deal({ amount: -5, currency: 'EURO', closeDate: '2026-02-30', stage: 'nowhere' }));
    expect(bad.status).toBe(422);
    const names = (await json(bad)).errors.map((e: { name: string }) => e.name).sort();
    expect(names).toEqual(['amount', 'closeDate', 'currency']);
    const unknownStage = await post('/opportunities', deal({ stage: 'nowhere' }));
    expect(unknownStage.status).toBe(422);
    expect((await json(unknownStage)).errors).toEqual([expect.objectContaining({ name: 'stage' })]);
    const notIso = await post('/opportunities', deal({ currency: 'XYZ' }));
    expect((await json(notIso)).errors).toEqual([expect.objectContaining({ name: 'currency' })]);
    const lostReasonOnOpen = await post('/opportunities', deal({ lostReason: 'price' }));
    expect(lostReasonOnOpen.status).toBe(422);
    const unseenAccount = await post('/opportunities', deal({ accountId: '01J00000000000000000000000' }));
    expect(unseenAccount.status).toBe(422);
    expect((await json(unseenAccount)).errors).toEqual([expect.objectContaining({ name: 'accountId' })]);
  });

  it('keep every stage change with who and when, and the time spent in each stage', async () => {
    const created = await json(await post('/opportunities', deal({ name: 'Mover' })));
    const id = created.opportunityId;
    const moved = await json(await patch(`/opportunities/${id}`, { stage: 'proposal', version: 1 }));
    expect(moved).toMatchObject({ stage: 'proposal', probability: 50, version: 2 });
    const lost = await json(await patch(`/opportunities/${id}`, { stage: 'lost', lostReason: 'Went with a competitor', version: 2 }));
    expect(lost).toMatchObject({ status: 'lost', probability: 0, lostReason: 'Went with a competitor' });
    const history = await json(await crm.api(`/opportunities/${id}/stages`));
    expect(history.items.map((c: { from: string | null; to: string }) => [c.from, c.to])).toEqual([
      [null, 'prospecting'],
      ['prospecting', 'proposal'],
      ['proposal', 'lost'],
    ]);
    expect(history.items.every((c: { by: string; durationMs: number }) => c.by && c.durationMs >= 0)).toBe(true);
    const stale = await patch(`/opportunities/${id}`, { stage: 'won', version: 2 });
    expect(stale.status).toBe(409);
  });

  it('move to another pipeline only onto one of its stages', async () => {
    const created = await json(await post('/opportunities', deal({ name: 'Switcher' })));
    const wrong = await patch(`/opportunities/${created.opportunityId}`, { pipelineId: 'renewals', version: 1 });
    expect(wrong.status).toBe(422);
    expect((await json(wrong)).errors).toEqual([expect.objectContaining({ name: 'stage' })]);
    const right = await patch(`/opportunities/${created.opportunityId}`, { pipelineId: 'renewals', stage: 'upcoming', version: 1 });
    expect(await json(right)).toMatchObject({ pipelineId: 'renewals', stage: 'upcoming', probability: 60 });
  });
});

describe('the board', () => {
  it('returns every stage in order with its deals by close date and its totals per currency', async () => {
    const pipeline = 'services';
    await post('/opportunities', deal({ name: 'S1', pipelineId: pipeline, amount: 1000, closeDate: '2027-03-01' }));
    await post('/opportunities', deal({ name: 'S2', pipelineId: pipeline, amount: 2500, closeDate: '2027-01-01' }));
    await post('/opportunities', deal({ name: 'S3', pipelineId: pipeline, amount: 700, currency: 'USD', closeDate: '2027-02-01' }));
    await post('/opportunities', deal({ name: 'S4', pipelineId: pipeline, stage: 'contracted', amount: 9000 }));
    const board = await json(await crm.api(`/pipelines/${pipeline}/board`));
    expect(board.stages.map((s: { stageId: string }) => s.stageId)).toEqual(['scoping', 'proposal', 'contracted', 'lost']);
    const scoping = board.stages[0];
    expect(scoping.deals.map((d: { name: string }) => d.name)).toEqual(['S2', 'S3', 'S1']);
    expect(scoping.totals).toEqual({ count: 3, amounts: [{ currency: 'EUR', amount: 3500 }, { currency: 'USD', amount: 700 }] });
    expect(board.stages[2].totals).toEqual({ count: 1, amounts: [{ currency: 'EUR', amount: 9000 }] });
    expect(board.stages[3].totals).toEqual({ count: 0, amounts: [] });
  });

  it('keeps totals right when a deal moves, changes amount or is deleted', async () => {
    const pipeline = 'renewals';
    const a = await json(await post('/opportunities', deal({ name: 'R1', pipelineId: pipeline, amount: 100 })));
    const b = await json(await post('/opportunities', deal({ name: 'R2', pipelineId: pipeline, amount: 200 })));
    await patch(`/opportunities/${a.opportunityId}`, { stage: 'renewed', amount: 150, version: 1 });
    await crm.api(`/opportunities/${b.opportunityId}`, { method: 'DELETE' });
    const board = await json(await crm.api(`/pipelines/${pipeline}/board`));
    const totals = Object.fromEntries(board.stages.map((s: { stageId: string; totals: unknown }) => [s.stageId, s.totals]));
    expect(totals.renewed).toEqual({ count: 1, amounts: [{ currency: 'EUR', amount: 150 }] });
    expect(totals['in-negotiation']).toEqual({ count: 0, amounts: [] });
  });

  it('pages a stage with a cursor, never repeating a deal', async () => {
    for (let i = 0; i < 5; i++) await post('/opportunities', deal({ name: `P${i}`, stage: 'negotiation', closeDate: `2027-0${i + 1}-15` }));
    const board = await json(await crm.api('/pipelines/new-business/board?limit=2'));
    const negotiation = board.stages.find((s: { stageId: string }) => s.stageId === 'negotiation');
    const seen = negotiation.deals.map((d: { name: string }) => d.name);
    let cursor = negotiation.cursor;
    while (cursor) {
      const next = await json(await crm.api(`/pipelines/new-business/stages/negotiation/deals?limit=2&cursor=${cursor}`));
      seen.push(...next.items.map((d: { name: string }) => d.name));
      cursor = next.cursor;
    }
    expect(seen).toEqual(['P0', 'P1', 'P2', 'P3', 'P4']);
  });

  it("shows a rep only their own deals, with totals of those alone", async () => {
    await post('/opportunities', deal({ name: 'Rita deal', pipelineId: 'services', stage: 'proposal', amount: 40, ownerId: rep.userId }));
    await post('/opportunities', deal({ name: 'Otto deal', pipelineId: 'services', stage: 'proposal', amount: 60, ownerId: otherRep.userId }));
    const board = await json(await crm.api('/pipelines/services/board', { token: rep.token }));
    const proposal = board.stages.find((s: { stageId: string }) => s.stageId === 'proposal');
    expect(proposal.deals.map((d: { name: string }) => d.name)).toEqual(['Rita deal']);
    expect(proposal.totals).toEqual({ count: 1, amounts: [{ currency: 'EUR', amount: 40 }] });
  });

  it('answers 422 for a pipeline that does not exist', async () => {
    const response = await crm.api('/pipelines/nope/board');
    expect(response.status).toBe(422);
  });
});

describe('pipeline settings', () => {
  it('refuse removing a stage that still holds deals, and save a new pipeline', async () => {
    const current = await json(await crm.api('/pipelines'));
    const withoutScoping = structuredClone(current.settings);
    withoutScoping.pipelines[2].stages = withoutScoping.pipelines[2].stages.filter((s: { stageId: string }) => s.stageId !== 'scoping');
    const refused = await crm.api('/admin/pipelines', { method: 'PUT', json: { settings: withoutScoping, version: current.version } });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(await refused.json())).toContain('scoping');

    const added = structuredClone(current.settings);
    added.pipelines.push({
      pipelineId: 'partners',
      name: 'Partners',
      stages: [
        { stageId: 'intro', name: 'Intro', probability: 10, kind: 'open' },
        { stageId: 'signed', name: 'Signed', probability: 100, kind: 'won' },
        { stageId: 'dropped', name: 'Dropped', probability: 0, kind: 'lost' },
      ],
    });
    const saved = await crm.api('/admin/pipelines', { method: 'PUT', json: { settings: added, version: current.version } });
    expect(saved.status).toBe(200);
    const created = await post('/opportunities', deal({ pipelineId: 'partners' }));
    expect(await json(created)).toMatchObject({ stage: 'intro' });
  });

  it('refuse a pipeline without a won stage, naming it', async () => {
    const current = await json(await crm.api('/pipelines'));
    const broken = structuredClone(current.settings);
    broken.pipelines[0].stages = broken.pipelines[0].stages.filter((s: { kind: string }) => s.kind !== 'won');
    const response = await crm.api('/admin/pipelines', { method: 'PUT', json: { settings: broken, version: current.version } });
    expect(response.status).toBe(422);
    expect((await json(response)).errors).toEqual([expect.objectContaining({ name: 'settings.pipelines.0.stages' })]);
  });
});

describe('the funnel', () => {
  it('counts deals that reached each stage from the recorded changes', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const response = await crm.api(`/pipelines/new-business/funnel?from=${month}&to=${month}`);
    expect(response.status).toBe(200);
    const funnel = await json(response);
    const reached = Object.fromEntries(funnel.steps.map((s: { stage: string; reached: number }) => [s.stage, s.reached]));
    expect(reached.prospecting).toBeGreaterThanOrEqual(reached.proposal);
    expect(reached.proposal).toBeGreaterThanOrEqual(reached.negotiation);
    expect(reached.negotiation).toBeGreaterThanOrEqual(5);
  });
});
