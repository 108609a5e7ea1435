/** A form's running totals (shared/platform/tallies.ts): views, submissions, spam, leads, duplicates, failures, conversions, won deals. */
import type { Tally } from '../platform/tallies';

export const formStatsScope = (formId: string) => `form#${formId}`;
export const formTally = (formId: string, values: Record<string, number>): Tally => ({ scope: formStatsScope(formId), name: 'stats', values });

/** What a lead from a form counts in its form's totals; kept by the record store with each write of the lead. */
export function leadFormTallies(lead: Record<string, unknown>): Tally[] {
  if (typeof lead.formId !== 'string') return [];
  return [formTally(lead.formId, { leads: 1, convertedLeads: lead.status === 'converted' ? 1 : 0 })];
}

/** A deal whose lead came from a form counts as won for the form while it is won. */
export function dealFormTallies(deal: Record<string, unknown>): Tally[] {
  if (typeof deal.formId !== 'string' || deal.status !== 'won') return [];
  return [formTally(deal.formId, { wonDeals: 1 })];
}
