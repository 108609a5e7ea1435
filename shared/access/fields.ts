/**
 * Field-level security: per profile and field, hidden or read-only. Hidden fields are
 * removed from everything the caller gets (records, lists, exports, history); writing
 * a hidden or read-only field is refused naming the field.
 */
import { ForbiddenError } from '../platform/errors';
import type { Actor } from '../crm/actor';
import type { RecordType } from './record-types';
import type { FieldAccess } from './settings';

const rulesFor = (actor: Pick<Actor, 'settings' | 'profile'>, type: RecordType): Record<string, FieldAccess> =>
  actor.settings.profiles[actor.profile]?.fields[type] ?? {};

export function hiddenFields(actor: Pick<Actor, 'settings' | 'profile'>, type: RecordType): string[] {
  return Object.entries(rulesFor(actor, type))
    .filter(([, access]) => access === 'hidden')
    .map(([field]) => field);
}

/** The record as this actor may see it: hidden fields (custom ones too) removed. */
export function redact<T extends Record<string, unknown>>(actor: Pick<Actor, 'settings' | 'profile'>, type: RecordType, record: T): T {
  const hidden = hiddenFields(actor, type);
  if (hidden.length === 0) return record;
  const copy: Record<string, unknown> = { ...record };
  const custom = copy.custom && typeof copy.custom === 'object' ? { ...(copy.custom as Record<string, unknown>) } : undefined;
  for (const field of hidden) {
    if (field.startsWith('custom.')) {
      if (custom) delete custom[field.slice('custom.'.length)];
    } else delete copy[field];
  }
  if (custom) copy.custom = custom;
  return copy as T;
}

/** Refuses a write that touches a hidden or read-only field, naming each one. */
export function assertWritable(actor: Pick<Actor, 'settings' | 'profile'>, type: RecordType, input: Record<string, unknown>): void {
  const rules = rulesFor(actor, type);
  const touched = [
    ...Object.keys(input).filter((key) => key !== 'custom' && input[key] !== undefined),
    ...Object.keys((input.custom as Record<string, unknown> | null | undefined) ?? {}).map((key) => `custom.${key}`),
  ];
  const refused = touched.filter((field) => rules[field] !== undefined);
  if (refused.length > 0) {
    throw new ForbiddenError(
      `Your profile may not change ${refused.join(', ')}`,
      refused.map((name) => ({ name, detail: rules[name] === 'hidden' ? 'is hidden from your profile' : 'is read-only for your profile' })),
    );
  }
}
