import { RemovalPolicy } from 'aws-cdk-lib';
import type { IUserPool, IUserPoolGroup } from 'aws-cdk-lib/aws-cognito';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

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
  }
}
