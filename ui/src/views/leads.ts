import { row, selectField, textareaField, textField, visibleField, type Column, type Field, type FieldSpec } from '../components';
import { h } from '../dom';
import { ownerPicker } from '../picker';
import { href } from '../router';
import { contactName, createBody, formatDate } from '../values';
import { listView } from './list';
import { createView, recordView } from './record-page';
import { LEAD_STATUSES, type Lead, type LeadStatus } from './records';

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
const statusLabel = (status: string | undefined) => (status ? (STATUS_LABELS[status as LeadStatus] ?? status) : '');

const fieldSpecs: FieldSpec[] = [
  { name: 'firstName', label: 'First name', maxlength: 100 },
  { name: 'lastName', label: 'Last name', required: true, maxlength: 100 },
  { name: 'company', label: 'Company', maxlength: 200, autocomplete: 'off' },
  { name: 'email', label: 'Email', type: 'email', maxlength: 254 },
  { name: 'phone', label: 'Phone', type: 'tel', maxlength: 40 },
  { name: 'source', label: 'Source', maxlength: 100, hint: 'e.g. web form, trade show, referral' },
];

export const leadLabels: Record<string, string> = {
  ...Object.fromEntries(fieldSpecs.map((s) => [s.name, s.label])),
  status: 'Status',
  notes: 'Notes',
  ownerId: 'Owner',
  custom: 'Custom fields',
};

function fields(record?: Partial<Lead>): Field[] {
  return [
    ...fieldSpecs.map((spec) => textField(spec, String(record?.[spec.name as keyof Lead] ?? ''))),
    selectField({ name: 'status', label: 'Status' }, LEAD_STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] })), record?.status ?? 'new'),
    ownerPicker(record?.ownerId),
    textareaField({ name: 'notes', label: 'Notes', maxlength: 10_000 }, record?.notes ?? ''),
  ];
}

export function leadsList(root: HTMLElement, query: URLSearchParams): void {
  const columns: Column<Lead>[] = [
    { label: 'Name', cell: (l) => h('a', { href: leadHref(l.leadId) }, contactName(l)) },
    { label: 'Company', cell: (l) => l.company ?? '', field: 'company' },
    { label: 'Status', cell: (l) => statusLabel(l.status), field: 'status' },
    { label: 'Email', cell: (l) => l.email ?? '', field: 'email' },
    { label: 'Source', cell: (l) => l.source ?? '', field: 'source' },
    { label: 'Updated', cell: (l) => formatDate(l.updatedAt) },
  ];
  listView(root, { entity: 'leads', type: 'lead', title: 'Leads', singular: 'lead', plural: 'leads', newLabel: 'New lead', columns, searchBy: [{ param: 'q', label: 'Last name' }] }, query);
}

export function leadDetail(root: HTMLElement, id: string): Promise<void> {
  return recordView<Lead>(root, {
    kind: 'Lead',
    type: 'lead',
    labels: leadLabels,
    path: `/leads/${encodeURIComponent(id)}`,
    listHref: href('/leads'),
    title: contactName,
    details: (l) => {
      const show = (field: string) => visibleField('lead', field);
      const mail = l.email ? h('a', { href: `mailto:${encodeURIComponent(l.email).replace(/%40/g, '@')}` }, l.email) : null;
      return h(
        'dl',
        { class: 'details' },
        show('company') && row('Company', l.company),
        show('status') && row('Status', statusLabel(l.status)),
        show('email') && row('Email', mail),
        show('phone') && row('Phone', l.phone),
        show('source') && row('Source', l.source),
        show('notes') && h('div', { class: 'wide' }, h('dt', null, 'Notes'), h('dd', { class: 'notes' }, l.notes ? l.notes : h('span', { class: 'muted' }, '—'))),
      );
    },
    fields: (l) => fields(l),
  });
}

export function leadNew(root: HTMLElement): void {
  createView(root, {
    kind: 'Lead',
    type: 'lead',
    path: '/leads',
    cancelHref: href('/leads'),
    fields: fields(),
    body: createBody,
    hrefOf: (created) => leadHref((created as Lead).leadId),
  });
}
