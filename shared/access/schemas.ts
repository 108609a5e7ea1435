import * as z from 'zod';
import { IsoTime, ListQuery, UserId, pageOf } from '../platform/schemas';

export const AuditEntry = z
  .object({
    auditId: z.string(),
    at: IsoTime,
    subjectType: z.string(),
    subjectId: z.string(),
    action: z.string(),
    actorId: z.string(),
    summary: z.string().optional(),
    changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })).optional(),
    ip: z.string().optional(),
    userAgent: z.string().optional(),
    requestId: z.string().optional(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditPage = pageOf(AuditEntry, 'AuditPage');
export const AuditPageQuery = ListQuery;

export const AuditQuery = ListQuery.extend({
  actorId: z.string().max(100).optional().meta({ description: 'What one user did' }),
  subjectType: z.enum(['account', 'contact', 'lead', 'user', 'settings', 'sign-in']).optional(),
  subjectId: z.string().max(254).optional(),
}).refine((q) => (q.actorId !== undefined) !== (q.subjectType !== undefined && q.subjectId !== undefined), {
  path: ['actorId'],
  message: 'give either actorId, or subjectType with subjectId',
});
export const ActorIdParams = z.object({ userId: UserId });
