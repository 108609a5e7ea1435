/**
 * Lead conversion: the lead becomes a contact, an account (new, or an existing one) and
 * optionally an opportunity, in ONE DynamoDB transaction with the lead's own change —
 * all of it or none of it. Every field is carried across (custom fields too, where the
 * target type has a field of the same key), each new record links back to the lead, and
 * the lead keeps what it became. The converted lead leaves the open lead lists (its
 * name-index partition changes) but stays for reporting. A second conversion is 409.
 */
import { ConflictError, ValidationError } from '../platform/errors';
import { newId, nowIso } from '../platform/ids';
import { transact } from '../platform/transaction';
import type { Database } from '../platform/database';
import { changeWrites, planCreate, present, readReferenced, readVisible, staleVersion, type StoredRecord } from '../access/records';
import { accessTo } from '../access/policy';
import type { Actor } from '../crm/actor';
import { accountKind, contactKind, leadKind, opportunityKind } from '../crm/kinds';
import { claimEmail, emailHolder, normaliseEmail } from '../crm/contacts';
import type { Lead } from '../crm/schemas';
import { customDefinitions } from './custom-values';
import { prepareOpportunity } from './opportunities';
import { timelineWrites } from '../timeline/timeline';
import type { LeadConversion } from './conversion-schemas';


/** Custom values of the lead that the target type defines too. */
async function carriedCustom(db: Database, type: 'contact' | 'account' | 'opportunity', custom: unknown) {
  if (!custom || typeof custom !== 'object') return undefined;
  const keys = new Set((await customDefinitions(db, type)).map((d) => d.key));
  const carried = Object.fromEntries(Object.entries(custom as Record<string, unknown>).filter(([key]) => keys.has(key)));
  return Object.keys(carried).length ? carried : undefined;
}

export async function convertLead(db: Database, actor: Actor, leadId: string, input: LeadConversion) {
  const lead = await readVisible(db, actor, leadKind, leadId, 'edit');
  if (lead.status === 'converted') throw new ConflictError('The lead is converted already', [{ name: 'status', detail: 'is converted already' }]);
  if (lead.version !== input.version) throw staleVersion(lead.version);
  if (lead.status === 'junk') throw new ValidationError('A junk lead cannot be converted; change its status first', [{ name: 'status', detail: 'is junk' }]);
  const ownerId = input.ownerId ?? lead.ownerId;
  const writes = [];
  const linkBack = { leadId };

  // the account: an existing one, or a new one from the lead's company
  let accountId: string;
  let account: Record<string, unknown>;
  if (input.account && 'accountId' in input.account) {
    accountId = input.account.accountId;
    account = present(actor, accountKind, await readReferenced(db, actor, accountKind, accountId, 'account.accountId'));
  } else {
    const name = input.account?.name ?? (lead.company as string | undefined);
    if (!name) throw new ValidationError('The new account needs a name', [{ name: 'account.name', detail: 'is required when the lead has no company' }]);
    accountId = newId();
    const planned = await planCreate(db, actor, accountKind, accountId, {
      name,
      ...pick(lead, ['industry', 'website', 'phone', 'country', 'annualRevenue']),
      ...(lead.tags ? { tags: lead.tags } : {}),
      custom: await carriedCustom(db, 'account', lead.custom),
      ownerId,
    });
    writes.push(...planned.writes);
    account = planned.result as Record<string, unknown>;
  }

  // the contact: an existing one, or a new one from the lead's person
  let contactId: string;
  let contact: Record<string, unknown>;
  if (input.contactId) {
    contactId = input.contactId;
    contact = present(actor, contactKind, await readReferenced(db, actor, contactKind, contactId, 'contactId'));
  } else {
    if (!lead.email) throw new ValidationError('A contact needs an email', [{ name: 'email', detail: 'is required on the lead to make a contact (or pick an existing contact)' }]);
    contactId = newId();
    const email = normaliseEmail(String(lead.email));
    const planned = await planCreate(
      db,
      actor,
      contactKind,
      contactId,
      {
        accountId,
        ...pick(lead, ['firstName', 'lastName', 'phone', 'title']),
        email,
        ...linkBack,
        ...(lead.tags ? { tags: lead.tags } : {}),
        custom: await carriedCustom(db, 'contact', lead.custom),
        ownerId,
      },
      [claimEmail(db, email, contactId, `A contact with the email ${email} exists already; convert into that contact instead`)],
    );
    writes.push(...planned.writes);
    contact = planned.result as Record<string, unknown>;
  }

  // the opportunity, when asked for
  let opportunity: Record<string, unknown> | undefined;
  let opportunityId: string | undefined;
  if (input.opportunity) {
    const prepared = await prepareOpportunity(db, actor, {
      ...input.opportunity,
      accountId,
      contacts: [{ contactId, role: 'primary' }],
      custom: (await carriedCustom(db, 'opportunity', lead.custom)) as never,
      ownerId,
    }, undefined, 'converted');
    opportunityId = prepared.opportunityId;
    // a deal from a web-form lead counts towards that form's won deals
    const fromForm = lead.formId ? { formId: lead.formId } : {};
    const planned = await planCreate(db, actor, opportunityKind, opportunityId, { ...prepared.record, ...linkBack, ...fromForm }, prepared.extra);
    writes.push(...planned.writes);
    opportunity = planned.result as Record<string, unknown>;
  }

  // the lead itself, last: converted, linked to what it became
  const at = nowIso();
  const after: StoredRecord = {
    ...lead,
    status: 'converted',
    convertedAt: at,
    conversion: { accountId, contactId, ...(opportunityId ? { opportunityId } : {}) },
    version: lead.version + 1,
    updatedAt: at,
    updatedBy: actor.userId,
  };
  await leadKind.prepare?.(db, after, lead);
  writes.push(...(await changeWrites(db, leadKind, actor, { before: lead, after, action: 'convert' })));
  writes.push(
    ...timelineWrites(
      db,
      [
        { type: 'lead', id: leadId },
        { type: 'account', id: accountId },
        { type: 'contact', id: contactId },
        ...(opportunityId ? [{ type: 'opportunity' as const, id: opportunityId }] : []),
      ],
      {
        kind: 'conversion',
        at,
        actorId: actor.userId,
        summary: `Lead ${leadKind.nameOf(lead)} converted${opportunityId ? ' with an opportunity' : ''}`,
        ref: { type: 'lead', id: leadId },
        data: { accountId, contactId, ...(opportunityId ? { opportunityId } : {}) },
      },
    ),
  );
  await transact(db.documentClient, writes);
  return {
    lead: present<Lead>(actor, leadKind, after),
    account,
    contact,
    ...(opportunity ? { opportunity } : {}),
  };
}

/** What the conversion wizard offers: accounts whose name matches the lead's company, contacts with its email. */
export async function conversionCandidates(db: Database, actor: Actor, leadId: string) {
  const lead = await readVisible(db, actor, leadKind, leadId);
  const accounts: Record<string, unknown>[] = [];
  if (lead.company) {
    const { accountsNamed } = await import('../crm/accounts');
    accounts.push(...(await accountsNamed(db, actor, String(lead.company))));
  }
  const contacts: Record<string, unknown>[] = [];
  if (lead.email) {
    const holderId = await emailHolder(db, String(lead.email));
    if (holderId) {
      const found = await db.getItem(db.entities.contact.get({ contactId: holderId }).params().Key as Record<string, unknown>);
      const record = found ? (db.entities.contact.parse({ Items: [found] }).data[0] as unknown as StoredRecord) : undefined;
      if (record && accessTo(actor, 'contact', record) !== 'none') contacts.push(present(actor, contactKind, record));
    }
  }
  return { accounts, contacts };
}

function pick(record: Record<string, unknown>, fields: string[]) {
  return Object.fromEntries(fields.filter((f) => record[f] !== undefined && record[f] !== null).map((f) => [f, record[f]]));
}
