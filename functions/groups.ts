import type { FunctionGroup } from './http/route';

/**
 * Every Lambda function of the CRM, declared once for the CDK app and the local runtime.
 * HTTP groups bundle one domain area behind a router so a rep's session warms a
 * handful of functions, not one per route; each area apart, so a cold start builds
 * only its own routes' schemas and loads only its own domain code.
 */
export const httpFunctions: Record<FunctionGroup, { entry: string; memoryMb: number; description: string }> = {
  platform: { entry: 'functions/platform/handler.ts', memoryMb: 512, description: 'health, OpenAPI and problem+json for unknown routes' },
  identity: { entry: 'functions/identity/handler.ts', memoryMb: 1024, description: 'sign-in and the current user' },
  crm: { entry: 'functions/crm/handler.ts', memoryMb: 1024, description: 'accounts, contacts and leads; exports and imports' },
  sales: { entry: 'functions/sales/handler.ts', memoryMb: 1024, description: 'deals, pipelines and the board; lead scoring and conversion; duplicates and merge; tags and custom fields' },
  activities: { entry: 'functions/activities/handler.ts', memoryMb: 1024, description: 'activities, reminders, calendars and record timelines' },
  setup: { entry: 'functions/setup/handler.ts', memoryMb: 1024, description: 'workflows, templates, notifications, webhooks and the web-form builder' },
  /** Public and busy in bursts: kept apart so a flood of submissions neither slows nor throttles the reps' API. */
  intake: { entry: 'functions/intake/handler.ts', memoryMb: 512, description: 'public web-form intake: forms, hosted pages, submissions' },
};

/** Functions that are not behind HTTP: stream consumers and Step Functions tasks. */
export const workerFunctions = {
  /** DynamoDB stream → domain events on the CRM bus (an event exists iff its write committed). */
  events: { entry: 'functions/events/handler.ts', memoryMb: 512, description: 'publishes domain events from the table stream' },
  /** The "automation" bus rule's target: workflow matching, chained tasks, webhook fan-out, daily date triggers. */
  automation: { entry: 'functions/automation/handler.ts', memoryMb: 1024, description: 'starts workflows, chained tasks and webhook deliveries for domain events' },
  /** Step Functions Task states (CSV export, emails, workflow actions, webhook deliveries). */
  jobs: { entry: 'functions/jobs/handler.ts', memoryMb: 1024, description: 'workflow task steps' },
};
export type WorkerFunction = keyof typeof workerFunctions;
