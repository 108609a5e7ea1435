import type { SecuritySettings } from '../access/settings';

/** Where a request came from, for the audit trail. */
export interface RequestOrigin {
  ip?: string;
  userAgent?: string;
  requestId?: string;
}

/**
 * Who is acting, with what the policy layer needs to decide: their current user record
 * (profile, roles, groups) and the organisation's security settings, both read at the
 * start of the request so a change (a deactivation, a new role) applies at once.
 */
export interface Actor {
  userId: string;
  profile: string;
  roles: string[];
  groups: string[];
  settings: SecuritySettings;
  origin?: RequestOrigin;
}
