import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '../../shared/platform/table';
import { resourcesOf, type SynthesizedCrm, type Templates } from './fixture';

export function dataSuite(crm: () => SynthesizedCrm): void {
  let templates: Templates;
  beforeAll(() => {
    ({ templates } = crm());
  });

  describe('the table', () => {
    it('has the keys, indexes, stream and TTL of tableDefinition', () => {
      const t = tableDefinition;
      const keyAttributes = new Set<string>([t.partitionKey, t.sortKey, ...t.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey])]);
      templates.data.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [
          { AttributeName: t.partitionKey, KeyType: 'HASH' },
          { AttributeName: t.sortKey, KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayEquals([...keyAttributes].map((name) => ({ AttributeName: name, AttributeType: 'S' }))),
        GlobalSecondaryIndexes: t.globalIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
        StreamSpecification: { StreamViewType: t.streamView },
        TimeToLiveSpecification: { AttributeName: t.timeToLiveAttribute, Enabled: true },
      });
    });

    it('is on-demand, recoverable, protected, encrypted and retained', () => {
      templates.data.resourceCountIs('AWS::DynamoDB::Table', 1);
      templates.data.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
          // SSEEnabled without a key id: KMS with the AWS-managed aws/dynamodb key
          SSESpecification: { SSEEnabled: true, KMSMasterKeyId: Match.absent() },
        }),
      });
    });
  });

  describe('the audit archive', () => {
    it('locks every object in compliance mode for the configured retention, versioned and retained', () => {
      templates.data.hasResource('AWS::S3::Bucket', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          ObjectLockEnabled: true,
          ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2557 } } },
          VersioningConfiguration: { Status: 'Enabled' },
          LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'audit/' }),
        }),
      });
    });
  });

  describe('the blob bucket', () => {
    it('is private, encrypted, versioned, logged and retained', () => {
      templates.data.hasResource('AWS::S3::Bucket', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          VersioningConfiguration: { Status: 'Enabled' },
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
          LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'blob/' }),
        }),
      });
    });

    it('expires exports after seven days', () => {
      templates.data.hasResourceProperties('AWS::S3::Bucket', {
        LifecycleConfiguration: {
          Rules: Match.arrayWith([Match.objectLike({ Prefix: 'exports/', ExpirationInDays: 7, Status: 'Enabled' })]),
        },
      });
    });

    it('refuses requests without TLS, as does every bucket', () => {
      for (const [stack, template] of Object.entries(templates)) {
        const buckets = resourcesOf(template, 'AWS::S3::Bucket');
        const policies = resourcesOf(template, 'AWS::S3::BucketPolicy');
        for (const [bucketId] of buckets) {
          const policy = policies.find(([, p]) => JSON.stringify(p.Properties.Bucket).includes(bucketId));
          expect(policy, `${stack}/${bucketId} has no bucket policy`).toBeDefined();
          expect(JSON.stringify(policy![1].Properties.PolicyDocument), `${stack}/${bucketId}`).toContain('"aws:SecureTransport":"false"');
        }
      }
    });
  });

  describe('the event bus', () => {
    it('is the custom bus "crm" with a replay archive', () => {
      templates.data.hasResourceProperties('AWS::Events::EventBus', { Name: 'crm' });
      templates.data.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 365 });
    });
  });

  describe('the user pool', () => {
    it('admits invited users only, with a strong password policy and optional MFA', () => {
      templates.auth.hasResource('AWS::Cognito::UserPool', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
          Policies: {
            PasswordPolicy: Match.objectLike({
              MinimumLength: 12,
              RequireLowercase: true,
              RequireUppercase: true,
              RequireNumbers: true,
              RequireSymbols: true,
            }),
          },
          MfaConfiguration: 'OPTIONAL',
          DeletionProtection: 'ACTIVE',
        }),
      });
    });

    it('has a public app client with password and SRP sign-in', () => {
      templates.auth.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        GenerateSecret: false,
        ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH']),
      });
    });

    it('creates the first admin and puts them in administrators', () => {
      templates.auth.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'administrators' });
      const calls = resourcesOf(templates.auth, 'Custom::AWS').map(([, r]) => JSON.stringify(r.Properties.Create));
      expect(calls.some((call) => call.includes('AdminCreateUser') && call.includes('admin@example.com'))).toBe(true);
      expect(calls.some((call) => call.includes('AdminAddUserToGroup'))).toBe(true);
    });
  });
}
