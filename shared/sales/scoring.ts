/**
 * Lead scoring: points from what a lead is (field rules) and what it does (behaviour
 * rules), minus decay for inactivity, mapped to a rating and the MQL flag. The rules are
 * data an admin edits, so everything here is validated settings plus one pure function.
 */
import * as z from 'zod';

export const FIELD_OPERATORS = ['equals', 'notEquals', 'in', 'contains', 'gte', 'lte', 'present'] as const;
export type FieldOperator = (typeof FIELD_OPERATORS)[number];

export const BEHAVIOUR_EVENTS = [
  'form-submitted',
  'email-opened',
  'email-clicked',
  'event-attended',
  'content-downloaded',
] as const;
export type BehaviourEventType = (typeof BEHAVIOUR_EVENTS)[number];

export const LEAD_RATINGS = ['hot', 'warm', 'cold', 'junk'] as const;
export type LeadRating = (typeof LEAD_RATINGS)[number];

/** The reason id of the decay line; a rule may not use it, so reasons stay unambiguous. */
export const DECAY_REASON_ID = 'decay';

const RuleId = z
  .string()
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a slug (lower-case letters, digits and dashes)');
const Label = z.string().trim().min(1, 'is required').max(100);
const Points = z.number().int().min(-1000).max(1000);
const FieldPath = z
  .string()
  .max(130)
  .regex(/^[a-zA-Z][a-zA-Z0-9_]*(?:\.[a-zA-Z][a-zA-Z0-9_]*)*$/, 'must be a field path such as industry or custom.budgetCode');
const RuleValue = z.union([
  z.string().max(500),
  z.number(),
  z.boolean(),
  z.array(z.string().trim().min(1).max(500)).min(1).max(100),
]);

export const FieldScoringRule = z
  .strictObject({
    kind: z.literal('field'),
    ruleId: RuleId,
    label: Label,
    field: FieldPath,
    op: z.enum(FIELD_OPERATORS),
    value: RuleValue.optional(),
    points: Points,
  })
  .superRefine((rule, ctx) => {
    const problem = valueProblem(rule.op, rule.value);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
  });

export const BehaviourScoringRule = z.strictObject({
  kind: z.literal('behaviour'),
  ruleId: RuleId,
  label: Label,
  event: z.enum(BEHAVIOUR_EVENTS),
  points: Points,
  maxTimes: z.number().int().min(1).optional(),
});

export const ScoringRule = z.discriminatedUnion('kind', [FieldScoringRule, BehaviourScoringRule]);
export type ScoringRule = z.infer<typeof ScoringRule>;
export type FieldScoringRule = z.infer<typeof FieldScoringRule>;
export type BehaviourScoringRule = z.infer<typeof BehaviourScoringRule>;

export const ScoringSettings = z
  .strictObject({
    rules: z.array(ScoringRule).max(200),
    decay: z.strictObject({
      pointsPerPeriod: z.number().int().min(0),
      periodDays: z.number().int().min(1),
      graceDays: z.number().int().min(0),
    }),
    ratings: z.strictObject({ hot: z.number().int(), warm: z.number().int(), cold: z.number().int() }),
    mqlThreshold: z.number().int(),
  })
  .superRefine((settings, ctx) => {
    const seen = new Set<string>();
    settings.rules.forEach((rule, index) => {
      const path = ['rules', index, 'ruleId'];
      if (rule.ruleId === DECAY_REASON_ID) ctx.addIssue({ code: 'custom', path, message: 'is reserved for decay' });
      else if (seen.has(rule.ruleId)) ctx.addIssue({ code: 'custom', path, message: 'is used twice' });
      seen.add(rule.ruleId);
    });
    const { hot, warm, cold } = settings.ratings;
    if (warm >= hot) ctx.addIssue({ code: 'custom', path: ['ratings', 'warm'], message: 'must be below hot' });
    if (cold >= warm) ctx.addIssue({ code: 'custom', path: ['ratings', 'cold'], message: 'must be below warm' });
  });
export type ScoringSettings = z.infer<typeof ScoringSettings>;

export const BehaviourEvent = z.object({ type: z.enum(BEHAVIOUR_EVENTS), at: z.iso.datetime({ offset: true }) });
export type BehaviourEvent = z.infer<typeof BehaviourEvent>;

export interface ScoreReason {
  ruleId: string;
  label: string;
  points: number;
  detail?: string;
}
export interface LeadScore {
  score: number;
  rating: LeadRating;
  mql: boolean;
  reasons: ScoreReason[];
}

/** What each operator needs as its value, so a rule that can never fire is refused up front. */
function valueProblem(op: FieldOperator, value: z.infer<typeof RuleValue> | undefined): string | undefined {
  switch (op) {
    case 'present':
      return value === undefined ? undefined : 'must be left out for present';
    case 'gte':
    case 'lte':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `must be a number for ${op}`;
    case 'in':
      return Array.isArray(value) ? undefined : 'must be a list of values for in';
    case 'contains':
      if (typeof value === 'string' && value.trim() !== '') return undefined;
      return Array.isArray(value) ? undefined : 'must be text, or a list of texts, for contains';
    case 'equals':
    case 'notEquals':
      if (value === undefined || Array.isArray(value)) return `must be a single value for ${op}`;
      return typeof value === 'string' && value.trim() === '' ? `must not be empty for ${op}` : undefined;
  }
}

export function defaultScoringSettings(): ScoringSettings {
  const behaviour = (event: BehaviourEventType, label: string, points: number, maxTimes: number): ScoringRule => ({
    kind: 'behaviour',
    ruleId: event,
    label,
    event,
    points,
    maxTimes,
  });
  return {
    rules: [
      { kind: 'field', ruleId: 'target-industry', label: 'Target industry', field: 'industry', op: 'in', value: ['software', 'finance'], points: 15 },
      { kind: 'field', ruleId: 'home-market', label: 'Home market', field: 'country', op: 'equals', value: 'US', points: 10 },
      // Money is kept in minor units: 1_000_000_000 cents is 10 million.
      { kind: 'field', ruleId: 'revenue-10m', label: 'Annual revenue of 10M or more', field: 'annualRevenue', op: 'gte', value: 1_000_000_000, points: 15 },
      { kind: 'field', ruleId: 'senior-title', label: 'Senior title', field: 'title', op: 'contains', value: ['director', 'vp'], points: 15 },
      { kind: 'field', ruleId: 'referral', label: 'Came by referral', field: 'source', op: 'equals', value: 'referral', points: 10 },
      { kind: 'field', ruleId: 'has-budget', label: 'Budget known', field: 'qualification.budget', op: 'present', points: 10 },
      behaviour('form-submitted', 'Submitted a form', 10, 3),
      behaviour('email-opened', 'Opened an email', 1, 10),
      behaviour('email-clicked', 'Clicked an email link', 3, 5),
      behaviour('event-attended', 'Attended an event', 15, 2),
      behaviour('content-downloaded', 'Downloaded content', 5, 4),
    ],
    decay: { pointsPerPeriod: 5, periodDays: 30, graceDays: 14 },
    ratings: { hot: 80, warm: 50, cold: 20 },
    mqlThreshold: 60,
  };
}

const DAY_MS = 86_400_000;

/**
 * Scores a lead. `settings` must already be parsed by ScoringSettings; the lead is read
 * loosely (a record of fields) because custom fields and future fields are scored too.
 */
export function scoreLead(
  lead: Record<string, unknown>,
  behaviour: BehaviourEvent[],
  settings: ScoringSettings,
  now: Date,
): LeadScore {
  const reasons: ScoreReason[] = [];
  for (const rule of settings.rules) {
    const reason = rule.kind === 'field' ? fieldReason(rule, lead) : behaviourReason(rule, behaviour);
    if (reason) reasons.push(reason);
  }
  const earned = reasons.reduce((sum, r) => sum + r.points, 0);
  const decay = decayReason(lead, settings.decay, earned, now);
  if (decay) reasons.push(decay);
  const score = earned + (decay?.points ?? 0);
  return { score, rating: ratingFor(score, settings.ratings), mql: score >= settings.mqlThreshold, reasons };
}

export function ratingFor(score: number, ratings: ScoringSettings['ratings']): LeadRating {
  if (score >= ratings.hot) return 'hot';
  if (score >= ratings.warm) return 'warm';
  if (score >= ratings.cold) return 'cold';
  return 'junk';
}

function fieldReason(rule: FieldScoringRule, lead: Record<string, unknown>): ScoreReason | undefined {
  if (!fieldMatches(rule, readPath(lead, rule.field))) return undefined;
  return { ruleId: rule.ruleId, label: rule.label, points: rule.points };
}

function behaviourReason(rule: BehaviourScoringRule, events: BehaviourEvent[]): ScoreReason | undefined {
  const happened = events.filter((e) => e.type === rule.event).length;
  const counted = rule.maxTimes === undefined ? happened : Math.min(happened, rule.maxTimes);
  if (counted === 0) return undefined;
  const what = `${counted} × ${rule.event.replaceAll('-', ' ')}`;
  const detail = counted < happened ? `${what} (${happened} in all, capped at ${rule.maxTimes})` : what;
  return { ruleId: rule.ruleId, label: rule.label, points: counted * rule.points, detail };
}

/**
 * Decay only takes back points the lead has earned: a score is never pushed below 0 by
 * inactivity, so the decay line shows what was actually taken and the reasons always add
 * up to the score.
 */
function decayReason(
  lead: Record<string, unknown>,
  decay: ScoringSettings['decay'],
  earned: number,
  now: Date,
): ScoreReason | undefined {
  const since = parseTime(lead.lastActivityAt) ?? parseTime(lead.createdAt);
  if (since === undefined || decay.pointsPerPeriod === 0) return undefined;
  const inactiveMs = now.getTime() - since;
  const afterGraceMs = inactiveMs - decay.graceDays * DAY_MS;
  // Only full periods count, so a lead does not lose points a day at a time.
  const periods = afterGraceMs > 0 ? Math.floor(afterGraceMs / (decay.periodDays * DAY_MS)) : 0;
  const taken = Math.min(periods * decay.pointsPerPeriod, Math.max(earned, 0));
  if (taken === 0) return undefined;
  const days = Math.floor(inactiveMs / DAY_MS);
  return { ruleId: DECAY_REASON_ID, label: 'Inactivity', points: -taken, detail: `${days} days without activity` };
}

function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Reads 'a.b.c' through nested plain objects; anything else on the way means "no value". */
export function readPath(record: Record<string, unknown>, path: string): unknown {
  let current: unknown = record;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

type Scalar = string | number | boolean;

/** Multi-value fields (multi-picklists) match when any of their values matches. */
function scalarsOf(value: unknown): Scalar[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .filter((v) => typeof v !== 'string' || v.trim() !== '');
}

const text = (s: string) => s.trim().toLowerCase();

function sameValue(a: Scalar, b: Scalar): boolean {
  if (typeof a === 'string' && typeof b === 'string') return text(a) === text(b);
  return a === b;
}

/**
 * Money fields are `{ amount, currency }` and imported numbers may be strings; both are
 * compared by their number so a revenue rule works whichever way the value was stored.
 */
function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  if (typeof value === 'object' && value !== null && 'amount' in value) return numberOf(value.amount);
  return undefined;
}

/** Blank text, an empty list and an empty object are what forms send for "not filled in". */
function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function fieldMatches(rule: FieldScoringRule, leadValue: unknown): boolean {
  const values = scalarsOf(leadValue);
  const expected = rule.value;
  switch (rule.op) {
    case 'present':
      return isPresent(leadValue);
    case 'equals':
      return values.some((v) => expected !== undefined && !Array.isArray(expected) && sameValue(v, expected));
    case 'notEquals':
      // A blank field is unknown rather than different, so it does not earn "not equals" points.
      return values.length > 0 && values.every((v) => expected !== undefined && !Array.isArray(expected) && !sameValue(v, expected));
    case 'in':
      return Array.isArray(expected) && values.some((v) => expected.some((e) => sameValue(v, e)));
    case 'contains': {
      const needles = (Array.isArray(expected) ? expected : [String(expected)]).map(text);
      return values.some((v) => typeof v === 'string' && needles.some((n) => text(v).includes(n)));
    }
    case 'gte':
    case 'lte': {
      const n = numberOf(leadValue);
      if (n === undefined || typeof expected !== 'number') return false;
      return rule.op === 'gte' ? n >= expected : n <= expected;
    }
  }
}
