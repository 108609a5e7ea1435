/**
 * A form's submissions, newest first, filtered by status: each with its outcome (the lead
 * it made, the known person it matched, why it was taken for spam, why it failed, with a
 * Re-drive button), its values, the consent texts agreed to and its tracking (UTM,
 * referrer, landing page). Everything a visitor sent is shown as text (dom.ts makes text
 * nodes of strings), so markup in a value is never run.
 */
import { api } from '../../api';
import { banner, button, linkButton, problemOf } from '../../components';
import { fill, h, uid, type Child } from '../../dom';
import { SUBMISSION_STATUSES, SUBMISSION_STATUS_LABELS, TRACKING_LABELS, fieldLabel, valueText, type Form, type Submission, type SubmissionStatus } from '../../forms';
import { href } from '../../router';
import { recordLink } from '../../sales-data';
import { formatDate, queryString } from '../../values';
import type { Page } from '../records';
import { adminPage } from './layout';
import { editHref, formPath, submissionsHref } from './forms';

const BADGE: Record<SubmissionStatus, string> = { received: 'run-running', lead: 'run-succeeded', duplicate: 'badge-on', spam: 'run-skipped', failed: 'run-failed' };

export const submissionBadge = (status: SubmissionStatus) => h('span', { class: `badge ${BADGE[status] ?? ''}` }, SUBMISSION_STATUS_LABELS[status] ?? status);

const fact = (label: string, value: Child) => h('div', null, h('dt', null, label), h('dd', null, value));

/** What became of a submission, with the link to its record. */
function outcome(s: Submission, redrive: (btn: HTMLButtonElement) => void): Child {
  switch (s.status) {
    case 'lead':
      return s.leadId ? ['New lead: ', recordLink('lead', s.leadId, 'the lead')] : 'New lead';
    case 'duplicate':
      if (s.contactId) return ['Matched a known contact: ', recordLink('contact', s.contactId, 'the contact')];
      if (s.leadId) return ['Matched a known lead: ', recordLink('lead', s.leadId, 'the lead')];
      return 'Matched a known person';
    case 'spam':
      return ['Taken for spam', s.spamReason ? `: ${s.spamReason}` : ''];
    case 'failed':
      return [
        h('span', { class: 'field-error' }, `Failed${s.error ? `: ${s.error}` : ''}`),
        ' ',
        button('Re-drive', (e) => redrive(e.currentTarget as HTMLButtonElement), 'primary', { class: 'btn btn-primary btn-small', 'aria-label': `Re-drive the submission of ${formatDate(s.receivedAt)}` }),
      ];
    case 'received':
      return 'Received, being processed';
  }
}

function submissionItem(form: Form | null, s: Submission, redrive: (s: Submission, btn: HTMLButtonElement) => void): HTMLElement {
  const headingId = uid('sub');
  const values = Object.entries(s.values);
  const tracking = TRACKING_LABELS.filter(([key]) => s.tracking?.[key]);
  return h(
    'li',
    { class: `submission submission-${s.status}`, 'aria-labelledby': headingId, 'data-submission': s.submissionId },
    h('h3', { id: headingId, class: 'submission-head' }, submissionBadge(s.status), ' ', h('time', { datetime: s.receivedAt }, formatDate(s.receivedAt))),
    h('p', { class: 'submission-outcome' }, outcome(s, (btn) => redrive(s, btn))),
    h(
      'dl',
      { class: 'details submission-values', 'aria-label': 'Values' },
      values.length ? values.map(([key, value]) => fact(fieldLabel(form, key), valueText(value))) : fact('Values', h('span', { class: 'muted' }, 'none')),
    ),
    s.consent?.length
      ? h(
          'div',
          { class: 'submission-consent' },
          h('h4', null, 'Consent'),
          h('ul', null, s.consent.map((c) => h('li', null, h('strong', null, c.given ? 'Agreed: ' : 'Not agreed: '), c.text))),
        )
      : null,
    h(
      'dl',
      { class: 'details submission-meta', 'aria-label': 'Tracking' },
      tracking.map(([key, label]) => fact(label, s.tracking![key]!)),
      s.language ? fact('Language', s.language) : null,
      fact('Attempts', String(s.attempts)),
      s.processedAt ? fact('Processed', formatDate(s.processedAt)) : null,
    ),
  );
}

export async function formSubmissions(root: HTMLElement, id: string, query: URLSearchParams): Promise<void> {
  const wanted = query.get('status');
  const status = (SUBMISSION_STATUSES as readonly string[]).includes(wanted ?? '') ? (wanted as SubmissionStatus) : undefined;
  const errors = banner();
  errors.el.tabIndex = -1;
  const note = h('p', { class: 'status', role: 'status' }, 'Loading submissions…');
  const list = h('ol', { class: 'submissions', 'aria-label': 'Submissions, newest first' });
  let cursor: string | null = null;
  let shown = 0;
  const more = button('Load more submissions', () => void load(cursor), 'secondary', { hidden: true });
  const refresh = button('Refresh', () => void load(null));
  const filterId = uid('status');
  const filter = h(
    'select',
    { id: filterId },
    h('option', { value: '', selected: !status }, 'All'),
    SUBMISSION_STATUSES.map((s) => h('option', { value: s, selected: s === status }, SUBMISSION_STATUS_LABELS[s])),
  );
  filter.addEventListener('change', () => (location.hash = submissionsHref(id, filter.value || undefined)));
  fill(
    root,
    ...adminPage('forms', 'Submissions', [refresh, linkButton('All forms', href('/admin/forms'))]),
    errors.el,
    h('div', { class: 'toolbar filter' }, h('div', { class: 'field' }, h('label', { for: filterId }, 'Status'), filter)),
    note,
    list,
    h('p', null, more),
  );

  let form: Form | null = null;
  try {
    form = await api<Form>('GET', formPath(id));
    const heading = root.querySelector('h1');
    if (heading) heading.textContent = `Submissions of ${form.name}`;
    root.querySelector('.page-header')?.insertAdjacentElement('afterend', h('p', { class: 'muted' }, h('a', { href: editHref(id) }, 'Edit the form'), ' · its embed codes and statistics are there.'));
  } catch (error) {
    note.textContent = '';
    return errors.show(problemOf(error));
  }

  const redrive = async (s: Submission, btn: HTMLButtonElement) => {
    btn.disabled = true;
    try {
      const updated = await api<Submission>('POST', `${formPath(id)}/submissions/${encodeURIComponent(s.submissionId)}/redrive`);
      errors.clear();
      const old = list.querySelector(`[data-submission="${CSS.escape(s.submissionId)}"]`);
      const replacement = submissionItem(form, updated, (x, b) => void redrive(x, b));
      old?.replaceWith(replacement);
      note.textContent = 'The submission is being processed again.';
      replacement.setAttribute('tabindex', '-1');
      replacement.focus();
    } catch (error) {
      btn.disabled = false;
      errors.show(problemOf(error));
      errors.el.focus();
    }
  };

  async function load(from: string | null) {
    more.disabled = true;
    refresh.disabled = true;
    list.setAttribute('aria-busy', 'true');
    try {
      const page = await api<Page<Submission>>('GET', `${formPath(id)}/submissions${queryString({ limit: 20, cursor: from, status })}`);
      errors.clear();
      if (!from) {
        list.replaceChildren();
        shown = 0;
      }
      for (const s of page.items) list.appendChild(submissionItem(form, s, (x, b) => void redrive(x, b)));
      shown += page.items.length;
      cursor = page.cursor;
      more.hidden = !cursor;
      const which = status ? `${SUBMISSION_STATUS_LABELS[status].toLowerCase()} ` : '';
      note.textContent = shown ? `${shown} ${which}submission${shown === 1 ? '' : 's'}, newest first${cursor ? '; more available' : ''}.` : `No ${which}submissions yet.`;
    } catch (error) {
      note.textContent = '';
      errors.show(problemOf(error));
    } finally {
      more.disabled = false;
      refresh.disabled = false;
      list.removeAttribute('aria-busy');
    }
  }
  await load(null);
}
