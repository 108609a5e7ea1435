import { ConflictError, NotFoundError, ValidationError } from '../platform/errors';
import { newId, nowIso } from '../platform/ids';
import type { Database } from '../platform/database';
import { getAccount, staleVersion } from './accounts';
import type { Actor } from './actor';
import { applyPatch } from './patch';
import { pageFromIndex, rangeShard, shardsFor, sortName } from './lists';
import type { Contact, ContactCreate, ContactListQuery, ContactPatch } from './schemas';

const EMAIL_KIND = 'contact-email';

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function createContact(db: Database, actor: Actor, input: ContactCreate): Promise<Contact> {
  await requireAccount(db, input.accountId);
  const contactId = newId();
  const now = nowIso();
  const email = normaliseEmail(input.email);
  const record = {
    ...input,
    email,
    contactId,
    ownerId: input.ownerId ?? actor.userId,
    version: 1,
    createdAt: now,
    updatedAt: now,
    createdBy: actor.userId,
    updatedBy: actor.userId,
    sortName: sortName(input.lastName, input.firstName),
    shard: rangeShard(sortName(input.lastName, input.firstName)),
    emailShard: rangeShard(email),
  };
  const result = await db.service.transaction
    .write(({ contact, uniqueValue }) => [
      contact.create(record).commit(),
      uniqueValue.create({ kind: EMAIL_KIND, value: email, holderId: contactId }).commit(),
    ])
    .go();
  if (result.canceled) {
    if (result.data[1]?.code === 'ConditionalCheckFailed') throw emailTaken(email);
    throw new ConflictError('The contact could not be saved because of a concurrent change; try again');
  }
  return stripHidden(record);
}

export async function getContact(db: Database, contactId: string): Promise<Contact> {
  const { data } = await db.entities.contact.get({ contactId }).go();
  if (!data) throw new NotFoundError(`No contact ${contactId}`);
  return data as Contact;
}

export async function updateContact(db: Database, actor: Actor, contactId: string, patch: ContactPatch): Promise<Contact> {
  const current = await getContact(db, contactId);
  const { version, ...changes } = patch;
  if (current.version !== version) throw staleVersion(current.version);
  if (changes.accountId && changes.accountId !== current.accountId) await requireAccount(db, changes.accountId);
  const email = changes.email ? normaliseEmail(changes.email) : current.email;
  const merged = applyPatch(current, changes);
  const next = {
    ...merged,
    email,
    contactId,
    version: version + 1,
    updatedAt: nowIso(),
    updatedBy: actor.userId,
    sortName: sortName(merged.lastName, merged.firstName),
    shard: rangeShard(sortName(merged.lastName, merged.firstName)),
    emailShard: rangeShard(email),
  };
  const emailChanged = email !== current.email;
  const result = await db.service.transaction
    .write(({ contact, uniqueValue }) => [
      contact
        .put(next)
        .where((attr, op) => op.eq(attr.version, version))
        .commit(),
      ...(emailChanged
        ? [
            uniqueValue.create({ kind: EMAIL_KIND, value: email, holderId: contactId }).commit(),
            uniqueValue
              .delete({ kind: EMAIL_KIND, value: current.email })
              .where((attr, op) => op.eq(attr.holderId, contactId))
              .commit(),
          ]
        : []),
    ])
    .go();
  if (result.canceled) {
    const codes = result.data.map((item) => item.code);
    if (codes[0] === 'ConditionalCheckFailed') throw staleVersion(undefined);
    if (codes[1] === 'ConditionalCheckFailed') throw emailTaken(email);
    throw new ConflictError('The contact could not be saved because of a concurrent change; try again');
  }
  return stripHidden(next);
}

export async function deleteContact(db: Database, contactId: string): Promise<void> {
  const current = await getContact(db, contactId);
  const result = await db.service.transaction
    .write(({ contact, uniqueValue }) => [
      contact
        .delete({ contactId })
        .where((attr, op) => op.eq(attr.version, current.version))
        .commit(),
      uniqueValue
        .delete({ kind: EMAIL_KIND, value: current.email })
        .where((attr, op) => op.eq(attr.holderId, contactId))
        .commit(),
    ])
    .go();
  if (result.canceled) throw staleVersion(undefined);
}

export async function listContacts(db: Database, query: ContactListQuery) {
  const contact = db.entities.contact;
  if (query.email) {
    if (query.ownerId || query.q) {
      throw new ValidationError('Search by email on its own', [{ name: 'email', detail: 'cannot be combined with q or ownerId' }]);
    }
    const prefix = normaliseEmail(query.email);
    const queries = shardsFor(prefix).map((emailShard) => contact.query.byEmail({ emailShard }).begins({ email: prefix }).params());
    return toPage(db, await pageFromIndex(db, 'gsi4', queries, query.limit, query.cursor));
  }
  const prefix = query.q ? sortName(query.q) : undefined;
  if (query.ownerId) {
    const q = contact.query.byOwner({ ownerId: query.ownerId });
    const params = prefix ? q.begins({ sortName: prefix }).params() : q.params();
    return toPage(db, await pageFromIndex(db, 'gsi3', [params], query.limit, query.cursor));
  }
  const queries = shardsFor(prefix).map((shard) => {
    const q = contact.query.byName({ shard });
    return prefix ? q.begins({ sortName: prefix }).params() : q.params();
  });
  return toPage(db, await pageFromIndex(db, 'gsi2', queries, query.limit, query.cursor));
}

function toPage(db: Database, page: Awaited<ReturnType<typeof pageFromIndex>>) {
  const { data } = db.entities.contact.parse({ Items: page.items });
  return { items: data as Contact[], cursor: page.cursor, requests: page.requests };
}

async function requireAccount(db: Database, accountId: string) {
  try {
    await getAccount(db, accountId);
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new ValidationError('The account does not exist', [{ name: 'accountId', detail: 'is not an existing account' }]);
    }
    throw error;
  }
}

const emailTaken = (email: string) =>
  new ConflictError(`Another contact already has the email ${email}`, [{ name: 'email', detail: 'is already used by another contact' }]);

function stripHidden(record: Contact & { shard?: string; sortName?: string; emailShard?: string }): Contact {
  const { shard: _shard, sortName: _sortName, emailShard: _emailShard, ...contact } = record;
  return contact;
}
