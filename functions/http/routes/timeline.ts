/** 360° timelines of leads, contacts, accounts and deals. Part of the route table (../routes.ts). */
import type { z } from 'zod';
import { OpportunityIdParams } from '../../../shared/activities/schemas';
import { AccountIdParams, ContactIdParams, LeadIdParams } from '../../../shared/crm/schemas';
import { TimelinePage, TimelineQuery } from '../../../shared/timeline/schemas';
import { defineRoute } from '../route';

const timelineOf = <const Id extends string, P extends z.ZodObject>(operationId: Id, type: 'lead' | 'contact' | 'account' | 'opportunity', path: string, params: P) =>
  defineRoute({
    operationId,
    method: 'GET',
    path,
    fn: 'activities',
    permission: { kind: 'record', recordType: type, action: 'read' },
    summary: `A ${type}'s timeline, newest first: activities, notes, stage changes and more${type === 'account' ? ', its contacts and deals included' : ''}`,
    tag: 'timeline',
    request: { params, query: TimelineQuery },
    response: { status: 200, schema: TimelinePage, description: 'A page of timeline entries' },
  });

export const timelineRoutes = [
  timelineOf('leadTimeline', 'lead', '/leads/{leadId}/timeline', LeadIdParams),
  timelineOf('contactTimeline', 'contact', '/contacts/{contactId}/timeline', ContactIdParams),
  timelineOf('accountTimeline', 'account', '/accounts/{accountId}/timeline', AccountIdParams),
  timelineOf('opportunityTimeline', 'opportunity', '/opportunities/{opportunityId}/timeline', OpportunityIdParams),
] as const;
