import { ConflictError, NotFoundError, ValidationError } from '../platform/errors';
import { normaliseEmail } from '../sales/duplicates';
import { newId } from '../platform/ids';
import { rangeShard } from '../platform/paged-query';
import { accountKind, contactKind } from './kinds';
import type { Database } from '../platform/database';
import { createRecord, deleteRecord, listVisible, present, ranged, readVisible, updateRecord, type ExtraWrite, type QueryChain } from '../access/records';
import type { Actor } from './actor';
import type { Contact, ContactCreate, ContactListQuery, ContactPatch } from './schemas';

const EMAIL_KIND = 'contact-email';

export { normaliseEmail };

export { contactKind };

/** `extra` writes commit in the contact's own transaction (an import's row outcome, say). */
export async function createContact(db: Database, actor: Actor, input: ContactCreate, extra: (contactId: string) => ExtraWrite[] = () => []): Promise<Contact> {
  await requireAccount(db, actor, input.accountId);
  const contactId = newId();
  const email = normaliseEmail(input.email);
  return createRecord<Contact>(db, actor, contactKind, contactId, { ...input, email }, [claimEmail(db, email, contactId), ...extra(contactId)]);
}

export const getContact = async (db: Database, actor: Actor, contactId: string) =>
  present<Contact>(actor, contactKind, await readVisible(db, actor, contactKind, contactId));

export async function updateContact(db: Database, actor: Actor, contactId: string, patch: ContactPatch): Promise<Contact> {
  const email = patch.email ? normaliseEmail(patch.email) : undefined;
  return updateRecord<Contact>(db, actor, contactKind, contactId, { ...patch, ...(email ? { email } : {}) }, {
    check: async (before, after) => {
      if (after.accountId !== before.accountId) await requireAccount(db, actor, String(after.accountId));
    },
    extra: (before, after) =>
      after.email === before.email
        ? []
        : [claimEmail(db, String(after.email), contactId), releaseEmail(db, String(before.email), contactId)],
  });
}

export const deleteContact = (db: Database, actor: Actor, contactId: string) =>
  deleteRecord(db, actor, contactKind, contactId, (before) => [releaseEmail(db, String(before.email), contactId)]);

export async function listContacts(db: Database, actor: Actor, query: ContactListQuery) {
  if (query.email && (query.ownerId || query.q)) {
    throw new ValidationError('Search by email on its own', [{ name: 'email', detail: 'cannot be combined with q or ownerId' }]);
  }
  const prefix = query.email ? normaliseEmail(query.email) : undefined;
  const search = prefix
    ? {
        query: (range: { after?: [string, string] }) =>
          ranged(db.entities.contact.query.byEmail({ emailShard: rangeShard(prefix) }) as unknown as QueryChain, { idField: 'contactId', sortField: 'email' }, { ...range, prefix }),
        position: (item: Record<string, unknown>): [string, string] => [String(item.email), String(item.contactId)],
      }
    : undefined;
  return listVisible<Contact>(db, actor, contactKind, { ...query, search });
}

/** A contact belongs to an account the caller can see; one they cannot is "not an existing account". */
async function requireAccount(db: Database, actor: Actor, accountId: string) {
  try {
    await readVisible(db, actor, accountKind, accountId);
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new ValidationError('The account does not exist', [{ name: 'accountId', detail: 'is not an existing account' }]);
    }
    throw error;
  }
}

/** A contact's email is unique: claimed in the transaction that gives it to the contact. */
export function claimEmail(db: Database, email: string, contactId: string, taken = `Another contact already has the email ${email}`): ExtraWrite {
  return {
    item: { Put: db.entities.uniqueValue.create({ kind: EMAIL_KIND, value: email, holderId: contactId }).params() },
    conflict: () => new ConflictError(taken, [{ name: 'email', detail: 'is already used by another contact' }]),
  };
}

/** The holder of a contact email, if a contact has it. */
export const emailHolder = async (db: Database, email: string) => (await db.entities.uniqueValue.get({ kind: EMAIL_KIND, value: normaliseEmail(email) }).go()).data?.holderId;

export function releaseEmail(db: Database, email: string, contactId: string): ExtraWrite {
  return {
    item: {
      Delete: db.entities.uniqueValue
        .delete({ kind: EMAIL_KIND, value: email })
        .where((attr, op) => op.eq(attr.holderId, contactId))
        .params(),
    },
    conflict: () => new ConflictError('The contact could not be saved because of a concurrent change; try again'),
  };
}
