import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { UserDirectory } from '../ports/user-directory';

/** In a pool that signs in by email, the username is the user's `sub`. */
export function cognitoUserDirectory(userPoolId: string, client = new CognitoIdentityProviderClient({})): UserDirectory {
  return {
    async lookup(subject) {
      try {
        const user = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: subject }));
        const attribute = (name: string) => user.UserAttributes?.find((a) => a.Name === name)?.Value;
        const email = attribute('email');
        if (!email) return undefined;
        return { email, name: attribute('name') ?? email.split('@')[0]! };
      } catch (error) {
        if (error instanceof UserNotFoundException) return undefined;
        throw error;
      }
    },
    async invite(user) {
      const created = await client.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: user.email,
          UserAttributes: [
            { Name: 'email', Value: user.email },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: user.name },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
      const subject = created.User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
      if (!subject) throw new Error('Cognito created the user without a sub');
      return { subject };
    },
    async setEnabled(subject, enabled) {
      if (enabled) {
        await client.send(new AdminEnableUserCommand({ UserPoolId: userPoolId, Username: subject }));
        return;
      }
      await client.send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: subject }));
      // Refresh tokens die here; access tokens already out are refused by the CRM's own user check.
      await client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: subject }));
    },
  };
}
