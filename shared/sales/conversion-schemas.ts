import * as z from 'zod';
import { OwnerId, Ulid } from '../platform/schemas';
import { Slug } from '../access/settings';
import { Lead } from '../crm/schemas';
import { Currency, Day, MinorUnits } from './money';

export const LeadConversion = z
  .strictObject({
    version: z.number().int().min(1).meta({ description: "The lead's version you read" }),
    account: z
      .union([
        z.strictObject({ accountId: Ulid }).meta({ description: 'Attach to this existing account' }),
        z.strictObject({ name: z.string().trim().min(1).max(200).optional() }).meta({ description: "A new account (default name: the lead's company)" }),
      ])
      .optional(),
    contactId: Ulid.optional().meta({ description: 'Convert into this existing contact instead of a new one' }),
    opportunity: z
      .strictObject({
        name: z.string().trim().min(1).max(200),
        amount: MinorUnits,
        currency: Currency,
        closeDate: Day,
        pipelineId: Slug.optional(),
        stage: Slug.optional(),
      })
      .optional(),
    ownerId: OwnerId.optional().meta({ description: "Owner of the new records (default: the lead's owner)" }),
  })
  .meta({ id: 'LeadConversion' });
export type LeadConversion = z.infer<typeof LeadConversion>;

export const ConversionResult = z
  .object({
    lead: Lead,
    account: z.record(z.string(), z.unknown()),
    contact: z.record(z.string(), z.unknown()),
    opportunity: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'ConversionResult' });

export const ConversionCandidates = z
  .object({ accounts: z.array(z.record(z.string(), z.unknown())), contacts: z.array(z.record(z.string(), z.unknown())) })
  .meta({ id: 'ConversionCandidates' });
