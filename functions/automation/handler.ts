/**
 * The automation worker, target of the "automation" bus rule: each domain event starts
 * the workflows it matches, the next chained task and the webhook deliveries it owes;
 * the daily "Date Triggers Due" tick finds today's dates and puts their events on the bus.
 * A thrown error makes EventBridge retry the event (and dead-letter it after the last
 * try); everything it starts is idempotent per event, so a retry doubles nothing.
 */
import type { ActivityPorts } from '../../shared/activities/activities';
import { dispatchEvent } from '../../shared/workflows/dispatcher';
import { runDateTriggers } from '../../shared/workflows/date-triggers';
import { ensureAutomationExamples } from '../../shared/workflows/examples';
import type { BusEnvelope } from '../../shared/workflows/matching';
import { DATE_TRIGGERS_DUE } from '../events/schedules';
import { eventPublisher, executionStarter, scheduler } from '../http/adapters';
import { db } from '../http/deps';

const activityPorts: ActivityPorts = { scheduler };

export async function handler(event: BusEnvelope) {
  if (event['detail-type'] === DATE_TRIGGERS_DUE) {
    // in AWS nothing else may have made the ready-made workflows yet (npm start makes them on start)
    await ensureAutomationExamples(db());
    const day = typeof (event.detail as { day?: unknown }).day === 'string' ? String((event.detail as { day?: string }).day) : undefined;
    return runDateTriggers(db(), await eventPublisher(), day ?? (event.time ?? new Date().toISOString()).slice(0, 10));
  }
  return dispatchEvent(db(), { ...activityPorts, starter: await executionStarter() }, event);
}
