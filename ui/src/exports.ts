import { api, ApiError, request } from './api';
import { problemOf, saveBlob } from './components';
import type { Problem } from './problem';

interface ExportJob {
  exportId: string;
  entity: string;
  status: 'requested' | 'ready' | 'failed';
  rowCount?: number;
  error?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type ExportEntity = 'accounts' | 'contacts' | 'leads' | 'audit';
/** An audit export covers UTC days `from` to `to` (both YYYY-MM-DD, at most 366 days). */
export type ExportRequest = { entity: Exclude<ExportEntity, 'audit'> } | { entity: 'audit'; from: string; to: string };

/** Requests a CSV export, polls until the workflow has written it, then downloads it. */
export async function exportCsv(what: ExportRequest | Exclude<ExportEntity, 'audit'>, report: (message: string) => void, fail: (problem: Problem) => void): Promise<void> {
  const body: ExportRequest = typeof what === 'string' ? { entity: what } : what;
  const entity = body.entity;
  report('Preparing the export…');
  try {
    const { exportId } = await api<ExportJob>('POST', '/exports', body);
    const path = `/exports/${encodeURIComponent(exportId)}`;
    const deadline = Date.now() + 5 * 60_000;
    // Back off gently: small exports are ready in a moment, big ones should not be hammered.
    let delay = 400;
    let job = await api<ExportJob>('GET', path);
    while (job.status === 'requested') {
      if (Date.now() > deadline) throw new ApiError({ type: 'about:blank', title: 'The export is taking too long', status: 0, detail: 'Try again later.' });
      await sleep(delay);
      delay = Math.min(delay * 1.5, 3000);
      job = await api<ExportJob>('GET', path);
    }
    if (job.status === 'failed') throw new ApiError({ type: 'about:blank', title: 'The export failed', status: 0, detail: job.error });
    const file = await request('GET', `${path}/file`, undefined, 'text/csv');
    const name = body.entity === 'audit' ? `audit-${body.from}-to-${body.to}` : `${entity}-${new Date().toISOString().slice(0, 10)}`;
    await saveBlob(file, `${name}.csv`);
    report(`Export downloaded${job.rowCount === undefined ? '' : ` (${job.rowCount} row${job.rowCount === 1 ? '' : 's'})`}.`);
  } catch (error) {
    report('');
    fail(problemOf(error));
  }
}
