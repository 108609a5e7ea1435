import { form, textField } from '../../components';
import { fill, h } from '../../dom';
import { exportCsv } from '../../exports';
import { historySection } from '../../history';
import { userPicker } from '../../picker';
import { href } from '../../router';
import { lastDays, queryString } from '../../values';
import { adminPage } from './layout';

const SETTINGS_LABELS = { profiles: 'Profiles', roles: 'Roles', groups: 'Groups', orgDefaults: 'Org-wide defaults', sharingRules: 'Sharing rules' };

/** The audit trail: what one user did, the history of the security settings, and the CSV export. */
export function auditView(root: HTMLElement, query: URLSearchParams): void {
  const view = query.get('view') === 'settings' ? 'settings' : 'user';
  const actorId = query.get('actorId') ?? '';
  const tab = (name: 'user' | 'settings', label: string, target: string) => h('li', null, h('a', { href: target, 'aria-current': view === name ? 'page' : undefined }, label));
  const tabs = h('nav', { class: 'tabs', 'aria-label': 'Audit views' }, h('ul', null, tab('user', 'A user’s actions', href('/admin/audit', { actorId: actorId || undefined })), tab('settings', 'Security settings history', href('/admin/audit', { view: 'settings' }))));

  let content: HTMLElement;
  if (view === 'settings') {
    content = historySection({ path: `/audit${queryString({ subjectType: 'settings', subjectId: 'security' })}`, heading: 'Security settings history', labels: SETTINGS_LABELS });
  } else {
    const who = userPicker({ name: 'actorId', label: 'User', hint: 'Type the start of their name; deactivated users are listed too.', required: true, initialId: actorId || undefined, inactive: true });
    const chooser = form([who], {
      label: 'Choose a user',
      submitLabel: 'Show their actions',
      validate: () => (who.value() ? null : new Map([['actorId', ['Choose the user from the list.']]])),
      onSubmit: async () => {
        location.hash = href('/admin/audit', { actorId: who.value() });
      },
    });
    content = h(
      'div',
      null,
      h('section', { class: 'card' }, chooser.el),
      actorId ? historySection({ path: `/audit${queryString({ actorId })}`, heading: 'Their actions', subject: true, actor: false }) : null,
    );
  }
  fill(root, ...adminPage('audit', 'Audit', []), tabs, content, exportCard());
}

function exportCard(): HTMLElement {
  const range = lastDays(30);
  const from = textField({ name: 'from', label: 'From (UTC day)', required: true }, range.from);
  const to = textField({ name: 'to', label: 'To (UTC day)', required: true, hint: 'At most 366 days.' }, range.to);
  (from.control as HTMLInputElement).type = 'date';
  (to.control as HTMLInputElement).type = 'date';
  const status = h('p', { class: 'status', role: 'status' });
  const handle = form([from, to], {
    label: 'Export the audit trail',
    submitLabel: 'Export audit CSV',
    validate: () => {
      const problems = new Map<string, string[]>();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(from.value())) problems.set('from', ['must be a day']);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(to.value())) problems.set('to', ['must be a day']);
      else if (from.value() > to.value()) problems.set('to', ['must not be before the first day']);
      return problems.size ? problems : null;
    },
    onSubmit: async (f) => {
      f.clearErrors();
      await exportCsv({ entity: 'audit', from: from.value(), to: to.value() }, (m) => (status.textContent = m), (problem) => f.showProblem(problem));
    },
  });
  return h('section', { class: 'card', 'aria-labelledby': 'audit-export-h' }, h('h2', { id: 'audit-export-h' }, 'Export'), h('p', { class: 'muted' }, 'Every audit entry of the chosen days as CSV, for archiving or review.'), handle.el, status);
}
