/**
 * How a workflow reads and changes the record it runs on: through each record type's own
 * domain functions, so the same checks, companions, audit entries and events apply as
 * when a person makes the change.
 */
import { loadRecord, type RecordKind, type StoredRecord } from '../access/records';
import type { Actor } from '../crm/actor';
import { accountKind, activityKind, contactKind, leadKind, opportunityKind } from '../crm/kinds';
import { updateAccount } from '../crm/accounts';
import { updateContact } from '../crm/contacts';
import { updateLead } from '../crm/leads';
import { updateOpportunity } from '../sales/opportunities';
import { updateActivity, type ActivityPorts } from '../activities/activities';
import type { Database } from '../platform/database';
import type { WorkflowRecordType } from './schemas';

export const KINDS: Record<WorkflowRecordType, RecordKind> = {
  lead: leadKind,
  contact: contactKind,
  account: accountKind,
  opportunity: opportunityKind,
  activity: activityKind,
};

export const loadWorkflowRecord = (db: Database, type: WorkflowRecordType, id: string): Promise<StoredRecord | undefined> => loadRecord(db, KINDS[type], id);

type Patch = Record<string, unknown> & { version: number };

export function updateWorkflowRecord(db: Database, actor: Actor, ports: ActivityPorts, type: WorkflowRecordType, id: string, patch: Patch) {
  switch (type) {
    case 'lead':
      return updateLead(db, actor, id, patch as never);
    case 'contact':
      return updateContact(db, actor, id, patch as never);
    case 'account':
      return updateAccount(db, actor, id, patch as never);
    case 'opportunity':
      return updateOpportunity(db, actor, id, patch as never);
    case 'activity':
      return updateActivity(db, actor, ports, id, patch as never);
  }
}
