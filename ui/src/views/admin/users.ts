import { api, getConfig, type User } from '../../api';
import { banner, button, checkboxGroup, confirmDialog, form, linkButton, problemOf, row, selectField, setFlash, table, takeFlash, textField, type FormHandle } from '../../components';
import { debounce, fill, h, uid } from '../../dom';
import { historySection } from '../../history';
import { personTag, remember } from '../../people';
import { userPicker } from '../../picker';
import { href } from '../../router';
import type { SecuritySettings } from '../../security';
import { state } from '../../state';
import { formatDate, queryString, userPatch } from '../../values';
import { adminPage } from './layout';
import { loadSettings } from './settings-page';

const userHref = (id: string) => href(`/admin/users/${encodeURIComponent(id)}`);
const PAGE_SIZE = 25;

export const USER_LABELS: Record<string, string> = { name: 'Name', email: 'Email', profile: 'Profile', roles: 'Roles', groups: 'Groups', managerId: 'Manager', active: 'Active', password: 'Password' };

const nameOf = (map: Record<string, { name: string }>, id: string) => map[id]?.name ?? id;
const namesOf = (map: Record<string, { name: string }>, ids: string[]) => ids.map((id) => nameOf(map, id)).join(', ');

export async function usersList(root: HTMLElement, query: URLSearchParams): Promise<void> {
  const errors = banner();
  const status = h('p', { class: 'status', role: 'status' });
  const results = h('div', { class: 'results' });
  let cursor: string | null = null;
  let seq = 0;
  const more = button('Load more', () => void load(cursor), 'secondary', { hidden: true });
  const searchId = uid('search');
  const search = h('input', { id: searchId, type: 'search', value: query.get('q') ?? '', autocomplete: 'off', spellcheck: 'false' });
  fill(
    root,
    ...adminPage('users', 'Users', [linkButton('New user', href('/admin/users/new'), 'primary')]),
    takeFlash(),
    errors.el,
    h('form', { class: 'toolbar', role: 'search', onsubmit: (e: Event) => (e.preventDefault(), refresh()) }, h('div', { class: 'search' }, h('label', { for: searchId }, 'Search by name'), search)),
    status,
    results,
    h('p', null, more),
  );
  let settings: SecuritySettings | null = null;
  try {
    settings = await loadSettings();
  } catch {
    /* names fall back to ids */
  }
  const profiles = settings?.profiles ?? {};
  const roles = settings?.roles ?? {};
  const columns = [
    { label: 'Name', cell: (u: User) => h('a', { href: userHref(u.userId) }, u.name || u.email) },
    { label: 'Email', cell: (u: User) => u.email },
    { label: 'Profile', cell: (u: User) => nameOf(profiles, u.profile) },
    { label: 'Roles', cell: (u: User) => namesOf(roles, u.roles) },
    { label: 'Status', cell: (u: User) => (u.active ? 'Active' : h('span', { class: 'badge badge-off' }, 'Deactivated')) },
    { label: 'Last sign-in', cell: (u: User) => formatDate(u.lastLoginAt) },
  ];
  let list: ReturnType<typeof table<User>> | null = null;
  let shown = 0;

  async function load(from: string | null) {
    const mine = ++seq;
    more.disabled = true;
    try {
      const page = await api<{ items: User[]; cursor: string | null }>('GET', `/users${queryString({ limit: PAGE_SIZE, cursor: from, q: search.value.trim() })}`);
      if (mine !== seq) return;
      remember(...page.items);
      errors.clear();
      if (!from || !list) {
        shown = 0;
        list = table('Users', columns, page.items);
        fill(results, page.items.length ? list.el : null);
      } else list.add(page.items);
      shown += page.items.length;
      cursor = page.cursor;
      more.hidden = !cursor;
      status.textContent = shown ? `Showing ${shown} user${shown === 1 ? '' : 's'}${cursor ? '; more available' : ''}.` : 'No users match.';
    } catch (error) {
      if (mine === seq) errors.show(problemOf(error));
    } finally {
      if (mine === seq) more.disabled = false;
    }
  }
  function refresh() {
    history.replaceState(null, '', href('/admin/users', { q: search.value.trim() }));
    void load(null);
  }
  search.addEventListener('input', debounce(refresh, 250));
  await load(null);
}

interface UserForm {
  fields: FormHandle['fields'];
  read(): { name: string; profile: string; roles: string[]; groups: string[]; managerId: string };
}

function userFields(settings: SecuritySettings, user?: User): UserForm & { email: ReturnType<typeof textField>; password: ReturnType<typeof textField> } {
  const email = textField({ name: 'email', label: 'Email', type: 'email', required: true, maxlength: 254 }, user?.email ?? '');
  const name = textField({ name: 'name', label: 'Name', required: true, maxlength: 200 }, user?.name ?? '');
  const profileOptions = Object.entries(settings.profiles)
    .sort(([, a], [, b]) => a.name.localeCompare(b.name))
    .map(([value, p]) => ({ value, label: p.name }));
  const profile = selectField({ name: 'profile', label: 'Profile', required: true, hint: 'What they may do (Profiles).' }, profileOptions, user?.profile ?? (settings.profiles['sales-rep'] ? 'sales-rep' : (profileOptions[0]?.value ?? '')));
  const roles = checkboxGroup(
    { name: 'roles', label: 'Roles', hint: 'Where they sit in the role hierarchy: they see the records of the roles below.' },
    Object.entries(settings.roles)
      .sort(([, a], [, b]) => a.name.localeCompare(b.name))
      .map(([value, r]) => ({ value, label: r.name })),
    user?.roles ?? [],
  );
  const groups = checkboxGroup(
    { name: 'groups', label: 'Groups' },
    Object.entries(settings.groups)
      .sort(([, a], [, b]) => a.name.localeCompare(b.name))
      .map(([value, g]) => ({ value, label: g.name })),
    user?.groups ?? [],
  );
  const manager = userPicker({ name: 'managerId', label: 'Manager', hint: 'Optional. Empty the box to remove the manager.', initialId: user?.managerId });
  const password = textField({ name: 'password', label: 'First password', type: 'password', required: true, autocomplete: 'new-password', hint: 'At least 12 characters. Tell it to the user; they sign in with it.' });
  return {
    email,
    password,
    fields: [name, profile, roles, groups, manager],
    read: () => ({ name: name.value(), profile: profile.value(), roles: roles.checked(), groups: groups.checked(), managerId: manager.value() }),
  };
}

export async function userNew(root: HTMLElement): Promise<void> {
  const errors = banner();
  fill(root, ...adminPage('users', 'New user', []), errors.el);
  let settings: SecuritySettings;
  try {
    settings = await loadSettings();
  } catch (error) {
    errors.show(problemOf(error));
    return;
  }
  const local = getConfig().authMode !== 'cognito';
  const f = userFields(settings);
  const idempotencyKey = crypto.randomUUID();
  const handle = form([f.email, ...f.fields, ...(local ? [f.password] : [])], {
    label: 'New user',
    submitLabel: local ? 'Create user' : 'Invite user',
    onCancel: () => (location.hash = href('/admin/users')),
    onSubmit: async (form) => {
      const values = f.read();
      const body = {
        email: f.email.value().trim(),
        name: values.name.trim(),
        profile: values.profile,
        roles: values.roles,
        groups: values.groups,
        ...(values.managerId ? { managerId: values.managerId } : {}),
        ...(local ? { password: f.password.value() } : {}),
      };
      try {
        const created = await api<User>('POST', '/users', body, { idempotencyKey });
        remember(created);
        setFlash(local ? `User ${created.name} created.` : `${created.name} is invited; Cognito emails them a temporary password.`);
        location.hash = userHref(created.userId);
      } catch (error) {
        form.showProblem(problemOf(error));
      }
    },
  });
  fill(root, ...adminPage('users', 'New user', []), local ? null : h('p', { class: 'muted' }, 'Cognito emails the new user an invitation with a temporary password.'), h('section', { class: 'card' }, handle.el));
}

export async function userDetail(root: HTMLElement, userId: string): Promise<void> {
  const errors = banner();
  errors.el.tabIndex = -1;
  fill(root, ...adminPage('users', 'User', []), h('p', { class: 'status', role: 'status' }, 'Loading…'));
  let user: User;
  let settings: SecuritySettings;
  try {
    [user, settings] = await Promise.all([api<User>('GET', `/users/${encodeURIComponent(userId)}`), loadSettings()]);
  } catch (error) {
    fill(root, ...adminPage('users', 'User not available', []), errors.el, h('p', null, h('a', { href: href('/admin/users') }, 'Back to the users')));
    errors.show(problemOf(error));
    return;
  }
  remember(user);
  const self = user.userId === state.me?.userId;

  const setActive = async (active: boolean) => {
    const question = active
      ? `Reactivate ${user.name}? They can sign in again.`
      : `Deactivate ${user.name}? They are signed out at once and cannot sign in. Their records stay theirs until you reassign them.`;
    if (!(await confirmDialog(question, active ? 'Reactivate' : 'Deactivate'))) return;
    try {
      user = await api<User>('PATCH', `/users/${encodeURIComponent(user.userId)}`, { version: user.version, active });
      remember(user);
      show(active ? `${user.name} is active again.` : `${user.name} is deactivated.`);
    } catch (error) {
      const problem = problemOf(error);
      errors.show(problem.status === 409 ? 'Someone else changed this user after you opened the page. Nothing was saved.' : problem, button('Reload', () => void userDetail(root, userId), 'primary'));
      errors.el.focus();
    }
  };

  const show = (message?: string) => {
    const flash = message ? h('p', { class: 'flash', role: 'status' }, message) : takeFlash();
    fill(
      root,
      ...adminPage('users', user.name || user.email, [
        button('Edit', () => edit()),
        self ? null : user.active ? button('Deactivate', () => void setActive(false), 'danger') : button('Reactivate', () => void setActive(true), 'primary'),
        linkButton('Their actions', href('/admin/audit', { actorId: user.userId })),
      ]),
      flash,
      errors.el,
      h(
        'section',
        { class: 'card', 'aria-label': 'Details' },
        h(
          'dl',
          { class: 'details' },
          row('Email', user.email),
          row('Status', user.active ? 'Active' : h('span', { class: 'badge badge-off' }, 'Deactivated')),
          row('Profile', nameOf(settings.profiles, user.profile)),
          row('Roles', namesOf(settings.roles, user.roles)),
          row('Groups', namesOf(settings.groups, user.groups)),
          row('Manager', user.managerId ? h('a', { href: userHref(user.managerId) }, personTag(user.managerId)) : null),
          row('Last sign-in', formatDate(user.lastLoginAt)),
          row('Created', formatDate(user.createdAt)),
        ),
        h('p', { class: 'meta' }, `Id ${user.userId} · Version ${user.version}`),
      ),
      reassignCard(user, errors),
      historySection({ path: `/audit${queryString({ subjectType: 'user', subjectId: user.userId })}`, heading: 'History', labels: USER_LABELS }),
    );
  };

  const edit = () => {
    errors.clear();
    const f = userFields(settings, user);
    const handle = form(f.fields, {
      label: `Edit ${user.name}`,
      submitLabel: 'Save',
      onCancel: () => show(),
      onSubmit: async (form) => {
        const body = userPatch(user, f.read());
        if (!body) return show('No changes to save.');
        try {
          user = await api<User>('PATCH', `/users/${encodeURIComponent(user.userId)}`, body);
          remember(user);
          show('Saved.');
        } catch (error) {
          const problem = problemOf(error);
          if (problem.status === 409)
            form.showProblem(
              { ...problem, title: 'Someone else changed this user after you opened it. Your changes were not saved.', detail: undefined, errors: undefined },
              button('Reload the latest version', () => void userDetail(root, userId), 'primary'),
            );
          else form.showProblem(problem);
        }
      },
    });
    fill(root, ...adminPage('users', `Edit ${user.name}`, []), h('section', { class: 'card' }, handle.el));
    root.querySelector('h1')?.focus();
  };
  show();
}

interface AccessJob {
  jobId: string;
  status: 'requested' | 'done' | 'failed';
  processed: number;
  error?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Moves every record the user owns to another user, as a job whose progress is shown. */
function reassignCard(user: User, errors: ReturnType<typeof banner>): HTMLElement {
  const to = userPicker({ name: 'toUserId', label: 'Give their records to', hint: 'An active user; type the start of the name.', required: true });
  const progress = h('p', { class: 'status', role: 'status' });
  const handle = form([to], {
    label: 'Reassign records',
    submitLabel: 'Reassign records',
    validate: () => (to.value() ? null : new Map([['toUserId', ['Choose the user from the list.']]])),
    onSubmit: async (f) => {
      const target = to.selected();
      if (!target || !(await confirmDialog(`Give every record ${user.name} owns to ${target.label}?`, 'Reassign'))) return;
      errors.clear();
      try {
        let job = await api<AccessJob>('POST', `/users/${encodeURIComponent(user.userId)}/reassign`, { toUserId: target.id });
        progress.textContent = 'Reassigning…';
        let delay = 300;
        const deadline = Date.now() + 10 * 60_000;
        while (job.status === 'requested' && Date.now() < deadline) {
          await sleep(delay);
          delay = Math.min(delay * 1.5, 3000);
          job = await api<AccessJob>('GET', `/access-jobs/${encodeURIComponent(job.jobId)}`);
          progress.textContent = `Reassigning… ${job.processed} record${job.processed === 1 ? '' : 's'} moved so far.`;
        }
        if (job.status === 'done') progress.textContent = `Done: ${job.processed} record${job.processed === 1 ? '' : 's'} moved to ${target.label}.`;
        else if (job.status === 'failed') f.showProblem({ type: 'about:blank', title: 'The reassignment failed', status: 0, detail: job.error ? `${job.error} (${job.processed} moved before it stopped)` : undefined });
        else progress.textContent = `Still running after 10 minutes (${job.processed} moved); check again later.`;
      } catch (error) {
        progress.textContent = '';
        f.showProblem(problemOf(error));
      }
    },
  });
  return h('section', { class: 'card', 'aria-labelledby': 'reassign-h' }, h('h2', { id: 'reassign-h' }, 'Reassign records'), h('p', { class: 'muted' }, `Moves every account, contact and lead ${user.name} owns to someone else — for example before or after deactivating them.`), handle.el, progress);
}
