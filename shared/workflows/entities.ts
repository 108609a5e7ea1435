/**
 * Items of workflow automation (ElectroDB models of the single table):
 *  - workflow      : admin-built rules, all in one partition — the matcher reads them with one Query
 *  - workflowRun   : one run of a workflow on one record, its steps and outcome, newest first per workflow
 *  - emailTemplate : subject and body with merge fields, used by workflows' "send email"
 *  - taskTemplate  : a task to create, and the one to create when it is completed (chained tasks)
 *  - notification  : a message for a user from a workflow, newest first per user
 *  - rotation      : a group's round-robin counter for "assign owner"
 *  - dateIndexEntry: a record's date field under its month and day, so the daily job finds
 *                    today's birthdays and due dates with a Query per trigger, not a Scan
 */
import { Entity, type EntityConfiguration } from 'electrodb';

const SERVICE = 'crm';

const authored = {
  version: { type: 'number', required: true },
  createdAt: { type: 'string', required: true, readOnly: true },
  createdBy: { type: 'string', required: true, readOnly: true },
  updatedAt: { type: 'string', required: true },
  updatedBy: { type: 'string', required: true },
} as const;

export const workflowEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'workflow', version: '1', service: SERVICE },
      attributes: {
        /** one partition for all workflows: an organisation has tens, the matcher reads them all */
        scope: { type: 'string', required: true, readOnly: true, default: 'org' },
        workflowId: { type: 'string', required: true, readOnly: true },
        name: { type: 'string', required: true },
        description: { type: 'string' },
        enabled: { type: 'boolean', required: true },
        trigger: { type: 'any', required: true },
        conditions: { type: 'any' },
        actions: { type: 'any', required: true },
        /** set on the seeded examples */
        seeded: { type: 'string' },
        ...authored,
      },
      indexes: {
        all: { pk: { field: 'pk', composite: ['scope'] }, sk: { field: 'sk', composite: ['workflowId'] } },
      },
    },
    config,
  );

export const workflowRunEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'workflowRun', version: '1', service: SERVICE },
      attributes: {
        workflowId: { type: 'string', required: true, readOnly: true },
        runId: { type: 'string', required: true, readOnly: true },
        workflowName: { type: 'string', required: true },
        recordType: { type: 'string', required: true },
        recordId: { type: 'string', required: true },
        /** the event that started it: detail-type and its id */
        trigger: { type: 'any', required: true },
        /** the workflows that led here, outermost first (loop guard) */
        chain: { type: 'list', items: { type: 'string' }, required: true },
        /** the actions as they were when the run started: editing the workflow changes no running run */
        actions: { type: 'any', required: true },
        status: { type: 'string', required: true },
        steps: { type: 'any', required: true },
        startedAt: { type: 'string', required: true },
        finishedAt: { type: 'string' },
        error: { type: 'string' },
        /** runs are kept a year (TTL) */
        expiresAt: { type: 'number', required: true },
      },
      indexes: {
        byWorkflow: { pk: { field: 'pk', composite: ['workflowId'] }, sk: { field: 'sk', composite: ['runId'] } },
      },
    },
    config,
  );

export const emailTemplateEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'emailTemplate', version: '1', service: SERVICE },
      attributes: {
        scope: { type: 'string', required: true, readOnly: true, default: 'org' },
        templateId: { type: 'string', required: true, readOnly: true },
        name: { type: 'string', required: true },
        subject: { type: 'string', required: true },
        body: { type: 'string', required: true },
        seeded: { type: 'string' },
        ...authored,
      },
      indexes: {
        all: { pk: { field: 'pk', composite: ['scope'] }, sk: { field: 'sk', composite: ['templateId'] } },
      },
    },
    config,
  );

export const taskTemplateEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'taskTemplate', version: '1', service: SERVICE },
      attributes: {
        scope: { type: 'string', required: true, readOnly: true, default: 'org' },
        templateId: { type: 'string', required: true, readOnly: true },
        name: { type: 'string', required: true },
        subject: { type: 'string', required: true },
        description: { type: 'string' },
        dueInDays: { type: 'number', required: true },
        /** the template of the task to create when a task made from this one is completed */
        nextTemplateId: { type: 'string' },
        ...authored,
      },
      indexes: {
        all: { pk: { field: 'pk', composite: ['scope'] }, sk: { field: 'sk', composite: ['templateId'] } },
      },
    },
    config,
  );

export const notificationEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'notification', version: '1', service: SERVICE },
      attributes: {
        /** a separate attribute name keeps these out of the user record's partition */
        recipientId: { type: 'string', required: true, readOnly: true },
        notificationId: { type: 'string', required: true, readOnly: true },
        message: { type: 'string', required: true },
        recordType: { type: 'string' },
        recordId: { type: 'string' },
        workflowId: { type: 'string' },
        runId: { type: 'string' },
        createdAt: { type: 'string', required: true },
        readAt: { type: 'string' },
        /** kept 90 days (TTL) */
        expiresAt: { type: 'number', required: true },
      },
      indexes: {
        byRecipient: { pk: { field: 'pk', composite: ['recipientId'] }, sk: { field: 'sk', composite: ['notificationId'] } },
      },
    },
    config,
  );

/**
 * A date field of a record under "<type>#<field>#<MM-DD>", sharded four ways (a popular
 * day must not make a hot partition), sorted by year: a yearly trigger (birthday) reads
 * the day's partitions whole, a one-off trigger (a renewal date) only that year.
 */
export const dateIndexEntryEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'dateIndexEntry', version: '1', service: SERVICE },
      attributes: {
        recordType: { type: 'string', required: true, readOnly: true },
        recordId: { type: 'string', required: true, readOnly: true },
        field: { type: 'string', required: true, readOnly: true },
        /** MM-DD */
        monthDay: { type: 'string', required: true },
        year: { type: 'string', required: true },
        dayShard: { type: 'string', required: true },
        date: { type: 'string', required: true },
      },
      indexes: {
        byRecord: {
          pk: { field: 'pk', composite: ['recordType', 'recordId'] },
          sk: { field: 'sk', composite: ['field'] },
        },
        byDay: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['recordType', 'field', 'monthDay', 'dayShard'] },
          sk: { field: 'gsi2sk', composite: ['year', 'recordId'] },
        },
      },
    },
    config,
  );

/** A group's round-robin counter: "assign owner" takes member number turns mod members. */
export const rotationEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'rotation', version: '1', service: SERVICE },
      attributes: {
        groupId: { type: 'string', required: true, readOnly: true },
        turns: { type: 'number', required: true, default: 0 },
      },
      indexes: {
        byGroup: { pk: { field: 'pk', composite: ['groupId'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    config,
  );
