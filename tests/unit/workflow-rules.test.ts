/** Rule matching, conditions, the meaning of changes, and the workflow-run state machine on its own. */
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { readAsl, stateMachines } from '../../functions/workflows/definitions';
import { DomainEventDetail, EVENT_TYPES } from '../../shared/events/catalogue';
import { toDomainEvents } from '../../shared/events/domain-events';
import { conditionHolds } from '../../shared/workflows/conditions';
import { MAX_CHAIN, chainOf, matchWorkflows, triggerMatches, workflowActor, type BusEnvelope } from '../../shared/workflows/matching';
import { Trigger, type Workflow } from '../../shared/workflows/schemas';

/* eslint-disable @typescript-eslint/no-explicit-any -- aws-local-stepfunctions types task handlers as JSONValue */

const detail = (over: Partial<DomainEventDetail> = {}): DomainEventDetail => ({
  schemaVersion: '1',
  eventId: 'e1',
  recordType: 'lead',
  recordId: 'L1',
  occurredAt: '2026-11-23T10:00:00.000Z',
  record: {},
  ...over,
});
const trigger = (t: Record<string, unknown>) => Trigger.parse(t);

describe('conditions', () => {
  const lead = { source: 'Web', annualRevenue: 5_000_000, tags: ['vip', 'eu'], custom: { tier: 'gold' }, country: '' };

  it('compares text case-insensitively, as people read it', () => {
    expect(conditionHolds({ field: 'source', op: 'eq', value: 'web' }, lead)).toBe(true);
    expect(conditionHolds({ field: 'source', op: 'ne', value: 'WEB' }, lead)).toBe(false);
    expect(conditionHolds({ field: 'source', op: 'contains', value: 'we' }, lead)).toBe(true);
  });

  it('orders numbers, and never compares a number with text', () => {
    expect(conditionHolds({ field: 'annualRevenue', op: 'gte', value: 5_000_000 }, lead)).toBe(true);
    expect(conditionHolds({ field: 'annualRevenue', op: 'gt', value: 5_000_000 }, lead)).toBe(false);
    expect(conditionHolds({ field: 'annualRevenue', op: 'lt', value: '9' }, lead)).toBe(false);
  });

  it('treats list fields as "any of", and in as membership', () => {
    expect(conditionHolds({ field: 'tags', op: 'eq', value: 'vip' }, lead)).toBe(true);
    expect(conditionHolds({ field: 'tags', op: 'ne', value: 'vip' }, lead)).toBe(false);
    expect(conditionHolds({ field: 'source', op: 'in', value: ['email', 'web'] }, lead)).toBe(true);
  });

  it('reads custom fields and tells blank from present', () => {
    expect(conditionHolds({ field: 'custom.tier', op: 'eq', value: 'gold' }, lead)).toBe(true);
    expect(conditionHolds({ field: 'country', op: 'absent' }, lead)).toBe(true);
    expect(conditionHolds({ field: 'custom.missing', op: 'present' }, lead)).toBe(false);
  });

  it('combines with AND and OR, nested', () => {
    const condition = {
      all: [{ field: 'source', op: 'eq' as const, value: 'web' }, { any: [{ field: 'country', op: 'present' as const }, { field: 'custom.tier', op: 'eq' as const, value: 'gold' }] }],
    };
    expect(conditionHolds(condition, lead)).toBe(true);
    expect(conditionHolds({ ...condition, all: [...condition.all, { field: 'source', op: 'eq', value: 'email' }] }, lead)).toBe(false);
    expect(conditionHolds(undefined, lead)).toBe(true);
  });
});

describe('triggers', () => {
  it('match the record type and the verb', () => {
    expect(triggerMatches(trigger({ type: 'recordCreated', recordType: 'lead' }), 'Lead Created', detail())).toBe(true);
    expect(triggerMatches(trigger({ type: 'recordCreated', recordType: 'lead' }), 'Lead Updated', detail())).toBe(false);
    expect(triggerMatches(trigger({ type: 'recordCreated', recordType: 'contact' }), 'Lead Created', detail())).toBe(false);
  });

  it('match a field that changed, to a value when one is given', () => {
    const changed = detail({ changes: { status: { before: 'new', after: 'Qualified' } } });
    expect(triggerMatches(trigger({ type: 'fieldChanged', recordType: 'lead', field: 'status' }), 'Lead Updated', changed)).toBe(true);
    expect(triggerMatches(trigger({ type: 'fieldChanged', recordType: 'lead', field: 'status', to: 'qualified' }), 'Lead Updated', changed)).toBe(true);
    expect(triggerMatches(trigger({ type: 'fieldChanged', recordType: 'lead', field: 'status', to: 'junk' }), 'Lead Updated', changed)).toBe(false);
    expect(triggerMatches(trigger({ type: 'fieldChanged', recordType: 'lead', field: 'email' }), 'Lead Updated', changed)).toBe(false);
  });

  it('match a custom field that changed inside the custom values', () => {
    const changed = detail({ changes: { custom: { before: { tier: 'silver', size: 3 }, after: { tier: 'gold', size: 3 } } } });
    expect(triggerMatches(trigger({ type: 'fieldChanged', recordType: 'lead', field: 'custom.tier', to: 'gold' }), 'Lead Updated', changed)).toBe(true);
    expect(triggerMatches(trigger({ type: 'fieldChanged', recordType: 'lead', field: 'custom.size' }), 'Lead Updated', changed)).toBe(false);
  });

  it('match stage changes, form submissions, email opens and dates by their own events', () => {
    const stage = detail({ recordType: 'opportunity', stage: { pipelineId: 'new-business', from: 'qualify', to: 'proposal' } });
    expect(triggerMatches(trigger({ type: 'stageChanged', to: 'proposal' }), 'Opportunity Stage Changed', stage)).toBe(true);
    expect(triggerMatches(trigger({ type: 'stageChanged', pipelineId: 'renewals' }), 'Opportunity Stage Changed', stage)).toBe(false);
    expect(triggerMatches(trigger({ type: 'formSubmitted' }), 'Lead Behaviour Recorded', detail({ behaviour: 'form-submitted' }))).toBe(true);
    expect(triggerMatches(trigger({ type: 'emailOpened' }), 'Lead Behaviour Recorded', detail({ behaviour: 'form-submitted' }))).toBe(false);
    const birthday = detail({ recordType: 'contact', date: { field: 'birthday', value: '1990-11-23', offsetDays: 0, every: 'year', day: '2026-11-23' } });
    expect(triggerMatches(trigger({ type: 'dateReached', recordType: 'contact', field: 'birthday', every: 'year' }), 'Date Reached', birthday)).toBe(true);
    expect(triggerMatches(trigger({ type: 'dateReached', recordType: 'contact', field: 'birthday', offsetDays: -7, every: 'year' }), 'Date Reached', birthday)).toBe(false);
  });
});

describe('the loop guard', () => {
  const workflow = (id: string, enabled = true) =>
    ({ workflowId: id, name: id, enabled, trigger: { type: 'recordUpdated', recordType: 'lead' }, actions: [{ type: 'addTag', tag: 'x' }] }) as unknown as Workflow;
  const updated = (actor?: string): BusEnvelope => ({ source: 'crm', 'detail-type': 'Lead Updated', detail: detail({ actor }) });

  it('reads the chain of workflows behind a change from its actor', () => {
    expect(chainOf(workflowActor(['A', 'B']))).toEqual(['A', 'B']);
    expect(chainOf('01USERID')).toEqual([]);
  });

  it('does not start a workflow on a change it (or a workflow it started) made', () => {
    const all = [workflow('A'), workflow('B'), workflow('C', false)];
    expect(matchWorkflows(all, updated('user-1'), {}).map((m) => m.workflow.workflowId)).toEqual(['A', 'B']);
    expect(matchWorkflows(all, updated(workflowActor(['A'])), {}).map((m) => [m.workflow.workflowId, m.chain])).toEqual([['B', ['A', 'B']]]);
    expect(matchWorkflows(all, updated(workflowActor(['A', 'B'])), {})).toEqual([]);
  });

  it('ends any chain at its maximum length', () => {
    const chain = Array.from({ length: MAX_CHAIN }, (_, i) => `W${i}`);
    expect(matchWorkflows([workflow('Z')], updated(workflowActor(chain)), {})).toEqual([]);
  });
});

describe('what a change means', () => {
  const lead = { __edb_e__: 'lead', leadId: 'L1', lastName: 'Lee', status: 'qualified', version: 3, updatedBy: 'U1', behaviour: [{ type: 'email-opened', at: '2026-11-01T00:00:00Z' }] };
  const events = (oldImage: Record<string, unknown>, newImage: Record<string, unknown>) =>
    toDomainEvents({ eventId: 'e9', eventName: 'MODIFY', oldImage, newImage, approximateCreationTime: 1_795_000_000 });

  it('a lead converted is "Lead Updated" and "Lead Converted", each with its own event id', () => {
    const [updated, converted] = events(lead, { ...lead, status: 'converted', version: 4 });
    expect(updated).toMatchObject({ detailType: 'Lead Updated', detail: { eventId: 'e9', actor: 'U1' } });
    expect(converted).toMatchObject({ detailType: 'Lead Converted', detail: { eventId: 'e9:converted', recordId: 'L1' } });
  });

  it('a new behaviour event is "Lead Behaviour Recorded" naming it', () => {
    const newer = { ...lead, behaviour: [{ type: 'form-submitted', at: '2026-11-20T00:00:00Z' }, ...lead.behaviour], version: 4 };
    expect(events(lead, newer).map((e) => [e.detailType, e.detail.behaviour])).toEqual([
      ['Lead Updated', undefined],
      ['Lead Behaviour Recorded', 'form-submitted'],
    ]);
  });

  it('a deal moved is "Opportunity Stage Changed" with from and to; a task completed is "Activity Completed"', () => {
    const deal = { __edb_e__: 'opportunity', opportunityId: 'O1', pipelineId: 'new-business', stage: 'qualify', version: 1 };
    expect(events(deal, { ...deal, stage: 'proposal', version: 2 })[1]).toMatchObject({
      detailType: 'Opportunity Stage Changed',
      detail: { stage: { pipelineId: 'new-business', from: 'qualify', to: 'proposal' } },
    });
    const task = { __edb_e__: 'activity', activityId: 'A1', type: 'task', status: 'open', version: 1 };
    expect(events(task, { ...task, status: 'completed', version: 2 }).map((e) => e.detailType)).toEqual(['Activity Updated', 'Activity Completed']);
  });

  it('a merge is "<Type> Merged" on the record kept, naming the duplicate', () => {
    const entry = { __edb_e__: 'timelineEntry', kind: 'merge', subjectType: 'contact', subjectId: 'C1', refType: 'contact', refId: 'C2', actorId: 'U1' };
    const [merged] = toDomainEvents({ eventId: 'e3', eventName: 'INSERT', newImage: entry });
    expect(merged).toMatchObject({ detailType: 'Contact Merged', detail: { recordId: 'C1', mergedId: 'C2', actor: 'U1' } });
  });

  it('every event has a documented detail-type and a detail that fits the versioned schema', () => {
    const all = [
      ...events(lead, { ...lead, status: 'converted', behaviour: [{ type: 'email-clicked', at: '2026-11-21T00:00:00Z' }], version: 4 }),
      ...toDomainEvents({ eventId: 'e4', eventName: 'INSERT', newImage: { __edb_e__: 'account', accountId: 'A1', name: 'Acme', updatedBy: 'U1' } }),
      ...toDomainEvents({ eventId: 'e5', eventName: 'REMOVE', oldImage: { __edb_e__: 'contact', contactId: 'C1', lastName: 'Gone' } }),
    ];
    expect(all).toHaveLength(5);
    for (const event of all) {
      expect(EVENT_TYPES).toContain(event.detailType);
      expect(DomainEventDetail.safeParse(event.detail).error).toBeUndefined();
    }
  });
});

describe('the workflow-run state machine', () => {
  const asl = () => JSON.parse(readAsl(stateMachines.workflowRun.aslFile).replaceAll(/\$\{(\w+)\}/g, 'arn:aws:lambda:us-east-1:123456789012:function:$1'));

  /** A fake run: actions by type, the engine's replies made here. */
  function run(actions: string[], act: (step: number, attempt: number) => unknown) {
    const calls: string[] = [];
    const attempts = new Map<number, number>();
    const plan = async (input: any) => {
      calls.push(`plan:${input.step}`);
      const type = actions[input.step];
      if (!type) return { ...input, next: 'done' };
      return type === 'wait' ? { ...input, next: 'wait', waitUntil: new Date(Date.now() + 3_600_000).toISOString() } : { ...input, next: 'act' };
    };
    const execution = new StateMachine(asl()).run(
      { runId: 'R1', workflowId: 'W1', step: 0 },
      {
        overrides: {
          taskResourceLocalHandlers: {
            Plan: plan,
            Act: async (input: any) => {
              const attempt = (attempts.get(input.step) ?? 0) + 1;
              attempts.set(input.step, attempt);
              calls.push(`act:${input.step}#${attempt}`);
              act(input.step, attempt);
              return { runId: input.runId, workflowId: input.workflowId, step: input.step + 1 };
            },
            WaitOver: async (input: any) => {
              calls.push(`waited:${input.step}`);
              return { runId: input.runId, workflowId: input.workflowId, step: input.step + 1 };
            },
            RecordFailure: async (input: any) => {
              calls.push(`failed:${input.step}:${input.error.Error}`);
              return {};
            },
          },
          retryIntervalOverrides: { Act: 0, Plan: 0, WaitOver: 0, RecordFailure: 0 },
          waitTimeOverrides: { Wait: 1 },
        },
      },
    );
    return { calls, result: execution.result };
  }

  it('runs the actions in order, through a wait, to the end', async () => {
    const { calls, result } = run(['createTask', 'wait', 'sendEmail'], () => undefined);
    await result;
    expect(calls).toEqual(['plan:0', 'act:0#1', 'plan:1', 'waited:1', 'plan:2', 'act:2#1', 'plan:3']);
  });

  it('retries a failing action three times with backoff, then records the failure', async () => {
    const { calls, result } = run(['webhook', 'addTag'], () => {
      const error = new Error('The webhook answered 500');
      error.name = 'WebhookFailed';
      throw error;
    });
    await expect(result).rejects.toThrow();
    expect(calls).toEqual(['plan:0', 'act:0#1', 'act:0#2', 'act:0#3', 'act:0#4', 'failed:0:WebhookFailed']);
  });

  it('does not retry an action the record refused', async () => {
    const { calls, result } = run(['updateField'], () => {
      const error = new Error('The lead L1 no longer exists');
      error.name = 'WorkflowActionRejected';
      throw error;
    });
    await expect(result).rejects.toThrow();
    expect(calls).toEqual(['plan:0', 'act:0#1', 'failed:0:WorkflowActionRejected']);
  });
});
