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
  /** the record's values of unique custom fields, each claimed by an item of its own */
  uniqueClaims: { type: 'any' },
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
        annualRevenue: { type: 'number' },
        country: { type: 'string' },
        tags: { type: 'list', items: { type: 'string' } },
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
        birthday: { type: 'string' },
        customerSince: { type: 'string' },
        leadId: { type: 'string' },
        tags: { type: 'list', items: { type: 'string' } },
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
        campaign: { type: 'string' },
        title: { type: 'string' },
        industry: { type: 'string' },
        country: { type: 'string' },
        /** yearly revenue of the company, integer minor units of `currency` */
        annualRevenue: { type: 'number' },
        currency: { type: 'string' },
        website: { type: 'string' },
        /** BANT and CHAMP qualification */
        qualification: { type: 'any' },
        score: { type: 'number' },
        rating: { type: 'string' },
        mql: { type: 'boolean' },
        /** each scoring rule that fired and its points */
        scoreReasons: { type: 'any' },
        lastActivityAt: { type: 'string' },
        /** behaviour events that count towards the score, newest first (bounded) */
        behaviour: { type: 'any' },
        /** the web form it came from, and the visit's UTM values, referrer and landing page */
        formId: { type: 'string' },
        tracking: { type: 'any' },
        /** set on conversion: what the lead became */
        convertedAt: { type: 'string' },
        conversion: { type: 'any' },
        tags: { type: 'list', items: { type: 'string' } },
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

/**
 * A deal. `stage` is one of its pipeline's stages; the board reads a stage's deals by
 * close date from gsi4 (hash-sharded: a stage can hold most of the table's deals).
 */
export const opportunityEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'opportunity', version: '1', service: SERVICE },
      attributes: {
        opportunityId: { type: 'string', required: true, readOnly: true },
        name: { type: 'string', required: true },
        accountId: { type: 'string', required: true },
        /** integer minor units of `currency` */
        amount: { type: 'number', required: true },
        currency: { type: 'string', required: true },
        closeDate: { type: 'string', required: true },
        probability: { type: 'number', required: true },
        pipelineId: { type: 'string', required: true },
        stage: { type: 'string', required: true },
        /** open | won | lost, from the stage's kind in the pipeline */
        status: { type: 'string', required: true },
        stageEnteredAt: { type: 'string', required: true },
        lostReason: { type: 'string' },
        /** [{ contactId, role }] */
        contacts: { type: 'any' },
        /** the lead it was converted from */
        leadId: { type: 'string' },
        /** the web form its lead came from (form stats: won deals) */
        formId: { type: 'string' },
        tags: { type: 'list', items: { type: 'string' } },
        ...ownership,
        boardShard: { type: 'string', required: true, hidden: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['opportunityId'] }, sk: { field: 'sk', composite: [] } },
        byAccount: {
          index: 'gsi1',
          collection: 'accountContacts',
          pk: { field: 'gsi1pk', composite: ['accountId'] },
          sk: { field: 'gsi1sk', composite: ['opportunityId'] },
        },
        byName: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['shard'] },
          sk: { field: 'gsi2sk', composite: ['sortName', 'opportunityId'] },
        },
        byOwner: {
          index: 'gsi3',
          pk: { field: 'gsi3pk', composite: ['ownerId'] },
          sk: { field: 'gsi3sk', composite: ['sortName', 'opportunityId'] },
        },
        byStage: {
          index: 'gsi4',
          pk: { field: 'gsi4pk', composite: ['pipelineId', 'stage', 'boardShard'] },
          sk: { field: 'gsi4sk', composite: ['closeDate', 'opportunityId'] },
        },
      },
    },
    config,
  );

/**
 * A task, call, meeting, logged email or note, related to a record. Owned by the person
 * it is assigned to; their calendar reads gsi4 by due time.
 */
export const activityEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'activity', version: '1', service: SERVICE },
      attributes: {
        activityId: { type: 'string', required: true, readOnly: true },
        type: { type: ['task', 'call', 'meeting', 'email', 'note'] as const, required: true },
        subject: { type: 'string', required: true },
        description: { type: 'string' },
        /** the record it is about (lead, contact, account, opportunity) */
        relatedType: { type: 'string' },
        relatedId: { type: 'string' },
        /** the related record's account (a contact's, a deal's): its timeline gets the entry too */
        accountId: { type: 'string' },
        status: { type: ['open', 'completed', 'cancelled'] as const, required: true },
        dueAt: { type: 'string' },
        durationMinutes: { type: 'number' },
        attendees: { type: 'any' },
        outcome: { type: 'string' },
        completedAt: { type: 'string' },
        /** the task template it was made from: completing it creates the template's next task */
        templateId: { type: 'string' },
        reminder: { type: 'any' },
        tags: { type: 'list', items: { type: 'string' } },
        ...ownership,
        /** calendar order: dueAt, or the creation time for undated activities */
        calendarAt: { type: 'string', required: true, hidden: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['activityId'] }, sk: { field: 'sk', composite: [] } },
        byRelated: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['relatedId'] },
          sk: { field: 'gsi1sk', composite: ['calendarAt', 'activityId'] },
        },
        byName: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['shard'] },
          sk: { field: 'gsi2sk', composite: ['sortName', 'activityId'] },
        },
        byOwner: {
          index: 'gsi3',
          pk: { field: 'gsi3pk', composite: ['ownerId'] },
          sk: { field: 'gsi3sk', composite: ['sortName', 'activityId'] },
        },
        byCalendar: {
          index: 'gsi4',
          pk: { field: 'gsi4pk', composite: ['ownerId'] },
          sk: { field: 'gsi4sk', composite: ['calendarAt', 'activityId'] },
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

/** A tagged record under its tag, by name: "leads tagged vip" is one Query (with a copy of the record, like access entries). */
export const tagLinkEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'tagLink', version: '1', service: SERVICE },
      attributes: {
        recordType: { type: 'string', required: true, readOnly: true },
        tag: { type: 'string', required: true, readOnly: true },
        sortName: { type: 'string', required: true },
        recordId: { type: 'string', required: true, readOnly: true },
        record: { type: 'any', required: true },
      },
      indexes: {
        byTag: {
          pk: { field: 'pk', composite: ['recordType', 'tag'] },
          sk: { field: 'sk', composite: ['sortName', 'recordId'] },
        },
      },
    },
    config,
  );

/**
 * A deal under each principal that may see it (its owner, and the roles and groups of its
 * grants), by pipeline stage and close date: a restricted user's board is one Query per
 * principal and stage, not a filter over every deal.
 */
export const boardEntryEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'boardEntry', version: '1', service: SERVICE },
      attributes: {
        principal: { type: 'string', required: true, readOnly: true },
        pipelineId: { type: 'string', required: true },
        stage: { type: 'string', required: true },
        closeDate: { type: 'string', required: true },
        recordId: { type: 'string', required: true, readOnly: true },
        record: { type: 'any', required: true },
      },
      indexes: {
        byStage: {
          pk: { field: 'pk', composite: ['principal', 'pipelineId', 'stage'] },
          sk: { field: 'sk', composite: ['closeDate', 'recordId'] },
        },
      },
    },
    config,
  );

/** A lead or contact under each normalised email, phone and company it has: duplicate lookup is one Query per key. */
export const matchKeyEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'matchKey', version: '1', service: SERVICE },
      attributes: {
        matchKind: { type: 'string', required: true, readOnly: true },
        value: { type: 'string', required: true, readOnly: true },
        recordType: { type: 'string', required: true, readOnly: true },
        recordId: { type: 'string', required: true, readOnly: true },
        record: { type: 'any', required: true },
      },
      indexes: {
        byKey: {
          pk: { field: 'pk', composite: ['matchKind', 'value'], casing: 'none' },
          sk: { field: 'sk', composite: ['recordType', 'recordId'] },
        },
      },
    },
    config,
  );

/** A versioned settings document other than security (pipelines, lead scoring, custom fields): one item each. */
export const settingsDocumentEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'settingsDocument', version: '1', service: SERVICE },
      attributes: {
        key: { type: 'string', required: true, readOnly: true },
        body: { type: 'any', required: true },
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

/** One stage change of an opportunity: kept for time-in-stage and funnel reports, by deal and by pipeline month. */
export const stageChangeEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'stageChange', version: '1', service: SERVICE },
      attributes: {
        changeId: { type: 'string', required: true, readOnly: true },
        opportunityId: { type: 'string', required: true, readOnly: true },
        pipelineId: { type: 'string', required: true, readOnly: true },
        /** null when the deal was created in `to` */
        from: { type: 'string' },
        to: { type: 'string', required: true, readOnly: true },
        at: { type: 'string', required: true, readOnly: true },
        month: { type: 'string', required: true, readOnly: true },
        by: { type: 'string', required: true, readOnly: true },
      },
      indexes: {
        byOpportunity: {
          pk: { field: 'pk', composite: ['opportunityId'] },
          sk: { field: 'sk', composite: ['at', 'changeId'] },
        },
        byPipelineMonth: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['pipelineId', 'month'] },
          sk: { field: 'gsi2sk', composite: ['at', 'changeId'] },
        },
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
        entity: { type: ['accounts', 'contacts', 'leads', 'opportunities', 'audit'] as const, required: true },
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
