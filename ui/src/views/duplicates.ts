/**
 * Duplicate review: the "Possible duplicates" section on lead and contact pages, the
 * merge screen that compares two records field by field and lets the user pick which
 * values to keep, and the warning on the new-lead form.
 */
import { can } from '../access';
import { api } from '../api';
import { banner, button, linkButton, pageHeader, problemOf, setFlash, table, type Column } from '../components';
import { fill, h, uid, type Child } from '../dom';
import { formatMoney } from '../money';
import { href } from '../router';
import { state } from '../state';
import { contactName, formatValue } from '../values';
import { QUALIFICATION_KEYS, type Duplicate, type Qualification } from './records';

type MergeType = 'lead' | 'contact';
const PATHS: Record<MergeType, string> = { lead: '/leads', contact: '/contacts' };
const recordHref = (type: MergeType, id: string) => href(`${PATHS[type]}/${encodeURIComponent(id)}`);
export const mergeHref = (type: MergeType, id: string, duplicateId: string) => href(`${PATHS[type]}/${encodeURIComponent(id)}/merge/${encodeURIComponent(duplicateId)}`);

const TYPE_NAMES: Record<MergeType, string> = { lead: 'Lead', contact: 'Contact' };

function duplicateColumns(type: MergeType, id: string): Column<Duplicate>[] {
  const mayMerge = can(state.me, type, 'delete') && can(state.me, type, 'update');
  return [
    { label: 'Name', cell: (d) => h('a', { href: recordHref(d.type, d.id) }, d.name) },
    { label: 'Type', cell: (d) => TYPE_NAMES[d.type] ?? d.type },
    { label: 'Match', cell: (d) => [h('strong', null, `${d.score}%`), d.reasons.length ? h('div', { class: 'muted small' }, d.reasons.join(', ')) : null] },
    { label: 'Email', cell: (d) => d.email ?? '' },
    { label: 'Phone', cell: (d) => d.phone ?? '' },
    { label: 'Company', cell: (d) => d.company ?? '' },
    {
      label: 'Actions',
      // Only records of the same type merge; a lead that matches a contact is converted instead.
      cell: (d) => (d.type === type && mayMerge ? h('a', { href: mergeHref(type, id, d.id), 'aria-label': `Review and merge ${d.name}` }, 'Review and merge') : null),
    },
  ];
}

/** The likely duplicates of a lead or contact, best first. */
export function duplicatesSection(type: MergeType, id: string): HTMLElement {
  const headingId = uid('dups');
  const errors = banner();
  const status = h('p', { class: 'status', role: 'status' }, 'Looking for duplicates…');
  const results = h('div');
  void api<{ items: Duplicate[] }>('GET', `${PATHS[type]}/${encodeURIComponent(id)}/duplicates`).then(
    ({ items }) => {
      status.textContent = items.length ? `${items.length} possible duplicate${items.length === 1 ? '' : 's'}.` : 'No likely duplicates found.';
      fill(results, items.length ? table('Possible duplicates', duplicateColumns(type, id), items).el : null);
    },
    (error) => {
      status.textContent = '';
      errors.show(problemOf(error));
    },
  );
  return h('section', { class: 'card', 'aria-labelledby': headingId }, h('h2', { id: headingId }, 'Possible duplicates'), errors.el, status, results);
}

/**
 * Warns on the new-lead form when what was typed matches existing leads or contacts.
 * Checked when the email or phone field loses focus.
 */
export function duplicateWarning(read: () => Record<string, string>): { el: HTMLElement; check(): Promise<void> } {
  const el = h('div', { class: 'duplicate-warning', role: 'status', 'aria-live': 'polite' });
  let seq = 0;
  let last = '';
  return {
    el,
    async check() {
      const values = Object.fromEntries(Object.entries(read()).filter(([, v]) => v.trim()));
      if (!values.email && !values.phone) {
        el.replaceChildren();
        return;
      }
      const key = JSON.stringify(values);
      if (key === last) return;
      last = key;
      const mine = ++seq;
      try {
        const { items } = await api<{ items: Duplicate[] }>('POST', '/duplicates/check', values);
        if (mine !== seq) return;
        fill(
          el,
          items.length
            ? h(
                'div',
                { class: 'banner warning' },
                h('p', null, h('strong', null, `Possible duplicate${items.length === 1 ? '' : 's'}: `), 'this person may already be in the CRM.'),
                h(
                  'ul',
                  null,
                  items.slice(0, 5).map((d) =>
                    h('li', null, h('a', { href: recordHref(d.type, d.id), target: '_blank', rel: 'noopener' }, d.name), ` — ${TYPE_NAMES[d.type] ?? d.type}, ${d.score}% (${d.reasons.join(', ')})`, d.company ? `, ${d.company}` : ''),
                  ),
                ),
              )
            : null,
        );
      } catch {
        // A failed check only means no warning; the create itself still works.
        if (mine === seq) el.replaceChildren();
      }
    },
  };
}

type RecordData = Record<string, unknown> & { version: number; firstName?: string; lastName: string };

interface MergeRow {
  label: string;
  /** the fields a choice takes together (an amount and its currency) */
  fields: string[];
  show(record: RecordData): string;
}

const text = (field: string) => (r: RecordData) => formatValue(r[field]);
const qualificationText = (r: RecordData) => {
  const q = (r.qualification ?? {}) as Qualification;
  return QUALIFICATION_KEYS.filter((k) => q[k]).map((k) => `${k[0]!.toUpperCase()}${k.slice(1)}: ${q[k]}`).join('; ');
};

const MERGE_ROWS: Record<MergeType, MergeRow[]> = {
  lead: [
    { label: 'First name', fields: ['firstName'], show: text('firstName') },
    { label: 'Company', fields: ['company'], show: text('company') },
    { label: 'Job title', fields: ['title'], show: text('title') },
    { label: 'Email', fields: ['email'], show: text('email') },
    { label: 'Phone', fields: ['phone'], show: text('phone') },
    { label: 'Website', fields: ['website'], show: text('website') },
    { label: 'Industry', fields: ['industry'], show: text('industry') },
    { label: 'Country', fields: ['country'], show: text('country') },
    {
      label: 'Annual revenue',
      fields: ['annualRevenue', 'currency'],
      show: (r) => (typeof r.annualRevenue === 'number' && typeof r.currency === 'string' ? formatMoney(r.annualRevenue, r.currency) : ''),
    },
    { label: 'Source', fields: ['source'], show: text('source') },
    { label: 'Campaign', fields: ['campaign'], show: text('campaign') },
    { label: 'Qualification', fields: ['qualification'], show: qualificationText },
    { label: 'Notes', fields: ['notes'], show: text('notes') },
  ],
  contact: [
    { label: 'First name', fields: ['firstName'], show: text('firstName') },
    { label: 'Phone', fields: ['phone'], show: text('phone') },
    { label: 'Job title', fields: ['title'], show: text('title') },
    { label: 'Birthday', fields: ['birthday'], show: text('birthday') },
  ],
};

/** The merge screen: the kept record (this one) and the duplicate side by side. */
export async function mergeView(root: HTMLElement, type: MergeType, id: string, duplicateId: string): Promise<void> {
  const errors = banner();
  errors.el.tabIndex = -1;
  const noun = type;
  fill(root, pageHeader(`Merge ${noun}s`), h('p', { class: 'status', role: 'status' }, 'Loading both records…'));
  let kept: RecordData;
  let duplicate: RecordData;
  try {
    [kept, duplicate] = await Promise.all([
      api<RecordData>('GET', `${PATHS[type]}/${encodeURIComponent(id)}`),
      api<RecordData>('GET', `${PATHS[type]}/${encodeURIComponent(duplicateId)}`),
    ]);
  } catch (error) {
    fill(root, pageHeader(`Merge ${noun}s`), errors.el, h('p', null, h('a', { href: recordHref(type, id) }, `Back to the ${noun}`)));
    errors.show(problemOf(error));
    return;
  }
  const keptName = contactName(kept);
  const dupName = contactName(duplicate);

  const choices = new Map<MergeRow, () => boolean>();
  const rows = MERGE_ROWS[type].map((row) => {
    const mine = row.show(kept);
    const theirs = row.show(duplicate);
    const cell = (value: string) => (value ? value : h('span', { class: 'muted' }, '(empty)'));
    let choice: Child;
    if (!theirs || mine === theirs) choice = h('span', { class: 'muted' }, mine ? 'Same or only here: kept' : 'Empty in both');
    else if (!mine) choice = h('span', null, 'Taken from the duplicate');
    else {
      // A real choice: both have a value and they differ.
      const name = uid(`take-${row.fields[0]}`);
      const keep = h('input', { type: 'radio', name, value: 'keep', checked: true });
      const take = h('input', { type: 'radio', name, value: 'take' });
      choices.set(row, () => take.checked);
      choice = h(
        'fieldset',
        { class: 'choice' },
        h('legend', { class: 'sr-only' }, `${row.label}: which value to keep`),
        h('label', { class: 'check' }, keep, ` Keep “${mine}”`),
        h('label', { class: 'check' }, take, ` Take “${theirs}”`),
      );
    }
    return h('tr', null, h('th', { scope: 'row' }, row.label), h('td', { 'data-label': keptName }, cell(mine)), h('td', { 'data-label': dupName }, cell(theirs)), h('td', { 'data-label': 'Result' }, choice));
  });

  const mergeButton = button(`Merge into ${keptName}`, () => void merge(), 'primary');
  async function merge() {
    errors.clear();
    const take = [...choices].filter(([, taken]) => taken()).flatMap(([row]) => row.fields);
    mergeButton.disabled = true;
    try {
      const result = await api<{ kept: Record<string, unknown>; movedActivities: number; summary: string }>('POST', `${PATHS[type]}/${encodeURIComponent(id)}/merge`, {
        duplicateId,
        version: kept.version,
        duplicateVersion: duplicate.version,
        ...(take.length ? { take } : {}),
      });
      setFlash(`${result.summary}.${result.movedActivities ? ` ${result.movedActivities} activit${result.movedActivities === 1 ? 'y' : 'ies'} moved here.` : ''}`);
      location.hash = recordHref(type, id);
    } catch (error) {
      mergeButton.disabled = false;
      const problem = problemOf(error);
      if (problem.status === 409)
        errors.show(`One of the two ${noun}s was changed after you opened this page. Nothing was merged.`, button('Reload both', () => void mergeView(root, type, id, duplicateId), 'primary'));
      else errors.show(problem);
      errors.el.focus();
    }
  }

  fill(
    root,
    pageHeader(`Merge ${noun}s`, linkButton(`Keep ${dupName} instead`, mergeHref(type, duplicateId, id))),
    h(
      'p',
      null,
      'You keep ',
      h('a', { href: recordHref(type, id) }, keptName),
      ' and ',
      h('a', { href: recordHref(type, duplicateId) }, dupName),
      ' is merged into it and then deleted. Its activities move over; tags and custom values are combined. Where both have a value, choose which to keep.',
    ),
    errors.el,
    h(
      'section',
      { class: 'card' },
      h(
        'table',
        { class: 'table merge-table' },
        h('caption', { class: 'sr-only' }, `${keptName} and ${dupName} compared`),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, `${keptName} (kept)`), h('th', { scope: 'col' }, `${dupName} (duplicate)`), h('th', { scope: 'col' }, 'After the merge'))),
        h('tbody', null, rows),
      ),
    ),
    h('div', { class: 'actions' }, mergeButton, linkButton('Cancel', recordHref(type, id))),
  );
}
