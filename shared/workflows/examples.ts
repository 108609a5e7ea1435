/**
 * The ready-made workflows of seed 004, made once per CRM (a claim remembers it, so
 * deleting them does not bring them back): a birthday email, and a thank-you on the
 * anniversary of the first purchase. Both are date-triggered on contacts, yearly, and
 * send a template the admin can edit.
 */
import type { Database } from '../platform/database';
import { isConditionFailure } from '../platform/errors';
import { emailTemplates } from './templates';
import { workflows } from './workflows';

const SEEDED = { userId: 'system', origin: { requestId: 'seed' } };

export async function ensureAutomationExamples(db: Database): Promise<boolean> {
  try {
    await db.entities.uniqueValue.create({ kind: 'seed', value: 'automation-examples', holderId: 'system' }).go({ response: 'none' });
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
  const birthday = await emailTemplates.create(db, SEEDED, {
    name: 'Happy birthday',
    subject: 'Happy birthday, {{firstName}}!',
    body: 'Hello {{firstName}},\n\nEveryone at our company wishes you a happy birthday and a wonderful year ahead.\n\nBest wishes,\n{{owner.name}}\n',
    seeded: 'birthday-email',
  });
  const anniversary = await emailTemplates.create(db, SEEDED, {
    name: 'Thank you for another year',
    subject: 'Thank you for another year with us, {{firstName}}',
    body: 'Hello {{firstName}},\n\nIt is a year to the day since your first purchase with us ({{customerSince}}). Thank you for your trust; we are glad to have you.\n\nKind regards,\n{{owner.name}}\n',
    seeded: 'purchase-anniversary',
  });
  await workflows.create(db, SEEDED, {
    name: 'Birthday email',
    description: 'Sends the "Happy birthday" template to each contact with an email on their birthday (seed 004)',
    enabled: true,
    trigger: { type: 'dateReached', recordType: 'contact', field: 'birthday', offsetDays: 0, every: 'year' },
    actions: [{ type: 'sendEmail', templateId: birthday.templateId, to: 'record' }],
    seeded: 'birthday-email',
  });
  await workflows.create(db, SEEDED, {
    name: 'Purchase-anniversary thank-you',
    description: 'Thanks each contact on the anniversary of their first purchase (contact field "customer since"), and tells the owner (seed 004)',
    enabled: true,
    trigger: { type: 'dateReached', recordType: 'contact', field: 'customerSince', offsetDays: 0, every: 'year' },
    actions: [
      { type: 'sendEmail', templateId: anniversary.templateId, to: 'record' },
      { type: 'notify', userId: 'owner', message: 'Your contact has a purchase anniversary today; a thank-you email went out.' },
    ],
    seeded: 'purchase-anniversary',
  });
  return true;
}
