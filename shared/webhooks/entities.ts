/**
 * Items of outbound webhooks (ElectroDB models of the single table):
 *  - webhookSubscription: an HTTPS URL subscribed to event types, all in one partition —
 *                         the fan-out reads them all with one Query per event
 *  - webhookDelivery    : one event on its way to one subscription, its attempts and outcome;
 *                         newest first per subscription, and per subscription and status
 *                         (the dead-letter list is one Query)
 * A delivery's uniqueness per (subscription, event) is a uniqueValue claim, written in the
 * delivery's transaction (shared/webhooks/deliveries.ts).
 */
import { Entity, type EntityConfiguration } from 'electrodb';
import { DELIVERY_STATUSES } from './delivery-status';

const SERVICE = 'crm';

export const webhookSubscriptionEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'webhookSubscription', version: '1', service: SERVICE },
      attributes: {
        /** one partition: an organisation has a handful of subscriptions and every event reads them all */
        scope: { type: 'string', required: true, readOnly: true, default: 'org' },
        subscriptionId: { type: 'string', required: true, readOnly: true },
        name: { type: 'string', required: true },
        url: { type: 'string', required: true },
        /** detail-types; ["*"] is every event */
        eventTypes: { type: 'list', items: { type: 'string' }, required: true },
        /** the HMAC key of the signature header; returned by the API only when created or rotated */
        secret: { type: 'string', required: true },
        enabled: { type: 'boolean', required: true },
        version: { type: 'number', required: true },
        createdAt: { type: 'string', required: true, readOnly: true },
        createdBy: { type: 'string', required: true, readOnly: true },
        updatedAt: { type: 'string', required: true },
        updatedBy: { type: 'string', required: true },
      },
      indexes: {
        all: { pk: { field: 'pk', composite: ['scope'] }, sk: { field: 'sk', composite: ['subscriptionId'] } },
      },
    },
    config,
  );

export const webhookDeliveryEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'webhookDelivery', version: '1', service: SERVICE },
      attributes: {
        deliveryId: { type: 'string', required: true, readOnly: true },
        subscriptionId: { type: 'string', required: true, readOnly: true },
        eventId: { type: 'string', required: true, readOnly: true },
        detailType: { type: 'string', required: true, readOnly: true },
        /** the exact JSON body posted, so every attempt and a redrive sign the same bytes */
        payload: { type: 'string', required: true, readOnly: true },
        status: { type: DELIVERY_STATUSES, required: true },
        attempts: { type: 'number', required: true },
        /** times it was re-driven; a redrive is conditional on it, so two at once start one run */
        redrives: { type: 'number', required: true },
        lastError: { type: 'string' },
        lastStatusCode: { type: 'number' },
        createdAt: { type: 'string', required: true, readOnly: true },
        updatedAt: { type: 'string', required: true },
        deliveredAt: { type: 'string' },
        /** kept 30 days (TTL) */
        expiresAt: { type: 'number', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['deliveryId'] }, sk: { field: 'sk', composite: [] } },
        /** ULIDs sort by time: a descending Query is newest first */
        bySubscription: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['subscriptionId'] },
          sk: { field: 'gsi1sk', composite: ['deliveryId'] },
        },
        /** the dead-letter list (and the pending ones) of a subscription without a filter */
        bySubscriptionStatus: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['subscriptionId', 'status'] },
          sk: { field: 'gsi2sk', composite: ['deliveryId'] },
        },
      },
    },
    config,
  );
