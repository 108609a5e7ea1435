/**
 * Outbound webhooks: subscriptions (an HTTPS URL and the event types it gets), the
 * signing secret shown once when created or rotated, a test ping, and each
 * subscription's deliveries with the dead-letter list and "Re-drive".
 * The chosen subscription and tab are in the address (?id=…&tab=dead).
 */
import { api } from '../../api';
import { banner, button, checkboxGroup, confirmDialog, form, problemOf, table, textField, type FormHandle } from '../../components';
import { fill, h, uid, type Child } from '../../dom';
import { checkboxField, type TypedField } from '../../inputs';
import { href } from '../../router';
import { formatDate, queryString } from '../../values';
import type { Page } from '../records';
import { adminPage } from './layout';

export interface WebhookSubscription {
  subscriptionId: string;
  name: string;
  url: string;
  eventTypes: string[];
  enabled: boolean;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}
export interface WebhookDelivery {
  deliveryId: string;
  subscriptionId: string;
  eventId: string;
  detailType: string;
  payload: string;
  status: 'pending' | 'succeeded' | 'dead';
  attempts: number;
  redrives: number;
  lastError?: string;
  lastStatusCode?: number;
  createdAt: string;
  updatedAt: string;
  deliveredAt?: string;
}
export const ALL_EVENTS = '*';

const DELIVERY_LABELS: Record<WebhookDelivery['status'], string> = { pending: 'Pending', succeeded: 'Delivered', dead: 'Dead' };
const subPath = (id: string) => `/webhooks/${encodeURIComponent(id)}`;
const pageHref = (query: Record<string, string | undefined> = {}) => href('/admin/webhooks', query);

/** "Lead Created, Lead Updated" or "Every event". */
export const eventsText = (types: readonly string[]) => (types.includes(ALL_EVENTS) ? 'Every event' : types.join(', '));

export async function webhooksView(root: HTMLElement, query: URLSearchParams): Promise<void> {
  const selectedId = query.get('id') ?? undefined;
  const tab = query.get('tab') === 'dead' ? 'dead' : 'all';
  const errors = banner();
  const status = h('p', { class: 'status', role: 'status' }, 'Loading webhooks…');
  const results = h('div', { class: 'results' });
  const secretBox = h('div', { 'aria-live': 'polite' });
  const editor = h('div');
  const deliveries = h('div');
  fill(
    root,
    ...adminPage('webhooks', 'Webhooks', []),
    h('p', { class: 'muted' }, 'Each subscription gets the events it names as signed HTTPS POSTs (header x-crm-signature, HMAC-SHA256 with its secret). Failed deliveries are retried, then dead-lettered; a dead delivery can be re-driven.'),
    errors.el,
    secretBox,
    status,
    results,
    deliveries,
    editor,
  );

  let items: WebhookSubscription[] = [];
  let eventTypes: string[] = [];
  let editing: WebhookSubscription | undefined;
  try {
    const [subs, types] = await Promise.all([
      loadAll(),
      api<{ types: { detailType: string }[] }>('GET', '/events/types').then(
        (r) => r.types.map((t) => t.detailType),
        () => [] as string[],
      ),
    ]);
    items = subs;
    eventTypes = types;
  } catch (error) {
    status.textContent = '';
    return errors.show(problemOf(error));
  }

  /** The secret, once: after creating or rotating. */
  function showSecret(sub: WebhookSubscription & { secret: string }, what: string) {
    const id = uid('secret');
    const input = h('input', { id, type: 'text', readonly: true, value: sub.secret, class: 'feed-url' });
    const copied = h('span', { role: 'status', class: 'small' });
    fill(
      secretBox,
      h(
        'section',
        { class: 'card secret-card', 'aria-labelledby': `${id}-h`, tabindex: -1 },
        h('h2', { id: `${id}-h` }, `${what}: the signing secret of ${sub.name}`),
        h('p', null, 'Copy it now and keep it with the receiver: it is not shown again. Rotating the secret makes a new one.'),
        h('div', { class: 'field' }, h('label', { for: id }, 'Signing secret'), h('div', { class: 'inline-form' }, input, button('Copy', async () => {
          try {
            await navigator.clipboard.writeText(sub.secret);
            copied.textContent = 'Copied.';
          } catch {
            input.select();
            copied.textContent = 'Select and copy it by hand (Ctrl+C).';
          }
        }), copied)),
        button('I have stored it', () => fill(secretBox)),
      ),
    );
    secretBox.querySelector<HTMLElement>('section')?.focus();
  }

  const act = async (label: string, run: () => Promise<void>) => {
    try {
      await run();
      errors.clear();
    } catch (error) {
      const problem = problemOf(error);
      errors.show(problem.status === 409 ? `${label}: someone else changed it; reload to see the latest.` : problem, problem.status === 409 ? button('Reload', () => void webhooksView(root, query), 'primary') : null);
      errors.el.focus();
    }
  };

  const toggle = (s: WebhookSubscription) =>
    act(s.name, async () => {
      const saved = await api<WebhookSubscription>('PATCH', subPath(s.subscriptionId), { enabled: !s.enabled, version: s.version });
      items = items.map((i) => (i.subscriptionId === saved.subscriptionId ? saved : i));
      draw(`${saved.name} turned ${saved.enabled ? 'on' : 'off'}.`);
      root.querySelector<HTMLElement>(`[data-toggle="${CSS.escape(saved.subscriptionId)}"]`)?.focus();
    });
  const rotate = async (s: WebhookSubscription) => {
    if (!(await confirmDialog(`Make a new signing secret for ${s.name}? The old one stops verifying at once.`, 'Rotate secret'))) return;
    await act(s.name, async () => {
      const saved = await api<WebhookSubscription & { secret: string }>('POST', `${subPath(s.subscriptionId)}/secret`);
      items = items.map((i) => (i.subscriptionId === saved.subscriptionId ? strip(saved) : i));
      draw(`${s.name} has a new secret.`);
      showSecret(saved, 'Rotated');
    });
  };
  const test = (s: WebhookSubscription) =>
    act(s.name, async () => {
      await api<WebhookDelivery>('POST', `${subPath(s.subscriptionId)}/test`);
      const target = pageHref({ id: s.subscriptionId });
      if (location.hash === target) await showDeliveries(s, 'all', `Test event sent to ${s.name}; its delivery is below.`);
      else location.hash = target;
    });
  const remove = async (s: WebhookSubscription) => {
    if (!(await confirmDialog(`Delete the subscription ${s.name}? Its pending deliveries are dead-lettered.`, 'Delete'))) return;
    await act(s.name, async () => {
      await api('DELETE', subPath(s.subscriptionId));
      items = items.filter((i) => i.subscriptionId !== s.subscriptionId);
      if (editing?.subscriptionId === s.subscriptionId) editing = undefined;
      if (selectedId === s.subscriptionId) fill(deliveries);
      draw(`${s.name} deleted.`);
    });
  };

  function drawForm(): FormHandle {
    const current = editing;
    const name: TypedField = textField({ name: 'name', label: 'Name', required: true, maxlength: 200 }, current?.name ?? '');
    const url: TypedField = textField({ name: 'url', label: 'URL', type: 'url', required: true, maxlength: 2048, hint: 'HTTPS, reachable from the internet' }, current?.url ?? '');
    const all = checkboxField({ name: 'allEvents', label: 'Every event (also ones added later)' }, current?.eventTypes.includes(ALL_EVENTS) ?? false);
    const types = checkboxGroup({ name: 'eventTypes', label: 'Event types' }, eventTypes.map((t) => ({ value: t, label: t })), current?.eventTypes ?? []);
    const enabled = checkboxField({ name: 'enabled', label: 'Enabled' }, current?.enabled ?? true);
    const sync = () => (types.control.hidden = (all.control as HTMLInputElement).checked);
    all.control.addEventListener('change', sync);
    sync();
    const headingId = uid('wh');
    const title = current ? `Edit ${current.name}` : 'Add a subscription';
    const handle = form([name, url, enabled, all, types], {
      label: title,
      submitLabel: current ? 'Save subscription' : 'Add subscription',
      onCancel: current ? () => ((editing = undefined), drawForm()) : undefined,
      validate: () => ((all.control as HTMLInputElement).checked || types.checked().length ? null : new Map([['eventTypes', ['Choose at least one event type, or every event.']]])),
      onSubmit: async (f) => {
        const chosen = (all.control as HTMLInputElement).checked ? [ALL_EVENTS] : types.checked();
        const body: Record<string, unknown> = { name: name.value().trim(), url: url.value().trim(), eventTypes: chosen, enabled: (enabled.control as HTMLInputElement).checked };
        try {
          if (current) {
            const patch: Record<string, unknown> = { version: current.version };
            for (const [key, value] of Object.entries(body)) if (JSON.stringify(value) !== JSON.stringify(current[key as keyof WebhookSubscription])) patch[key] = value;
            const saved = await api<WebhookSubscription>('PATCH', subPath(current.subscriptionId), patch);
            items = items.map((i) => (i.subscriptionId === saved.subscriptionId ? saved : i));
            editing = undefined;
            draw(`${saved.name} saved.`);
          } else {
            const created = await api<WebhookSubscription & { secret: string }>('POST', '/webhooks', body);
            items = [...items, strip(created)];
            draw(`${created.name} added.`);
            showSecret(created, 'Created');
          }
        } catch (error) {
          const problem = problemOf(error);
          f.showProblem(problem.status === 409 ? { ...problem, errors: [], title: 'Someone else changed this subscription; nothing was saved. Reload to see the latest.' } : problem);
        }
      },
    });
    fill(editor, h('section', { class: 'card', 'aria-labelledby': headingId }, h('h2', { id: headingId }, title), handle.el));
    return handle;
  }

  function draw(message?: string) {
    status.textContent = message ?? `${items.length} subscription${items.length === 1 ? '' : 's'}.`;
    fill(
      results,
      items.length
        ? table(
            'Webhook subscriptions',
            [
              { label: 'Name', cell: (s: WebhookSubscription) => h('a', { href: pageHref({ id: s.subscriptionId }), 'aria-current': s.subscriptionId === selectedId ? 'true' : undefined }, s.name) },
              { label: 'URL', cell: (s) => h('code', null, s.url) },
              { label: 'Events', cell: (s) => h('span', { class: 'small' }, eventsText(s.eventTypes)) },
              {
                label: 'Enabled',
                cell: (s) =>
                  h(
                    'span',
                    { class: 'actions' },
                    h('span', { class: `badge${s.enabled ? ' badge-on' : ' badge-off'}` }, s.enabled ? 'On' : 'Off'),
                    button(s.enabled ? 'Turn off' : 'Turn on', () => void toggle(s), 'secondary', { class: 'btn btn-secondary btn-small', 'aria-label': `${s.enabled ? 'Turn off' : 'Turn on'} ${s.name}`, 'data-toggle': s.subscriptionId }),
                  ),
              },
              {
                label: 'Actions',
                cell: (s) =>
                  h(
                    'span',
                    { class: 'actions' },
                    h('a', { class: 'btn btn-secondary btn-small', href: pageHref({ id: s.subscriptionId }), 'aria-label': `Deliveries of ${s.name}` }, 'Deliveries'),
                    button('Send test', () => void test(s), 'secondary', { class: 'btn btn-secondary btn-small', 'aria-label': `Send a test event to ${s.name}` }),
                    button('Edit', () => ((editing = s), drawForm().fields[0]?.control.focus()), 'secondary', { class: 'btn btn-secondary btn-small', 'aria-label': `Edit ${s.name}` }),
                    button('Rotate secret', () => void rotate(s), 'secondary', { class: 'btn btn-secondary btn-small', 'aria-label': `Rotate the secret of ${s.name}` }),
                    button('Delete', () => void remove(s), 'danger', { class: 'btn btn-danger btn-small', 'aria-label': `Delete ${s.name}` }),
                  ),
              },
            ],
            items,
          ).el
        : h('p', { class: 'muted' }, 'No webhook subscriptions yet.'),
    );
    if (!editor.hasChildNodes() || !editing) drawForm();
  }

  async function showDeliveries(sub: WebhookSubscription, which: 'all' | 'dead', message?: string) {
    const headingId = uid('deliveries');
    const list = h('div');
    const state = h('p', { class: 'status', role: 'status' }, message ?? 'Loading deliveries…');
    const problems = banner();
    let cursor: string | null = null;
    let shown: WebhookDelivery[] = [];
    const more = button('Load more deliveries', () => void load(cursor), 'secondary', { hidden: true });
    const refresh = button('Refresh', () => void load(null), 'secondary', { class: 'btn btn-secondary btn-small' });
    const redrive = async (d: WebhookDelivery, btn: HTMLButtonElement) => {
      btn.disabled = true;
      try {
        const again = await api<WebhookDelivery>('POST', `/webhooks/deliveries/${encodeURIComponent(d.deliveryId)}/redrive`);
        problems.clear();
        shown = which === 'dead' ? shown.filter((x) => x.deliveryId !== d.deliveryId) : shown.map((x) => (x.deliveryId === d.deliveryId ? again : x));
        drawList(`Delivery of ${d.detailType} re-driven; it is pending again.`);
      } catch (error) {
        btn.disabled = false;
        problems.show(problemOf(error));
      }
    };
    const drawList = (text?: string) => {
      fill(
        list,
        shown.length
          ? table(
              which === 'dead' ? `Dead letters of ${sub.name}` : `Deliveries of ${sub.name}`,
              [
                { label: 'Created', cell: (d: WebhookDelivery) => h('time', { datetime: d.createdAt }, formatDate(d.createdAt)) },
                { label: 'Event', cell: (d) => [d.detailType, h('details', { class: 'small' }, h('summary', null, 'Payload'), h('pre', { class: 'json' }, prettyJson(d.payload)))] },
                { label: 'Status', cell: (d) => h('span', { class: `badge delivery-${d.status}` }, DELIVERY_LABELS[d.status] ?? d.status) },
                { label: 'Attempts', cell: (d) => `${d.attempts}${d.redrives ? ` (re-driven ${d.redrives}×)` : ''}` },
                { label: 'Last answer', cell: (d) => [d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : '', d.lastError ? h('div', { class: 'field-error' }, d.lastError) : null, d.deliveredAt ? h('div', { class: 'small muted' }, `Delivered ${formatDate(d.deliveredAt)}`) : null] },
                { label: 'Actions', cell: (d) => (d.status === 'dead' ? button('Re-drive', (e) => void redrive(d, e.currentTarget as HTMLButtonElement), 'primary', { class: 'btn btn-primary btn-small', 'aria-label': `Re-drive the ${d.detailType} delivery of ${formatDate(d.createdAt)}` }) : '') },
              ],
              shown,
            ).el
          : h('p', { class: 'muted' }, which === 'dead' ? 'No dead letters: every delivery got through or is still being retried.' : 'No deliveries yet. Send a test event to see one.'),
      );
      state.textContent = text ?? `${shown.length} ${which === 'dead' ? 'dead letter' : 'deliver'}${which === 'dead' ? (shown.length === 1 ? '' : 's') : shown.length === 1 ? 'y' : 'ies'}${cursor ? '; more available' : ''}.`;
    };
    async function load(from: string | null, text?: string) {
      more.disabled = true;
      try {
        const page = await api<Page<WebhookDelivery>>('GET', `${subPath(sub.subscriptionId)}/deliveries${queryString({ limit: 20, cursor: from, status: which === 'dead' ? 'dead' : undefined })}`);
        problems.clear();
        shown = from ? [...shown, ...page.items] : page.items;
        cursor = page.cursor;
        more.hidden = !cursor;
        drawList(text);
      } catch (error) {
        state.textContent = '';
        problems.show(problemOf(error));
      } finally {
        more.disabled = false;
      }
    }
    const tabLink = (t: 'all' | 'dead', label: Child) => h('li', null, h('a', { href: pageHref({ id: sub.subscriptionId, tab: t === 'dead' ? 'dead' : undefined }), 'aria-current': which === t ? 'page' : undefined }, label));
    fill(
      deliveries,
      h(
        'section',
        { class: 'card', 'aria-labelledby': headingId },
        h('div', { class: 'page-header' }, h('h2', { id: headingId }, `Deliveries of ${sub.name}`), h('div', { class: 'actions' }, refresh, button('Send test', () => void test(sub), 'secondary', { class: 'btn btn-secondary btn-small', 'aria-label': `Send a test event to ${sub.name}` }))),
        h('nav', { class: 'tabs', 'aria-label': 'Deliveries' }, h('ul', null, tabLink('all', 'All deliveries'), tabLink('dead', 'Dead letters'))),
        problems.el,
        state,
        list,
        h('p', null, more),
      ),
    );
    await load(null, message);
  }

  draw();
  const selected = items.find((s) => s.subscriptionId === selectedId);
  if (selected) await showDeliveries(selected, tab);
  else if (selectedId) errors.show('That subscription no longer exists.');
}

function strip(sub: WebhookSubscription & { secret?: string }): WebhookSubscription {
  const copy = { ...sub };
  delete copy.secret;
  return copy;
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

async function loadAll(): Promise<WebhookSubscription[]> {
  const all: WebhookSubscription[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) {
    const page: Page<WebhookSubscription> = await api('GET', `/webhooks${queryString({ limit: 100, cursor })}`);
    all.push(...page.items);
    cursor = page.cursor;
    if (!cursor) break;
  }
  return all;
}
