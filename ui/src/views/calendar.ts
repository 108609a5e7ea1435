/** The calendar: a week or an agenda of my activities (GET /calendar), and the address of my iCalendar feed. */
import { api } from '../api';
import { ACTIVITY_LABELS } from '../activities';
import { banner, button, confirmDialog, pageHeader, problemOf } from '../components';
import { fill, h, uid } from '../dom';
import { href } from '../router';
import { recordLink } from '../sales-data';
import { queryString } from '../values';
import type { Activity, Page } from './records';

/** A local calendar day as YYYY-MM-DD. */
export const localDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
export function parseLocalDay(day: string | null): Date | null {
  const m = day ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(day) : null;
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) ? null : d;
}
export const addDays = (d: Date, days: number) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + days);
/** The Monday of the week a day is in (local time). */
export const weekStart = (d: Date) => addDays(d, -((d.getDay() + 6) % 7));

const AGENDA_DAYS = 30;

async function calendarItems(from: Date, to: Date): Promise<Activity[]> {
  const items: Activity[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 10; i++) {
    const page: Page<Activity> = await api('GET', `/calendar${queryString({ from: from.toISOString(), to: to.toISOString(), limit: 200, cursor })}`);
    items.push(...page.items);
    cursor = page.cursor;
    if (!cursor) break;
  }
  return items;
}

function timeRange(a: Activity): string {
  if (!a.dueAt) return '';
  const start = new Date(a.dueAt);
  const time = (d: Date) => d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return a.durationMinutes ? `${time(start)}–${time(new Date(start.getTime() + a.durationMinutes * 60_000))}` : time(start);
}

function item(a: Activity): HTMLElement {
  return h(
    'li',
    { class: `cal-item type-${a.type}${a.status !== 'open' ? ' done' : ''}` },
    h('time', { datetime: a.dueAt }, timeRange(a)),
    ' ',
    h('span', { class: 'badge' }, ACTIVITY_LABELS[a.type] ?? a.type),
    ' ',
    h('span', { class: 'cal-subject' }, a.subject),
    a.status !== 'open' ? h('span', { class: 'muted small' }, ` (${a.status === 'completed' ? 'done' : a.status})`) : null,
    h('div', { class: 'small' }, 'On ', recordLink(a.relatedType, a.relatedId)),
  );
}

function feedSection(): HTMLElement {
  const headingId = uid('feed');
  const errors = banner();
  const out = h('div');
  const get = button('Get my calendar feed address', async () => {
    if (out.childNodes.length && !(await confirmDialog('A new address replaces the one you have: calendar apps subscribed to the old one stop getting updates. Continue?', 'Get a new address'))) return;
    get.disabled = true;
    errors.clear();
    try {
      const { url } = await api<{ token: string; url: string }>('POST', '/calendar/feed-token');
      const inputId = uid('feed-url');
      const input = h('input', { id: inputId, type: 'text', readonly: true, value: url, class: 'feed-url' });
      const status = h('span', { role: 'status', class: 'muted small' });
      fill(
        out,
        h('label', { for: inputId }, 'Calendar feed address (iCalendar)'),
        h(
          'div',
          { class: 'inline-form' },
          input,
          button('Copy', async () => {
            try {
              await navigator.clipboard.writeText(url);
              status.textContent = 'Copied.';
            } catch {
              input.select();
              status.textContent = 'Select the address and copy it.';
            }
          }),
          status,
        ),
        h('p', { class: 'hint' }, 'Subscribe to it in your calendar app. Keep it private: anyone with it sees your meetings and tasks. It is shown only now; getting a new one turns this one off.'),
      );
      input.focus();
      input.select();
      get.textContent = 'Get a new address';
    } catch (error) {
      errors.show(problemOf(error));
    } finally {
      get.disabled = false;
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': headingId }, h('h2', { id: headingId }, 'Calendar feed'), h('p', { class: 'muted' }, 'See your meetings and tasks in Outlook, Google Calendar or Apple Calendar.'), errors.el, get, out);
}

export async function calendarView(root: HTMLElement, query: URLSearchParams): Promise<void> {
  const view = query.get('view') === 'agenda' ? 'agenda' : 'week';
  const day = parseLocalDay(query.get('date')) ?? new Date();
  const from = view === 'week' ? weekStart(day) : new Date(day.getFullYear(), day.getMonth(), day.getDate());
  const days = view === 'week' ? 7 : AGENDA_DAYS;
  const to = addDays(from, days);
  const errors = banner();
  const status = h('p', { class: 'status', role: 'status' }, 'Loading your calendar…');
  const body = h('div', { class: view === 'week' ? 'week' : 'agenda' });
  const link = (params: Record<string, string | undefined>) => href('/calendar', { view: view === 'agenda' ? 'agenda' : undefined, ...params });
  const dayLabel = (d: Date) => d.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
  const range = `${from.toLocaleDateString(undefined, { dateStyle: 'medium' })} – ${addDays(to, -1).toLocaleDateString(undefined, { dateStyle: 'medium' })}`;

  fill(
    root,
    pageHeader('Calendar'),
    h(
      'nav',
      { class: 'tabs', 'aria-label': 'Calendar view' },
      h(
        'ul',
        null,
        h('li', null, h('a', { href: href('/calendar', { date: query.get('date') ?? undefined }), 'aria-current': view === 'week' ? 'page' : undefined }, 'Week')),
        h('li', null, h('a', { href: href('/calendar', { view: 'agenda', date: query.get('date') ?? undefined }), 'aria-current': view === 'agenda' ? 'page' : undefined }, 'Agenda')),
      ),
    ),
    h(
      'div',
      { class: 'toolbar cal-nav' },
      h('a', { class: 'btn btn-secondary', href: link({ date: localDay(addDays(from, -days)) }) }, view === 'week' ? 'Previous week' : 'Earlier'),
      h('a', { class: 'btn btn-secondary', href: link({}) }, 'Today'),
      h('a', { class: 'btn btn-secondary', href: link({ date: localDay(addDays(from, days)) }) }, view === 'week' ? 'Next week' : 'Later'),
      h('p', { class: 'cal-range' }, h('strong', null, range)),
    ),
    errors.el,
    status,
    body,
    feedSection(),
  );

  let items: Activity[];
  try {
    items = await calendarItems(from, to);
  } catch (error) {
    status.textContent = '';
    errors.show(problemOf(error));
    return;
  }
  const byDay = new Map<string, Activity[]>();
  for (const a of items) {
    if (!a.dueAt) continue;
    const key = localDay(new Date(a.dueAt));
    byDay.set(key, [...(byDay.get(key) ?? []), a]);
  }
  const today = localDay(new Date());
  status.textContent = items.length ? `${items.length} item${items.length === 1 ? '' : 's'} in ${view === 'week' ? 'this week' : `the next ${AGENDA_DAYS} days`}.` : `Nothing planned in ${view === 'week' ? 'this week' : `the next ${AGENDA_DAYS} days`}.`;
  const dayBlock = (d: Date) => {
    const key = localDay(d);
    const list = byDay.get(key) ?? [];
    const headingId = uid('day');
    return h(
      'section',
      { class: `cal-day${key === today ? ' today' : ''}`, 'aria-labelledby': headingId },
      h('h2', { id: headingId }, h('time', { datetime: key, 'aria-current': key === today ? 'date' : undefined }, dayLabel(d))),
      list.length ? h('ol', { class: 'cal-items' }, list.map(item)) : h('p', { class: 'muted small' }, 'Nothing planned'),
    );
  };
  const shownDays = Array.from({ length: days }, (_, i) => addDays(from, i)).filter((d) => view === 'week' || byDay.has(localDay(d)));
  fill(body, shownDays.map(dayBlock));
}
