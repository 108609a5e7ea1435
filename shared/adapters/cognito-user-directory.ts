import { AdminGetUserCommand, CognitoIdentityProviderClient, UserNotFoundException } from '@aws-sdk/client-cognito-identity-provider';
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
  };
}
