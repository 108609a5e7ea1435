/**
 * Web forms in the single table (ElectroDB):
 *  - form           : the definitions, all in one partition (an organisation has tens)
 *  - formSubmission : each submission under its form, newest first; one by id is a GetItem
 *                     with the form id; by status (the failed ones to re-drive) on gsi2
 * Form statistics are running totals (shared/platform/tallies.ts), scope `form#<formId>`.
 */
import { Entity, type EntityConfiguration } from 'electrodb';

const SERVICE = 'crm';

export const formEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'form', version: '1', service: SERVICE },
      attributes: {
        scope: { type: 'string', required: true, readOnly: true, default: 'org' },
        formId: { type: 'string', required: true, readOnly: true },
        name: { type: 'string', required: true },
        status: { type: 'string', required: true },
        target: { type: 'string', required: true },
        languages: { type: 'list', items: { type: 'string' }, required: true },
        fields: { type: 'any', required: true },
        submitLabel: { type: 'any', required: true },
        thankYou: { type: 'any', required: true },
        allowedOrigins: { type: 'list', items: { type: 'string' }, required: true },
        autoresponderTemplateId: { type: 'string' },
        owner: { type: 'any' },
        leadSource: { type: 'string', required: true },
        tags: { type: 'list', items: { type: 'string' } },
        minFillSeconds: { type: 'number', required: true },
        captcha: { type: 'any' },
        version: { type: 'number', required: true },
        createdAt: { type: 'string', required: true, readOnly: true },
        createdBy: { type: 'string', required: true, readOnly: true },
        updatedAt: { type: 'string', required: true },
        updatedBy: { type: 'string', required: true },
      },
      indexes: {
        all: { pk: { field: 'pk', composite: ['scope'] }, sk: { field: 'sk', composite: ['formId'] } },
      },
    },
    config,
  );

export const formSubmissionEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'formSubmission', version: '1', service: SERVICE },
      attributes: {
        formId: { type: 'string', required: true, readOnly: true },
        submissionId: { type: 'string', required: true, readOnly: true },
        status: { type: 'string', required: true },
        values: { type: 'any', required: true },
        consent: { type: 'any' },
        tracking: { type: 'any' },
        language: { type: 'string' },
        spamReason: { type: 'string' },
        /** what processing needs of the form, as it was when the visitor sent it */
        snapshot: { type: 'any', required: true },
        leadId: { type: 'string' },
        contactId: { type: 'string' },
        error: { type: 'string' },
        attempts: { type: 'number', required: true },
        receivedAt: { type: 'string', required: true, readOnly: true },
        processedAt: { type: 'string' },
        /** kept two years (TTL) */
        expiresAt: { type: 'number', required: true },
      },
      indexes: {
        byForm: { pk: { field: 'pk', composite: ['formId'] }, sk: { field: 'sk', composite: ['submissionId'] } },
        byStatus: {
          index: 'gsi2',
          pk: { field: 'gsi2pk', composite: ['formId', 'status'] },
          sk: { field: 'gsi2sk', composite: ['submissionId'] },
        },
      },
    },
    config,
  );
