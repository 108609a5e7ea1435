import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  ResponseType,
  RestApi,
  type Method,
  type MethodDeploymentOptions,
} from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnLoggingConfiguration, CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { problemResponse } from '../../functions/http/problem';
import { rateLimitedHeaders, rateRuleDetail, routeKey, type RouteDefinition } from '../../functions/http/route';
import { routes } from '../../functions/http/routes';
import { acknowledge, acknowledgeFindings } from '../nag';

/** The stage: on the execute-api domain every intake URL starts with it (`/prod/forms.js`). */
export const INTAKE_STAGE = 'prod';

export interface CrmIntakeApiProps {
  intake: IFunction;
  /** AWS WAF with the routes' rate rules (context `intakeWaf`, default on); off, API Gateway's throttling alone. */
  waf?: boolean;
}

/**
 * The public web-form intake (the `intake` routes) on a regional REST API of its own, so
 * AWS WAF can guard it (it cannot guard an HTTP API): with no API-level CORS, so the intake
 * function's per-form CORS headers reach the browser, with the throttles the routes declare,
 * so a flood of submissions never throttles the reps' API, and a web ACL whose rate rules
 * are the routes' `perIp` and `perPath` declarations, the same ones the local gateway
 * enforces (local/rate-limiter.ts). The function gets payload 1.0 events and reads them
 * through functions/http/rest-event.ts.
 */
export class CrmIntakeApi extends Construct {
  readonly api: RestApi;
  /** The stage URL, no trailing slash: `https://<id>.execute-api.<region>.amazonaws.com/prod`. */
  readonly url: string;
  /** route key ("POST /public/forms/{formId}/submissions") → method */
  readonly methods = new Map<string, Method>();
  readonly webAcl?: CfnWebACL;

  constructor(scope: Construct, id: string, props: CrmIntakeApiProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const intakeRoutes: readonly RouteDefinition[] = routes.filter((r) => r.fn === 'intake');
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });

    // per-method throttles as the routes declare them (API Gateway's stage method settings)
    const methodOptions: Record<string, MethodDeploymentOptions> = Object.fromEntries(
      intakeRoutes.flatMap((r) =>
        r.throttle?.route
          ? [[`${r.path}/${r.method}`, { throttlingRateLimit: r.throttle.route.ratePerSecond, throttlingBurstLimit: r.throttle.route.burst, loggingLevel: MethodLoggingLevel.ERROR }]]
          : [],
      ),
    );
    this.api = new RestApi(this, 'Api', {
      restApiName: 'crm-intake',
      description: 'Public web-form intake (routes from functions/http/routes/forms.ts)',
      endpointConfiguration: { types: [EndpointType.REGIONAL] },
      // REST API logs need the account's API Gateway CloudWatch role (one per account and
      // region, kept when the stack goes: other REST APIs of the account may log through it)
      cloudWatchRole: true,
      deployOptions: {
        stageName: INTAKE_STAGE,
        throttlingRateLimit: 200,
        throttlingBurstLimit: 400,
        loggingLevel: MethodLoggingLevel.ERROR,
        methodOptions,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            method: '$context.httpMethod',
            resourcePath: '$context.resourcePath',
            path: '$context.path',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            errorType: '$context.error.responseType',
            waf: '$context.wafResponseCode',
          }),
        ),
      },
    });
    // API Gateway makes the execution-log group itself, kept forever; made here it expires
    const executionLogs = new LogGroup(this, 'ExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.api.restApiId}/${INTAKE_STAGE}`,
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api.deploymentStage.node.addDependency(executionLogs);
    acknowledgeFindings(
      this.api.node.findChild('CloudWatchRole'),
      'AwsSolutions-IAM4',
      /AmazonAPIGatewayPushToCloudWatchLogs$/,
      'The account-wide role API Gateway writes REST API access and execution logs with: AWS documents this managed policy for exactly that role, and API Gateway alone may assume it.',
    );
    acknowledge(
      this.api,
      'AwsSolutions-APIG2',
      'The intake function validates every request against the form itself (its fields, their rules) and answers problem+json with the form\'s CORS headers; an API Gateway validator would answer a bare 400 the embedding page cannot read.',
    );

    const integration = new LambdaIntegration(props.intake, { allowTestInvoke: false });
    for (const route of intakeRoutes) {
      if (route.permission.kind !== 'public') throw new Error(`${routeKey(route)}: the intake API has no authorizer, so its routes must be public`);
      const method = this.api.root.resourceForPath(route.path).addMethod(route.method, integration, { authorizationType: AuthorizationType.NONE, operationName: route.operationId });
      this.methods.set(routeKey(route), method);
      const reason = `Public route ${routeKey(route)}: ${route.permission.reason}.`;
      acknowledge(method, 'AwsSolutions-APIG4', reason);
      acknowledge(method, 'AwsSolutions-COG4', `${reason} Visitors have no user pool account.`);
    }

    // API Gateway's own answers: its throttling 429 readable by the embedding page like the
    // web ACL's, and a 404 for paths outside the route table (a REST API says 403 otherwise)
    this.api.addGatewayResponse('Throttled', {
      type: ResponseType.THROTTLED,
      statusCode: '429',
      responseHeaders: quoted(rateLimitedHeaders(1)),
      templates: { 'application/json': problemResponse(429, 'too-many-requests', 'Too many requests for this service right now').body! },
    });
    this.api.addGatewayResponse('NotFound', {
      type: ResponseType.MISSING_AUTHENTICATION_TOKEN,
      statusCode: '404',
      templates: { 'application/json': problemResponse(404, 'not-found', 'No such route').body! },
    });

    this.url = `https://${this.api.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}/${this.api.deploymentStage.stageName}`;

    if (props.waf ?? true) this.webAcl = this.addWebAcl(intakeRoutes);
    else {
      acknowledge(
        this.api.deploymentStage,
        'AwsSolutions-APIG3',
        'The deployer turned AWS WAF off (-c intakeWaf=false) to save its monthly cost; the intake relies on API Gateway throttling (stage and per-route limits) alone.',
      );
    }
  }

  /**
   * One rate-based rule per declared `perIp` (counted per client address) and `perPath`
   * (counted per URI path, so per form), each scoped down to its route's method and path
   * and answering 429 like the local gateway: Retry-After, problem+json, readable
   * cross-origin.
   *
   * No AWS managed rule groups: the Core rule set's body rules would block legitimate
   * submissions — SizeRestrictions_BODY anything over 8 KB (the intake takes 64 KB), the
   * XSS/LFI rules a support request that quotes code or HTML — with a bare 403 the
   * embedding page cannot read: a lost lead. The intake stores what it gets as data
   * (checked against the form's rules, escaped wherever shown), and DynamoDB has no query
   * language to inject into.
   */
  private addWebAcl(intakeRoutes: readonly RouteDefinition[]): CfnWebACL {
    const stack = Stack.of(this);
    const rules: CfnWebACL.RuleProperty[] = [];
    const bodies: Record<string, CfnWebACL.CustomResponseBodyProperty> = {};
    for (const route of intakeRoutes) {
      for (const [kind, rule] of [['per-ip', route.throttle?.perIp], ['per-path', route.throttle?.perPath]] as const) {
        if (!rule) continue;
        const name = `${route.operationId}-${kind}`;
        const bodyKey = `too-many-${rule.limit}-per-${rule.windowSeconds}s`;
        bodies[bodyKey] = { contentType: 'APPLICATION_JSON', content: problemResponse(429, 'too-many-requests', rateRuleDetail(rule)).body! };
        // the path as sent and percent-decoded, so neither `%2F` in a form id nor `%73ubmissions` slips past the pattern
        const asSent = [{ priority: 0, type: 'NORMALIZE_PATH' }];
        const decoded = [{ priority: 0, type: 'URL_DECODE' }, { priority: 1, type: 'NORMALIZE_PATH' }];
        const pathIs = (textTransformations: CfnWebACL.TextTransformationProperty[]) => ({
          regexMatchStatement: { fieldToMatch: { uriPath: {} }, regexString: uriPathRegex(INTAKE_STAGE, route.path), textTransformations },
        });
        rules.push({
          name,
          priority: rules.length,
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: bodyKey,
                // WAF blocks while the rate over the last window stays above the limit: the window is an upper bound
                responseHeaders: Object.entries(rateLimitedHeaders(rule.windowSeconds)).map(([headerName, value]) => ({ name: headerName, value })),
              },
            },
          },
          statement: {
            rateBasedStatement: {
              limit: rule.limit,
              evaluationWindowSec: rule.windowSeconds,
              aggregateKeyType: kind === 'per-ip' ? 'IP' : 'CUSTOM_KEYS',
              ...(kind === 'per-path' ? { customKeys: [{ uriPath: { textTransformations: decoded } }] } : {}),
              scopeDownStatement: {
                andStatement: {
                  statements: [
                    { byteMatchStatement: { fieldToMatch: { method: {} }, positionalConstraint: 'EXACTLY', searchString: route.method, textTransformations: [{ priority: 0, type: 'NONE' }] } },
                    { orStatement: { statements: [pathIs(asSent), pathIs(decoded)] } },
                  ],
                },
              },
            },
          },
          visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: `crm-intake-${name}` },
        });
      }
    }
    const webAcl = new CfnWebACL(this, 'WebAcl', {
      // named like its metric, so the WAF metrics' WebACL dimension is the same either way
      name: 'crm-intake',
      scope: 'REGIONAL',
      description: 'Rate rules of the web-form intake, from the route declarations in functions/http/routes/forms.ts',
      defaultAction: { allow: {} },
      rules,
      customResponseBodies: bodies,
      visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: 'crm-intake' },
    });
    new CfnWebACLAssociation(this, 'WebAclAssociation', { resourceArn: this.api.deploymentStage.stageArn, webAclArn: webAcl.attrArn });

    // blocked requests only (who was refused, by which rule); the rest is in the access log
    const wafLogs = new LogGroup(this, 'WafLogs', {
      logGroupName: `aws-waf-logs-${stack.stackName}-intake`, // WAF's required prefix
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new CfnLoggingConfiguration(this, 'WafLogging', {
      resourceArn: webAcl.attrArn,
      logDestinationConfigs: [stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: wafLogs.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      loggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [{ Behavior: 'KEEP', Requirement: 'MEETS_ANY', Conditions: [{ ActionCondition: { Action: 'BLOCK' } }] }],
      },
    });
    return webAcl;
  }
}

/** Gateway response headers are mapping expressions: static values go in single quotes. */
const quoted = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, `'${value}'`]));

/**
 * A route's path as WAF sees it on the execute-api domain, as a regular expression: under
 * the stage, `{param}` one path segment, a trailing slash allowed.
 */
export function uriPathRegex(stage: string, path: string): string {
  const escape = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  const source = path
    .split(/(\{\w+\})/)
    .map((part) => (/^\{\w+\}$/.test(part) ? '[^/]+' : escape(part)))
    .join('');
  return `^/${escape(stage)}${source}/?$`;
}
