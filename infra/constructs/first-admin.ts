import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IUserPool, IUserPoolGroup } from 'aws-cdk-lib/aws-cognito';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeFindings } from '../nag';

export interface FirstAdminProps {
  userPool: IUserPool;
  email: string;
  adminGroup: IUserPoolGroup;
}

/**
 * Creates the first administrator on deploy. Cognito emails the address a temporary
 * password, so no password ever passes through CloudFormation. Deleting the stack
 * leaves the user alone: users belong to the (retained) pool, not to this resource.
 */
export class FirstAdmin extends Construct {
  constructor(scope: Construct, id: string, props: FirstAdminProps) {
    super(scope, id);
    const { userPool, email, adminGroup } = props;
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    const common = {
      installLatestAwsSdk: false,
      logGroup,
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({
          actions: ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminAddUserToGroup'],
          resources: [userPool.userPoolArn],
        }),
      ]),
    };

    const createUser = new AwsCustomResource(this, 'CreateUser', {
      ...common,
      onCreate: {
        service: 'CognitoIdentityProvider',
        action: 'AdminCreateUser',
        parameters: {
          UserPoolId: userPool.userPoolId,
          Username: email,
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'email_verified', Value: 'true' },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        },
        physicalResourceId: PhysicalResourceId.of(`admin:${email}`),
        // A retained pool from an earlier install may already have this admin.
        ignoreErrorCodesMatching: 'UsernameExistsException',
      },
    });

    const addToGroup = new AwsCustomResource(this, 'AddToAdministrators', {
      ...common,
      onCreate: {
        service: 'CognitoIdentityProvider',
        action: 'AdminAddUserToGroup',
        parameters: { UserPoolId: userPool.userPoolId, Username: email, GroupName: adminGroup.groupName },
        physicalResourceId: PhysicalResourceId.of(`admin-group:${email}`),
      },
    });
    addToGroup.node.addDependency(createUser);

    // AwsCustomResource runs CDK's own singleton provider function, a direct child of the stack.
    const provider = Stack.of(this).node.children.find((child) => child.node.id.startsWith('AWS679f53fac002430cb0da5b7982bd2287'));
    if (!provider) throw new Error('AwsCustomResource provider function not found; CDK changed its construct id');
    acknowledge(provider, 'AwsSolutions-L1', 'CDK-owned AwsCustomResource provider; CDK picks its Node.js runtime and updates it with aws-cdk-lib. It runs only during deploys.');
    acknowledgeFindings(
      provider,
      'AwsSolutions-IAM4',
      /AWSLambdaBasicExecutionRole$/,
      'CDK-owned AwsCustomResource provider writes its own logs with the basic execution role; its Cognito permissions are the two admin actions on this user pool only.',
    );
  }
}
