import * as z from 'zod';
import { CustomFields, IsoTime, ListQuery, OwnerId, Ulid, pageOf } from '../platform/schemas';
import { Currency, Day, MinorUnits } from '../sales/money';
import { Tag, Tags } from './tags';
import { clearable, email, name, optionalInput, recordMeta, version } from './field-schemas';

const optionalText = (max: number) => z.string().trim().max(max).optional();
const phoneNumber = z
  .string()
  .trim()
  .max(40)
  .regex(/^\+?[0-9 ().-]{3,}$/, 'must be a phone number');
const phone = phoneNumber.optional();

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
    ownerId: OwnerId.optional(),
    domain: optionalInput(o.domain),
    industry: optionalInput(o.industry),
    website: optionalInput(o.website),
    phone: optionalInput(o.phone),
    tags: optionalInput(Tags),
    custom: optionalInput(o.custom),
  })
  .meta({ id: 'AccountCreate' });
export type AccountCreate = z.infer<typeof AccountCreate>;
export const AccountPatch = z
  .strictObject({
    name: name.optional(),
    ownerId: OwnerId.optional(),
    domain: clearable(o.domain),
    industry: clearable(o.industry),
    website: clearable(o.website),
    phone: clearable(o.phone),
    tags: clearable(Tags),
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
    birthday: Day.optional().meta({ description: 'Date of birth (YYYY-MM-DD); birthday workflows use its month and day' }),
    customerSince: Day.optional().meta({ description: 'Date of the first purchase (YYYY-MM-DD); anniversary workflows use it' }),
    ...recordMeta,
  })
  .meta({ id: 'Contact' });
export type Contact = z.infer<typeof Contact>;

const contactOptional = {
  firstName: z.string().trim().max(100),
  phone: phoneNumber,
  title: z.string().trim().max(100),
  birthday: Day,
  customerSince: Day,
  custom: CustomFields,
};
const c = contactOptional;
export const ContactCreate = z
  .strictObject({
    accountId: Ulid,
    lastName: name,
    email,
    ownerId: OwnerId.optional(),
    firstName: optionalInput(c.firstName),
    phone: optionalInput(c.phone),
    title: optionalInput(c.title),
    birthday: optionalInput(c.birthday),
    customerSince: optionalInput(c.customerSince),
    tags: optionalInput(Tags),
    custom: optionalInput(c.custom),
  })
  .meta({ id: 'ContactCreate' });
export type ContactCreate = z.infer<typeof ContactCreate>;
export const ContactPatch = z
  .strictObject({
    accountId: Ulid.optional(),
    lastName: name.optional(),
    email: email.optional(),
    ownerId: OwnerId.optional(),
    firstName: clearable(c.firstName),
    phone: clearable(c.phone),
    title: clearable(c.title),
    birthday: clearable(c.birthday),
    customerSince: clearable(c.customerSince),
    tags: clearable(Tags),
    custom: clearable(c.custom),
    version,
  })
  .meta({ id: 'ContactPatch' });
export type ContactPatch = z.infer<typeof ContactPatch>;

export const AccountWithContacts = Account.extend({ contacts: z.array(Contact) }).meta({ id: 'AccountWithContacts' });
export type AccountWithContacts = z.infer<typeof AccountWithContacts>;

export const AccountListQuery = ListQuery.extend({
  ownerId: OwnerId.optional(),
  tag: Tag.optional(),
  q: z.string().trim().min(1).max(100).optional().meta({ description: 'Name prefix' }),
});
export type AccountListQuery = z.infer<typeof AccountListQuery>;
export const ContactListQuery = AccountListQuery.extend({
  email: z.string().trim().min(1).max(254).optional().meta({ description: 'Email prefix' }),
});
export type ContactListQuery = z.infer<typeof ContactListQuery>;

export const LEAD_STATUSES = ['new', 'working', 'nurturing', 'qualified', 'unqualified', 'converted', 'junk'] as const;
/** BANT (budget, authority, need, timeline) and CHAMP (challenges, authority, money, prioritization) notes. */
export const Qualification = z
  .strictObject({
    budget: z.string().trim().max(500).optional(),
    authority: z.string().trim().max(500).optional(),
    need: z.string().trim().max(500).optional(),
    timeline: z.string().trim().max(500).optional(),
    challenges: z.string().trim().max(500).optional(),
    money: z.string().trim().max(500).optional(),
    prioritization: z.string().trim().max(500).optional(),
  })
  .meta({ id: 'Qualification' });
const country = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 two-letter country code');
/** A web-form visit's UTM values, referrer and landing page: on the submission and on the lead it made. */
export const Tracking = z
  .object({
    utmSource: z.string().optional(),
    utmMedium: z.string().optional(),
    utmCampaign: z.string().optional(),
    utmTerm: z.string().optional(),
    utmContent: z.string().optional(),
    referrer: z.string().optional(),
    landingPage: z.string().optional(),
  })
  .meta({ id: 'VisitTracking', description: "A web-form visit's UTM values, referrer and landing page" });
const ScoreReason = z.object({ ruleId: z.string(), label: z.string(), points: z.number().int(), detail: z.string().optional() });
export const Lead = z
  .object({
    leadId: Ulid,
    firstName: optionalText(100),
    lastName: name,
    company: optionalText(200),
    title: optionalText(100),
    email: z.string().optional(),
    phone,
    website: z.string().optional(),
    industry: optionalText(100),
    country: z.string().optional(),
    annualRevenue: MinorUnits.optional(),
    currency: z.string().optional(),
    source: optionalText(100),
    campaign: optionalText(100),
    status: z.enum(LEAD_STATUSES),
    notes: optionalText(10_000),
    formId: Ulid.optional().meta({ description: 'The web form it came from' }),
    tracking: Tracking.optional(),
    qualification: Qualification.optional(),
    score: z.number().int().optional(),
    rating: z.enum(['hot', 'warm', 'cold', 'junk']).optional(),
    mql: z.boolean().optional(),
    scoreReasons: z.array(ScoreReason).optional().meta({ description: 'Why the lead has its score: each rule that fired and its points' }),
    lastActivityAt: IsoTime.optional(),
    convertedAt: IsoTime.optional(),
    conversion: z.object({ contactId: Ulid, accountId: Ulid, opportunityId: Ulid.optional() }).optional(),
    ...recordMeta,
  })
  .meta({ id: 'Lead' });
export type Lead = z.infer<typeof Lead>;
const leadOptional = {
  firstName: z.string().trim().max(100),
  company: z.string().trim().max(200),
  title: z.string().trim().max(100),
  email,
  phone: phoneNumber,
  website: z.url('must be a URL').max(2000),
  industry: z.string().trim().max(100),
  country,
  annualRevenue: MinorUnits,
  currency: Currency,
  source: z.string().trim().max(100),
  campaign: z.string().trim().max(100),
  notes: z.string().trim().max(10_000),
  qualification: Qualification,
  tags: Tags,
  custom: CustomFields,
};
const l = leadOptional;
/** The statuses a person sets; `converted` comes only from converting the lead. */
const SETTABLE_STATUSES = LEAD_STATUSES.filter((s) => s !== 'converted') as Exclude<(typeof LEAD_STATUSES)[number], 'converted'>[];
const settableStatus = z.enum(SETTABLE_STATUSES as [string, ...string[]], { error: `must be one of ${SETTABLE_STATUSES.join(', ')} (convert the lead to make it converted)` });
export const LeadCreate = z
  .strictObject({
    lastName: name,
    firstName: optionalInput(l.firstName),
    company: optionalInput(l.company),
    title: optionalInput(l.title),
    email: optionalInput(l.email),
    phone: optionalInput(l.phone),
    website: optionalInput(l.website),
    industry: optionalInput(l.industry),
    country: optionalInput(l.country),
    annualRevenue: optionalInput(l.annualRevenue),
    currency: optionalInput(l.currency),
    source: optionalInput(l.source),
    campaign: optionalInput(l.campaign),
    status: settableStatus.default('new'),
    notes: optionalInput(l.notes),
    qualification: optionalInput(l.qualification),
    ownerId: OwnerId.optional(),
    tags: optionalInput(l.tags),
    custom: optionalInput(l.custom),
  })
  .refine((lead) => lead.annualRevenue === undefined || lead.currency !== undefined, { path: ['currency'], message: 'is required with annualRevenue' })
  .meta({ id: 'LeadCreate' });
export type LeadCreate = z.infer<typeof LeadCreate>;
export const LeadPatch = z
  .strictObject({
    lastName: name.optional(),
    firstName: clearable(l.firstName),
    company: clearable(l.company),
    title: clearable(l.title),
    email: clearable(l.email),
    phone: clearable(l.phone),
    website: clearable(l.website),
    industry: clearable(l.industry),
    country: clearable(l.country),
    annualRevenue: clearable(l.annualRevenue),
    currency: clearable(l.currency),
    source: clearable(l.source),
    campaign: clearable(l.campaign),
    status: settableStatus.optional(),
    notes: clearable(l.notes),
    qualification: clearable(l.qualification),
    ownerId: OwnerId.optional(),
    tags: clearable(l.tags),
    custom: clearable(l.custom),
    version,
  })
  .meta({ id: 'LeadPatch' });
export type LeadPatch = z.infer<typeof LeadPatch>;
export const LeadListQuery = ListQuery.extend({
  ownerId: OwnerId.optional(),
  q: z.string().trim().min(1).max(100).optional().meta({ description: 'Name prefix' }),
  status: z.enum(LEAD_STATUSES).optional().meta({ description: 'Default: every status but converted (the open leads)' }),
  rating: z.enum(['hot', 'warm', 'cold', 'junk']).optional(),
  source: z.string().trim().min(1).max(100).optional(),
  tag: Tag.optional(),
});
export type LeadListQuery = z.infer<typeof LeadListQuery>;
export const LeadPage = pageOf(Lead, 'LeadPage');
export const LeadIdParams = z.object({ leadId: Ulid });

export const AccountPage = pageOf(Account, 'AccountPage');
export const ContactPage = pageOf(Contact, 'ContactPage');
export const AccountIdParams = z.object({ accountId: Ulid });
export const ContactIdParams = z.object({ contactId: Ulid });

export const EXPORTABLE = ['accounts', 'contacts', 'leads', 'opportunities', 'audit'] as const;
export const ExportRequest = z
  .strictObject({
    entity: z.enum(EXPORTABLE),
    from: Day.optional().meta({ description: 'Audit exports: first UTC day' }),
    to: Day.optional().meta({ description: 'Audit exports: last UTC day' }),
  })
  .refine((r) => r.entity !== 'audit' || (r.from !== undefined && r.to !== undefined && r.from <= r.to), {
    path: ['to'],
    message: 'an audit export needs from ≤ to (UTC days)',
  })
  .refine((r) => r.entity !== 'audit' || !r.from || !r.to || Date.parse(r.to) - Date.parse(r.from) <= 366 * 86_400_000, {
    path: ['to'],
    message: 'an audit export covers at most 366 days',
  })
  .meta({ id: 'ExportRequest' });
export type ExportRequest = z.infer<typeof ExportRequest>;
export const ExportStatus = z
  .object({
    exportId: Ulid,
    entity: z.enum(EXPORTABLE),
    status: z.enum(['requested', 'ready', 'failed']),
    rowCount: z.number().int().optional(),
    error: z.string().optional(),
    createdAt: IsoTime,
    updatedAt: IsoTime,
  })
  .meta({ id: 'Export' });
export type ExportStatus = z.infer<typeof ExportStatus>;
export const ExportIdParams = z.object({ exportId: Ulid });
