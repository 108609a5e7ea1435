/**
 * CSV imports in the single table (ElectroDB):
 *  - importJob : one per import, by id; a user's imports, newest first, on gsi1
 *  - importRow : each row's outcome under its import, in file order; by outcome on gsi2
 *    (the failed ones, the duplicates) — one Query either way
 * Both expire with the TTL a month after the import: the records they made stay.
 */
import { Entity, type EntityConfiguration } from 'electrodb';

const SERVICE = 'crm';

export const importJobEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'importJob', version: '1', service: SERVICE },
      attributes: {
        importId: { type: 'string', required: true, readOnly: true },
        entity: { type: ['leads', 'contacts'] as const, required: true, readOnly: true },
        fileName: { type: 'string' },
        blobKey: { type: 'string', required: true, readOnly: true },
        mapping: { type: 'any', required: true, readOnly: true },
        onDuplicate: { type: ['skip', 'update', 'create'] as const, required: true, readOnly: true },
        accountId: { type: 'string' },
        tags: { type: 'list', items: { type: 'string' } },
        status: { type: ['queued', 'running', 'done', 'failed'] as const, required: true },
        total: { type: 'number', required: true },
        /** the next row to work on (0-based, data rows only); a batch moves it on with its counts */
        position: { type: 'number', required: true },
        created: { type: 'number', required: true },
        updated: { type: 'number', required: true },
        duplicates: { type: 'number', required: true },
        failed: { type: 'number', required: true },
        requestedBy: { type: 'string', required: true, readOnly: true },
        error: { type: 'string' },
        createdAt: { type: 'string', required: true, readOnly: true },
        updatedAt: { type: 'string', required: true },
        finishedAt: { type: 'string' },
        expiresAt: { type: 'number', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['importId'] }, sk: { field: 'sk', composite: [] } },
        byRequester: { index: 'gsi1', pk: { field: 'gsi1pk', composite: ['requestedBy'] }, sk: { field: 'gsi1sk', composite: ['importId'] } },
      },
    },
    config,
  );

export const importRowEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'importRow', version: '1', service: SERVICE },
      attributes: {
        importId: { type: 'string', required: true, readOnly: true },
        /** the spreadsheet's row number, zero-padded so the rows sort in file order */
        rowKey: { type: 'string', required: true, readOnly: true },
        row: { type: 'number', required: true, readOnly: true },
        outcome: { type: ['created', 'updated', 'duplicate', 'failed'] as const, required: true },
        recordType: { type: ['lead', 'contact'] as const },
        recordId: { type: 'string' },
        duplicateOf: { type: 'any' },
        errors: { type: 'any' },
        values: { type: 'any', required: true },
        expiresAt: { type: 'number', required: true },
      },
      indexes: {
        byImport: { pk: { field: 'pk', composite: ['importId'] }, sk: { field: 'sk', composite: ['rowKey'] } },
        byOutcome: { index: 'gsi2', pk: { field: 'gsi2pk', composite: ['importId', 'outcome'] }, sk: { field: 'gsi2sk', composite: ['rowKey'] } },
      },
    },
    config,
  );
