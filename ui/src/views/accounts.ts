import { can } from '../access';
import { activitiesSection } from '../activities';
import { linkButton, row, table, textField, visibleField, type Column, type FieldSpec } from '../components';
import { customFields, customLabels, customSection, type CustomFieldDefinition } from '../custom-fields';
import { h } from '../dom';
import { checkFields, entriesOf, sendable, tagsField, type TypedField } from '../inputs';
import { ownerPicker } from '../picker';
import { createPayload, patchPayload } from '../record-body';
import { href } from '../router';
import { customDefinitions } from '../sales-data';
import { state } from '../state';
import { tagLinks, tagOptions } from '../tags';
import { timelineSection } from '../timeline';
import { contactName, formatDate, safeHttpUrl } from '../values';
import { listView } from './list';
import { createView, recordView } from './record-page';
import type { Account, AccountWithContacts, Contact } from './records';

export const accountHref = (id: string) => href(`/accounts/${encodeURIComponent(id)}`);
export const contactHref = (id: string) => href(`/contacts/${encodeURIComponent(id)}`);

const fieldSpecs: FieldSpec[] = [
  { name: 'name', label: 'Name', required: true, maxlength: 200, autocomplete: 'organization' },
  { name: 'domain', label: 'Domain', hint: 'e.g. example.com', maxlength: 253 },
  { name: 'industry', label: 'Industry', maxlength: 100 },
  { name: 'website', label: 'Website', type: 'url', hint: 'Full address, e.g. https://example.com' },
  { name: 'phone', label: 'Phone', type: 'tel', maxlength: 40 },
];
const fields = (record: Partial<Account> | undefined, defs: CustomFieldDefinition[]): TypedField[] => [
  ...fieldSpecs.map((spec) => textField(spec, String(record?.[spec.name as keyof Account] ?? ''))),
  ownerPicker(record?.ownerId),
  tagsField(record?.tags),
  ...customFields(defs, record?.custom, !record),
];
export const accountLabels: Record<string, string> = { ...Object.fromEntries(fieldSpecs.map((s) => [s.name, s.label])), ownerId: 'Owner', tags: 'Tags', custom: 'Custom fields' };

export function accountsList(root: HTMLElement, query: URLSearchParams): void {
  const columns: Column<Account>[] = [
    { label: 'Name', cell: (a) => h('a', { href: accountHref(a.accountId) }, a.name) },
    { label: 'Domain', cell: (a) => a.domain ?? '', field: 'domain' },
    { label: 'Industry', cell: (a) => a.industry ?? '', field: 'industry' },
    { label: 'Phone', cell: (a) => a.phone ?? '', field: 'phone' },
    { label: 'Updated', cell: (a) => formatDate(a.updatedAt) },
  ];
  listView(
    root,
    {
      entity: 'accounts',
      type: 'account',
      title: 'Accounts',
      singular: 'account',
      plural: 'accounts',
      newLabel: 'New account',
      columns,
      searchBy: [{ param: 'q', label: 'Name' }],
      filters: [{ param: 'tag', label: 'Tag', kind: 'select', any: 'Any tag', options: () => tagOptions('account') }],
    },
    query,
  );
}

export function contactColumns(): Column<Contact>[] {
  return [
    { label: 'Name', cell: (c) => h('a', { href: contactHref(c.contactId) }, contactName(c)) },
    { label: 'Email', cell: (c) => c.email ?? '', field: 'email' },
    { label: 'Title', cell: (c) => c.title ?? '', field: 'title' },
    { label: 'Phone', cell: (c) => c.phone ?? '', field: 'phone' },
  ];
}

export async function accountDetail(root: HTMLElement, id: string): Promise<void> {
  const defs = await customDefinitions('account');
  return recordView<AccountWithContacts>(root, {
    kind: 'Account',
    type: 'account',
    labels: { ...accountLabels, ...customLabels(defs) },
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
        row('Tags', tagLinks('/accounts', a.tags)),
      );
    },
    fields: (a) => fields(a, defs),
    validate: (fs) => checkFields(fs),
    body: (a, fs) => patchPayload(a as unknown as Record<string, unknown>, entriesOf(fs), a.version),
    actions: (a) => [
      can(state.me, 'contact', 'create') ? linkButton('New contact', href('/contacts/new', { accountId: a.accountId }), 'primary') : null,
      can(state.me, 'opportunity', 'create') ? linkButton('New opportunity', href('/opportunities/new', { accountId: a.accountId })) : null,
    ].filter((x): x is HTMLAnchorElement => !!x),
    extra: (a) => [
      customSection(defs, a.custom, (f) => visibleField('account', f)),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'contacts-heading' },
        h('h2', { id: 'contacts-heading' }, `Contacts (${a.contacts.length})`),
        a.contacts.length ? table(`Contacts of ${a.name}`, contactColumns(), a.contacts).el : h('p', { class: 'muted' }, 'No contacts yet.'),
      ),
      timelineSection(`/accounts/${encodeURIComponent(a.accountId)}/timeline`),
      can(state.me, 'activity', 'read') ? activitiesSection({ type: 'account', id: a.accountId, name: a.name }) : null,
    ],
    merge: (previous, updated) => ({ ...updated, contacts: previous.contacts }),
  });
}

export async function accountNew(root: HTMLElement): Promise<void> {
  const fs = fields(undefined, await customDefinitions('account'));
  createView(root, {
    kind: 'Account',
    type: 'account',
    path: '/accounts',
    cancelHref: href('/accounts'),
    fields: fs,
    validate: () => checkFields(fs),
    body: () => createPayload(entriesOf(fs.filter(sendable))),
    hrefOf: (created) => accountHref((created as Account).accountId),
  });
}
