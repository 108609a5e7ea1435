/**
 * One entry of a 360° timeline (shared/timeline/timeline.ts), stored under each subject
 * it concerns: pk = the subject, sk = time + entry id, read newest first.
 */
import { Entity, type EntityConfiguration } from 'electrodb';

export const TIMELINE_SUBJECT_TYPES = ['lead', 'contact', 'account', 'opportunity'] as const;
export const TIMELINE_KINDS = ['activity', 'note', 'stage-change', 'email', 'form-submission', 'conversion', 'merge', 'workflow', 'quote', 'invoice', 'case'] as const;

export const timelineEntryEntity = (config: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'timelineEntry', version: '1', service: 'crm' },
      attributes: {
        subjectType: { type: TIMELINE_SUBJECT_TYPES, required: true, readOnly: true },
        subjectId: { type: 'string', required: true, readOnly: true },
        at: { type: 'string', required: true, readOnly: true },
        entryId: { type: 'string', required: true, readOnly: true },
        kind: { type: TIMELINE_KINDS, required: true },
        actorId: { type: 'string', required: true },
        summary: { type: 'string', required: true },
        refType: { type: 'string', required: true },
        refId: { type: 'string', required: true },
        data: { type: 'any' },
        /** entries about a record with access of its own (an activity): its owner and grants */
        guard: { type: 'any' },
      },
      indexes: {
        bySubject: {
          pk: { field: 'pk', composite: ['subjectType', 'subjectId'] },
          sk: { field: 'sk', composite: ['at', 'entryId'] },
        },
      },
    },
    config,
  );
