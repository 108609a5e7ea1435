/**
 * The security settings document (GET/PUT /admin/security) and the pure operations the
 * admin pages apply to it before saving it whole.
 */
import type { FieldAccess, RecordAction, RecordType, SystemPrivilege } from './access';

export type OrgDefault = 'private' | 'public-read' | 'public-read-write';
export const ORG_DEFAULTS: { value: OrgDefault; label: string; hint: string }[] = [
  { value: 'private', label: 'Private', hint: 'Only the owner, the people above them in the role tree, and sharing rules' },
  { value: 'public-read', label: 'Public read only', hint: 'Everyone with the read privilege sees every record; owners (and sharing) decide who edits' },
  { value: 'public-read-write', label: 'Public read/write', hint: 'Everyone with the privileges sees and edits every record' },
];

export interface Profile {
  name: string;
  description?: string;
  records: Partial<Record<RecordType, RecordAction[]>>;
  system: SystemPrivilege[];
  fields: Partial<Record<RecordType, Record<string, Exclude<FieldAccess, 'read-write'>>>>;
}
export interface Role {
  name: string;
  parentId: string | null;
}
export interface Group {
  name: string;
  description?: string;
}
export interface Principal {
  kind: 'role' | 'group';
  id: string;
}
export interface SharingRule {
  ruleId: string;
  recordType: RecordType;
  from: Principal;
  to: Principal;
  access: 'read' | 'edit';
}
export interface SecuritySettingsBody {
  version: number;
  profiles: Record<string, Profile>;
  roles: Record<string, Role>;
  groups: Record<string, Group>;
  orgDefaults: Record<RecordType, OrgDefault>;
  sharingRules: SharingRule[];
}
export interface SecuritySettings extends SecuritySettingsBody {
  updatedAt?: string;
  updatedBy?: string;
}

/** PUT is strict: exactly these keys (GET also returns updatedAt, updatedBy and more). */
export function settingsBody(settings: SecuritySettings): SecuritySettingsBody {
  const { version, profiles, roles, groups, orgDefaults, sharingRules } = settings;
  return structuredClone({ version, profiles, roles, groups, orgDefaults, sharingRules });
}

export interface RoleNode {
  id: string;
  role: Role;
  children: RoleNode[];
}

const byName = <T extends { id: string }>(items: T[], name: (item: T) => string) =>
  items.sort((a, b) => name(a).localeCompare(name(b)) || a.id.localeCompare(b.id));

/**
 * The role tree, siblings by name. A role whose parent is missing, or that sits on a
 * cycle, is shown at the top level rather than lost.
 */
export function roleTree(roles: Record<string, Role>): RoleNode[] {
  const nodes = new Map(Object.entries(roles).map(([id, role]) => [id, { id, role, children: [] as RoleNode[] }]));
  const roots: RoleNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.role.parentId === null ? undefined : nodes.get(node.role.parentId);
    if (parent && !ancestors(roles, node.id).includes(node.id)) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: RoleNode[]): RoleNode[] => {
    byName(list, (n) => n.role.name);
    for (const n of list) sort(n.children);
    return list;
  };
  return sort(roots);
}

/** The strict ancestors of a role, nearest first; stops at a cycle. */
export function ancestors(roles: Record<string, Role>, id: string): string[] {
  const chain: string[] = [];
  let current = roles[id]?.parentId ?? null;
  while (current !== null && !chain.includes(current)) {
    chain.push(current);
    current = roles[current]?.parentId ?? null;
  }
  return chain;
}

/** Every role below `id`. */
export function descendants(roles: Record<string, Role>, id: string): string[] {
  return Object.keys(roles).filter((other) => other !== id && ancestors(roles, other).includes(id));
}

/** Roles `id` may be moved under: any but itself and those below it. */
export function parentChoices(roles: Record<string, Role>, id: string | null): string[] {
  const below = id === null ? [] : descendants(roles, id);
  return Object.keys(roles).filter((other) => other !== id && !below.includes(other));
}

/** Removes a role; the roles directly under it move up to its parent. */
export function removeRole(roles: Record<string, Role>, id: string): Record<string, Role> {
  const parentId = roles[id]?.parentId ?? null;
  const next: Record<string, Role> = {};
  for (const [other, role] of Object.entries(roles)) {
    if (other === id) continue;
    next[other] = role.parentId === id ? { ...role, parentId } : { ...role };
  }
  return next;
}

/** The sharing rules that name a role or group (they must go before it does). */
export function rulesUsing(rules: SharingRule[], kind: Principal['kind'], id: string): SharingRule[] {
  return rules.filter((r) => (r.from.kind === kind && r.from.id === id) || (r.to.kind === kind && r.to.id === id));
}

/** A suggested id for a name: "Key Accounts EMEA" → "key-accounts-emea". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

/** A free id: the slug itself, else slug-2, slug-3… */
export function freeId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const slug = slugify(base) || 'item';
  if (!used.has(slug)) return slug;
  for (let n = 2; ; n++) {
    const candidate = `${slug.slice(0, 60)}-${n}`;
    if (!used.has(candidate)) return candidate;
  }
}

export interface LeafChange {
  path: string[];
  before: unknown;
  after: unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The leaf-level differences between two JSON values: a settings change is recorded as
 * whole sections before/after, which is unreadable unless reduced to what changed.
 * Arrays count as one value (a list of privileges, a list of rules by position).
 */
export function diffPaths(before: unknown, after: unknown, path: string[] = []): LeafChange[] {
  const absent = (v: unknown) => v === null || v === undefined;
  // An object that appears or disappears (a new profile) is listed by its leaves too.
  if ((isPlainObject(before) || absent(before)) && (isPlainObject(after) || absent(after)) && (isPlainObject(before) || isPlainObject(after))) {
    const b = (before ?? {}) as Record<string, unknown>;
    const a = (after ?? {}) as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
    return keys.flatMap((key) => diffPaths(b[key], a[key], [...path, key]));
  }
  if (Array.isArray(before) && Array.isArray(after) && (before.some(isPlainObject) || after.some(isPlainObject))) {
    // Lists of objects (sharing rules) by their id when they have one, else by position.
    const idOf = (item: unknown, i: number) => (isPlainObject(item) && typeof item.ruleId === 'string' ? item.ruleId : String(i));
    const b = new Map(before.map((item, i) => [idOf(item, i), item]));
    const a = new Map(after.map((item, i) => [idOf(item, i), item]));
    const keys = [...new Set([...b.keys(), ...a.keys()])];
    return keys.flatMap((key) => diffPaths(b.get(key), a.get(key), [...path, key]));
  }
  if (isEmpty(before) && isEmpty(after)) return [];
  return canonical(before) === canonical(after) ? [] : [{ path, before: before ?? null, after: after ?? null }];
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** JSON with object keys sorted, so {a,b} and {b,a} compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    isPlainObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}

/** How many users hold a profile, role or group. */
export function usersHolding(users: { profile: string; roles: string[]; groups: string[] }[], kind: 'profile' | 'role' | 'group', id: string): number {
  return users.filter((u) => (kind === 'profile' ? u.profile === id : kind === 'role' ? u.roles.includes(id) : u.groups.includes(id))).length;
}

/**
 * Profiles, roles and groups users hold that the settings no longer define (the API lets
 * a save remove them), so the admin pages can point at them.
 */
export function undefinedHoldings(settings: Pick<SecuritySettings, 'profiles' | 'roles' | 'groups'>, users: { profile: string; roles: string[]; groups: string[] }[]): { kind: 'profile' | 'role' | 'group'; id: string; users: number }[] {
  const counts = new Map<string, number>();
  const add = (kind: string, id: string) => counts.set(`${kind}|${id}`, (counts.get(`${kind}|${id}`) ?? 0) + 1);
  for (const u of users) {
    if (!settings.profiles[u.profile]) add('profile', u.profile);
    for (const r of u.roles) if (!settings.roles[r]) add('role', r);
    for (const g of u.groups) if (!settings.groups[g]) add('group', g);
  }
  return [...counts].map(([key, n]) => {
    const [kind, id] = key.split('|') as ['profile' | 'role' | 'group', string];
    return { kind, id, users: n };
  });
}
