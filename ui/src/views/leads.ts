import { can } from '../access';
import { activitiesSection } from '../activities';
import { timelineSection } from '../timeline';
import { linkButton, row, selectField, textareaField, textField, visibleField, type Column, type Field, type FieldSpec } from '../components';
import { customFields, customLabels, customSection, type CustomFieldDefinition } from '../custom-fields';
import { h, type Child } from '../dom';
import { checkFields, entriesOf, moneyFields, sendable, tagsField, type TypedField } from '../inputs';
import { formatMoney } from '../money';
import { ownerPicker } from '../picker';
import { createPayload, patchPayload } from '../record-body';
import { href } from '../router';
import { customDefinitions, recordLink } from '../sales-data';
import { state } from '../state';
import { tagLinks, tagOptions } from '../tags';
import { contactName, formatDate, safeHttpUrl } from '../values';
import { duplicatesSection, duplicateWarning } from './duplicates';
import { listView } from './list';
import { createView, recordView } from './record-page';
import { LEAD_RATINGS, LEAD_STATUSES, QUALIFICATION_KEYS, type Lead, type LeadRating, type LeadStatus } from './records';

export const leadHref = (id: string) => href(`/leads/${encodeURIComponent(id)}`);

export const STATUS_LABELS: Record<LeadStatus, string> = {
  new: 'New',
  working: 'Working',
  nurturing: 'Nurturing',
  qualified: 'Qualified',
  unqualified: 'Unqualified',
  converted: 'Converted',
  junk: 'Junk',
};
export const RATING_LABELS: Record<LeadRating, string> = { hot: 'Hot', warm: 'Warm', cold: 'Cold', junk: 'Junk' };
const statusLabel = (status: string | undefined) => (status ? (STATUS_LABELS[status as LeadStatus] ?? status) : '');

/** BANT (budget, authority, need, timeline) and CHAMP (challenges, authority, money, prioritization). */
export const QUALIFICATION_LABELS: Record<(typeof QUALIFICATION_KEYS)[number], [label: string, hint: string]> = {
  budget: ['Budget', 'BANT: is there money for it, and how much?'],
  authority: ['Authority', 'BANT/CHAMP: who decides and who signs?'],
  need: ['Need', 'BANT: the problem they need solved'],
  timeline: ['Timeline', 'BANT: when they want to buy or go live'],
  challenges: ['Challenges', 'CHAMP: what stands in their way today'],
  money: ['Money', 'CHAMP: funding, budget cycle'],
  prioritization: ['Prioritization', 'CHAMP: how high this ranks for them'],
};

const fieldSpecs: FieldSpec[] = [
  { name: 'firstName', label: 'First name', maxlength: 100 },
  { name: 'lastName', label: 'Last name', required: true, maxlength: 100 },
  { name: 'company', label: 'Company', maxlength: 200, autocomplete: 'off' },
  { name: 'title', label: 'Job title', maxlength: 100 },
  { name: 'email', label: 'Email', type: 'email', maxlength: 254 },
  { name: 'phone', label: 'Phone', type: 'tel', maxlength: 40 },
  { name: 'website', label: 'Website', type: 'url', hint: 'Full address, e.g. https://example.com' },
  { name: 'industry', label: 'Industry', maxlength: 100 },
  { name: 'country', label: 'Country', maxlength: 2, hint: 'Two-letter code, e.g. US, DE' },
  { name: 'source', label: 'Source', maxlength: 100, hint: 'e.g. web form, trade show, referral' },
  { name: 'campaign', label: 'Campaign', maxlength: 100 },
];

export const leadLabels: Record<string, string> = {
  ...Object.fromEntries(fieldSpecs.map((s) => [s.name, s.label])),
  annualRevenue: 'Annual revenue',
  currency: 'Currency',
  status: 'Status',
  notes: 'Notes',
  ownerId: 'Owner',
  tags: 'Tags',
  qualification: 'Qualification',
  score: 'Score',
  scoreReasons: 'Score reasons',
  convertedAt: 'Converted',
  conversion: 'Converted into',
  rating: 'Rating',
  mql: 'MQL',
  custom: 'Custom fields',
};

function fields(record: Partial<Lead> | undefined, defs: CustomFieldDefinition[]): TypedField[] {
  const [revenue, currency] = moneyFields({ amountName: 'annualRevenue', currencyName: 'currency', label: 'Annual revenue' }, { amount: record?.annualRevenue, currency: record?.currency });
  const converted = record?.status === 'converted';
  return [
    ...fieldSpecs.map((spec) => textField(spec, String(record?.[spec.name as keyof Lead] ?? ''))),
    revenue,
    currency,
    // `converted` only comes from converting the lead; a converted lead keeps it.
    converted ? null : selectField({ name: 'status', label: 'Status' }, LEAD_STATUSES.filter((s) => s !== 'converted').map((value) => ({ value, label: STATUS_LABELS[value] })), record?.status ?? 'new'),
    ownerPicker(record?.ownerId),
    tagsField(record?.tags),
    ...QUALIFICATION_KEYS.map((key) => textField({ name: `qualification.${key}`, label: QUALIFICATION_LABELS[key][0], hint: QUALIFICATION_LABELS[key][1], maxlength: 500 }, record?.qualification?.[key] ?? '')),
    ...customFields(defs, record?.custom, !record),
    textareaField({ name: 'notes', label: 'Notes', maxlength: 10_000 }, record?.notes ?? ''),
  ].filter((f): f is Field => !!f);
}

/** Qualification fields are secured as one field, `qualification`. */
const secureName = (f: Field) => (f.name.startsWith('qualification.') ? 'qualification' : f.name);

export function ratingBadge(rating: LeadRating | undefined): Child {
  return rating ? h('span', { class: `badge rating-${rating}` }, RATING_LABELS[rating] ?? rating) : null;
}
export function mqlBadge(mql: boolean | undefined): Child {
  return mql ? h('span', { class: 'badge badge-mql', title: 'Marketing-qualified lead' }, 'MQL') : null;
}


export function leadsList(root: HTMLElement, query: URLSearchParams): void {
  const columns: Column<Lead>[] = [
    { label: 'Name', cell: (l) => h('a', { href: leadHref(l.leadId) }, contactName(l)) },
    { label: 'Company', cell: (l) => l.company ?? '', field: 'company' },
    { label: 'Status', cell: (l) => statusLabel(l.status), field: 'status' },
    { label: 'Score', cell: (l) => (l.score === undefined ? '' : [String(l.score), ' ', ratingBadge(l.rating), ' ', mqlBadge(l.mql)]) },
    { label: 'Email', cell: (l) => l.email ?? '', field: 'email' },
    { label: 'Source', cell: (l) => l.source ?? '', field: 'source' },
    { label: 'Tags', cell: (l) => (l.tags ?? []).join(', ') },
    { label: 'Updated', cell: (l) => formatDate(l.updatedAt) },
  ];
  listView(
    root,
    {
      entity: 'leads',
      type: 'lead',
      title: 'Leads',
      singular: 'lead',
      plural: 'leads',
      newLabel: 'New lead',
      importable: true,
      columns,
      searchBy: [{ param: 'q', label: 'Last name' }],
      filters: [
        { param: 'status', label: 'Status', kind: 'select', any: 'Open leads', options: LEAD_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })) },
        { param: 'rating', label: 'Rating', kind: 'select', any: 'Any rating', options: LEAD_RATINGS.map((r) => ({ value: r, label: RATING_LABELS[r] })) },
        { param: 'ownerId', label: 'Owner', kind: 'owner' },
        { param: 'tag', label: 'Tag', kind: 'select', any: 'Any tag', options: () => tagOptions('lead') },
        { param: 'source', label: 'Source', kind: 'text' },
      ],
    },
    query,
  );
}


function scoreSection(l: Lead): HTMLElement | null {
  if (l.score === undefined) return null;
  const reasons = l.scoreReasons ?? [];
  const points = (n: number) => (n > 0 ? `+${n}` : String(n));
  return h(
    'section',
    { class: 'card score', 'aria-labelledby': 'score-h' },
    h('h2', { id: 'score-h' }, 'Score'),
    h(
      'p',
      { class: 'score-summary' },
      h('span', { class: 'score-value' }, `${l.score} points`),
      ' ',
      l.rating ? ['Rating: ', ratingBadge(l.rating)] : null,
      ' ',
      l.mql ? mqlBadge(true) : h('span', { class: 'muted' }, 'Not marketing-qualified yet'),
    ),
    reasons.length
      ? h(
          'table',
          { class: 'table score-reasons' },
          h('caption', null, 'Why this score: each rule that applies and its points'),
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Rule'), h('th', { scope: 'col' }, 'Points'), h('th', { scope: 'col' }, 'Detail'))),
          h(
            'tbody',
            null,
            reasons.map((r) =>
              h('tr', { 'data-rule': r.ruleId }, h('th', { scope: 'row' }, r.label), h('td', { 'data-label': 'Points', class: r.points < 0 ? 'negative' : undefined }, points(r.points)), h('td', { 'data-label': 'Detail' }, r.detail ?? '')),
            ),
          ),
          h('tfoot', null, h('tr', null, h('th', { scope: 'row' }, 'Total'), h('td', { 'data-label': 'Points' }, String(l.score)), h('td'))),
        )
      : h('p', { class: 'muted' }, 'No scoring rule applies to this lead yet.'),
  );
}

function qualificationSection(l: Lead): HTMLElement | null {
  if (!visibleField('lead', 'qualification')) return null;
  const q = l.qualification ?? {};
  const group = (title: string, keys: (typeof QUALIFICATION_KEYS)[number][]) =>
    h('div', { class: 'wide' }, h('h3', null, title), h('dl', { class: 'details' }, keys.map((k) => row(QUALIFICATION_LABELS[k][0], q[k]))));
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'qual-h' },
    h('h2', { id: 'qual-h' }, 'Qualification'),
    group('BANT', ['budget', 'authority', 'need', 'timeline']),
    group('CHAMP', ['challenges', 'authority', 'money', 'prioritization']),
  );
}

function conversionNote(l: Lead): Child {
  if (l.status !== 'converted' || !l.conversion) return null;
  const c = l.conversion;
  return h(
    'div',
    { class: 'flash converted' },
    h('p', null, `Converted${l.convertedAt ? ` on ${formatDate(l.convertedAt)}` : ''} into `, 'contact ', recordLink('contact', c.contactId), ', account ', recordLink('account', c.accountId), c.opportunityId ? [', opportunity ', recordLink('opportunity', c.opportunityId)] : null, '.'),
  );
}

export async function leadDetail(root: HTMLElement, id: string): Promise<void> {
  const defs = await customDefinitions('lead');
  return recordView<Lead>(root, {
    kind: 'Lead',
    type: 'lead',
    labels: { ...leadLabels, ...customLabels(defs) },
    path: `/leads/${encodeURIComponent(id)}`,
    listHref: href('/leads'),
    title: contactName,
    details: (l) => {
      const show = (field: string) => visibleField('lead', field);
      const mail = l.email ? h('a', { href: `mailto:${encodeURIComponent(l.email).replace(/%40/g, '@')}` }, l.email) : null;
      const site = safeHttpUrl(l.website);
      return [
        conversionNote(l),
        h(
          'dl',
          { class: 'details' },
          show('company') && row('Company', l.company),
          show('title') && row('Job title', l.title),
          show('status') && row('Status', statusLabel(l.status)),
          show('email') && row('Email', mail),
          show('phone') && row('Phone', l.phone),
          show('website') && row('Website', site ? h('a', { href: site, rel: 'noopener noreferrer', target: '_blank' }, l.website!) : l.website),
          show('industry') && row('Industry', l.industry),
          show('country') && row('Country', l.country),
          show('annualRevenue') && row('Annual revenue', l.annualRevenue !== undefined && l.currency ? formatMoney(l.annualRevenue, l.currency) : null),
          show('source') && row('Source', l.source),
          show('campaign') && row('Campaign', l.campaign),
          row('Tags', tagLinks('/leads', l.tags)),
          show('notes') && h('div', { class: 'wide' }, h('dt', null, 'Notes'), h('dd', { class: 'notes' }, l.notes ? l.notes : h('span', { class: 'muted' }, '—'))),
        ),
      ];
    },
    extra: (l) => [
      scoreSection(l),
      qualificationSection(l),
      customSection(defs, l.custom, (f) => visibleField('lead', f)),
      l.status !== 'converted' ? duplicatesSection('lead', l.leadId) : null,
      timelineSection(`/leads/${encodeURIComponent(l.leadId)}/timeline`),
      can(state.me, 'activity', 'read') ? activitiesSection({ type: 'lead', id: l.leadId, name: contactName(l) }) : null,
    ],
    actions: (l) => (l.status !== 'converted' && can(state.me, 'lead', 'update') ? [linkButton('Convert', href(`/leads/${encodeURIComponent(l.leadId)}/convert`), 'primary')] : []),
    fields: (l) => fields(l, defs),
    secureName,
    validate: (fs) => checkFields(fs),
    body: (l, fs) => patchPayload(l as unknown as Record<string, unknown>, entriesOf(fs), l.version),
  });
}

export async function leadNew(root: HTMLElement): Promise<void> {
  const fs = fields(undefined, await customDefinitions('lead'));
  const warning = duplicateWarning(() => {
    const value = (name: string) => fs.find((f) => f.name === name)?.value().trim() ?? '';
    return { firstName: value('firstName'), lastName: value('lastName'), email: value('email'), phone: value('phone'), company: value('company') };
  });
  createView(root, {
    kind: 'Lead',
    type: 'lead',
    path: '/leads',
    cancelHref: href('/leads'),
    fields: fs,
    secureName,
    validate: () => checkFields(fs),
    body: () => createPayload(entriesOf(fs.filter(sendable))),
    hrefOf: (created) => leadHref((created as Lead).leadId),
  });
  const formEl = root.querySelector('form');
  formEl?.insertBefore(warning.el, formEl.querySelector('.fields'));
  for (const name of ['email', 'phone']) fs.find((f) => f.name === name)?.control.addEventListener('blur', () => void warning.check());
}
