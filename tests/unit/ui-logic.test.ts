import { describe, expect, it } from 'vitest';
import { describe as describeProblem, fieldMessage, fieldOf, splitFieldErrors, toProblem } from '../../ui/src/problem';
import { href, parseHash } from '../../ui/src/router';
import { apiPath, contactName, createBody, patchBody, queryString, safeHttpUrl } from '../../ui/src/values';

describe('ui router', () => {
  it('maps hashes to routes', () => {
    expect(parseHash('').name).toBe('accounts');
    expect(parseHash('#/').name).toBe('accounts');
    expect(parseHash('#/login')).toEqual({ name: 'login' });
    expect(parseHash('#/outbox')).toEqual({ name: 'outbox' });
    expect(parseHash('#/accounts/new')).toEqual({ name: 'accountNew' });
    expect(parseHash('#/accounts/01J0000000000000000000000A')).toEqual({ name: 'account', id: '01J0000000000000000000000A' });
    expect(parseHash('#/contacts/new')).toEqual({ name: 'contactNew' });
    expect(parseHash('#/contacts/new?accountId=ABC')).toEqual({ name: 'contactNew', accountId: 'ABC' });
    expect(parseHash('#/contacts/X1')).toEqual({ name: 'contact', id: 'X1' });
    expect(parseHash('#/nope').name).toBe('notFound');
    expect(parseHash('#/accounts/a/b').name).toBe('notFound');
    expect(parseHash('#/login/x').name).toBe('notFound');
  });

  it('keeps list state in the query and survives bad escapes', () => {
    const route = parseHash('#/contacts?email=jo%40&mine=1');
    expect(route.name === 'contacts' && route.query.get('email')).toBe('jo@');
    expect(route.name === 'contacts' && route.query.get('mine')).toBe('1');
    expect(parseHash('#/contacts/%E0%A4%A')).toEqual({ name: 'contact', id: '%E0%A4%A' });
  });

  it('builds hrefs without empty parameters', () => {
    expect(href('/accounts')).toBe('#/accounts');
    expect(href('/accounts', { q: 'ac me', mine: undefined })).toBe('#/accounts?q=ac+me');
  });
});

describe('ui problem details', () => {
  const problem = toProblem(400, {
    type: 'https://crm/problems/validation',
    title: 'Invalid request',
    status: 400,
    errors: [
      { name: 'email', pointer: '/email', detail: 'must be an email address' },
      { name: '', pointer: '/lastName', detail: 'is required' },
      { name: 'custom', pointer: '/custom/x', detail: 'unknown field' },
      { name: '', pointer: '#/phone', detail: 'must be a phone number' },
    ],
  });

  it('finds the field of each error by name, else by pointer', () => {
    expect(problem.errors!.map(fieldOf)).toEqual(['email', 'lastName', 'custom', 'phone']);
  });

  it('splits errors into form fields and the rest', () => {
    const { byField, other } = splitFieldErrors(problem, ['email', 'lastName', 'firstName', 'phone']);
    expect(byField.get('email')).toEqual(['must be an email address']);
    expect(byField.get('lastName')).toEqual(['is required']);
    expect(other).toEqual(['custom: unknown field']);
  });

  it('puts the label in front of API messages that continue the field name', () => {
    expect(fieldMessage('Email', 'must be an email address')).toBe('Email must be an email address');
    expect(fieldMessage('Email', 'Invalid input: expected string')).toBe('Invalid input: expected string');
  });

  it('builds a problem from a non-problem body', () => {
    expect(toProblem(502, '<html>', 'Bad Gateway')).toMatchObject({ status: 502, title: 'Bad Gateway' });
    expect(toProblem(0, null).title).toBe('Could not reach the server');
    expect(describeProblem({ type: 'x', title: 'Conflict', status: 409, detail: 'Account has contacts' })).toBe('Conflict: Account has contacts');
  });
});

describe('ui values', () => {
  it('drops empty fields from a create body and trims the rest', () => {
    expect(createBody({ name: ' Acme ', domain: '', phone: '  ' })).toEqual({ name: 'Acme' });
  });

  it('patches only changed fields, with the loaded version', () => {
    const original = { name: 'Acme', domain: 'acme.test', phone: undefined, version: 3 };
    expect(patchBody(original, { name: 'Acme', domain: 'acme.test', phone: '' }, 3)).toBeNull();
    expect(patchBody(original, { name: 'Acme Ltd', domain: 'acme.test', phone: '+1 555' }, 3)).toEqual({ name: 'Acme Ltd', phone: '+1 555', version: 3 });
    expect(patchBody(original, { name: 'Acme', domain: '', phone: '' }, 3)).toEqual({ domain: '', version: 3 });
  });

  it('only links http(s) websites', () => {
    expect(safeHttpUrl('https://acme.test/x')).toBe('https://acme.test/x');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('not a url')).toBeNull();
    expect(safeHttpUrl(undefined)).toBeNull();
  });

  it('formats names, paths and queries', () => {
    expect(contactName({ firstName: 'Ada', lastName: 'Lovelace' })).toBe('Ada Lovelace');
    expect(contactName({ lastName: 'Lovelace' })).toBe('Lovelace');
    expect(apiPath('', '/accounts')).toBe('/accounts');
    expect(apiPath('https://api.example.com/', '/accounts')).toBe('https://api.example.com/accounts');
    expect(queryString({ limit: 25, cursor: null, q: '', email: 'a@b' })).toBe('?limit=25&email=a%40b');
    expect(queryString({})).toBe('');
  });
});
