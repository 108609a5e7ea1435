import type { Actor } from '../shared/crm/actor';
import { createAccount } from '../shared/crm/accounts';
import { createContact } from '../shared/crm/contacts';
import { createLead } from '../shared/crm/leads';
import { createUser } from '../shared/auth/users';
import type { Database } from '../shared/platform/database';
import { AccountCreate, ContactCreate, LeadCreate } from '../shared/crm/schemas';
import { OpportunityCreate } from '../shared/sales/schemas';
import { createOpportunity } from '../shared/sales/opportunities';

export const DEMO_PASSWORD = 'demo-password-1';

/** A sales manager with two reps under them, and a support agent (README "Access control"). */
const TEAM = [
  { key: 'manager', email: 'maria.manager@example.com', name: 'Maria Manager', profile: 'sales-manager', roles: ['sales-manager'] },
  { key: 'raj', email: 'raj.rep@example.com', name: 'Raj Rep', profile: 'sales-rep', roles: ['sales-rep'] },
  { key: 'sofia', email: 'sofia.rep@example.com', name: 'Sofia Rep', profile: 'sales-rep', roles: ['sales-rep'] },
  { key: 'sam', email: 'sam.support@example.com', name: 'Sam Support', profile: 'support', roles: ['support-agent'] },
] as const;
type Member = (typeof TEAM)[number]['key'];

/** Dates that make the ready-made workflows fire on the day the demo is made: a birthday, a first purchase a year ago. */
const today = () => new Date().toISOString().slice(5, 10);
const yearsAgo = (years: number) => `${new Date().getUTCFullYear() - years}-${today()}`;

const DEMO: { owner: Member; account: AccountCreate; contacts: Omit<ContactCreate, 'accountId'>[] }[] = [
  {
    owner: 'raj',
    account: { name: 'Acme Manufacturing', domain: 'acme.example', industry: 'Manufacturing', website: 'https://acme.example', phone: '+1 415 555 0100' },
    contacts: [
      { firstName: 'Ana', lastName: 'Kovač', email: 'ana.kovac@acme.example', title: 'Head of Procurement', phone: '+1 415 555 0101', birthday: yearsAgo(38) },
      { firstName: 'Marko', lastName: 'Horvat', email: 'marko.horvat@acme.example', title: 'CFO', customerSince: yearsAgo(1) },
    ],
  },
  {
    owner: 'sofia',
    account: { name: 'Globex Retail', domain: 'globex.example', industry: 'Retail', website: 'https://globex.example' },
    contacts: [{ firstName: 'Elena', lastName: 'Popescu', email: 'elena.popescu@globex.example', title: 'COO' }],
  },
  {
    owner: 'manager',
    account: { name: 'Initech Software', domain: 'initech.example', industry: 'Software' },
    contacts: [
      { firstName: 'Piotr', lastName: 'Nowak', email: 'piotr.nowak@initech.example', title: 'CTO' },
      { firstName: 'Ivana', lastName: 'Dimitrova', email: 'ivana.dimitrova@initech.example', title: 'IT Manager' },
    ],
  },
];

const LEADS: { owner: Member; lead: Partial<LeadCreate> & { lastName: string } }[] = [
  { owner: 'raj', lead: { firstName: 'Tom', lastName: 'Baker', company: 'Baker Logistics', email: 'tom@baker.example', source: 'web form', industry: 'Logistics', country: 'US', tags: ['webinar'] } },
  {
    owner: 'sofia',
    lead: { firstName: 'Lena', lastName: 'Fischer', company: 'Fischer GmbH', title: 'Director of Operations', email: 'lena@fischer.example', source: 'referral', industry: 'Software', country: 'DE', qualification: { budget: 'Approved for Q3', need: 'Replace spreadsheets' } },
  },
  { owner: 'raj', lead: { firstName: 'Noah', lastName: 'Kim', company: 'Kim Finance', title: 'VP Finance', email: 'noah@kimfinance.example', source: 'referral', industry: 'Finance', country: 'US', tags: ['vip'] } },
];

/** A few deals on the default pipeline, so the board has something to show. */
const DEALS: { owner: Member; account: string; name: string; amount: number; currency: string; stage: string; closeDate: string }[] = [
  { owner: 'raj', account: 'Acme Manufacturing', name: 'Acme — line 2 automation', amount: 48_000_00, currency: 'USD', stage: 'proposal', closeDate: '2027-03-31' },
  { owner: 'raj', account: 'Acme Manufacturing', name: 'Acme — support renewal', amount: 9_500_00, currency: 'USD', stage: 'qualification', closeDate: '2027-02-15' },
  { owner: 'sofia', account: 'Globex Retail', name: 'Globex — store rollout', amount: 120_000_00, currency: 'EUR', stage: 'negotiation', closeDate: '2027-01-31' },
  { owner: 'manager', account: 'Initech Software', name: 'Initech — platform licence', amount: 30_000_00, currency: 'EUR', stage: 'prospecting', closeDate: '2027-05-01' },
];

/** The demo team and a few records each, so a first start shows who sees what. */
export async function seedDemoData(db: Database, admin: Actor): Promise<{ contacts: number; users: typeof TEAM }> {
  const ids = {} as Record<Member, string>;
  for (const member of TEAM) {
    const { key, ...user } = member;
    ids[key] = (await createUser(db, admin, { ...user, roles: [...user.roles], password: DEMO_PASSWORD, groups: [] })).userId;
  }
  await import('../shared/auth/users').then(({ updateUser, getUser }) =>
    Promise.all(
      (['raj', 'sofia'] as const).map(async (rep) => updateUser(db, admin, ids[rep], { managerId: ids.manager, version: (await getUser(db, ids[rep])).version })),
    ),
  );
  let contacts = 0;
  const accountIds: Record<string, string> = {};
  for (const { owner, account, contacts: people } of DEMO) {
    const saved = await createAccount(db, admin, AccountCreate.parse({ ...account, ownerId: ids[owner] }));
    accountIds[account.name] = saved.accountId;
    for (const contact of people) {
      await createContact(db, admin, ContactCreate.parse({ ...contact, accountId: saved.accountId, ownerId: ids[owner] }));
      contacts++;
    }
  }
  for (const { owner, lead } of LEADS) await createLead(db, admin, LeadCreate.parse({ ...lead, ownerId: ids[owner] }));
  for (const { owner, account, ...deal } of DEALS) {
    await createOpportunity(db, admin, OpportunityCreate.parse({ ...deal, accountId: accountIds[account], ownerId: ids[owner] }));
  }
  return { contacts, users: TEAM };
}
