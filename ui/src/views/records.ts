/** Record types as the API returns them (see shared/crm/schemas.ts). */
export interface RecordMeta {
  ownerId: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy?: string;
  updatedBy?: string;
  tags?: string[];
  custom?: Record<string, unknown>;
}
export interface Account extends RecordMeta {
  accountId: string;
  name: string;
  domain?: string;
  industry?: string;
  website?: string;
  phone?: string;
}
export interface Contact extends RecordMeta {
  contactId: string;
  accountId: string;
  firstName?: string;
  lastName: string;
  /** absent when field security hides it */
  email?: string;
  phone?: string;
  title?: string;
  /** YYYY-MM-DD; birthday workflows use its month and day */
  birthday?: string;
  /** YYYY-MM-DD of the first purchase; anniversary workflows use it */
  customerSince?: string;
}
export type AccountWithContacts = Account & { contacts: Contact[] };

export const LEAD_STATUSES = ['new', 'working', 'nurturing', 'qualified', 'unqualified', 'converted', 'junk'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export const LEAD_RATINGS = ['hot', 'warm', 'cold', 'junk'] as const;
export type LeadRating = (typeof LEAD_RATINGS)[number];
/** BANT (budget, authority, need, timeline) and CHAMP (challenges, authority, money, prioritization). */
export const QUALIFICATION_KEYS = ['budget', 'authority', 'need', 'timeline', 'challenges', 'money', 'prioritization'] as const;
export type Qualification = Partial<Record<(typeof QUALIFICATION_KEYS)[number], string>>;
export interface ScoreReason {
  ruleId: string;
  label: string;
  points: number;
  detail?: string;
}
export interface Lead extends RecordMeta {
  leadId: string;
  firstName?: string;
  lastName: string;
  company?: string;
  title?: string;
  email?: string;
  phone?: string;
  website?: string;
  industry?: string;
  country?: string;
  annualRevenue?: number;
  currency?: string;
  source?: string;
  campaign?: string;
  /** absent when field security hides it */
  status?: LeadStatus;
  notes?: string;
  qualification?: Qualification;
  score?: number;
  rating?: LeadRating;
  mql?: boolean;
  scoreReasons?: ScoreReason[];
  lastActivityAt?: string;
  convertedAt?: string;
  conversion?: { contactId: string; accountId: string; opportunityId?: string };
}

export type StageKind = 'open' | 'won' | 'lost';
export interface OpportunityContact {
  contactId: string;
  role?: string;
}
export interface Opportunity extends RecordMeta {
  opportunityId: string;
  name: string;
  accountId: string;
  /** minor units of `currency` */
  amount: number;
  currency: string;
  closeDate: string;
  probability: number;
  pipelineId: string;
  stage: string;
  status: StageKind;
  stageEnteredAt: string;
  lostReason?: string;
  contacts?: OpportunityContact[];
  leadId?: string;
}
export interface StageChange {
  from: string | null;
  to: string;
  at: string;
  by: string;
  durationMs?: number;
}

export interface Stage {
  stageId: string;
  name: string;
  probability: number;
  kind: StageKind;
}
export interface Pipeline {
  pipelineId: string;
  name: string;
  stages: Stage[];
}
export interface PipelineSettings {
  pipelines: Pipeline[];
  defaultPipelineId: string;
}
/** A versioned settings document as GET /pipelines, /scoring and /custom-fields return it. */
export interface SettingsDocument<T> {
  settings: T;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export const ACTIVITY_TYPES = ['task', 'call', 'meeting', 'email', 'note'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export type RelatedType = 'lead' | 'contact' | 'account' | 'opportunity';
export interface Activity {
  activityId: string;
  type: ActivityType;
  subject: string;
  description?: string;
  relatedType: RelatedType;
  relatedId: string;
  accountId?: string;
  status: 'open' | 'completed' | 'cancelled';
  dueAt?: string;
  durationMinutes?: number;
  outcome?: string;
  completedAt?: string;
  /** the task template it was made from */
  templateId?: string;
  reminder?: { at: string; email: boolean; dismissedAt?: string };
  ownerId: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}
export interface DueReminder {
  activityId: string;
  activityType: ActivityType;
  subject: string;
  at: string;
  email: boolean;
  dueAt?: string;
  relatedType: RelatedType;
  relatedId: string;
}

export interface TimelineEntry {
  entryId: string;
  subject: { type: string; id: string };
  kind: string;
  at: string;
  actorId: string;
  summary: string;
  ref: { type: string; id: string };
  data?: Record<string, unknown>;
}

export interface Duplicate {
  id: string;
  type: 'lead' | 'contact';
  score: number;
  reasons: string[];
  name: string;
  email?: string;
  phone?: string;
  company?: string;
}

export interface Page<T> {
  items: T[];
  cursor: string | null;
}
