/**
 * Due reminders: while someone is signed in, GET /reminders/due every 30 seconds and show
 * each due reminder once in a live region at the corner of every page, with Snooze and
 * Dismiss. New notices are appended (not redrawn) so a screen reader announces each once.
 */
import { api, currentToken } from './api';
import { describe } from './problem';
import { button, problemOf } from './components';
import { h, uid } from './dom';
import { ACTIVITY_LABELS } from './activities';
import { recordLink } from './sales-data';
import { formatDate } from './values';
import type { DueReminder, Page } from './views/records';

export const POLL_MS = 30_000;
const SNOOZE_CHOICES = [5, 10, 15, 30, 60, 240, 1440];

const list = h('ul', { class: 'reminder-list' });
const region = h('section', { class: 'reminders', 'aria-label': 'Reminders', 'aria-live': 'polite', 'aria-relevant': 'additions', hidden: true }, list);
const shown = new Map<string, HTMLElement>();
/** Reminders snoozed or dismissed here: not shown again until this time (ms), even by a poll already under way. */
const quiet = new Map<string, number>();
let timer: ReturnType<typeof setInterval> | undefined;
let polling = false;

export function remindersRegion(): HTMLElement {
  return region;
}

const snoozeLabel = (minutes: number) => (minutes % 1440 === 0 ? `${minutes / 1440} day` : minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? '' : 's'}` : `${minutes} minutes`);

function remove(id: string) {
  shown.get(id)?.remove();
  shown.delete(id);
  region.hidden = shown.size === 0;
}

function notice(reminder: DueReminder): HTMLElement {
  const titleId = uid('reminder');
  const snoozeId = uid('snooze');
  const select = h('select', { id: snoozeId }, SNOOZE_CHOICES.map((m) => h('option', { value: String(m), selected: m === 10 }, snoozeLabel(m))));
  const error = h('p', { class: 'field-error', hidden: true });
  const act = async (path: string, body: unknown, quietUntil: number, btn: HTMLButtonElement) => {
    btn.disabled = true;
    error.hidden = true;
    try {
      await api('POST', `/activities/${encodeURIComponent(reminder.activityId)}/reminder/${path}`, body);
      quiet.set(reminder.activityId, quietUntil);
      remove(reminder.activityId);
    } catch (err) {
      btn.disabled = false;
      error.textContent = describe(problemOf(err));
      error.hidden = false;
    }
  };
  const snooze: HTMLButtonElement = button('Snooze', () => void act('snooze', { minutes: Number(select.value) }, Date.now() + Number(select.value) * 60_000, snooze), 'secondary', { 'aria-describedby': titleId });
  const dismiss: HTMLButtonElement = button('Dismiss', () => void act('dismiss', undefined, Number.POSITIVE_INFINITY, dismiss), 'secondary', { 'aria-describedby': titleId });
  return h(
    'li',
    { class: 'reminder', 'aria-labelledby': titleId, 'data-activity': reminder.activityId },
    h('p', { id: titleId, class: 'reminder-title' }, h('strong', null, 'Reminder: '), reminder.subject, ` (${ACTIVITY_LABELS[reminder.activityType] ?? reminder.activityType})`),
    h('p', { class: 'small' }, reminder.dueAt ? `Due ${formatDate(reminder.dueAt)} · ` : '', 'On ', recordLink(reminder.relatedType, reminder.relatedId)),
    h('div', { class: 'actions' }, h('label', { for: snoozeId, class: 'sr-only' }, `Snooze “${reminder.subject}” for`), select, snooze, dismiss),
    error,
  );
}

async function poll(): Promise<void> {
  if (polling || !currentToken() || document.hidden) return;
  polling = true;
  try {
    const page = await api<Page<DueReminder>>('GET', '/reminders/due?limit=20');
    if (timer === undefined) return;
    const now = Date.now();
    const due = new Set(page.items.map((r) => r.activityId));
    for (const reminder of page.items) {
      if ((quiet.get(reminder.activityId) ?? 0) > now || shown.has(reminder.activityId)) continue;
      const el = notice(reminder);
      shown.set(reminder.activityId, el);
      list.appendChild(el);
    }
    // Handled elsewhere (another tab, the email): the notice goes.
    for (const id of [...shown.keys()]) if (!due.has(id)) remove(id);
    region.hidden = shown.size === 0;
  } catch {
    /* the next poll tries again; a 401 already sent the user to sign in */
  } finally {
    polling = false;
  }
}

export function startReminders(): void {
  if (timer !== undefined) return;
  timer = setInterval(() => void poll(), POLL_MS);
  void poll();
}

export function stopReminders(): void {
  if (timer !== undefined) clearInterval(timer);
  timer = undefined;
  for (const id of [...shown.keys()]) remove(id);
  quiet.clear();
}
