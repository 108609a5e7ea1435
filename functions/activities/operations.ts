/** The activities function's operations: activities, reminders, calendars and the record timeline (routes: ../http/routes/activities.ts, timeline.ts). */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createActivity, deleteActivity, getActivity, listActivities, updateActivity, activitiesOf, type ActivityPorts } from '../../shared/activities/activities';
import { dismissReminder, dueReminders, snoozeReminder } from '../../shared/activities/reminders';
import { calendarOf } from '../../shared/calendar/calendar';
import { calendarFeed } from '../../shared/calendar/feed';
import { feedPath, issueFeedToken } from '../../shared/calendar/feed-token';
import { checkVisible, loadRecord, type RecordKind } from '../../shared/access/records';
import { accountKind, contactKind, leadKind, opportunityKind } from '../../shared/crm/kinds';
import type { Actor } from '../../shared/crm/actor';
import { ValidationError } from '../../shared/platform/errors';
import { taskTemplates } from '../../shared/workflows/templates';
import { readTimeline, type TimelineSubject } from '../../shared/timeline/timeline';
import type { activityRoutes } from '../http/routes/activities';
import type { timelineRoutes } from '../http/routes/timeline';
import { prefetching, RawResponse, type Operations } from '../http/http-handler';
import { scheduler } from '../http/adapters';
import { db } from '../http/deps';
import { page } from '../http/record-operations';

type OperationId = (typeof activityRoutes)[number]['operationId'] | (typeof timelineRoutes)[number]['operationId'];

const ports: ActivityPorts = { scheduler };
/** The subject read while the caller loads (one BatchGetItem), then its timeline: one Query a page. */
const timeline = (kind: RecordKind & { type: TimelineSubject['type'] }, id: (params: Record<string, string>) => string) =>
  prefetching({
    prefetch: ({ params }: { params: unknown }) => loadRecord(db(), kind, id(params as Record<string, string>)),
    run: async ({ actor, params, query }: { actor: Actor; params: unknown; query: unknown }, subject) => {
      const subjectId = id(params as Record<string, string>);
      checkVisible(actor, kind, subjectId, subject);
      return page(await readTimeline(db(), actor, { type: kind.type, id: subjectId }, query as { limit: number; cursor?: string })) as never;
    },
  });

/** Where the caller reached the API: the feed URL must point at the API, not at the UI. */
function apiOrigin(event: APIGatewayProxyEventV2): string {
  const protocol = event.headers?.['x-forwarded-proto'] ?? 'http';
  return `${protocol}://${event.requestContext.domainName}`;
}

export const activityOperations: Pick<Operations<'activities'>, OperationId> = {
  createActivity: async ({ actor, body }) => {
    if (body.templateId && !(await taskTemplates.find(db(), body.templateId))) {
      throw new ValidationError('The task template does not exist', [{ name: 'templateId', detail: `names no task template (${body.templateId})` }]);
    }
    return createActivity(db(), actor, ports, body);
  },
  listActivities: async ({ actor, query }) => page(await listActivities(db(), actor, query)),
  getActivity: ({ actor, params }) => getActivity(db(), actor, params.activityId),
  updateActivity: ({ actor, params, body }) => updateActivity(db(), actor, ports, params.activityId, body),
  deleteActivity: ({ actor, params }) => deleteActivity(db(), actor, ports, params.activityId),
  snoozeReminder: ({ actor, params, body }) => snoozeReminder(db(), actor, ports, params.activityId, body.minutes),
  dismissReminder: ({ actor, params }) => dismissReminder(db(), actor, ports, params.activityId),
  dueReminders: ({ actor, query }) => dueReminders(db(), actor, query),

  leadActivities: async ({ actor, params, query }) => page(await activitiesOf(db(), actor, 'lead', params.leadId, query)),
  contactActivities: async ({ actor, params, query }) => page(await activitiesOf(db(), actor, 'contact', params.contactId, query)),
  accountActivities: async ({ actor, params, query }) => page(await activitiesOf(db(), actor, 'account', params.accountId, query)),
  opportunityActivities: async ({ actor, params, query }) => page(await activitiesOf(db(), actor, 'opportunity', params.opportunityId, query)),

  getCalendar: async ({ actor, query }) => page(await calendarOf(db(), actor, query)),
  createCalendarFeedToken: async ({ actor, event }) => {
    const token = await issueFeedToken(db(), actor.userId);
    return { token, url: apiOrigin(event) + feedPath(actor.userId, token) };
  },
  calendarFeed: async ({ params, query }) =>
    new RawResponse({
      statusCode: 200,
      headers: { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'private, max-age=300' },
      body: await calendarFeed(db(), params.userId, query.token),
    }),

  leadTimeline: timeline(leadKind as RecordKind & { type: 'lead' }, (p) => p.leadId!),
  contactTimeline: timeline(contactKind as RecordKind & { type: 'contact' }, (p) => p.contactId!),
  accountTimeline: timeline(accountKind as RecordKind & { type: 'account' }, (p) => p.accountId!),
  opportunityTimeline: timeline(opportunityKind as RecordKind & { type: 'opportunity' }, (p) => p.opportunityId!),
};
