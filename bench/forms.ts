/**
 * (g) web-form intake through the local gateway, as the public reaches it: 60 s of
 * visitors (each one a page view for a fresh render token, then a submission) spread over
 * forms and simulated client addresses, 16 at a time. Every answer is counted; afterwards,
 * once processing has caught up, leads + submissions handled as duplicates must equal the
 * accepted submissions exactly. Intake p99 (the POST) is set beside a raw PutItem p99 under
 * the same concurrency, and the snippet's gzipped size is reported.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Database } from '../shared/platform/database';
import { buildWebForms } from '../web-forms/build';

export interface FormsBenchResult {
  seconds: number;
  accepted: number;
  acceptedPerSecond: number;
  tooMany: number;
  otherErrors: number;
  leads: number;
  duplicates: number;
  balanced: boolean;
  intakeP50Ms: number;
  intakeP99Ms: number;
  rawPutP99Ms: number;
  p99Ratio: number;
  /** sampled one at a time during the intake load */
  rawPutUnderLoadP50Ms: number;
  rawPutUnderLoadP99Ms: number;
  p99RatioUnderLoad: number;
  snippetGzipBytes: number;
}

const SECONDS = Number(process.env.BENCH_FORMS_SECONDS ?? 60);
const CONNECTIONS = 16;
const FORMS = 20;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export async function formsBench(db: Database, url: string, token: string, settle: () => Promise<unknown>): Promise<FormsBenchResult> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const admin = async <T>(path: string, body?: unknown) => {
    const response = await fetch(url + path, { method: body === undefined ? 'GET' : 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!response.ok) throw new Error(`${path} → ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const fields = [
    { key: 'name', type: 'text', label: { en: 'Name' }, required: true, mapsTo: 'lastName' },
    { key: 'email', type: 'email', label: { en: 'Email' }, required: true, mapsTo: 'email' },
    { key: 'message', type: 'textarea', label: { en: 'Message' }, mapsTo: 'notes' },
  ];
  const forms: string[] = [];
  for (let i = 0; i < FORMS; i++) forms.push((await admin<{ formId: string }>('/forms', { name: `Bench form ${i}`, minFillSeconds: 0, fields })).formId);
  // one known contact: every tenth visitor is them, and becomes an activity, not a lead
  const { accountId } = await admin<{ accountId: string }>('/accounts', { name: 'Bench Visitors' });
  await admin('/contacts', { accountId, lastName: 'Known', email: 'known.visitor@bench.example' });
  await settle();

  process.stdout.write(`  measuring web-form intake for ${SECONDS} s…\n`);
  const latencies: number[] = [];
  let accepted = 0;
  let tooMany = 0;
  let otherErrors = 0;
  let visitors = 0;
  const end = performance.now() + SECONDS * 1000;
  const started = performance.now();
  // a raw PutItem every 20 ms while the load runs: what one write costs on this machine, under the same background
  const rawUnderLoad: number[] = [];
  const sampling = (async () => {
    for (let i = 0; performance.now() < end; i++) {
      const t0 = performance.now();
      await db.documentClient.send(new PutCommand({ TableName: db.tableName, Item: { pk: `bench-raw-load#${i}`, sk: 'raw', values: { name: 'Visitor', email: 'x@bench.example' } } }));
      rawUnderLoad.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end) {
        const n = visitors++;
        const formId = forms[n % FORMS]!;
        const visitor = { 'x-bench-visitor': `10.0.${Math.floor(n / 250) % 250}.${n % 250}` };
        try {
          const view = await fetch(`${url}/public/forms/${formId}`, { headers: visitor });
          if (view.status === 429) {
            tooMany++;
            continue;
          }
          const { token: renderToken } = (await view.json()) as { token: string };
          const email = n % 10 === 0 ? 'known.visitor@bench.example' : `visitor-${randomUUID()}@bench.example`;
          const t0 = performance.now();
          const response = await fetch(`${url}/public/forms/${formId}/submissions`, {
            method: 'POST',
            headers: { 'content-type': 'text/plain;charset=UTF-8', ...visitor },
            body: JSON.stringify({ name: `Visitor ${n}`, email, message: 'Please call me back.', _token: renderToken }),
          });
          await response.arrayBuffer();
          if (response.status === 202) {
            latencies.push(performance.now() - t0);
            accepted++;
          } else if (response.status === 429) tooMany++;
          else otherErrors++;
        } catch {
          otherErrors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await sampling;

  process.stdout.write('  waiting for processing, then counting…\n');
  await settle();
  let leads = 0;
  let duplicates = 0;
  for (const formId of forms) {
    const stats = await admin<{ leads: number; duplicates: number }>(`/forms/${formId}/stats`);
    leads += stats.leads;
    duplicates += stats.duplicates;
  }

  // the raw write the intake wraps, under the same concurrency
  const raw: number[] = [];
  const rawEnd = performance.now() + 8000;
  let i = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < rawEnd) {
        const t0 = performance.now();
        await db.documentClient.send(new PutCommand({ TableName: db.tableName, Item: { pk: `bench-raw#${i++}`, sk: 'raw', values: { name: 'Visitor', email: 'x@bench.example' } } }));
        raw.push(performance.now() - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  raw.sort((a, b) => a - b);
  rawUnderLoad.sort((a, b) => a - b);
  const { gzipBytes } = await buildWebForms();
  return {
    seconds,
    accepted,
    acceptedPerSecond: accepted / seconds,
    tooMany,
    otherErrors,
    leads,
    duplicates,
    balanced: leads + duplicates === accepted,
    intakeP50Ms: percentile(latencies, 50),
    intakeP99Ms: percentile(latencies, 99),
    rawPutP99Ms: percentile(raw, 99),
    p99Ratio: percentile(latencies, 99) / percentile(raw, 99),
    rawPutUnderLoadP50Ms: percentile(rawUnderLoad, 50),
    rawPutUnderLoadP99Ms: percentile(rawUnderLoad, 99),
    p99RatioUnderLoad: percentile(latencies, 99) / percentile(rawUnderLoad, 99),
    snippetGzipBytes: gzipBytes,
  };
}
