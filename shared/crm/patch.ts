type WithoutNull<T> = { [K in keyof T]: Exclude<T[K], null> };

/** Applies a PATCH: absent fields stay, `null` removes an optional field, others replace. */
export function applyPatch<T extends object, P extends object>(current: T, changes: P): WithoutNull<T & P> {
  const next = { ...current } as Record<string, unknown>;
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return next as WithoutNull<T & P>;
}
