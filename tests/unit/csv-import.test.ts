import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { eventRules } from '../../functions/events/rules';
import { readAsl, stateMachines } from '../../functions/workflows/definitions';
import { matchesPattern } from '../../local/event-pattern';
import { suggestMapping } from '../../shared/imports/columns';
import { readCsv } from '../../shared/imports/csv';
import { rowInput, withColumns } from '../../shared/imports/rows';
import { MAX_IMPORT_ROWS } from '../../shared/imports/schemas';
import { ValidationError } from '../../shared/platform/errors';
import type { CustomFieldDefinition } from '../../shared/sales/custom-fields';

const custom: CustomFieldDefinition[] = [
  { key: 'budget', label: 'Budget', type: 'money', currency: 'EUR' },
  { key: 'seats', label: 'Seat count', type: 'number' },
  { key: 'optIn', label: 'Opted in', type: 'checkbox' },
  { key: 'regions', label: 'Regions', type: 'multi-picklist', options: ['EMEA', 'APAC'] },
];

describe('reading an uploaded CSV', () => {
  it('takes commas, semicolons or tabs, a byte-order mark, quoted separators and short rows', () => {
    expect(readCsv('\uFEFFName;Email\n"Smith; Jr";a@x.example\nSolo\n')).toEqual({ headers: ['Name', 'Email'], rows: [['Smith; Jr', 'a@x.example'], ['Solo', '']] });
    expect(readCsv('A\tB\n1\t2\n').rows).toEqual([['1', '2']]);
    expect(readCsv('"Company, Inc",B\n1,2\n').headers).toEqual(['Company, Inc', 'B']);
  });

  it('names blank headers and tells repeated ones apart, since the mapping is keyed by them', () => {
    expect(readCsv('Email,,Email\n1,2,3\n').headers).toEqual(['Email', 'Column 2', 'Email (2)']);
  });

  it('refuses a broken file, one with no rows, and one over the row limit, naming csv', () => {
    const fails = (text: string) => {
      try {
        readCsv(text);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).fields.map((f) => f.name);
      }
      return [];
    };
    expect(fails('A,B\n"open,2\n')).toEqual(['csv']);
    expect(fails('A,B\n')).toEqual(['csv']);
    expect(fails(`A\n${'x\n'.repeat(MAX_IMPORT_ROWS + 1)}`)).toEqual(['csv']);
  });
});

describe('suggesting a field for each header', () => {
  it('knows the usual names, in any case and punctuation, and custom fields by key or label', () => {
    expect(suggestMapping('leads', ['FIRST_NAME', 'surname', 'E-Mail Address', 'Organization', 'Mobile', 'Seat count', 'budget', 'Notes'], custom)).toEqual({
      FIRST_NAME: 'firstName',
      surname: 'lastName',
      'E-Mail Address': 'email',
      Organization: 'company',
      Mobile: 'phone',
      'Seat count': 'custom.seats',
      budget: 'custom.budget',
      Notes: 'notes',
    });
  });

  it('suggests a field for one column only, and the contact’s company is its account', () => {
    expect(suggestMapping('leads', ['Email', 'E-mail'], [])).toEqual({ Email: 'email' });
    expect(suggestMapping('contacts', ['Company'], [])).toEqual({ Company: 'accountName' });
  });
});

describe('a row as a record input', () => {
  const headers = ['Name', 'Budget', 'Seats', 'Opt in', 'Regions', 'Tags', 'Email', 'Ignored'];
  const mapping = { Name: 'lastName', Budget: 'custom.budget', Seats: 'custom.seats', 'Opt in': 'custom.optIn', Regions: 'custom.regions', Tags: 'tags', Email: 'email' };

  it('reads custom values as their type, splits tags and lists, lower-cases the email and leaves blanks and unmapped columns out', () => {
    const input = rowInput('leads', headers, [' Lovelace ', '1,250.50', '1 200', 'Yes', 'EMEA; APAC', 'a, b;a', 'Ada@Example.COM', 'x'], mapping, custom);
    expect(input.fields).toEqual({
      lastName: 'Lovelace',
      email: 'ada@example.com',
      tags: ['a', 'b'],
      custom: { budget: { amount: 125050, currency: 'EUR' }, seats: 1200, optIn: true, regions: ['EMEA', 'APAC'] },
    });
    expect(input.values).not.toHaveProperty('Ignored');
    expect(rowInput('leads', headers, ['X', '', '', '', '', '', '', ''], mapping, custom).fields).toEqual({ lastName: 'X' });
  });

  it('hands text it cannot read as the type to the field’s own check, and money in a currency with no minor unit as whole amounts', () => {
    const input = rowInput('leads', headers, ['X', '100 JPY', 'many', 'perhaps', '', '', '', ''], mapping, custom);
    expect(input.fields.custom).toEqual({ budget: { amount: 100, currency: 'JPY' }, seats: 'many', optIn: 'perhaps' });
  });

  it('names the column a field came from', () => {
    expect(withColumns([{ name: 'custom.seats', detail: 'must be a number' }, { name: 'email', detail: 'bad' }, { name: 'row', detail: '?' }], mapping)).toEqual([
      { name: 'custom.seats', column: 'Seats', detail: 'must be a number' },
      { name: 'email', column: 'Email', detail: 'bad' },
      { name: 'row', detail: '?' },
    ]);
  });
});

/* eslint-disable @typescript-eslint/no-explicit-any -- aws-local-stepfunctions types task handlers as JSONValue */
describe('the csv-import workflow (the deployed ASL)', () => {
  const machine = () => new StateMachine(JSON.parse(readAsl(stateMachines.csvImport.aslFile).replaceAll(/\$\{(\w+)\}/g, 'arn:aws:lambda:us-east-1:123456789012:function:$1')));

  it('starts on an ImportJob Created event, and nothing else does', () => {
    const event = { source: 'crm', 'detail-type': 'ImportJob Created', detail: {} };
    expect(eventRules.filter((r) => matchesPattern(r.eventPattern, event)).map((r) => r.name)).toEqual(['import-requested']);
  });

  it('runs batch after batch until the import is done, retrying a failed batch', async () => {
    const calls: string[] = [];
    let failures = 1;
    const execution = machine().run(
      { detail: { recordId: 'I1' } },
      {
        overrides: {
          taskResourceLocalHandlers: {
            RunBatch: async (input: any) => {
              calls.push(`${input.task}:${input.importId}`);
              if (calls.length === 2 && failures-- > 0) throw new Error('throttled');
              return { position: calls.length * 500, done: calls.length === 4 };
            },
            MarkFailed: async () => ({}),
          },
          retryIntervalOverrides: { RunBatch: 1, MarkFailed: 1 },
        },
      },
    );
    await execution.result;
    expect(calls).toEqual(Array(4).fill('runImportBatch:I1'));
  });

  it('marks the import failed with the error once a batch keeps failing', async () => {
    const calls: string[] = [];
    const execution = machine().run(
      { detail: { recordId: 'I2' } },
      {
        overrides: {
          taskResourceLocalHandlers: {
            RunBatch: async (input: any) => {
              calls.push(input.task);
              throw new Error('table gone');
            },
            MarkFailed: async (input: any) => {
              calls.push(`${input.task}:${JSON.stringify(input.error)}`);
              return {};
            },
          },
          retryIntervalOverrides: { RunBatch: 1, MarkFailed: 1 },
        },
      },
    );
    await expect(execution.result).rejects.toThrow();
    expect(calls.filter((c) => c === 'runImportBatch')).toHaveLength(5);
    expect(calls.at(-1)).toMatch(/^markImportFailed:.*table gone/);
  });
});
