import { CfnStage, HttpApi, HttpMethod, HttpStage, type HttpRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { routeKey, type RouteDefinition } from '../../functions/http/route';
import { routes } from '../../functions/http/routes';
import { acknowledge } from '../nag';
import { accessLogSettings } from './crm-http-api';

/**
 * The public web-form intake (the `intake` routes), on an HTTP API of its own: with no
 * API-level CORS, so the intake function's per-form CORS headers reach the browser (API
 * Gateway would replace them otherwise), and with the throttles the routes declare, so a
 * flood of submissions never throttles the reps' API.
 */
export class CrmIntakeApi extends Construct {
  readonly api: HttpApi;
  readonly url: string;
  readonly routes = new Map<string, HttpRoute>();

  constructor(scope: Construct, id: string, props: { intake: IFunction }) {
    super(scope, id);
    const integration = new HttpLambdaIntegration('IntakeIntegration', props.intake);
    this.api = new HttpApi(this, 'Api', { apiName: 'crm-intake', description: 'Public web-form intake (routes from functions/http/routes/forms.ts)', createDefaultStage: false });
    const intakeRoutes: readonly RouteDefinition[] = routes.filter((r) => r.fn === 'intake');
    for (const route of intakeRoutes) {
      const [created] = this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration });
      this.routes.set(routeKey(route), created!);
      if (route.permission.kind === 'public') acknowledge(created!, 'AwsSolutions-APIG4', `Public route ${routeKey(route)}: ${route.permission.reason}.`);
    }
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 200, burstLimit: 400 },
      accessLogSettings: accessLogSettings(this),
    });
    // per-route throttles as the routes declare them (RouteSettings is raw JSON to CloudFormation: its own key case) (the per-IP and per-form rules are the local gateway's and, in AWS, a WAF's job)
    const routeSettings = Object.fromEntries(
      intakeRoutes.flatMap((r) => (r.throttle?.route ? [[routeKey(r), { ThrottlingRateLimit: r.throttle.route.ratePerSecond, ThrottlingBurstLimit: r.throttle.route.burst }]] : [])),
    );
    (stage.node.defaultChild as CfnStage).routeSettings = routeSettings;
    this.url = this.api.apiEndpoint;
  }
}
