import type { StateMachineKey } from '../workflows/definitions';
import type { WorkerFunction } from '../groups';
import { EVENT_TYPES } from '../../shared/events/catalogue';
import { DATE_TRIGGERS_DUE } from './schedules';

import { EVENT_SOURCE } from '../../shared/events/catalogue';

export interface EventRule {
  name: string;
  description: string;
  /** An EventBridge event pattern (the local bus matches the same subset). */
  eventPattern: { source?: string[]; 'detail-type'?: string[]; detail?: Record<string, unknown> };
  target: { kind: 'stateMachine'; stateMachine: StateMachineKey } | { kind: 'function'; function: WorkerFunction };
}

/** Rules on the CRM bus, declared once for CDK and the local bus. */
export const eventRules: EventRule[] = [
  {
    name: 'export-requested',
    description: 'Runs the CSV export workflow when a user requests an export',
    eventPattern: { source: [EVENT_SOURCE], 'detail-type': ['Export Created'] },
    target: { kind: 'stateMachine', stateMachine: 'csvExport' },
  },
  {
    name: 'import-requested',
    description: 'Runs the CSV import workflow when a user starts an import',
    eventPattern: { source: [EVENT_SOURCE], 'detail-type': ['ImportJob Created'] },
    target: { kind: 'stateMachine', stateMachine: 'csvImport' },
  },
  {
    name: 'access-job-requested',
    description: "Reassigns a user's records, or re-grants access after roles, groups or sharing rules changed",
    eventPattern: { source: [EVENT_SOURCE], 'detail-type': ['AccessJob Created'] },
    target: { kind: 'stateMachine', stateMachine: 'accessJob' },
  },
  {
    name: 'reminder-due',
    description: "Emails an activity's owner when a reminder they asked to be emailed comes due (put on the bus by its one-off schedule)",
    eventPattern: { source: [EVENT_SOURCE], 'detail-type': ['Reminder Due'] },
    target: { kind: 'stateMachine', stateMachine: 'reminderEmail' },
  },
  {
    name: 'form-submission-received',
    description: 'Processes a stored web-form submission (not spam) into a lead or an activity',
    eventPattern: { source: [EVENT_SOURCE], 'detail-type': ['FormSubmission Created'], detail: { record: { status: ['received'] } } },
    target: { kind: 'stateMachine', stateMachine: 'formSubmission' },
  },
  {
    name: 'automation',
    description: 'Every documented domain event (workflows, chained tasks, webhooks) and the daily date tick, to the automation worker',
    eventPattern: { source: [EVENT_SOURCE], 'detail-type': [...EVENT_TYPES, DATE_TRIGGERS_DUE] },
    target: { kind: 'function', function: 'automation' },
  },
];
