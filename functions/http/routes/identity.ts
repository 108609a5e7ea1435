/** Identity routes: sign-in and the current user. Part of the route table (../routes.ts). */
import { Credentials, Me, Session } from '../../../shared/auth/schemas';
import { defineRoute } from '../route';

export const identityRoutes = [
  defineRoute({
    operationId: 'login',
    method: 'POST',
    path: '/auth/login',
    fn: 'identity',
    permission: { kind: 'public', reason: 'exchanges a password for a token, so cannot require one' },
    summary: 'Sign in with email and password',
    tag: 'auth',
    request: { body: Credentials },
    response: { status: 200, schema: Session, description: 'An access token' },
  }),
  defineRoute({
    operationId: 'me',
    method: 'GET',
    path: '/me',
    fn: 'identity',
    permission: { kind: 'authenticated' },
    summary: 'The signed-in user',
    tag: 'auth',
    response: { status: 200, schema: Me, description: 'The caller' },
  }),
] as const;
