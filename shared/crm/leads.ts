import { newId } from '../platform/ids';
import type { Database } from '../platform/database';
import { createRecord, deleteRecord, listVisible, present, readVisible, updateRecord } from '../access/records';
import type { Actor } from './actor';
import { leadKind } from './kinds';
import type { Lead, LeadCreate, LeadListQuery, LeadPatch } from './schemas';

export { leadKind };

export const createLead = (db: Database, actor: Actor, input: LeadCreate) => createRecord<Lead>(db, actor, leadKind, newId(), input);

export const getLead = async (db: Database, actor: Actor, leadId: string) =>
  present<Lead>(actor, leadKind, await readVisible(db, actor, leadKind, leadId));

export const updateLead = (db: Database, actor: Actor, leadId: string, patch: LeadPatch) =>
  updateRecord<Lead>(db, actor, leadKind, leadId, patch);

export const deleteLead = (db: Database, actor: Actor, leadId: string) => deleteRecord(db, actor, leadKind, leadId);

export const listLeads = (db: Database, actor: Actor, query: LeadListQuery) =>
  listVisible<Lead>(db, actor, leadKind, query);
