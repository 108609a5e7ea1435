/**
 * The pages that edit the security settings share one flow: load the document (and the
 * users, to show who holds what), change a copy, PUT it whole with the version read, and
 * show a stale version (409) or invalid parts (422, with paths such as
 * roles.sales-rep.parentId) without losing the page.
 */
import { api, type User } from '../../api';
import { banner, button, problemOf } from '../../components';
import { fill, h, type Child } from '../../dom';
import { allUsers, setGroupNames } from '../../people';
import type { Problem } from '../../problem';
import type { AdminPage } from '../../router';
import { settingsBody, undefinedHoldings, type SecuritySettings, type SecuritySettingsBody } from '../../security';
import { formatDate } from '../../values';
import { adminPage } from './layout';

export interface SettingsContext {
  settings: SecuritySettings;
  users: User[];
  errors: ReturnType<typeof banner>;
  /** Applies `change` to a copy and saves it; true when saved (the page is then drawn again). */
  save(change: (draft: SecuritySettingsBody) => void, done: string): Promise<boolean>;
  /** Shows a problem found before saving. */
  refuse(message: string): void;
  /** Draws the page again (e.g. after Cancel). */
  redraw(message?: string): void;
}

export interface SettingsPageSpec {
  page: AdminPage;
  title: string;
  intro: string;
  actions?: (ctx: SettingsContext) => Child[];
  render(ctx: SettingsContext): Child;
}

export const loadSettings = async (): Promise<SecuritySettings> => {
  const settings = await api<SecuritySettings>('GET', '/admin/security');
  setGroupNames(settings.groups);
  return settings;
};

/** "roles.sales-rep.parentId" (or "#/roles/sales-rep/parentId") as "roles › sales-rep › parentId". */
export const settingsPath = (name: string, pointer = '') =>
  (name || pointer.replace(/^#?\//, '').replace(/\//g, '.')).split('.').filter(Boolean).join(' › ');

export async function settingsPage(root: HTMLElement, spec: SettingsPageSpec): Promise<void> {
  const errors = banner();
  errors.el.tabIndex = -1;
  fill(root, ...adminPage(spec.page, spec.title, []), h('p', { class: 'status', role: 'status' }, 'Loading…'));
  let settings: SecuritySettings;
  let users: User[];
  try {
    [settings, users] = await Promise.all([loadSettings(), allUsers()]);
  } catch (error) {
    fill(root, ...adminPage(spec.page, spec.title, []), errors.el);
    errors.show(problemOf(error));
    return;
  }

  const showProblem = (problem: Problem) => {
    root.querySelectorAll('[aria-invalid="true"][data-path]').forEach((el) => el.removeAttribute('aria-invalid'));
    if (problem.status === 409) {
      errors.show(
        'Someone else changed the security settings after you opened this page. Nothing was saved.',
        button('Reload the latest settings', () => void settingsPage(root, spec), 'primary'),
      );
    } else if (problem.errors?.length) {
      const items = problem.errors.map((e) => {
        const path = e.name || e.pointer.replace(/^#?\//, '').replace(/\//g, '.');
        root.querySelector(`[data-path="${CSS.escape(path)}"]`)?.setAttribute('aria-invalid', 'true');
        return `${settingsPath(e.name, e.pointer)}: ${e.detail}`;
      });
      errors.show(`Nothing was saved. ${problem.detail ?? problem.title}: ${items.join('; ')}`);
    } else errors.show(problem);
    errors.el.focus();
  };

  const ctx: SettingsContext = {
    get settings() {
      return settings;
    },
    get users() {
      return users;
    },
    errors,
    async save(change, done) {
      errors.clear();
      const draft = settingsBody(settings);
      change(draft);
      try {
        settings = await api<SecuritySettings>('PUT', '/admin/security', draft);
        setGroupNames(settings.groups);
        draw(done);
        return true;
      } catch (error) {
        showProblem(problemOf(error));
        return false;
      }
    },
    refuse(message) {
      errors.show(message);
      errors.el.focus();
    },
    redraw: (message) => draw(message),
  };

  function draw(message?: string) {
    const flash = message ? h('p', { class: 'flash', role: 'status', tabindex: -1 }, message) : null;
    const dangling = undefinedHoldings(settings, users);
    fill(
      root,
      ...adminPage(spec.page, spec.title, spec.actions?.(ctx) ?? []),
      h('p', { class: 'muted' }, spec.intro),
      flash,
      errors.el,
      dangling.length
        ? h(
            'div',
            { class: 'banner warning' },
            h('p', null, 'Some users hold a profile, role or group that is no longer defined, so it grants them nothing:'),
            h('ul', null, dangling.map((d) => h('li', null, `${d.kind} `, h('code', null, d.id), ` — ${d.users} user${d.users === 1 ? '' : 's'}`))),
            h('p', null, 'Define it again, or change those users on the Users page.'),
          )
        : null,
      spec.render(ctx),
      h('p', { class: 'meta' }, `Settings version ${settings.version}`, settings.updatedAt ? ` · last changed ${formatDate(settings.updatedAt)}` : ''),
    );
    flash?.focus();
  }
  draw();
}
