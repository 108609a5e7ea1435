/**
 * The organisation's security settings: profiles (privileges and field access), the
 * role tree, groups, org-wide defaults and sharing rules. One versioned document: admins
 * change it rarely, every request reads it with the caller's user record in one BatchGet.
 */
import * as z from 'zod';
import { IsoTime } from '../platform/schemas';
import { RECORD_TYPES, isSecurableField, type RecordType } from './record-types';

export const Slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes')
  .meta({ description: 'A short id such as sales-rep' });

export const RECORD_ACTIONS = ['read', 'create', 'update', 'delete'] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];
export const SYSTEM_PRIVILEGES = ['import', 'export', 'sendEmail', 'manageWorkflows', 'administer'] as const;
export type SystemPrivilege = (typeof SYSTEM_PRIVILEGES)[number];
export const FIELD_ACCESS = ['hidden', 'read-only'] as const;
export type FieldAccess = (typeof FIELD_ACCESS)[number];
export const ORG_DEFAULTS = ['private', 'public-read', 'public-read-write'] as const;
export type OrgDefault = (typeof ORG_DEFAULTS)[number];

const RecordTypeEnum = z.enum(RECORD_TYPES);
const perType = <T extends z.ZodType>(schema: T) => z.partialRecord(RecordTypeEnum, schema);

export const Profile = z.strictObject({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500).optional(),
  records: perType(z.array(z.enum(RECORD_ACTIONS)).max(4)),
  system: z.array(z.enum(SYSTEM_PRIVILEGES)).max(SYSTEM_PRIVILEGES.length),
  /** field → hidden | read-only, per record type; fields not named are read-write */
  fields: perType(z.record(z.string().max(80), z.enum(FIELD_ACCESS))),
});
export type Profile = z.infer<typeof Profile>;

export const Role = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** null for a top-level role */
  parentId: Slug.nullable(),
});
export const Group = z.strictObject({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500).optional(),
});

const Principal = z.strictObject({ kind: z.enum(['role', 'group']), id: Slug });
export type PrincipalRef = z.infer<typeof Principal>;
export const SharingRule = z.strictObject({
  ruleId: Slug,
  recordType: RecordTypeEnum,
  /** records owned by users holding this role, or by this group or its members */
  from: Principal,
  /** are shared with users holding this role (and those above it), or with this group's members */
  to: Principal,
  access: z.enum(['read', 'edit']),
});
export type SharingRule = z.infer<typeof SharingRule>;

const SettingsBody = {
  profiles: z.record(Slug, Profile),
  roles: z.record(Slug, Role),
  groups: z.record(Slug, Group),
  orgDefaults: z.record(RecordTypeEnum, z.enum(ORG_DEFAULTS)),
  sharingRules: z.array(SharingRule).max(200),
};

export const SecuritySettings = z
  .object({ ...SettingsBody, version: z.number().int(), updatedAt: IsoTime, updatedBy: z.string() })
  .meta({ id: 'SecuritySettings' });
export type SecuritySettings = z.infer<typeof SecuritySettings>;

export const SecuritySettingsUpdate = z
  .strictObject({ ...SettingsBody, version: z.number().int().min(0) })
  .superRefine((settings, ctx) => {
    for (const issue of settingsProblems(settings)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  })
  .meta({ id: 'SecuritySettingsUpdate' });
export type SecuritySettingsUpdate = z.infer<typeof SecuritySettingsUpdate>;

type SettingsShape = Pick<SecuritySettings, 'profiles' | 'roles' | 'groups' | 'sharingRules' | 'orgDefaults'>;

/** Referential rules zod cannot express: parents exist, the tree has no cycle, rules point at real principals. */
export function settingsProblems(settings: SettingsShape): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  for (const [roleId, role] of Object.entries(settings.roles)) {
    if (role.parentId === null) continue;
    if (!settings.roles[role.parentId]) problems.push({ path: ['roles', roleId, 'parentId'], message: `is not a role (${role.parentId})` });
    else if (ancestorsOf(settings.roles, roleId).includes(roleId)) {
      problems.push({ path: ['roles', roleId, 'parentId'], message: 'makes a cycle in the role tree' });
    }
  }
  settings.sharingRules.forEach((rule, i) => {
    for (const end of ['from', 'to'] as const) {
      const { kind, id } = rule[end];
      if (!(kind === 'role' ? settings.roles : settings.groups)[id]) problems.push({ path: ['sharingRules', i, end, 'id'], message: `is not a ${kind} (${id})` });
    }
  });
  const ruleIds = new Set<string>();
  settings.sharingRules.forEach((rule, i) => {
    if (ruleIds.has(rule.ruleId)) problems.push({ path: ['sharingRules', i, 'ruleId'], message: 'is used twice' });
    ruleIds.add(rule.ruleId);
  });
  for (const [profileId, profile] of Object.entries(settings.profiles)) {
    for (const [type, fields] of Object.entries(profile.fields) as [RecordType, Record<string, FieldAccess>][]) {
      for (const field of Object.keys(fields)) {
        if (!isSecurableField(type, field)) {
          problems.push({ path: ['profiles', profileId, 'fields', type, field], message: `is not a field of ${type} that field security can restrict` });
        }
      }
    }
  }
  if (!Object.values(settings.profiles).some((p) => p.system.includes('administer'))) {
    problems.push({ path: ['profiles'], message: 'must keep at least one profile with the administer privilege' });
  }
  return problems;
}

/** The strict ancestors of a role, nearest first. Stops at a cycle instead of looping. */
export function ancestorsOf(roles: SecuritySettings['roles'], roleId: string): string[] {
  const chain: string[] = [];
  let current = roles[roleId]?.parentId ?? null;
  while (current !== null && !chain.includes(current)) {
    chain.push(current);
    current = roles[current]?.parentId ?? null;
  }
  return chain;
}
