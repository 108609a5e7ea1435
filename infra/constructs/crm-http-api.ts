import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination, type HttpRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { routeKey, type FunctionGroup } from '../../functions/http/route';
import { routes } from '../../functions/http/routes';
import { acknowledge } from '../nag';

export interface CrmHttpApiProps {
  functions: Record<FunctionGroup, IFunction>;
  userPool: IUserPool;
  client: IUserPoolClient;
  /** Browser origins allowed by CORS (the CloudFront URL and any from context). */
  allowedOrigins: string[];
  throttle?: { rateLimit: number; burstLimit: number };
}

/**
 * The HTTP API, built from the route table so a route exists in AWS exactly when it is
 * declared in functions/http/routes.ts. One Lambda integration per function group.
 */
export class CrmHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly url: string;
  /** route key ("GET /health") → route, including "$default" */
  readonly routes = new Map<string, HttpRoute>();

  constructor(scope: Construct, id: string, props: CrmHttpApiProps) {
    super(scope, id);

    const integrations = Object.fromEntries(
      Object.entries(props.functions).map(([group, fn]) => [group, new HttpLambdaIntegration(`${group}Integration`, fn)]),
    ) as Record<FunctionGroup, HttpLambdaIntegration>;

    // A JWT authorizer on the pool's issuer with the app client as audience; API Gateway
    // accepts the client_id claim of Cognito access tokens in place of aud.
    const authorizer = new HttpUserPoolAuthorizer('Cognito', props.userPool, {
      userPoolClients: [props.client],
      identitySource: ['$request.header.Authorization'],
    });

    this.api = new HttpApi(this, 'Api', {
      apiName: 'crm',
      description: 'CRM REST API (routes from functions/http/routes.ts)',
      createDefaultStage: false, // created below with throttling and access logs
      // Unknown paths and methods reach the platform function, which answers problem+json 404/405.
      defaultIntegration: integrations.platform,
      corsPreflight: {
        allowOrigins: props.allowedOrigins,
        allowMethods: [
          CorsHttpMethod.GET,
          CorsHttpMethod.POST,
          CorsHttpMethod.PUT,
          CorsHttpMethod.PATCH,
          CorsHttpMethod.DELETE,
          CorsHttpMethod.OPTIONS,
        ],
        allowHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key'],
        exposeHeaders: ['etag', 'location', 'x-request-id', 'idempotent-replayed', 'allow', 'retry-after'],
        maxAge: Duration.hours(1),
      },
    });
    const defaultRoute = this.api.node.findChild('DefaultRoute') as HttpRoute;
    this.routes.set('$default', defaultRoute);
    acknowledge(
      defaultRoute,
      'AwsSolutions-APIG4',
      'The $default route only answers problem+json 404/405 for paths and methods that are not in the route table; it reads no data.',
    );

    // the public intake has an API of its own (./crm-intake-api.ts)
    for (const route of routes.filter((r) => r.fn !== 'intake')) {
      const key = routeKey(route);
      const isPublic = route.permission.kind === 'public';
      const [created] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrations[route.fn],
        ...(isPublic ? {} : { authorizer }),
      });
      if (!created) throw new Error(`no route was created for ${key}`);
      this.routes.set(key, created);
      if (route.permission.kind === 'public') {
        acknowledge(created, 'AwsSolutions-APIG4', `Public route ${key}: ${route.permission.reason}.`);
      }
    }

    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      // A ceiling against runaway clients and cost; well above what a sales team generates.
      throttle: props.throttle ?? { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: accessLogSettings(this),
    });
    // No trailing slash, so clients join it with "/contacts" and the like.
    this.url = this.api.apiEndpoint;
  }
}

/** JSON access logs, a month, for every stage. */
export function accessLogSettings(scope: Construct) {
  const accessLogs = new LogGroup(scope, 'AccessLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
  return {
    destination: new LogGroupLogDestination(accessLogs),
    format: AccessLogFormat.custom(
      JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        requestTime: '$context.requestTime',
        routeKey: '$context.routeKey',
        status: '$context.status',
        protocol: '$context.protocol',
        responseLength: '$context.responseLength',
        responseLatency: '$context.responseLatency',
        integrationLatency: '$context.integrationLatency',
        integrationError: '$context.integrationErrorMessage',
        authorizerError: '$context.authorizer.error',
        userId: '$context.authorizer.claims.sub',
      }),
    ),
  };
}
