/**
 * Processing a stored submission (the form-submission state machine's task): a new lead —
 * its fields from the form's mapping, the visit's tracking, the owner (fixed or
 * round-robin), scored with a "form submitted" behaviour — or, when the email is known, an
 * activity on the existing contact (or open lead) instead; then the autoresponder. Every
 * write carries a claim on the submission, so a retry after a crash finds its record and
 * goes on, and a submission makes one lead however often it is processed.
 */
import { createActivity, type ActivityPorts } from '../activities/activities';
import { readSettings } from '../access/context';
import { createRecord, loadRecord } from '../access/records';
import type { Actor } from '../crm/actor';
import { emailHolder } from '../crm/contacts';
import { contactKind, leadKind } from '../crm/kinds';
import { recordBehaviour } from '../crm/leads';
import { LeadCreate } from '../crm/schemas';
import type { Database } from '../platform/database';
import { ConflictError, NotFoundError } from '../platform/errors';
import { newId, nowIso } from '../platform/ids';
import { tallyWrites } from '../platform/tallies';
import { transact, type TransactionWrite } from '../platform/transaction';
import type { Mailer } from '../ports/mailer';
import { normaliseEmail } from '../sales/duplicates';
import { nextInRotation } from '../workflows/actions';
import { emailTemplates, renderEmail } from '../workflows/templates';
import { formTally } from './tallies';

export interface ProcessingPorts extends ActivityPorts {
  mailer: () => Promise<Mailer | undefined>;
}

interface Snapshot {
  formName: string;
  mapping: Record<string, string>;
  leadSource: string;
  tags: string[];
  owner: { userId: string } | { groupId: string };
  autoresponderTemplateId?: string;
  labels: Record<string, string>;
}

interface StoredSubmission {
  formId: string;
  submissionId: string;
  status: string;
  values: Record<string, string | string[] | boolean>;
  tracking?: Record<string, string>;
  snapshot: Snapshot;
  attempts: number;
  receivedAt: string;
  leadId?: string;
  contactId?: string;
}

const OUTCOME = 'formOutcome';
const AUTORESPONSE = 'formAutoresponse';

async function loadSubmission(db: Database, formId: string, submissionId: string): Promise<StoredSubmission> {
  const { data } = await db.entities.formSubmission.get({ formId, submissionId }).go();
  if (!data) throw new NotFoundError(`No submission ${submissionId} of form ${formId}`);
  return data as unknown as StoredSubmission;
}

const formActor = async (db: Database, formId: string): Promise<Actor> => ({
  userId: `form:${formId}`,
  profile: 'administrator',
  roles: [],
  groups: [],
  settings: await readSettings(db),
});

export async function processSubmission(db: Database, ports: ProcessingPorts, formId: string, submissionId: string) {
  const submission = await loadSubmission(db, formId, submissionId);
  if (submission.status !== 'received') return { submissionId, status: submission.status };
  await db.entities.formSubmission.patch({ formId, submissionId }).add({ attempts: 1 }).go({ response: 'none' });
  const actor = await formActor(db, formId);
  const mapped = mappedValues(submission);
  const email = typeof mapped.email === 'string' ? mapped.email : undefined;

  const outcome = await outcomeOf(db, actor, ports, submission, mapped, email);
  if (email && submission.snapshot.autoresponderTemplateId) await autorespond(db, ports, submission, email, mapped);

  const status = outcome.kind;
  await transact(db.documentClient, [
    {
      item: {
        Update: db.entities.formSubmission
          .patch({ formId, submissionId })
          .set({ status, processedAt: nowIso(), ...(outcome.leadId ? { leadId: outcome.leadId } : {}), ...(outcome.contactId ? { contactId: outcome.contactId } : {}) })
          .where((attr, op) => op.eq(attr.status, 'received'))
          .params(),
      },
      conflict: () => new ConflictError('The submission was processed already'),
    },
    // new leads count through the lead itself (shared/forms/tallies.ts)
    ...(status === 'duplicate' ? tallyWrites(db.tableName, [], [formTally(formId, { duplicates: 1 })]) : []),
  ]).catch((error: unknown) => {
    if (!(error instanceof ConflictError)) throw error;
  });
  return { submissionId, status, ...outcome };
}

type Outcome = { kind: 'lead'; leadId: string; contactId?: undefined } | { kind: 'duplicate'; contactId?: string; leadId?: string };

/** The lead fields the form's mapping fills from the submission. */
function mappedValues(submission: StoredSubmission): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const [key, target] of Object.entries(submission.snapshot.mapping)) {
    const value = submission.values[key];
    if (value === undefined || value === '') continue;
    if (target.startsWith('custom.')) custom[target.slice(7)] = value;
    else fields[target] = value;
  }
  if (Object.keys(custom).length) fields.custom = custom;
  return fields;
}

async function outcomeOf(db: Database, actor: Actor, ports: ProcessingPorts, submission: StoredSubmission, mapped: Record<string, unknown>, email: string | undefined): Promise<Outcome> {
  const claimed = await db.entities.uniqueValue.get({ kind: OUTCOME, value: submission.submissionId }).go();
  if (claimed.data) {
    // an earlier attempt made the record and stopped before saying so
    const [kind, id] = claimed.data.holderId.split(':') as ['lead' | 'contact', string];
    return kind === 'lead' ? { kind: 'lead', leadId: id } : { kind: 'duplicate', contactId: id };
  }
  const claim = (holderId: string): TransactionWrite => ({
    item: { Put: db.entities.uniqueValue.create({ kind: OUTCOME, value: submission.submissionId, holderId }).params() },
    conflict: () => new ConflictError('The submission was processed already'),
  });
  const note = (relatedType: 'contact' | 'lead', relatedId: string) => ({
    type: 'note' as const,
    subject: `Submitted the web form “${submission.snapshot.formName}”`.slice(0, 200),
    relatedType,
    relatedId,
    description: describe(submission).slice(0, 10_000),
  });

  const contactId = email ? await emailHolder(db, email) : undefined;
  if (contactId) {
    const contact = await loadRecord(db, contactKind, contactId);
    await createActivity(db, actor, ports, { ...note('contact', contactId), ownerId: String(contact?.ownerId ?? actor.userId) }, [claim(`contact:${contactId}`)]);
    return { kind: 'duplicate', contactId };
  }
  const openLead = email ? await openLeadWithEmail(db, email) : undefined;
  if (openLead) {
    await createActivity(db, actor, ports, { ...note('lead', openLead.leadId), ownerId: openLead.ownerId }, [claim(`lead:${openLead.leadId}`)]);
    await recordBehaviour(db, actor, openLead.leadId, { type: 'form-submitted', at: submission.receivedAt });
    return { kind: 'duplicate', leadId: openLead.leadId };
  }

  const owner = submission.snapshot.owner;
  const ownerId = 'userId' in owner ? owner.userId : await nextInRotation(db, owner.groupId);
  const fields = leadFields(mapped);
  const input = {
    ...fields,
    lastName: String(fields.lastName || (email ? email.split('@')[0] : '') || 'Web form visitor').slice(0, 100),
    status: 'new',
    source: submission.snapshot.leadSource,
    ...(submission.tracking?.utmCampaign && !fields.campaign ? { campaign: submission.tracking.utmCampaign.slice(0, 100) } : {}),
    ...(submission.snapshot.tags.length ? { tags: submission.snapshot.tags } : {}),
    formId: submission.formId,
    ...(submission.tracking && Object.keys(submission.tracking).length ? { tracking: submission.tracking } : {}),
    // the submission is behaviour that scores
    behaviour: [{ type: 'form-submitted', at: submission.receivedAt }],
    lastActivityAt: submission.receivedAt,
    ownerId,
  };
  const leadId = newId();
  await createRecord(db, actor, leadKind, leadId, input, [claim(`lead:${leadId}`)]);
  return { kind: 'lead', leadId };
}

/**
 * The mapped values the lead's own schema accepts, field by field: a value the form let
 * through but the lead refuses (a phone the lead finds malformed) stays on the submission.
 */
function leadFields(mapped: Record<string, unknown>): Record<string, unknown> {
  const shape = LeadCreate.shape as Record<string, { safeParse(value: unknown): { success: boolean; data?: unknown } }>;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(mapped)) {
    if (key === 'custom') {
      fields.custom = value;
      continue;
    }
    const parsed = shape[key]?.safeParse(value);
    if (parsed?.success && parsed.data !== undefined) fields[key] = parsed.data;
  }
  return fields;
}

async function openLeadWithEmail(db: Database, email: string): Promise<{ leadId: string; ownerId: string } | undefined> {
  const { data } = await db.entities.matchKey.query.byKey({ matchKind: 'email', value: normaliseEmail(email) }).begins({ recordType: 'lead' }).go();
  for (const key of data) {
    const lead = await loadRecord(db, leadKind, key.recordId);
    if (lead && lead.status !== 'converted' && lead.status !== 'junk') return { leadId: key.recordId, ownerId: String(lead.ownerId) };
  }
  return undefined;
}

/** The submission as text, labelled, for the activity on an existing record. */
function describe(submission: StoredSubmission): string {
  const lines = Object.entries(submission.values).map(([key, value]) => `${submission.snapshot.labels[key] ?? key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`);
  const tracking = Object.entries(submission.tracking ?? {}).map(([key, value]) => `${key}: ${value}`);
  return [...lines, ...(tracking.length ? ['', ...tracking] : [])].join('\n');
}

/** Claim, then send: a retry finds the claim and sends nothing more; a failed send gives it back. */
async function autorespond(db: Database, ports: ProcessingPorts, submission: StoredSubmission, email: string, mapped: Record<string, unknown>) {
  const mailer = await ports.mailer();
  const template = await emailTemplates.find(db, submission.snapshot.autoresponderTemplateId!);
  if (!mailer || !template) return;
  try {
    await db.entities.uniqueValue.create({ kind: AUTORESPONSE, value: submission.submissionId, holderId: email }).go({ response: 'none' });
  } catch {
    return; // sent by an earlier attempt
  }
  const rendered = renderEmail(template, { ...submission.values, ...mapped, formName: submission.snapshot.formName });
  try {
    await mailer.send({ to: email, ...rendered });
  } catch (error) {
    await db.entities.uniqueValue.delete({ kind: AUTORESPONSE, value: submission.submissionId }).go({ response: 'none' });
    throw error;
  }
}

/** After the last retry: the submission shows as failed, with its error, for an admin to re-drive. */
export async function markSubmissionFailed(db: Database, formId: string, submissionId: string, error: { Error?: string; Cause?: string } | undefined) {
  const message = `${error?.Error ?? 'Error'}: ${error?.Cause ?? ''}`.slice(0, 1000);
  await transact(db.documentClient, [
    {
      item: {
        Update: db.entities.formSubmission.patch({ formId, submissionId }).set({ status: 'failed', error: message }).where((attr, op) => op.eq(attr.status, 'received')).params(),
      },
      conflict: () => new ConflictError('The submission is not in processing'),
    },
    ...tallyWrites(db.tableName, [], [formTally(formId, { failed: 1 })]),
  ]).catch((e: unknown) => {
    if (!(e instanceof ConflictError)) throw e;
  });
  return { failed: true };
}

/** A failed submission back in processing; the caller starts its state machine again. */
export async function redriveSubmission(db: Database, formId: string, submissionId: string) {
  const submission = await loadSubmission(db, formId, submissionId);
  if (submission.status !== 'failed') throw new ConflictError(`Only failed submissions can be re-driven; this one is ${submission.status}`, [{ name: 'status', detail: `is ${submission.status}` }]);
  await transact(db.documentClient, [
    {
      item: { Update: db.entities.formSubmission.patch({ formId, submissionId }).set({ status: 'received' }).remove(['error']).where((attr, op) => op.eq(attr.status, 'failed')).params() },
      conflict: () => new ConflictError('The submission was re-driven already'),
    },
    ...tallyWrites(db.tableName, [formTally(formId, { failed: 1 })], []),
  ]);
  return { ...(await loadSubmission(db, formId, submissionId)), runName: `${submissionId}-r${submission.attempts}` };
}
