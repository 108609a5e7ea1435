import type { Database } from '../platform/database';
import type { IdentityProvider } from './identity-provider';
import type { LocalIssuer } from './local-issuer';
import { authenticateLocal } from './users';

export function localIdentityProvider(db: Database, issuer: LocalIssuer): IdentityProvider {
  return {
    async signIn(email, password, origin) {
      const user = await authenticateLocal(db, email, password, origin);
      const { accessToken, expiresIn } = await issuer.sign({ sub: user.userId, email: user.email, profile: user.profile, roles: user.roles });
      return { accessToken, tokenType: 'Bearer', expiresIn };
    },
  };
}
