/**
 * The policy layer: every route, record, list and field decision goes through here.
 * Pure functions of the actor (their current profile, roles and groups, and the
 * organisation's settings) and the record's ownership facts.
 *
 * A record carries `acl`: its owner's roles and groups when it was written and the
 * grants (principal → read | edit) materialised from the role tree and sharing rules.
 * The grants key the list entries that make "what I may see" one Query per principal.
 * Decisions re-check against the current settings, so a stale grant (a rule deleted, a
 * role moved) never opens a record; the reindex job then brings the grants up to date.
 */
import { ForbiddenError, UnauthenticatedError } from '../platform/errors';
import type { Actor } from '../crm/actor';
import type { RecordType } from './record-types';
import { ancestorsOf, type RecordAction, type SecuritySettings, type SystemPrivilege } from './settings';

export type Permission =
  | { kind: 'public'; reason: string }
  | { kind: 'authenticated' }
  | { kind: 'record'; recordType: RecordType; action: RecordAction }
  | { kind: 'system'; privilege: SystemPrivilege };

export type Access = 'none' | 'read' | 'edit';

export interface Grant {
  /** role:<id> or group:<id> */
  p: string;
  a: 'read' | 'edit';
  /** 'hierarchy' or the sharing rule's id */
  via: string;
}

export interface RecordAcl {
  ownerRoles: string[];
  ownerGroups: string[];
  grants: Grant[];
}

export interface OwnedRecord {
  ownerId: string;
  acl?: RecordAcl;
}

export const hasRecordPrivilege = (actor: Actor, type: RecordType, action: RecordAction) =>
  actor.settings.profiles[actor.profile]?.records[type]?.includes(action) ?? false;

export const hasSystemPrivilege = (actor: Actor, privilege: SystemPrivilege) =>
  actor.settings.profiles[actor.profile]?.system.includes(privilege) ?? false;

export const isAdministrator = (actor: Actor) => hasSystemPrivilege(actor, 'administer');

/** The route-level check. Record-level checks follow in the domain (accessTo). */
export function authorize(permission: Permission, actor: Actor | undefined): void {
  if (permission.kind === 'public') return;
  if (!actor) throw new UnauthenticatedError('Sign in first');
  if (permission.kind === 'authenticated') return;
  if (permission.kind === 'system') {
    if (!hasSystemPrivilege(actor, permission.privilege)) throw new ForbiddenError(`Your profile lacks the ${permission.privilege} privilege`);
    return;
  }
  if (!hasRecordPrivilege(actor, permission.recordType, permission.action)) {
    throw new ForbiddenError(`Your profile may not ${permission.action} ${permission.recordType} records`);
  }
}

/** The principals whose list entries the actor reads: their roles and groups. */
export const principalsOf = (actor: Pick<Actor, 'roles' | 'groups'>) => [
  ...actor.roles.map((r) => `role:${r}`),
  ...actor.groups.map((g) => `group:${g}`),
];

/** Sees every record of the type without per-record grants: administrators and public org-wide defaults. */
export function seesAll(actor: Actor, type: RecordType): boolean {
  return isAdministrator(actor) || actor.settings.orgDefaults[type] !== 'private';
}

export function accessTo(actor: Actor, type: RecordType, record: OwnedRecord): Access {
  if (!hasRecordPrivilege(actor, type, 'read')) return 'none';
  if (isAdministrator(actor)) return 'edit';
  const { settings } = actor;
  if (record.ownerId === actor.userId || actor.groups.includes(record.ownerId)) return 'edit';
  const orgDefault = settings.orgDefaults[type];
  if (orgDefault === 'public-read-write') return 'edit';
  const acl = record.acl ?? { ownerRoles: [], ownerGroups: [], grants: [] };
  const above = new Set(acl.ownerRoles.flatMap((role) => ancestorsOf(settings.roles, role)));
  if (actor.roles.some((role) => above.has(role))) return 'edit';
  let best: Access = orgDefault === 'public-read' ? 'read' : 'none';
  const held = new Set(principalsOf(actor));
  for (const grant of acl.grants) {
    if (grant.via === 'hierarchy' || best === 'edit') continue;
    const rule = settings.sharingRules.find((r) => r.ruleId === grant.via && r.recordType === type);
    if (!rule || !reaches(settings, rule.to, held)) continue;
    best = grant.a === 'edit' && rule.access === 'edit' ? 'edit' : 'read';
  }
  return best;
}

/** Whether a sharing rule's target includes the actor: holders of the role or those above it, or the group's members. */
function reaches(settings: SecuritySettings, to: { kind: 'role' | 'group'; id: string }, held: Set<string>): boolean {
  if (to.kind === 'group') return held.has(`group:${to.id}`);
  return [to.id, ...ancestorsOf(settings.roles, to.id)].some((role) => held.has(`role:${role}`));
}

/** The grants a record gets from its owner's place in the role tree and from the sharing rules. */
export function materializeAcl(
  settings: SecuritySettings,
  type: RecordType,
  owner: { ownerId: string; roles: string[]; groups: string[] },
): RecordAcl {
  const grants = new Map<string, Grant>();
  const add = (grant: Grant) => {
    const existing = grants.get(grant.p);
    if (!existing || (existing.a === 'read' && grant.a === 'edit')) grants.set(grant.p, grant);
  };
  for (const role of owner.roles) {
    for (const above of ancestorsOf(settings.roles, role)) add({ p: `role:${above}`, a: 'edit', via: 'hierarchy' });
  }
  for (const rule of settings.sharingRules) {
    if (rule.recordType !== type) continue;
    const matches =
      rule.from.kind === 'role' ? owner.roles.includes(rule.from.id) : owner.ownerId === rule.from.id || owner.groups.includes(rule.from.id);
    if (!matches) continue;
    const targets = rule.to.kind === 'group' ? [`group:${rule.to.id}`] : [rule.to.id, ...ancestorsOf(settings.roles, rule.to.id)].map((r) => `role:${r}`);
    for (const p of targets) add({ p, a: rule.access, via: rule.ruleId });
  }
  return { ownerRoles: [...owner.roles], ownerGroups: [...owner.groups], grants: [...grants.values()] };
}

/**
 * Who a non-administrator may make the owner of a record: themselves, users in roles
 * below theirs, and groups they belong to. Anyone else is refused with 403.
 */
export function mayAssignTo(actor: Actor, owner: { ownerId: string; roles: string[]; isGroup: boolean }): boolean {
  if (isAdministrator(actor) || owner.ownerId === actor.userId) return true;
  if (owner.isGroup) return actor.groups.includes(owner.ownerId);
  const above = new Set(owner.roles.flatMap((role) => ancestorsOf(actor.settings.roles, role)));
  return actor.roles.some((role) => above.has(role));
}
