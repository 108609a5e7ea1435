import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { EventPublisher } from '../ports/event-publisher';

const BATCH = 10; // PutEvents takes at most 10 entries

export function eventBridgePublisher(busName: string, client = new EventBridgeClient({})): EventPublisher {
  return {
    async publish(events) {
      const failed: number[] = [];
      for (let start = 0; start < events.length; start += BATCH) {
        const batch = events.slice(start, start + BATCH);
        const result = await client.send(
          new PutEventsCommand({
            Entries: batch.map((e) => ({
              EventBusName: busName,
              Source: e.source,
              DetailType: e.detailType,
              Detail: JSON.stringify(e.detail),
              Time: e.time ? new Date(e.time) : undefined,
            })),
          }),
        );
        result.Entries?.forEach((entry, i) => {
          if (entry.ErrorCode) failed.push(start + i);
        });
      }
      return { failed };
    },
  };
}
