/**
 * Duplicate detection for leads and contacts: normalisers that turn what people type into
 * comparable keys, the keys a record is indexed by, and a ranking of likely duplicates.
 */
import type { CountryCode } from 'libphonenumber-js';

let phoneLibrary: typeof import('libphonenumber-js') | undefined;
let loadingPhoneLibrary: Promise<void> | undefined;

/**
 * libphonenumber-js and its metadata are an eighth of a function's code at cold start, and
 * only writes and lookups that carry a phone number need them: those await this first.
 */
export function loadPhoneNumbers(): Promise<void> {
  return (loadingPhoneLibrary ??= import('libphonenumber-js').then((library) => {
    phoneLibrary = library;
  }));
}

/**
 * Trimmed and lower-cased only. Gmail ignores dots and "+tags", but most providers do
 * not: folding them everywhere would merge different people, and guessing which domains
 * are Gmail-like is a rule that goes stale. The exact address is the safe key.
 */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * E.164 ("+14155550100"), or undefined when the text is not a valid number. National
 * numbers are read in `defaultCountry`; numbers with a leading "+" keep their own country.
 */
export function normalisePhone(phone: string, defaultCountry: CountryCode = 'US'): string | undefined {
  if (!phoneLibrary) throw new Error('normalisePhone needs `await loadPhoneNumbers()` first');
  const parsed = phoneLibrary.parsePhoneNumberFromString(phone, defaultCountry);
  return parsed?.isValid() ? parsed.number : undefined;
}

const LEGAL_SUFFIXES = new Set([
  'inc', 'incorporated', 'llc', 'ltd', 'limited', 'gmbh', 'ag', 'sa', 'sas', 'bv', 'plc',
  'co', 'corp', 'corporation', 'company',
]);

/** Letters without accents, lower-case: "Société" and "SOCIETE" compare equal. */
function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * "The ACME Company, Inc." → "acme". Dots and apostrophes are dropped so "A.C.M.E." and
 * "S.A." read as one word; other punctuation separates words. Legal suffixes are stripped
 * from the end only ("Company Store" keeps its "company"), and never down to nothing.
 */
export function normaliseCompany(company: string): string {
  const words = foldText(company)
    .replace(/['’.]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
  if (words.length > 1 && words[0] === 'the') words.shift();
  while (words.length > 1 && LEGAL_SUFFIXES.has(words.at(-1)!)) words.pop();
  return words.join(' ');
}

export type MatchKind = 'email' | 'phone' | 'company';
export interface MatchKey {
  kind: MatchKind;
  value: string;
}
export interface MatchableRecord {
  email?: string;
  phone?: string;
  company?: string;
  accountName?: string;
}

/** The normalised keys a record is indexed by for duplicate lookup; blank values give none. */
export function matchKeys(record: MatchableRecord, defaultCountry: CountryCode = 'US'): MatchKey[] {
  const keys: MatchKey[] = [];
  const email = record.email === undefined ? '' : normaliseEmail(record.email);
  if (email !== '') keys.push({ kind: 'email', value: email });
  const phone = record.phone === undefined ? undefined : normalisePhone(record.phone, defaultCountry);
  if (phone !== undefined) keys.push({ kind: 'phone', value: phone });
  // Leads carry a company name, contacts the name of their account: either finds the other.
  const companies = new Set([record.company, record.accountName].map((c) => (c === undefined ? '' : normaliseCompany(c))));
  for (const company of companies) if (company !== '') keys.push({ kind: 'company', value: company });
  return keys;
}

export type DuplicateReason = 'same email' | 'same phone' | 'same company' | 'similar name';
export interface DuplicateCandidate extends MatchableRecord {
  id?: string;
  name?: string;
}
export interface ExistingRecord extends MatchableRecord {
  id: string;
  type: 'lead' | 'contact';
  name?: string;
}
export interface LikelyDuplicate {
  id: string;
  type: 'lead' | 'contact';
  score: number;
  reasons: DuplicateReason[];
}

/**
 * How much each shared key says about two records being one person. An email address
 * belongs to one person; a phone number usually does, but switchboards are shared; many
 * people work for one company, so a company match alone says almost nothing and is only
 * reported together with a similar name.
 */
const WEIGHTS: Record<DuplicateReason, number> = {
  'same email': 70,
  'same phone': 45,
  'similar name': 20,
  'same company': 15,
};

/** Likely duplicates of `candidate` among `others`, best first. */
export function rankDuplicates(
  candidate: DuplicateCandidate,
  others: ExistingRecord[],
  defaultCountry: CountryCode = 'US',
): LikelyDuplicate[] {
  const mine = keySet(matchKeys(candidate, defaultCountry));
  const found: LikelyDuplicate[] = [];
  for (const other of others) {
    if (candidate.id !== undefined && other.id === candidate.id) continue;
    const theirs = keySet(matchKeys(other, defaultCountry));
    const reasons: DuplicateReason[] = [];
    if (shares(mine, theirs, 'email')) reasons.push('same email');
    if (shares(mine, theirs, 'phone')) reasons.push('same phone');
    if (shares(mine, theirs, 'company')) reasons.push('same company');
    if (similarNames(candidate.name, other.name)) reasons.push('similar name');
    const strong = reasons.includes('same email') || reasons.includes('same phone');
    const nameAtCompany = reasons.includes('same company') && reasons.includes('similar name');
    if (!strong && !nameAtCompany) continue;
    const score = Math.min(100, reasons.reduce((sum, r) => sum + WEIGHTS[r], 0));
    found.push({ id: other.id, type: other.type, score, reasons });
  }
  // On a tie a contact comes first: it is the established record a lead would merge into.
  return found.sort((a, b) => b.score - a.score || typeRank(a) - typeRank(b) || a.id.localeCompare(b.id));
}

const typeRank = (d: LikelyDuplicate) => (d.type === 'contact' ? 0 : 1);

function keySet(keys: MatchKey[]): Set<string> {
  return new Set(keys.map((k) => `${k.kind}:${k.value}`));
}

function shares(mine: Set<string>, theirs: Set<string>, kind: MatchKind): boolean {
  for (const key of mine) if (key.startsWith(`${kind}:`) && theirs.has(key)) return true;
  return false;
}

/**
 * Same last name, and first names that do not contradict each other ("J. Smith" and
 * "John Smith" may be one person; "Jane Smith" and "John Smith" at one company are
 * colleagues).
 */
export function similarNames(a: string | undefined, b: string | undefined): boolean {
  const left = nameParts(a);
  const right = nameParts(b);
  if (!left || !right || left.last !== right.last) return false;
  if (left.first === undefined || right.first === undefined) return true;
  return left.first === right.first || (left.first[0] === right.first[0] && (left.first.length === 1 || right.first.length === 1));
}

function nameParts(name: string | undefined): { first?: string; last: string } | undefined {
  const words = foldText(name ?? '')
    .replace(/['’.]/g, '')
    .split(/[^\p{L}\p{N}-]+/u)
    .filter((w) => w !== '');
  const last = words.at(-1);
  if (last === undefined) return undefined;
  return { first: words.length > 1 ? words[0] : undefined, last };
}
