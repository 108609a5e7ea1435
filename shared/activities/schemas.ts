import * as z from 'zod';
import { CustomFields, IsoTime, ListQuery, OwnerId, Ulid, pageOf } from '../platform/schemas';
import { clearable, email, optionalInput, recordMeta } from '../crm/field-schemas';

export const ACTIVITY_TYPES = ['task', 'call', 'meeting', 'email', 'note'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export const ACTIVITY_STATUSES = ['open', 'completed', 'cancelled'] as const;
export const RELATED_TYPES = ['lead', 'contact', 'account', 'opportunity'] as const;
export type RelatedType = (typeof RELATED_TYPES)[number];
/** What a reminder may be set on: activities with something to do at a time. */
export const REMINDABLE_TYPES: readonly ActivityType[] = ['task', 'meeting'];

/** Longest snooze and longest activity: a week. */
const WEEK_MINUTES = 7 * 24 * 60;

/**
 * Any ISO-8601 time with a zone, kept as UTC with milliseconds: times sort as strings in
 * the calendar, reminder and timeline keys only when they all have the same form.
 */
export const Time = z.iso
  .datetime({ offset: true, error: 'must be an ISO-8601 time with a zone, e.g. 2026-05-04T09:30:00Z' })
  .transform((value) => new Date(value).toISOString());

const subject = z.string().trim().min(1, 'is required').max(200);
const text = (max: number) => z.string().trim().max(max);
const duration = z.number().int('must be whole minutes').min(0, 'must not be negative').max(WEEK_MINUTES, 'must be at most a week (10080)');
const AttendeeInput = z.strictObject({
  name: optionalInput(text(200)),
  email,
  contactId: optionalInput(Ulid),
});
const Attendee = z.object({ name: z.string().optional(), email: z.string(), contactId: Ulid.optional() }).meta({ id: 'Attendee' });

export const ReminderInput = z
  .strictObject({
    at: Time,
    email: z.boolean().default(false).meta({ description: 'Also email the person the activity is assigned to when it is due' }),
  })
  .meta({ description: 'A reminder for the person the activity is assigned to (tasks and meetings)' });
export const Reminder = z
  .object({ at: IsoTime, email: z.boolean(), dismissedAt: IsoTime.optional() })
  .meta({ id: 'Reminder' });

const relation = {
  relatedType: z.enum(RELATED_TYPES, { error: `must be one of ${RELATED_TYPES.join(', ')}` }),
  relatedId: Ulid,
};

export const Activity = z
  .object({
    activityId: Ulid,
    type: z.enum(ACTIVITY_TYPES),
    subject: z.string(),
    description: z.string().optional(),
    ...relation,
    accountId: Ulid.optional().meta({ description: "The related record's account, whose timeline shows the activity too" }),
    status: z.enum(ACTIVITY_STATUSES),
    dueAt: IsoTime.optional(),
    durationMinutes: z.number().int().optional(),
    attendees: z.array(Attendee).optional(),
    outcome: z.string().optional(),
    completedAt: IsoTime.optional(),
    templateId: Ulid.optional().meta({ description: 'The task template it was made from' }),
    reminder: Reminder.optional(),
    ...recordMeta,
  })
  .meta({ id: 'Activity' });
export type Activity = z.infer<typeof Activity>;

export const ActivityCreate = z
  .strictObject({
    type: z.enum(ACTIVITY_TYPES, { error: `must be one of ${ACTIVITY_TYPES.join(', ')}` }),
    subject,
    ...relation,
    description: optionalInput(text(10_000)),
    dueAt: optionalInput(Time),
    durationMinutes: optionalInput(duration),
    attendees: optionalInput(z.array(AttendeeInput).max(100)),
    outcome: optionalInput(text(2000)),
    status: z
      .enum(ACTIVITY_STATUSES)
      .optional()
      .meta({ description: 'Default: completed for logged emails and notes, open for the rest' }),
    ownerId: OwnerId.optional().meta({ description: 'Who it is assigned to; default you' }),
    reminder: optionalInput(ReminderInput),
    custom: optionalInput(CustomFields),
    templateId: optionalInput(Ulid).meta({ description: "A task template: completing this task then creates the template's next task" }),
  })
  .meta({ id: 'ActivityCreate' });
export type ActivityCreate = z.infer<typeof ActivityCreate>;

export const ActivityPatch = z
  .strictObject({
    type: z.enum(ACTIVITY_TYPES).optional(),
    subject: subject.optional(),
    relatedType: relation.relatedType.optional(),
    relatedId: relation.relatedId.optional(),
    description: clearable(text(10_000)),
    dueAt: clearable(Time),
    durationMinutes: clearable(duration),
    attendees: clearable(z.array(AttendeeInput).max(100)),
    outcome: clearable(text(2000)),
    status: z.enum(ACTIVITY_STATUSES).optional().meta({ description: 'completed sets completedAt; open or cancelled clears it' }),
    ownerId: OwnerId.optional(),
    reminder: clearable(ReminderInput),
    custom: clearable(CustomFields),
    version: z.number().int().min(1).meta({ description: 'The version you read; a stale one is refused with 409' }),
  })
  .refine((patch) => (patch.relatedType === undefined) === (patch.relatedId === undefined), {
    path: ['relatedId'],
    message: 'give relatedType and relatedId together',
  })
  .meta({ id: 'ActivityPatch' });
export type ActivityPatch = z.infer<typeof ActivityPatch>;

export const ActivityListQuery = ListQuery.extend({
  relatedId: Ulid.optional().meta({ description: "One record's activities, newest first" }),
  ownerId: OwnerId.optional().meta({ description: "One owner's activities, newest first" }),
  q: z.string().trim().min(1).max(100).optional().meta({ description: 'Subject prefix (not with relatedId or ownerId)' }),
}).refine((query) => query.q === undefined || (query.relatedId === undefined && query.ownerId === undefined), {
  path: ['q'],
  message: 'search by subject on its own, without relatedId or ownerId',
});
export type ActivityListQuery = z.infer<typeof ActivityListQuery>;
export const ActivityPage = pageOf(Activity, 'ActivityPage');
export const ActivityIdParams = z.object({ activityId: Ulid });
/** The deal routes' own params are the sales area's; this one only names a deal's activities and timeline. */
export const OpportunityIdParams = z.object({ opportunityId: Ulid });

export const SnoozeRequest = z
  .strictObject({ minutes: z.number().int('must be whole minutes').min(1, 'must be at least 1').max(WEEK_MINUTES, 'must be at most a week (10080)') })
  .meta({ id: 'SnoozeRequest' });
export type SnoozeRequest = z.infer<typeof SnoozeRequest>;

export const DueReminder = z
  .object({
    activityId: Ulid,
    activityType: z.enum(ACTIVITY_TYPES),
    subject: z.string(),
    at: IsoTime,
    email: z.boolean(),
    dueAt: IsoTime.optional(),
    relatedType: z.enum(RELATED_TYPES),
    relatedId: Ulid,
  })
  .meta({ id: 'DueReminder' });
export type DueReminder = z.infer<typeof DueReminder>;
export const DueReminderPage = pageOf(DueReminder, 'DueReminderPage');
