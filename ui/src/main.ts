import { can, hasPrivilege, homePath, type RecordType } from './access';
import { api, clearSession, currentToken, getConfig, loadConfig, setUnauthorizedHandler, type Me } from './api';
import { banner, pageHeader, problemOf } from './components';
import { fill, h } from './dom';
import { mayImport } from './imports';
import { forgetPeople } from './people';
import { AUTOMATION_PAGES, href, parseHash, type Route } from './router';
import { state } from './state';
import { accountDetail, accountNew, accountsList } from './views/accounts';
import { adminView } from './views/admin';
import { contactDetail, contactNew, contactsList } from './views/contacts';
import { leadDetail, leadNew, leadsList } from './views/leads';
import { loginView } from './views/login';
import { outboxView } from './views/outbox';
import { activitiesView } from './views/activities';
import { calendarView } from './views/calendar';
import { convertView } from './views/convert';
import { mergeView } from './views/duplicates';
import { importResultView, importView } from './views/imports';
import { opportunitiesList, opportunityDetail, opportunityNew } from './views/opportunities';
import { pipelineView } from './views/pipeline';
import { remindersRegion, startReminders, stopReminders } from './reminders';
import { notificationsBell, startNotifications, stopNotifications } from './notifications';
import { firstAdminPage, mayOpenAdminPage } from './views/admin/layout';
import { forgetSalesData } from './sales-data';

const RETURN_KEY = 'crm.return';
const header = h('header', { class: 'topbar' });
const main = h('main', { id: 'main', tabindex: -1 });
let rendering = 0;

function shell(): void {
  const app = document.getElementById('app')!;
  const skip = h('a', { class: 'skip', href: '#main', onclick: (e: Event) => (e.preventDefault(), main.focus()) }, 'Skip to content');
  fill(app, skip, header, main, remindersRegion());
}

function sectionOf(route: Route): string {
  if (route.name === 'admin') return 'admin';
  if (route.name.startsWith('account')) return 'accounts';
  if (route.name.startsWith('contact')) return 'contacts';
  if (route.name.startsWith('lead')) return 'leads';
  if (route.name === 'merge') return route.type === 'lead' ? 'leads' : 'contacts';
  if (route.name === 'import') return 'imports';
  if (route.name.startsWith('opportunit')) return 'opportunities';
  return route.name;
}

function nav(route: Route): void {
  const me = state.me;
  if (route.name === 'login' || !me) return fill(header, h('span', { class: 'brand' }, 'CRM'));
  const section = sectionOf(route);
  const adminHome = firstAdminPage();
  const link = (name: string, label: string, path = `/${name}`) => h('li', null, h('a', { href: href(path), 'aria-current': section === name ? 'page' : undefined }, label));
  // Only what the profile allows is offered; the API refuses the rest anyway.
  fill(
    header,
    h('a', { class: 'brand', href: href(homePath(me)) }, 'CRM'),
    h(
      'nav',
      { 'aria-label': 'Main' },
      h(
        'ul',
        null,
        can(me, 'lead', 'read') && link('leads', 'Leads'),
        can(me, 'account', 'read') && link('accounts', 'Accounts'),
        can(me, 'contact', 'read') && link('contacts', 'Contacts'),
        can(me, 'opportunity', 'read') && link('opportunities', 'Opportunities'),
        can(me, 'opportunity', 'read') && link('pipeline', 'Pipeline'),
        can(me, 'activity', 'read') && link('activities', 'Activities'),
        can(me, 'activity', 'read') && link('calendar', 'Calendar'),
        mayImport(me) && link('imports', 'Import'),
        getConfig().localOutbox && link('outbox', 'Outbox'),
        adminHome && link('admin', 'Admin', `/admin/${adminHome}`),
      ),
    ),
    h('div', { class: 'user' }, notificationsBell(), h('span', { class: 'user-name', title: me.email }, me.name || me.email), h('button', { type: 'button', class: 'btn btn-secondary', onclick: signOut }, 'Sign out')),
  );
}

function signOut(): void {
  clearSession();
  state.me = null;
  forgetPeople();
  forgetSalesData();
  stopReminders();
  stopNotifications();
  sessionStorage.removeItem(RETURN_KEY);
  location.hash = href('/login');
}

function toLogin(): void {
  const current = location.hash;
  if (!current.startsWith('#/login')) sessionStorage.setItem(RETURN_KEY, current);
  state.me = null;
  forgetPeople();
  forgetSalesData();
  stopReminders();
  stopNotifications();
  location.hash = href('/login');
}

async function render(): Promise<void> {
  const mine = ++rendering;
  const route = parseHash(location.hash);
  if (route.name !== 'login' && !currentToken()) return toLogin();
  if (route.name !== 'login' && !state.me) {
    try {
      state.me = await api<Me>('GET', '/me');
    } catch (error) {
      if (mine !== rendering) return;
      const errors = banner();
      fill(main, errors.el);
      return errors.show(problemOf(error));
    }
  }
  if (mine !== rendering) return;
  // Due reminders are polled while someone is signed in, whatever page they are on.
  if (route.name !== 'login' && state.me && can(state.me, 'activity', 'read')) startReminders();
  // Workflow notifications go to every signed-in user, on the same cadence.
  if (route.name !== 'login' && state.me) startNotifications();
  // The bare address goes to the first list this user may read.
  if (route.name === 'accounts' && state.me && !can(state.me, 'account', 'read') && /^#?\/?$/.test(location.hash)) {
    location.replace(href(homePath(state.me)));
    return;
  }
  nav(route);
  // Each route renders into its own container: if the user navigates on, a late response
  // lands in a detached node instead of over the new page.
  const view = h('div', { class: 'view' });
  fill(main, view);
  document.title = `${titleOf(route)} · CRM`;
  const pending = show(route, view);
  // Move focus to the new page's heading so keyboard and screen-reader users start there.
  const focusHeading = () => {
    const active = document.activeElement;
    if (mine === rendering && (!active || active === document.body || active === main || !main.contains(active)))
      (view.querySelector<HTMLElement>('h1') ?? main).focus();
  };
  focusHeading();
  await pending;
  focusHeading();
}

const RECORD_ROUTES: Partial<Record<Route['name'], [RecordType, 'read' | 'create' | 'update']>> = {
  accounts: ['account', 'read'],
  account: ['account', 'read'],
  accountNew: ['account', 'create'],
  contacts: ['contact', 'read'],
  contact: ['contact', 'read'],
  contactNew: ['contact', 'create'],
  leads: ['lead', 'read'],
  lead: ['lead', 'read'],
  leadNew: ['lead', 'create'],
  leadConvert: ['lead', 'update'],
  opportunities: ['opportunity', 'read'],
  opportunity: ['opportunity', 'read'],
  opportunityNew: ['opportunity', 'create'],
  pipeline: ['opportunity', 'read'],
  activities: ['activity', 'read'],
  calendar: ['activity', 'read'],
};

function show(route: Route, view: HTMLElement): Promise<void> | void {
  const needs = RECORD_ROUTES[route.name];
  if (needs && !can(state.me, ...needs)) return notAllowed(view, `Your profile does not allow you to ${needs[1]} ${needs[0]} records.`);
  switch (route.name) {
    case 'login':
      return loginView(view, () => {
        // A new sign-in may be another user: forget the last one's identity, privileges and names.
        state.me = null;
        forgetPeople();
        forgetSalesData();
        stopReminders();
        stopNotifications();
        const back = sessionStorage.getItem(RETURN_KEY);
        sessionStorage.removeItem(RETURN_KEY);
        location.hash = back && !back.startsWith('#/login') ? back : '#/';
      });
    case 'accounts':
      return accountsList(view, route.query);
    case 'accountNew':
      return accountNew(view);
    case 'account':
      return accountDetail(view, route.id);
    case 'contacts':
      return contactsList(view, route.query);
    case 'contactNew':
      return contactNew(view, route.accountId);
    case 'contact':
      return contactDetail(view, route.id);
    case 'leads':
      return leadsList(view, route.query);
    case 'leadNew':
      return leadNew(view);
    case 'lead':
      return leadDetail(view, route.id);
    case 'leadConvert':
      return convertView(view, route.id);
    case 'merge':
      if (!can(state.me, route.type, 'delete')) return notAllowed(view, `Merging needs the privilege to delete ${route.type} records.`);
      return mergeView(view, route.type, route.id, route.duplicateId);
    case 'opportunities':
      return opportunitiesList(view, route.query);
    case 'opportunityNew':
      return opportunityNew(view, route.accountId);
    case 'opportunity':
      return opportunityDetail(view, route.id);
    case 'pipeline':
      return pipelineView(view, route.pipelineId, route.query);
    case 'activities':
      return activitiesView(view);
    case 'calendar':
      return calendarView(view, route.query);
    case 'admin':
      if (!mayOpenAdminPage(route.page))
        return notAllowed(view, AUTOMATION_PAGES.includes(route.page) ? 'Workflow automation needs the manageWorkflows privilege.' : 'Administration needs the administer privilege.');
      return adminView(view, route);
    case 'imports':
      if (!mayImport(state.me)) return notAllowed(view, 'Importing needs the import privilege and the right to create leads or contacts.');
      return importView(view, route.query);
    case 'import':
      if (!hasPrivilege(state.me, 'import')) return notAllowed(view, 'Importing needs the import privilege.');
      return importResultView(view, route.id, route.query);
    case 'outbox':
      if (getConfig().localOutbox) return outboxView(view);
      return notFound(view);
    case 'noAccess':
      return notAllowed(view, 'Your profile gives you access to nothing in the CRM yet. Ask an administrator to change your profile.');
    case 'notFound':
      return notFound(view);
  }
}

function notFound(view: HTMLElement): void {
  fill(view, h('h1', { tabindex: -1 }, 'Page not found'), h('p', null, h('a', { href: '#/' }, 'Go to the start page')));
}

function notAllowed(view: HTMLElement, message: string): void {
  const home = homePath(state.me);
  fill(view, pageHeader('Not available'), h('p', null, message), home !== '/no-access' ? h('p', null, h('a', { href: href(home) }, 'Go to the start page')) : null);
}

function titleOf(route: Route): string {
  const titles: Record<Route['name'], string> = {
    login: 'Sign in',
    accounts: 'Accounts',
    accountNew: 'New account',
    account: 'Account',
    contacts: 'Contacts',
    contactNew: 'New contact',
    contact: 'Contact',
    leads: 'Leads',
    leadNew: 'New lead',
    lead: 'Lead',
    leadConvert: 'Convert lead',
    merge: 'Merge duplicates',
    opportunities: 'Opportunities',
    opportunityNew: 'New opportunity',
    opportunity: 'Opportunity',
    pipeline: 'Pipeline',
    activities: 'Activities',
    calendar: 'Calendar',
    outbox: 'Outbox',
    imports: 'Import',
    import: 'Import',
    admin: 'Administration',
    noAccess: 'No access',
    notFound: 'Not found',
  };
  return titles[route.name];
}

async function boot(): Promise<void> {
  shell();
  try {
    await loadConfig();
  } catch (error) {
    const errors = banner();
    fill(main, errors.el);
    return errors.show(`The CRM could not load its configuration (${error instanceof Error ? error.message : String(error)}). Reload to try again.`);
  }
  setUnauthorizedHandler(toLogin);
  window.addEventListener('hashchange', () => void render());
  await render();
}

void boot();
