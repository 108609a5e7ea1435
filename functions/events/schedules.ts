/**
 * Recurring schedules, declared once: CDK makes each an EventBridge Scheduler schedule
 * that puts its event on the CRM bus; the local runtime's scheduler fires the same event
 * at the same UTC time (and once on start, if that day's firing was missed).
 */
import { EVENT_SOURCE } from '../../shared/events/catalogue';

export const DATE_TRIGGERS_DUE = 'Date Triggers Due';

export interface RecurringSchedule {
  name: string;
  description: string;
  /** every day at this UTC time */
  dailyAtUtc: { hour: number; minute: number };
  event: { source: string; detailType: string };
}

export const recurringSchedules: RecurringSchedule[] = [
  {
    name: 'daily-date-triggers',
    description: "Each morning: finds today's birthdays, anniversaries and due dates for the date-triggered workflows",
    dailyAtUtc: { hour: 6, minute: 0 },
    event: { source: EVENT_SOURCE, detailType: DATE_TRIGGERS_DUE },
  },
];

export const cronExpression = ({ dailyAtUtc: { hour, minute } }: RecurringSchedule) => `cron(${minute} ${hour} * * ? *)`;
