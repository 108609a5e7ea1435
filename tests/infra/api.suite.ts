import { cronExpression, recurringSchedules } from '../../functions/events/schedules';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventRules } from '../../functions/events/rules';
import { routeKey } from '../../functions/http/route';
import { routes } from '../../functions/http/routes';
import { stateMachines } from '../../functions/workflows/definitions';
import type { CrmStacks } from '../../infra/crm-app';
import { resourcesOf, type SynthesizedCrm, type Templates } from './fixture';

const logicalId = (stack: CrmStacks[keyof CrmStacks], construct: { node: { defaultChild?: unknown } }) =>
  stack.resolve((construct.node.defaultChild as { logicalId: string }).logicalId) as string;

export function apiSuite(crm: () => SynthesizedCrm): void {
  let templates: Templates;
  let stacks: CrmStacks;
  beforeAll(() => {
    ({ templates, stacks } = crm());
  });

  describe('the HTTP API', () => {
    it('has every route of the route table but the intake\'s, with the JWT authorizer unless the route is public', () => {
      const apiRoutes = resourcesOf(templates.api, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
      const apiTable = routes.filter((r) => r.fn !== 'intake');
      for (const route of apiTable) {
        const found = apiRoutes.filter((r) => r.RouteKey === routeKey(route));
        expect(found, routeKey(route)).toHaveLength(1);
        if (route.permission.kind === 'public') {
          expect(found[0]!.AuthorizationType, routeKey(route)).toBe('NONE');
          expect(found[0]!.AuthorizerId, routeKey(route)).toBeUndefined();
        } else {
          expect(found[0]!.AuthorizationType, routeKey(route)).toBe('JWT');
          expect(found[0]!.AuthorizerId, routeKey(route)).toBeDefined();
        }
      }
      // that part of the route table and $default, nothing else
      expect(apiRoutes).toHaveLength(apiTable.length + 1);
      expect(resourcesOf(templates.api, 'AWS::ApiGatewayV2::Api')).toHaveLength(1);
    });

    it('sends unknown routes ($default) to the platform function, without an authorizer', () => {
      const platformFn = logicalId(stacks.api, stacks.api.httpFunctions.platform);
      const [integrationId] = resourcesOf(templates.api, 'AWS::ApiGatewayV2::Integration').find(([, i]) =>
        JSON.stringify(i.Properties.IntegrationUri).includes(platformFn),
      )!;
      const [, defaultRoute] = resourcesOf(templates.api, 'AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties.RouteKey === '$default')!;
      expect(JSON.stringify(defaultRoute.Properties.Target)).toContain(integrationId);
      expect(defaultRoute.Properties.AuthorizationType).toBe('NONE');
    });

    it('verifies Cognito tokens issued to the app client', () => {
      templates.api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: {
          Issuer: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith(['https://cognito-idp.eu-central-1.amazonaws.com/'])]) }),
          Audience: [Match.anyValue()],
        },
      });
    });

    it('throttles and access-logs the default stage', () => {
      templates.api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingBurstLimit: Match.anyValue(), ThrottlingRateLimit: Match.anyValue() },
        AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context\\.requestId') },
      });
    });

    it('allows the CloudFront URL and the configured origins', () => {
      const [[, api]] = resourcesOf(templates.api, 'AWS::ApiGatewayV2::Api') as [[string, { Properties: { CorsConfiguration: { AllowOrigins: unknown[] } } }]];
      const origins = api.Properties.CorsConfiguration.AllowOrigins;
      expect(origins).toContain('http://localhost:3000');
      expect(origins).toContain('https://crm.example.com');
      expect(JSON.stringify(origins)).toContain('https://');
      expect(origins).toHaveLength(3);
    });
  });

  describe('the functions', () => {
    it('all run Node 22 on arm64 with active tracing and JSON logs', () => {
      const functions = resourcesOf(templates.api, 'AWS::Lambda::Function');
      expect(functions).toHaveLength(10);
      for (const [id, fn] of functions) {
        expect(fn.Properties, id).toMatchObject({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          TracingConfig: { Mode: 'Active' },
          LoggingConfig: expect.objectContaining({ LogFormat: 'JSON' }),
        });
      }
    });

    it('get the environment their bindings promise', () => {
      const env = (fn: keyof typeof stacks.api.httpFunctions | keyof typeof stacks.api.workers) => {
        const construct = fn in stacks.api.httpFunctions ? stacks.api.httpFunctions[fn as 'crm'] : stacks.api.workers[fn as 'jobs'];
        const [, resource] = resourcesOf(templates.api, 'AWS::Lambda::Function').find(([id]) => id === logicalId(stacks.api, construct))!;
        return Object.keys((resource.Properties.Environment as { Variables: Record<string, unknown> }).Variables).sort();
      };
      const base = ['LOG_LEVEL', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_SERVICE_NAME'];
      const auth = ['AUTH_CLIENT_ID', 'AUTH_MODE', 'USER_POOL_ID'];
      expect(env('platform')).toEqual([...base].sort());
      expect(env('identity')).toEqual([...base, ...auth, 'TABLE_NAME'].sort());
      const starts = ['STATE_MACHINE_ARNS'];
      expect(env('crm')).toEqual([...base, ...auth, 'TABLE_NAME', 'BLOB_BUCKET'].sort());
      expect(env('sales')).toEqual([...base, ...auth, 'TABLE_NAME'].sort());
      expect(env('activities')).toEqual([...base, ...auth, 'TABLE_NAME', 'SCHEDULE_GROUP', 'EVENT_BUS_ARN', 'SCHEDULER_ROLE_ARN', 'SCHEDULER_DLQ_ARN'].sort());
      expect(env('setup')).toEqual([...base, ...auth, ...starts, 'TABLE_NAME', 'EVENT_BUS_NAME', 'INTAKE_URL'].sort());
      expect(env('intake')).toEqual([...base, 'TABLE_NAME', 'FORMS_CAPTCHA_SECRET_PARAMETER'].sort());
      expect(env('events')).toEqual([...base, 'EVENT_BUS_NAME', 'AUDIT_BUCKET'].sort());
      expect(env('automation')).toEqual([...base, ...starts, 'TABLE_NAME', 'EVENT_BUS_NAME'].sort());
      expect(env('jobs')).toEqual([...base, ...starts, 'TABLE_NAME', 'BLOB_BUCKET', 'EMAIL_FROM', 'APP_URL'].sort());
    });

    it('may never Scan the table', () => {
      for (const [id, policy] of resourcesOf(templates.api, 'AWS::IAM::Policy')) {
        expect(JSON.stringify(policy.Properties.PolicyDocument), id).not.toMatch(/dynamodb:(Scan|\*)/);
      }
    });

    it('let the HTTP functions read users from the pool (first sign-in), only the identity function manage them, and only that pool', () => {
      const documents = resourcesOf(templates.api, 'AWS::IAM::Policy').map(([id, p]) => [id, JSON.stringify(p.Properties.PolicyDocument)] as const);
      const readers = documents.filter(([, d]) => d.includes('cognito-idp:AdminGetUser'));
      expect(readers.map(([id]) => id.replace(/Function.*/, '')).sort()).toEqual(['Activities', 'Crm', 'Identity', 'Sales', 'Setup']);
      for (const [, document] of readers) expect(document).toMatch(/userpool\//);
      const managers = documents.filter(([, d]) => d.includes('cognito-idp:AdminDisableUser'));
      expect(managers.map(([id]) => id)).toEqual([expect.stringMatching(/^Identity/)]);
    });

    it('let only the stream consumer add to the audit archive, and never delete from it', () => {
      const documents = resourcesOf(templates.api, 'AWS::IAM::Policy').map(([id, p]) => [id, JSON.stringify(p.Properties.PolicyDocument)] as const);
      const archive = logicalId(stacks.data, stacks.data.auditArchive);
      const writers = documents.filter(([, d]) => d.includes(archive));
      expect(writers.map(([id]) => id)).toEqual([expect.stringMatching(/^Events/)]);
      expect(writers[0]![1]).toContain('s3:PutObject');
      expect(writers[0]![1]).not.toMatch(/s3:(Delete|\*)/);
    });

    it('let only the activities function make and delete reminder schedules, in their own group, handing them only the schedules role', () => {
      const documents = resourcesOf(templates.api, 'AWS::IAM::Policy').map(([id, p]) => [id, JSON.stringify(p.Properties.PolicyDocument)] as const);
      const makers = documents.filter(([, d]) => /scheduler:(Create|Update|Delete)Schedule/.test(d));
      expect(makers.map(([id]) => id)).toEqual([expect.stringMatching(/^Activities/)]);
      expect(makers[0]![1]).toMatch(/:schedule\/.*crm-reminders-[0-9a-f]{8}.*\/\*/);
      expect(makers[0]![1]).not.toMatch(/scheduler:\*/);
      const passers = documents.filter(([, d]) => d.includes('iam:PassRole'));
      expect(passers.map(([id]) => id)).toEqual([expect.stringMatching(/^Activities/)]);
      expect(passers[0]![1]).toContain('"iam:PassedToService":"scheduler.amazonaws.com"');
      templates.api.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: Match.objectLike({
          Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': Match.anyValue() } } })],
        }),
      });
    });

    it('send mail only as the configured SES identity', () => {
      const documents = resourcesOf(templates.api, 'AWS::IAM::Policy').map(([, p]) => JSON.stringify(p.Properties.PolicyDocument));
      const ses = documents.filter((d) => d.includes('ses:SendEmail'));
      expect(ses).toHaveLength(1);
      expect(ses[0]).toContain(':identity/example.com');
    });
  });

  describe('async paths', () => {
    it('consume the table stream in batches, with bisecting, retries and a DLQ', () => {
      templates.api.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: 100,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 5,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      });
    });

    it('deploy every state machine with its substitutions, full logging and tracing', () => {
      const machines = resourcesOf(templates.api, 'AWS::StepFunctions::StateMachine');
      expect(machines).toHaveLength(Object.keys(stateMachines).length);
      for (const definition of Object.values(stateMachines)) {
        templates.api.hasResourceProperties('AWS::StepFunctions::StateMachine', {
          StateMachineType: definition.type,
          DefinitionSubstitutions: Object.fromEntries(Object.keys(definition.substitutions).map((key) => [key, Match.anyValue()])),
          LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
          TracingConfiguration: { Enabled: true },
        });
      }
    });

    it('create every bus rule with a retrying target and a DLQ', () => {
      const rules = resourcesOf(templates.api, 'AWS::Events::Rule');
      expect(rules).toHaveLength(eventRules.length);
      for (const rule of eventRules) {
        templates.api.hasResourceProperties('AWS::Events::Rule', {
          Description: rule.description,
          EventPattern: Match.objectLike({ source: rule.eventPattern.source, 'detail-type': rule.eventPattern['detail-type'] }),
          Targets: [
            Match.objectLike({
              DeadLetterConfig: { Arn: Match.anyValue() },
              RetryPolicy: Match.objectLike({ MaximumRetryAttempts: Match.anyValue() }),
            }),
          ],
        });
      }
    });

    it('schedule the daily date triggers: an event on the bus each morning, retried, dead-lettered', () => {
      for (const schedule of recurringSchedules) {
        templates.api.hasResourceProperties('AWS::Scheduler::Schedule', {
          ScheduleExpression: cronExpression(schedule),
          ScheduleExpressionTimezone: 'UTC',
          Target: Match.objectLike({
            EventBridgeParameters: { Source: schedule.event.source, DetailType: schedule.event.detailType },
            RetryPolicy: Match.objectLike({ MaximumRetryAttempts: Match.anyValue() }),
            DeadLetterConfig: { Arn: Match.anyValue() },
          }),
        });
      }
    });

    it('let the workers start workflow runs and webhook deliveries, and the setup function only deliveries and form-submission redrives', () => {
      const documents = resourcesOf(templates.api, 'AWS::IAM::Policy').map(([id, p]) => [id, JSON.stringify(p.Properties.PolicyDocument)] as const);
      // (the bus rules' own roles start the machines they target)
      const starters = documents.filter(([id, d]) => d.includes('states:StartExecution') && id.includes('Function'));
      expect(starters.map(([id]) => id.replace(/Function.*/, '')).sort()).toEqual(['Automation', 'Jobs', 'Setup']);
      for (const [id, document] of starters) {
        expect(document).toMatch(/stateMachine:.*-webhook-delivery/);
        if (id.startsWith('Setup')) {
          expect(document).toMatch(/stateMachine:.*-form-submission/);
          expect(document).not.toMatch(/stateMachine:.*-workflow-run/);
        } else expect(document).toMatch(/stateMachine:.*-workflow-run/);
        expect(document).not.toMatch(/states:\*|stateMachine:\*/);
      }
    });

    it('give a workflow run up to the year Standard executions allow, and every other machine an hour', () => {
      const machines = resourcesOf(templates.api, 'AWS::StepFunctions::StateMachine').map(([, m]) => JSON.parse(m.Properties.DefinitionString as string) as { TimeoutSeconds?: number });
      const longRunning = machines.filter((definition) => definition.TimeoutSeconds === undefined);
      expect(longRunning).toHaveLength(1);
      expect(JSON.stringify(longRunning[0])).toContain('planWorkflowStep');
      expect(machines.filter((definition) => definition.TimeoutSeconds === 3600)).toHaveLength(machines.length - 1);
    });

    it('park failures in encrypted queues that refuse plain HTTP', () => {
      const queues = resourcesOf(templates.api, 'AWS::SQS::Queue');
      expect(queues.length).toBeGreaterThanOrEqual(2);
      const policies = resourcesOf(templates.api, 'AWS::SQS::QueuePolicy').map(([, p]) => JSON.stringify(p.Properties));
      for (const [id, queue] of queues) {
        expect(queue.Properties.SqsManagedSseEnabled, id).toBe(true);
        expect(policies.some((p) => p.includes(id) && p.includes('"aws:SecureTransport":"false"')), id).toBe(true);
      }
    });
  });
}
