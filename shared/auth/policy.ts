/**
 * The policy layer: the one place that decides whether an actor may use a route.
 * Profiles are privilege sets; the seeded ones are below until admins can edit them.
 */
import { ForbiddenError, UnauthenticatedError } from '../platform/errors';
import type { Actor } from '../crm/actor';

export type Resource = 'account' | 'contact' | 'user' | 'settings' | 'export';
export type Action = 'read' | 'create' | 'update' | 'delete';

export type Permission =
  | { kind: 'public'; reason: string }
  | { kind: 'authenticated' }
  | { kind: 'privilege'; resource: Resource; action: Action };

const ALL: Action[] = ['read', 'create', 'update', 'delete'];
const EDIT: Action[] = ['read', 'create', 'update'];

export const profiles: Record<string, Partial<Record<Resource, Action[]>>> = {
  administrator: { account: ALL, contact: ALL, user: ALL, settings: ALL, export: ALL },
  'sales-manager': { account: ALL, contact: ALL, user: ['read'], export: ['read', 'create'] },
  'sales-rep': { account: EDIT, contact: EDIT, user: ['read'], export: ['read', 'create'] },
  marketing: { account: ['read'], contact: EDIT, user: ['read'], export: ['read', 'create'] },
  support: { account: ['read'], contact: EDIT, user: ['read'] },
};

export function authorize(permission: Permission, actor: Actor | undefined): void {
  if (permission.kind === 'public') return;
  if (!actor) throw new UnauthenticatedError('Sign in first');
  if (permission.kind === 'authenticated') return;
  const allowed = profiles[actor.profile]?.[permission.resource] ?? [];
  if (!allowed.includes(permission.action)) {
    throw new ForbiddenError(`Your profile may not ${permission.action} ${permission.resource} records`);
  }
}
