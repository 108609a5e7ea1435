/**
 * Request bodies from typed form values. A form field is named after the body property
 * it fills: `name`, or `group.key` for nested ones (`custom.budgetCode`,
 * `qualification.need`). Values are already typed (numbers, minor units, lists, booleans).
 */
export type Entry = [name: string, value: unknown];
type Body = Record<string, unknown>;

/** undefined, '', [] and null all mean "no value". */
export const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** JSON with sorted keys and blanks as null, so equal values compare equal. */
export function canonical(value: unknown): string {
  if (isBlank(value)) return 'null';
  return JSON.stringify(value, (_k, v: unknown) => (isObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
}

const split = (name: string): [string, string | undefined] => {
  const dot = name.indexOf('.');
  return dot < 0 ? [name, undefined] : [name.slice(0, dot), name.slice(dot + 1)];
};

/** A create body: blank values left out, nested groups as objects (left out when empty). */
export function createPayload(entries: readonly Entry[]): Body {
  const body: Body = {};
  for (const [name, value] of entries) {
    if (isBlank(value)) continue;
    const [group, key] = split(name);
    if (key === undefined) body[group] = value;
    else body[group] = { ...((body[group] as Body | undefined) ?? {}), [key]: value };
  }
  return body;
}

/**
 * A PATCH body with only what changed and the version read, or null when nothing did.
 * A cleared field is sent as null (the API removes it). `custom` values are merged by
 * the API key by key, so only the changed keys go (null clears one); any other group
 * (`qualification`) is replaced whole, or null once all of it is empty.
 */
export function patchPayload(original: Body, entries: readonly Entry[], version: number): Body | null {
  const body: Body = {};
  const groups = new Map<string, Entry[]>();
  for (const entry of entries) {
    const [group, key] = split(entry[0]);
    if (key === undefined) {
      if (canonical(original[group]) !== canonical(entry[1])) body[group] = isBlank(entry[1]) && !Array.isArray(entry[1]) ? null : entry[1];
    } else groups.set(group, [...(groups.get(group) ?? []), [key, entry[1]]]);
  }
  for (const [group, list] of groups) {
    const before = isObject(original[group]) ? original[group] : {};
    if (group === 'custom') {
      const changed: Body = {};
      for (const [key, value] of list) if (canonical(before[key]) !== canonical(value)) changed[key] = isBlank(value) ? null : value;
      if (Object.keys(changed).length) body.custom = changed;
    } else {
      const after = createPayload(list);
      const known = new Set(list.map(([key]) => key));
      // Keys this form does not show are kept as they were.
      for (const [key, value] of Object.entries(before)) if (!known.has(key) && !isBlank(value)) after[key] = value;
      if (canonical(before) !== canonical(after)) body[group] = Object.keys(after).length ? after : null;
    }
  }
  return Object.keys(body).length ? { ...body, version } : null;
}

/** "a, b ,, c" → ['a', 'b', 'c'] (tags, picklist choices typed as text). */
export const splitList = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
