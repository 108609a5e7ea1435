/**
 * The sign-in port: exchanges email + password for an access token. Cognito in AWS,
 * the built-in issuer locally; both hand out tokens the one verifier accepts.
 */
import type { Session } from './schemas';
import type { RequestOrigin } from '../crm/actor';

export interface IdentityProvider {
  signIn(email: string, password: string, origin?: RequestOrigin): Promise<Session>;
}
