/**
 * The sign-in port: exchanges email + password for an access token. Cognito in AWS,
 * the built-in issuer locally; both hand out tokens the one verifier accepts.
 */
import type { Session } from './schemas';

export interface IdentityProvider {
  signIn(email: string, password: string): Promise<Session>;
}
