/** Field schemas every record type's API shares: names, emails, the PATCH conventions, version and ownership. */
import * as z from 'zod';
import { CustomFields, IsoTime, OwnerId, UserId } from '../platform/schemas';

export const name = z.string().trim().min(1, 'is required').max(200);

export const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email('must be an email address'))
  .transform((value) => value.toLowerCase());

/** On create, an empty optional field is simply absent. */
export const optionalInput = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional()) as unknown as z.ZodOptional<T>;
/** On PATCH, null or an empty string removes an optional field. */
export const clearable = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? null : v), schema.nullable().optional()) as unknown as z.ZodOptional<z.ZodNullable<T>>;

export const version = z.number().int().min(1).meta({ description: 'The version you read; a stale one is refused with 409' });

/** What the record store keeps on every record, as the API returns it. */
export const recordMeta = {
  ownerId: OwnerId,
  version: z.number().int(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  createdBy: UserId,
  updatedBy: UserId,
  tags: z.array(z.string()).optional(),
  custom: CustomFields.optional(),
};
