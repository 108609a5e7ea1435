import * as z from 'zod';
import { IsoTime, ListQuery, pageOf } from '../platform/schemas';
import { TIMELINE_KINDS, TIMELINE_SUBJECT_TYPES } from './entity';

export const TimelineEntry = z
  .object({
    entryId: z.string(),
    subject: z.object({ type: z.enum(TIMELINE_SUBJECT_TYPES), id: z.string() }),
    kind: z.enum(TIMELINE_KINDS),
    at: IsoTime,
    actorId: z.string(),
    summary: z.string(),
    ref: z.object({ type: z.string(), id: z.string() }).meta({ description: 'What the entry is about: the activity, the deal…' }),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'TimelineEntry' });
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const TimelinePage = pageOf(TimelineEntry, 'TimelinePage');
export const TimelineQuery = ListQuery;
export type TimelineQuery = z.infer<typeof TimelineQuery>;
