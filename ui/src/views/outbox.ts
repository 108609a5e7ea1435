import { api, request, url } from '../api';
import { banner, button, pageHeader, problemOf, saveBlob, table } from '../components';
import { fill, h } from '../dom';
import { formatDate } from '../values';

interface OutboxMessage {
  id: string;
  to: string;
  subject: string;
  date: string;
}

/** Local mode only: the emails the SES stand-in "sent", each a real .eml file. */
export async function outboxView(root: HTMLElement): Promise<void> {
  const errors = banner();
  const results = h('div', { class: 'results', 'aria-busy': 'true' });
  const status = h('p', { class: 'status', role: 'status' }, 'Loading…');
  fill(root, pageHeader('Outbox', button('Refresh', () => void outboxView(root))), h('p', { class: 'muted' }, 'Emails sent while running locally. Nothing leaves this machine.'), errors.el, status, results);
  try {
    const messages = await api<OutboxMessage[]>('GET', '/_local/outbox');
    status.textContent = messages.length ? `${messages.length} message${messages.length === 1 ? '' : 's'}.` : 'No emails sent yet.';
    if (messages.length)
      fill(
        results,
        table('Sent emails, newest first', [
          { label: 'Date', cell: (m: OutboxMessage) => formatDate(m.date) },
          { label: 'To', cell: (m) => m.to },
          { label: 'Subject', cell: (m) => emlLink(m, errors) },
        ], messages).el,
      );
  } catch (error) {
    status.textContent = '';
    errors.show(problemOf(error));
  } finally {
    results.removeAttribute('aria-busy');
  }
}

function emlLink(message: OutboxMessage, errors: ReturnType<typeof banner>): HTMLElement {
  const path = `/_local/outbox/${encodeURIComponent(message.id)}.eml`;
  // A real link (copyable, keyboard-friendly); the click goes through fetch so the bearer token is sent.
  return h(
    'a',
    {
      href: url(path),
      download: `${message.id}.eml`,
      onclick: async (e: MouseEvent) => {
        e.preventDefault();
        try {
          await saveBlob(await request('GET', path, undefined, 'message/rfc822'), `${message.id}.eml`);
        } catch (error) {
          errors.show(problemOf(error));
        }
      },
    },
    message.subject || '(no subject)',
  );
}
