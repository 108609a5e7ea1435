/**
 * Workflow rules as data: a trigger, optional conditions, and actions run in order by the
 * workflow-run state machine. These schemas validate what admins save, type the engine
 * and describe the API in the OpenAPI document. Checks that need the database (fields
 * that exist, templates, cycles) are in ./validation.ts.
 */
import * as z from 'zod';
import { IsoTime, ListQuery, Ulid, UserId, pageOf } from '../platform/schemas';

export const WORKFLOW_RECORD_TYPES = ['lead', 'contact', 'account', 'opportunity', 'activity'] as const;
export type WorkflowRecordType = (typeof WORKFLOW_RECORD_TYPES)[number];
const recordType = z.enum(WORKFLOW_RECORD_TYPES, { error: `must be one of ${WORKFLOW_RECORD_TYPES.join(', ')}` });

/** A field path: a built-in field, or custom.<key> */
const FieldPath = z.string().trim().regex(/^(custom\.)?[a-zA-Z][a-zA-Z0-9_]{0,63}$/, 'must be a field name, or custom.<key>');
const Scalar = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);
const YEAR_DAYS = 365;

export const Trigger = z
  .discriminatedUnion(
    'type',
    [
      z.strictObject({ type: z.literal('recordCreated'), recordType }),
      z.strictObject({ type: z.literal('recordUpdated'), recordType }),
      z.strictObject({
        type: z.literal('fieldChanged'),
        recordType,
        field: FieldPath,
        to: Scalar.optional().meta({ description: 'Only when the field changed to this value' }),
      }),
      z.strictObject({
        type: z.literal('stageChanged'),
        recordType: z.literal('opportunity').default('opportunity'),
        pipelineId: z.string().max(64).optional(),
        to: z.string().max(64).optional().meta({ description: 'Only when the deal moved to this stage' }),
      }),
      z.strictObject({ type: z.literal('formSubmitted'), recordType: z.literal('lead').default('lead') }),
      z.strictObject({ type: z.literal('emailOpened'), recordType: z.literal('lead').default('lead') }),
      z.strictObject({ type: z.literal('emailClicked'), recordType: z.literal('lead').default('lead') }),
      z.strictObject({
        type: z.literal('dateReached'),
        recordType,
        field: FieldPath,
        offsetDays: z
          .number()
          .int('must be whole days')
          .min(-YEAR_DAYS)
          .max(YEAR_DAYS)
          .default(0)
          .meta({ description: 'Days after the date (negative: before). 0 is the day itself.' }),
        every: z.enum(['year', 'once']).default('once').meta({ description: 'year: every anniversary of the date (birthdays); once: that date only' }),
      }),
    ],
    { error: 'must be one of recordCreated, recordUpdated, fieldChanged, stageChanged, formSubmitted, emailOpened, emailClicked, dateReached' },
  )
  .meta({ id: 'WorkflowTrigger' });
export type Trigger = z.infer<typeof Trigger>;

export const COMPARISONS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'contains', 'in', 'present', 'absent'] as const;
export const Comparison = z
  .strictObject({
    field: FieldPath,
    op: z.enum(COMPARISONS, { error: `must be one of ${COMPARISONS.join(', ')}` }),
    value: z.union([Scalar, z.array(z.union([z.string().max(500), z.number()])).max(100)]).optional(),
  })
  .meta({ id: 'WorkflowComparison' });
export type Comparison = z.infer<typeof Comparison>;

export type Condition = Comparison | { all: Condition[] } | { any: Condition[] };
// named, so the OpenAPI document refers to it instead of unfolding it forever
export const Condition: z.ZodType<Condition> = z
  .lazy(() => z.union([Comparison, z.strictObject({ all: z.array(Condition).min(1).max(20) }), z.strictObject({ any: z.array(Condition).min(1).max(20) })]))
  .meta({ id: 'WorkflowCondition', description: 'A comparison, or { all: [...] } (AND) or { any: [...] } (OR) of conditions' });

const Assignee = z
  .union([z.literal('owner'), UserId])
  .meta({ description: '"owner" (the record\'s owner) or a user id' });
const days = z.number().int('must be whole days').min(0).max(YEAR_DAYS);

export const Action = z
  .discriminatedUnion(
    'type',
    [
      z.strictObject({
        type: z.literal('createTask'),
        subject: z.string().trim().min(1).max(200).optional(),
        templateId: Ulid.optional().meta({ description: 'A task template: its subject, due days and the task that follows it' }),
        dueInDays: days.optional(),
        assignTo: Assignee.default('owner'),
      }),
      z.strictObject({
        type: z.literal('sendEmail'),
        templateId: Ulid,
        to: z.enum(['record', 'owner']).default('record').meta({ description: "record: the contact's or lead's email; owner: the record's owner" }),
      }),
      z.strictObject({ type: z.literal('updateField'), field: FieldPath, value: Scalar }),
      z.strictObject({
        type: z.literal('assignOwner'),
        userId: UserId.optional(),
        groupId: z.string().max(63).optional().meta({ description: 'Round-robin among the active members of this group' }),
      }),
      z.strictObject({ type: z.literal('addTag'), tag: z.string().trim().min(1).max(40) }),
      z.strictObject({ type: z.literal('removeTag'), tag: z.string().trim().min(1).max(40) }),
      z.strictObject({ type: z.literal('notify'), userId: Assignee.default('owner'), message: z.string().trim().min(1).max(500) }),
      z.strictObject({
        type: z.literal('wait'),
        minutes: z.number().int().min(0).optional(),
        hours: z.number().int().min(0).optional(),
        days: z.number().int().min(0).optional(),
        until: z.union([IsoTime, FieldPath]).optional().meta({ description: 'A time, or a date field of the record' }),
      }),
      z.strictObject({
        type: z.literal('webhook'),
        url: z.string().url('must be a URL').max(2000),
        secret: z.string().min(16, 'must be at least 16 characters').max(200).optional().meta({ description: 'HMAC key of the x-crm-signature header; made on save when absent' }),
      }),
      z.strictObject({ type: z.literal('startWorkflow'), workflowId: Ulid }),
    ],
    { error: 'must be one of createTask, sendEmail, updateField, assignOwner, addTag, removeTag, notify, wait, webhook, startWorkflow' },
  )
  .meta({ id: 'WorkflowAction' });
export type Action = z.infer<typeof Action>;

const workflowFields = {
  name: z.string().trim().min(1, 'is required').max(120),
  description: z.string().trim().max(1000).optional(),
  enabled: z.boolean().default(true),
  trigger: Trigger,
  conditions: Condition.optional(),
  actions: z.array(Action).min(1, 'needs at least one action').max(25),
};

export const WorkflowInput = z.strictObject(workflowFields).meta({ id: 'WorkflowInput' });
export type WorkflowInput = z.infer<typeof WorkflowInput>;
export const WorkflowUpdate = z.strictObject({ ...workflowFields, version: z.number().int().min(1) }).meta({ id: 'WorkflowUpdate' });
export type WorkflowUpdate = z.infer<typeof WorkflowUpdate>;

export const Workflow = z
  .object({
    workflowId: Ulid,
    ...workflowFields,
    seeded: z.string().optional(),
    version: z.number().int(),
    createdAt: IsoTime,
    createdBy: z.string(),
    updatedAt: IsoTime,
    updatedBy: z.string(),
  })
  .meta({ id: 'Workflow' });
export type Workflow = z.infer<typeof Workflow>;
export const WorkflowList = z.object({ items: z.array(Workflow) }).meta({ id: 'WorkflowList' });
export const WorkflowIdParams = z.object({ workflowId: Ulid });

export const RUN_STATUSES = ['running', 'waiting', 'succeeded', 'failed'] as const;
export const RunStep = z
  .object({
    index: z.number().int(),
    type: z.string(),
    status: z.enum(['running', 'waiting', 'succeeded', 'failed', 'skipped']),
    input: z.unknown().optional(),
    output: z.unknown().optional(),
    error: z.string().optional(),
    attempts: z.number().int(),
    startedAt: IsoTime,
    finishedAt: IsoTime.optional(),
  })
  .meta({ id: 'WorkflowRunStep' });
export type RunStep = z.infer<typeof RunStep>;

export const WorkflowRun = z
  .object({
    runId: Ulid,
    workflowId: Ulid,
    workflowName: z.string(),
    recordType: z.string(),
    recordId: z.string(),
    trigger: z.object({ detailType: z.string(), eventId: z.string() }),
    chain: z.array(z.string()),
    status: z.enum(RUN_STATUSES),
    steps: z.array(RunStep),
    startedAt: IsoTime,
    finishedAt: IsoTime.optional(),
    error: z.string().optional(),
  })
  .meta({ id: 'WorkflowRun' });
export type WorkflowRun = z.infer<typeof WorkflowRun>;
export const WorkflowRunPage = pageOf(WorkflowRun, 'WorkflowRunPage');
export const RunParams = z.object({ workflowId: Ulid, runId: Ulid });
export const RunListQuery = ListQuery;

export const EmailTemplateInput = z
  .strictObject({
    name: z.string().trim().min(1, 'is required').max(120),
    subject: z.string().trim().min(1, 'is required').max(300),
    body: z.string().min(1, 'is required').max(50_000).meta({ description: 'Plain text with merge fields: {{firstName}}, {{custom.key}}, {{owner.name}}' }),
  })
  .meta({ id: 'EmailTemplateInput' });
export const EmailTemplateUpdate = EmailTemplateInput.extend({ version: z.number().int().min(1) }).meta({ id: 'EmailTemplateUpdate' });
export const EmailTemplate = z
  .object({
    templateId: Ulid,
    name: z.string(),
    subject: z.string(),
    body: z.string(),
    seeded: z.string().optional(),
    version: z.number().int(),
    updatedAt: IsoTime,
    updatedBy: z.string(),
  })
  .meta({ id: 'EmailTemplate' });
export type EmailTemplate = z.infer<typeof EmailTemplate>;
export const EmailTemplateList = z.object({ items: z.array(EmailTemplate) }).meta({ id: 'EmailTemplateList' });
export const TemplateIdParams = z.object({ templateId: Ulid });

export const TaskTemplateInput = z
  .strictObject({
    name: z.string().trim().min(1, 'is required').max(120),
    subject: z.string().trim().min(1, 'is required').max(200),
    description: z.string().trim().max(5000).optional(),
    dueInDays: days.default(1),
    nextTemplateId: Ulid.optional().meta({ description: 'When a task made from this template is completed, a task from that template is created' }),
  })
  .meta({ id: 'TaskTemplateInput' });
export const TaskTemplateUpdate = TaskTemplateInput.extend({ version: z.number().int().min(1) }).meta({ id: 'TaskTemplateUpdate' });
export const TaskTemplate = z
  .object({
    templateId: Ulid,
    name: z.string(),
    subject: z.string(),
    description: z.string().optional(),
    dueInDays: z.number().int(),
    nextTemplateId: Ulid.optional(),
    version: z.number().int(),
    updatedAt: IsoTime,
    updatedBy: z.string(),
  })
  .meta({ id: 'TaskTemplate' });
export type TaskTemplate = z.infer<typeof TaskTemplate>;
export const TaskTemplateList = z.object({ items: z.array(TaskTemplate) }).meta({ id: 'TaskTemplateList' });

export const Notification = z
  .object({
    notificationId: Ulid,
    message: z.string(),
    recordType: z.string().optional(),
    recordId: z.string().optional(),
    workflowId: z.string().optional(),
    createdAt: IsoTime,
    readAt: IsoTime.optional(),
  })
  .meta({ id: 'Notification' });
export const NotificationPage = pageOf(Notification, 'NotificationPage');
export const NotificationIdParams = z.object({ notificationId: Ulid });
