import * as z from 'zod';
import { CustomFields, IsoTime, ListQuery, OwnerId, Ulid, UserId, pageOf } from '../platform/schemas';
import { name, recordMeta, version } from '../crm/field-schemas';
import { Slug } from '../access/settings';
import { Tags, Tag } from '../crm/tags';
import { Currency, Day, MinorUnits } from './money';
import { STAGE_KINDS } from './pipelines';

export const OpportunityContact = z.strictObject({
  contactId: Ulid,
  role: z.string().trim().max(60).optional().meta({ description: 'decision maker, champion, influencer…' }),
});
const contacts = z
  .array(OpportunityContact)
  .max(50)
  .refine((list) => new Set(list.map((c) => c.contactId)).size === list.length, 'names a contact twice');
const probability = z.number().int('must be a whole percentage').min(0).max(100);
const lostReason = z.string().trim().min(1).max(500);

export const Opportunity = z
  .object({
    opportunityId: Ulid,
    name,
    accountId: Ulid,
    amount: MinorUnits,
    currency: Currency,
    closeDate: Day,
    probability,
    pipelineId: Slug,
    stage: Slug,
    status: z.enum(STAGE_KINDS),
    stageEnteredAt: IsoTime,
    lostReason: z.string().optional(),
    contacts: z.array(OpportunityContact).optional(),
    leadId: Ulid.optional(),
    ...recordMeta,
  })
  .meta({ id: 'Opportunity' });
export type Opportunity = z.infer<typeof Opportunity>;

export const OpportunityCreate = z
  .strictObject({
    name,
    accountId: Ulid,
    amount: MinorUnits,
    currency: Currency,
    closeDate: Day,
    pipelineId: Slug.optional().meta({ description: 'Default: the default pipeline' }),
    stage: Slug.optional().meta({ description: "Default: the pipeline's first stage" }),
    probability: probability.optional().meta({ description: "Default: the stage's probability" }),
    lostReason: lostReason.optional(),
    contacts: contacts.optional(),
    ownerId: OwnerId.optional(),
    tags: Tags.optional(),
    custom: CustomFields.optional(),
  })
  .meta({ id: 'OpportunityCreate' });
export type OpportunityCreate = z.infer<typeof OpportunityCreate>;

export const OpportunityPatch = z
  .strictObject({
    name: name.optional(),
    accountId: Ulid.optional(),
    amount: MinorUnits.optional(),
    currency: Currency.optional(),
    closeDate: Day.optional(),
    pipelineId: Slug.optional(),
    stage: Slug.optional(),
    probability: probability.optional(),
    lostReason: lostReason.nullable().optional(),
    contacts: contacts.optional(),
    ownerId: OwnerId.optional(),
    tags: Tags.optional(),
    custom: CustomFields.nullable().optional(),
    version,
  })
  .meta({ id: 'OpportunityPatch' });
export type OpportunityPatch = z.infer<typeof OpportunityPatch>;

export const OpportunityListQuery = ListQuery.extend({
  ownerId: OwnerId.optional(),
  q: z.string().trim().min(1).max(100).optional().meta({ description: 'Name prefix' }),
  tag: Tag.optional(),
  status: z.enum(STAGE_KINDS).optional(),
});
export type OpportunityListQuery = z.infer<typeof OpportunityListQuery>;
export const OpportunityPage = pageOf(Opportunity, 'OpportunityPage');
export const OpportunityIdParams = z.object({ opportunityId: Ulid });

export const PipelineIdParams = z.object({ pipelineId: Slug });
export const StageParams = z.object({ pipelineId: Slug, stageId: Slug });

const Totals = z.object({
  count: z.number().int(),
  amounts: z.array(z.object({ currency: z.string(), amount: z.number().int() })).meta({ description: 'Sum of the deals per currency, minor units' }),
});
export const BoardQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).meta({ description: 'Deals per stage' }),
  ownerId: OwnerId.optional(),
});
export const StageDealsQuery = ListQuery.extend({ ownerId: OwnerId.optional() });
export const Board = z
  .object({
    pipelineId: Slug,
    name: z.string(),
    stages: z.array(
      z.object({
        stageId: Slug,
        name: z.string(),
        kind: z.enum(STAGE_KINDS),
        probability: z.number().int(),
        totals: Totals,
        deals: z.array(Opportunity),
        cursor: z.string().nullable().meta({ description: 'GET …/stages/{stageId}/deals?cursor= for more' }),
      }),
    ),
  })
  .meta({ id: 'Board' });
export const DealPage = pageOf(Opportunity, 'DealPage');

export const StageChange = z
  .object({
    from: z.string().nullable(),
    to: z.string(),
    at: IsoTime,
    by: UserId,
    durationMs: z.number().int().optional().meta({ description: 'Time the deal spent in `to` (until now when it is still there)' }),
  })
  .meta({ id: 'StageChange' });
export const StageHistory = z.object({ items: z.array(StageChange) }).meta({ id: 'StageHistory' });


export const TagCloudParams = z.object({ recordType: z.enum(['lead', 'contact', 'account', 'opportunity', 'activity']) });
export const TagCloud = z.object({ items: z.array(z.object({ tag: z.string(), count: z.number().int() })) }).meta({ id: 'TagCloud' });
