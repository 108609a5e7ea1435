/**
 * A user's calendar: their activities by time (gsi4 byCalendar: owner, then due time or,
 * for undated ones, creation time), one Query per page between `from` and `to`.
 */
import type { Database } from '../platform/database';
import type { Actor } from '../crm/actor';
import { visiblePage } from '../activities/activities';
import type { CalendarQuery } from './schemas';

/**
 * Another owner's calendar (a manager's look at a rep's week, an administrator's at
 * anyone's) holds only the activities the caller may see, like every list.
 */
export function calendarOf(db: Database, actor: Actor, query: CalendarQuery) {
  const ownerId = query.ownerId ?? actor.userId;
  const range = db.entities.activity.query.byCalendar({ ownerId }).between({ calendarAt: query.from }, { calendarAt: query.to }).params();
  return visiblePage(db, actor, range, query);
}
