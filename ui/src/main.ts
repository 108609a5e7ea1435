import { api, clearSession, currentToken, getConfig, loadConfig, setUnauthorizedHandler, type Me } from './api';
import { banner, problemOf } from './components';
import { fill, h } from './dom';
import { href, parseHash, type Route } from './router';
import { state } from './state';
import { accountDetail, accountNew, accountsList } from './views/accounts';
import { contactDetail, contactNew, contactsList } from './views/contacts';
import { loginView } from './views/login';
import { outboxView } from './views/outbox';

const RETURN_KEY = 'crm.return';
const header = h('header', { class: 'topbar' });
const main = h('main', { id: 'main', tabindex: -1 });
let rendering = 0;

function shell(): void {
  const app = document.getElementById('app')!;
  const skip = h('a', { class: 'skip', href: '#main', onclick: (e: Event) => (e.preventDefault(), main.focus()) }, 'Skip to content');
  fill(app, skip, header, main);
}

function nav(route: Route): void {
  if (route.name === 'login' || !state.me) return fill(header, h('span', { class: 'brand' }, 'CRM'));
  const section = route.name.startsWith('account') ? 'accounts' : route.name.startsWith('contact') ? 'contacts' : route.name;
  const link = (name: string, label: string) => h('li', null, h('a', { href: href(`/${name}`), 'aria-current': section === name ? 'page' : undefined }, label));
  fill(
    header,
    h('a', { class: 'brand', href: href('/accounts') }, 'CRM'),
    h('nav', { 'aria-label': 'Main' }, h('ul', null, link('accounts', 'Accounts'), link('contacts', 'Contacts'), getConfig().localOutbox ? link('outbox', 'Outbox') : null)),
    h('div', { class: 'user' }, h('span', { class: 'user-name', title: state.me.email }, state.me.name || state.me.email), h('button', { type: 'button', class: 'btn btn-secondary', onclick: signOut }, 'Sign out')),
  );
}

function signOut(): void {
  clearSession();
  state.me = null;
  sessionStorage.removeItem(RETURN_KEY);
  location.hash = href('/login');
}

function toLogin(): void {
  const current = location.hash;
  if (!current.startsWith('#/login')) sessionStorage.setItem(RETURN_KEY, current);
  state.me = null;
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

function show(route: Route, view: HTMLElement): Promise<void> | void {
  switch (route.name) {
    case 'login':
      return loginView(view, () => {
        const back = sessionStorage.getItem(RETURN_KEY);
        sessionStorage.removeItem(RETURN_KEY);
        location.hash = back && !back.startsWith('#/login') ? back : href('/accounts');
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
    case 'outbox':
      if (getConfig().localOutbox) return outboxView(view);
      return notFound(view);
    case 'notFound':
      return notFound(view);
  }
}

function notFound(view: HTMLElement): void {
  fill(view, h('h1', { tabindex: -1 }, 'Page not found'), h('p', null, h('a', { href: href('/accounts') }, 'Go to accounts')));
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
    outbox: 'Outbox',
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
