import { describe, expect, it } from 'vitest';
import { appendDeals, confirmMove, findDeal, moveDeal, revertMove, type BoardColumn, type BoardDeal } from '../../ui/src/board-state';
import { addAmount, currencyDigits, defaultCurrency, formatAmounts, formatMoney, minorToDecimal, parseMoney, toInputText } from '../../ui/src/money';
import { splitFieldErrors, toProblem } from '../../ui/src/problem';
import { canonical, createPayload, patchPayload, splitList } from '../../ui/src/record-body';
import { href, parseHash } from '../../ui/src/router';
import { formatDuration } from '../../ui/src/values';
import { funnelRows, lastMonths } from '../../ui/src/funnel';
import { keyFromLabel, parseDefault } from '../../ui/src/views/admin/custom-fields';
import { addDays, localDay, parseLocalDay, weekStart } from '../../ui/src/views/calendar';
import { parseRuleValue, valueText } from '../../ui/src/views/admin/scoring';

describe('ui money', () => {
  it('knows each currency’s minor-unit digits from Intl', () => {
    expect(currencyDigits('EUR')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('BHD')).toBe(3);
    expect(currencyDigits('nope')).toBe(2);
  });

  it('reads major units typed in the locale’s notation into integer minor units, exactly', () => {
    expect(parseMoney('12,345.50', 'EUR', 'en-US')).toEqual({ ok: true, amount: 1_234_550 });
    expect(parseMoney('12.345,50', 'EUR', 'de-DE')).toEqual({ ok: true, amount: 1_234_550 });
    expect(parseMoney('12 345,5', 'EUR', 'fr-FR')).toEqual({ ok: true, amount: 1_234_550 });
    expect(parseMoney('1000', 'JPY', 'en-US')).toEqual({ ok: true, amount: 1000 });
    expect(parseMoney('1.234', 'BHD', 'en-US')).toEqual({ ok: true, amount: 1234 });
    expect(parseMoney('€ 0.1', 'EUR', 'en-US')).toEqual({ ok: true, amount: 10 });
    expect(parseMoney('.5', 'USD', 'en-US')).toEqual({ ok: true, amount: 50 });
    // 0.1 + 0.2 style float error cannot happen: 19.99 is 1999, not 1998.9999.
    expect(parseMoney('19.99', 'USD', 'en-US')).toEqual({ ok: true, amount: 1999 });
    expect(parseMoney('1.50', 'JPY', 'en-US')).toEqual({ ok: false, error: 'must be whole JPY (no decimals)' });
    expect(parseMoney('1.00', 'JPY', 'en-US')).toEqual({ ok: true, amount: 1 });
    expect(parseMoney('1.234', 'EUR', 'en-US')).toMatchObject({ ok: false, error: 'has at most 2 decimals in EUR' });
    expect(parseMoney('-5', 'EUR', 'en-US')).toMatchObject({ ok: false, error: 'must not be negative' });
    expect(parseMoney('abc', 'EUR', 'en-US')).toMatchObject({ ok: false });
    expect(parseMoney('1.2.3', 'EUR', 'en-US')).toMatchObject({ ok: false });
    expect(parseMoney('99999999999999999', 'EUR', 'en-US')).toMatchObject({ ok: false, error: 'is too large' });
  });

  it('formats minor units with Intl in their currency, without floats', () => {
    expect(minorToDecimal(1_234_550, 'EUR')).toBe('12345.50');
    expect(minorToDecimal(5, 'EUR')).toBe('0.05');
    expect(minorToDecimal(1000, 'JPY')).toBe('1000');
    expect(formatMoney(1_234_550, 'EUR', 'en-US')).toBe('€12,345.50');
    expect(formatMoney(1000, 'JPY', 'en-US')).toBe('¥1,000');
    expect(formatMoney(1_234_550, 'EUR', 'de-DE')).toBe('12.345,50\u00a0€');
    // Beyond 2^53 / 100 a float would lose cents; the decimal string does not.
    expect(formatMoney(900_719_925_474_099, 'USD', 'en-US')).toBe('$9,007,199,254,740.99');
    expect(formatMoney(100, 'XYZ', 'en-US')).toBe('XYZ\u00a01.00');
    // Not a currency code at all: the amount and the code as they are.
    expect(formatMoney(100, 'X1', 'en-US')).toBe('1.00 X1');
    expect(formatAmounts([{ currency: 'EUR', amount: 100 }, { currency: 'USD', amount: 250 }], 'en-US')).toBe('€1.00 · $2.50');
  });

  it('gives the amount back as input text, and sums per currency', () => {
    expect(toInputText(1_234_550, 'EUR', 'en-US')).toBe('12345.50');
    expect(toInputText(1_234_550, 'EUR', 'de-DE')).toBe('12345,50');
    expect(toInputText(undefined, 'EUR')).toBe('');
    expect(addAmount([{ currency: 'EUR', amount: 100 }], { currency: 'EUR', amount: 50 }, 1)).toEqual([{ currency: 'EUR', amount: 150 }]);
    expect(addAmount([{ currency: 'EUR', amount: 100 }], { currency: 'USD', amount: 50 }, 1)).toEqual([{ currency: 'EUR', amount: 100 }, { currency: 'USD', amount: 50 }]);
    expect(addAmount([{ currency: 'EUR', amount: 100 }], { currency: 'EUR', amount: 100 }, -1)).toEqual([]);
    expect(defaultCurrency('en-US')).toBe('USD');
    expect(defaultCurrency('de-DE')).toBe('EUR');
    expect(defaultCurrency('ja-JP')).toBe('JPY');
  });
});

describe('ui board state', () => {
  const deal = (id: string, stage: string, amount: number, currency = 'EUR', closeDate = '2030-01-01', version = 1): BoardDeal => ({ opportunityId: id, name: id, stage, amount, currency, closeDate, version });
  const col = (stageId: string, deals: BoardDeal[], cursor: string | null = null): BoardColumn => ({
    stageId,
    name: stageId,
    kind: stageId === 'won' ? 'won' : 'open',
    probability: 10,
    deals,
    cursor,
    totals: {
      count: deals.length,
      amounts: deals.reduce((sums, d) => addAmount(sums, d, 1), [] as { currency: string; amount: number }[]),
    },
  });
  const board = () => [
    col('new', [deal('a', 'new', 100, 'EUR', '2030-01-01'), deal('b', 'new', 200, 'USD', '2030-02-01'), deal('c', 'new', 300, 'EUR', '2030-03-01')]),
    col('won', [deal('d', 'won', 1000, 'EUR', '2030-01-15')]),
  ];

  it('moves a card optimistically: out of one column and its totals, into the other at its close date', () => {
    const before = board();
    const result = moveDeal(before, 'b', 'won')!;
    expect(result.move).toMatchObject({ dealId: 'b', from: 'new', to: 'won', index: 1 });
    const [from, to] = result.columns;
    expect(from!.deals.map((d) => d.opportunityId)).toEqual(['a', 'c']);
    expect(from!.totals).toEqual({ count: 2, amounts: [{ currency: 'EUR', amount: 400 }] });
    expect(to!.deals.map((d) => d.opportunityId)).toEqual(['d', 'b']);
    expect(to!.deals[1]!.stage).toBe('won');
    expect(to!.totals).toEqual({ count: 2, amounts: [{ currency: 'EUR', amount: 1000 }, { currency: 'USD', amount: 200 }] });
    // The input is untouched (the board keeps its last state to draw from).
    expect(before[0]!.deals).toHaveLength(3);
  });

  it('does nothing for a card already there, an unknown card or an unknown stage', () => {
    expect(moveDeal(board(), 'a', 'new')).toBeNull();
    expect(moveDeal(board(), 'zz', 'won')).toBeNull();
    expect(moveDeal(board(), 'a', 'nope')).toBeNull();
  });

  it('rolls a refused move back: the card as it was, at its old place, totals restored', () => {
    const start = board();
    const { columns, move } = moveDeal(start, 'b', 'won')!;
    const reverted = revertMove(columns, move);
    expect(reverted).toEqual(start);
  });

  it('rolls back one move while another card moved meanwhile', () => {
    const first = moveDeal(board(), 'a', 'won')!;
    const second = moveDeal(first.columns, 'c', 'won')!;
    const reverted = revertMove(second.columns, first.move);
    expect(reverted[0]!.deals.map((d) => d.opportunityId)).toEqual(['a', 'b']);
    expect(reverted[1]!.deals.map((d) => d.opportunityId)).toEqual(['d', 'c']);
    expect(reverted[1]!.totals.count).toBe(2);
    expect(reverted[0]!.totals.count).toBe(2);
    expect([...reverted[0]!.totals.amounts].sort((a, b) => a.currency.localeCompare(b.currency))).toEqual([
      { currency: 'EUR', amount: 100 },
      { currency: 'USD', amount: 200 },
    ]);
  });

  it('confirms a move with the saved deal (new version), and follows the server if it put it elsewhere', () => {
    const { columns } = moveDeal(board(), 'a', 'won')!;
    const confirmed = confirmMove(columns, { ...deal('a', 'won', 100), version: 2 });
    expect(findDeal(confirmed, 'a')).toMatchObject({ column: { stageId: 'won' }, deal: { version: 2 } });
    expect(confirmed[1]!.totals.count).toBe(2);
    const elsewhere = confirmMove(columns, { ...deal('a', 'new', 100), version: 2 });
    expect(findDeal(elsewhere, 'a')?.column.stageId).toBe('new');
    expect(elsewhere[1]!.totals).toEqual({ count: 1, amounts: [{ currency: 'EUR', amount: 1000 }] });
  });

  it('appends the next page of a column without doubling cards already on the board', () => {
    const { columns } = moveDeal([col('new', [deal('a', 'new', 1)], 'cursor-1'), col('won', [])], 'a', 'won')!;
    const next = appendDeals(columns, 'new', [deal('a', 'new', 1), deal('e', 'new', 5)], null);
    expect(next[0]!.deals.map((d) => d.opportunityId)).toEqual(['e']);
    expect(next[0]!.cursor).toBeNull();
  });
});

describe('ui request bodies', () => {
  it('builds a create body: blanks left out, nested groups as objects', () => {
    expect(
      createPayload([
        ['name', ' Acme '],
        ['domain', ''],
        ['amount', 1234],
        ['tags', []],
        ['qualification.need', 'CRM'],
        ['qualification.budget', ''],
        ['custom.tier', 'gold'],
        ['custom.size', undefined],
      ]),
    ).toEqual({ name: ' Acme ', amount: 1234, qualification: { need: 'CRM' }, custom: { tier: 'gold' } });
  });

  it('patches only what changed: null clears, custom per key, other groups whole', () => {
    const original = { name: 'Acme', phone: '+1 555', tags: ['a'], amount: 100, qualification: { need: 'CRM', budget: '10k' }, custom: { tier: 'gold', size: 5 }, version: 3 };
    expect(patchPayload(original, [['name', 'Acme'], ['tags', ['a']], ['qualification.need', 'CRM'], ['qualification.budget', '10k'], ['custom.tier', 'gold']], 3)).toBeNull();
    expect(
      patchPayload(
        original,
        [
          ['name', 'Acme'],
          ['phone', ''],
          ['tags', []],
          ['amount', 250],
          ['qualification.need', 'ERP'],
          ['qualification.budget', '10k'],
          ['custom.tier', ''],
          ['custom.size', 5],
        ],
        3,
      ),
    ).toEqual({ phone: null, tags: [], amount: 250, qualification: { need: 'ERP', budget: '10k' }, custom: { tier: null }, version: 3 });
    expect(patchPayload(original, [['qualification.need', ''], ['qualification.budget', '']], 3)).toEqual({ qualification: null, version: 3 });
    // Keys of a group the form does not show are kept.
    expect(patchPayload(original, [['qualification.need', 'ERP']], 3)).toEqual({ qualification: { need: 'ERP', budget: '10k' }, version: 3 });
    expect(canonical({ b: 1, a: [1] })).toBe(canonical({ a: [1], b: 1 }));
    expect(splitList(' a, b ,, c ')).toEqual(['a', 'b', 'c']);
  });

  it('shows nested API errors next to the field that holds them', () => {
    const problem = toProblem(422, {
      title: 'Invalid input',
      status: 422,
      errors: [
        { name: 'custom.budget.amount', pointer: '#/custom/budget/amount', detail: 'must be whole minor units' },
        { name: 'opportunity.closeDate', pointer: '#/opportunity/closeDate', detail: 'must be a date' },
        { name: 'qualification.need', pointer: '#/qualification/need', detail: 'is too long' },
        { name: 'account.name', pointer: '', detail: 'is required' },
      ],
    });
    const { byField, other } = splitFieldErrors(problem, ['custom.budget', 'opportunity.closeDate', 'qualification.need', 'account', 'name']);
    expect(byField.get('custom.budget')).toEqual(['must be whole minor units']);
    expect(byField.get('opportunity.closeDate')).toEqual(['must be a date']);
    expect(byField.get('qualification.need')).toEqual(['is too long']);
    expect(byField.get('account')).toEqual(['is required']);
    expect(other).toEqual([]);
  });
});

describe('ui sales routes', () => {
  it('maps the sales pages', () => {
    expect(parseHash('#/leads/L1/convert')).toEqual({ name: 'leadConvert', id: 'L1' });
    expect(parseHash('#/leads/L1/merge/L2')).toEqual({ name: 'merge', type: 'lead', id: 'L1', duplicateId: 'L2' });
    expect(parseHash('#/contacts/C1/merge/C2')).toEqual({ name: 'merge', type: 'contact', id: 'C1', duplicateId: 'C2' });
    expect(parseHash('#/opportunities').name).toBe('opportunities');
    expect(parseHash('#/opportunities/new?accountId=A1')).toEqual({ name: 'opportunityNew', accountId: 'A1' });
    expect(parseHash('#/opportunities/O1')).toEqual({ name: 'opportunity', id: 'O1' });
    expect(parseHash('#/pipeline')).toMatchObject({ name: 'pipeline' });
    expect(parseHash('#/pipeline/renewals?mine=1')).toMatchObject({ name: 'pipeline', pipelineId: 'renewals' });
    expect(parseHash('#/activities').name).toBe('activities');
    expect(parseHash('#/calendar?view=agenda')).toMatchObject({ name: 'calendar' });
    expect(parseHash('#/admin/custom-fields?type=opportunity')).toMatchObject({ name: 'admin', page: 'custom-fields' });
    expect(parseHash('#/admin/pipelines')).toMatchObject({ name: 'admin', page: 'pipelines' });
    expect(parseHash('#/admin/scoring')).toMatchObject({ name: 'admin', page: 'scoring' });
    expect(parseHash('#/leads/L1/convert/x').name).toBe('notFound');
    expect(parseHash('#/accounts/A1/merge/A2').name).toBe('notFound');
    expect(parseHash('#/leads/L1/merge').name).toBe('notFound');
    expect(href('/leads', { tag: 'emea', status: undefined })).toBe('#/leads?tag=emea');
  });
});

describe('ui sales admin helpers', () => {
  it('suggests a custom field key from its label', () => {
    expect(keyFromLabel('Budget code (EMEA)')).toBe('budgetCodeEmea');
    expect(keyFromLabel('2nd phone')).toBe('f2ndPhone');
    expect(keyFromLabel('Société')).toBe('societe');
  });

  it('reads a custom field default by type', () => {
    expect(parseDefault('number', '42', undefined)).toEqual({ value: 42 });
    expect(parseDefault('checkbox', 'yes', undefined)).toEqual({ value: true });
    expect(parseDefault('multi-picklist', 'a, b', undefined)).toEqual({ value: ['a', 'b'] });
    expect(parseDefault('money', '10.5', 'EUR')).toEqual({ value: { amount: 1050, currency: 'EUR' } });
    expect(parseDefault('money', '10', undefined)).toMatchObject({ error: expect.any(String) });
    expect(parseDefault('text', '', undefined)).toEqual({});
  });

  it('reads a scoring rule value by its comparison', () => {
    expect(parseRuleValue('in', 'software, finance')).toEqual({ value: ['software', 'finance'] });
    expect(parseRuleValue('contains', 'director')).toEqual({ value: 'director' });
    expect(parseRuleValue('contains', 'director, vp')).toEqual({ value: ['director', 'vp'] });
    expect(parseRuleValue('gte', '1000000000')).toEqual({ value: 1_000_000_000 });
    expect(parseRuleValue('gte', 'lots')).toMatchObject({ error: 'must be a number' });
    expect(parseRuleValue('present', 'ignored')).toEqual({});
    expect(parseRuleValue('equals', 'US', 'DE')).toEqual({ value: 'US' });
    expect(parseRuleValue('equals', '5', 3)).toEqual({ value: 5 });
    expect(parseRuleValue('equals', 'true', false)).toEqual({ value: true });
    expect(parseRuleValue('equals', '')).toMatchObject({ error: expect.any(String) });
    expect(valueText(['a', 'b'])).toBe('a, b');
  });

  it('says how long a deal sat in a stage', () => {
    expect(formatDuration(30_000)).toBe('under a minute');
    expect(formatDuration(4 * 60_000)).toBe('4 min');
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 d 4 h');
  });
});

describe('ui calendar days', () => {
  it('finds the Monday of a week and steps by local days', () => {
    const wednesday = new Date(2026, 10, 25, 15, 30);
    expect(localDay(weekStart(wednesday))).toBe('2026-11-23');
    expect(localDay(weekStart(new Date(2026, 10, 29)))).toBe('2026-11-23');
    expect(localDay(weekStart(new Date(2026, 10, 23)))).toBe('2026-11-23');
    expect(localDay(addDays(new Date(2026, 11, 30), 3))).toBe('2027-01-02');
    expect(localDay(parseLocalDay('2026-03-01')!)).toBe('2026-03-01');
    expect(parseLocalDay('yesterday')).toBeNull();
    expect(parseLocalDay(null)).toBeNull();
  });
});

describe('ui funnel', () => {
  it('covers the last twelve calendar months, across a year end', () => {
    expect(lastMonths(new Date('2026-03-15T10:00:00Z'), 12)).toEqual({ from: '2025-04', to: '2026-03' });
    expect(lastMonths(new Date('2026-12-31T23:00:00Z'), 1)).toEqual({ from: '2026-12', to: '2026-12' });
  });

  it('shows stage names and whole percentages, a dash where there is no rate', () => {
    const rows = funnelRows(
      [
        { stage: 'proposal', reached: 4, conversionToNext: 0.5, wonRate: 0.25 },
        { stage: 'won', reached: 2, conversionToNext: null },
        { stage: 'gone', reached: 1, conversionToNext: null },
      ],
      (id) => ({ proposal: 'Proposal', won: 'Closed won' })[id] ?? id,
    );
    expect(rows).toEqual([
      { stage: 'Proposal', reached: '4', next: '50%', won: '25%' },
      { stage: 'Closed won', reached: '2', next: '—', won: '—' },
      { stage: 'gone', reached: '1', next: '—', won: '—' },
    ]);
  });
});
