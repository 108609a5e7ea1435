import { describe, expect, it } from 'vitest';
import { createDatabase } from '../../shared/platform/database';

// Lambda bundles skip ElectroDB's model validation (functions/shims/jsonschema.ts);
// this is where every model still goes through it, with the real jsonschema.
describe('ElectroDB models', () => {
  it('all pass ElectroDB model validation and join one service', () => {
    const db = createDatabase({ tableName: 'crm-models', endpoint: 'http://127.0.0.1:9' });
    expect(Object.keys(db.service.entities).sort()).toEqual([
      'accessEntry',
      'accessJob',
      'account',
      'activity',
      'auditEntry',
      'boardEntry',
      'calendarFeed',
      'contact',
      'export',
      'idempotency',
      'lead',
      'matchKey',
      'opportunity',
      'reminder',
      'reminderDelivery',
      'securitySettings',
      'settingsDocument',
      'stageChange',
      'tagLink',
      'timelineEntry',
      'uniqueValue',
      'user',
      'workflow',
      'workflowRun',
      'emailTemplate',
      'taskTemplate',
      'notification',
      'dateIndexEntry',
      'rotation',
      'webhookSubscription',
      'webhookDelivery',
      'form',
      'formSubmission',
      'importJob',
      'importRow',
    ].sort());
    expect(Object.keys(db.service.collections)).toContain('accountContacts');
  });
});
