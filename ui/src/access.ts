/**
 * What the signed-in user may do, from the privileges GET /me returns. The UI only
 * hides what the profile does not allow; the API decides every request regardless.
 */
export const RECORD_TYPES = ['account', 'contact', 'lead', 'opportunity', 'activity'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];
export const RECORD_ACTIONS = ['read', 'create', 'update', 'delete'] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];
export const SYSTEM_PRIVILEGES = ['import', 'export', 'sendEmail', 'manageWorkflows', 'administer'] as const;
export type SystemPrivilege = (typeof SYSTEM_PRIVILEGES)[number];
export type FieldAccess = 'read-write' | 'read-only' | 'hidden';

/** The fields field-level security may restrict (besides custom.<key>), as the API defines them. */
export const SECURABLE_FIELDS: Record<RecordType, readonly string[]> = {
  account: ['domain', 'industry', 'website', 'phone'],
  contact: ['firstName', 'email', 'phone', 'title'],
  lead: ['company', 'title', 'email', 'phone', 'website', 'industry', 'country', 'annualRevenue', 'source', 'campaign', 'status', 'notes', 'qualification'],
  opportunity: ['amount', 'probability', 'closeDate', 'lostReason', 'contacts'],
  activity: ['description', 'outcome', 'attendees'],
};
export const CUSTOM_FIELD_KEY = /^[a-zA-Z][a-zA-Z0-9_]{0,63}$/;

export interface Privileges {
  records: Partial<Record<string, string[]>>;
  system: string[];
  hiddenFields: Partial<Record<string, string[]>>;
  readOnlyFields: Partial<Record<string, string[]>>;
}

export interface WithPrivileges {
  userId: string;
  groups?: string[];
  privileges?: Privileges;
}

export function can(me: WithPrivileges | null | undefined, type: RecordType, action: RecordAction): boolean {
  return me?.privileges?.records[type]?.includes(action) ?? false;
}

export function hasPrivilege(me: WithPrivileges | null | undefined, privilege: SystemPrivilege): boolean {
  return me?.privileges?.system.includes(privilege) ?? false;
}

export function fieldAccess(me: WithPrivileges | null | undefined, type: RecordType, field: string): FieldAccess {
  if (me?.privileges?.hiddenFields[type]?.includes(field)) return 'hidden';
  if (me?.privileges?.readOnlyFields[type]?.includes(field)) return 'read-only';
  return 'read-write';
}

/** The list a record type lives at, and the type a list path shows. */
export const LIST_OF: Record<RecordType, string> = { account: '/accounts', contact: '/contacts', lead: '/leads', opportunity: '/opportunities', activity: '/activities' };

/** Where "home" is for this user: the first record list they may read, else administration. */
export function homePath(me: WithPrivileges | null | undefined): string {
  for (const type of RECORD_TYPES) if (can(me, type, 'read')) return LIST_OF[type];
  if (hasPrivilege(me, 'administer')) return '/admin/users';
  if (hasPrivilege(me, 'manageWorkflows')) return '/admin/workflows';
  return '/no-access';
}

const USER_ID = /^([0-9A-HJKMNP-TV-Z]{26}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
export const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** A user id (ULID locally, Cognito sub in AWS); an owner that is not one is a group. */
export const isUserId = (id: string) => USER_ID.test(id);
export const isGroupId = (id: string) => !isUserId(id) && SLUG.test(id);
