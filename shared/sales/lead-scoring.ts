/**
 * Lead scores from the admin's scoring rules (shared/sales/scoring.ts). A lead's score is
 * stored when it is written (fields changed, a behaviour event arrived) and worked out
 * again when it is read, so inactivity decay and a change of rules show at once without
 * rewriting every lead; lists filter on the score as of now, too.
 */
import type { Database } from '../platform/database';
import type { StoredRecord } from '../access/records';
import { cachedDocument, type SettingsDocumentSpec } from './settings-documents';
import { defaultScoringSettings, scoreLead, type BehaviourEvent, type ScoringSettings } from './scoring';

export const scoringDocument: SettingsDocumentSpec<ScoringSettings> = { key: 'scoring', defaults: defaultScoringSettings };

export const scoringSettings = async (db: Database) => (await cachedDocument(db, scoringDocument)).body;

/** Behaviour events a lead keeps (newest first); older ones stop counting. */
export const BEHAVIOUR_KEPT = 200;

export function currentScore(lead: Record<string, unknown>, settings: ScoringSettings, now = new Date()) {
  const behaviour = Array.isArray(lead.behaviour) ? (lead.behaviour as BehaviourEvent[]) : [];
  const { score, rating, mql, reasons } = scoreLead(lead, behaviour, settings, now);
  return { score, rating, mql, scoreReasons: reasons };
}

/** The record store's prepare hook for leads: the score as of this write. */
export async function scoreOnWrite(db: Database, lead: StoredRecord) {
  Object.assign(lead, currentScore(lead, await scoringSettings(db)));
}
