import { describe, expect, it } from 'vitest';
import type { WithPrivileges } from '../../ui/src/access';
import {
  DUPLICATE_POLICIES,
  IMPORT_ENTITIES,
  IMPORT_OUTCOMES,
  MAX_CSV_CHARS,
  countsText,
  csvProblem,
  importBody,
  importableEntities,
  initialMapping,
  mappingProblems,
  mayImport,
  missingRequired,
  nextDelay,
  outcomeCount,
  parseOutcome,
  progressText,
  type ImportTarget,
} from '../../ui/src/imports';
import { href, parseHash } from '../../ui/src/router';
import { DuplicatePolicy, ImportCsv, ImportEntity, ImportOutcome, ImportRequest } from '../../shared/imports/schemas';

const targets: ImportTarget[] = [
  { field: 'firstName', label: 'First name', required: false },
  { field: 'lastName', label: 'Last name', required: true },
  { field: 'email', label: 'Email', required: true },
  { field: 'company', label: 'Company', required: false },
];

const who = (system: string[], records: Record<string, string[]>): WithPrivileges => ({
  userId: '01J0000000000000000000000R',
  privileges: { records, system, hiddenFields: {}, readOnlyFields: {} },
});

describe('ui imports: the API’s words', () => {
  it('knows the entities, policies and outcomes the API does, and its size limit', () => {
    expect([...IMPORT_ENTITIES]).toEqual(ImportEntity.options);
    expect([...DUPLICATE_POLICIES]).toEqual(DuplicatePolicy.options);
    expect([...IMPORT_OUTCOMES]).toEqual(ImportOutcome.options);
    expect(ImportCsv.safeParse('a'.repeat(MAX_CSV_CHARS)).success).toBe(true);
    expect(ImportCsv.safeParse('a'.repeat(MAX_CSV_CHARS + 1)).success).toBe(false);
  });

  it('builds a request body the API accepts: mapped columns only, empty options left out', () => {
    const body = importBody({
      entity: 'leads',
      csv: 'E-mail,Notes\njane@x.example,hi\n',
      fileName: '  leads.csv ',
      mapping: { 'E-mail': 'email', Notes: '' },
      onDuplicate: 'skip',
      accountId: '01J0000000000000000000000A',
      tags: [],
    });
    expect(body).toEqual({ entity: 'leads', csv: 'E-mail,Notes\njane@x.example,hi\n', fileName: 'leads.csv', mapping: { 'E-mail': 'email' }, onDuplicate: 'skip' });
    expect(ImportRequest.safeParse(body).success).toBe(true);
    const contacts = importBody({ entity: 'contacts', csv: 'x', mapping: { Email: 'email' }, onDuplicate: 'update', accountId: '01J0000000000000000000000A', tags: ['fair-2026'] });
    expect(contacts).toEqual({ entity: 'contacts', csv: 'x', mapping: { Email: 'email' }, onDuplicate: 'update', accountId: '01J0000000000000000000000A', tags: ['fair-2026'] });
    expect(ImportRequest.safeParse(contacts).success).toBe(true);
  });
});

describe('ui imports: who may import', () => {
  it('needs the import privilege and create on the records', () => {
    const admin = who(['import', 'export'], { lead: ['read', 'create'], contact: ['read', 'create'] });
    expect(importableEntities(admin)).toEqual(['leads', 'contacts']);
    const marketing = who(['import'], { lead: ['read', 'create'], contact: ['read'] });
    expect(importableEntities(marketing)).toEqual(['leads']);
    expect(mayImport(marketing, 'contacts')).toBe(false);
    expect(mayImport(marketing)).toBe(true);
    const rep = who(['sendEmail'], { lead: ['read', 'create'], contact: ['read', 'create'] });
    expect(importableEntities(rep)).toEqual([]);
    expect(mayImport(rep)).toBe(false);
    expect(mayImport(null)).toBe(false);
  });
});

describe('ui imports: the mapping', () => {
  it('starts at the suggested fields, each field for one column only, unknown suggestions left out', () => {
    const mapping = initialMapping({
      targets,
      columns: [
        { column: 'First Name', samples: ['Jane'], suggested: 'firstName' },
        { column: 'E-mail', samples: [], suggested: 'email' },
        { column: 'Mail 2', samples: [], suggested: 'email' },
        { column: 'Shoe size', samples: ['42'] },
        { column: 'Gone', samples: [], suggested: 'custom.gone' },
      ],
    });
    expect(mapping).toEqual({ 'First Name': 'firstName', 'E-mail': 'email', 'Mail 2': '', 'Shoe size': '', Gone: '' });
  });

  it('points out required fields no column goes to', () => {
    expect(missingRequired(targets, { A: 'firstName', B: 'email' }).map((t) => t.field)).toEqual(['lastName']);
    expect(missingRequired(targets, { A: 'lastName', B: 'email', C: '' })).toEqual([]);
    expect(mappingProblems(targets, { A: 'firstName' }).get('mapping')).toEqual(['Map a column to Last name, Email: they are required.']);
    expect(mappingProblems(targets, { A: 'email' }).get('mapping')).toEqual(['Map a column to Last name: it is required.']);
  });

  it('names a field taken twice beside the second column, as the API names mapping errors', () => {
    const problems = mappingProblems(targets, { Surname: 'lastName', 'E-mail': 'email', 'Work email': 'email', Notes: '' });
    expect([...problems.keys()]).toEqual(['mapping.Work email']);
    expect(problems.get('mapping.Work email')![0]).toContain('Email is imported from “E-mail” already');
    expect(mappingProblems(targets, { Surname: 'lastName', 'E-mail': 'email' }).size).toBe(0);
  });

  it('refuses an empty or too long file before sending it', () => {
    expect(csvProblem('')).toBe('The file is empty.');
    expect(csvProblem(' \n')).toBe('The file is empty.');
    expect(csvProblem('a,b\n1,2\n')).toBeNull();
    expect(csvProblem('a'.repeat(MAX_CSV_CHARS))).toBeNull();
    expect(csvProblem('a'.repeat(MAX_CSV_CHARS + 1))).toBe('The file has 900,001 characters; at most 900,000 can be imported at once. Split it into smaller files.');
  });
});

describe('ui imports: the result page', () => {
  const status = { status: 'done' as const, total: 3, processed: 3, created: 1, updated: 0, duplicates: 1, failed: 1 };

  it('says what happened, and how far a running import is', () => {
    expect(countsText(status)).toBe('3 rows: 1 created, 1 duplicate, 1 failed');
    expect(countsText({ ...status, total: 1, created: 0, duplicates: 0, failed: 0, updated: 1 })).toBe('1 row: 1 updated');
    expect(countsText({ ...status, total: 0, created: 0, duplicates: 0, failed: 0 })).toBe('0 rows');
    expect(progressText({ status: 'running', processed: 1200, total: 4000 })).toBe('1,200 of 4,000 rows processed');
    expect(progressText({ status: 'queued', processed: 0, total: 10 })).toBe('Waiting to start…');
    expect(outcomeCount(status, 'duplicate')).toBe(1);
    expect(outcomeCount(status, 'updated')).toBe(0);
  });

  it('backs off gently while polling, up to five seconds', () => {
    const delays = [500];
    while (delays.length < 10) delays.push(nextDelay(delays.at(-1)!));
    expect(delays.slice(0, 4)).toEqual([500, 750, 1125, 1688]);
    expect(delays.at(-1)).toBe(5000);
    expect(delays.every((d, i) => i === 0 || d >= delays[i - 1]!)).toBe(true);
  });

  it('routes the import page and each import, with the outcome filter', () => {
    expect(parseHash(href('/imports', { entity: 'contacts' }))).toMatchObject({ name: 'imports' });
    expect((parseHash('#/imports?entity=contacts') as { query: URLSearchParams }).query.get('entity')).toBe('contacts');
    const one = parseHash('#/imports/01J0000000000000000000000I?outcome=failed');
    expect(one).toMatchObject({ name: 'import', id: '01J0000000000000000000000I' });
    expect(parseOutcome((one as { query: URLSearchParams }).query.get('outcome'))).toBe('failed');
    expect(parseOutcome('nonsense')).toBeUndefined();
    expect(parseOutcome(null)).toBeUndefined();
    expect(parseHash('#/imports/01J0000000000000000000000I/more')).toMatchObject({ name: 'notFound' });
  });
});
