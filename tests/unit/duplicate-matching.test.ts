import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type ExistingRecord,
  matchKeys,
  normaliseCompany,
  normaliseEmail,
  loadPhoneNumbers,
  normalisePhone,
  rankDuplicates,
  similarNames,
} from '../../shared/sales/duplicates';

beforeAll(loadPhoneNumbers);

describe('normaliseEmail', () => {
  it('trims and lower-cases', () => {
    expect(normaliseEmail('  Maria.Lopez@Example.COM ')).toBe('maria.lopez@example.com');
  });

  it('keeps dots and plus tags, which only some providers ignore', () => {
    expect(normaliseEmail('j.o.hn+crm@gmail.com')).toBe('j.o.hn+crm@gmail.com');
  });
});

describe('normalisePhone', () => {
  it('refuses to run before the phone library is loaded, rather than guess', async () => {
    vi.resetModules();
    const fresh = await import('../../shared/sales/duplicates');
    expect(() => fresh.normalisePhone('+44 20 7946 0958')).toThrow(/loadPhoneNumbers/);
  });

  it('reads international numbers whatever the spacing', () => {
    expect(normalisePhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(normalisePhone('+44 (0)20-7946-0958')).toBe('+442079460958');
    expect(normalisePhone('+49 30 901820')).toBe('+4930901820');
  });

  it('reads national numbers in the default country', () => {
    expect(normalisePhone('(415) 555-0100')).toBe('+14155550100');
    expect(normalisePhone('415.555.0100')).toBe('+14155550100');
    expect(normalisePhone('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(normalisePhone('030 901820', 'DE')).toBe('+4930901820');
  });

  it('drops an extension, which does not make a different line for matching', () => {
    expect(normalisePhone('+1 (415) 555-0100 ext. 12')).toBe('+14155550100');
  });

  it('gives undefined for text that is not a valid number', () => {
    expect(normalisePhone('not a phone')).toBeUndefined();
    expect(normalisePhone('12')).toBeUndefined();
    expect(normalisePhone('')).toBeUndefined();
    expect(normalisePhone('020 7946 0958')).toBeUndefined();
  });
});

describe('normaliseCompany', () => {
  it('strips legal suffixes and punctuation', () => {
    expect(normaliseCompany('ACME, Inc.')).toBe(normaliseCompany('Acme'));
    expect(normaliseCompany('ACME, Inc.')).toBe('acme');
    expect(normaliseCompany('Acme Corp.')).toBe('acme');
    expect(normaliseCompany('Acme & Co. Ltd')).toBe('acme');
    expect(normaliseCompany('Müller GmbH')).toBe('muller');
    expect(normaliseCompany('Globex S.A.')).toBe('globex');
    expect(normaliseCompany('Initech B.V.')).toBe('initech');
    expect(normaliseCompany('Hooli Incorporated')).toBe('hooli');
  });

  it('folds accents, collapses whitespace and drops a leading "the"', () => {
    expect(normaliseCompany('  The   Société   Générale ')).toBe('societe generale');
    expect(normaliseCompany('A.C.M.E. Holdings')).toBe('acme holdings');
    expect(normaliseCompany("O'Reilly Media")).toBe('oreilly media');
  });

  it('keeps suffix words that are not at the end, and never strips a name to nothing', () => {
    expect(normaliseCompany('Company Store')).toBe('company store');
    expect(normaliseCompany('The Company')).toBe('company');
    expect(normaliseCompany('Limited')).toBe('limited');
    expect(normaliseCompany('The')).toBe('the');
    expect(normaliseCompany(' ,. ')).toBe('');
  });
});

describe('matchKeys', () => {
  it('gives the normalised keys of a record', () => {
    expect(matchKeys({ email: ' Raj@Example.com', phone: '(415) 555-0100', company: 'Acme, Inc.' })).toEqual([
      { kind: 'email', value: 'raj@example.com' },
      { kind: 'phone', value: '+14155550100' },
      { kind: 'company', value: 'acme' },
    ]);
  });

  it('leaves out blank and unreadable values', () => {
    expect(matchKeys({ email: '  ', phone: 'n/a', company: '', accountName: undefined })).toEqual([]);
  });

  it('takes the company from the account name too, once when both agree', () => {
    expect(matchKeys({ accountName: 'Globex' })).toEqual([{ kind: 'company', value: 'globex' }]);
    expect(matchKeys({ company: 'Globex Corp', accountName: 'GLOBEX' })).toEqual([{ kind: 'company', value: 'globex' }]);
  });
});

describe('similarNames', () => {
  it('needs the same last name and first names that do not contradict', () => {
    expect(similarNames('John Smith', 'john  SMITH')).toBe(true);
    expect(similarNames('J. Smith', 'John Smith')).toBe(true);
    expect(similarNames('Smith', 'John Smith')).toBe(true);
    expect(similarNames('José Núñez', 'Jose Nunez')).toBe(true);
    expect(similarNames('Jane Smith', 'John Smith')).toBe(false);
    expect(similarNames('John Smith', 'John Smyth')).toBe(false);
    expect(similarNames(undefined, 'John Smith')).toBe(false);
  });
});

describe('rankDuplicates', () => {
  const others: ExistingRecord[] = [
    { id: 'c-email', type: 'contact', email: 'RAJ@example.com', name: 'Raj Patel' },
    { id: 'l-phone', type: 'lead', phone: '415-555-0100', name: 'Someone Else' },
    { id: 'c-company', type: 'contact', accountName: 'Acme', name: 'Priya Shah' },
    { id: 'l-company-name', type: 'lead', company: 'ACME, Inc.', name: 'R. Patel' },
    { id: 'l-both', type: 'lead', email: 'raj@example.com', phone: '+1 415 555 0100', company: 'Acme', name: 'Raj Patel' },
    { id: 'l-name-only', type: 'lead', company: 'Globex', name: 'Raj Patel' },
    { id: 'l-self', type: 'lead', email: 'raj@example.com' },
  ];
  const candidate = { id: 'l-self', email: 'raj@example.com', phone: '(415) 555-0100', company: 'Acme Corp', name: 'Raj Patel' };

  it('ranks email above phone above a name at the same company, and skips the record itself', () => {
    expect(rankDuplicates(candidate, others)).toEqual([
      { id: 'l-both', type: 'lead', score: 100, reasons: ['same email', 'same phone', 'same company', 'similar name'] },
      { id: 'c-email', type: 'contact', score: 90, reasons: ['same email', 'similar name'] },
      { id: 'l-phone', type: 'lead', score: 45, reasons: ['same phone'] },
      { id: 'l-company-name', type: 'lead', score: 35, reasons: ['same company', 'similar name'] },
    ]);
  });

  it('does not report a company or a name alone', () => {
    const found = rankDuplicates(candidate, others).map((d) => d.id);
    expect(found).not.toContain('c-company');
    expect(found).not.toContain('l-name-only');
  });

  it('puts a contact before a lead on a tie', () => {
    const tied: ExistingRecord[] = [
      { id: 'a', type: 'lead', email: 'x@example.com' },
      { id: 'b', type: 'contact', email: 'x@example.com' },
    ];
    expect(rankDuplicates({ email: 'X@example.com' }, tied).map((d) => d.id)).toEqual(['b', 'a']);
  });

  it('finds nothing for an empty candidate', () => {
    expect(rankDuplicates({}, others)).toEqual([]);
  });
});
