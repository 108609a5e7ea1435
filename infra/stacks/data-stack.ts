import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Archive, EventBus } from 'aws-cdk-lib/aws-events';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectLockRetention, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { tableDefinition } from '../../shared/platform/table';
import { acknowledge } from '../nag';

/**
 * Everything that holds the customer's data. It changes rarely and retains its
 * resources, so redeploying or even deleting the app stacks never touches the data.
 */
export interface DataStackProps extends StackProps {
  /** days each audit entry stays locked in the archive */
  auditRetentionDays: number;
}

export class DataStack extends Stack {
  readonly table: Table;
  readonly blobBucket: Bucket;
  readonly auditArchive: Bucket;
  readonly eventBus: EventBus;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);

    const t = tableDefinition;
    this.table = new Table(this, 'Table', {
      partitionKey: { name: t.partitionKey, type: AttributeType.STRING },
      sortKey: { name: t.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // The AWS-managed key (aws/dynamodb): key use shows in CloudTrail, with no monthly
      // key charge and no key policy to keep in step with the app stacks' roles.
      encryption: TableEncryption.AWS_MANAGED,
      stream: StreamViewType[t.streamView],
      timeToLiveAttribute: t.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of t.globalIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }

    const accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED, // server access logging only delivers to SSE-S3 buckets
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(accessLogs, 'AwsSolutions-S1', 'This is the access-log bucket; logging it into itself would log its own log deliveries forever.');

    this.blobBucket = new Bucket(this, 'BlobBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'blob/',
      lifecycleRules: [
        // Exports are regenerated on request; keeping them longer only keeps copies of personal data.
        { id: 'expire-exports', prefix: 'exports/', expiration: Duration.days(7), noncurrentVersionExpiration: Duration.days(1) },
        { id: 'old-versions', noncurrentVersionExpiration: Duration.days(90) },
        { id: 'abandoned-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The audit trail beyond the table: the stream consumer writes every audit entry here.
    // Object Lock in compliance mode: nobody, not even the account's root user, can change
    // or delete an entry before its retention ends.
    this.auditArchive = new Bucket(this, 'AuditArchive', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(props.auditRetentionDays)),
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'audit/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.eventBus = new EventBus(this, 'EventBus', {
      eventBusName: 'crm',
      description: 'Domain events of the CRM (source "crm"); integrators add their own rules here',
    });
    new Archive(this, 'EventArchive', {
      sourceEventBus: this.eventBus,
      description: 'Every event on the CRM bus, for replay',
      eventPattern: { account: [this.account] },
      retention: Duration.days(365),
    });

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'BlobBucketName', { value: this.blobBucket.bucketName });
    new CfnOutput(this, 'AuditArchiveBucketName', { value: this.auditArchive.bucketName });
    new CfnOutput(this, 'EventBusName', { value: this.eventBus.eventBusName });
  }
}
