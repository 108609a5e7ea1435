import { describe, expect, it } from 'vitest';
import { type PipelineStage, type StageChange, funnel, timeInStage, validateStageMove } from '../../shared/sales/stage-analytics';

const HOUR = 3_600_000;
const t = (hours: number) => new Date(Date.UTC(2025, 0, 1) + hours * HOUR).toISOString();
const move = (opportunityId: string, from: string | null, to: string, hours: number): StageChange => ({
  opportunityId,
  pipelineId: 'sales',
  from,
  to,
  at: t(hours),
  by: 'user-1',
});

const stages: PipelineStage[] = [
  { id: 'prospect', kind: 'open' },
  { id: 'qualified', kind: 'open' },
  { id: 'proposal', kind: 'open' },
  { id: 'won', kind: 'won' },
  { id: 'lost', kind: 'lost' },
];

describe('timeInStage', () => {
  it('orders unsorted changes and measures each stay, the last one up to now', () => {
    const changes = [move('o1', 'qualified', 'proposal', 30), move('o1', null, 'prospect', 0), move('o1', 'prospect', 'qualified', 6)];
    expect(timeInStage(changes, new Date(t(40)))).toEqual([
      { stage: 'prospect', enteredAt: t(0), leftAt: t(6), durationMs: 6 * HOUR },
      { stage: 'qualified', enteredAt: t(6), leftAt: t(30), durationMs: 24 * HOUR },
      { stage: 'proposal', enteredAt: t(30), durationMs: 10 * HOUR },
    ]);
  });

  it('gives a stage visited twice two spans', () => {
    const changes = [
      move('o1', null, 'prospect', 0),
      move('o1', 'prospect', 'qualified', 2),
      move('o1', 'qualified', 'prospect', 5),
      move('o1', 'prospect', 'won', 9),
    ];
    const spans = timeInStage(changes, new Date(t(10)));
    expect(spans.map((s) => [s.stage, s.durationMs / HOUR])).toEqual([
      ['prospect', 2],
      ['qualified', 3],
      ['prospect', 4],
      ['won', 1],
    ]);
  });

  it('keeps the recorded order of changes at the same instant, and ignores a repeated move into the current stage', () => {
    const changes = [move('o1', null, 'prospect', 0), move('o1', 'prospect', 'qualified', 0), move('o1', 'prospect', 'qualified', 1)];
    expect(timeInStage(changes, new Date(t(3)))).toEqual([
      { stage: 'prospect', enteredAt: t(0), leftAt: t(0), durationMs: 0 },
      { stage: 'qualified', enteredAt: t(0), durationMs: 3 * HOUR },
    ]);
  });

  it('starts a history imported mid-way at its first move, and gives nothing for no changes', () => {
    expect(timeInStage([move('o1', 'qualified', 'proposal', 4)], new Date(t(5))).map((s) => s.stage)).toEqual(['proposal']);
    expect(timeInStage([], new Date(t(5)))).toEqual([]);
  });

  it('refuses changes of several opportunities', () => {
    expect(() => timeInStage([move('o1', null, 'prospect', 0), move('o2', null, 'prospect', 0)], new Date())).toThrow(RangeError);
  });
});

describe('funnel', () => {
  const changes = [
    // o1: through every stage to won.
    move('o1', null, 'prospect', 0),
    move('o1', 'prospect', 'qualified', 1),
    move('o1', 'qualified', 'proposal', 2),
    move('o1', 'proposal', 'won', 3),
    // o2: skipped qualified on its way to proposal, then lost.
    move('o2', 'proposal', 'lost', 5),
    move('o2', null, 'prospect', 0),
    move('o2', 'prospect', 'proposal', 1),
    // o3: created qualified, still open.
    move('o3', null, 'qualified', 0),
    // o4: lost straight from prospect.
    move('o4', null, 'prospect', 0),
    move('o4', 'prospect', 'lost', 1),
    // o5: a stage of another pipeline is ignored.
    move('o5', null, 'elsewhere', 0),
  ];

  it('counts deals that got past a stage, including those that skipped it', () => {
    expect(funnel(changes, stages)).toEqual([
      { stage: 'prospect', reached: 4, conversionToNext: 3 / 4, wonRate: 1 / 4 },
      { stage: 'qualified', reached: 3, conversionToNext: 2 / 3, wonRate: 1 / 3 },
      { stage: 'proposal', reached: 2, conversionToNext: 1 / 2, wonRate: 1 / 2 },
      { stage: 'won', reached: 1, conversionToNext: null },
      { stage: 'lost', reached: 2, conversionToNext: null },
    ]);
  });

  it('counts a deal once however often it revisits a stage', () => {
    const revisits = [
      move('o1', null, 'prospect', 0),
      move('o1', 'prospect', 'qualified', 1),
      move('o1', 'qualified', 'prospect', 2),
      move('o1', 'prospect', 'qualified', 3),
    ];
    expect(funnel(revisits, stages).slice(0, 3)).toEqual([
      { stage: 'prospect', reached: 1, conversionToNext: 1, wonRate: 0 },
      { stage: 'qualified', reached: 1, conversionToNext: 0, wonRate: 0 },
      { stage: 'proposal', reached: 0, conversionToNext: null },
    ]);
  });

  it('gives empty steps without rates', () => {
    expect(funnel([], stages).every((s) => s.reached === 0 && s.conversionToNext === null && s.wonRate === undefined)).toBe(true);
  });
});

describe('validateStageMove', () => {
  it('accepts a stage of the pipeline, of any kind', () => {
    expect(validateStageMove({ stages }, 'proposal')).toBeUndefined();
    expect(validateStageMove({ stages }, 'lost')).toBeUndefined();
  });

  it('names an unknown stage', () => {
    expect(validateStageMove({ stages }, 'negotiation')).toBe('"negotiation" is not a stage of this pipeline');
  });
});
