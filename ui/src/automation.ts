/**
 * Workflow automation in the UI, without the DOM: the API's shapes (see
 * shared/workflows/schemas.ts), the builder's editable draft and how it turns into the
 * request body and back, trigger summaries, the record fields a workflow may name (from
 * the OpenAPI document), and which builder input an API error path belongs to.
 */

export const WORKFLOW_RECORD_TYPES = ['lead', 'contact', 'account', 'opportunity', 'activity'] as const;
export type WorkflowRecordType = (typeof WORKFLOW_RECORD_TYPES)[number];
export const RECORD_TYPE_LABELS: Record<WorkflowRecordType, string> = { lead: 'Lead', contact: 'Contact', account: 'Account', opportunity: 'Deal', activity: 'Activity' };
/** The OpenAPI component schema of each record type. */
export const RECORD_SCHEMAS: Record<WorkflowRecordType, string> = { lead: 'Lead', contact: 'Contact', account: 'Account', opportunity: 'Opportunity', activity: 'Activity' };

export const TRIGGER_TYPES = ['recordCreated', 'recordUpdated', 'fieldChanged', 'stageChanged', 'formSubmitted', 'emailOpened', 'emailClicked', 'dateReached'] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];
export const TRIGGER_LABELS: Record<TriggerType, string> = {
  recordCreated: 'A record is created',
  recordUpdated: 'A record is changed',
  fieldChanged: 'A field changes',
  stageChanged: 'A deal changes stage',
  formSubmitted: 'A lead submits a form',
  emailOpened: 'A lead opens an email',
  emailClicked: 'A lead clicks a link in an email',
  dateReached: 'A date is reached',
};
/** Triggers that fix the record type. */
export const FIXED_RECORD_TYPE: Partial<Record<TriggerType, WorkflowRecordType>> = { stageChanged: 'opportunity', formSubmitted: 'lead', emailOpened: 'lead', emailClicked: 'lead' };

export const COMPARISONS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'contains', 'in', 'present', 'absent'] as const;
export type ComparisonOp = (typeof COMPARISONS)[number];
export const OP_LABELS: Record<ComparisonOp, string> = {
  eq: 'is',
  ne: 'is not',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  contains: 'contains',
  in: 'is one of',
  present: 'is filled in',
  absent: 'is empty',
};
export const valueless = (op: ComparisonOp) => op === 'present' || op === 'absent';

export const ACTION_TYPES = ['createTask', 'sendEmail', 'updateField', 'assignOwner', 'addTag', 'removeTag', 'notify', 'wait', 'webhook', 'startWorkflow'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
export const ACTION_LABELS: Record<ActionType, string> = {
  createTask: 'Create a task',
  sendEmail: 'Send an email',
  updateField: 'Update a field',
  assignOwner: 'Assign an owner',
  addTag: 'Add a tag',
  removeTag: 'Remove a tag',
  notify: 'Notify a user',
  wait: 'Wait',
  webhook: 'Call a webhook',
  startWorkflow: 'Start another workflow',
};

export type Scalar = string | number | boolean | null;

export type Trigger =
  | { type: 'recordCreated' | 'recordUpdated'; recordType: WorkflowRecordType }
  | { type: 'fieldChanged'; recordType: WorkflowRecordType; field: string; to?: Scalar }
  | { type: 'stageChanged'; recordType?: 'opportunity'; pipelineId?: string; to?: string }
  | { type: 'formSubmitted' | 'emailOpened' | 'emailClicked'; recordType?: 'lead' }
  | { type: 'dateReached'; recordType: WorkflowRecordType; field: string; offsetDays?: number; every?: 'year' | 'once' };

export interface Comparison {
  field: string;
  op: ComparisonOp;
  value?: Scalar | (string | number)[];
}
export type Condition = Comparison | { all: Condition[] } | { any: Condition[] };

export type Action =
  | { type: 'createTask'; subject?: string; templateId?: string; dueInDays?: number; assignTo?: string }
  | { type: 'sendEmail'; templateId: string; to?: 'record' | 'owner' }
  | { type: 'updateField'; field: string; value: Scalar }
  | { type: 'assignOwner'; userId?: string; groupId?: string }
  | { type: 'addTag' | 'removeTag'; tag: string }
  | { type: 'notify'; userId?: string; message: string }
  | { type: 'wait'; minutes?: number; hours?: number; days?: number; until?: string }
  | { type: 'webhook'; url: string }
  | { type: 'startWorkflow'; workflowId: string };

export interface WorkflowInput {
  name: string;
  description?: string;
  enabled: boolean;
  trigger: Trigger;
  conditions?: Condition;
  actions: Action[];
}
export interface Workflow extends WorkflowInput {
  workflowId: string;
  seeded?: string;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export const RUN_STATUS_LABELS: Record<string, string> = { running: 'Running', waiting: 'Waiting', succeeded: 'Succeeded', failed: 'Failed', skipped: 'Skipped' };
export interface RunStep {
  index: number;
  type: string;
  status: 'running' | 'waiting' | 'succeeded' | 'failed' | 'skipped';
  input?: unknown;
  output?: unknown;
  error?: string;
  attempts: number;
  startedAt: string;
  finishedAt?: string;
}
export interface WorkflowRun {
  runId: string;
  workflowId: string;
  workflowName: string;
  recordType: string;
  recordId: string;
  trigger: { detailType: string; eventId: string };
  chain: string[];
  status: 'running' | 'waiting' | 'succeeded' | 'failed';
  steps: RunStep[];
  startedAt: string;
  finishedAt?: string;
  error?: string;
}

export interface EmailTemplate {
  templateId: string;
  name: string;
  subject: string;
  body: string;
  seeded?: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
}
export interface TaskTemplate {
  templateId: string;
  name: string;
  subject: string;
  description?: string;
  dueInDays: number;
  nextTemplateId?: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
}
export interface AppNotification {
  notificationId: string;
  message: string;
  recordType?: string;
  recordId?: string;
  workflowId?: string;
  createdAt: string;
  readAt?: string;
}

/* ------------------------------------------------------------------ record fields */

export type FieldKind = 'text' | 'number' | 'boolean' | 'date' | 'datetime' | 'list';
export interface RecordField {
  /** the path a workflow names: `industry`, `custom.budgetCode` */
  name: string;
  label: string;
  kind: FieldKind;
  /** allowed values (enums, picklists) */
  options?: string[];
}

/** Fields no rule should name: keys, bookkeeping, nested objects the API's field paths cannot reach. */
const SKIPPED_FIELDS = new Set(['version', 'custom', 'scoreReasons']);

type JsonSchema = Record<string, unknown>;
const asObject = (v: unknown): JsonSchema | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonSchema) : undefined);

/** "annualRevenue" → "Annual revenue". */
export function labelOf(name: string): string {
  const words = name.replace(/^custom\./, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function kindOf(schema: JsonSchema | undefined, all: Record<string, JsonSchema>, depth = 0): { kind: FieldKind | 'object'; options?: string[] } {
  if (!schema || depth > 5) return { kind: 'text' };
  const ref = typeof schema.$ref === 'string' ? schema.$ref.replace('#/components/schemas/', '') : undefined;
  if (ref) return kindOf(all[ref], all, depth + 1);
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const list = Array.isArray(schema[key]) ? (schema[key] as unknown[]).map(asObject).filter((s): s is JsonSchema => !!s && s.type !== 'null') : [];
    if (list.length) return kindOf(list[0], all, depth + 1);
  }
  const type = Array.isArray(schema.type) ? (schema.type as unknown[]).find((t) => t !== 'null') : schema.type;
  const options = Array.isArray(schema.enum) ? (schema.enum as unknown[]).filter((v): v is string => typeof v === 'string') : undefined;
  switch (type) {
    case 'integer':
    case 'number':
      return { kind: 'number' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'array':
      return { kind: 'list' };
    case 'object':
      return { kind: 'object' };
    default: {
      if (schema.format === 'date') return { kind: 'date' };
      if (schema.format === 'date-time') return { kind: 'datetime' };
      return options?.length ? { kind: 'text', options } : { kind: 'text' };
    }
  }
}

type FieldList = [name: string, kind?: FieldKind, options?: string[]][];
const META: FieldList = [['tags', 'list'], ['ownerId'], ['createdAt', 'datetime'], ['updatedAt', 'datetime']];
/**
 * The fields of each record type as shared/crm/schemas.ts defines them, for when the
 * OpenAPI document cannot be read: the builder then still offers the usual fields.
 */
export const FALLBACK_FIELDS: Record<WorkflowRecordType, FieldList> = {
  lead: [
    ['firstName'], ['lastName'], ['company'], ['title'], ['email'], ['phone'], ['website'], ['industry'], ['country'], ['annualRevenue', 'number'], ['currency'], ['source'], ['campaign'],
    ['status', 'text', ['new', 'working', 'nurturing', 'qualified', 'unqualified', 'converted', 'junk']], ['notes'], ['score', 'number'], ['rating', 'text', ['hot', 'warm', 'cold', 'junk']], ['mql', 'boolean'],
    ['lastActivityAt', 'datetime'], ['convertedAt', 'datetime'], ...META,
  ],
  contact: [['firstName'], ['lastName'], ['email'], ['phone'], ['title'], ['accountId'], ['birthday', 'date'], ['customerSince', 'date'], ...META],
  account: [['name'], ['domain'], ['industry'], ['website'], ['phone'], ...META],
  opportunity: [
    ['name'], ['accountId'], ['amount', 'number'], ['currency'], ['closeDate', 'date'], ['probability', 'number'], ['pipelineId'], ['stage'], ['status', 'text', ['open', 'won', 'lost']], ['stageEnteredAt', 'datetime'], ['lostReason'], ['leadId'], ...META,
  ],
  activity: [
    ['type', 'text', ['task', 'call', 'meeting', 'email', 'note']], ['subject'], ['description'], ['relatedType', 'text', ['lead', 'contact', 'account', 'opportunity']], ['relatedId'],
    ['status', 'text', ['open', 'completed', 'cancelled']], ['dueAt', 'datetime'], ['durationMinutes', 'number'], ['outcome'], ['completedAt', 'datetime'], ['ownerId'], ['createdAt', 'datetime'], ['updatedAt', 'datetime'],
  ],
};

/**
 * The fields of a record type from the API's own description (GET /openapi.json,
 * components.schemas.Lead …), plus custom fields, sorted by label with custom ones last.
 */
export function recordFields(openapi: unknown, type: WorkflowRecordType, custom: { key: string; label: string; type: string; options?: string[] }[] = []): RecordField[] {
  const schemas = (asObject(asObject(asObject(openapi)?.components)?.schemas) ?? {}) as Record<string, JsonSchema>;
  const properties = asObject(schemas[RECORD_SCHEMAS[type]]?.properties) ?? {};
  const builtIn: RecordField[] = [];
  for (const [name, raw] of Object.entries(properties)) {
    if (SKIPPED_FIELDS.has(name) || !/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/.test(name)) continue;
    const { kind, options } = kindOf(asObject(raw), schemas);
    if (kind === 'object') continue;
    builtIn.push(options ? { name, label: labelOf(name), kind, options } : { name, label: labelOf(name), kind });
  }
  if (!builtIn.length)
    for (const [name, kind = 'text', options] of FALLBACK_FIELDS[type]) builtIn.push(options ? { name, label: labelOf(name), kind, options } : { name, label: labelOf(name), kind });
  builtIn.sort((a, b) => a.label.localeCompare(b.label));
  const customKinds: Record<string, FieldKind> = { number: 'number', money: 'number', checkbox: 'boolean', date: 'date', 'multi-picklist': 'list' };
  const extra: RecordField[] = custom.map((d) => {
    const field: RecordField = { name: `custom.${d.key}`, label: `${d.label} (custom)`, kind: customKinds[d.type] ?? 'text' };
    if (d.options?.length) field.options = d.options;
    return field;
  });
  return [...builtIn, ...extra];
}

/** Fields a date trigger or a "wait until" can use. */
export const dateFields = (fields: RecordField[]) => fields.filter((f) => f.kind === 'date' || f.kind === 'datetime');

/* ------------------------------------------------------------------ values */

/** A value as the admin types it. */
export function scalarText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(String).join(', ');
  return String(value);
}

const splitList = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** A typed value as the API wants it, by the field's kind; an error when it is not one. */
export function parseScalar(text: string, kind: FieldKind | undefined): { value?: Scalar; error?: string } {
  const t = text.trim();
  if (t === '') return {};
  if (kind === 'number') return Number.isFinite(Number(t)) ? { value: Number(t) } : { error: 'must be a number' };
  if (kind === 'boolean') {
    if (/^(true|yes)$/i.test(t)) return { value: true };
    if (/^(false|no)$/i.test(t)) return { value: false };
    return { error: 'must be yes or no' };
  }
  if (kind === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(t)) return { error: 'must be a date (YYYY-MM-DD)' };
  return { value: t };
}

/* ------------------------------------------------------------------ the builder's draft */

export interface TriggerDraft {
  type: TriggerType;
  recordType: WorkflowRecordType;
  field: string;
  /** fieldChanged / stageChanged: the value or stage it changed to ('' for any) */
  to: string;
  pipelineId: string;
  /** dateReached: whole days before or after */
  days: string;
  direction: 'before' | 'after';
  every: 'year' | 'once';
}

export interface ComparisonDraft {
  kind: 'comparison';
  field: string;
  op: ComparisonOp;
  value: string;
}
/** A condition the builder cannot edit (nested deeper than it shows); kept as it is. */
export interface RawDraft {
  kind: 'raw';
  condition: Condition;
}
export interface GroupDraft {
  kind: 'group';
  mode: 'all' | 'any';
  items: (ComparisonDraft | GroupDraft | RawDraft)[];
}

export type WaitUnit = 'minutes' | 'hours' | 'days';
/** Every action's inputs as text; the type decides which are read. */
export interface ActionDraft {
  type: ActionType;
  subject: string;
  templateId: string;
  dueInDays: string;
  /** createTask: 'owner' or a user id; notify: the same in userId */
  assignTo: string;
  to: 'record' | 'owner';
  field: string;
  value: string;
  userId: string;
  groupId: string;
  /** assignOwner: to a user, or round-robin in a group */
  assignMode: 'user' | 'group';
  tag: string;
  message: string;
  waitMode: 'for' | 'until';
  amount: string;
  unit: WaitUnit;
  until: string;
  url: string;
  workflowId: string;
}

export interface WorkflowDraft {
  name: string;
  description: string;
  enabled: boolean;
  trigger: TriggerDraft;
  conditions: GroupDraft;
  actions: ActionDraft[];
}

export function emptyAction(type: ActionType = 'createTask'): ActionDraft {
  return {
    type,
    subject: '',
    templateId: '',
    dueInDays: '',
    assignTo: 'owner',
    to: 'record',
    field: '',
    value: '',
    userId: 'owner',
    groupId: '',
    assignMode: 'user',
    tag: '',
    message: '',
    waitMode: 'for',
    amount: '1',
    unit: 'days',
    until: '',
    url: '',
    workflowId: '',
  };
}

export const emptyComparison = (field = ''): ComparisonDraft => ({ kind: 'comparison', field, op: 'eq', value: '' });

export function emptyDraft(): WorkflowDraft {
  return {
    name: '',
    description: '',
    enabled: true,
    trigger: { type: 'recordCreated', recordType: 'lead', field: '', to: '', pipelineId: '', days: '0', direction: 'before', every: 'once' },
    conditions: { kind: 'group', mode: 'all', items: [] },
    actions: [emptyAction()],
  };
}

const isComparison = (c: Condition): c is Comparison => 'field' in c;

function conditionDraft(c: Condition, depth: number): ComparisonDraft | GroupDraft | RawDraft {
  if (isComparison(c)) return { kind: 'comparison', field: c.field, op: c.op, value: scalarText(c.value) };
  if (depth >= 2) return { kind: 'raw', condition: c };
  const mode = 'all' in c ? 'all' : 'any';
  const items = 'all' in c ? c.all : c.any;
  return { kind: 'group', mode, items: items.map((i) => conditionDraft(i, depth + 1)) };
}

/** The draft of a saved condition tree: always a top group (AND by default). */
export function conditionsDraft(conditions: Condition | undefined): GroupDraft {
  if (!conditions) return { kind: 'group', mode: 'all', items: [] };
  if (isComparison(conditions)) return { kind: 'group', mode: 'all', items: [conditionDraft(conditions, 1)] };
  return conditionDraft(conditions, 0) as GroupDraft;
}

export function actionDraft(action: Action): ActionDraft {
  const d = emptyAction(action.type);
  switch (action.type) {
    case 'createTask':
      d.subject = action.subject ?? '';
      d.templateId = action.templateId ?? '';
      d.dueInDays = action.dueInDays === undefined ? '' : String(action.dueInDays);
      d.assignTo = action.assignTo ?? 'owner';
      break;
    case 'sendEmail':
      d.templateId = action.templateId;
      d.to = action.to ?? 'record';
      break;
    case 'updateField':
      d.field = action.field;
      d.value = scalarText(action.value);
      break;
    case 'assignOwner':
      d.assignMode = action.groupId ? 'group' : 'user';
      d.userId = action.userId ?? '';
      d.groupId = action.groupId ?? '';
      break;
    case 'addTag':
    case 'removeTag':
      d.tag = action.tag;
      break;
    case 'notify':
      d.userId = action.userId ?? 'owner';
      d.message = action.message;
      break;
    case 'wait': {
      if (action.until) {
        d.waitMode = 'until';
        d.until = action.until;
        break;
      }
      const minutes = (action.minutes ?? 0) + (action.hours ?? 0) * 60 + (action.days ?? 0) * 1440;
      // One unit as saved; a mix (1 day 2 hours) is shown in the smallest unit it needs.
      const set = [action.days !== undefined, action.hours !== undefined, action.minutes !== undefined].filter(Boolean).length;
      if (set === 1 && action.days !== undefined) [d.amount, d.unit] = [String(action.days), 'days'];
      else if (set === 1 && action.hours !== undefined) [d.amount, d.unit] = [String(action.hours), 'hours'];
      else if (minutes % 1440 === 0 && set > 0) [d.amount, d.unit] = [String(minutes / 1440), 'days'];
      else if (minutes % 60 === 0) [d.amount, d.unit] = [String(minutes / 60), 'hours'];
      else [d.amount, d.unit] = [String(minutes), 'minutes'];
      break;
    }
    case 'webhook':
      d.url = action.url;
      break;
    case 'startWorkflow':
      d.workflowId = action.workflowId;
      break;
  }
  return d;
}

export function workflowDraft(workflow: WorkflowInput): WorkflowDraft {
  const t = workflow.trigger;
  const trigger: TriggerDraft = { ...emptyDraft().trigger, type: t.type, recordType: (t.recordType ?? FIXED_RECORD_TYPE[t.type] ?? 'lead') as WorkflowRecordType };
  if (t.type === 'fieldChanged') Object.assign(trigger, { field: t.field, to: scalarText(t.to) });
  if (t.type === 'stageChanged') Object.assign(trigger, { pipelineId: t.pipelineId ?? '', to: t.to ?? '' });
  if (t.type === 'dateReached') {
    const offset = t.offsetDays ?? 0;
    Object.assign(trigger, { field: t.field, days: String(Math.abs(offset)), direction: offset > 0 ? 'after' : 'before', every: t.every ?? 'once' });
  }
  return {
    name: workflow.name,
    description: workflow.description ?? '',
    enabled: workflow.enabled,
    trigger,
    conditions: conditionsDraft(workflow.conditions),
    actions: workflow.actions.map(actionDraft),
  };
}

/** A problem found in the draft before any request, named like the API names its errors. */
export interface DraftError {
  path: string;
  detail: string;
}

/** The kind of a field by name, to type the values typed for it. */
export type KindOf = (field: string) => FieldKind | undefined;

function wholeNumber(text: string, path: string, errors: DraftError[], min = 0): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  if (!/^-?\d+$/.test(t) || !Number.isSafeInteger(n)) errors.push({ path, detail: 'must be a whole number' });
  else if (n < min) errors.push({ path, detail: `must be at least ${min}` });
  else return n;
  return undefined;
}

function comparisonBody(c: ComparisonDraft, path: string, kindOf: KindOf, errors: DraftError[]): Comparison {
  const out: Comparison = { field: c.field.trim(), op: c.op };
  if (valueless(c.op)) return out;
  const kind = kindOf(out.field);
  if (c.op === 'in') {
    const list = splitList(c.value);
    if (!list.length) errors.push({ path: `${path}.value`, detail: 'needs at least one value (separate them with commas)' });
    out.value = kind === 'number' && list.every((v) => Number.isFinite(Number(v))) ? list.map(Number) : list;
    return out;
  }
  // contains on a list field (tags) looks for one element, as text.
  const parsed = parseScalar(c.value, c.op === 'contains' ? 'text' : kind);
  if (parsed.error) errors.push({ path: `${path}.value`, detail: parsed.error });
  else if (parsed.value === undefined) errors.push({ path: `${path}.value`, detail: 'needs a value' });
  else out.value = parsed.value;
  return out;
}

function groupBody(g: GroupDraft, path: string, kindOf: KindOf, errors: DraftError[]): Condition {
  const items = g.items.map((item, i): Condition => {
    const at = `${path}.${g.mode}.${i}`;
    if (item.kind === 'comparison') return comparisonBody(item, at, kindOf, errors);
    if (item.kind === 'raw') return item.condition;
    return groupBody(item, at, kindOf, errors);
  });
  return g.mode === 'all' ? { all: items } : { any: items };
}

export function triggerBody(t: TriggerDraft, kindOf: KindOf, errors: DraftError[]): Trigger {
  switch (t.type) {
    case 'recordCreated':
    case 'recordUpdated':
      return { type: t.type, recordType: t.recordType };
    case 'fieldChanged': {
      const out: Trigger = { type: 'fieldChanged', recordType: t.recordType, field: t.field.trim() };
      const parsed = parseScalar(t.to, kindOf(out.field));
      if (parsed.error) errors.push({ path: 'trigger.to', detail: parsed.error });
      else if (parsed.value !== undefined) out.to = parsed.value;
      return out;
    }
    case 'stageChanged': {
      const out: Trigger = { type: 'stageChanged', recordType: 'opportunity' };
      if (t.pipelineId) out.pipelineId = t.pipelineId;
      if (t.to) out.to = t.to;
      return out;
    }
    case 'formSubmitted':
    case 'emailOpened':
    case 'emailClicked':
      return { type: t.type, recordType: 'lead' };
    case 'dateReached': {
      const days = wholeNumber(t.days || '0', 'trigger.offsetDays', errors) ?? 0;
      return { type: 'dateReached', recordType: t.recordType, field: t.field.trim(), offsetDays: t.direction === 'before' ? -days : days, every: t.every };
    }
  }
}

export function actionBody(d: ActionDraft, path: string, kindOf: KindOf, errors: DraftError[]): Action {
  switch (d.type) {
    case 'createTask': {
      if (!d.assignTo) errors.push({ path: `${path}.assignTo`, detail: 'needs a user (or choose the record’s owner)' });
      const out: Action = { type: 'createTask', assignTo: d.assignTo || 'owner' };
      if (d.subject.trim()) out.subject = d.subject.trim();
      if (d.templateId) out.templateId = d.templateId;
      const due = wholeNumber(d.dueInDays, `${path}.dueInDays`, errors);
      if (due !== undefined) out.dueInDays = due;
      if (!out.subject && !out.templateId) errors.push({ path: `${path}.subject`, detail: 'needs a subject or a task template' });
      return out;
    }
    case 'sendEmail':
      if (!d.templateId) errors.push({ path: `${path}.templateId`, detail: 'needs an email template' });
      return { type: 'sendEmail', templateId: d.templateId, to: d.to };
    case 'updateField': {
      const parsed = parseScalar(d.value, kindOf(d.field.trim()));
      if (parsed.error) errors.push({ path: `${path}.value`, detail: parsed.error });
      // An empty value clears the field.
      return { type: 'updateField', field: d.field.trim(), value: parsed.value ?? null };
    }
    case 'assignOwner':
      if (d.assignMode === 'group') {
        if (!d.groupId) errors.push({ path: `${path}.groupId`, detail: 'needs a group' });
        return { type: 'assignOwner', groupId: d.groupId };
      }
      if (!d.userId || d.userId === 'owner') errors.push({ path: `${path}.userId`, detail: 'needs a user' });
      return { type: 'assignOwner', userId: d.userId };
    case 'addTag':
    case 'removeTag':
      return { type: d.type, tag: d.tag.trim() };
    case 'notify':
      if (!d.userId) errors.push({ path: `${path}.userId`, detail: 'needs a user (or choose the record’s owner)' });
      return { type: 'notify', userId: d.userId || 'owner', message: d.message.trim() };
    case 'wait': {
      if (d.waitMode === 'until') {
        if (!d.until.trim()) errors.push({ path: `${path}.until`, detail: 'needs a time or a date field' });
        return { type: 'wait', until: d.until.trim() };
      }
      const amount = wholeNumber(d.amount, `${path}.amount`, errors);
      if (amount === undefined && !d.amount.trim()) errors.push({ path: `${path}.amount`, detail: 'needs an amount' });
      return { type: 'wait', [d.unit]: amount ?? 0 };
    }
    case 'webhook':
      return { type: 'webhook', url: d.url.trim() };
    case 'startWorkflow':
      if (!d.workflowId) errors.push({ path: `${path}.workflowId`, detail: 'needs a workflow' });
      return { type: 'startWorkflow', workflowId: d.workflowId };
  }
}

/** The POST /workflows body (PUT adds the version); `errors` lists what must be fixed first. */
export function workflowBody(draft: WorkflowDraft, kindOf: KindOf): { body: WorkflowInput; errors: DraftError[] } {
  const errors: DraftError[] = [];
  const body: WorkflowInput = {
    name: draft.name.trim(),
    enabled: draft.enabled,
    trigger: triggerBody(draft.trigger, kindOf, errors),
    actions: draft.actions.map((a, i) => actionBody(a, `actions.${i}`, kindOf, errors)),
  };
  if (draft.description.trim()) body.description = draft.description.trim();
  if (draft.conditions.items.length) body.conditions = groupBody(draft.conditions, 'conditions', kindOf, errors);
  return { body, errors };
}

/** A saved workflow as the body PUT wants (fields the API adds left out), with `enabled` changed or not. */
export function updateBody(w: Workflow, changes: Partial<WorkflowInput> = {}): WorkflowInput & { version: number } {
  const body: WorkflowInput & { version: number } = { name: w.name, enabled: w.enabled, trigger: w.trigger, actions: w.actions, version: w.version };
  if (w.description) body.description = w.description;
  if (w.conditions) body.conditions = w.conditions;
  return { ...body, ...changes };
}

/* ------------------------------------------------------------------ reading it back */

const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');
const noun = (type: string | undefined) => (type === 'opportunity' ? 'deal' : (type ?? 'record'));

/** One sentence for a trigger: "When a lead is created", "3 days before a contact's birthday, every year". */
export function triggerSummary(trigger: Trigger, fieldLabel: (field: string) => string = labelOf): string {
  const what = noun(trigger.recordType ?? FIXED_RECORD_TYPE[trigger.type]);
  const a = `${article(what)} ${what}`;
  switch (trigger.type) {
    case 'recordCreated':
      return `When ${a} is created`;
    case 'recordUpdated':
      return `When ${a} is changed`;
    case 'fieldChanged':
      return `When ${a}’s ${trigger.field ? fieldLabel(trigger.field).toLowerCase() : 'chosen field'} changes${trigger.to !== undefined ? ` to ${scalarText(trigger.to) || 'empty'}` : ''}`;
    case 'stageChanged':
      return `When a deal moves ${trigger.to ? `to stage ${trigger.to}` : 'to another stage'}${trigger.pipelineId ? ` in ${trigger.pipelineId}` : ''}`;
    case 'formSubmitted':
      return 'When a lead submits a form';
    case 'emailOpened':
      return 'When a lead opens an email';
    case 'emailClicked':
      return 'When a lead clicks a link in an email';
    case 'dateReached': {
      const offset = trigger.offsetDays ?? 0;
      const n = Math.abs(offset);
      const when = offset === 0 ? 'On the day of' : `${n} day${n === 1 ? '' : 's'} ${offset < 0 ? 'before' : 'after'}`;
      return `${when} ${a}’s ${trigger.field ? fieldLabel(trigger.field).toLowerCase() : 'chosen date'}${(trigger.every ?? 'once') === 'year' ? ', every year' : ''}`;
    }
  }
}

/** A short line per action, for the list and the run history. */
export function actionSummary(action: Action, names: { template?: (id: string) => string | undefined; workflow?: (id: string) => string | undefined } = {}): string {
  switch (action.type) {
    case 'createTask':
      return `Create a task “${action.subject ?? names.template?.(action.templateId ?? '') ?? 'from a template'}”${action.dueInDays !== undefined ? ` due in ${action.dueInDays} day${action.dueInDays === 1 ? '' : 's'}` : ''}`;
    case 'sendEmail':
      return `Send the email “${names.template?.(action.templateId) ?? action.templateId}” to the ${action.to === 'owner' ? 'owner' : 'record'}`;
    case 'updateField':
      return `Set ${labelOf(action.field).toLowerCase()} to ${scalarText(action.value) || 'empty'}`;
    case 'assignOwner':
      return action.groupId ? `Assign round-robin in ${action.groupId}` : 'Assign to a user';
    case 'addTag':
      return `Add the tag ${action.tag}`;
    case 'removeTag':
      return `Remove the tag ${action.tag}`;
    case 'notify':
      return `Notify ${action.userId && action.userId !== 'owner' ? 'a user' : 'the owner'}`;
    case 'wait':
      if (action.until) return `Wait until ${action.until}`;
      return `Wait ${[action.days && `${action.days} d`, action.hours && `${action.hours} h`, action.minutes && `${action.minutes} min`].filter(Boolean).join(' ') || '0 min'}`;
    case 'webhook':
      return `Call ${action.url}`;
    case 'startWorkflow':
      return `Start “${names.workflow?.(action.workflowId) ?? action.workflowId}”`;
  }
}

/* ------------------------------------------------------------------ errors */

/** An API error's path with dots ("actions.2.url"), from its name or its JSON pointer. */
export const errorPath = (e: { name?: string; pointer?: string }): string =>
  (e.name || (e.pointer ?? '').replace(/^#?\//, '').replace(/\//g, '.').replace(/~1/g, '/').replace(/~0/g, '~')).replace(/^body\.?/, '');

/**
 * The builder inputs (their data-path) an API error path may belong to, best first: the
 * input itself, then what holds it. A wait's minutes/hours/days are its amount input, a
 * date trigger's offsetDays is its days input, a whole action or trigger is its type.
 */
export function errorTargets(path: string): string[] {
  const parts = path.split('.').filter(Boolean);
  const candidates: string[] = [];
  const mapped = [...parts];
  if (mapped[0] === 'actions' && mapped.length === 3 && ['minutes', 'hours', 'days'].includes(mapped[2]!)) mapped[2] = 'amount';
  if (mapped[0] === 'actions' && mapped.length === 2) mapped.push('type');
  if (mapped[0] === 'trigger' && mapped.length === 1) mapped.push('type');
  if (mapped[0] === 'actions' && mapped.length === 1) candidates.push('actions');
  for (let n = mapped.length; n > 0; n--) {
    const candidate = mapped.slice(0, n).join('.');
    if (!candidates.includes(candidate)) candidates.push(candidate);
  }
  return candidates;
}

/** "actions.2.url" → "Action 3 › url" for the banner. */
export function pathLabel(path: string): string {
  const parts = path.split('.').filter(Boolean);
  if (parts[0] === 'actions' && parts[1] !== undefined) return [`Action ${Number(parts[1]) + 1}`, ...parts.slice(2)].join(' › ');
  if (parts[0] === 'conditions') return ['Conditions', ...parts.slice(1).filter((p) => p !== 'all' && p !== 'any').map((p) => (/^\d+$/.test(p) ? `#${Number(p) + 1}` : p))].join(' › ');
  return parts.map((p, i) => (i === 0 ? labelOf(p) : p)).join(' › ');
}

/** Unread notifications on a page, for the header's count. */
export const unreadCount = (items: readonly AppNotification[]) => items.filter((n) => !n.readAt).length;
