import type { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CrmStacks } from '../../infra/crm-app';
import { listAcknowledgements, nagFindings } from '../../infra/nag';
import { resourcesOf, type SynthesizedCrm, type Templates } from './fixture';

export function operationsSuite(crm: () => SynthesizedCrm): void {
  let app: App;
  let stacks: CrmStacks;
  let templates: Templates;
  beforeAll(() => {
    ({ app, stacks, templates } = crm());
  });

  describe('cdk-nag AwsSolutions', () => {
    it('reports no unacknowledged errors', () => {
      const errors = nagFindings(app).filter((finding) => finding.severity === 'error');
      expect(errors).toEqual([]);
    });

    it('reports no unacknowledged warnings', () => {
      const warnings = nagFindings(app).filter((finding) => finding.severity !== 'error');
      expect(warnings).toEqual([]);
    });

    it('acknowledges each rule with a specific reason', () => {
      const acknowledgements = listAcknowledgements(app);
      expect(acknowledgements.length).toBeGreaterThan(0);
      for (const { path, rule, reason } of acknowledgements) {
        expect(reason.length, `${path} ${rule}`).toBeGreaterThan(40);
      }
    });
  });

  describe('the web tier', () => {
    it('serves a private bucket through CloudFront with origin access control', () => {
      templates.web.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
        OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
      });
      templates.web.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          DefaultRootObject: 'index.html',
          DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https', ResponseHeadersPolicyId: Match.anyValue() }),
          Logging: Match.objectLike({ Bucket: Match.anyValue() }),
        }),
      });
      templates.web.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
        ResponseHeadersPolicyConfig: Match.objectLike({
          SecurityHeadersConfig: Match.objectLike({
            ContentSecurityPolicy: Match.objectLike({ ContentSecurityPolicy: Match.stringLikeRegexp("default-src 'self'") }),
            StrictTransportSecurity: Match.objectLike({ Override: true }),
          }),
        }),
      });
    });

    it('publishes the UI and a config.json pointing at the API', () => {
      expect(stacks.webContent.config).toMatchObject({
        authMode: 'cognito',
        apiUrl: expect.any(String),
        cognito: { region: 'eu-central-1', clientId: expect.any(String) },
      });
      const [, deployment] = resourcesOf(templates.webContent, 'Custom::CDKBucketDeployment')[0]!;
      expect(deployment.Properties.SourceObjectKeys).toHaveLength(2); // the UI folder and config.json
      expect(deployment.Properties.DistributionPaths).toEqual(['/*']);
    });
  });

  describe('monitoring', () => {
    it('has one dashboard with the API, functions, table, DLQs and workflows on it', () => {
      templates.monitoring.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
      const [, dashboard] = resourcesOf(templates.monitoring, 'AWS::CloudWatch::Dashboard')[0]!;
      const body = JSON.stringify(dashboard.Properties.DashboardBody);
      for (const metric of ['5xx', '4xx', 'Latency', 'Errors', 'Throttles', 'Duration', 'ConsumedReadCapacityUnits', 'ReadThrottleEvents', 'ApproximateNumberOfMessagesVisible', 'ExecutionsFailed']) {
        expect(body, metric).toContain(metric);
      }
    });

    it('shows the web-form intake: its REST API stage and its web ACL', () => {
      const [, dashboard] = resourcesOf(templates.monitoring, 'AWS::CloudWatch::Dashboard')[0]!;
      const body = JSON.stringify(dashboard.Properties.DashboardBody);
      expect(body).toContain('AWS/ApiGateway');
      expect(body).toMatch(/\\"Stage\\",\\"prod\\"/);
      expect(body).toContain('AWS/WAFV2');
      expect(body).toMatch(/\\"WebACL\\",\\"crm-intake\\"/);
      templates.api.hasResourceProperties('AWS::WAFv2::WebACL', { Name: 'crm-intake', VisibilityConfig: Match.objectLike({ MetricName: 'crm-intake' }) });
    });

    it('alarms through an encrypted topic on 5xx, function errors and throttles, table throttles, DLQ depth and failed workflows', () => {
      templates.monitoring.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
      templates.monitoring.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
      const alarmIds = [
        ...resourcesOf(templates.monitoring, 'AWS::CloudWatch::Alarm'),
        ...resourcesOf(templates.monitoring, 'AWS::CloudWatch::CompositeAlarm'),
      ]
        .filter(([, alarm]) => Array.isArray(alarm.Properties.AlarmActions) && alarm.Properties.AlarmActions.length > 0)
        .map(([id]) => id);
      const expected = [
        /HttpApiFaultRate/,
        /IntakeApi.*5XX|IntakeApi.*Fault/i,
        /intakeFunctionFaultCount/,
        ...['platform', 'identity', 'crm', 'events', 'jobs'].flatMap((fn) => [new RegExp(`${fn}FunctionFaultCount`), new RegExp(`${fn}FunctionThrottledCount`)]),
        /TableReadThrottledEvents/,
        /TableWriteThrottledEvents/,
        /StreamDlqQueueMessageCount/,
        /RuleTargetsDlqQueueMessageCount/,
        /csvExportWorkflowFailureCount/,
      ];
      for (const pattern of expected) expect(alarmIds.some((id) => pattern.test(id)), String(pattern)).toBe(true);
    });
  });
}
