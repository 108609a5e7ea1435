import { hasPrivilege } from '../../access';
import { pageHeader } from '../../components';
import { h, type Child } from '../../dom';
import { AUTOMATION_PAGES, href, type AdminPage } from '../../router';
import { state } from '../../state';

const PAGES: [AdminPage, string][] = [
  ['users', 'Users'],
  ['profiles', 'Profiles'],
  ['roles', 'Roles'],
  ['groups', 'Groups'],
  ['org-defaults', 'Org-wide defaults'],
  ['sharing', 'Sharing rules'],
  ['custom-fields', 'Custom fields'],
  ['pipelines', 'Pipelines'],
  ['scoring', 'Lead scoring'],
  ['audit', 'Audit'],
  ['workflows', 'Workflows'],
  ['email-templates', 'Email templates'],
  ['task-templates', 'Task templates'],
  ['webhooks', 'Webhooks'],
  ['forms', 'Web forms'],
];

/** Whether the signed-in user may open an admin page: automation needs manageWorkflows, the rest administer. */
export function mayOpenAdminPage(page: AdminPage): boolean {
  return hasPrivilege(state.me, AUTOMATION_PAGES.includes(page) ? 'manageWorkflows' : 'administer');
}

/** Where the Admin link goes: the first admin page this user may open, or null for none. */
export function firstAdminPage(): AdminPage | null {
  return PAGES.find(([page]) => mayOpenAdminPage(page))?.[0] ?? null;
}

/** The administration sub-navigation, above every admin page. */
export function adminNav(current: AdminPage): HTMLElement {
  return h(
    'nav',
    { class: 'subnav', 'aria-label': 'Administration' },
    h(
      'ul',
      null,
      PAGES.filter(([page]) => mayOpenAdminPage(page)).map(([page, label]) => h('li', null, h('a', { href: href(`/admin/${page}`), 'aria-current': page === current ? 'page' : undefined }, label))),
    ),
  );
}

/** Header, sub-navigation and the page's own content. */
export function adminPage(current: AdminPage, title: string, actions: Child[], ...content: Child[]): Child[] {
  return [pageHeader(title, ...actions), adminNav(current), ...content];
}
