/**
 * Workflow notifications for every signed-in user: a bell in the header with the unread
 * count, fed by polling GET /me/notifications on the reminders' cadence, and a panel that
 * lists them with "Mark read". The bell is one element kept across page changes.
 */
import { api, currentToken } from './api';
import { unreadCount, type AppNotification } from './automation';
import { button, problemOf } from './components';
import { fill, h, uid } from './dom';
import { describe } from './problem';
import { POLL_MS } from './reminders';
import { recordLink } from './sales-data';
import { formatDate } from './values';
import type { Page } from './views/records';

const panelId = uid('notifications');
const headingId = uid('notifications-h');
const count = h('span', { class: 'bell-count', hidden: true, 'aria-hidden': 'true' });
/** A bell drawn inline: the UI ships no icon font, and emoji are not on every system. */
function bellIcon(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '18');
  svg.setAttribute('height', '18');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M12 2a6 6 0 0 0-6 6v3.6L4.3 15a1 1 0 0 0 .9 1.5h13.6a1 1 0 0 0 .9-1.5L18 11.6V8a6 6 0 0 0-6-6Zm0 20a3 3 0 0 0 3-3H9a3 3 0 0 0 3 3Z');
  path.setAttribute('fill', 'currentColor');
  svg.appendChild(path);
  return svg;
}
const toggle = h('button', { type: 'button', class: 'btn btn-secondary bell', 'aria-expanded': 'false', 'aria-controls': panelId }, bellIcon(), count);
const list = h('ul', { class: 'notification-list', 'aria-labelledby': headingId });
const status = h('p', { class: 'status', role: 'status' });
/** Announces a change in the unread count once, politely, without moving focus. */
const announcer = h('span', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
const panel = h(
  'section',
  { id: panelId, class: 'notifications-panel', 'aria-labelledby': headingId, hidden: true, tabindex: -1 },
  h('div', { class: 'panel-head' }, h('h2', { id: headingId }, 'Notifications'), button('Mark all read', () => void markAll(), 'secondary', { class: 'btn btn-secondary btn-small' })),
  status,
  list,
);
const bell = h('div', { class: 'bell-wrap' }, toggle, announcer, panel);

let items: AppNotification[] = [];
let timer: ReturnType<typeof setInterval> | undefined;
let polling = false;
let lastUnread = -1;

toggle.addEventListener('click', () => (panel.hidden ? open() : close()));
document.addEventListener('keydown', (e) => {
  const active = document.activeElement;
  // Escape closes the panel from inside it (or when focus fell to the page, e.g. after a button went away).
  if (e.key === 'Escape' && !panel.hidden && (!active || active === document.body || bell.contains(active))) {
    close();
    toggle.focus();
  }
});
document.addEventListener('click', (e) => {
  if (!panel.hidden && !bell.contains(e.target as Node)) close();
});

function open() {
  panel.hidden = false;
  toggle.setAttribute('aria-expanded', 'true');
  draw();
  void poll(true);
}
function close() {
  panel.hidden = true;
  toggle.setAttribute('aria-expanded', 'false');
}

/** The header's bell; the same element on every page. */
export function notificationsBell(): HTMLElement {
  return bell;
}

function label(unread: number): string {
  return unread ? `Notifications, ${unread} unread` : 'Notifications, none unread';
}

function drawCount() {
  const unread = unreadCount(items);
  count.textContent = unread > 99 ? '99+' : String(unread);
  count.hidden = unread === 0;
  toggle.setAttribute('aria-label', label(unread));
  if (lastUnread >= 0 && unread > lastUnread) announcer.textContent = `${unread - lastUnread} new notification${unread - lastUnread === 1 ? '' : 's'}`;
  lastUnread = unread;
}

async function markRead(n: AppNotification, btn?: HTMLButtonElement): Promise<void> {
  if (btn) btn.disabled = true;
  try {
    await api('POST', `/me/notifications/${encodeURIComponent(n.notificationId)}/read`);
    items = items.map((i) => (i.notificationId === n.notificationId ? { ...i, readAt: new Date().toISOString() } : i));
    drawCount();
    draw(`Marked read: ${n.message}`);
    // The button is gone: keep focus in the panel, on the next one to mark if any.
    (list.querySelector<HTMLElement>('li.unread button') ?? panel).focus();
  } catch (error) {
    if (btn) btn.disabled = false;
    status.textContent = describe(problemOf(error));
  }
}

async function markAll(): Promise<void> {
  const unread = items.filter((n) => !n.readAt);
  if (!unread.length) return void (status.textContent = 'Nothing unread.');
  const results = await Promise.allSettled(unread.map((n) => api('POST', `/me/notifications/${encodeURIComponent(n.notificationId)}/read`)));
  const now = new Date().toISOString();
  const done = new Set(unread.filter((_, i) => results[i]!.status === 'fulfilled').map((n) => n.notificationId));
  items = items.map((i) => (done.has(i.notificationId) ? { ...i, readAt: now } : i));
  drawCount();
  draw(done.size === unread.length ? 'All marked read.' : `${unread.length - done.size} could not be marked read; try again.`);
}

function draw(message?: string) {
  if (panel.hidden) return;
  fill(
    list,
    items.map((n) => {
      const readBtn = n.readAt ? null : button('Mark read', (e) => void markRead(n, e.currentTarget as HTMLButtonElement), 'secondary', { class: 'btn btn-secondary btn-small', 'aria-label': `Mark read: ${n.message}` });
      return h(
        'li',
        { class: `notification${n.readAt ? ' read' : ' unread'}` },
        h('p', null, n.readAt ? null : h('span', { class: 'sr-only' }, 'Unread: '), n.message),
        h('p', { class: 'small muted' }, h('time', { datetime: n.createdAt }, formatDate(n.createdAt)), n.recordType && n.recordId ? [' · ', recordLink(n.recordType, n.recordId)] : null),
        readBtn,
      );
    }),
  );
  status.textContent = message ?? (items.length ? `${unreadCount(items)} unread of ${items.length}.` : 'No notifications yet.');
}

async function poll(force = false): Promise<void> {
  if (polling || !currentToken() || (document.hidden && !force)) return;
  polling = true;
  try {
    const page = await api<Page<AppNotification>>('GET', '/me/notifications?limit=20');
    if (timer === undefined) return;
    items = page.items;
    drawCount();
    draw();
  } catch {
    /* the next poll tries again; a 401 already sent the user to sign in */
  } finally {
    polling = false;
  }
}

export function startNotifications(): void {
  if (timer !== undefined) return;
  timer = setInterval(() => void poll(), POLL_MS);
  toggle.setAttribute('aria-label', label(0));
  void poll();
}

export function stopNotifications(): void {
  if (timer !== undefined) clearInterval(timer);
  timer = undefined;
  items = [];
  lastUnread = -1;
  count.hidden = true;
  announcer.textContent = '';
  close();
}
