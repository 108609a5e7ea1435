/**
 * The lead scoring editor: field rules (what a lead is), behaviour rules (what it does),
 * decay for inactivity, the rating thresholds and the MQL threshold; edited as a draft
 * and saved whole. Leads are re-scored with the new rules as they change.
 */
import { api } from '../../api';
import { button } from '../../components';
import { h, uid } from '../../dom';
import { splitList } from '../../record-body';
import { freeId } from '../../security';
import type { SettingsDocument } from '../records';
import { documentPage, type DocumentContext } from './document-page';

export const FIELD_OPERATORS = ['equals', 'notEquals', 'in', 'contains', 'gte', 'lte', 'present'] as const;
export type FieldOperator = (typeof FIELD_OPERATORS)[number];
export const BEHAVIOUR_EVENTS = ['form-submitted', 'email-opened', 'email-clicked', 'event-attended', 'content-downloaded'] as const;
type BehaviourEvent = (typeof BEHAVIOUR_EVENTS)[number];
type RuleValue = string | number | boolean | string[];

export interface FieldRule {
  kind: 'field';
  ruleId: string;
  label: string;
  field: string;
  op: FieldOperator;
  value?: RuleValue;
  points: number;
}
export interface BehaviourRule {
  kind: 'behaviour';
  ruleId: string;
  label: string;
  event: BehaviourEvent;
  points: number;
  maxTimes?: number;
}
export interface ScoringSettings {
  rules: (FieldRule | BehaviourRule)[];
  decay: { pointsPerPeriod: number; periodDays: number; graceDays: number };
  ratings: { hot: number; warm: number; cold: number };
  mqlThreshold: number;
}

const OP_LABELS: Record<FieldOperator, string> = {
  equals: 'is',
  notEquals: 'is not',
  in: 'is one of',
  contains: 'contains',
  gte: 'is at least',
  lte: 'is at most',
  present: 'is filled in',
};
const EVENT_LABELS: Record<BehaviourEvent, string> = {
  'form-submitted': 'Submitted a form',
  'email-opened': 'Opened an email',
  'email-clicked': 'Clicked an email link',
  'event-attended': 'Attended an event',
  'content-downloaded': 'Downloaded content',
};

/** A rule's value as the admin types it. */
export function valueText(value: RuleValue | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** The value a rule stores for what was typed, by operator; `before` keeps a number or yes/no a number or yes/no. */
export function parseRuleValue(op: FieldOperator, text: string, before?: RuleValue): { value?: RuleValue; error?: string } {
  const t = text.trim();
  switch (op) {
    case 'present':
      return {};
    case 'gte':
    case 'lte':
      return t !== '' && Number.isFinite(Number(t)) ? { value: Number(t) } : { error: 'must be a number' };
    case 'in': {
      const list = splitList(t);
      return list.length ? { value: list } : { error: 'needs at least one value (separate them with commas)' };
    }
    case 'contains': {
      const list = splitList(t);
      if (!list.length) return { error: 'needs some text' };
      return { value: list.length === 1 ? list[0]! : list };
    }
    default:
      if (!t) return { error: 'needs a value' };
      if (typeof before === 'number' && Number.isFinite(Number(t))) return { value: Number(t) };
      if (typeof before === 'boolean' && /^(true|false)$/i.test(t)) return { value: /^true$/i.test(t) };
      return { value: t };
  }
}

export function scoringView(root: HTMLElement): Promise<void> {
  let draft: ScoringSettings | null = null;
  return documentPage<ScoringSettings>(root, {
    page: 'scoring',
    title: 'Lead scoring',
    what: 'the scoring settings',
    intro: 'A lead’s score is the sum of the points of the rules that apply to it, minus decay while it is inactive. The score gives its rating (hot, warm, cold, junk) and makes it marketing-qualified (MQL) at the threshold. Each lead page shows how its score is made up.',
    load: async () => {
      draft = null;
      return api<SettingsDocument<ScoringSettings>>('GET', '/scoring');
    },
    putPath: '/admin/scoring',
    onSaved: () => (draft = null),
    pathLabel: (path) => {
      if (path[0] === 'rules' && draft) {
        const rule = draft.rules[Number(path[1])];
        return [`Rule ${Number(path[1]) + 1}${rule ? ` (${rule.label || rule.ruleId})` : ''}`, ...path.slice(2)].join(' › ');
      }
      return path.join(' › ');
    },
    render: (ctx) => {
      if (!draft) draft = structuredClone(ctx.doc.settings);
      return editor(ctx, draft, () => {
        draft = null;
        ctx.redraw('Changes discarded.');
      });
    },
  });
}

function editor(ctx: DocumentContext<ScoringSettings>, draft: ScoringSettings, discard: () => void): HTMLElement {
  const redraw = () => ctx.redraw();
  /** Typed values not yet valid, by data-path; saving is refused while there are any. */
  const invalid = new Map<string, string>();
  const intInput = (value: number | undefined, label: string, path: string, set: (n: number | undefined) => void, optional = false) => {
    const input = h('input', { type: 'number', step: 1, value: value === undefined ? '' : String(value), 'aria-label': label, 'data-path': path, class: 'narrow' });
    input.addEventListener('input', () => {
      const text = input.value.trim();
      if (text === '' && optional) {
        invalid.delete(path);
        input.removeAttribute('aria-invalid');
        return set(undefined);
      }
      const n = Number(text);
      if (text === '' || !Number.isInteger(n)) {
        invalid.set(path, `${label} must be a whole number`);
        input.setAttribute('aria-invalid', 'true');
      } else {
        invalid.delete(path);
        input.removeAttribute('aria-invalid');
        set(n);
      }
    });
    return input;
  };
  const textInput = (value: string, label: string, path: string, set: (v: string) => void, attrs: Record<string, unknown> = {}) => {
    const input = h('input', { type: 'text', value, 'aria-label': label, 'data-path': path, ...attrs });
    input.addEventListener('input', () => set(input.value));
    return input;
  };

  const ruleRow = (rule: FieldRule | BehaviourRule, i: number) => {
    const name = rule.label || rule.ruleId || `rule ${i + 1}`;
    let condition: HTMLElement;
    if (rule.kind === 'field') {
      const valuePath = `rules.${i}.value`;
      const value = textInput(valueText(rule.value), `${name}: value`, valuePath, () => {}, { class: 'rule-value' });
      const applyValue = () => {
        const parsed = parseRuleValue(rule.op, value.value, rule.value);
        if (parsed.error) {
          invalid.set(valuePath, `${name}: the value ${parsed.error}`);
          value.setAttribute('aria-invalid', 'true');
        } else {
          invalid.delete(valuePath);
          value.removeAttribute('aria-invalid');
          if (parsed.value === undefined) delete rule.value;
          else rule.value = parsed.value;
        }
      };
      value.addEventListener('input', applyValue);
      const op = h(
        'select',
        { 'aria-label': `${name}: comparison`, 'data-path': `rules.${i}.op` },
        FIELD_OPERATORS.map((o) => h('option', { value: o, selected: o === rule.op }, OP_LABELS[o])),
      );
      op.addEventListener('change', () => {
        rule.op = op.value as FieldOperator;
        value.hidden = rule.op === 'present';
        applyValue();
      });
      value.hidden = rule.op === 'present';
      condition = h(
        'div',
        { class: 'rule-condition' },
        textInput(rule.field, `${name}: field`, `rules.${i}.field`, (v) => (rule.field = v.trim()), { class: 'rule-field', placeholder: 'industry or custom.key' }),
        op,
        value,
      );
    } else {
      const event = h(
        'select',
        { 'aria-label': `${name}: behaviour`, 'data-path': `rules.${i}.event` },
        BEHAVIOUR_EVENTS.map((e) => h('option', { value: e, selected: e === rule.event }, EVENT_LABELS[e])),
      );
      event.addEventListener('change', () => (rule.event = event.value as BehaviourEvent));
      condition = h(
        'div',
        { class: 'rule-condition' },
        event,
        h('label', { class: 'small' }, 'at most ', intInput(rule.maxTimes, `${name}: counted at most (times)`, `rules.${i}.maxTimes`, (n) => (n === undefined ? delete rule.maxTimes : (rule.maxTimes = n)), true), ' times'),
      );
    }
    const move = (by: number) => {
      const [item] = draft.rules.splice(i, 1);
      draft.rules.splice(i + by, 0, item!);
      redraw();
    };
    return h(
      'tr',
      null,
      h('td', { 'data-label': 'Rule' }, textInput(rule.label, `Rule ${i + 1} label`, `rules.${i}.label`, (v) => (rule.label = v), { maxlength: 100 }), h('div', { class: 'small' }, textInput(rule.ruleId, `Rule ${i + 1} id`, `rules.${i}.ruleId`, (v) => (rule.ruleId = v.trim()), { maxlength: 64, class: 'rule-id' }))),
      h('td', { 'data-label': 'Kind' }, rule.kind === 'field' ? 'Field' : 'Behaviour'),
      h('td', { 'data-label': 'When' }, condition),
      h('td', { 'data-label': 'Points' }, intInput(rule.points, `${name}: points`, `rules.${i}.points`, (n) => (rule.points = n ?? 0))),
      h(
        'td',
        { 'data-label': 'Actions' },
        h(
          'span',
          { class: 'actions' },
          i > 0 ? button('Up', () => move(-1), 'secondary', { 'aria-label': `Move ${name} up` }) : null,
          i < draft.rules.length - 1 ? button('Down', () => move(1), 'secondary', { 'aria-label': `Move ${name} down` }) : null,
          button('Remove', () => (draft.rules.splice(i, 1), redraw()), 'danger', { 'aria-label': `Remove ${name}` }),
        ),
      ),
    );
  };

  const fieldset = (legend: string, ...rows: [string, HTMLElement, string?][]) =>
    h(
      'fieldset',
      { class: 'checks settings-group' },
      h('legend', null, legend),
      rows.map(([label, input, hint]) => {
        const id = uid('s');
        input.id = id;
        input.removeAttribute('aria-label');
        return h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('p', { class: 'hint' }, hint) : null);
      }),
    );

  const rulesId = uid('rules');
  return h(
    'div',
    { class: 'scoring-editor' },
    h(
      'section',
      { class: 'card', 'aria-labelledby': rulesId },
      h('h2', { id: rulesId }, `Rules (${draft.rules.length})`),
      h('p', { class: 'hint' }, 'Field rules compare a lead field (industry, country, title, source, annualRevenue in minor units, qualification.budget, custom.<key>…). Behaviour rules count events such as opened emails. Negative points take points away.'),
      h(
        'table',
        { class: 'table rules-table', 'data-path': 'rules' },
        h('caption', { class: 'sr-only' }, 'Scoring rules'),
        h('thead', null, h('tr', null, ['Rule', 'Kind', 'When', 'Points', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, draft.rules.map(ruleRow)),
      ),
      h(
        'div',
        { class: 'actions' },
        button('Add field rule', () => {
          draft.rules.push({ kind: 'field', ruleId: freeId('field-rule', draft.rules.map((r) => r.ruleId)), label: '', field: 'industry', op: 'equals', value: '', points: 10 });
          redraw();
        }),
        button('Add behaviour rule', () => {
          draft.rules.push({ kind: 'behaviour', ruleId: freeId('behaviour-rule', draft.rules.map((r) => r.ruleId)), label: '', event: 'form-submitted', points: 5 });
          redraw();
        }),
      ),
    ),
    h(
      'section',
      { class: 'card', 'aria-label': 'Decay and thresholds' },
      h('h2', null, 'Decay and thresholds'),
      h(
        'div',
        { class: 'settings-groups' },
        fieldset(
          'Decay for inactivity',
          ['Points taken per period', intInput(draft.decay.pointsPerPeriod, 'Points taken per period', 'decay.pointsPerPeriod', (n) => (draft.decay.pointsPerPeriod = n ?? 0)), '0 turns decay off'],
          ['Period (days)', intInput(draft.decay.periodDays, 'Period (days)', 'decay.periodDays', (n) => (draft.decay.periodDays = n ?? 1))],
          ['Grace (days)', intInput(draft.decay.graceDays, 'Grace (days)', 'decay.graceDays', (n) => (draft.decay.graceDays = n ?? 0)), 'Days without activity before decay starts'],
        ),
        fieldset(
          'Ratings (score at least)',
          ['Hot', intInput(draft.ratings.hot, 'Hot from', 'ratings.hot', (n) => (draft.ratings.hot = n ?? 0))],
          ['Warm', intInput(draft.ratings.warm, 'Warm from', 'ratings.warm', (n) => (draft.ratings.warm = n ?? 0))],
          ['Cold', intInput(draft.ratings.cold, 'Cold from', 'ratings.cold', (n) => (draft.ratings.cold = n ?? 0)), 'Below cold a lead is junk'],
        ),
        fieldset('Marketing-qualified', ['MQL threshold', intInput(draft.mqlThreshold, 'MQL threshold', 'mqlThreshold', (n) => (draft.mqlThreshold = n ?? 0)), 'A lead with at least this score is an MQL']),
      ),
    ),
    h(
      'div',
      { class: 'actions' },
      button(
        'Save scoring',
        () => {
          if (invalid.size) return ctx.refuse(`Nothing was saved. ${[...invalid.values()].join('; ')}.`);
          void ctx.save(structuredClone(draft), 'Scoring saved. Every lead is scored with the new rules when it is next shown.');
        },
        'primary',
      ),
      button('Discard changes', discard),
    ),
  );
}
