/**
 * (e) The sales core's targets:
 *  - list and board p50 with 100,000 leads and 20,000 opportunities stay within 1.2× of
 *    the same with 1,000 (the cost follows the page, not the table);
 *  - lead conversion p50 ≤ 3× a single lead create, in the same run.
 * Before each measurement the CRM's stream consumers catch up on the load (in AWS they run
 * in functions of their own, not beside the API). The bulk of the data is loaded with BatchWriteItem in the shape the record store
 * writes (same items, same index attributes, board totals kept right), because creating
 * 120,000 records one request at a time would take the bench most of an hour.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import type { Database } from '../shared/platform/database';
import type { Actor } from '../shared/crm/actor';
import { newId, nowIso } from '../shared/platform/ids';
import { materializeAcl } from '../shared/access/policy';
import { withIndexes, type StoredRecord } from '../shared/access/records';
import { leadKind, opportunityKind } from '../shared/crm/kinds';
import { currentScore, scoringSettings } from '../shared/sales/lead-scoring';
import { tallyWrites, type Tally } from '../shared/platform/tallies';
import { boardTallies } from '../shared/sales/board-entries';
import { defaultPipelines, type Pipeline, type PipelineSettings } from '../shared/sales/pipelines';
import { transact } from '../shared/platform/transaction';
import { createUser } from '../shared/auth/users';

export interface LoadStats {
  p50: number;
  p99: number;
  rps: number;
  errors: number;
}

type Load = (url: string, headers: Record<string, string>, connections?: number) => Promise<LoadStats>;

const INDUSTRIES = ['Software', 'Finance', 'Retail', 'Health', 'Energy'];
const FIRST = ['Ada', 'Bo', 'Cy', 'Di', 'Ed', 'Flo', 'Gus', 'Hal', 'Ivy', 'Jo', 'Kai', 'Lu', 'Mo', 'Ned', 'Oz', 'Pia', 'Quin', 'Ru', 'Sy', 'Tia', 'Uma', 'Vic', 'Wes', 'Xia', 'Yan', 'Zoe'];

interface Owner {
  userId: string;
  roles: string[];
  groups: string[];
}

function base(actor: Actor, owner: Owner, type: 'lead' | 'opportunity', at: string) {
  return {
    ownerId: owner.userId,
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: actor.userId,
    updatedBy: actor.userId,
    acl: materializeAcl(actor.settings, type, { ownerId: owner.userId, roles: owner.roles, groups: owner.groups }),
  };
}

async function batchPut(db: Database, items: Record<string, unknown>[]) {
  let pending = items.map((Item) => ({ PutRequest: { Item } }));
  while (pending.length) {
    const result = await db.documentClient.send(new BatchWriteCommand({ RequestItems: { [db.tableName]: pending } }));
    pending = (result.UnprocessedItems?.[db.tableName] ?? []) as typeof pending;
  }
}

/** Leads and deals as the record store stores them, `count` of each, written 25 at a time. */
export async function loadBulk(db: Database, actor: Actor, leads: number, deals: number, accountId: string, options: { owner?: Owner; pipeline?: Pipeline } = {}) {
  const settings = await scoringSettings(db);
  const pipeline = options.pipeline ?? defaultPipelines().pipelines[0]!;
  const owner = options.owner ?? actor;
  const limit = pLimit(6);
  const at = nowIso();
  const leadItem = (i: number) => {
    const record = {
      leadId: newId(),
      firstName: FIRST[i % FIRST.length],
      lastName: `${FIRST[(i * 7) % FIRST.length]}son ${i}`,
      company: `Company ${i % 5000}`,
      email: `bulk${i}@leads.example`,
      industry: INDUSTRIES[i % INDUSTRIES.length],
      status: 'new',
      ...base(actor, owner, 'lead', at),
    } as StoredRecord;
    Object.assign(record, currentScore(record, settings));
    return db.entities.lead.put(withIndexes(leadKind, record) as never).params().Item as Record<string, unknown>;
  };
  const totals: Tally[] = [];
  const dealItem = (i: number) => {
    const stage = pipeline.stages[i % pipeline.stages.length]!;
    const record = {
      opportunityId: newId(),
      name: `Bulk deal ${i}`,
      accountId,
      amount: 1000 + (i % 97) * 100,
      currency: i % 3 === 0 ? 'USD' : 'EUR',
      closeDate: `2027-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      probability: stage.probability,
      pipelineId: pipeline.pipelineId,
      stage: stage.stageId,
      status: stage.kind,
      stageEnteredAt: at,
      ...base(actor, owner, 'opportunity', at),
    } as StoredRecord;
    totals.push(...boardTallies(record));
    return db.entities.opportunity.put(withIndexes(opportunityKind, record) as never).params().Item as Record<string, unknown>;
  };
  const chunks: (() => Record<string, unknown>[])[] = [];
  for (let i = 0; i < leads; i += 25) chunks.push(() => Array.from({ length: Math.min(25, leads - i) }, (_, j) => leadItem(i + j)));
  for (let i = 0; i < deals; i += 25) chunks.push(() => Array.from({ length: Math.min(25, deals - i) }, (_, j) => dealItem(i + j)));
  await Promise.all(chunks.map((chunk) => limit(() => batchPut(db, chunk()))));
  // the board totals, as the deals' own transactions would have added them
  const merged = new Map<string, Tally>();
  for (const t of totals) {
    const key = `${t.scope}|${t.name}`;
    const sum = merged.get(key) ?? { scope: t.scope, name: t.name, values: { count: 0, amount: 0 } };
    sum.values.count! += t.values.count!;
    sum.values.amount! += t.values.amount!;
    merged.set(key, sum);
  }
  for (const tally of merged.values()) await transact(db.documentClient, tallyWrites(db.tableName, [], [tally]));
}

export async function salesBench(db: Database, url: string, token: string, actor: Actor, load: Load, settle: () => Promise<unknown>) {
  const headers = { authorization: `Bearer ${token}` };
  const json = { ...headers, 'content-type': 'application/json' };
  const account = (await (await fetch(`${url}/accounts`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'Bulk Account' }) })).json()) as { accountId: string };

  // One connection: the latency of a request, not the machine's saturation. A warm-up round,
  // then the median of three.
  const measure = async () => {
    const median = (runs: LoadStats[]) => [...runs].sort((a, b) => a.p50 - b.p50)[1]!;
    const list: LoadStats[] = [];
    const board: LoadStats[] = [];
    await load(`${url}/leads?limit=25`, headers, 1);
    await load(`${url}/pipelines/new-business/board?limit=20`, headers, 1);
    for (let round = 0; round < 3; round++) {
      list.push(await load(`${url}/leads?limit=25`, headers, 1));
      board.push(await load(`${url}/pipelines/new-business/board?limit=20`, headers, 1));
    }
    return { list: median(list), board: median(board) };
  };

  process.stdout.write('  loading 1,000 leads and 1,000 opportunities…\n');
  let started = performance.now();
  await loadBulk(db, actor, 1000, 1000, account.accountId);
  await settle();
  const smallLoadS = (performance.now() - started) / 1000;
  process.stdout.write('  measuring lead list and board at 1,000…\n');
  const small = await measure();

  process.stdout.write('  loading up to 100,000 leads and 20,000 opportunities…\n');
  started = performance.now();
  await loadBulk(db, actor, 99_000, 19_000, account.accountId);
  await settle();
  const bigLoadS = (performance.now() - started) / 1000;
  process.stdout.write('  measuring lead list and board at 100,000 / 20,000…\n');
  const big = await measure();

  // Side by side in the same table, alternating rounds: a rep's 1,000 leads against the
  // administrator's 100,000 (the "my leads" list), and a pipeline of 1,000 deals against
  // one of 20,000 — the same machine state for both, so only the size differs.
  process.stdout.write('  loading a rep with 1,000 leads and a copy of the new-business pipeline with 1,000 deals…\n');
  const rep = await createUser(db, actor, { userId: newId(), email: 'bulk.rep@bench.example', name: 'Bulk Rep', profile: 'sales-rep', roles: ['sales-rep'] });
  const pipelines = (await (await fetch(`${url}/pipelines`, { headers })).json()) as { settings: PipelineSettings; version: number };
  const copy = { ...pipelines.settings.pipelines[0]!, pipelineId: 'bench-small', name: 'Bench (1,000 deals)' };
  const saved = await fetch(`${url}/admin/pipelines`, {
    method: 'PUT',
    headers: json,
    body: JSON.stringify({ settings: { ...pipelines.settings, pipelines: [...pipelines.settings.pipelines, copy] }, version: pipelines.version }),
  });
  if (saved.status !== 200) throw new Error(`pipelines ${saved.status}`);
  await loadBulk(db, actor, 1000, 1000, account.accountId, { owner: { userId: rep.userId, roles: ['sales-rep'], groups: [] }, pipeline: copy });
  await settle();
  process.stdout.write('  measuring side by side…\n');
  const pairs = { listSmall: [] as LoadStats[], listBig: [] as LoadStats[], boardSmall: [] as LoadStats[], boardBig: [] as LoadStats[] };
  const listOf = (ownerId: string) => `${url}/leads?limit=25&ownerId=${ownerId}`;
  await load(listOf(rep.userId), headers, 1);
  await load(`${url}/pipelines/bench-small/board?limit=20`, headers, 1);
  for (let round = 0; round < 3; round++) {
    pairs.listSmall.push(await load(listOf(rep.userId), headers, 1));
    pairs.listBig.push(await load(listOf(actor.userId), headers, 1));
    pairs.boardSmall.push(await load(`${url}/pipelines/bench-small/board?limit=20`, headers, 1));
    pairs.boardBig.push(await load(`${url}/pipelines/new-business/board?limit=20`, headers, 1));
  }
  const mid = (runs: LoadStats[]) => [...runs].sort((a, b) => a.p50 - b.p50)[1]!.p50;
  const sideBySide = {
    list: { smallP50: mid(pairs.listSmall), bigP50: mid(pairs.listBig), ratio: mid(pairs.listBig) / mid(pairs.listSmall) },
    board: { smallP50: mid(pairs.boardSmall), bigP50: mid(pairs.boardBig), ratio: mid(pairs.boardBig) / mid(pairs.boardSmall) },
  };

  process.stdout.write('  measuring conversion vs a single create…\n');
  const create = async (i: number) => {
    const start = performance.now();
    const response = await fetch(`${url}/leads`, { method: 'POST', headers: json, body: JSON.stringify({ lastName: `Convertible ${i}`, company: `Convertible ${i} Ltd`, email: `convert${i}@bench.example`, industry: 'Software' }) });
    const lead = (await response.json()) as { leadId: string; version: number };
    if (response.status !== 201) throw new Error(`create ${response.status}`);
    return { ms: performance.now() - start, lead };
  };
  const convert = async (lead: { leadId: string; version: number }) => {
    const start = performance.now();
    const response = await fetch(`${url}/leads/${lead.leadId}/convert`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ version: lead.version, opportunity: { name: 'Converted deal', amount: 10_000, currency: 'EUR', closeDate: '2027-06-30' } }),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`convert ${response.status}`);
    return performance.now() - start;
  };
  const creates: number[] = [];
  const conversions: number[] = [];
  // alternate, one at a time, so both meet the same machine and the same table
  for (let i = 0; i < 150; i++) {
    const made = await create(i);
    creates.push(made.ms);
    conversions.push(await convert(made.lead));
  }
  const p50 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return {
    load: { smallSeconds: smallLoadS, bigSeconds: bigLoadS },
    list: { smallP50: small.list.p50, bigP50: big.list.p50, ratio: big.list.p50 / small.list.p50, small: small.list, big: big.list },
    board: { smallP50: small.board.p50, bigP50: big.board.p50, ratio: big.board.p50 / small.board.p50, small: small.board, big: big.board },
    sideBySide,
    conversion: { createP50: p50(creates), convertP50: p50(conversions), ratio: p50(conversions) / p50(creates) },
  };
}
