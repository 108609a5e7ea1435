import { can } from '../access';
import { api } from '../api';
import { activitiesSection } from '../activities';
import { row, textField, visibleField, type FieldSpec } from '../components';
import { customFields, customLabels, customSection, type CustomFieldDefinition } from '../custom-fields';
import { h } from '../dom';
import { checkFields, dateField, entriesOf, sendable, tagsField, type TypedField } from '../inputs';
import { accountPicker, ownerPicker } from '../picker';
import { createPayload, patchPayload } from '../record-body';
import { href } from '../router';
import { customDefinitions, recordName } from '../sales-data';
import { state } from '../state';
import { tagLinks, tagOptions } from '../tags';
import { timelineSection } from '../timeline';
import { contactName, formatDay } from '../values';
import { contactColumns, contactHref } from './accounts';
import { duplicatesSection } from './duplicates';
import { listView } from './list';
import { createView, recordView } from './record-page';
import type { Account, Contact } from './records';

const fieldSpecs: FieldSpec[] = [
  { name: 'firstName', label: 'First name', maxlength: 100, autocomplete: 'off' },
  { name: 'lastName', label: 'Last name', required: true, maxlength: 100, autocomplete: 'off' },
  { name: 'email', label: 'Email', type: 'email', required: true, maxlength: 254 },
  { name: 'phone', label: 'Phone', type: 'tel', maxlength: 40 },
  { name: 'title', label: 'Job title', maxlength: 100 },
];
/** Dates workflows can act on (birthday greetings, customer anniversaries). */
const dateSpecs = [
  { name: 'birthday', label: 'Birthday' },
  { name: 'customerSince', label: 'Customer since', hint: 'The date of the first purchase' },
] as const;

function fields(account: { accountId: string; name: string } | undefined, defs: CustomFieldDefinition[], record?: Partial<Contact>): TypedField[] {
  const picker = accountPicker(account);
  // Opened before the account's name arrived: it is filled in when known.
  if (account && account.name === account.accountId)
    void recordName('account', account.accountId).then((name) => name && picker.selected()?.id === account.accountId && picker.set({ id: account.accountId, label: name }));
  return [
    picker,
    ...fieldSpecs.map((spec) => textField(spec, String(record?.[spec.name as keyof Contact] ?? ''))),
    ...dateSpecs.map((spec) => dateField(spec, record?.[spec.name])),
    ownerPicker(record?.ownerId),
    tagsField(record?.tags),
    ...customFields(defs, record?.custom, !record),
  ];
}

export const contactLabels: Record<string, string> = { ...Object.fromEntries([...fieldSpecs, ...dateSpecs].map((s) => [s.name, s.label])), accountId: 'Account', ownerId: 'Owner', tags: 'Tags', custom: 'Custom fields' };

export function contactsList(root: HTMLElement, query: URLSearchParams): void {
  listView(
    root,
    {
      entity: 'contacts',
      type: 'contact',
      title: 'Contacts',
      singular: 'contact',
      plural: 'contacts',
      newLabel: 'New contact',
      importable: true,
      columns: contactColumns(),
      searchBy: [
        { param: 'q', label: 'Name' },
        { param: 'email', label: 'Email' },
      ],
      filters: [{ param: 'tag', label: 'Tag', kind: 'select', any: 'Any tag', options: () => tagOptions('contact') }],
    },
    query,
  );
}

async function accountOf(accountId: string): Promise<{ accountId: string; name: string } | undefined> {
  try {
    const account = await api<Account>('GET', `/accounts/${encodeURIComponent(accountId)}`);
    return { accountId: account.accountId, name: account.name };
  } catch {
    return undefined;
  }
}

export async function contactDetail(root: HTMLElement, id: string): Promise<void> {
  // The contact names its account by id only; its name is fetched once for the link and the picker.
  let account: { accountId: string; name: string } | undefined;
  const defs = await customDefinitions('contact');
  return recordView<Contact>(root, {
    kind: 'Contact',
    type: 'contact',
    labels: { ...contactLabels, ...customLabels(defs) },
    path: `/contacts/${encodeURIComponent(id)}`,
    listHref: href('/contacts'),
    title: contactName,
    details: (c) => {
      const accountCell = h('a', { href: href(`/accounts/${encodeURIComponent(c.accountId)}`) }, account?.accountId === c.accountId ? account.name : 'Open account');
      if (account?.accountId !== c.accountId)
        void accountOf(c.accountId).then((a) => {
          account = a;
          if (a) accountCell.textContent = a.name;
        });
      const mail = c.email ? h('a', { href: `mailto:${encodeURIComponent(c.email).replace(/%40/g, '@')}` }, c.email) : null;
      const show = (field: string) => visibleField('contact', field);
      return h(
        'dl',
        { class: 'details' },
        row('Account', accountCell),
        show('firstName') && row('First name', c.firstName),
        show('email') && row('Email', mail),
        show('title') && row('Job title', c.title),
        show('phone') && row('Phone', c.phone),
        show('birthday') && row('Birthday', formatDay(c.birthday)),
        show('customerSince') && row('Customer since', formatDay(c.customerSince)),
        row('Tags', tagLinks('/contacts', c.tags)),
      );
    },
    fields: (c) => fields(account?.accountId === c.accountId ? account : { accountId: c.accountId, name: c.accountId }, defs, c),
    validate: (fs) => checkFields(fs),
    body: (c, fs) => patchPayload(c as unknown as Record<string, unknown>, entriesOf(fs), c.version),
    extra: (c) => [
      customSection(defs, c.custom, (f) => visibleField('contact', f)),
      duplicatesSection('contact', c.contactId),
      timelineSection(`/contacts/${encodeURIComponent(c.contactId)}/timeline`),
      can(state.me, 'activity', 'read') ? activitiesSection({ type: 'contact', id: c.contactId, name: contactName(c) }) : null,
    ],
  });
}

export async function contactNew(root: HTMLElement, accountId?: string): Promise<void> {
  const account = accountId ? await accountOf(accountId) : undefined;
  const fs = fields(account, await customDefinitions('contact'));
  createView(root, {
    kind: 'Contact',
    type: 'contact',
    path: '/contacts',
    cancelHref: account ? href(`/accounts/${encodeURIComponent(account.accountId)}`) : href('/contacts'),
    fields: fs,
    validate: () => checkFields(fs),
    body: () => createPayload(entriesOf(fs.filter(sendable))),
    hrefOf: (created) => contactHref((created as Contact).contactId),
  });
  // With the account pre-filled the rep starts at the name.
  (account ? fs[1] : fs[0])?.control.focus();
}
