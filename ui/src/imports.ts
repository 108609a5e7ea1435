/**
 * CSV import in the UI, without the DOM: the API's shapes (see shared/imports/schemas.ts),
 * who may import what, the first mapping (each column's suggested field), what keeps a
 * mapping from being sent (a required field left out, a field taken twice), the request
 * body, and the polling back-off of the result page.
 */
import { can, hasPrivilege, type WithPrivileges } from './access';

export const IMPORT_ENTITIES = ['leads', 'contacts'] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];
export const ENTITY_LABELS: Record<ImportEntity, string> = { leads: 'Leads', contacts: 'Contacts' };
export const RECORD_TYPE_OF = { leads: 'lead', contacts: 'contact' } as const satisfies Record<ImportEntity, 'lead' | 'contact'>;

/** The API takes the file in its JSON body, up to this many characters. */
export const MAX_CSV_CHARS = 900_000;

export const DUPLICATE_POLICIES = ['skip', 'update', 'create'] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];
export const POLICY_TEXT: Record<DuplicatePolicy, [label: string, explanation: string]> = {
  skip: ['Skip', 'A row that matches a record you can see (same email, same phone, or a similar name at the same company) is left out.'],
  update: ['Update the existing record', 'The matching record takes the row’s non-empty values; nothing is created.'],
  create: ['Create anyway', 'Every row becomes a new record; matches then show among its likely duplicates.'],
};

export const IMPORT_OUTCOMES = ['created', 'updated', 'duplicate', 'failed'] as const;
export type ImportOutcome = (typeof IMPORT_OUTCOMES)[number];
export const OUTCOME_LABELS: Record<ImportOutcome, string> = { created: 'Created', updated: 'Updated', duplicate: 'Duplicate', failed: 'Failed' };
/** The filter's words: "Duplicates" for the rows skipped as one. */
export const OUTCOME_FILTER_LABELS: Record<ImportOutcome, string> = { created: 'Created', updated: 'Updated', duplicate: 'Duplicates', failed: 'Failed' };

export type ImportState = 'queued' | 'running' | 'done' | 'failed';
export const STATE_LABELS: Record<ImportState, string> = { queued: 'Queued', running: 'Running', done: 'Done', failed: 'Failed' };

export interface ImportTarget {
  field: string;
  label: string;
  required: boolean;
}

export interface ImportPreview {
  entity: ImportEntity;
  rowCount: number;
  columns: { column: string; samples: string[]; suggested?: string }[];
  targets: ImportTarget[];
}

export interface ImportRequest {
  entity: ImportEntity;
  csv: string;
  fileName?: string;
  mapping: Record<string, string>;
  onDuplicate: DuplicatePolicy;
  accountId?: string;
  tags?: string[];
}

export interface ImportStatus {
  importId: string;
  entity: ImportEntity;
  fileName?: string;
  status: ImportState;
  onDuplicate: DuplicatePolicy;
  total: number;
  processed: number;
  created: number;
  updated: number;
  duplicates: number;
  failed: number;
  requestedBy: string;
  error?: string;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
}

export interface ImportRow {
  row: number;
  outcome: ImportOutcome;
  recordType?: 'lead' | 'contact';
  recordId?: string;
  duplicateOf?: { type: 'lead' | 'contact'; id: string; name?: string; score: number; reasons: string[] };
  errors?: { name: string; column?: string; detail: string }[];
  values: Record<string, string>;
}

/** What this user may import into: the import privilege and the right to create the records. */
export function importableEntities(me: WithPrivileges | null | undefined): ImportEntity[] {
  if (!hasPrivilege(me, 'import')) return [];
  return IMPORT_ENTITIES.filter((entity) => can(me, RECORD_TYPE_OF[entity], 'create'));
}

export const mayImport = (me: WithPrivileges | null | undefined, entity?: ImportEntity) =>
  entity ? importableEntities(me).includes(entity) : importableEntities(me).length > 0;

/** A file the API would refuse for its size, said before it is sent; null when it fits. */
export function csvProblem(text: string): string | null {
  if (!text.trim()) return 'The file is empty.';
  if (text.length > MAX_CSV_CHARS)
    return `The file has ${text.length.toLocaleString('en-US')} characters; at most ${MAX_CSV_CHARS.toLocaleString('en-US')} can be imported at once. Split it into smaller files.`;
  return null;
}

/** Each column's suggested field, when the API suggests one it lists and no earlier column took it; '' is "don't import". */
export function initialMapping(preview: Pick<ImportPreview, 'columns' | 'targets'>): Record<string, string> {
  const known = new Set(preview.targets.map((t) => t.field));
  const taken = new Set<string>();
  const mapping: Record<string, string> = {};
  for (const { column, suggested } of preview.columns) {
    const field = suggested && known.has(suggested) && !taken.has(suggested) ? suggested : '';
    if (field) taken.add(field);
    mapping[column] = field;
  }
  return mapping;
}

/** The required targets no column is mapped to. */
export function missingRequired(targets: ImportTarget[], mapping: Record<string, string>): ImportTarget[] {
  const mapped = new Set(Object.values(mapping).filter(Boolean));
  return targets.filter((t) => t.required && !mapped.has(t.field));
}

/**
 * What keeps the mapping from being sent, by the name the API would use (`mapping.<column>`):
 * a field taken by a second column. Required fields left out are `mapping` itself.
 */
export function mappingProblems(targets: ImportTarget[], mapping: Record<string, string>): Map<string, string[]> {
  const problems = new Map<string, string[]>();
  const labelOf = (field: string) => targets.find((t) => t.field === field)?.label ?? field;
  const first = new Map<string, string>();
  for (const [column, field] of Object.entries(mapping)) {
    if (!field) continue;
    const earlier = first.get(field);
    if (earlier === undefined) first.set(field, column);
    else problems.set(`mapping.${column}`, [`${labelOf(field)} is imported from “${earlier}” already; choose another field or “Don’t import”.`]);
  }
  const missing = missingRequired(targets, mapping);
  if (missing.length) problems.set('mapping', [requiredMessage(missing)]);
  return problems;
}

export const requiredMessage = (missing: ImportTarget[]) =>
  `Map a column to ${missing.map((t) => t.label).join(', ')}: ${missing.length === 1 ? 'it is' : 'they are'} required.`;

/** The request body: mapped columns only (the API skips the others anyway), optional parts left out when empty. */
export function importBody(input: { entity: ImportEntity; csv: string; fileName?: string; mapping: Record<string, string>; onDuplicate: DuplicatePolicy; accountId?: string; tags?: string[] }): ImportRequest {
  const mapping = Object.fromEntries(Object.entries(input.mapping).filter(([, field]) => field));
  const fileName = input.fileName?.trim().slice(0, 200);
  return {
    entity: input.entity,
    csv: input.csv,
    ...(fileName ? { fileName } : {}),
    mapping,
    onDuplicate: input.onDuplicate,
    ...(input.entity === 'contacts' && input.accountId ? { accountId: input.accountId } : {}),
    ...(input.tags?.length ? { tags: input.tags } : {}),
  };
}

export const isFinished = (status: ImportStatus) => status.status === 'done' || status.status === 'failed';

/** The next wait between two looks at a running import: quick at first, then every few seconds. */
export const nextDelay = (delay: number) => Math.min(Math.round(delay * 1.5), 5000);

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

/** "3 rows: 1 created, 1 duplicate, 1 failed" (only what happened, all of it once done). */
export function countsText(s: Pick<ImportStatus, 'total' | 'created' | 'updated' | 'duplicates' | 'failed'>): string {
  const parts = [
    s.created ? `${count(s.created)} created` : '',
    s.updated ? `${count(s.updated)} updated` : '',
    s.duplicates ? plural(s.duplicates, 'duplicate') : '',
    s.failed ? `${count(s.failed)} failed` : '',
  ].filter(Boolean);
  return `${plural(s.total, 'row')}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

/** How far a running import is: "12 of 40 rows processed". */
export const progressText = (s: Pick<ImportStatus, 'status' | 'processed' | 'total'>) =>
  s.status === 'queued' ? 'Waiting to start…' : `${count(s.processed)} of ${plural(s.total, 'row')} processed`;

/** The count the result page shows next to an outcome filter. */
export function outcomeCount(s: Pick<ImportStatus, 'created' | 'updated' | 'duplicates' | 'failed'>, outcome: ImportOutcome): number {
  return outcome === 'duplicate' ? s.duplicates : s[outcome];
}

export const parseOutcome = (value: string | null): ImportOutcome | undefined =>
  (IMPORT_OUTCOMES as readonly string[]).includes(value ?? '') ? (value as ImportOutcome) : undefined;
