import * as z from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPhoneNumbers } from '../../shared/sales/duplicates';
import {
  type CustomFieldDefinition,
  CustomFieldDefinition as DefinitionSchema,
  CustomFieldSettings,
  customValuesSchema,
  exportColumns,
  formatForCsv,
  uniqueCustomValues,
} from '../../shared/sales/custom-fields';

// phone values are normalised by libphonenumber, which the write path loads first
beforeAll(loadPhoneNumbers);

const def = (field: Partial<CustomFieldDefinition> & Pick<CustomFieldDefinition, 'type'>): CustomFieldDefinition =>
  DefinitionSchema.parse({ key: 'value', label: 'Value', ...field });

/** Parses `custom` inside a record, as the API does, and gives the problems by dotted path. */
function parseCustom(defs: CustomFieldDefinition[], custom: unknown, mode: 'create' | 'patch' = 'create') {
  const schema = z.object({ custom: mode === 'create' ? customValuesSchema(defs, 'create') : customValuesSchema(defs, 'patch') });
  const result = schema.safeParse({ custom });
  if (result.success) return { data: result.data.custom };
  return { problems: Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), i.message])) };
}
const valueOf = (field: CustomFieldDefinition, value: unknown) => parseCustom([field], { value });

describe('values of each type', () => {
  const cases: {
    type: CustomFieldDefinition['type'];
    field?: Partial<CustomFieldDefinition>;
    valid: [unknown, unknown];
    invalid: [unknown, string];
    oversized?: [unknown, string];
  }[] = [
    { type: 'text', field: { maxLength: 5 }, valid: ['  abc ', 'abc'], invalid: [12, 'must be text'], oversized: ['abcdef', 'must be at most 5 characters'] },
    { type: 'number', valid: [-12.5, -12.5], invalid: ['12', 'must be a number'], oversized: [Infinity, 'must be a number'] },
    {
      type: 'money',
      valid: [{ amount: 123450, currency: 'eur' }, { amount: 123450, currency: 'EUR' }],
      invalid: [{ amount: 1.5, currency: 'EUR' }, 'must be a whole number of minor units (cents)'],
      oversized: [{ amount: 2 ** 60, currency: 'EUR' }, 'is too large'],
    },
    { type: 'date', valid: ['2024-02-29', '2024-02-29'], invalid: ['2025-02-30', 'must be a date (YYYY-MM-DD)'], oversized: ['2025-01-011', 'must be a date (YYYY-MM-DD)'] },
    { type: 'picklist', field: { options: ['EMEA', 'APAC'] }, valid: [' emea ', 'EMEA'], invalid: ['LATAM', 'must be one of: EMEA, APAC'] },
    { type: 'multi-picklist', field: { options: ['EMEA', 'APAC'] }, valid: [['apac', 'EMEA'], ['APAC', 'EMEA']], invalid: ['EMEA', 'must be a list of options'] },
    { type: 'checkbox', valid: [false, false], invalid: ['yes', 'must be true or false'] },
    {
      type: 'url',
      valid: ['https://example.com/a?b=1', 'https://example.com/a?b=1'],
      invalid: ['ftp://example.com/file', 'must be an http(s) URL'],
      oversized: [`https://example.com/${'a'.repeat(2000)}`, 'must be at most 2000 characters'],
    },
    {
      type: 'email',
      valid: [' Raj.Patel@Example.COM ', 'raj.patel@example.com'],
      invalid: ['raj@', 'must be an email address'],
      oversized: [`${'a'.repeat(250)}@example.com`, 'must be at most 254 characters'],
    },
    {
      type: 'phone',
      valid: ['(415) 555-0100', '+14155550100'],
      invalid: ['not a phone', 'must be a phone number'],
      oversized: ['+1 415 555 0100'.padEnd(41, ' '), 'must be at most 40 characters'],
    },
  ];

  for (const c of cases) {
    describe(c.type, () => {
      const field = def({ type: c.type, ...c.field });
      it('accepts and normalises a valid value', () => {
        expect(valueOf(field, c.valid[0])).toEqual({ data: { value: c.valid[1] } });
      });
      it('refuses an invalid value at its path', () => {
        const problems = valueOf(field, c.invalid[0]).problems ?? {};
        expect(Object.values(problems)).toEqual([c.invalid[1]]);
        expect(Object.keys(problems)[0]).toMatch(/^custom\.value/);
      });
      if (c.oversized) {
        it('refuses an oversized value', () => {
          expect(Object.values(valueOf(field, c.oversized![0]).problems ?? {})).toEqual([c.oversized![1]]);
        });
      }
      it('leaves a missing or blank optional value out', () => {
        expect(parseCustom([field], {})).toEqual({ data: {} });
        expect(parseCustom([field], { value: null })).toEqual({ data: {} });
        if (c.type !== 'checkbox' && c.type !== 'number') expect(parseCustom([field], { value: '  ' })).toEqual({ data: {} });
      });
      it('refuses an extra key', () => {
        expect(parseCustom([field], { value: c.valid[0], other: 1 }).problems).toEqual({ 'custom.other': 'is not a custom field' });
      });
    });
  }

  it('keeps text at 1000 characters by default', () => {
    const text = def({ type: 'text' });
    expect(valueOf(text, 'a'.repeat(1000)).data).toBeDefined();
    expect(valueOf(text, 'a'.repeat(1001)).problems).toEqual({ 'custom.value': 'must be at most 1000 characters' });
  });

  it('refuses every other shape of the custom object itself', () => {
    expect(parseCustom([], ['a']).problems).toEqual({ custom: 'must be an object of custom field values' });
    expect(parseCustom([], JSON.parse('{"__proto__": {"x": 1}}')).problems).toEqual({ 'custom.__proto__': 'is not a custom field' });
  });
});

describe('money', () => {
  const money = def({ type: 'money' });
  const euros = def({ type: 'money', currency: 'EUR' });

  it('needs a known currency', () => {
    expect(valueOf(money, { amount: 1 }).problems).toEqual({ 'custom.value.currency': 'must be a currency code' });
    expect(valueOf(money, { amount: 1, currency: 'XYZ' }).problems).toEqual({ 'custom.value.currency': 'is not an ISO 4217 currency code' });
    expect(valueOf(money, 100).problems).toEqual({ 'custom.value': 'must be an amount and a currency' });
  });

  it('refuses negative amounts and unknown keys', () => {
    expect(valueOf(money, { amount: -1, currency: 'USD' }).problems).toEqual({ 'custom.value.amount': 'must not be negative' });
    expect(Object.keys(valueOf(money, { amount: 1, currency: 'USD', note: 'x' }).problems ?? {})).toEqual(['custom.value']);
  });

  it('fills in and holds to a fixed currency', () => {
    expect(valueOf(euros, { amount: 500 }).data).toEqual({ value: { amount: 500, currency: 'EUR' } });
    expect(valueOf(euros, { amount: 500, currency: 'usd' }).problems).toEqual({ 'custom.value.currency': 'must be EUR' });
  });
});

describe('multi-picklist', () => {
  const regions = def({ type: 'multi-picklist', options: ['EMEA', 'APAC', 'AMER'] });

  it('refuses an option chosen twice, and an unknown option, at its index', () => {
    expect(valueOf(regions, ['EMEA', 'apac', 'emea', 'Mars']).problems).toEqual({
      'custom.value.2': 'is chosen twice',
      'custom.value.3': 'must be one of: EMEA, APAC, AMER',
    });
  });

  it('treats no choices as no value: left out on create, cleared on patch, refused when required', () => {
    expect(valueOf(regions, []).data).toEqual({});
    expect(parseCustom([regions], { value: [] }, 'patch').data).toEqual({ value: null });
    expect(valueOf(def({ ...regions, required: true }), []).problems).toEqual({ 'custom.value': 'is required' });
  });
});

describe('required fields and defaults', () => {
  const code = def({ key: 'budgetCode', label: 'Budget code', type: 'text', required: true });
  const tier = def({ key: 'tier', label: 'Tier', type: 'picklist', options: ['Gold', 'Silver'], default: 'silver' });
  const vip = def({ key: 'vip', label: 'VIP', type: 'checkbox', required: true, default: false });
  const defs = [code, tier, vip];

  it('on create, fills defaults (normalised) and requires the rest', () => {
    expect(parseCustom(defs, {})).toEqual({ problems: { 'custom.budgetCode': 'is required' } });
    expect(parseCustom(defs, { budgetCode: ' ' })).toEqual({ problems: { 'custom.budgetCode': 'is required' } });
    expect(parseCustom(defs, { budgetCode: 'B-1' })).toEqual({ data: { budgetCode: 'B-1', tier: 'Silver', vip: false } });
    expect(parseCustom(defs, { budgetCode: 'B-1', tier: 'gold', vip: true })).toEqual({ data: { budgetCode: 'B-1', tier: 'Gold', vip: true } });
  });

  it('on patch, leaves missing fields alone and applies no defaults', () => {
    expect(parseCustom(defs, {}, 'patch')).toEqual({ data: {} });
    expect(parseCustom(defs, { tier: 'gold' }, 'patch')).toEqual({ data: { tier: 'Gold' } });
  });

  it('on patch, clears an optional field with null or "" but not a required one', () => {
    expect(parseCustom(defs, { tier: null }, 'patch')).toEqual({ data: { tier: null } });
    expect(parseCustom(defs, { tier: '' }, 'patch')).toEqual({ data: { tier: null } });
    expect(parseCustom(defs, { budgetCode: null, vip: null }, 'patch')).toEqual({
      problems: { 'custom.budgetCode': 'is required', 'custom.vip': 'is required' },
    });
  });

  it('reports every problem at once', () => {
    expect(parseCustom(defs, { tier: 'Bronze', extra: 1 }).problems).toEqual({
      'custom.extra': 'is not a custom field',
      'custom.budgetCode': 'is required',
      'custom.tier': 'must be one of: Gold, Silver',
    });
  });
});

describe('field definitions', () => {
  const problemsOf = (input: unknown) =>
    Object.fromEntries(DefinitionSchema.safeParse(input).error?.issues.map((i) => [i.path.join('.'), i.message]) ?? []);

  it('check the key and label', () => {
    expect(problemsOf({ key: '1st', label: '', type: 'text' })).toEqual({
      key: 'must start with a letter and hold at most 64 letters, digits and _',
      label: 'is required',
    });
    expect(problemsOf({ key: 'a'.repeat(65), label: 'x', type: 'text' })).toHaveProperty('key');
    expect(problemsOf({ key: 'constructor', label: 'x', type: 'text' })).toEqual({ key: 'is a reserved name' });
    expect(problemsOf({ key: 'A_b9', label: 'x', type: 'text' })).toEqual({});
  });

  it('allow unique only on comparable types, and never with a default', () => {
    expect(problemsOf({ key: 'k', label: 'x', type: 'checkbox', unique: true })).toEqual({
      unique: 'is only allowed for text, email, phone, url and number fields',
    });
    expect(problemsOf({ key: 'k', label: 'x', type: 'email', unique: true })).toEqual({});
    expect(problemsOf({ key: 'k', label: 'x', type: 'text', unique: true, default: 'a' })).toEqual({ default: 'is not allowed on a unique field' });
  });

  it('require unique options on picklists and forbid them elsewhere', () => {
    expect(problemsOf({ key: 'k', label: 'x', type: 'picklist' })).toEqual({ options: 'is required for picklist fields' });
    expect(problemsOf({ key: 'k', label: 'x', type: 'multi-picklist', options: [] })).toEqual({ options: 'is required for picklist fields' });
    expect(problemsOf({ key: 'k', label: 'x', type: 'picklist', options: ['A', 'b', 'a'] })).toEqual({ 'options.2': 'is used twice' });
    expect(problemsOf({ key: 'k', label: 'x', type: 'text', options: ['A'] })).toEqual({ options: 'is only allowed for picklist fields' });
  });

  it('keep maxLength to text and currency to money', () => {
    expect(problemsOf({ key: 'k', label: 'x', type: 'number', maxLength: 10, currency: 'EUR' })).toEqual({
      maxLength: 'is only allowed for text fields',
      currency: 'is only allowed for money fields',
    });
    expect(problemsOf({ key: 'k', label: 'x', type: 'text', maxLength: 10_001 })).toHaveProperty('maxLength');
    expect(problemsOf({ key: 'k', label: 'x', type: 'money', currency: 'EURO' })).toEqual({ currency: 'is not an ISO 4217 currency code' });
  });

  it('check the default against the type', () => {
    expect(problemsOf({ key: 'k', label: 'x', type: 'date', default: '2025-02-30' })).toEqual({ default: 'must be a date (YYYY-MM-DD)' });
    expect(problemsOf({ key: 'k', label: 'x', type: 'picklist', options: ['A'], default: 'B' })).toEqual({ default: 'must be one of: A' });
    expect(problemsOf({ key: 'k', label: 'x', type: 'money', currency: 'EUR', default: { amount: 1, currency: 'USD' } })).toEqual({
      'default.currency': 'must be EUR',
    });
    expect(problemsOf({ key: 'k', label: 'x', type: 'multi-picklist', options: ['A', 'B'], default: ['A', 'B'] })).toEqual({});
  });
});

describe('custom field settings', () => {
  it('keep keys unique per record type, ignoring case', () => {
    const field = { key: 'region', label: 'Region', type: 'text' };
    const result = CustomFieldSettings.safeParse({ lead: [field, { ...field, key: 'Region' }], account: [field] });
    expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([[['lead', 1, 'key'], 'is used twice on lead']]);
  });

  it('default to no fields and allow at most 100 per record type', () => {
    expect(CustomFieldSettings.parse({})).toEqual({ lead: [], contact: [], account: [], opportunity: [] });
    const many = Array.from({ length: 101 }, (_, i) => ({ key: `f${i}`, label: 'F', type: 'text' }));
    expect(CustomFieldSettings.safeParse({ contact: many }).error?.issues.map((i) => i.path)).toEqual([['contact']]);
  });
});

describe('unique values', () => {
  const defs = [
    def({ key: 'vat', label: 'VAT', type: 'text', unique: true }),
    def({ key: 'site', label: 'Site', type: 'url', unique: true }),
    def({ key: 'employeeNo', label: 'No', type: 'number', unique: true }),
    def({ key: 'note', label: 'Note', type: 'text' }),
    def({ key: 'mobile', label: 'Mobile', type: 'phone', unique: true }),
  ];

  it('gives the comparable text of each unique field that has a value', () => {
    const custom = customValuesSchema(defs, 'patch').parse({ vat: ' DE-123 ', site: 'https://Example.COM', employeeNo: -0, note: 'x', mobile: null });
    expect(uniqueCustomValues(defs, custom)).toEqual([
      { key: 'vat', value: 'de-123' },
      { key: 'site', value: 'https://example.com/' },
      { key: 'employeeNo', value: '0' },
    ]);
  });
});

describe('export', () => {
  const budget = def({ key: 'budget', label: 'Budget', type: 'money' });
  const regions = def({ key: 'regions', label: 'Regions', type: 'multi-picklist', options: ['EMEA', 'APAC'] });

  it('names columns custom.<key> with the label', () => {
    expect(exportColumns([budget, regions])).toEqual([
      { key: 'custom.budget', label: 'Budget' },
      { key: 'custom.regions', label: 'Regions' },
    ]);
  });

  it('formats values so they import back', () => {
    expect(formatForCsv(budget, { amount: 123450, currency: 'EUR' })).toBe('1234.50 EUR');
    expect(formatForCsv(budget, { amount: 5, currency: 'USD' })).toBe('0.05 USD');
    expect(formatForCsv(budget, { amount: 123456, currency: 'JPY' })).toBe('123456 JPY');
    expect(formatForCsv(budget, { amount: 1234567, currency: 'KWD' })).toBe('1234.567 KWD');
    expect(formatForCsv(regions, ['EMEA', 'APAC'])).toBe('EMEA; APAC');
    expect(formatForCsv(def({ type: 'checkbox' }), false)).toBe('false');
    expect(formatForCsv(def({ type: 'number' }), 2.5)).toBe('2.5');
    expect(formatForCsv(def({ type: 'date' }), '2025-01-31')).toBe('2025-01-31');
    expect(formatForCsv(def({ type: 'text' }), null)).toBe('');
    expect(formatForCsv(def({ type: 'text' }), undefined)).toBe('');
  });
});
