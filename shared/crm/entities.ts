/**
 * ElectroDB models of the single table. Access patterns (see README "Data model"):
 *  - primary   pk/sk    : one record by id
 *  - gsi1 (collection)  : an account with its contacts in one Query
 *  - gsi2 (range shards): all records of a type by name; name-prefix search
 *  - gsi3               : records of one owner by name ("my contacts")
 *  - gsi4 (range shards): contacts by email prefix
 *  - accessEntry items  : what a role or group may see, by name (shared/access/visible-list.ts)
 * Range shards: see shared/platform/paged-query.ts.
 */
import { Entity, type EntityConfiguration } from 'electrodb';
import { rangeShard } from '../platform/paged-query';
import { sortName } from '../platform/sort-name';

const SERVICE = 'crm';

const ownership = {
  ownerId: { type: 'string', required: true },
  version: { type: 'number', required: true },
  createdAt: { type: 'string', required: true, readOnly: true },
  updatedAt: { type: 'string', required: true },
  /** who made the record and who changed it last: domain events and the audit trail name them */
  createdBy: { type: 'string', required: true, readOnly: true },
  updatedBy: { type: 'string', required: true },
  /** admin-defined custom fields, validated against their definitions by the domain */
  custom: { type: 'any' },
  /** the owner's roles and groups and the grants they give (shared/access/policy.ts) */
  acl: { type: 'any', required: true },
  /** range shard of the type-wide name list, from the first character of sortName */
  shard: { type: 'string', required: true, hidden: true },
  /** lower-cased name used for ordering and prefix search */
  sortName: { type: 'string', required: true, hidden: true },
} as const;

export const accountEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'account', version: '1', service: SERVICE },
      attributes: {
        accountId: { type: 'string', required: true, readOnly: true },
        name: { type: 'string', required: true },
        domain: { type: 'string' },
        industry: { type: 'string' },
        website: { type: 'string' },
        phone: { type: 'string' },
        ...ownership,
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['accountId'] }, sk: { field: 'sk', composite: [] } },
        withContacts: {
          index: 'gsi1',
          collection: 'accountContacts',
          pk: { field: 'gsi1pk', composite: ['accountId'] },
          sk: { field: 'gsi1sk', composite: [] },
        },
        byName: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['shard'] },
          sk: { field: 'gsi2sk', composite: ['sortName', 'accountId'] },
        },
        byOwner: {
          index: 'gsi3',
          pk: { field: 'gsi3pk', composite: ['ownerId'] },
          sk: { field: 'gsi3sk', composite: ['sortName', 'accountId'] },
        },
      },
    },
    config,
  );

export const contactEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'contact', version: '1', service: SERVICE },
      attributes: {
        contactId: { type: 'string', required: true, readOnly: true },
        accountId: { type: 'string', required: true },
        firstName: { type: 'string' },
        lastName: { type: 'string', required: true },
        email: { type: 'string', required: true },
        phone: { type: 'string' },
        title: { type: 'string' },
        ...ownership,
        /** range shard of the email list, from the first character of the email */
        emailShard: { type: 'string', required: true, hidden: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['contactId'] }, sk: { field: 'sk', composite: [] } },
        byAccount: {
          index: 'gsi1',
          collection: 'accountContacts',
          pk: { field: 'gsi1pk', composite: ['accountId'] },
          sk: { field: 'gsi1sk', composite: ['contactId'] },
        },
        byName: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['shard'] },
          sk: { field: 'gsi2sk', composite: ['sortName', 'contactId'] },
        },
        byOwner: {
          index: 'gsi3',
          pk: { field: 'gsi3pk', composite: ['ownerId'] },
          sk: { field: 'gsi3sk', composite: ['sortName', 'contactId'] },
        },
        byEmail: {
          index: 'gsi4',
          pk: { field: 'gsi4pk', composite: ['emailShard'] },
          sk: { field: 'gsi4sk', composite: ['email', 'contactId'] },
        },
      },
    },
    config,
  );

export const leadEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'lead', version: '1', service: SERVICE },
      attributes: {
        leadId: { type: 'string', required: true, readOnly: true },
        firstName: { type: 'string' },
        lastName: { type: 'string', required: true },
        company: { type: 'string' },
        email: { type: 'string' },
        phone: { type: 'string' },
        source: { type: 'string' },
        status: { type: 'string', required: true },
        notes: { type: 'string' },
        ...ownership,
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['leadId'] }, sk: { field: 'sk', composite: [] } },
        byName: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['shard'] },
          sk: { field: 'gsi2sk', composite: ['sortName', 'leadId'] },
        },
        byOwner: {
          index: 'gsi3',
          pk: { field: 'gsi3pk', composite: ['ownerId'] },
          sk: { field: 'gsi3sk', composite: ['sortName', 'leadId'] },
        },
      },
    },
    config,
  );

/** Claims a unique value (a contact's email, a user's email) so uniqueness holds in a transaction. */
export const uniqueValueEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'uniqueValue', version: '1', service: SERVICE },
      attributes: {
        kind: { type: 'string', required: true, readOnly: true },
        value: { type: 'string', required: true, readOnly: true },
        holderId: { type: 'string', required: true },
      },
      indexes: {
        byValue: { pk: { field: 'pk', composite: ['kind', 'value'], casing: 'none' }, sk: { field: 'sk', composite: [] } },
      },
    },
    config,
  );

export const userEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'user', version: '1', service: SERVICE },
      attributes: {
        userId: { type: 'string', required: true, readOnly: true },
        email: { type: 'string', required: true },
        name: { type: 'string', required: true },
        /** scrypt hash for the local identity provider; absent for Cognito users */
        passwordHash: { type: 'string' },
        /** the identity provider's subject (Cognito `sub`, or the userId locally) */
        subject: { type: 'string', required: true },
        profile: { type: 'string', required: true },
        roles: { type: 'list', items: { type: 'string' }, required: true },
        groups: { type: 'list', items: { type: 'string' }, default: () => [] },
        managerId: { type: 'string' },
        active: { type: 'boolean', required: true },
        version: { type: 'number', default: () => 1 },
        lastLoginAt: { type: 'string' },
        createdAt: { type: 'string', required: true, readOnly: true },
        updatedAt: { type: 'string', required: true },
        shard: { type: 'string', hidden: true, watch: ['name'], set: (_, { name }) => rangeShard(sortName(name)) },
        sortName: { type: 'string', hidden: true, watch: ['name'], set: (_, { name }) => sortName(name) },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['userId'] }, sk: { field: 'sk', composite: [] } },
        byName: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['shard'] },
          sk: { field: 'gsi2sk', composite: ['sortName', 'userId'] },
        },
      },
    },
    config,
  );

/** The organisation's security settings (shared/access/settings.ts): one versioned item. */
export const securitySettingsEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'securitySettings', version: '1', service: SERVICE },
      attributes: {
        key: { type: 'string', required: true, readOnly: true },
        profiles: { type: 'any', required: true },
        roles: { type: 'any', required: true },
        groups: { type: 'any', required: true },
        orgDefaults: { type: 'any', required: true },
        sharingRules: { type: 'any', required: true },
        version: { type: 'number', required: true },
        updatedAt: { type: 'string', required: true },
        updatedBy: { type: 'string', required: true },
      },
      indexes: {
        byKey: { pk: { field: 'pk', composite: ['key'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    config,
  );

/**
 * A copy of a record under each role or group that may see it other than through
 * ownership, sorted by name: a manager's list is one Query on their role, not one per
 * subordinate. Written in the same transaction as the record.
 */
export const accessEntryEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'accessEntry', version: '1', service: SERVICE },
      attributes: {
        principal: { type: 'string', required: true, readOnly: true },
        recordType: { type: 'string', required: true, readOnly: true },
        sortName: { type: 'string', required: true },
        recordId: { type: 'string', required: true, readOnly: true },
        record: { type: 'any', required: true },
      },
      indexes: {
        byPrincipal: {
          pk: { field: 'pk', composite: ['principal', 'recordType'] },
          sk: { field: 'sk', composite: ['sortName', 'recordId'] },
        },
      },
    },
    config,
  );

/**
 * One audit trail entry. Written in the same transaction as the change it records and
 * never updated or deleted by the CRM; the stream copies it to the audit archive.
 */
export const auditEntryEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'auditEntry', version: '1', service: SERVICE },
      attributes: {
        auditId: { type: 'string', required: true, readOnly: true },
        at: { type: 'string', required: true, readOnly: true },
        day: { type: 'string', required: true, readOnly: true },
        subjectType: { type: 'string', required: true, readOnly: true },
        subjectId: { type: 'string', required: true, readOnly: true },
        action: { type: 'string', required: true, readOnly: true },
        actorId: { type: 'string', required: true, readOnly: true },
        summary: { type: 'string', readOnly: true },
        changes: { type: 'any', readOnly: true },
        ip: { type: 'string', readOnly: true },
        userAgent: { type: 'string', readOnly: true },
        requestId: { type: 'string', readOnly: true },
      },
      indexes: {
        bySubject: {
          pk: { field: 'pk', composite: ['subjectType', 'subjectId'] },
          sk: { field: 'sk', composite: ['at', 'auditId'] },
        },
        byDay: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['day'] },
          sk: { field: 'gsi2sk', composite: ['at', 'auditId'] },
        },
        byActor: {
          index: 'gsi3',
          pk: { field: 'gsi3pk', composite: ['actorId'] },
          sk: { field: 'gsi3sk', composite: ['at', 'auditId'] },
        },
      },
    },
    config,
  );

/** A reassignment or re-materialisation of access over many records, run by a workflow in batches. */
export const accessJobEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'accessJob', version: '1', service: SERVICE },
      attributes: {
        jobId: { type: 'string', required: true, readOnly: true },
        kind: { type: ['reassign', 'reindex'] as const, required: true },
        ownerIds: { type: 'list', items: { type: 'string' }, required: true },
        toUserId: { type: 'string' },
        status: { type: ['requested', 'done', 'failed'] as const, required: true },
        processed: { type: 'number', required: true },
        requestedBy: { type: 'string', required: true },
        origin: { type: 'any' },
        error: { type: 'string' },
        createdAt: { type: 'string', required: true, readOnly: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['jobId'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    config,
  );

/** A requested CSV export; expires (TTL) with its file. */
export const exportEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'export', version: '1', service: SERVICE },
      attributes: {
        exportId: { type: 'string', required: true, readOnly: true },
        entity: { type: ['accounts', 'contacts', 'leads', 'audit'] as const, required: true },
        /** audit exports: the days covered */
        from: { type: 'string' },
        to: { type: 'string' },
        status: { type: ['requested', 'ready', 'failed'] as const, required: true },
        requestedBy: { type: 'string', required: true },
        rowCount: { type: 'number' },
        blobKey: { type: 'string' },
        error: { type: 'string' },
        createdAt: { type: 'string', required: true, readOnly: true },
        updatedAt: { type: 'string', required: true },
        expiresAt: { type: 'number', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['exportId'] }, sk: { field: 'sk', composite: [] } },
      },
    },
    config,
  );

/** A retried request's remembered outcome, keyed by a hash of caller + route + Idempotency-Key. */
export const idempotencyEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'idempotency', version: '1', service: SERVICE },
      attributes: {
        keyHash: { type: 'string', required: true, readOnly: true },
        requestHash: { type: 'string', required: true },
        status: { type: ['in-progress', 'completed'] as const, required: true },
        lockedUntil: { type: 'number', required: true },
        response: { type: 'any' },
        expiresAt: { type: 'number', required: true },
      },
      indexes: {
        byKey: { pk: { field: 'pk', composite: ['keyHash'], casing: 'none' }, sk: { field: 'sk', composite: [] } },
      },
    },
    config,
  );
