import { beforeAll, describe, expect, it } from 'vitest';
import { routeKey, type RateRule, type RouteDefinition } from '../../functions/http/route';
import { routes } from '../../functions/http/routes';
import type { CrmStacks } from '../../infra/crm-app';
import { INTAKE_STAGE, uriPathRegex } from '../../infra/constructs/crm-intake-api';
import { resourcesOf, type SynthesizedCrm, type Templates } from './fixture';

type Json = Record<string, unknown>;
const logicalId = (stack: CrmStacks[keyof CrmStacks], construct: { node: { defaultChild?: unknown } }) =>
  stack.resolve((construct.node.defaultChild as { logicalId: string }).logicalId) as string;
const intakeRoutes: readonly RouteDefinition[] = routes.filter((r) => r.fn === 'intake');
/** Every rate rule the intake routes declare, as WAF rule names. */
const declaredRules = intakeRoutes.flatMap((route) =>
  ([['per-ip', route.throttle?.perIp], ['per-path', route.throttle?.perPath]] as const).flatMap(([kind, rule]) => (rule ? [{ route, kind, rule: rule as RateRule, name: `${route.operationId}-${kind}` }] : [])),
);
/** A value with its CloudFormation references written out: `https://<IntakeApi…>.execute-api…`. */
const flatten = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const v = value as { 'Fn::Join'?: [string, unknown[]]; Ref?: string; 'Fn::GetAtt'?: string[] };
  if (v['Fn::Join']) return v['Fn::Join'][1].map(flatten).join(v['Fn::Join'][0]);
  if (v.Ref) return `<${v.Ref}>`;
  if (v['Fn::GetAtt']) return `<${v['Fn::GetAtt'].join('.')}>`;
  return JSON.stringify(value);
};

export function intakeSuite(crm: () => SynthesizedCrm): void {
  let templates: Templates;
  let stacks: CrmStacks;
  beforeAll(() => {
    ({ templates, stacks } = crm());
  });
  const stage = () => {
    const stages = resourcesOf(templates.api, 'AWS::ApiGateway::Stage');
    expect(stages).toHaveLength(1);
    return stages[0]!;
  };
  const webAcl = () => {
    const acls = resourcesOf(templates.api, 'AWS::WAFv2::WebACL');
    expect(acls).toHaveLength(1);
    return acls[0]!;
  };

  describe('the web-form intake', () => {
    it('is a regional REST API with one method per intake route, none behind an authorizer, each a Lambda proxy to the intake function', () => {
      const apis = resourcesOf(templates.api, 'AWS::ApiGateway::RestApi');
      expect(apis.map(([, a]) => a.Properties.Name)).toEqual(['crm-intake']);
      expect(apis[0]![1].Properties.EndpointConfiguration).toEqual({ Types: ['REGIONAL'] });
      // resource paths rebuilt from the PathPart / ParentId tree
      const resources = new Map(resourcesOf(templates.api, 'AWS::ApiGateway::Resource').map(([id, r]) => [id, r.Properties]));
      const pathOf = (ref: unknown): string => {
        const id = (ref as { Ref?: string }).Ref;
        if (!id) return ''; // the root (Fn::GetAtt RootResourceId)
        const resource = resources.get(id)!;
        return `${pathOf(resource.ParentId)}/${resource.PathPart as string}`;
      };
      const methods = resourcesOf(templates.api, 'AWS::ApiGateway::Method').map(([, m]) => m.Properties);
      expect(methods.map((m) => `${m.HttpMethod as string} ${pathOf(m.ResourceId)}`).sort()).toEqual(intakeRoutes.map(routeKey).sort());
      const intakeFunction = logicalId(stacks.api, stacks.api.httpFunctions.intake);
      for (const method of methods) {
        expect(method.AuthorizationType).toBe('NONE');
        expect(method.AuthorizerId).toBeUndefined();
        expect(method.Integration).toMatchObject({ Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' });
        expect(JSON.stringify(method.Integration)).toContain(intakeFunction);
      }
    });

    it('throttles the stage, and each route as its throttle.route declares, with access and execution logs', () => {
      const [, { Properties: props }] = stage();
      expect(props.StageName).toBe(INTAKE_STAGE);
      const settings = props.MethodSettings as Json[];
      expect(settings).toContainEqual(expect.objectContaining({ ResourcePath: '/*', HttpMethod: '*', ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400, LoggingLevel: 'ERROR' }));
      const throttled = intakeRoutes.filter((r) => r.throttle?.route);
      expect(throttled.length).toBeGreaterThan(0);
      for (const route of throttled) {
        expect(settings, routeKey(route)).toContainEqual(
          expect.objectContaining({
            ResourcePath: `/${route.path.replaceAll('/', '~1')}`, // API Gateway's escaping: /~1public~1forms…
            HttpMethod: route.method,
            ThrottlingRateLimit: route.throttle!.route!.ratePerSecond,
            ThrottlingBurstLimit: route.throttle!.route!.burst,
          }),
        );
      }
      expect(settings).toHaveLength(throttled.length + 1);
      expect(props.AccessLogSetting).toMatchObject({ DestinationArn: expect.anything(), Format: expect.stringContaining('$context.requestId') });
      expect(props.AccessLogSetting).toMatchObject({ Format: expect.stringContaining('$context.wafResponseCode') });
    });

    it('hands out its stage URL with no trailing slash, as IntakeUrl and as the setup function\'s INTAKE_URL', () => {
      const [stageId] = stage();
      const output = flatten((templates.api.findOutputs('IntakeUrl').IntakeUrl as { Value: unknown }).Value);
      expect(output).toMatch(new RegExp(`^https://<IntakeApi\\w+>\\.execute-api\\.eu-central-1\\.<AWS::URLSuffix>/<${stageId}>$`));
      const [, crmFunction] = resourcesOf(templates.api, 'AWS::Lambda::Function').find(([id]) => id === logicalId(stacks.api, stacks.api.httpFunctions.setup))!;
      expect(flatten((crmFunction.Properties.Environment as { Variables: Json }).Variables.INTAKE_URL)).toBe(output);
      // functions/setup/form-operations.ts joins it with "/forms.js" and the like
      expect(`${output.replace(/\/$/, '')}/forms.js`.replace('https://', '')).not.toContain('//');
    });

    it('answers API Gateway\'s own throttling with a 429 the embedding page can read', () => {
      const throttled = resourcesOf(templates.api, 'AWS::ApiGateway::GatewayResponse').find(([, r]) => r.Properties.ResponseType === 'THROTTLED')!;
      expect(throttled[1].Properties).toMatchObject({
        StatusCode: '429',
        ResponseParameters: {
          'gatewayresponse.header.retry-after': "'1'",
          'gatewayresponse.header.access-control-allow-origin': "'*'",
          'gatewayresponse.header.access-control-expose-headers': "'retry-after'",
        },
      });
    });
  });

  describe('the intake\'s web ACL', () => {
    it('is regional, allows by default and is associated with the stage', () => {
      const [aclId, acl] = webAcl();
      expect(acl.Properties).toMatchObject({ Scope: 'REGIONAL', DefaultAction: { Allow: {} }, VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true } });
      const [stageId] = stage();
      const associations = resourcesOf(templates.api, 'AWS::WAFv2::WebACLAssociation').map(([, a]) => a.Properties);
      expect(associations).toHaveLength(1);
      expect(associations[0]!.WebACLArn).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
      expect(flatten(associations[0]!.ResourceArn)).toMatch(new RegExp(`:apigateway:eu-central-1::/restapis/<IntakeApi\\w+>/stages/<${stageId}>$`));
    });

    it('has one rate rule per declared perIp and perPath, with the declared limit and window, scoped to its route', () => {
      const rules = webAcl()[1].Properties.Rules as Json[];
      expect(declaredRules.length).toBeGreaterThanOrEqual(3);
      expect(rules.map((r) => r.Name).sort()).toEqual(declaredRules.map((d) => d.name).sort());
      for (const { route, kind, rule, name } of declaredRules) {
        const found = rules.find((r) => r.Name === name)!;
        expect(found.VisibilityConfig, name).toMatchObject({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true });
        const statement = (found.Statement as { RateBasedStatement: Json }).RateBasedStatement;
        expect(statement, name).toMatchObject({ Limit: rule.limit, EvaluationWindowSec: rule.windowSeconds });
        if (kind === 'per-ip') {
          expect(statement.AggregateKeyType, name).toBe('IP');
        } else {
          // counted per URI path: each form its own count
          expect(statement, name).toMatchObject({ AggregateKeyType: 'CUSTOM_KEYS', CustomKeys: [{ UriPath: { TextTransformations: expect.any(Array) } }] });
        }
        const [methodMatch, pathMatch] = (statement.ScopeDownStatement as { AndStatement: { Statements: Json[] } }).AndStatement.Statements as [Json, Json];
        expect(methodMatch, name).toMatchObject({ ByteMatchStatement: { FieldToMatch: { Method: {} }, PositionalConstraint: 'EXACTLY', SearchString: route.method } });
        // the path as sent, and percent-decoded
        const paths = (pathMatch as { OrStatement: { Statements: { RegexMatchStatement: Json }[] } }).OrStatement.Statements.map((p) => p.RegexMatchStatement);
        for (const path of paths) expect(path, name).toMatchObject({ FieldToMatch: { UriPath: {} }, RegexString: uriPathRegex(INTAKE_STAGE, route.path) });
        expect(paths.map((p) => (p.TextTransformations as { Type: string }[]).map((t) => t.Type)), name).toEqual([['NORMALIZE_PATH'], ['URL_DECODE', 'NORMALIZE_PATH']]);
      }
    });

    it('blocks with a 429: Retry-After of the window, readable cross-origin, and a problem+json body', () => {
      const { Properties: acl } = webAcl()[1];
      const bodies = acl.CustomResponseBodies as Record<string, { ContentType: string; Content: string }>;
      for (const { rule, name } of declaredRules) {
        const found = (acl.Rules as Json[]).find((r) => r.Name === name)!;
        const response = (found.Action as { Block: { CustomResponse: { ResponseCode: number; CustomResponseBodyKey: string; ResponseHeaders: { Name: string; Value: string }[] } } }).Block.CustomResponse;
        expect(response.ResponseCode, name).toBe(429);
        expect(Object.fromEntries(response.ResponseHeaders.map((h) => [h.Name, h.Value])), name).toEqual({
          'retry-after': String(rule.windowSeconds),
          'access-control-allow-origin': '*',
          'access-control-expose-headers': 'retry-after',
        });
        // WAF serves custom bodies as text/html, text/plain or application/json only
        const body = bodies[response.CustomResponseBodyKey]!;
        expect(body.ContentType).toBe('APPLICATION_JSON');
        expect(JSON.parse(body.Content)).toEqual({
          type: 'https://serverless-crm.dev/problems/too-many-requests',
          title: 'Too many requests',
          status: 429,
          detail: `Too many requests: at most ${rule.limit} every ${rule.windowSeconds} s`,
        });
      }
    });

    it('logs the requests it blocks to a log group WAF accepts', () => {
      const [aclId] = webAcl();
      const [config] = resourcesOf(templates.api, 'AWS::WAFv2::LoggingConfiguration').map(([, c]) => c.Properties);
      expect(config!.ResourceArn).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
      expect(config!.LoggingFilter).toMatchObject({ DefaultBehavior: 'DROP', Filters: [{ Behavior: 'KEEP', Conditions: [{ ActionCondition: { Action: 'BLOCK' } }] }] });
      const groups = resourcesOf(templates.api, 'AWS::Logs::LogGroup').filter(([, g]) => String(g.Properties.LogGroupName).startsWith('aws-waf-logs-'));
      expect(groups).toHaveLength(1);
      // the group's ARN without the ":*" CloudWatch Logs ARNs usually end with
      expect((config!.LogDestinationConfigs as unknown[]).map(flatten)).toEqual([expect.stringMatching(new RegExp(`:logs:eu-central-1:<AWS::AccountId>:log-group:<${groups[0]![0]}>$`))]);
    });
  });

  describe('the rate rules\' path patterns', () => {
    it('match the route\'s path under the stage, one segment per parameter, and nothing else of the intake', () => {
      const submit = new RegExp(uriPathRegex(INTAKE_STAGE, '/public/forms/{formId}/submissions'));
      expect(submit.test('/prod/public/forms/01JABCDEFGHJKMNPQRSTVWXYZ0/submissions')).toBe(true);
      expect(submit.test('/prod/public/forms/01JABCDEFGHJKMNPQRSTVWXYZ0/submissions/')).toBe(true);
      expect(submit.test('/prod/public/forms/a/b/submissions')).toBe(false);
      expect(submit.test('/public/forms/x/submissions')).toBe(false);
      expect(new RegExp(uriPathRegex(INTAKE_STAGE, '/forms.js')).test('/prod/formsXjs')).toBe(false);
      const sample = (path: string) => `/${INTAKE_STAGE}${path.replace(/\{\w+\}/g, '01JABCDEFGHJKMNPQRSTVWXYZ0')}`;
      for (const route of intakeRoutes) {
        const pattern = new RegExp(uriPathRegex(INTAKE_STAGE, route.path));
        for (const other of intakeRoutes) expect(pattern.test(sample(other.path)), `${route.path} ~ ${other.path}`).toBe(other.path === route.path);
      }
    });
  });
}
