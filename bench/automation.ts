/**
 * (f) workflow automation on the local runtime, through the HTTP API:
 *  - latency from a record write to its workflow's first action done: a lead is created
 *    (its createdAt is the commit) and the run's first step records when it finished —
 *    both stamped by the server; one lead at a time, so nothing queues behind another;
 *  - a burst of 1,000 leads matching one workflow, created 16 at a time: the time until
 *    every run succeeded, and that each lead got exactly one run.
 */
import pLimit from 'p-limit';

interface Run {
  runId: string;
  recordId: string;
  status: string;
  startedAt: string;
  steps: { status: string; finishedAt?: string }[];
}

export interface AutomationBenchResult {
  firstAction: { samples: number; p50Ms: number; p90Ms: number; maxMs: number };
  burst: { leads: number; runs: number; distinctLeads: number; succeeded: number; seconds: number; writeSeconds: number };
}

const LATENCY_SAMPLES = Number(process.env.BENCH_AUTOMATION_SAMPLES ?? 40);
const BURST = Number(process.env.BENCH_BURST ?? 1000);

export async function automationBench(url: string, token: string, settle: () => Promise<unknown>): Promise<AutomationBenchResult> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const call = async <T>(path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(url + path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} → ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const workflow = (name: string, source: string) =>
    call<{ workflowId: string }>('/workflows', {
      method: 'POST',
      body: {
        name,
        trigger: { type: 'recordCreated', recordType: 'lead' },
        conditions: { all: [{ field: 'source', op: 'eq', value: source }] },
        actions: [{ type: 'addTag', tag: 'automated' }],
      },
    });
  const runsOf = async (workflowId: string) => {
    const runs: Run[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Run[]; cursor: string | null } = await call(`/workflows/${workflowId}/runs?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      runs.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    return runs;
  };

  process.stdout.write('  measuring write → first workflow action…\n');
  const latency = await workflow('Bench: first action', 'bench-latency');
  const delays: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const lead = await call<{ leadId: string; createdAt: string }>('/leads', { method: 'POST', body: { lastName: `Latency ${i}`, source: 'bench-latency' } });
    let done: string | undefined;
    const deadline = Date.now() + 10_000;
    while (!done && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      const run = (await call<{ items: Run[] }>(`/workflows/${latency.workflowId}/runs?limit=1`)).items.find((r) => r.recordId === lead.leadId);
      done = run?.steps[0]?.status === 'succeeded' ? run.steps[0].finishedAt : undefined;
    }
    if (!done) throw new Error(`lead ${lead.leadId}: no first action within 10 s`);
    delays.push(Date.parse(done) - Date.parse(lead.createdAt));
  }
  delays.sort((a, b) => a - b);
  const at = (p: number) => delays[Math.min(delays.length - 1, Math.floor(p * delays.length))]!;

  process.stdout.write(`  measuring a burst of ${BURST} matching events…\n`);
  await settle();
  const burst = await workflow('Bench: burst', 'bench-burst');
  const limit = pLimit(16);
  const started = performance.now();
  const leads = await Promise.all(
    Array.from({ length: BURST }, (_, i) => limit(() => call<{ leadId: string }>('/leads', { method: 'POST', body: { lastName: `Burst ${i}`, source: 'bench-burst' } }))),
  );
  const written = performance.now();
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    const runs = await runsOf(burst.workflowId);
    if (runs.length >= BURST && runs.every((r) => r.status === 'succeeded')) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const finished = performance.now();
  await settle(); // anything late (a second run) would show now
  const runs = await runsOf(burst.workflowId);
  const burstLeads = new Set(leads.map((l) => l.leadId));
  const distinct = new Set(runs.map((r) => r.recordId).filter((id) => burstLeads.has(id)));
  return {
    firstAction: { samples: delays.length, p50Ms: at(0.5), p90Ms: at(0.9), maxMs: delays.at(-1)! },
    burst: {
      leads: leads.length,
      runs: runs.length,
      distinctLeads: distinct.size,
      succeeded: runs.filter((r) => r.status === 'succeeded').length,
      seconds: (finished - started) / 1000,
      writeSeconds: (written - started) / 1000,
    },
  };
}
