import { describe, expect, it } from 'vitest';
import {
  actionDraft,
  actionBody,
  actionSummary,
  conditionsDraft,
  emptyAction,
  emptyComparison,
  emptyDraft,
  errorPath,
  errorTargets,
  parseScalar,
  pathLabel,
  recordFields,
  triggerSummary,
  unreadCount,
  updateBody,
  workflowBody,
  workflowDraft,
  type Action,
  type DraftError,
  type KindOf,
  type Workflow,
  type WorkflowInput,
} from '../../ui/src/automation';
import { parseHash } from '../../ui/src/router';

const kinds: Record<string, 'text' | 'number' | 'boolean' | 'date' | 'list'> = { source: 'text', annualRevenue: 'number', mql: 'boolean', birthday: 'date', tags: 'list', 'custom.seats': 'number' };
const kindOf: KindOf = (field) => kinds[field];

describe('workflow builder: draft to API body', () => {
  it('makes the body of "lead created, source is web → create a task due in 1 day"', () => {
    const draft = emptyDraft();
    draft.name = '  Follow up web leads ';
    draft.conditions.items.push({ ...emptyComparison('source'), value: 'web' });
    Object.assign(draft.actions[0]!, { subject: 'Call the new web lead', dueInDays: '1' });
    const { body, errors } = workflowBody(draft, kindOf);
    expect(errors).toEqual([]);
    expect(body).toEqual({
      name: 'Follow up web leads',
      enabled: true,
      trigger: { type: 'recordCreated', recordType: 'lead' },
      conditions: { all: [{ field: 'source', op: 'eq', value: 'web' }] },
      actions: [{ type: 'createTask', subject: 'Call the new web lead', dueInDays: 1, assignTo: 'owner' }],
    });
  });

  it('leaves conditions out when there are none, and types values by the field', () => {
    const draft = emptyDraft();
    draft.name = 'x';
    expect(workflowBody(draft, kindOf).body.conditions).toBeUndefined();
    draft.conditions = {
      kind: 'group',
      mode: 'any',
      items: [
        { kind: 'comparison', field: 'annualRevenue', op: 'gte', value: '100000' },
        { kind: 'comparison', field: 'mql', op: 'eq', value: 'yes' },
        { kind: 'comparison', field: 'source', op: 'in', value: 'web, ads ,' },
        { kind: 'comparison', field: 'tags', op: 'contains', value: 'vip' },
        { kind: 'comparison', field: 'birthday', op: 'present', value: 'ignored' },
        { kind: 'group', mode: 'all', items: [{ kind: 'comparison', field: 'custom.seats', op: 'in', value: '5, 10' }] },
      ],
    };
    expect(workflowBody(draft, kindOf).body.conditions).toEqual({
      any: [
        { field: 'annualRevenue', op: 'gte', value: 100000 },
        { field: 'mql', op: 'eq', value: true },
        { field: 'source', op: 'in', value: ['web', 'ads'] },
        { field: 'tags', op: 'contains', value: 'vip' },
        { field: 'birthday', op: 'present' },
        { all: [{ field: 'custom.seats', op: 'in', value: [5, 10] }] },
      ],
    });
  });

  it('names what must be fixed with the paths the API uses', () => {
    const draft = emptyDraft();
    draft.name = 'x';
    draft.trigger = { ...draft.trigger, type: 'dateReached', recordType: 'contact', field: 'birthday', days: 'two' };
    draft.conditions.items.push({ kind: 'comparison', field: 'annualRevenue', op: 'gt', value: 'lots' }, { kind: 'comparison', field: 'source', op: 'eq', value: '' });
    draft.actions = [
      { ...emptyAction('createTask'), dueInDays: '1.5' },
      emptyAction('sendEmail'),
      { ...emptyAction('wait'), amount: '-1' },
      { ...emptyAction('assignOwner'), userId: 'owner' },
      { ...emptyAction('notify'), userId: '' },
    ];
    const { errors } = workflowBody(draft, kindOf);
    expect(errors.map((e: DraftError) => e.path)).toEqual([
      'trigger.offsetDays',
      'actions.0.dueInDays',
      'actions.0.subject',
      'actions.1.templateId',
      'actions.2.amount',
      'actions.3.userId',
      'actions.4.userId',
      'conditions.all.0.value',
      'conditions.all.1.value',
    ]);
  });

  it('turns every trigger into its body', () => {
    const draft = emptyDraft();
    const trigger = (changes: Partial<typeof draft.trigger>) => workflowBody({ ...draft, name: 'x', trigger: { ...draft.trigger, ...changes } }, kindOf).body.trigger;
    expect(trigger({ type: 'recordUpdated', recordType: 'account' })).toEqual({ type: 'recordUpdated', recordType: 'account' });
    expect(trigger({ type: 'fieldChanged', field: 'annualRevenue', to: '5' })).toEqual({ type: 'fieldChanged', recordType: 'lead', field: 'annualRevenue', to: 5 });
    expect(trigger({ type: 'fieldChanged', field: 'source', to: '' })).toEqual({ type: 'fieldChanged', recordType: 'lead', field: 'source' });
    expect(trigger({ type: 'stageChanged', pipelineId: 'new-business', to: 'won' })).toEqual({ type: 'stageChanged', recordType: 'opportunity', pipelineId: 'new-business', to: 'won' });
    expect(trigger({ type: 'emailClicked', recordType: 'account' })).toEqual({ type: 'emailClicked', recordType: 'lead' });
    expect(trigger({ type: 'dateReached', recordType: 'contact', field: 'birthday', days: '3', direction: 'before', every: 'year' })).toEqual({ type: 'dateReached', recordType: 'contact', field: 'birthday', offsetDays: -3, every: 'year' });
    expect(trigger({ type: 'dateReached', recordType: 'contact', field: 'customerSince', days: '7', direction: 'after', every: 'once' })).toEqual({ type: 'dateReached', recordType: 'contact', field: 'customerSince', offsetDays: 7, every: 'once' });
  });
});

describe('workflow builder: API body to draft and back', () => {
  const everything: WorkflowInput = {
    name: 'Everything',
    description: 'All the actions',
    enabled: false,
    trigger: { type: 'dateReached', recordType: 'contact', field: 'birthday', offsetDays: -3, every: 'year' },
    conditions: { all: [{ field: 'source', op: 'ne', value: 'junk' }, { any: [{ field: 'annualRevenue', op: 'lt', value: 5 }, { field: 'tags', op: 'absent' }] }] },
    actions: [
      { type: 'createTask', subject: 'Call', templateId: '01HZZZZZZZZZZZZZZZZZZZZZZZ', dueInDays: 2, assignTo: '01HYYYYYYYYYYYYYYYYYYYYYYY' },
      { type: 'sendEmail', templateId: '01HXXXXXXXXXXXXXXXXXXXXXXX', to: 'owner' },
      { type: 'updateField', field: 'source', value: 'nurture' },
      { type: 'updateField', field: 'annualRevenue', value: null },
      { type: 'assignOwner', groupId: 'emea-sales' },
      { type: 'assignOwner', userId: '01HYYYYYYYYYYYYYYYYYYYYYYY' },
      { type: 'addTag', tag: 'birthday' },
      { type: 'removeTag', tag: 'cold' },
      { type: 'notify', userId: 'owner', message: 'Birthday soon' },
      { type: 'wait', hours: 4 },
      { type: 'wait', until: 'birthday' },
      { type: 'webhook', url: 'https://example.com/hook' },
      { type: 'startWorkflow', workflowId: '01HWWWWWWWWWWWWWWWWWWWWWWW' },
    ],
  };

  it('gives back the same body for a saved workflow', () => {
    const { body, errors } = workflowBody(workflowDraft(everything), kindOf);
    expect(errors).toEqual([]);
    expect(body).toEqual(everything);
  });

  it('keeps conditions nested deeper than the builder shows as they are', () => {
    const deep = { any: [{ all: [{ any: [{ field: 'source', op: 'eq' as const, value: 'a' }] }, { field: 'mql', op: 'eq' as const, value: true }] }] };
    const draft = conditionsDraft(deep);
    expect(draft.items[0]).toMatchObject({ kind: 'group', mode: 'all' });
    const inner = draft.items[0]!.kind === 'group' ? draft.items[0]!.items[0] : undefined;
    expect(inner).toEqual({ kind: 'raw', condition: { any: [{ field: 'source', op: 'eq', value: 'a' }] } });
    const body = workflowBody({ ...emptyDraft(), name: 'x', conditions: draft }, kindOf).body;
    expect(body.conditions).toEqual(deep);
  });

  it('wraps a lone comparison in an AND group', () => {
    expect(conditionsDraft({ field: 'source', op: 'eq', value: 'web' })).toEqual({ kind: 'group', mode: 'all', items: [{ kind: 'comparison', field: 'source', op: 'eq', value: 'web' }] });
    expect(conditionsDraft(undefined)).toEqual({ kind: 'group', mode: 'all', items: [] });
  });

  it('shows a wait in one unit', () => {
    const wait = (a: Action) => {
      const d = actionDraft(a);
      return `${d.amount} ${d.unit}`;
    };
    expect(wait({ type: 'wait', days: 2 })).toBe('2 days');
    expect(wait({ type: 'wait', minutes: 90 })).toBe('90 minutes');
    expect(wait({ type: 'wait', days: 1, hours: 2 })).toBe('26 hours');
    expect(wait({ type: 'wait', hours: 48, minutes: 0 })).toBe('2 days');
    const errors: DraftError[] = [];
    expect(actionBody({ ...emptyAction('wait'), amount: '15', unit: 'minutes' }, 'actions.0', kindOf, errors)).toEqual({ type: 'wait', minutes: 15 });
    expect(errors).toEqual([]);
  });

  it('makes the PUT body of a saved workflow without what the API adds', () => {
    const saved: Workflow = { ...everything, workflowId: '01HVVVVVVVVVVVVVVVVVVVVVVV', seeded: 'x', version: 3, createdAt: 't', createdBy: 'u', updatedAt: 't', updatedBy: 'u' };
    expect(updateBody(saved, { enabled: true })).toEqual({ ...everything, enabled: true, version: 3 });
  });
});

describe('workflow summaries', () => {
  it('says when a workflow runs', () => {
    expect(triggerSummary({ type: 'recordCreated', recordType: 'lead' })).toBe('When a lead is created');
    expect(triggerSummary({ type: 'recordUpdated', recordType: 'opportunity' })).toBe('When a deal is changed');
    expect(triggerSummary({ type: 'recordCreated', recordType: 'account' })).toBe('When an account is created');
    expect(triggerSummary({ type: 'fieldChanged', recordType: 'lead', field: 'status', to: 'qualified' })).toBe('When a lead’s status changes to qualified');
    expect(triggerSummary({ type: 'fieldChanged', recordType: 'lead', field: 'annualRevenue' })).toBe('When a lead’s annual revenue changes');
    expect(triggerSummary({ type: 'stageChanged', to: 'won' })).toBe('When a deal moves to stage won');
    expect(triggerSummary({ type: 'stageChanged' })).toBe('When a deal moves to another stage');
    expect(triggerSummary({ type: 'formSubmitted' })).toBe('When a lead submits a form');
    expect(triggerSummary({ type: 'emailOpened' })).toBe('When a lead opens an email');
    expect(triggerSummary({ type: 'dateReached', recordType: 'contact', field: 'birthday', offsetDays: -3, every: 'year' })).toBe('3 days before a contact’s birthday, every year');
    expect(triggerSummary({ type: 'dateReached', recordType: 'contact', field: 'customerSince', offsetDays: 1 })).toBe('1 day after a contact’s customer since');
    expect(triggerSummary({ type: 'dateReached', recordType: 'contact', field: '', offsetDays: 0 })).toBe('On the day of a contact’s chosen date');
    expect(triggerSummary({ type: 'fieldChanged', recordType: 'account', field: '' })).toBe('When an account’s chosen field changes');
    expect(triggerSummary({ type: 'dateReached', recordType: 'opportunity', field: 'closeDate', offsetDays: 0 }, (f) => (f === 'closeDate' ? 'Close date' : f))).toBe('On the day of a deal’s close date');
  });

  it('says what an action does', () => {
    expect(actionSummary({ type: 'createTask', subject: 'Call', dueInDays: 1 })).toBe('Create a task “Call” due in 1 day');
    expect(actionSummary({ type: 'sendEmail', templateId: 'T', to: 'record' }, { template: () => 'Welcome' })).toBe('Send the email “Welcome” to the record');
    expect(actionSummary({ type: 'wait', days: 1, hours: 2 })).toBe('Wait 1 d 2 h');
  });
});

describe('workflow errors next to their inputs', () => {
  it('reads the path from the name or the JSON pointer', () => {
    expect(errorPath({ name: 'actions.2.url', pointer: '/actions/2/url' })).toBe('actions.2.url');
    expect(errorPath({ name: '', pointer: '/trigger/field' })).toBe('trigger.field');
    expect(errorPath({ name: '', pointer: '#/conditions/all/0/value' })).toBe('conditions.all.0.value');
  });

  it('finds the input of a path, then what holds it', () => {
    expect(errorTargets('actions.2.url')).toEqual(['actions.2.url', 'actions.2', 'actions']);
    expect(errorTargets('actions.1.days')).toEqual(['actions.1.amount', 'actions.1', 'actions']);
    expect(errorTargets('actions.3')).toEqual(['actions.3.type', 'actions.3', 'actions']);
    expect(errorTargets('actions')).toEqual(['actions']);
    expect(errorTargets('trigger')).toEqual(['trigger.type', 'trigger']);
    expect(errorTargets('trigger.field')).toEqual(['trigger.field', 'trigger']);
    expect(errorTargets('conditions.all.1.any.0.value')).toEqual(['conditions.all.1.any.0.value', 'conditions.all.1.any.0', 'conditions.all.1.any', 'conditions.all.1', 'conditions.all', 'conditions']);
  });

  it('labels paths for the banner', () => {
    expect(pathLabel('actions.2.url')).toBe('Action 3 › url');
    expect(pathLabel('conditions.all.1.any.0.value')).toBe('Conditions › #2 › #1 › value');
    expect(pathLabel('trigger.field')).toBe('Trigger › field');
  });
});

describe('workflow fields from the OpenAPI document', () => {
  const doc = {
    components: {
      schemas: {
        Day: { type: 'string', format: 'date' },
        Lead: {
          type: 'object',
          properties: {
            leadId: { type: 'string' },
            lastName: { type: 'string' },
            annualRevenue: { type: 'integer' },
            status: { type: 'string', enum: ['new', 'working'] },
            tags: { type: 'array', items: { type: 'string' } },
            mql: { type: 'boolean' },
            qualification: { type: 'object', properties: {} },
            custom: { type: 'object' },
            version: { type: 'integer' },
            createdAt: { type: 'string', format: 'date-time' },
            convertedOn: { $ref: '#/components/schemas/Day' },
            notes: { type: ['string', 'null'] },
            website: { anyOf: [{ type: 'null' }, { type: 'string', format: 'uri' }] },
          },
        },
      },
    },
  };

  it('lists record fields with their kinds, leaving out objects and bookkeeping', () => {
    const fields = recordFields(doc, 'lead', [{ key: 'seats', label: 'Seats', type: 'number' }, { key: 'tier', label: 'Tier', type: 'picklist', options: ['gold', 'silver'] }]);
    expect(fields.map((f) => [f.name, f.kind])).toEqual([
      ['annualRevenue', 'number'],
      ['convertedOn', 'date'],
      ['createdAt', 'datetime'],
      ['lastName', 'text'],
      ['leadId', 'text'],
      ['mql', 'boolean'],
      ['notes', 'text'],
      ['status', 'text'],
      ['tags', 'list'],
      ['website', 'text'],
      ['custom.seats', 'number'],
      ['custom.tier', 'text'],
    ]);
    expect(fields.find((f) => f.name === 'status')).toEqual({ name: 'status', label: 'Status', kind: 'text', options: ['new', 'working'] });
    expect(fields.find((f) => f.name === 'custom.tier')).toEqual({ name: 'custom.tier', label: 'Tier (custom)', kind: 'text', options: ['gold', 'silver'] });
    expect(fields.find((f) => f.name === 'annualRevenue')?.label).toBe('Annual revenue');
  });

  it('falls back to the built-in fields when the document cannot be read', () => {
    const contact = recordFields(null, 'contact');
    expect(contact.find((f) => f.name === 'birthday')).toEqual({ name: 'birthday', label: 'Birthday', kind: 'date' });
    expect(contact.find((f) => f.name === 'lastName')?.kind).toBe('text');
    const account = recordFields({ components: {} }, 'account', [{ key: 'x', label: 'X', type: 'date' }]);
    expect(account.map((f) => f.name)).toContain('domain');
    expect(account.at(-1)).toEqual({ name: 'custom.x', label: 'X (custom)', kind: 'date' });
    expect(recordFields(null, 'lead').find((f) => f.name === 'status')?.options).toContain('qualified');
  });

  it('types values typed for a field', () => {
    expect(parseScalar(' 12 ', 'number')).toEqual({ value: 12 });
    expect(parseScalar('x', 'number')).toEqual({ error: 'must be a number' });
    expect(parseScalar('No', 'boolean')).toEqual({ value: false });
    expect(parseScalar('2026-13', 'date')).toEqual({ error: 'must be a date (YYYY-MM-DD)' });
    expect(parseScalar('true', 'text')).toEqual({ value: 'true' });
    expect(parseScalar('  ', 'text')).toEqual({});
  });
});

describe('automation in the UI shell', () => {
  it('routes the automation admin pages', () => {
    expect(parseHash('#/admin/workflows')).toMatchObject({ name: 'admin', page: 'workflows' });
    expect(parseHash('#/admin/workflows/new')).toMatchObject({ name: 'admin', page: 'workflows', id: 'new' });
    expect(parseHash('#/admin/workflows/01HZ/runs')).toMatchObject({ name: 'admin', page: 'workflows', id: '01HZ', sub: 'runs' });
    expect(parseHash('#/admin/workflows/new/runs').name).toBe('notFound');
    expect(parseHash('#/admin/workflows/01HZ/other').name).toBe('notFound');
    expect(parseHash('#/admin/users/U1/runs').name).toBe('notFound');
    expect(parseHash('#/admin/webhooks?id=S1&tab=dead')).toMatchObject({ name: 'admin', page: 'webhooks' });
    expect(parseHash('#/admin/email-templates')).toMatchObject({ name: 'admin', page: 'email-templates' });
    expect(parseHash('#/admin/task-templates/x').name).toBe('notFound');
  });

  it('counts unread notifications', () => {
    const n = (readAt?: string) => ({ notificationId: 'N', message: 'm', createdAt: 't', ...(readAt ? { readAt } : {}) });
    expect(unreadCount([n(), n('t'), n()])).toBe(2);
    expect(unreadCount([])).toBe(0);
  });
});
