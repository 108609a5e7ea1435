import * as z from 'zod';
import { Ulid } from '../platform/schemas';

export const MergeRequest = z
  .strictObject({
    duplicateId: Ulid.meta({ description: 'The record merged into this one and then deleted' }),
    version: z.number().int().min(1).meta({ description: 'The version of the record you keep' }),
    duplicateVersion: z.number().int().min(1),
    take: z.array(z.string().max(40)).max(30).optional().meta({ description: "Fields to take from the duplicate even where the kept record has a value" }),
  })
  .meta({ id: 'MergeRequest' });
export type MergeRequest = z.infer<typeof MergeRequest>;

export const MergeResult = z
  .object({ kept: z.record(z.string(), z.unknown()), movedActivities: z.number().int(), summary: z.string() })
  .meta({ id: 'MergeResult' });

export const DuplicateCheck = z
  .strictObject({
    firstName: z.string().trim().max(100).optional(),
    lastName: z.string().trim().max(200).optional(),
    email: z.string().trim().max(254).optional(),
    phone: z.string().trim().max(40).optional(),
    company: z.string().trim().max(200).optional(),
  })
  .meta({ id: 'DuplicateCheck' });

export const Duplicates = z
  .object({
    items: z.array(
      z.object({
        id: Ulid,
        type: z.enum(['lead', 'contact']),
        score: z.number().int(),
        reasons: z.array(z.string()),
        name: z.string(),
        email: z.string().optional(),
        phone: z.string().optional(),
        company: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'Duplicates' });
