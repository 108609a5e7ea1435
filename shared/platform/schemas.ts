import * as z from 'zod';

/** Crockford base32 ULID, the id format of every record. */
export const Ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID');
/**
 * A user's id is their identity provider's subject: a ULID from the local issuer, a
 * UUID (Cognito `sub`) in AWS.
 */
export const UserId = z
  .string()
  .regex(/^([0-9A-HJKMNP-TV-Z]{26}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/, 'must be a user id');
/** A record's owner: a user, or a group (its slug id) whose members share the record. */
export const OwnerId = z.union([UserId, z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/)], { error: 'must be a user id or a group id' });
export const IsoTime = z.iso.datetime().meta({ description: 'ISO-8601 UTC timestamp' });

/** Values of admin-defined custom fields; checked against their definitions by the domain (shared/sales/custom-fields.ts). */
export const CustomFields = z
  .record(
    z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/),
    z.union([
      z.string().max(10_000),
      z.number(),
      z.boolean(),
      z.null(),
      z.array(z.string().max(1000)).max(100),
      z.object({ amount: z.number(), currency: z.string().max(3) }).meta({ description: 'money: integer minor units and ISO 4217 currency' }),
    ]),
  )
  .meta({ id: 'CustomFields', description: 'Values of admin-defined custom fields, by field key' });

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
});

export const pageOf = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      items: z.array(item),
      cursor: z.string().nullable().meta({ description: 'Pass as ?cursor= to get the next page; null on the last page' }),
    })
    .meta({ id });

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ name: z.string(), pointer: z.string(), detail: z.string() }))
      .optional()
      .meta({ description: 'One entry per bad field' }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });
export type Problem = z.infer<typeof Problem>;
