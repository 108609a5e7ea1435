import { CognitoIdentityProviderClient, InitiateAuthCommand, NotAuthorizedException } from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { cognitoIdentityProvider } from '../../shared/auth/cognito-identity-provider';
import { ForbiddenError, UnauthenticatedError } from '../../shared/platform/errors';

// Cognito has no local stand-in, so its calls are mocked; the local issuer is tested for real.
const cognito = mockClient(CognitoIdentityProviderClient);
const provider = cognitoIdentityProvider('client-123', cognito as unknown as CognitoIdentityProviderClient);

beforeEach(() => cognito.reset());

describe('signing in through Cognito', () => {
  it('exchanges the password for the access token with USER_PASSWORD_AUTH', async () => {
    cognito.on(InitiateAuthCommand).resolves({ AuthenticationResult: { AccessToken: 'jwt', ExpiresIn: 3600 } });
    await expect(provider.signIn('rep@example.com', 'secret')).resolves.toEqual({ accessToken: 'jwt', tokenType: 'Bearer', expiresIn: 3600 });
    expect(cognito.commandCalls(InitiateAuthCommand)[0]!.args[0].input).toEqual({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: 'client-123',
      AuthParameters: { USERNAME: 'rep@example.com', PASSWORD: 'secret' },
    });
  });

  it('turns a wrong password into an authentication error', async () => {
    cognito.on(InitiateAuthCommand).rejects(new NotAuthorizedException({ message: 'Incorrect username or password.', $metadata: {} }));
    await expect(provider.signIn('rep@example.com', 'bad')).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('refuses to hand out a token while a challenge is pending', async () => {
    cognito.on(InitiateAuthCommand).resolves({ ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 's' });
    await expect(provider.signIn('rep@example.com', 'temp')).rejects.toBeInstanceOf(ForbiddenError);
  });
});
