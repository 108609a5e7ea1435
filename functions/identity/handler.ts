import type { IdentityProvider } from '../../shared/auth/identity-provider';
import { createUser, getAccessJob, getMe, getUser, listUsers, recordSignIn, requestReassignment, updateUser, findUserByEmail } from '../../shared/auth/users';
import { getSettings, saveSettings } from '../../shared/access/admin';
import { auditByActor, historyOf } from '../../shared/access/audit';
import { UnauthenticatedError } from '../../shared/platform/errors';
import { callerIdentity, createHttpHandler, prefetching, type Operations } from '../http/http-handler';
import { readUserAndSettings } from '../../shared/access/context';
import { identityRoutes } from '../http/routes/identity';
import { userDirectory } from '../http/adapters';
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

export const operations: Operations<'identity'> = {
  login: async ({ body, event }) => {
    const origin = { ip: event.requestContext?.http?.sourceIp, userAgent: event.headers?.['user-agent'], requestId: event.requestContext?.requestId };
    const local = process.env.AUTH_MODE === 'local';
    try {
      const session = await (await (provider ??= identityProvider())).signIn(body.email, body.password, origin);
      // The local provider records its own sign-ins; Cognito's are recorded here.
      if (!local) await recordSignIn(db(), { email: body.email, userId: (await findUserByEmail(db(), body.email))?.userId, ok: true, origin });
      return session;
    } catch (error) {
      if (!local && error instanceof UnauthenticatedError) await recordSignIn(db(), { email: body.email, ok: false, origin });
      throw error;
    }
  },
  me: prefetching({
    // the caller's own user item: the key the caller check reads too, so one BatchGetItem serves both
    prefetch: ({ event }) => readUserAndSettings(db(), callerIdentity(event).userId),
    run: ({ actor }, { user }) => getMe(db(), actor, user),
  }),
  listUsers: ({ query }) => listUsers(db(), query),
  createUser: async ({ actor, body }) => createUser(db(), actor, body, await userDirectory()),
  getUser: ({ params }) => getUser(db(), params.userId),
  updateUser: async ({ actor, params, body }) => updateUser(db(), actor, params.userId, body, await userDirectory()),
  reassignRecords: ({ actor, params, body }) => requestReassignment(db(), actor, params.userId, body.toUserId),
  getAccessJob: ({ params }) => getAccessJob(db(), params.jobId),
  getSecuritySettings: () => getSettings(db()),
  saveSecuritySettings: ({ actor, body }) => saveSettings(db(), actor, body),
  queryAudit: ({ query }) =>
    query.actorId !== undefined ? auditByActor(db(), query.actorId, query) : historyOf(db(), query.subjectType!, query.subjectId!, query),
};

export const handler = createHttpHandler('identity', operations, { routes: identityRoutes, access: { database: db, directory: userDirectory }, readAhead: ['listUsers', 'getUser'] });
