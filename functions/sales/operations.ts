/** Handlers of the sales routes (functions/http/routes/sales.ts): parse → domain → respond. */
import { ForbiddenError } from '../../shared/platform/errors';
import { hasRecordPrivilege } from '../../shared/access/policy';
import { readVisible, type StoredRecord } from '../../shared/access/records';
import type { Actor } from '../../shared/crm/actor';
import { contactKind, leadKind, opportunityKind } from '../../shared/crm/kinds';
import { recordBehaviour, rescoredLead } from '../../shared/crm/leads';
import { tagCloud } from '../../shared/crm/tags';
import { createOpportunity, deleteOpportunity, listOpportunities, stageHistory, updateOpportunity } from '../../shared/sales/opportunities';
import { getBoard, stageDeals } from '../../shared/sales/board';
import { pipelineFunnel } from '../../shared/sales/funnel';
import { asResponse, readDocument, saveDocument } from '../../shared/sales/settings-documents';
import { pipelinesDocument } from '../../shared/sales/pipelines';
import { scoringDocument } from '../../shared/sales/lead-scoring';
import { customFieldsDocument } from '../../shared/sales/custom-values';
import { conversionCandidates, convertLead } from '../../shared/sales/conversion';
import { findDuplicates } from '../../shared/sales/duplicate-keys';
import { mergeRecords } from '../../shared/sales/merge';
import type { Operations } from '../http/http-handler';
import { getOne, history, page } from '../http/record-operations';
import { db } from '../http/deps';

type SalesOperationIds = (typeof import('../http/routes/sales'))['salesRoutes'][number]['operationId'];

/** What a record is matched on: its own email, phone, company and name. */
const matchFieldsOf = (record: StoredRecord) => ({
  firstName: record.firstName as string | undefined,
  lastName: record.lastName as string | undefined,
  email: record.email as string | undefined,
  phone: record.phone as string | undefined,
  company: record.company as string | undefined,
});

/** Conversion makes records of other types: the profile must allow creating each. */
function mayConvert(actor: Actor, body: { account?: object; contactId?: string; opportunity?: object }) {
  const needs: ['account' | 'contact' | 'opportunity', boolean][] = [
    ['account', !(body.account && 'accountId' in body.account)],
    ['contact', !body.contactId],
    ['opportunity', Boolean(body.opportunity)],
  ];
  for (const [type, needed] of needs) {
    if (needed && !hasRecordPrivilege(actor, type, 'create')) throw new ForbiddenError(`Your profile may not create ${type} records, which this conversion makes`);
  }
}

export const salesOperations: Pick<Operations<'sales'>, SalesOperationIds> = {
  createOpportunity: ({ actor, body }) => createOpportunity(db(), actor, body),
  listOpportunities: async ({ actor, query }) => page(await listOpportunities(db(), actor, query)),
  getOpportunity: getOne(opportunityKind, (p) => p.opportunityId!),
  updateOpportunity: ({ actor, params, body }) => updateOpportunity(db(), actor, params.opportunityId, body),
  deleteOpportunity: ({ actor, params }) => deleteOpportunity(db(), actor, params.opportunityId),
  opportunityHistory: ({ actor, params, query }) => history(actor, opportunityKind, params.opportunityId, query),
  opportunityStages: ({ actor, params }) => stageHistory(db(), actor, params.opportunityId),

  listPipelines: async () => asResponse(await readDocument(db(), pipelinesDocument)),
  savePipelines: async ({ actor, body }) => asResponse(await saveDocument(db(), actor, pipelinesDocument, body.settings, body.version)),
  getBoard: ({ actor, params, query }) => getBoard(db(), actor, params.pipelineId, query),
  stageDeals: ({ actor, params, query }) => stageDeals(db(), actor, params.pipelineId, params.stageId, query),
  pipelineFunnel: ({ params, query }) => pipelineFunnel(db(), params.pipelineId, query),

  getScoring: async () => asResponse(await readDocument(db(), scoringDocument)),
  saveScoring: async ({ actor, body }) => asResponse(await saveDocument(db(), actor, scoringDocument, body.settings, body.version)),
  recordLeadBehaviour: async ({ actor, params, body }) => {
    await recordBehaviour(db(), actor, params.leadId, body);
    return rescoredLead(db(), actor, await readVisible(db(), actor, leadKind, params.leadId));
  },
  conversionCandidates: ({ actor, params }) => conversionCandidates(db(), actor, params.leadId),
  convertLead: ({ actor, params, body }) => {
    mayConvert(actor, body);
    return convertLead(db(), actor, params.leadId, body);
  },

  checkDuplicates: ({ actor, body }) => findDuplicates(db(), actor, body),
  leadDuplicates: async ({ actor, params }) => {
    const lead = await readVisible(db(), actor, leadKind, params.leadId);
    return findDuplicates(db(), actor, { ...matchFieldsOf(lead), excludeId: params.leadId });
  },
  contactDuplicates: async ({ actor, params }) => {
    const contact = await readVisible(db(), actor, contactKind, params.contactId);
    return findDuplicates(db(), actor, { ...matchFieldsOf(contact), excludeId: params.contactId });
  },
  mergeLeads: ({ actor, params, body }) => mergeRecords(db(), actor, 'lead', params.leadId, body),
  mergeContacts: ({ actor, params, body }) => mergeRecords(db(), actor, 'contact', params.contactId, body),

  tagCloud: async ({ actor, params }) => {
    if (!hasRecordPrivilege(actor, params.recordType, 'read')) throw new ForbiddenError(`Your profile may not read ${params.recordType} records`);
    return { items: await tagCloud(db(), params.recordType) };
  },
  getCustomFields: async () => asResponse(await readDocument(db(), customFieldsDocument)),
  saveCustomFields: async ({ actor, body }) => asResponse(await saveDocument(db(), actor, customFieldsDocument, body.settings, body.version)),
};
