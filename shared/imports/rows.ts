/**
 * One CSV row as the input of a lead or a contact: the mapped columns' text, trimmed,
 * blank cells left out, tags split, custom values read as their field's type (the same
 * checks as any other write then apply). Problems name the field and the column.
 */
import type { CustomFieldDefinition } from '../sales/custom-fields';
import type { FieldError } from '../platform/errors';
import type { ImportEntity } from './schemas';

export interface RowError extends FieldError {
  column?: string;
}

export interface RowInput {
  /** the record's fields: built-in ones, `custom`, and for contacts `accountName` */
  fields: Record<string, unknown>;
  /** the imported columns' text, as shown with the row's outcome */
  values: Record<string, string>;
}

const YES = new Set(['yes', 'y', 'true', '1', 'x', 'on', 'checked']);
const NO = new Set(['no', 'n', 'false', '0', 'off', '']);
const splitList = (text: string) =>
  text
    .split(/[;,]/)
    .map((part) => part.trim())
    .filter(Boolean);

/** A cell as the custom field's type, or the text itself for its schema to refuse with the usual message. */
function customValue(def: CustomFieldDefinition, text: string): unknown {
  switch (def.type) {
    case 'number': {
      const number = Number(text.replace(/[\s_]/g, ''));
      return Number.isFinite(number) ? number : text;
    }
    case 'checkbox': {
      const word = text.toLowerCase();
      return YES.has(word) ? true : NO.has(word) ? false : text;
    }
    case 'multi-picklist':
      return text.split(';').map((part) => part.trim()).filter(Boolean);
    case 'money': {
      // "1234.50 EUR", "EUR 1234.50" or, with the field's fixed currency, "1234.50"
      const match = /^([A-Za-z]{3})?\s*(-?\d+(?:\.\d+)?)\s*([A-Za-z]{3})?$/.exec(text.replace(/[\s,](?=\d{3}\b)/g, ''));
      const currency = (match?.[1] ?? match?.[3] ?? def.currency)?.toUpperCase();
      if (!match || !currency) return text;
      const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
      return { amount: Math.round(Number(match[2]) * 10 ** digits), currency };
    }
    default:
      return text;
  }
}

/** The row's record input; `mapping` is column → field, `custom` the entity's custom field definitions. */
export function rowInput(entity: ImportEntity, headers: string[], cells: string[], mapping: Record<string, string>, custom: CustomFieldDefinition[]): RowInput {
  const fields: Record<string, unknown> = {};
  const customValues: Record<string, unknown> = {};
  const values: Record<string, string> = {};
  const definitions = new Map(custom.map((def) => [def.key, def]));
  headers.forEach((column, index) => {
    const target = mapping[column];
    if (!target) return;
    const text = (cells[index] ?? '').trim();
    values[column] = text;
    if (text === '') return;
    if (target.startsWith('custom.')) {
      const def = definitions.get(target.slice(7));
      if (def) customValues[def.key] = customValue(def, text);
    } else if (target === 'tags') fields.tags = [...new Set([...((fields.tags as string[]) ?? []), ...splitList(text)])];
    else if (target === 'email') fields.email = text.toLowerCase();
    else if (target === 'status' && entity === 'leads') fields.status = text.toLowerCase();
    else fields[target] = text;
  });
  if (Object.keys(customValues).length) fields.custom = customValues;
  return { fields, values };
}

/** Field errors with the column each field came from, so the person can find the cell. */
export function withColumns(errors: FieldError[], mapping: Record<string, string>): RowError[] {
  const columnOf = new Map(Object.entries(mapping).map(([column, field]) => [field, column]));
  return errors.map((error) => {
    const field = error.name.split('.').slice(0, error.name.startsWith('custom.') ? 2 : 1).join('.');
    const column = columnOf.get(field);
    return column ? { ...error, column } : error;
  });
}
