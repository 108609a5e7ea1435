import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { toDomainEvents } from '../../shared/events/domain-events';
import { archiveAuditEntries, isAuditEntry } from '../../shared/access/audit-archive';
import type { EventPublisher } from '../../shared/ports/event-publisher';
import type { BlobStore } from '../../shared/ports/blob-store';

/**
 * Table stream → domain events on the bus, and audit entries → the audit archive.
 * A record whose event could not be put is reported as a batch item failure, so Lambda
 * retries from it (and after the last try the batch goes to the stream DLQ): no
 * committed change goes unannounced. An archive failure retries the whole batch (its
 * object key comes from the batch, so the retry rewrites the same object).
 */
export function createStreamHandler(publisher: () => Promise<EventPublisher> | EventPublisher, auditArchive?: () => Promise<BlobStore>) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const image = (value: unknown) => (value ? unmarshall(value as Record<string, AttributeValue>) : undefined);
    const audit = event.Records.flatMap((record) => {
      const entry = record.eventName === 'INSERT' ? image(record.dynamodb?.NewImage) : undefined;
      return entry && isAuditEntry(entry) ? [{ sequence: record.dynamodb?.SequenceNumber ?? '0', entry }] : [];
    });
    if (audit.length > 0 && auditArchive) await archiveAuditEntries(await auditArchive(), audit);
    const pending = event.Records.flatMap((record, index) =>
      toDomainEvents({
        eventId: record.eventID ?? `${index}`,
        eventName: record.eventName as 'INSERT' | 'MODIFY' | 'REMOVE',
        newImage: image(record.dynamodb?.NewImage),
        oldImage: image(record.dynamodb?.OldImage),
        approximateCreationTime: record.dynamodb?.ApproximateCreationDateTime,
      }).map((domainEvent) => ({ domainEvent, sequence: record.dynamodb?.SequenceNumber ?? '' })),
    );
    if (pending.length === 0) return { batchItemFailures: [] };
    const { failed } = await (await publisher()).publish(pending.map((p) => p.domainEvent));
    if (failed.length === 0) return { batchItemFailures: [] };
    // Stream order matters: retry from the record of the first failure on (its events are
    // put again; consumers deduplicate on detail.eventId).
    const first = Math.min(...failed);
    return { batchItemFailures: [{ itemIdentifier: pending[first]!.sequence }] };
  };
}
