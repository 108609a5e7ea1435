import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { toDomainEvent } from '../../shared/events/domain-events';
import type { EventPublisher } from '../../shared/ports/event-publisher';

/**
 * Table stream → domain events on the bus. A record whose event could not be put is
 * reported as a batch item failure, so Lambda retries from it (and after the last try
 * the batch goes to the stream DLQ): no committed change goes unannounced.
 */
export function createStreamHandler(publisher: () => Promise<EventPublisher> | EventPublisher) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const pending = event.Records.flatMap((record, index) => {
      const image = (value: unknown) => (value ? unmarshall(value as Record<string, AttributeValue>) : undefined);
      const domainEvent = toDomainEvent({
        eventId: record.eventID ?? `${index}`,
        eventName: record.eventName as 'INSERT' | 'MODIFY' | 'REMOVE',
        newImage: image(record.dynamodb?.NewImage),
        oldImage: image(record.dynamodb?.OldImage),
        approximateCreationTime: record.dynamodb?.ApproximateCreationDateTime,
      });
      return domainEvent ? [{ domainEvent, sequence: record.dynamodb?.SequenceNumber ?? '' }] : [];
    });
    if (pending.length === 0) return { batchItemFailures: [] };
    const { failed } = await (await publisher()).publish(pending.map((p) => p.domainEvent));
    if (failed.length === 0) return { batchItemFailures: [] };
    // Stream order matters: retry from the first failure on.
    const first = Math.min(...failed);
    return { batchItemFailures: [{ itemIdentifier: pending[first]!.sequence }] };
  };
}
