/**
 * Custom field values on a record write: checked against the admin's definitions like
 * built-in fields (422 naming `custom.<key>`), defaults applied on create, a PATCH merged
 * key by key (null clears one), and the values of unique fields claimed in the record's
 * own transaction (409 naming the field when another record holds the value).
 */
import { ConflictError, ValidationError } from '../platform/errors';
import type { Database } from '../platform/database';
import type { RecordType } from '../access/record-types';
import type { Companion, StoredRecord } from '../access/records';
import { cachedDocument, type SettingsDocumentSpec } from './settings-documents';
import { loadPhoneNumbers } from './duplicates';
import { CUSTOM_FIELD_ENTITIES, customValuesSchema, uniqueCustomValues, type CustomFieldEntity, type CustomFieldSettings } from './custom-fields';

export const customFieldsDocument: SettingsDocumentSpec<CustomFieldSettings> = {
  key: 'customFields',
  defaults: () => ({ lead: [], contact: [], account: [], opportunity: [] }),
};

const customizable = (type: RecordType): type is CustomFieldEntity => (CUSTOM_FIELD_ENTITIES as readonly string[]).includes(type);

export async function customDefinitions(db: Database, type: RecordType) {
  if (!customizable(type)) return [];
  return (await cachedDocument(db, customFieldsDocument)).body[type] ?? [];
}

/** The record's custom values and unique claims after this write; undefined when the write leaves them alone. */
export async function resolveCustom(db: Database, type: RecordType, mode: 'create' | 'patch', input: unknown, current?: Record<string, unknown>) {
  const definitions = await customDefinitions(db, type);
  if (mode === 'patch' && input === undefined) return undefined;
  if (definitions.length === 0) {
    if (input && typeof input === 'object' && Object.keys(input).length > 0) {
      throw new ValidationError('This record type has no custom fields', Object.keys(input).map((key) => ({ name: `custom.${key}`, detail: 'is not a custom field' })));
    }
    return { custom: undefined, uniqueClaims: undefined };
  }
  if (definitions.some((d) => d.type === 'phone')) await loadPhoneNumbers();
  const parsed = customValuesSchema(definitions, mode as 'patch').safeParse(input ?? {});
  if (!parsed.success) {
    throw new ValidationError(
      'Some custom field values are not valid',
      parsed.error.issues.map((issue) => ({ name: ['custom', ...issue.path.map(String)].join('.'), detail: issue.message })),
    );
  }
  const merged: Record<string, unknown> = mode === 'patch' ? { ...(current ?? {}) } : {};
  for (const [key, value] of Object.entries(parsed.data)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  const uniqueClaims = uniqueCustomValues(definitions, merged as never);
  return { custom: Object.keys(merged).length ? merged : undefined, uniqueClaims: uniqueClaims.length ? uniqueClaims : undefined };
}

/** Each unique custom value held by the record, as a claim item kept with it. */
export function uniqueClaimCompanions(db: Database, type: RecordType, idField: string, record: StoredRecord): Companion[] {
  const claims = Array.isArray(record.uniqueClaims) ? (record.uniqueClaims as { key: string; value: string }[]) : [];
  return claims.map(({ key, value }) => {
    const item = { kind: `custom:${type}:${key}`, value };
    return {
      id: `unique#${key}`,
      put: db.entities.uniqueValue.put({ ...item, holderId: String(record[idField]) }).params(),
      remove: db.entities.uniqueValue.delete(item).params(),
      claim: () => new ConflictError(`Another ${type} already has this ${key}`, [{ name: `custom.${key}`, detail: 'is already used by another record' }]),
    };
  });
}
