import * as z from 'zod';
import { IsoTime, ListQuery, UserId, pageOf } from '../platform/schemas';
import { Slug } from '../access/settings';

const email = z.string().trim().max(254).pipe(z.email('must be an email address')).transform((v) => v.toLowerCase());

export const Credentials = z
  .strictObject({
    email,
    password: z.string().min(1, 'is required').max(1024),
  })
  .meta({ id: 'Credentials' });
export type Credentials = z.infer<typeof Credentials>;

export const Session = z
  .object({ accessToken: z.string(), tokenType: z.literal('Bearer'), expiresIn: z.number().int() })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof Session>;

export const User = z
  .object({
    userId: UserId,
    email: z.string(),
    name: z.string(),
    profile: Slug,
    roles: z.array(Slug),
    groups: z.array(Slug),
    managerId: UserId.optional(),
    active: z.boolean(),
    version: z.number().int(),
    lastLoginAt: IsoTime.optional(),
    createdAt: IsoTime,
    updatedAt: IsoTime,
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

export const Me = User.extend({
  /** names of the caller's own roles and groups (records can be given to those groups) */
  names: z.object({ roles: z.record(z.string(), z.string()), groups: z.record(z.string(), z.string()) }),
  privileges: z.object({
    records: z.record(z.string(), z.array(z.string())),
    system: z.array(z.string()),
    hiddenFields: z.record(z.string(), z.array(z.string())),
    readOnlyFields: z.record(z.string(), z.array(z.string())),
  }),
}).meta({ id: 'Me' });
export type Me = z.infer<typeof Me>;

const password = z.string().min(12, 'must be at least 12 characters').max(1024);

export const UserCreate = z
  .strictObject({
    email,
    name: z.string().trim().min(1, 'is required').max(200),
    profile: Slug,
    roles: z.array(Slug).max(20).default([]),
    groups: z.array(Slug).max(50).default([]),
    managerId: UserId.optional(),
    password: password.optional().meta({ description: 'Local sign-in only; in AWS Cognito emails an invitation instead' }),
  })
  .meta({ id: 'UserCreate' });
export type UserCreate = z.infer<typeof UserCreate>;

export const UserPatch = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    profile: Slug.optional(),
    roles: z.array(Slug).max(20).optional(),
    groups: z.array(Slug).max(50).optional(),
    managerId: UserId.nullable().optional(),
    active: z.boolean().optional(),
    version: z.number().int().min(1),
  })
  .meta({ id: 'UserPatch' });
export type UserPatch = z.infer<typeof UserPatch>;

export const UserListQuery = ListQuery.extend({ q: z.string().trim().min(1).max(100).optional().meta({ description: 'Name prefix' }) });
export const UserPage = pageOf(User, 'UserPage');
export const UserIdParams = z.object({ userId: UserId });

export const Reassignment = z.strictObject({ toUserId: UserId }).meta({ id: 'Reassignment' });
export const AccessJob = z
  .object({
    jobId: z.string(),
    kind: z.enum(['reassign', 'reindex']),
    ownerIds: z.array(z.string()),
    toUserId: z.string().optional(),
    status: z.enum(['requested', 'done', 'failed']),
    processed: z.number().int(),
    error: z.string().optional(),
    createdAt: IsoTime,
    updatedAt: IsoTime,
  })
  .meta({ id: 'AccessJob' });
export type AccessJob = z.infer<typeof AccessJob>;
export const JobIdParams = z.object({ jobId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID') });
