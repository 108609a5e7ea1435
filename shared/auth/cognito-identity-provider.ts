import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ForbiddenError, UnauthenticatedError } from '../platform/errors';
import type { IdentityProvider } from './identity-provider';

export function cognitoIdentityProvider(clientId: string, client = new CognitoIdentityProviderClient({})): IdentityProvider {
  return {
    async signIn(email, password) {
      let result;
      try {
        result = await client.send(
          new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: email, PASSWORD: password } }),
        );
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'NotAuthorizedException' || name === 'UserNotFoundException') {
          throw new UnauthenticatedError('The email or password is wrong');
        }
        throw error;
      }
      if (result.ChallengeName) {
        throw new ForbiddenError(`Sign-in needs the ${result.ChallengeName} step; complete it in the Cognito hosted UI first`);
      }
      const token = result.AuthenticationResult;
      if (!token?.AccessToken) throw new UnauthenticatedError('Cognito returned no access token');
      return { accessToken: token.AccessToken, tokenType: 'Bearer', expiresIn: token.ExpiresIn ?? 3600 };
    },
  };
}
