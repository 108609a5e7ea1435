import * as z from 'zod';
import { OwnerId, UserId, pageOf } from '../platform/schemas';
import { Activity, Time } from '../activities/schemas';

/** A calendar view is a bounded Query: a quarter at most. */
export const CALENDAR_MAX_DAYS = 92;

export const CalendarQuery = z
  .object({
    from: Time.meta({ description: 'Start of the range (inclusive)' }),
    to: Time.meta({ description: 'End of the range (exclusive), at most 92 days after from' }),
    ownerId: OwnerId.optional().meta({ description: "Whose calendar; default yours. Shows only what you may see of another's" }),
    limit: z.coerce.number().int().min(1).max(500).default(200),
    cursor: z.string().max(2048).optional(),
  })
  .refine((q) => q.to > q.from, { path: ['to'], message: 'must be after from' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= CALENDAR_MAX_DAYS * 86_400_000, {
    path: ['to'],
    message: `must be at most ${CALENDAR_MAX_DAYS} days after from`,
  });
export type CalendarQuery = z.infer<typeof CalendarQuery>;
export const CalendarPage = pageOf(Activity, 'CalendarPage');

export const FeedToken = z
  .object({
    token: z.string().meta({ description: 'Shown once: only its hash is kept. A new one replaces it.' }),
    url: z.string().meta({ description: 'The feed address to subscribe to in a calendar app' }),
  })
  .meta({ id: 'CalendarFeedToken' });
export const FeedParams = z.object({ userId: UserId });
/** Not strict: calendar apps may add their own parameters. */
export const FeedQuery = z.object({ token: z.string().max(200).optional() });
