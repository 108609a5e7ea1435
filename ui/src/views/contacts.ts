import { api } from '../api';
import { row, textField, visibleField, type Field, type FieldSpec } from '../components';
import { h } from '../dom';
import { accountPicker, ownerPicker } from '../picker';
import { href } from '../router';
import { contactName, createBody } from '../values';
import { contactColumns, contactHref } from './accounts';
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

function fields(account: { accountId: string; name: string } | undefined, record?: Partial<Contact>): Field[] {
  const picker = accountPicker(account);
  return [picker, ...fieldSpecs.map((spec) => textField(spec, String(record?.[spec.name as keyof Contact] ?? ''))), ownerPicker(record?.ownerId)];
}

export const contactLabels: Record<string, string> = { ...Object.fromEntries(fieldSpecs.map((s) => [s.name, s.label])), accountId: 'Account', ownerId: 'Owner', custom: 'Custom fields' };

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
      columns: contactColumns(),
      searchBy: [
        { param: 'q', label: 'Name' },
        { param: 'email', label: 'Email' },
      ],
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
  return recordView<Contact>(root, {
    kind: 'Contact',
    type: 'contact',
    labels: contactLabels,
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
      );
    },
    fields: (c) => fields(account?.accountId === c.accountId ? account : { accountId: c.accountId, name: c.accountId }, c),
  });
}

export async function contactNew(root: HTMLElement, accountId?: string): Promise<void> {
  const account = accountId ? await accountOf(accountId) : undefined;
  const fs = fields(account);
  createView(root, {
    kind: 'Contact',
    type: 'contact',
    path: '/contacts',
    cancelHref: account ? href(`/accounts/${encodeURIComponent(account.accountId)}`) : href('/contacts'),
    fields: fs,
    body: createBody,
    hrefOf: (created) => contactHref((created as Contact).contactId),
  });
  // With the account pre-filled the rep starts at the name.
  (account ? fs[1] : fs[0])?.control.focus();
}
