/**
 * The local stand-in for the CRM's EventBridge bus: the same rules CDK deploys
 * (functions/events/rules.ts), delivered in-process with retries; an event whose target
 * keeps failing lands in the bus's dead-letter list, as the rule DLQ does in AWS.
 */
import { randomUUID } from 'node:crypto';
import { eventRules, type EventRule } from '../functions/events/rules';
import type { BusEvent, EventPublisher } from '../shared/ports/event-publisher';
import { matchesPattern } from './event-pattern';

export interface EnvelopedEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export type RuleTarget = (rule: EventRule, event: EnvelopedEvent) => Promise<void>;

export function createLocalEventBus(options: { deliver: RuleTarget; rules?: EventRule[]; attempts?: number; onError?: (error: unknown) => void }) {
  const rules = options.rules ?? eventRules;
  const attempts = options.attempts ?? 3;
  const history: EnvelopedEvent[] = [];
  const deadLetters: { rule: string; event: EnvelopedEvent; error: string }[] = [];
  const inFlight = new Set<Promise<void>>();

  async function deliverWithRetry(rule: EventRule, event: EnvelopedEvent) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await options.deliver(rule, event);
      } catch (error) {
        if (attempt >= attempts) {
          deadLetters.push({ rule: rule.name, event, error: String((error as Error).message ?? error) });
          options.onError?.(error);
          return;
        }
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }

  const publisher: EventPublisher = {
    async publish(events: BusEvent[]) {
      for (const e of events) {
        const event: EnvelopedEvent = {
          version: '0',
          id: randomUUID(),
          'detail-type': e.detailType,
          source: e.source,
          account: '000000000000',
          time: e.time ?? new Date().toISOString(),
          region: 'local',
          resources: [],
          detail: e.detail,
        };
        history.push(event);
        if (history.length > 1000) history.shift();
        for (const rule of rules) {
          if (!matchesPattern(rule.eventPattern, event as unknown as Record<string, unknown>)) continue;
          const delivery = deliverWithRetry(rule, event);
          inFlight.add(delivery);
          void delivery.finally(() => inFlight.delete(delivery));
        }
      }
      return { failed: [] };
    },
  };

  return {
    publisher,
    history,
    deadLetters,
    /** resolves when every delivery started so far has finished */
    async idle() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
  };
}
export type LocalEventBus = ReturnType<typeof createLocalEventBus>;
