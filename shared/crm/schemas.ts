import * as z from 'zod';
import { CustomFields, IsoTime, ListQuery, Ulid, UserId, pageOf } from '../platform/schemas';

const name = z.string().trim().min(1, 'is required').max(200);
const optionalText = (max: number) => z.string().trim().max(max).optional();
const phoneNumber = z
  .string()
  .trim()
  .max(40)
  .regex(/^\+?[0-9 ().-]{3,}$/, 'must be a phone number');
const phone = phoneNumber.optional();

const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email('must be an email address'))
  .transform((value) => value.toLowerCase());
/** On create, an empty optional field is simply absent. */
const optionalInput = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional()) as unknown as z.ZodOptional<T>;
/** On PATCH, null or an empty string removes an optional field. */
const clearable = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? null : v), schema.nullable().optional()) as unknown as z.ZodOptional<z.ZodNullable<T>>;

const version = z.number().int().min(1).meta({ description: 'The version you read; a stale one is refused with 409' });

const recordMeta = {
  ownerId: UserId,
  version: z.number().int(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  createdBy: UserId,
  updatedBy: UserId,
  custom: CustomFields.optional(),
};

export const Account = z
  .object({
    accountId: Ulid,
    name,
    domain: optionalText(253),
    industry: optionalText(100),
    website: z.url().max(2000).optional(),
    phone,
    ...recordMeta,
  })
  .meta({ id: 'Account' });
export type Account = z.infer<typeof Account>;

const accountOptional = {
  domain: z.string().trim().max(253),
  industry: z.string().trim().max(100),
  website: z.url('must be a URL').max(2000),
  phone: phoneNumber,
  custom: CustomFields,
};
const o = accountOptional;
export const AccountCreate = z
  .strictObject({
    name,
    ownerId: UserId.optional(),
    domain: optionalInput(o.domain),
    industry: optionalInput(o.industry),
    website: optionalInput(o.website),
    phone: optionalInput(o.phone),
    custom: optionalInput(o.custom),
  })
  .meta({ id: 'AccountCreate' });
export type AccountCreate = z.infer<typeof AccountCreate>;
export const AccountPatch = z
  .strictObject({
    name: name.optional(),
    ownerId: UserId.optional(),
    domain: clearable(o.domain),
    industry: clearable(o.industry),
    website: clearable(o.website),
    phone: clearable(o.phone),
    custom: clearable(o.custom),
    version,
  })
  .meta({ id: 'AccountPatch' });
export type AccountPatch = z.infer<typeof AccountPatch>;

export const Contact = z
  .object({
    contactId: Ulid,
    accountId: Ulid,
    firstName: optionalText(100),
    lastName: name,
    email: z.string(),
    phone,
    title: optionalText(100),
    ...recordMeta,
  })
  .meta({ id: 'Contact' });
export type Contact = z.infer<typeof Contact>;

const contactOptional = {
  firstName: z.string().trim().max(100),
  phone: phoneNumber,
  title: z.string().trim().max(100),
  custom: CustomFields,
};
const c = contactOptional;
export const ContactCreate = z
  .strictObject({
    accountId: Ulid,
    lastName: name,
    email,
    ownerId: UserId.optional(),
    firstName: optionalInput(c.firstName),
    phone: optionalInput(c.phone),
    title: optionalInput(c.title),
    custom: optionalInput(c.custom),
  })
  .meta({ id: 'ContactCreate' });
export type ContactCreate = z.infer<typeof ContactCreate>;
export const ContactPatch = z
  .strictObject({
    accountId: Ulid.optional(),
    lastName: name.optional(),
    email: email.optional(),
    ownerId: UserId.optional(),
    firstName: clearable(c.firstName),
    phone: clearable(c.phone),
    title: clearable(c.title),
    custom: clearable(c.custom),
    version,
  })
  .meta({ id: 'ContactPatch' });
export type ContactPatch = z.infer<typeof ContactPatch>;

export const AccountWithContacts = Account.extend({ contacts: z.array(Contact) }).meta({ id: 'AccountWithContacts' });
export type AccountWithContacts = z.infer<typeof AccountWithContacts>;

export const AccountListQuery = ListQuery.extend({
  ownerId: UserId.optional(),
  q: z.string().trim().min(1).max(100).optional().meta({ description: 'Name prefix' }),
});
export type AccountListQuery = z.infer<typeof AccountListQuery>;
export const ContactListQuery = AccountListQuery.extend({
  email: z.string().trim().min(1).max(254).optional().meta({ description: 'Email prefix' }),
});
export type ContactListQuery = z.infer<typeof ContactListQuery>;

export const AccountPage = pageOf(Account, 'AccountPage');
export const ContactPage = pageOf(Contact, 'ContactPage');
export const AccountIdParams = z.object({ accountId: Ulid });
export const ContactIdParams = z.object({ contactId: Ulid });

export const ExportRequest = z.strictObject({ entity: z.enum(['accounts', 'contacts']) }).meta({ id: 'ExportRequest' });
export const ExportStatus = z
  .object({
    exportId: Ulid,
    entity: z.enum(['accounts', 'contacts']),
    status: z.enum(['requested', 'ready', 'failed']),
    rowCount: z.number().int().optional(),
    error: z.string().optional(),
    createdAt: IsoTime,
    updatedAt: IsoTime,
  })
  .meta({ id: 'Export' });
export type ExportStatus = z.infer<typeof ExportStatus>;
export const ExportIdParams = z.object({ exportId: Ulid });
