/** Pure helpers that turn form values into request bodies and records into display text. */
export type Values = Record<string, string>;
type RecordLike = Record<string, unknown>;

/** A create body: trimmed values, empty ones left out (the API treats absent optional fields as unset). */
export function createBody(values: Values): Values {
  const body: Values = {};
  for (const [key, value] of Object.entries(values)) {
    const trimmed = value.trim();
    if (trimmed) body[key] = trimmed;
  }
  return body;
}

/**
 * A PATCH body with only the fields the user changed and the version they loaded, so a
 * concurrent edit to another field is not overwritten and a stale version is refused (409).
 * Returns null when nothing changed.
 */
export function patchBody(original: RecordLike, values: Values, version: number): Record<string, string | number> | null {
  const changes: Values = {};
  for (const [key, value] of Object.entries(values)) {
    const before = original[key] === undefined || original[key] === null ? '' : String(original[key]);
    const after = value.trim();
    if (after !== before) changes[key] = after;
  }
  return Object.keys(changes).length ? { ...changes, version } : null;
}

export function contactName(contact: { firstName?: string; lastName: string }): string {
  return [contact.firstName, contact.lastName].filter(Boolean).join(' ');
}

/** Only http(s) links are rendered as links; a `javascript:` website must stay plain text. */
export function safeHttpUrl(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function formatDate(iso: string | undefined, locale?: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Joins the API base URL and a path; an empty base means the UI's own origin. */
export function apiPath(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

export function queryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const qs = search.toString();
  return qs ? `?${qs}` : '';
}

/** A value from a record or an audit entry as text: lists joined, objects as JSON, nothing as ''. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

const ACTIONS: Record<string, string> = {
  create: 'Created',
  update: 'Updated',
  delete: 'Deleted',
  'owner-change': 'Owner changed',
  convert: 'Converted',
  login: 'Signed in',
  'login-failed': 'Sign-in refused',
  'settings-change': 'Security settings changed',
  'permission-change': 'Access changed',
  'user-create': 'User created',
  deactivate: 'Deactivated',
  reactivate: 'Reactivated',
  reassign: 'Records reassigned',
  merge: 'Merged',
};
/** An audit action as a label; actions this UI does not know yet are shown as sent. */
export const actionLabel = (action: string) => ACTIONS[action] ?? action;

export interface UserFields {
  name: string;
  profile: string;
  roles: string[];
  groups: string[];
  managerId?: string | null;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/** A PATCH /users body with only what changed; an emptied manager is sent as null (clears it). */
export function userPatch(original: UserFields & { version: number }, draft: UserFields): Record<string, unknown> | null {
  const body: Record<string, unknown> = {};
  if (draft.name.trim() !== original.name) body.name = draft.name.trim();
  if (draft.profile !== original.profile) body.profile = draft.profile;
  if (!sameSet(draft.roles, original.roles)) body.roles = draft.roles;
  if (!sameSet(draft.groups, original.groups)) body.groups = draft.groups;
  const manager = draft.managerId || null;
  if (manager !== (original.managerId ?? null)) body.managerId = manager;
  return Object.keys(body).length ? { ...body, version: original.version } : null;
}

/** A UTC day as YYYY-MM-DD. */
export const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** The default audit export range: the last 30 days up to today (UTC). */
export function lastDays(days: number, now = new Date()): { from: string; to: string } {
  return { from: isoDay(new Date(now.getTime() - (days - 1) * 86_400_000)), to: isoDay(now) };
}

/** A time span as people say it: "3 d 4 h", "2 h 5 min", "4 min", "under a minute". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 60_000) return 'under a minute';
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days) return hours ? `${days} d ${hours} h` : `${days} d`;
  if (hours) return mins ? `${hours} h ${mins} min` : `${hours} h`;
  return `${mins} min`;
}

/** A calendar day (YYYY-MM-DD) in the reader's words, without shifting it through a time zone. */
export function formatDay(day: string | undefined, locale?: string): string {
  if (!day) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return date.toLocaleDateString(locale, { dateStyle: 'medium' });
}
