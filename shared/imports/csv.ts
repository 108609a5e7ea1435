/**
 * Reading an uploaded CSV: comma, semicolon or tab separated (spreadsheets in many
 * locales save with semicolons), a byte-order mark tolerated, rows of uneven length
 * accepted. Headers are made unique and non-empty, since the mapping is keyed by them.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { ValidationError } from '../platform/errors';
import { MAX_IMPORT_ROWS } from './schemas';

export interface CsvTable {
  headers: string[];
  /** data rows, each as long as `headers` */
  rows: string[][];
}

const DELIMITERS = [',', ';', '\t'] as const;

/** The separator the header line uses most, outside quotes. */
function delimiterOf(text: string): string {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0]!.replace(/"[^"]*"/g, '');
  let best: string = ',';
  let most = 0;
  for (const delimiter of DELIMITERS) {
    const count = firstLine.split(delimiter).length - 1;
    if (count > most) [best, most] = [delimiter, count];
  }
  return best;
}

export function readCsv(text: string): CsvTable {
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter: delimiterOf(text), relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: true });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw new ValidationError('The file is not valid CSV', [{ name: 'csv', detail: `${error.message.replace(/^Invalid Record Length: /, '')}` }]);
  }
  const [header, ...rows] = records;
  if (!header || header.every((h) => h.trim() === '')) throw new ValidationError('The file has no header line', [{ name: 'csv', detail: 'needs a header line naming its columns' }]);
  if (rows.length === 0) throw new ValidationError('The file has no rows under its header', [{ name: 'csv', detail: 'has a header but no rows' }]);
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new ValidationError('The file has too many rows', [{ name: 'csv', detail: `has ${rows.length} rows; at most ${MAX_IMPORT_ROWS} in one import` }]);
  }
  const seen = new Map<string, number>();
  const headers = header.map((raw, index) => {
    const name = raw.trim() || `Column ${index + 1}`;
    const times = (seen.get(name) ?? 0) + 1;
    seen.set(name, times);
    return times === 1 ? name : `${name} (${times})`;
  });
  return { headers, rows: rows.map((row) => headers.map((_, i) => row[i] ?? '')) };
}
