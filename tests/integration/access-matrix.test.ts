/**
 * Every seeded profile against every route, through the HTTP layer on DynamoDB Local.
 * The expectations are written out by hand from the README's profile table: a route
 * added without a row here fails the test, and so does a profile that gets more or less
 * than the table says. Each caller acts on records it owns, so only its profile decides.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/http/routes';
import { routeKey } from '../../functions/http/route';
import { startTestCrm, type TestCrm, type TestUser } from '../support/crm';
import { createDatabase } from '../../shared/platform/database';

const PROFILES = ['administrator', 'sales-manager', 'sales-rep', 'marketing', 'support'] as const;
type Profile = (typeof PROFILES)[number];
const ALL: Profile[] = [...PROFILES];
const ADMIN: Profile[] = ['administrator'];
const MANAGERS: Profile[] = ['administrator', 'sales-manager'];
const SALES: Profile[] = ['administrator', 'sales-manager', 'sales-rep'];
/** the manageWorkflows privilege */
const AUTOMATION: Profile[] = ['administrator', 'marketing'];

/** operationId → the profiles allowed to call it ('public' routes need no token at all). */
const EXPECTED: Record<string, Profile[] | 'public'> = {
  health: 'public',
  openapi: 'public',
  login: 'public',
  me: ALL,
  listUsers: ALL,
  getUser: ALL,
  createUser: ADMIN,
  updateUser: ADMIN,
  reassignRecords: ADMIN,
  getAccessJob: ADMIN,
  getSecuritySettings: ADMIN,
  saveSecuritySettings: ADMIN,
  queryAudit: ADMIN,
  createAccount: SALES,
  listAccounts: ALL,
  getAccount: ALL,
  updateAccount: SALES,
  deleteAccount: MANAGERS,
  accountHistory: ALL,
  createContact: [...SALES, 'marketing'],
  listContacts: ALL,
  getContact: ALL,
  updateContact: ALL,
  deleteContact: MANAGERS,
  contactHistory: ALL,
  createLead: [...SALES, 'marketing'],
  listLeads: [...SALES, 'marketing'],
  getLead: [...SALES, 'marketing'],
  updateLead: [...SALES, 'marketing'],
  deleteLead: [...MANAGERS, 'marketing'],
  leadHistory: [...SALES, 'marketing'],
  requestExport: [...MANAGERS, 'marketing'],
  getExport: [...MANAGERS, 'marketing'],
  downloadExport: [...MANAGERS, 'marketing'],
  // CSV import: the import privilege (and create on the record type, which these profiles have for leads)
  previewImport: [...MANAGERS, 'marketing'],
  requestImport: [...MANAGERS, 'marketing'],
  listImports: [...MANAGERS, 'marketing'],
  getImport: [...MANAGERS, 'marketing'],
  listImportRows: [...MANAGERS, 'marketing'],
  // Activities: every seeded profile has all rights on them; a record's activities and
  // timeline need the right to read that record.
  createActivity: ALL,
  listActivities: ALL,
  getActivity: ALL,
  updateActivity: ALL,
  deleteActivity: ALL,
  snoozeReminder: ALL,
  dismissReminder: ALL,
  dueReminders: ALL,
  leadActivities: [...SALES, 'marketing'],
  contactActivities: ALL,
  accountActivities: ALL,
  opportunityActivities: [...SALES, 'marketing'],
  getCalendar: ALL,
  createCalendarFeedToken: ALL,
  calendarFeed: 'public',
  leadTimeline: [...SALES, 'marketing'],
  contactTimeline: ALL,
  accountTimeline: ALL,
  opportunityTimeline: [...SALES, 'marketing'],
  // Sales: deals are edited by sales, read by marketing; pipelines readable by all.
  createOpportunity: SALES,
  listOpportunities: [...SALES, 'marketing'],
  getOpportunity: [...SALES, 'marketing'],
  updateOpportunity: SALES,
  deleteOpportunity: MANAGERS,
  opportunityHistory: [...SALES, 'marketing'],
  opportunityStages: [...SALES, 'marketing'],
  listPipelines: ALL,
  savePipelines: ADMIN,
  getBoard: [...SALES, 'marketing'],
  stageDeals: [...SALES, 'marketing'],
  pipelineFunnel: [...SALES, 'marketing'],
  getScoring: [...SALES, 'marketing'],
  saveScoring: ADMIN,
  recordLeadBehaviour: [...SALES, 'marketing'],
  conversionCandidates: [...SALES, 'marketing'],
  // marketing may update leads but not create the accounts and deals a conversion makes
  convertLead: SALES,
  checkDuplicates: ALL,
  leadDuplicates: [...SALES, 'marketing'],
  contactDuplicates: ALL,
  mergeLeads: [...MANAGERS, 'marketing'],
  mergeContacts: MANAGERS,
  tagCloud: ALL,
  getCustomFields: ALL,
  saveCustomFields: ADMIN,
  // Automation: building workflows, templates and webhooks takes manageWorkflows; everyone
  // reads the event catalogue and templates (to make a task from one) and their own notifications.
  listEventTypes: ALL,
  listWorkflows: AUTOMATION,
  createWorkflow: AUTOMATION,
  getWorkflow: AUTOMATION,
  updateWorkflow: AUTOMATION,
  deleteWorkflow: AUTOMATION,
  listWorkflowRuns: AUTOMATION,
  getWorkflowRun: AUTOMATION,
  runDateTriggers: AUTOMATION,
  listEmailTemplates: ALL,
  createEmailTemplate: AUTOMATION,
  updateEmailTemplate: AUTOMATION,
  deleteEmailTemplate: AUTOMATION,
  listTaskTemplates: ALL,
  createTaskTemplate: AUTOMATION,
  updateTaskTemplate: AUTOMATION,
  deleteTaskTemplate: AUTOMATION,
  listNotifications: ALL,
  readNotification: ALL,
  listWebhooks: AUTOMATION,
  createWebhook: AUTOMATION,
  getWebhook: AUTOMATION,
  updateWebhook: AUTOMATION,
  deleteWebhook: AUTOMATION,
  rotateWebhookSecret: AUTOMATION,
  testWebhook: AUTOMATION,
  listWebhookDeliveries: AUTOMATION,
  redriveWebhookDelivery: AUTOMATION,
  // Web forms: built by those who manage automation; filled in by anyone on the web.
  listForms: AUTOMATION,
  createForm: AUTOMATION,
  getForm: AUTOMATION,
  updateForm: AUTOMATION,
  deleteForm: AUTOMATION,
  formEmbed: AUTOMATION,
  formStats: AUTOMATION,
  listFormSubmissions: AUTOMATION,
  redriveFormSubmission: AUTOMATION,
  publicForm: 'public',
  submitForm: 'public',
  hostedForm: 'public',
  formThankYou: 'public',
  formSnippet: 'public',
};

let crm: TestCrm;
const users = {} as Record<Profile, TestUser>;
let seq = 0;

beforeAll(async () => {
  // short retries: the webhook fixtures' deliveries fail (nothing listens) and go dead at once
  crm = await startTestCrm({ workflowRetryMs: 1 });
  const roles: Record<Profile, string[]> = {
    administrator: [],
    'sales-manager': ['sales-manager'],
    'sales-rep': ['sales-rep'],
    marketing: ['marketer'],
    support: ['support-agent'],
  };
  for (const profile of PROFILES) users[profile] = await crm.newUser({ profile, roles: roles[profile] });
}, 60_000);
afterAll(() => crm?.stop());

const json = async <T>(pending: Response | Promise<Response>) => {
  const response = await pending;
  if (response.status >= 300) throw new Error(`${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};

/** Polls until the answer is as wanted: cases run side by side, so the runtime is never quiet enough to settle. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() - started > ms) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Fixtures owned by the caller, made by the admin when a request needs them, fresh for each request. */
function fixtures(owner: TestUser) {
  const n = ++seq;
  const once = <T>(make: () => Promise<T>) => {
    let made: Promise<T> | undefined;
    return () => (made ??= make());
  };
  const account = once(() => json<{ accountId: string }>(crm.api('/accounts', { method: 'POST', json: { name: `Matrix ${n}`, ownerId: owner.userId } })));
  return {
    n,
    account,
    contact: once(async () =>
      json<{ contactId: string }>(
        crm.api('/contacts', { method: 'POST', json: { accountId: (await account()).accountId, lastName: `Matrix ${n}`, email: `m${n}@matrix.test`, ownerId: owner.userId } }),
      ),
    ),
    lead: once(() => json<{ leadId: string }>(crm.api('/leads', { method: 'POST', json: { lastName: `Matrix ${n}`, ownerId: owner.userId } }))),
    target: once(() => crm.newUser({ profile: 'sales-rep', roles: ['sales-rep'] })),
    activity: once(async () =>
      json<{ activityId: string }>(
        crm.api('/activities', {
          method: 'POST',
          json: { type: 'task', subject: `Matrix ${n}`, relatedType: 'account', relatedId: (await account()).accountId, ownerId: owner.userId, reminder: { at: new Date(Date.now() + 3_600_000).toISOString() } },
        }),
      ),
    ),
    opportunity: once(async () =>
      json<{ opportunityId: string; version: number }>(
        crm.api('/opportunities', { method: 'POST', json: { name: `Matrix ${n}`, accountId: (await account()).accountId, amount: 100_000, currency: 'EUR', closeDate: '2026-12-31', ownerId: owner.userId } }),
      ),
    ),
    twoLeads: once(async () => {
      const make = (i: number) => json<{ leadId: string }>(crm.api('/leads', { method: 'POST', json: { lastName: `Twin ${n}`, email: `twin${n}-${i}@matrix.test`, ownerId: owner.userId } }));
      return Promise.all([make(1), make(2)]);
    }),
    twoContacts: once(async () => {
      const accountId = (await account()).accountId;
      const make = (i: number) => json<{ contactId: string }>(crm.api('/contacts', { method: 'POST', json: { accountId, lastName: `Twin ${n}`, email: `ctwin${n}-${i}@matrix.test`, ownerId: owner.userId } }));
      return Promise.all([make(1), make(2)]);
    }),
    convertible: once(() => json<{ leadId: string }>(crm.api('/leads', { method: 'POST', json: { lastName: `Convert ${n}`, company: `Convert ${n} Co`, email: `conv${n}@matrix.test`, ownerId: owner.userId } }))),
    workflow: once(() =>
      json<{ workflowId: string; version: number }>(
        crm.api('/workflows', { method: 'POST', json: { name: `Matrix ${n}`, enabled: false, trigger: { type: 'recordCreated', recordType: 'lead' }, actions: [{ type: 'addTag', tag: 'matrix' }] } }),
      ),
    ),
    emailTemplate: once(() => json<{ templateId: string }>(crm.api('/email-templates', { method: 'POST', json: { name: `Matrix ${n}`, subject: 'Hi {{firstName}}', body: 'Hello' } }))),
    taskTemplate: once(() => json<{ templateId: string }>(crm.api('/task-templates', { method: 'POST', json: { name: `Matrix ${n}`, subject: 'Call', dueInDays: 1 } }))),
    run: once(async () => {
      const { workflowId } = await json<{ workflowId: string }>(
        crm.api('/workflows', { method: 'POST', json: { name: `Run ${n}`, trigger: { type: 'recordCreated', recordType: 'account' }, conditions: { all: [{ field: 'name', op: 'eq', value: `Run ${n}` }] }, actions: [{ type: 'addTag', tag: 'ran' }] } }),
      );
      await json<unknown>(crm.api('/accounts', { method: 'POST', json: { name: `Run ${n}` } }));
      const runs = await until(() => json<{ items: { runId: string }[] }>(crm.api(`/workflows/${workflowId}/runs`)), (r) => r.items.length > 0);
      return { workflowId, runId: runs.items[0]!.runId };
    }),
    notification: once(async () => {
      const { workflowId } = await json<{ workflowId: string }>(
        crm.api('/workflows', { method: 'POST', json: { name: `Notify ${n}`, trigger: { type: 'recordCreated', recordType: 'account' }, conditions: { all: [{ field: 'name', op: 'eq', value: `Notify ${n}` }] }, actions: [{ type: 'notify', userId: owner.userId, message: 'Matrix' }] } }),
      );
      await json<unknown>(crm.api('/accounts', { method: 'POST', json: { name: `Notify ${n}` } }));
      const notes = await until(() => json<{ items: { notificationId: string }[] }>(crm.api('/me/notifications', { token: owner.token })), (r) => r.items.length > 0);
      await crm.api(`/workflows/${workflowId}`, { method: 'DELETE' });
      return notes.items[0]!;
    }),
    form: once(() =>
      json<{ formId: string; version: number }>(
        crm.api('/forms', {
          method: 'POST',
          json: { name: `Matrix ${n}`, minFillSeconds: 0, fields: [{ key: 'email', type: 'email', label: { en: 'Email' }, required: true, mapsTo: 'email' }] },
        }),
      ),
    ),
    failedSubmission: once(async () => {
      const { formId } = await json<{ formId: string }>(
        crm.api('/forms', { method: 'POST', json: { name: `Failing ${n}`, minFillSeconds: 0, fields: [{ key: 'email', type: 'email', label: { en: 'Email' }, required: true, mapsTo: 'email' }] } }),
      );
      const { token } = await json<{ token: string }>(fetch(`${crm.url}/public/forms/${formId}`));
      const { submissionId } = await json<{ submissionId: string }>(
        fetch(`${crm.url}/public/forms/${formId}/submissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `f${n}@matrix.test`, _token: token }) }),
      );
      // processing rarely fails for good; this test is about who may re-drive, so the failure is set directly
      // (processing only takes a submission that is still "received", so it leaves this one alone)
      const db = createDatabase({ tableName: crm.tableName, endpoint: crm.dynamoEndpoint });
      await db.entities.formSubmission.patch({ formId, submissionId }).set({ status: 'failed', error: 'matrix' }).go();
      return { formId, submissionId };
    }),
    webhook: once(() =>
      json<{ subscriptionId: string; version: number }>(crm.api('/webhooks', { method: 'POST', json: { name: `Matrix ${n}`, url: 'http://127.0.0.1:9/matrix', eventTypes: ['Lead Created'] } })),
    ),
    deadDelivery: once(async () => {
      const { subscriptionId } = await json<{ subscriptionId: string }>(crm.api('/webhooks', { method: 'POST', json: { name: `Dead ${n}`, url: 'http://127.0.0.1:9/dead', eventTypes: ['Lead Created'] } }));
      await json<unknown>(crm.api(`/webhooks/${subscriptionId}/test`, { method: 'POST' }));
      const dead = await until(() => json<{ items: { deliveryId: string }[] }>(crm.api(`/webhooks/${subscriptionId}/deliveries?status=dead`)), (r) => r.items.length > 0);
      return dead.items[0]!;
    }),
  };
}

interface Call {
  path: string;
  method?: string;
  json?: unknown;
}

const adminExport = { exportId: '' };
const adminImport = { importId: '' };
const IMPORT = { entity: 'leads', csv: 'Last Name,Email\nMatrix,\n', mapping: { 'Last Name': 'lastName', Email: 'email' } };
const adminJob = { jobId: '' };

async function callFor(operationId: string, caller: TestUser): Promise<Call> {
  const f = fixtures(caller);
  switch (operationId) {
    case 'health':
      return { path: '/health' };
    case 'openapi':
      return { path: '/openapi.json' };
    case 'login':
      return { path: '/auth/login', method: 'POST', json: { email: caller.email, password: 'test-password-123' } };
    case 'me':
      return { path: '/me' };
    case 'listUsers':
      return { path: '/users' };
    case 'getUser':
      return { path: `/users/${(await f.target()).userId}` };
    case 'createUser':
      return { path: '/users', method: 'POST', json: { email: `made-${f.n}@matrix.test`, name: 'Made', profile: 'sales-rep', password: 'another-password-1' } };
    case 'updateUser':
      return { path: `/users/${(await f.target()).userId}`, method: 'PATCH', json: { name: 'Renamed', version: 1 } };
    case 'reassignRecords':
      return { path: `/users/${(await f.target()).userId}/reassign`, method: 'POST', json: { toUserId: caller.userId } };
    case 'getAccessJob':
      return { path: `/access-jobs/${adminJob.jobId}` };
    case 'getSecuritySettings':
      return { path: '/admin/security' };
    case 'saveSecuritySettings': {
      const { updatedAt: _a, updatedBy: _b, ...settings } = await json<Record<string, unknown>>(crm.api('/admin/security'));
      return { path: '/admin/security', method: 'PUT', json: settings };
    }
    case 'queryAudit':
      return { path: `/audit?actorId=${caller.userId}` };
    case 'createAccount':
      return { path: '/accounts', method: 'POST', json: { name: `Created ${f.n}` } };
    case 'listAccounts':
      return { path: '/accounts' };
    case 'getAccount':
      return { path: `/accounts/${(await f.account()).accountId}` };
    case 'updateAccount':
      return { path: `/accounts/${(await f.account()).accountId}`, method: 'PATCH', json: { industry: 'Matrix', version: 1 } };
    case 'deleteAccount':
      return { path: `/accounts/${(await f.account()).accountId}`, method: 'DELETE' };
    case 'accountHistory':
      return { path: `/accounts/${(await f.account()).accountId}/history` };
    case 'createContact':
      return { path: '/contacts', method: 'POST', json: { accountId: (await f.account()).accountId, lastName: 'New', email: `new${f.n}@matrix.test` } };
    case 'listContacts':
      return { path: '/contacts' };
    case 'getContact':
      return { path: `/contacts/${(await f.contact()).contactId}` };
    case 'updateContact':
      return { path: `/contacts/${(await f.contact()).contactId}`, method: 'PATCH', json: { title: 'Matrix', version: 1 } };
    case 'deleteContact':
      return { path: `/contacts/${(await f.contact()).contactId}`, method: 'DELETE' };
    case 'contactHistory':
      return { path: `/contacts/${(await f.contact()).contactId}/history` };
    case 'createLead':
      return { path: '/leads', method: 'POST', json: { lastName: `Lead ${f.n}` } };
    case 'listLeads':
      return { path: '/leads' };
    case 'getLead':
      return { path: `/leads/${(await f.lead()).leadId}` };
    case 'updateLead':
      return { path: `/leads/${(await f.lead()).leadId}`, method: 'PATCH', json: { status: 'working', version: 1 } };
    case 'deleteLead':
      return { path: `/leads/${(await f.lead()).leadId}`, method: 'DELETE' };
    case 'leadHistory':
      return { path: `/leads/${(await f.lead()).leadId}/history` };
    case 'requestExport':
      return { path: '/exports', method: 'POST', json: { entity: 'accounts' } };
    case 'getExport':
    case 'downloadExport': {
      const own = await crm.api('/exports', { method: 'POST', json: { entity: 'accounts' }, token: caller.token });
      const exportId = own.status === 202 ? ((await own.json()) as { exportId: string }).exportId : adminExport.exportId;
      const status = await until(() => json<{ status: string; error?: string }>(crm.api(`/exports/${exportId}`)), (e) => e.status !== 'requested');
      if (status.status === 'failed') throw new Error(`the export failed: ${status.error}`);
      return { path: operationId === 'getExport' ? `/exports/${exportId}` : `/exports/${exportId}/file` };
    }
    case 'previewImport':
      return { path: '/imports/preview', method: 'POST', json: { entity: 'leads', csv: IMPORT.csv } };
    case 'requestImport':
      return { path: '/imports', method: 'POST', json: IMPORT };
    case 'listImports':
      return { path: '/imports' };
    case 'getImport':
    case 'listImportRows': {
      const own = await crm.api('/imports', { method: 'POST', json: IMPORT, token: caller.token });
      const importId = own.status === 202 ? ((await own.json()) as { importId: string }).importId : adminImport.importId;
      return { path: operationId === 'getImport' ? `/imports/${importId}` : `/imports/${importId}/rows` };
    }
    case 'createActivity':
      return { path: '/activities', method: 'POST', json: { type: 'task', subject: `Created ${f.n}`, relatedType: 'account', relatedId: (await f.account()).accountId } };
    case 'listActivities':
      return { path: '/activities' };
    case 'getActivity':
      return { path: `/activities/${(await f.activity()).activityId}` };
    case 'updateActivity':
      return { path: `/activities/${(await f.activity()).activityId}`, method: 'PATCH', json: { subject: 'Matrix changed', version: 1 } };
    case 'deleteActivity':
      return { path: `/activities/${(await f.activity()).activityId}`, method: 'DELETE' };
    case 'snoozeReminder':
      return { path: `/activities/${(await f.activity()).activityId}/reminder/snooze`, method: 'POST', json: { minutes: 5 } };
    case 'dismissReminder':
      return { path: `/activities/${(await f.activity()).activityId}/reminder/dismiss`, method: 'POST' };
    case 'dueReminders':
      return { path: '/reminders/due' };
    case 'leadActivities':
      return { path: `/leads/${(await f.lead()).leadId}/activities` };
    case 'contactActivities':
      return { path: `/contacts/${(await f.contact()).contactId}/activities` };
    case 'accountActivities':
      return { path: `/accounts/${(await f.account()).accountId}/activities` };
    case 'opportunityActivities':
      return { path: `/opportunities/${(await f.opportunity()).opportunityId}/activities` };
    case 'getCalendar':
      return { path: '/calendar?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z' };
    case 'createCalendarFeedToken':
      return { path: '/calendar/feed-token', method: 'POST' };
    case 'calendarFeed': {
      const { url } = await json<{ url: string }>(crm.api('/calendar/feed-token', { method: 'POST', token: caller.token }));
      return { path: new URL(url).pathname + new URL(url).search };
    }
    case 'leadTimeline':
      return { path: `/leads/${(await f.lead()).leadId}/timeline` };
    case 'contactTimeline':
      return { path: `/contacts/${(await f.contact()).contactId}/timeline` };
    case 'accountTimeline':
      return { path: `/accounts/${(await f.account()).accountId}/timeline` };
    case 'opportunityTimeline':
      return { path: `/opportunities/${(await f.opportunity()).opportunityId}/timeline` };
    case 'createOpportunity':
      return { path: '/opportunities', method: 'POST', json: { name: `Created ${f.n}`, accountId: (await f.account()).accountId, amount: 5000, currency: 'EUR', closeDate: '2027-01-31' } };
    case 'listOpportunities':
      return { path: '/opportunities' };
    case 'getOpportunity':
      return { path: `/opportunities/${(await f.opportunity()).opportunityId}` };
    case 'updateOpportunity':
      return { path: `/opportunities/${(await f.opportunity()).opportunityId}`, method: 'PATCH', json: { stage: 'proposal', version: 1 } };
    case 'deleteOpportunity':
      return { path: `/opportunities/${(await f.opportunity()).opportunityId}`, method: 'DELETE' };
    case 'opportunityHistory':
      return { path: `/opportunities/${(await f.opportunity()).opportunityId}/history` };
    case 'opportunityStages':
      return { path: `/opportunities/${(await f.opportunity()).opportunityId}/stages` };
    case 'listPipelines':
      return { path: '/pipelines' };
    case 'savePipelines': {
      const current = await json<{ settings: unknown; version: number }>(crm.api('/pipelines'));
      return { path: '/admin/pipelines', method: 'PUT', json: { settings: current.settings, version: current.version } };
    }
    case 'getBoard':
      return { path: '/pipelines/new-business/board' };
    case 'stageDeals':
      return { path: '/pipelines/new-business/stages/prospecting/deals' };
    case 'pipelineFunnel':
      return { path: '/pipelines/new-business/funnel?from=2026-01&to=2026-12' };
    case 'getScoring':
      return { path: '/scoring' };
    case 'saveScoring': {
      const current = await json<{ settings: unknown; version: number }>(crm.api('/scoring'));
      return { path: '/admin/scoring', method: 'PUT', json: { settings: current.settings, version: current.version } };
    }
    case 'recordLeadBehaviour':
      return { path: `/leads/${(await f.lead()).leadId}/behaviour`, method: 'POST', json: { type: 'email-opened' } };
    case 'conversionCandidates':
      return { path: `/leads/${(await f.convertible()).leadId}/convert` };
    case 'convertLead':
      return { path: `/leads/${(await f.convertible()).leadId}/convert`, method: 'POST', json: { version: 1 } };
    case 'checkDuplicates':
      return { path: '/duplicates/check', method: 'POST', json: { email: 'nobody@matrix.test' } };
    case 'leadDuplicates':
      return { path: `/leads/${(await f.lead()).leadId}/duplicates` };
    case 'contactDuplicates':
      return { path: `/contacts/${(await f.contact()).contactId}/duplicates` };
    case 'mergeLeads': {
      const [kept, duplicate] = await f.twoLeads();
      return { path: `/leads/${kept!.leadId}/merge`, method: 'POST', json: { duplicateId: duplicate!.leadId, version: 1, duplicateVersion: 1 } };
    }
    case 'mergeContacts': {
      const [kept, duplicate] = await f.twoContacts();
      return { path: `/contacts/${kept!.contactId}/merge`, method: 'POST', json: { duplicateId: duplicate!.contactId, version: 1, duplicateVersion: 1 } };
    }
    case 'tagCloud':
      return { path: '/tags/account' };
    case 'getCustomFields':
      return { path: '/custom-fields' };
    case 'saveCustomFields': {
      const current = await json<{ settings: unknown; version: number }>(crm.api('/custom-fields'));
      return { path: '/admin/custom-fields', method: 'PUT', json: { settings: current.settings, version: current.version } };
    }
    case 'listEventTypes':
      return { path: '/events/types' };
    case 'listWorkflows':
      return { path: '/workflows' };
    case 'createWorkflow':
      return { path: '/workflows', method: 'POST', json: { name: `Made ${f.n}`, enabled: false, trigger: { type: 'recordCreated', recordType: 'contact' }, actions: [{ type: 'addTag', tag: 'made' }] } };
    case 'getWorkflow':
      return { path: `/workflows/${(await f.workflow()).workflowId}` };
    case 'updateWorkflow':
      return {
        path: `/workflows/${(await f.workflow()).workflowId}`,
        method: 'PUT',
        json: { name: `Renamed ${f.n}`, enabled: false, trigger: { type: 'recordCreated', recordType: 'lead' }, actions: [{ type: 'addTag', tag: 'matrix' }], version: 1 },
      };
    case 'deleteWorkflow':
      return { path: `/workflows/${(await f.workflow()).workflowId}`, method: 'DELETE' };
    case 'listWorkflowRuns':
      return { path: `/workflows/${(await f.workflow()).workflowId}/runs` };
    case 'getWorkflowRun': {
      const { workflowId, runId } = await f.run();
      return { path: `/workflows/${workflowId}/runs/${runId}` };
    }
    case 'runDateTriggers':
      return { path: '/workflows/date-triggers/run', method: 'POST' };
    case 'listEmailTemplates':
      return { path: '/email-templates' };
    case 'createEmailTemplate':
      return { path: '/email-templates', method: 'POST', json: { name: `Made ${f.n}`, subject: 'Hello', body: 'Hello {{firstName}}' } };
    case 'updateEmailTemplate':
      return { path: `/email-templates/${(await f.emailTemplate()).templateId}`, method: 'PUT', json: { name: `Renamed ${f.n}`, subject: 'Hi', body: 'Hi', version: 1 } };
    case 'deleteEmailTemplate':
      return { path: `/email-templates/${(await f.emailTemplate()).templateId}`, method: 'DELETE' };
    case 'listTaskTemplates':
      return { path: '/task-templates' };
    case 'createTaskTemplate':
      return { path: '/task-templates', method: 'POST', json: { name: `Made ${f.n}`, subject: 'Call back', dueInDays: 2 } };
    case 'updateTaskTemplate':
      return { path: `/task-templates/${(await f.taskTemplate()).templateId}`, method: 'PUT', json: { name: `Renamed ${f.n}`, subject: 'Call', dueInDays: 3, version: 1 } };
    case 'deleteTaskTemplate':
      return { path: `/task-templates/${(await f.taskTemplate()).templateId}`, method: 'DELETE' };
    case 'listNotifications':
      return { path: '/me/notifications' };
    case 'readNotification':
      return { path: `/me/notifications/${(await f.notification()).notificationId}/read`, method: 'POST' };
    case 'listWebhooks':
      return { path: '/webhooks' };
    case 'createWebhook':
      return { path: '/webhooks', method: 'POST', json: { name: `Made ${f.n}`, url: 'https://hooks.example.com/crm', eventTypes: ['Contact Created'] } };
    case 'getWebhook':
      return { path: `/webhooks/${(await f.webhook()).subscriptionId}` };
    case 'updateWebhook':
      return { path: `/webhooks/${(await f.webhook()).subscriptionId}`, method: 'PATCH', json: { name: `Renamed ${f.n}`, version: 1 } };
    case 'deleteWebhook':
      return { path: `/webhooks/${(await f.webhook()).subscriptionId}`, method: 'DELETE' };
    case 'rotateWebhookSecret':
      return { path: `/webhooks/${(await f.webhook()).subscriptionId}/secret`, method: 'POST' };
    case 'testWebhook':
      return { path: `/webhooks/${(await f.webhook()).subscriptionId}/test`, method: 'POST' };
    case 'listWebhookDeliveries':
      return { path: `/webhooks/${(await f.webhook()).subscriptionId}/deliveries` };
    case 'redriveWebhookDelivery':
      return { path: `/webhooks/deliveries/${(await f.deadDelivery()).deliveryId}/redrive`, method: 'POST' };
    case 'listForms':
      return { path: '/forms' };
    case 'createForm':
      return { path: '/forms', method: 'POST', json: { template: 'newsletter', name: `Made ${f.n}` } };
    case 'getForm':
      return { path: `/forms/${(await f.form()).formId}` };
    case 'updateForm':
      return {
        path: `/forms/${(await f.form()).formId}`,
        method: 'PUT',
        json: { name: `Renamed ${f.n}`, fields: [{ key: 'email', type: 'email', label: { en: 'Email' }, required: true, mapsTo: 'email' }], version: 1 },
      };
    case 'deleteForm':
      return { path: `/forms/${(await f.form()).formId}`, method: 'DELETE' };
    case 'formEmbed':
      return { path: `/forms/${(await f.form()).formId}/embed` };
    case 'formStats':
      return { path: `/forms/${(await f.form()).formId}/stats` };
    case 'listFormSubmissions':
      return { path: `/forms/${(await f.form()).formId}/submissions` };
    case 'redriveFormSubmission': {
      const { formId, submissionId } = await f.failedSubmission();
      return { path: `/forms/${formId}/submissions/${submissionId}/redrive`, method: 'POST' };
    }
    case 'publicForm':
      return { path: `/public/forms/${(await f.form()).formId}` };
    case 'submitForm': {
      const { formId } = await f.form();
      const { token } = await json<{ token: string }>(fetch(`${crm.url}/public/forms/${formId}`));
      return { path: `/public/forms/${formId}/submissions`, method: 'POST', json: { email: `s${f.n}@matrix.test`, _token: token } };
    }
    case 'hostedForm':
      return { path: `/f/${(await f.form()).formId}` };
    case 'formThankYou':
      return { path: `/f/${(await f.form()).formId}/thanks` };
    case 'formSnippet':
      return { path: '/forms.js' };
    default:
      throw new Error(`No request for ${operationId}: add one (and a row in EXPECTED)`);
  }
}

describe('the access matrix', () => {
  beforeAll(async () => {
    adminExport.exportId = (await json<{ exportId: string }>(crm.api('/exports', { method: 'POST', json: { entity: 'accounts' } }))).exportId;
    adminImport.importId = (await json<{ importId: string }>(crm.api('/imports', { method: 'POST', json: IMPORT }))).importId;
    const from = await crm.newUser({ profile: 'sales-rep' });
    adminJob.jobId = (await json<{ jobId: string }>(crm.api(`/users/${from.userId}/reassign`, { method: 'POST', json: { toUserId: users.administrator?.userId } }))).jobId;
  }, 60_000);

  it('has an expectation for every route and a route for every expectation', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(routes.map((r) => r.operationId).sort());
  });

  const cases = routes.flatMap((route) => PROFILES.map((profile) => [routeKey(route), profile, route] as const));
  // Each case makes its own fixtures, so cases run side by side (the file is the suite's longest).
  it.concurrent.each(cases)('%s as %s', async (_key, profile, route) => {
    const expected = EXPECTED[route.operationId];
    const allowed = expected === 'public' || expected!.includes(profile);
    const call = await callFor(route.operationId, users[profile]);
    const response = await crm.api(call.path, { method: call.method ?? 'GET', json: call.json, token: users[profile].token });
    const detail = `${call.method ?? 'GET'} ${call.path} → ${response.status} ${response.status >= 300 ? await response.clone().text() : ''}`;
    if (allowed) expect(response.status, detail).toBe(route.response.status);
    else expect(response.status, detail).toBe(403);
  });

  it.concurrent.each(routes.filter((r) => r.permission.kind !== 'public').map((r) => [routeKey(r), r] as const))('%s without a token is 401', async (_key, route) => {
    const path = route.path.replace(/\{(\w+)\}/g, '01ARZ3NDEKTSV4RRFFQ69G5FAV');
    const response = await crm.api(path, { method: route.method, token: null });
    expect(response.status).toBe(401);
  });
});
