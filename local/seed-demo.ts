import type { Actor } from '../shared/crm/actor';
import { createAccount } from '../shared/crm/accounts';
import { createContact } from '../shared/crm/contacts';
import type { Database } from '../shared/platform/database';
import { AccountCreate, ContactCreate } from '../shared/crm/schemas';

const DEMO: { account: AccountCreate; contacts: Omit<ContactCreate, 'accountId'>[] }[] = [
  {
    account: { name: 'Acme Manufacturing', domain: 'acme.example', industry: 'Manufacturing', website: 'https://acme.example', phone: '+1 415 555 0100' },
    contacts: [
      { firstName: 'Ana', lastName: 'Kovač', email: 'ana.kovac@acme.example', title: 'Head of Procurement', phone: '+1 415 555 0101' },
      { firstName: 'Marko', lastName: 'Horvat', email: 'marko.horvat@acme.example', title: 'CFO' },
    ],
  },
  {
    account: { name: 'Globex Retail', domain: 'globex.example', industry: 'Retail', website: 'https://globex.example' },
    contacts: [{ firstName: 'Elena', lastName: 'Popescu', email: 'elena.popescu@globex.example', title: 'COO' }],
  },
  {
    account: { name: 'Initech Software', domain: 'initech.example', industry: 'Software' },
    contacts: [
      { firstName: 'Piotr', lastName: 'Nowak', email: 'piotr.nowak@initech.example', title: 'CTO' },
      { firstName: 'Ivana', lastName: 'Dimitrova', email: 'ivana.dimitrova@initech.example', title: 'IT Manager' },
    ],
  },
];

/** A few accounts and contacts so a first start has something to look at. */
export async function seedDemoData(db: Database, owner: Actor): Promise<number> {
  let created = 0;
  for (const { account, contacts } of DEMO) {
    const saved = await createAccount(db, owner, AccountCreate.parse(account));
    for (const contact of contacts) {
      await createContact(db, owner, ContactCreate.parse({ ...contact, accountId: saved.accountId }));
      created++;
    }
  }
  return created;
}
