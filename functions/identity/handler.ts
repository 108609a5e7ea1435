import type { IdentityProvider } from '../../shared/auth/identity-provider';
import type { UserDirectory } from '../../shared/ports/user-directory';
import { getMe } from '../../shared/auth/users';
import { createHttpHandler, type Operations } from '../http/http-handler';
import { identityRoutes } from '../http/routes/identity';
import { db, requireEnv } from '../http/deps';

let provider: Promise<IdentityProvider> | undefined;

/** AUTH_MODE picks the adapter; the Cognito SDK or the local key is loaded only where used. */
async function identityProvider(): Promise<IdentityProvider> {
  if (process.env.AUTH_MODE === 'local') {
    const [{ loadLocalIssuer }, { localIdentityProvider }] = await Promise.all([
      import('../../shared/auth/local-issuer'),
      import('../../shared/auth/local-identity-provider'),
    ]);
    const issuer = await loadLocalIssuer({
      issuer: requireEnv('AUTH_ISSUER'),
      clientId: requireEnv('AUTH_CLIENT_ID'),
      keyFile: requireEnv('LOCAL_ISSUER_KEY_FILE'),
    });
    return localIdentityProvider(db(), issuer);
  }
  const { cognitoIdentityProvider } = await import('../../shared/auth/cognito-identity-provider');
  return cognitoIdentityProvider(requireEnv('AUTH_CLIENT_ID'));
}

let directory: Promise<UserDirectory | undefined> | undefined;

/** Locally every user is made in the CRM; in AWS the first sign-in of a Cognito user makes the record. */
const userDirectory = () =>
  (directory ??=
    process.env.AUTH_MODE === 'cognito'
      ? import('../../shared/adapters/cognito-user-directory').then((m) => m.cognitoUserDirectory(requireEnv('USER_POOL_ID')))
      : Promise.resolve(undefined));

export const operations: Operations<'identity'> = {
  login: async ({ body }) => (await (provider ??= identityProvider())).signIn(body.email, body.password),
  me: async ({ actor }) => getMe(db(), actor, await userDirectory()),
};

export const handler = createHttpHandler('identity', operations, { routes: identityRoutes });
