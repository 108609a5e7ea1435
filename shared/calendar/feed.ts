/**
 * A user's iCalendar feed (public route, authenticated by the feed token): their meetings
 * as VEVENTs and their tasks as VTODOs, from FEED_DAYS_BACK days ago to FEED_DAYS_AHEAD
 * days ahead — a bounded Query on gsi4 byCalendar, as the user would see the activities
 * (their profile's field security applies; a deactivated user's feed is gone).
 */
import type { Database } from '../platform/database';
import { NotFoundError } from '../platform/errors';
import { readUserAndSettings } from '../access/context';
import type { Actor } from '../crm/actor';
import { visiblePage } from '../activities/activities';
import type { Activity } from '../activities/schemas';
import { checkFeedToken } from './feed-token';
import { renderICalendar, type ICalEvent, type ICalTodo } from './ical';

export const FEED_DAYS_BACK = 90;
export const FEED_DAYS_AHEAD = 365;
/** A feed is read whole by calendar apps; past this many activities in the window the rest is left out. */
const FEED_MAX_ACTIVITIES = 2000;
/** A meeting without a duration still needs an end to show as a block. */
const DEFAULT_MEETING_MINUTES = 30;
const DAY_MS = 86_400_000;

export async function calendarFeed(db: Database, userId: string, token: string | undefined, now = new Date()): Promise<string> {
  await checkFeedToken(db, userId, token);
  const { user, settings } = await readUserAndSettings(db, userId);
  if (!user?.active) throw new NotFoundError('No such calendar feed');
  const actor: Actor = { userId, profile: user.profile, roles: user.roles, groups: user.groups ?? [], settings };

  const from = new Date(now.getTime() - FEED_DAYS_BACK * DAY_MS).toISOString();
  const to = new Date(now.getTime() + FEED_DAYS_AHEAD * DAY_MS).toISOString();
  const range = db.entities.activity.query.byCalendar({ ownerId: userId }).between({ calendarAt: from }, { calendarAt: to }).params();
  const activities: Activity[] = [];
  let cursor: string | undefined;
  do {
    const page = await visiblePage(db, actor, range, { limit: 500, cursor });
    activities.push(...page.items);
    cursor = page.cursor ?? undefined;
  } while (cursor && activities.length < FEED_MAX_ACTIVITIES);

  return renderICalendar({
    productId: '-//Serverless CRM//Activities feed//EN',
    name: `CRM – ${user.name}`,
    components: activities.slice(0, FEED_MAX_ACTIVITIES).flatMap((activity) => {
      const component = toComponent(activity);
      return component ? [component] : [];
    }),
  });
}

/** Meetings with a time become events, tasks to-dos; other activities are not in a calendar. */
export function toComponent(activity: Activity): ICalEvent | ICalTodo | undefined {
  const common = {
    uid: `${activity.activityId}@serverless-crm`,
    stamp: activity.updatedAt,
    created: activity.createdAt,
    lastModified: activity.updatedAt,
    sequence: activity.version - 1,
    summary: activity.subject,
    ...(activity.description ? { description: activity.description } : {}),
  };
  if (activity.type === 'meeting' && activity.dueAt) {
    const minutes = activity.durationMinutes ?? DEFAULT_MEETING_MINUTES;
    return {
      kind: 'event',
      ...common,
      start: activity.dueAt,
      end: new Date(Date.parse(activity.dueAt) + minutes * 60_000).toISOString(),
      status: activity.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
      ...(activity.attendees ? { attendees: activity.attendees.map(({ name, email }) => ({ name, email })) } : {}),
    };
  }
  if (activity.type === 'task') {
    const status = activity.status === 'completed' ? 'COMPLETED' : activity.status === 'cancelled' ? 'CANCELLED' : 'NEEDS-ACTION';
    return {
      kind: 'todo',
      ...common,
      ...(activity.dueAt ? { due: activity.dueAt } : {}),
      status,
      ...(activity.completedAt ? { completed: activity.completedAt } : {}),
    };
  }
  return undefined;
}
