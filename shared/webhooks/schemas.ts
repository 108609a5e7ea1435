/** The API shapes of webhook subscriptions and their deliveries. */
import * as z from 'zod';
import { EVENT_TYPES } from '../events/catalogue';
import { IsoTime, ListQuery, Ulid, UserId, pageOf } from '../platform/schemas';
import { version } from '../crm/field-schemas';
import { DELIVERY_STATUSES } from './delivery-status';

export { DELIVERY_STATUSES, type DeliveryStatus } from './delivery-status';

/** Every event type. */
export const ALL_EVENTS = '*';
/** The detail-type of the ping sent by POST /webhooks/{id}/test; not something one subscribes to. */
export const TEST_EVENT_TYPE = 'Webhook Test';

const name = z.string().trim().min(1, 'is required').max(200);
/** Checked in full by the domain (shared/webhooks/url-safety.ts), which names the reason. */
const url = z.string().trim().min(1, 'is required').max(2048, 'must be at most 2048 characters');
const known = new Set<string>(EVENT_TYPES);
const eventTypes = z
  .array(z.string())
  .min(1, 'must name at least one event type, or "*" for all')
  .max(100)
  .superRefine((types, ctx) => {
    types.forEach((type, index) => {
      if (type !== ALL_EVENTS && !known.has(type)) ctx.addIssue({ code: 'custom', path: [index], message: `"${type}" is not a CRM event type (see GET /events/types)` });
    });
  })
  // "*" covers the rest; duplicates say nothing more
  .transform((types) => (types.includes(ALL_EVENTS) ? [ALL_EVENTS] : [...new Set(types)].sort()))
  .meta({ description: 'Detail-types such as "Lead Created"; ["*"] is every event' });

export const WebhookSubscription = z
  .object({
    subscriptionId: Ulid,
    name: z.string(),
    url: z.string(),
    eventTypes: z.array(z.string()),
    enabled: z.boolean(),
    version: z.number().int(),
    createdAt: IsoTime,
    createdBy: UserId,
    updatedAt: IsoTime,
    updatedBy: UserId,
  })
  .meta({ id: 'WebhookSubscription' });
export type WebhookSubscription = z.infer<typeof WebhookSubscription>;

export const WebhookSubscriptionCreated = WebhookSubscription.extend({
  secret: z.string().meta({ description: 'The signing secret (HMAC-SHA256 key of x-crm-signature). Shown only now; rotating makes a new one.' }),
}).meta({ id: 'WebhookSubscriptionCreated' });
export type WebhookSubscriptionCreated = z.infer<typeof WebhookSubscriptionCreated>;

export const WebhookSubscriptionCreate = z
  .strictObject({
    name,
    url,
    eventTypes,
    enabled: z.boolean().default(true),
  })
  .meta({ id: 'WebhookSubscriptionCreate' });
export type WebhookSubscriptionCreate = z.infer<typeof WebhookSubscriptionCreate>;

export const WebhookSubscriptionPatch = z
  .strictObject({
    name: name.optional(),
    url: url.optional(),
    eventTypes: eventTypes.optional(),
    enabled: z.boolean().optional().meta({ description: 'false stops new deliveries; pending ones are dead-lettered' }),
    version,
  })
  .meta({ id: 'WebhookSubscriptionPatch' });
export type WebhookSubscriptionPatch = z.infer<typeof WebhookSubscriptionPatch>;

export const WebhookDelivery = z
  .object({
    deliveryId: Ulid,
    subscriptionId: Ulid,
    eventId: z.string(),
    detailType: z.string(),
    payload: z.string().meta({ description: 'The JSON body posted: { id, type, time, data }' }),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    redrives: z.number().int(),
    lastError: z.string().optional(),
    lastStatusCode: z.number().int().optional(),
    createdAt: IsoTime,
    updatedAt: IsoTime,
    deliveredAt: IsoTime.optional(),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookSubscriptionPage = pageOf(WebhookSubscription, 'WebhookSubscriptionPage');
export const WebhookDeliveryPage = pageOf(WebhookDelivery, 'WebhookDeliveryPage');

export const WebhookDeliveryListQuery = ListQuery.extend({
  status: z.enum(DELIVERY_STATUSES).optional().meta({ description: 'dead: the dead-letter list; default every delivery, newest first' }),
});
export type WebhookDeliveryListQuery = z.infer<typeof WebhookDeliveryListQuery>;

export const WebhookSubscriptionIdParams = z.object({ subscriptionId: Ulid });
export const WebhookDeliveryIdParams = z.object({ deliveryId: Ulid });
