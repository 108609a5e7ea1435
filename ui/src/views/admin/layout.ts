import { pageHeader } from '../../components';
import { h, type Child } from '../../dom';
import { href, type AdminPage } from '../../router';

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
];

/** The administration sub-navigation, above every admin page. */
export function adminNav(current: AdminPage): HTMLElement {
  return h(
    'nav',
    { class: 'subnav', 'aria-label': 'Administration' },
    h(
      'ul',
      null,
      PAGES.map(([page, label]) => h('li', null, h('a', { href: href(`/admin/${page}`), 'aria-current': page === current ? 'page' : undefined }, label))),
    ),
  );
}

/** Header, sub-navigation and the page's own content. */
export function adminPage(current: AdminPage, title: string, actions: Child[], ...content: Child[]): Child[] {
  return [pageHeader(title, ...actions), adminNav(current), ...content];
}
