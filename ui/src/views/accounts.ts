import { can } from '../access';
import { linkButton, row, table, textField, visibleField, type Column, type FieldSpec } from '../components';
import { h } from '../dom';
import { ownerPicker } from '../picker';
import { href } from '../router';
import { state } from '../state';
import { contactName, createBody, formatDate, safeHttpUrl } from '../values';
import { listView } from './list';
import { createView, recordView } from './record-page';
import type { Account, AccountWithContacts, Contact } from './records';

const accountHref = (id: string) => href(`/accounts/${encodeURIComponent(id)}`);
export const contactHref = (id: string) => href(`/contacts/${encodeURIComponent(id)}`);

const fieldSpecs: FieldSpec[] = [
  { name: 'name', label: 'Name', required: true, maxlength: 200, autocomplete: 'organization' },
  { name: 'domain', label: 'Domain', hint: 'e.g. example.com', maxlength: 253 },
  { name: 'industry', label: 'Industry', maxlength: 100 },
  { name: 'website', label: 'Website', type: 'url', hint: 'Full address, e.g. https://example.com' },
  { name: 'phone', label: 'Phone', type: 'tel', maxlength: 40 },
];
const fields = (record?: Partial<Account>) => [...fieldSpecs.map((spec) => textField(spec, String(record?.[spec.name as keyof Account] ?? ''))), ownerPicker(record?.ownerId)];
export const accountLabels: Record<string, string> = { ...Object.fromEntries(fieldSpecs.map((s) => [s.name, s.label])), ownerId: 'Owner', custom: 'Custom fields' };

export function accountsList(root: HTMLElement, query: URLSearchParams): void {
  const columns: Column<Account>[] = [
    { label: 'Name', cell: (a) => h('a', { href: accountHref(a.accountId) }, a.name) },
    { label: 'Domain', cell: (a) => a.domain ?? '', field: 'domain' },
    { label: 'Industry', cell: (a) => a.industry ?? '', field: 'industry' },
    { label: 'Phone', cell: (a) => a.phone ?? '', field: 'phone' },
    { label: 'Updated', cell: (a) => formatDate(a.updatedAt) },
  ];
  listView(root, { entity: 'accounts', type: 'account', title: 'Accounts', singular: 'account', plural: 'accounts', newLabel: 'New account', columns, searchBy: [{ param: 'q', label: 'Name' }] }, query);
}

export function contactColumns(): Column<Contact>[] {
  return [
    { label: 'Name', cell: (c) => h('a', { href: contactHref(c.contactId) }, contactName(c)) },
    { label: 'Email', cell: (c) => c.email ?? '', field: 'email' },
    { label: 'Title', cell: (c) => c.title ?? '', field: 'title' },
    { label: 'Phone', cell: (c) => c.phone ?? '', field: 'phone' },
  ];
}

export function accountDetail(root: HTMLElement, id: string): Promise<void> {
  return recordView<AccountWithContacts>(root, {
    kind: 'Account',
    type: 'account',
    labels: accountLabels,
    path: `/accounts/${encodeURIComponent(id)}`,
    listHref: href('/accounts'),
    title: (a) => a.name,
    details: (a) => {
      const site = safeHttpUrl(a.website);
      const show = (field: string) => visibleField('account', field);
      return h(
        'dl',
        { class: 'details' },
        show('domain') && row('Domain', a.domain),
        show('industry') && row('Industry', a.industry),
        show('website') && row('Website', site ? h('a', { href: site, rel: 'noopener noreferrer', target: '_blank' }, a.website!) : a.website),
        show('phone') && row('Phone', a.phone),
      );
    },
    fields: (a) => fields(a),
    actions: (a) => (can(state.me, 'contact', 'create') ? [linkButton('New contact', href('/contacts/new', { accountId: a.accountId }), 'primary')] : []),
    extra: (a) =>
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'contacts-heading' },
        h('h2', { id: 'contacts-heading' }, `Contacts (${a.contacts.length})`),
        a.contacts.length ? table(`Contacts of ${a.name}`, contactColumns(), a.contacts).el : h('p', { class: 'muted' }, 'No contacts yet.'),
      ),
    merge: (previous, updated) => ({ ...updated, contacts: previous.contacts }),
  });
}

export function accountNew(root: HTMLElement): void {
  createView(root, {
    kind: 'Account',
    type: 'account',
    path: '/accounts',
    cancelHref: href('/accounts'),
    fields: fields(),
    body: createBody,
    hrefOf: (created) => accountHref((created as Account).accountId),
  });
}
