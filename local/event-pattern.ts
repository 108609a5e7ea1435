/**
 * The EventBridge event-pattern subset the CRM's rules use: exact values, `prefix`,
 * `anything-but`, `exists`, nested detail fields. An array field matches if any value does.
 */
type Matcher = string | number | boolean | null | { prefix?: string; 'anything-but'?: unknown; exists?: boolean };

export function matchesPattern(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = event[key];
    if (Array.isArray(expected)) return matchesValues(expected as Matcher[], actual);
    if (expected && typeof expected === 'object') {
      return actual !== null && typeof actual === 'object' && matchesPattern(expected as Record<string, unknown>, actual as Record<string, unknown>);
    }
    return false;
  });
}

function matchesValues(matchers: Matcher[], actual: unknown): boolean {
  const values = Array.isArray(actual) ? actual : [actual];
  return matchers.some((matcher) => {
    if (matcher !== null && typeof matcher === 'object') {
      if ('exists' in matcher) return matcher.exists === (actual !== undefined);
      if (matcher.prefix !== undefined) return values.some((v) => typeof v === 'string' && v.startsWith(matcher.prefix!));
      if ('anything-but' in matcher) {
        const excluded = ([] as unknown[]).concat(matcher['anything-but']);
        return actual !== undefined && values.every((v) => !excluded.includes(v));
      }
      return false;
    }
    return values.some((v) => v === matcher);
  });
}
