import { z } from 'zod';
import { CustomFields, IsoTime, ListQuery, Ulid, pageOf } from '../platform/schemas';

const name = z.string().trim().min(1, 'is required').max(200);
const optionalText = (max: number) => z.string().trim().max(max).optional();
const phone = z
  .string()
  .trim()
  .max(40)
  .regex(/^\+?[0-9 ().-]{3,}$/, 'must be a phone number')
  .optional();
const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email('must be an email address'))
  .transform((value) => value.toLowerCase());
const version = z.number().int().min(1).meta({ description: 'The version you read; a stale one is refused with 409' });

const recordMeta = {
  ownerId: Ulid,
  version: z.number().int(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
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

const accountWritable = {
  name,
  domain: optionalText(253),
  industry: optionalText(100),
  website: z.url('must be a URL').max(2000).optional(),
  phone,
  ownerId: Ulid.optional(),
  custom: CustomFields.optional(),
};
export const AccountCreate = z.strictObject(accountWritable).meta({ id: 'AccountCreate' });
export type AccountCreate = z.infer<typeof AccountCreate>;
export const AccountPatch = z
  .strictObject({ ...z.object(accountWritable).partial().shape, version })
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

const contactWritable = {
  accountId: Ulid,
  firstName: optionalText(100),
  lastName: name,
  email,
  phone,
  title: optionalText(100),
  ownerId: Ulid.optional(),
  custom: CustomFields.optional(),
};
export const ContactCreate = z.strictObject(contactWritable).meta({ id: 'ContactCreate' });
export type ContactCreate = z.infer<typeof ContactCreate>;
export const ContactPatch = z
  .strictObject({ ...z.object(contactWritable).partial().shape, version })
  .meta({ id: 'ContactPatch' });
export type ContactPatch = z.infer<typeof ContactPatch>;

export const AccountWithContacts = Account.extend({ contacts: z.array(Contact) }).meta({ id: 'AccountWithContacts' });
export type AccountWithContacts = z.infer<typeof AccountWithContacts>;

export const AccountListQuery = ListQuery.extend({
  ownerId: Ulid.optional(),
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
