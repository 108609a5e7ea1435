/**
 * Users and groups by id, for showing names where the API gives ids (owners, history
 * actors, managers). Each id is fetched once per sign-in.
 */
import { hasPrivilege, isUserId } from './access';
import { api, type User } from './api';
import { h } from './dom';
import { state } from './state';
import { queryString } from './values';

const users = new Map<string, Promise<User | null>>();
const names = new Map<string, string>();
let groupNames: Map<string, string> | null = null;

export function forgetPeople(): void {
  users.clear();
  names.clear();
  groupNames = null;
}

/** Adds users a list already returned, so their names need no request of their own. */
export function remember(...list: User[]): void {
  for (const user of list) {
    users.set(user.userId, Promise.resolve(user));
    names.set(user.userId, user.name || user.email);
  }
}

export function setGroupNames(groups: Record<string, { name: string }>): void {
  groupNames = new Map(Object.entries(groups).map(([id, g]) => [id, g.name]));
}

export function userById(id: string): Promise<User | null> {
  if (!isUserId(id)) return Promise.resolve(null);
  let pending = users.get(id);
  if (!pending) {
    pending = api<User>('GET', `/users/${encodeURIComponent(id)}`).then(
      (user) => (names.set(id, user.name || user.email), user),
      () => null,
    );
    users.set(id, pending);
  }
  return pending;
}

/** The name for an id, if it can be given without a request. */
function knownName(id: string): string | undefined {
  if (id === 'system') return 'System';
  // A change a workflow made: "workflow:<id>" (or "workflow:<id>>…" when one workflow started another).
  if (id.startsWith('workflow:')) return 'A workflow';
  if (id === state.me?.userId) return state.me.name || state.me.email;
  if (!isUserId(id)) return `Group: ${groupNames?.get(id) ?? id}`;
  return names.get(id);
}

export async function personName(id: string): Promise<string> {
  const known = knownName(id);
  if (known) return known;
  const user = await userById(id);
  return user ? user.name || user.email : id;
}

/** A user's or group's name as text; filled in when the user has been fetched. */
export function personTag(id: string): HTMLElement {
  const known = knownName(id);
  const tag = h('span', { class: 'person', title: id }, known ?? '…');
  if (!known) void personName(id).then((name) => (tag.textContent = name));
  return tag;
}

export interface OwnerOption {
  id: string;
  label: string;
  detail?: string;
}

export const ownerOptionOf = (user: Pick<User, 'userId' | 'name' | 'email'>): OwnerOption => ({
  id: user.userId,
  label: user.userId === state.me?.userId ? `${user.name || user.email} (you)` : user.name || user.email,
  detail: user.email,
});

/** The groups the user may hand records to: all of them for an administrator, else their own. */
async function assignableGroups(): Promise<OwnerOption[]> {
  const me = state.me;
  if (!me) return [];
  if (hasPrivilege(me, 'administer') && !groupNames) {
    try {
      setGroupNames((await api<{ groups: Record<string, { name: string }> }>('GET', '/admin/security')).groups);
    } catch {
      /* fall back to the user's own groups */
    }
  }
  const ids = hasPrivilege(me, 'administer') && groupNames ? [...groupNames.keys()] : me.groups;
  return ids.map((id) => ({ id, label: groupNames?.get(id) ?? id, detail: 'Group' }));
}

/** Users (by name prefix) and groups (by id or name prefix) matching what was typed. */
export async function searchOwners(text: string, options: { groups?: boolean; inactive?: boolean } = {}): Promise<OwnerOption[]> {
  const needle = text.trim().toLowerCase();
  const [page, groups] = await Promise.all([
    api<{ items: User[] }>('GET', `/users${queryString({ q: text.trim(), limit: 8 })}`),
    options.groups === false ? Promise.resolve([]) : assignableGroups(),
  ]);
  remember(...page.items);
  const people = page.items.filter((u) => u.active || options.inactive).map((u) => (u.active ? ownerOptionOf(u) : { ...ownerOptionOf(u), detail: `${u.email} (deactivated)` }));
  const matchingGroups = groups.filter((g) => g.id.startsWith(needle) || g.label.toLowerCase().startsWith(needle));
  return [...people, ...matchingGroups];
}

/** Every user (administration: who holds a profile, role or group). */
export async function allUsers(limitPages = 50): Promise<User[]> {
  const all: User[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < limitPages; page++) {
    const result: { items: User[]; cursor: string | null } = await api('GET', `/users${queryString({ limit: 100, cursor })}`);
    all.push(...result.items);
    cursor = result.cursor;
    if (!cursor) break;
  }
  remember(...all);
  return all;
}
