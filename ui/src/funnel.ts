/** The funnel report's pure parts: the months it covers and its rows as shown. */
export interface FunnelStep {
  stage: string;
  reached: number;
  conversionToNext: number | null;
  wonRate?: number;
}

/** The last `months` calendar months up to and including the current one (UTC), as YYYY-MM. */
export function lastMonths(now: Date, months: number): { from: string; to: string } {
  const month = (d: Date) => d.toISOString().slice(0, 7);
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1));
  return { from: month(start), to: month(now) };
}

const percent = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${Math.round(value * 100)}%`);

/** Rows with stage names and percentages; steps of stages no longer in the pipeline keep their id. */
export function funnelRows(steps: FunnelStep[], stageName: (id: string) => string) {
  return steps.map((step) => ({ stage: stageName(step.stage), reached: String(step.reached), next: percent(step.conversionToNext), won: percent(step.wonRate) }));
}
