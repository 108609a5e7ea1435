import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { acknowledge, acknowledgeFindings } from '../nag';

export interface WebContentStackProps extends StackProps {
  siteBucket: IBucket;
  distribution: IDistribution;
  apiUrl: string;
  /** The UI signs in straight against the user pool with this public app client. */
  cognito: { region: string; clientId: string };
  /** ui/dist; when undefined only config.json is published */
  uiDist?: string;
}

/** What the UI needs at runtime, read by the browser from /config.json (see ui/src/api.ts). */
export interface UiConfig {
  apiUrl: string;
  authMode: 'cognito';
  cognito: { region: string; clientId: string };
}

/** Publishes the built UI and its config.json, then invalidates CloudFront. */
export class WebContentStack extends Stack {
  readonly config: UiConfig;

  constructor(scope: Construct, id: string, props: WebContentStackProps) {
    super(scope, id, props);
    this.config = { apiUrl: props.apiUrl, authMode: 'cognito', cognito: props.cognito };

    new BucketDeployment(this, 'Publish', {
      sources: [...(props.uiDist ? [Source.asset(props.uiDist)] : []), Source.jsonData('config.json', this.config)],
      destinationBucket: props.siteBucket,
      distribution: props.distribution,
      distributionPaths: ['/*'],
      prune: true,
      // Browsers revalidate every load (cheap 304s), CloudFront keeps files until the
      // invalidation of the next deploy, so a release is visible at once.
      cacheControl: [CacheControl.maxAge(Duration.seconds(0)), CacheControl.sMaxAge(Duration.days(365)), CacheControl.mustRevalidate()],
      memoryLimit: 512,
      logGroup: new LogGroup(this, 'PublishLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY }),
    });
    acknowledgeCdkProvider(this);
  }
}

/** BucketDeployment's provider function is CDK's own code; its shape is not ours to change. */
function acknowledgeCdkProvider(stack: Stack): void {
  const provider = stack.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!provider) throw new Error('BucketDeployment provider function not found; CDK changed its construct id');
  acknowledge(
    provider,
    'AwsSolutions-L1',
    'CDK-owned BucketDeployment provider (Python, bundled AWS CLI layer); CDK picks its runtime and updates it with aws-cdk-lib.',
  );
  acknowledgeFindings(
    provider,
    'AwsSolutions-IAM4',
    /AWSLambdaBasicExecutionRole$/,
    'CDK-owned BucketDeployment provider uses the basic execution role for its own logs; it runs only during deploys.',
  );
  acknowledgeFindings(
    provider,
    'AwsSolutions-IAM5',
    /^(Action::s3:(GetObject|GetBucket|List|DeleteObject|Abort)\*|Resource::.*\/\*|Resource::\*)$/,
    'CDK-owned BucketDeployment provider: it copies the UI from the CDK asset bucket into the site bucket (object wildcards on those two buckets) and invalidates CloudFront (no resource-level permissions).',
  );
}
