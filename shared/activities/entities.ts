/**
 * Items that exist beside activities (ElectroDB models of the single table):
 *  - reminder          : a user's pending reminders by time — "my due reminders" is one Query
 *  - reminderDelivery  : that a reminder's email went out, so a schedule firing twice sends once
 *  - calendarFeed      : the hash of a user's iCalendar feed token
 */
import { Entity, type EntityConfiguration } from 'electrodb';

const SERVICE = 'crm';

/**
 * A companion of an activity (shared/activities/companions.ts), under the person it is
 * assigned to. It exists only while the reminder is pending (set, not dismissed, the
 * activity open), so the due list needs no filter.
 */
export const reminderEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'reminder', version: '1', service: SERVICE },
      attributes: {
        /** the activity's owner (a separate attribute name keeps these out of the user record's partition) */
        recipientId: { type: 'string', required: true, readOnly: true },
        at: { type: 'string', required: true, readOnly: true },
        activityId: { type: 'string', required: true, readOnly: true },
        activityType: { type: 'string', required: true },
        subject: { type: 'string', required: true },
        dueAt: { type: 'string' },
        relatedType: { type: 'string', required: true },
        relatedId: { type: 'string', required: true },
        email: { type: 'boolean', required: true },
      },
      indexes: {
        byRecipient: {
          pk: { field: 'pk', composite: ['recipientId'] },
          sk: { field: 'sk', composite: ['at', 'activityId'] },
        },
      },
    },
    config,
  );

/** Written (if absent) just before a reminder email is sent; kept a month (TTL). */
export const reminderDeliveryEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'reminderDelivery', version: '1', service: SERVICE },
      attributes: {
        activityId: { type: 'string', required: true, readOnly: true },
        at: { type: 'string', required: true, readOnly: true },
        sentTo: { type: 'string', required: true },
        sentAt: { type: 'string', required: true },
        expiresAt: { type: 'number', required: true },
      },
      indexes: {
        byReminder: { pk: { field: 'pk', composite: ['activityId', 'at'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    config,
  );

/** One per user: a new token overwrites the old one. Only the SHA-256 of the token is kept. */
export const calendarFeedEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'calendarFeed', version: '1', service: SERVICE },
      attributes: {
        userId: { type: 'string', required: true, readOnly: true },
        tokenHash: { type: 'string', required: true },
        createdAt: { type: 'string', required: true },
      },
      indexes: {
        byUser: { pk: { field: 'pk', composite: ['userId'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    config,
  );
