/**
 * Which workflows an event starts. Pure, so the rule matching is unit-tested alone.
 *
 * Loop guard: a change a workflow makes is written by the actor "workflow:<id>,<id>…"
 * naming the chain of workflows that led to it. A workflow already in the chain is not
 * started again by that change, and a chain stops at MAX_CHAIN workflows, so neither a
 * workflow nor a ring of workflows can trigger itself forever.
 */
import { PUBLISHED_RECORDS, type DomainEventDetail } from '../events/catalogue';
import { conditionHolds } from './conditions';
import type { Trigger, Workflow } from './schemas';

export const MAX_CHAIN = 5;
const WORKFLOW_ACTOR = 'workflow:';

export interface BusEnvelope {
  id?: string;
  source: string;
  'detail-type': string;
  time?: string;
  detail: DomainEventDetail;
}

export const workflowActor = (chain: string[]) => `${WORKFLOW_ACTOR}${chain.join(',')}`;

/** The workflows behind a change, outermost first; empty when a person made it. */
export function chainOf(actor: string | undefined): string[] {
  return actor?.startsWith(WORKFLOW_ACTOR) ? actor.slice(WORKFLOW_ACTOR.length).split(',').filter(Boolean) : [];
}

const BEHAVIOURS: Partial<Record<Trigger['type'], string>> = { formSubmitted: 'form-submitted', emailOpened: 'email-opened', emailClicked: 'email-clicked' };

export function triggerMatches(trigger: Trigger, detailType: string, detail: DomainEventDetail): boolean {
  if (detail.recordType !== trigger.recordType) return false;
  const word = PUBLISHED_RECORDS[trigger.recordType].type;
  switch (trigger.type) {
    case 'recordCreated':
      return detailType === `${word} Created`;
    case 'recordUpdated':
      return detailType === `${word} Updated`;
    case 'fieldChanged': {
      if (detailType !== `${word} Updated`) return false;
      const change = changeOf(detail, trigger.field);
      return change !== undefined && (trigger.to === undefined || sameValue(change.after, trigger.to));
    }
    case 'stageChanged':
      return (
        detailType === 'Opportunity Stage Changed' &&
        (trigger.pipelineId === undefined || detail.stage?.pipelineId === trigger.pipelineId) &&
        (trigger.to === undefined || detail.stage?.to === trigger.to)
      );
    case 'formSubmitted':
    case 'emailOpened':
    case 'emailClicked':
      return detailType === 'Lead Behaviour Recorded' && detail.behaviour === BEHAVIOURS[trigger.type];
    case 'dateReached':
      return (
        detailType === 'Date Reached' &&
        detail.date?.field === trigger.field &&
        detail.date.offsetDays === trigger.offsetDays &&
        detail.date.every === trigger.every
      );
  }
}

/** A field's change in an update: custom fields change inside `custom`. */
function changeOf(detail: DomainEventDetail, field: string): { before: unknown; after: unknown } | undefined {
  if (!field.startsWith('custom.')) return detail.changes?.[field];
  const custom = detail.changes?.custom as { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null } | undefined;
  if (!custom) return undefined;
  const key = field.slice(7);
  const [before, after] = [custom.before?.[key], custom.after?.[key]];
  return JSON.stringify(before) === JSON.stringify(after) ? undefined : { before: before ?? null, after: after ?? null };
}

const sameValue = (actual: unknown, wanted: unknown) =>
  typeof actual === 'string' && typeof wanted === 'string' ? actual.toLowerCase() === wanted.toLowerCase() : actual === wanted;

export interface Match {
  workflow: Workflow;
  /** the chain the run continues: the event's chain plus this workflow */
  chain: string[];
}

/** The enabled workflows this event starts, after the loop guard and their conditions. */
export function matchWorkflows(workflows: Workflow[], event: BusEnvelope, record: Record<string, unknown>): Match[] {
  const chain = chainOf(event.detail.actor);
  if (chain.length >= MAX_CHAIN) return [];
  return workflows
    .filter((w) => w.enabled && !chain.includes(w.workflowId))
    .filter((w) => triggerMatches(w.trigger, event['detail-type'], event.detail))
    .filter((w) => conditionHolds(w.conditions, record))
    .map((workflow) => ({ workflow, chain: [...chain, workflow.workflowId] }));
}
