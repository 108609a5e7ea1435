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
