/**
 * Conditions of a workflow, evaluated on the record as the event saw it. Pure: the
 * matcher and the unit tests call it alike.
 */
import { fieldValue } from './fields';
import type { Comparison, Condition } from './schemas';

export function conditionHolds(condition: Condition | undefined, record: Record<string, unknown>): boolean {
  if (!condition) return true;
  if ('all' in condition) return condition.all.every((c) => conditionHolds(c, record));
  if ('any' in condition) return condition.any.some((c) => conditionHolds(c, record));
  return compare(condition, fieldValue(record, condition.field));
}

const isBlank = (value: unknown) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
/** Money compares by its amount; strings case-insensitively, as a user reads them. */
const comparable = (value: unknown): unknown => {
  if (value && typeof value === 'object' && 'amount' in value) return (value as { amount: unknown }).amount;
  return typeof value === 'string' ? value.toLowerCase() : value;
};

function compare({ op, value }: Comparison, actual: unknown): boolean {
  if (op === 'present') return !isBlank(actual);
  if (op === 'absent') return isBlank(actual);
  const want = Array.isArray(value) ? value.map(comparable) : comparable(value);
  const values = Array.isArray(actual) ? actual.map(comparable) : [comparable(actual)];
  switch (op) {
    case 'eq':
      return values.some((v) => v === want);
    case 'ne':
      return values.every((v) => v !== want);
    case 'in':
      return Array.isArray(want) && values.some((v) => want.includes(v));
    case 'contains':
      return values.some((v) => (typeof v === 'string' && typeof want === 'string' ? v.includes(want) : v === want));
    default: {
      const [a] = values;
      if (a === undefined || a === null || want === undefined || want === null) return false;
      if (typeof a !== typeof want) return false;
      const order = (a as number | string) < (want as number | string) ? -1 : a === want ? 0 : 1;
      return op === 'gt' ? order > 0 : op === 'gte' ? order >= 0 : op === 'lt' ? order < 0 : order <= 0;
    }
  }
}
