import { describe, expect, it } from 'vitest';
import {
  type BehaviourEvent,
  type ScoringRule,
  type ScoringSettings,
  ScoringSettings as ScoringSettingsSchema,
  defaultScoringSettings,
  scoreLead,
} from '../../shared/sales/scoring';

const now = new Date('2025-06-01T12:00:00Z');
const recently = '2025-05-31T12:00:00Z';
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

const settingsWith = (rules: ScoringRule[], overrides: Partial<ScoringSettings> = {}): ScoringSettings => ({
  rules,
  decay: { pointsPerPeriod: 0, periodDays: 30, graceDays: 0 },
  ratings: { hot: 80, warm: 50, cold: 20 },
  mqlThreshold: 60,
  ...overrides,
});
const fieldRule = (field: string, op: string, value: unknown, points = 10): ScoringRule =>
  ({ kind: 'field', ruleId: 'r', label: 'Rule', field, op, value, points }) as ScoringRule;
const scoreWith = (rule: ScoringRule, lead: Record<string, unknown>) =>
  scoreLead({ lastActivityAt: recently, ...lead }, [], settingsWith([rule]), now).score;
const events = (type: BehaviourEvent['type'], count: number): BehaviourEvent[] =>
  Array.from({ length: count }, () => ({ type, at: recently }));

describe('field rules', () => {
  it('equals compares text trimmed and case-insensitively, numbers and booleans exactly', () => {
    const rule = fieldRule('country', 'equals', 'US');
    expect(scoreWith(rule, { country: '  us ' })).toBe(10);
    expect(scoreWith(rule, { country: 'USA' })).toBe(0);
    expect(scoreWith(rule, {})).toBe(0);
    expect(scoreWith(fieldRule('employees', 'equals', 50), { employees: 50 })).toBe(10);
    expect(scoreWith(fieldRule('custom.partner', 'equals', true), { custom: { partner: true } })).toBe(10);
    expect(scoreWith(fieldRule('custom.partner', 'equals', true), { custom: { partner: 'true' } })).toBe(0);
  });

  it('notEquals fires for a different value but not for a blank field', () => {
    const rule = fieldRule('country', 'notEquals', 'US', -5);
    expect(scoreWith(rule, { country: 'DE' })).toBe(-5);
    expect(scoreWith(rule, { country: 'us' })).toBe(0);
    expect(scoreWith(rule, { country: '' })).toBe(0);
    expect(scoreWith(rule, {})).toBe(0);
  });

  it('in matches any listed value, also against each value of a multi-value field', () => {
    const rule = fieldRule('industry', 'in', ['software', 'finance']);
    expect(scoreWith(rule, { industry: 'Finance' })).toBe(10);
    expect(scoreWith(rule, { industry: 'retail' })).toBe(0);
    expect(scoreWith(fieldRule('custom.markets', 'in', ['emea']), { custom: { markets: ['apac', 'EMEA'] } })).toBe(10);
  });

  it('contains looks for any of the texts inside the value', () => {
    const rule = fieldRule('title', 'contains', ['director', 'vp']);
    expect(scoreWith(rule, { title: 'Sales Director, EMEA' })).toBe(10);
    expect(scoreWith(rule, { title: 'VP Engineering' })).toBe(10);
    expect(scoreWith(rule, { title: 'Engineer' })).toBe(0);
    expect(scoreWith(fieldRule('title', 'contains', ' Chief '), { title: 'chief of staff' })).toBe(10);
  });

  it('gte and lte compare numbers, including numeric text and money amounts, inclusively', () => {
    const gte = fieldRule('annualRevenue', 'gte', 1_000_000_000);
    expect(scoreWith(gte, { annualRevenue: 1_000_000_000 })).toBe(10);
    expect(scoreWith(gte, { annualRevenue: 999_999_999 })).toBe(0);
    expect(scoreWith(gte, { annualRevenue: '2000000000' })).toBe(10);
    expect(scoreWith(gte, { annualRevenue: { amount: 1_500_000_000, currency: 'USD' } })).toBe(10);
    expect(scoreWith(gte, { annualRevenue: 'lots' })).toBe(0);
    const lte = fieldRule('employees', 'lte', 10, -20);
    expect(scoreWith(lte, { employees: 10 })).toBe(-20);
    expect(scoreWith(lte, { employees: 11 })).toBe(0);
  });

  it('present fires for any filled-in value, read through nested paths', () => {
    const rule = fieldRule('qualification.budget', 'present', undefined);
    expect(scoreWith(rule, { qualification: { budget: 'approved' } })).toBe(10);
    expect(scoreWith(rule, { qualification: { budget: 0 } })).toBe(10);
    expect(scoreWith(rule, { qualification: { budget: '  ' } })).toBe(0);
    expect(scoreWith(rule, { qualification: { budget: null } })).toBe(0);
    expect(scoreWith(rule, { qualification: 'budget' })).toBe(0);
    expect(scoreWith(rule, {})).toBe(0);
  });

  it('does not read inherited properties as field values', () => {
    expect(scoreWith(fieldRule('custom.constructor', 'present', undefined), { custom: {} })).toBe(0);
  });
});

describe('behaviour rules', () => {
  const rule: ScoringRule = { kind: 'behaviour', ruleId: 'forms', label: 'Forms', event: 'form-submitted', points: 10, maxTimes: 3 };

  it('give points per event and say how many counted', () => {
    const result = scoreLead({ lastActivityAt: recently }, events('form-submitted', 2), settingsWith([rule]), now);
    expect(result.score).toBe(20);
    expect(result.reasons).toEqual([{ ruleId: 'forms', label: 'Forms', points: 20, detail: '2 × form submitted' }]);
  });

  it('stop counting at maxTimes', () => {
    const result = scoreLead({ lastActivityAt: recently }, events('form-submitted', 5), settingsWith([rule]), now);
    expect(result.score).toBe(30);
    expect(result.reasons[0]?.detail).toBe('3 × form submitted (5 in all, capped at 3)');
  });

  it('count every event when there is no cap, and only events of their type', () => {
    const uncapped: ScoringRule = { kind: 'behaviour', ruleId: 'opens', label: 'Opens', event: 'email-opened', points: 1 };
    const behaviour = [...events('email-opened', 40), ...events('email-clicked', 3)];
    expect(scoreLead({ lastActivityAt: recently }, behaviour, settingsWith([uncapped]), now).score).toBe(40);
    expect(scoreLead({ lastActivityAt: recently }, [], settingsWith([uncapped]), now).reasons).toEqual([]);
  });
});

describe('decay', () => {
  const flat: ScoringRule = { kind: 'field', ruleId: 'base', label: 'Base', field: 'lastName', op: 'present', points: 50 };
  const decaying = settingsWith([flat], { decay: { pointsPerPeriod: 5, periodDays: 30, graceDays: 14 } });
  const scoreAfter = (days: number, lead: Record<string, unknown> = {}) =>
    scoreLead({ lastName: 'Ng', lastActivityAt: daysAgo(days), ...lead }, [], decaying, now);

  it('takes nothing during the grace period or before a full period has passed after it', () => {
    expect(scoreAfter(14).score).toBe(50);
    expect(scoreAfter(14 + 29.9).score).toBe(50);
    expect(scoreAfter(14 + 29.9).reasons.map((r) => r.ruleId)).toEqual(['base']);
  });

  it('takes points per full period after the grace period', () => {
    expect(scoreAfter(44).score).toBe(45);
    expect(scoreAfter(73).score).toBe(45);
    expect(scoreAfter(74).score).toBe(40);
    expect(scoreAfter(74).reasons.at(-1)).toEqual({ ruleId: 'decay', label: 'Inactivity', points: -10, detail: '74 days without activity' });
  });

  it('measures from createdAt when there has been no activity', () => {
    const result = scoreLead({ lastName: 'Ng', createdAt: daysAgo(44) }, [], decaying, now);
    expect(result.score).toBe(45);
    expect(scoreLead({ lastName: 'Ng' }, [], decaying, now).score).toBe(50);
  });

  it('never takes the score below 0, and the decay line shows only what was taken', () => {
    const result = scoreAfter(14 + 30 * 20);
    expect(result.score).toBe(0);
    expect(result.reasons.at(-1)?.points).toBe(-50);
    const negative: ScoringRule = { ...flat, points: -10 } as ScoringRule;
    const already = scoreLead({ lastName: 'Ng', lastActivityAt: daysAgo(400) }, [], { ...decaying, rules: [negative] }, now);
    expect(already.score).toBe(-10);
    expect(already.reasons.map((r) => r.ruleId)).toEqual(['base']);
  });
});

describe('rating and MQL', () => {
  const pointsRule = (points: number): ScoringRule => ({ kind: 'field', ruleId: 'p', label: 'P', field: 'lastName', op: 'present', points });
  const rate = (points: number) => scoreLead({ lastName: 'Ng', lastActivityAt: recently }, [], settingsWith([pointsRule(points)]), now);

  it('rates at the exact thresholds', () => {
    expect(rate(80).rating).toBe('hot');
    expect(rate(79).rating).toBe('warm');
    expect(rate(50).rating).toBe('warm');
    expect(rate(49).rating).toBe('cold');
    expect(rate(20).rating).toBe('cold');
    expect(rate(19).rating).toBe('junk');
    expect(rate(-5).rating).toBe('junk');
  });

  it('marks a lead MQL from the threshold on', () => {
    expect(rate(60).mql).toBe(true);
    expect(rate(59).mql).toBe(false);
  });
});

describe('the default settings', () => {
  it('are valid', () => {
    expect(ScoringSettingsSchema.parse(defaultScoringSettings())).toEqual(defaultScoringSettings());
  });

  it('score a strong lead hot, with reasons that add up to the score', () => {
    const lead = {
      industry: 'Software',
      country: 'us',
      annualRevenue: 2_500_000_000,
      title: 'VP of Sales',
      source: 'Referral',
      qualification: { budget: 'approved' },
      createdAt: daysAgo(60),
      lastActivityAt: daysAgo(50),
    };
    const behaviour = [...events('form-submitted', 1), ...events('email-clicked', 2), ...events('content-downloaded', 1)];
    const result = scoreLead(lead, behaviour, defaultScoringSettings(), now);
    expect(result.reasons.map((r) => r.ruleId)).toEqual([
      'target-industry', 'home-market', 'revenue-10m', 'senior-title', 'referral', 'has-budget',
      'form-submitted', 'email-clicked', 'content-downloaded', 'decay',
    ]);
    expect(result.reasons.reduce((sum, r) => sum + r.points, 0)).toBe(result.score);
    expect(result.score).toBe(75 + 10 + 6 + 5 - 5);
    expect(result).toMatchObject({ rating: 'hot', mql: true });
  });

  it('rate an empty lead junk', () => {
    expect(scoreLead({ createdAt: recently }, [], defaultScoringSettings(), now)).toEqual({ score: 0, rating: 'junk', mql: false, reasons: [] });
  });
});

describe('settings validation', () => {
  const issuesOf = (input: unknown) =>
    ScoringSettingsSchema.safeParse(input).error?.issues.map((i) => ({ path: i.path, message: i.message })) ?? [];
  const base = defaultScoringSettings();

  it('requires rating thresholds to descend', () => {
    expect(issuesOf({ ...base, ratings: { hot: 50, warm: 50, cold: 60 } })).toEqual([
      { path: ['ratings', 'warm'], message: 'must be below hot' },
      { path: ['ratings', 'cold'], message: 'must be below warm' },
    ]);
  });

  it('names a rule id used twice, or the reserved decay id', () => {
    const rules = [...base.rules];
    rules.push({ ...rules[0]!, label: 'Copy' } as ScoringRule, { ...rules[1]!, ruleId: 'decay' } as ScoringRule);
    expect(issuesOf({ ...base, rules })).toEqual([
      { path: ['rules', base.rules.length, 'ruleId'], message: 'is used twice' },
      { path: ['rules', base.rules.length + 1, 'ruleId'], message: 'is reserved for decay' },
    ]);
  });

  it('requires a value that fits the operator, at the rule value', () => {
    const bad = [
      fieldRule('annualRevenue', 'gte', '10'),
      fieldRule('industry', 'in', 'software'),
      fieldRule('title', 'contains', ''),
      fieldRule('country', 'equals', undefined),
      fieldRule('qualification.budget', 'present', true),
    ].map((r, i) => ({ ...r, ruleId: `r${i}` }));
    expect(issuesOf({ ...base, rules: bad })).toEqual([
      { path: ['rules', 0, 'value'], message: 'must be a number for gte' },
      { path: ['rules', 1, 'value'], message: 'must be a list of values for in' },
      { path: ['rules', 2, 'value'], message: 'must be text, or a list of texts, for contains' },
      { path: ['rules', 3, 'value'], message: 'must be a single value for equals' },
      { path: ['rules', 4, 'value'], message: 'must be left out for present' },
    ]);
  });

  it('checks ids, points, caps, decay and the rule count', () => {
    const rule = { kind: 'behaviour', ruleId: 'Not A Slug', label: 'x', event: 'form-submitted', points: 1001, maxTimes: 0 };
    expect(issuesOf({ ...base, rules: [rule] }).map((i) => i.path)).toEqual([
      ['rules', 0, 'ruleId'],
      ['rules', 0, 'points'],
      ['rules', 0, 'maxTimes'],
    ]);
    expect(issuesOf({ ...base, decay: { pointsPerPeriod: -1, periodDays: 0, graceDays: 1.5 } }).map((i) => i.path)).toEqual([
      ['decay', 'pointsPerPeriod'],
      ['decay', 'periodDays'],
      ['decay', 'graceDays'],
    ]);
    const many = Array.from({ length: 201 }, (_, i) => ({ ...base.rules[0]!, ruleId: `r${i}` }));
    expect(issuesOf({ ...base, rules: many }).map((i) => i.path)).toEqual([['rules']]);
    expect(issuesOf({ ...base, rules: [{ ...base.rules[0]!, field: 'custom..x' }] }).map((i) => i.path)).toEqual([['rules', 0, 'field']]);
  });
});
