import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClient,
  type UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import type { AuthSettings } from '../constructs/crm-function';
import { FirstAdmin } from '../constructs/first-admin';
import { acknowledge } from '../nag';

export interface AuthStackProps extends StackProps {
  adminEmail?: string;
  threatProtection: boolean;
}

/** The user directory. Retained like the data: users and their MFA devices are data too. */
export class AuthStack extends Stack {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly administrators: UserPoolGroup;
  readonly settings: AuthSettings;

  constructor(scope: Construct, id: string, props: AuthStackProps) {
    super(scope, id, props);

    this.userPool = new UserPool(this, 'UserPool', {
      // Reps are invited by an administrator; nobody signs themselves up to a company CRM.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(7),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: props.threatProtection ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      ...(props.threatProtection ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION } : {}),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.userPool,
      'AwsSolutions-COG2',
      'MFA is optional so the API sign-in (POST /auth/login, USER_PASSWORD_AUTH) works for every user; users and admins can enrol TOTP, and companies that require it can switch the pool to MFA required.',
    );
    if (!props.threatProtection) {
      acknowledge(
        this.userPool,
        'AwsSolutions-COG8',
        'The Plus tier is billed per monthly active user, which breaks "cents at idle" for small teams; deploy with -c threatProtection=true to turn on Plus with full-function threat protection.',
      );
    }

    this.client = this.userPool.addClient('WebClient', {
      // Browsers and scripts cannot keep a client secret.
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });

    this.administrators = this.userPool.addGroup('Administrators', {
      groupName: 'administrators',
      description: 'Full access to every record and to settings',
    });

    if (props.adminEmail) {
      new FirstAdmin(this, 'FirstAdmin', { userPool: this.userPool, email: props.adminEmail, adminGroup: this.administrators });
    }

    this.settings = {
      issuer: `https://cognito-idp.${this.region}.amazonaws.com/${this.userPool.userPoolId}`,
      clientId: this.client.userPoolClientId,
      userPoolId: this.userPool.userPoolId,
    };

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.client.userPoolClientId });
  }
}
