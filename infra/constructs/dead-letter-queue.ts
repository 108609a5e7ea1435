import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledge } from '../nag';

/**
 * Where an async path parks what it could not deliver. SQS-managed encryption rather
 * than a KMS key: EventBridge and Lambda can write to it without key-policy grants, at no
 * key cost. Fourteen days (the maximum) gives operators time to look before redriving.
 */
export class DeadLetterQueue extends Queue {
  constructor(scope: Construct, id: string, props: { purpose: string }) {
    super(scope, id, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this, 'AwsSolutions-SQS3', `This queue is itself a dead-letter queue: ${props.purpose}.`);
  }
}
