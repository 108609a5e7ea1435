import { SLUG } from '../../access';
import { button, confirmDialog, form, table, textField, type FormHandle } from '../../components';
import { h } from '../../dom';
import { href } from '../../router';
import { freeId, rulesUsing, type Group } from '../../security';
import { settingsPage, type SettingsContext } from './settings-page';

/** Groups: teams that share records owned by the group or shared with it. Members are set per user. */
export function groupsView(root: HTMLElement): Promise<void> {
  let editing: string | null = null;
  return settingsPage(root, {
    page: 'groups',
    title: 'Groups',
    intro: 'A group shares records across the role hierarchy: a record owned by a group is seen by its members, and sharing rules can open records to a group. Add people to groups on their user page.',
    render: (ctx) => {
      const rows = Object.entries(ctx.settings.groups).sort(([, a], [, b]) => a.name.localeCompare(b.name));
      const members = (id: string) => ctx.users.filter((u) => u.groups.includes(id));
      return [
        rows.length
          ? table(
              'Groups',
              [
                { label: 'Group', cell: ([, g]: [string, Group]) => g.name },
                { label: 'Id', cell: ([id]) => h('code', null, id) },
                { label: 'Description', cell: ([, g]) => g.description ?? '' },
                {
                  label: 'Members',
                  cell: ([id]) => {
                    const list = members(id);
                    return list.length ? list.map((u, i) => [i ? ', ' : '', h('a', { href: href(`/admin/users/${encodeURIComponent(u.userId)}`) }, u.name)]) : h('span', { class: 'muted' }, 'none');
                  },
                },
                {
                  label: 'Actions',
                  cell: ([id, g]) =>
                    h(
                      'span',
                      { class: 'actions' },
                      button('Edit', () => ((editing = id), ctx.redraw()), 'secondary', { 'aria-label': `Edit group ${g.name}` }),
                      button('Delete', () => void remove(ctx, id), 'danger', { 'aria-label': `Delete group ${g.name}` }),
                    ),
                },
              ],
              rows,
            ).el
          : h('p', { class: 'muted' }, 'No groups yet.'),
        editor(ctx, editing, () => ((editing = null), ctx.redraw())),
      ];
    },
  });
}

function editor(ctx: SettingsContext, editing: string | null, done: () => void): HTMLElement {
  const { groups } = ctx.settings;
  const current = editing ? groups[editing] : undefined;
  const name = textField({ name: 'name', label: 'Group name', required: true, maxlength: 100 }, current?.name ?? '');
  const id = textField({ name: 'groupId', label: 'Id', required: true, maxlength: 63, hint: 'Lower-case letters, digits and dashes; cannot be changed later. Records owned by the group carry it as their owner.' });
  let idEdited = false;
  name.control.addEventListener('input', () => {
    if (!idEdited && !editing) (id.control as HTMLInputElement).value = freeId(name.value(), Object.keys(groups));
  });
  id.control.addEventListener('input', () => (idEdited = true));
  const description = textField({ name: 'description', label: 'Description', maxlength: 500 }, current?.description ?? '');
  const handle: FormHandle = form(editing ? [name, description] : [name, id, description], {
    label: editing ? `Edit group ${current?.name ?? editing}` : 'Add a group',
    submitLabel: editing ? 'Save group' : 'Add group',
    onCancel: editing ? done : undefined,
    validate: () => {
      const problems = new Map<string, string[]>();
      if (!name.value().trim()) problems.set('name', ['is required']);
      if (!editing) {
        const groupId = id.value().trim();
        if (!SLUG.test(groupId)) problems.set('groupId', ['must be lower-case letters, digits and dashes']);
        else if (groups[groupId]) problems.set('groupId', ['is taken by another group']);
      }
      return problems.size ? problems : null;
    },
    onSubmit: async () => {
      const groupId = editing ?? id.value().trim();
      const desc = description.value().trim();
      const group: Group = { name: name.value().trim(), ...(desc ? { description: desc } : {}) };
      await ctx.save((draft) => (draft.groups[groupId] = group), editing ? `Group ${group.name} saved.` : `Group ${group.name} added.`);
    },
  });
  return h('section', { class: 'card', 'aria-labelledby': 'group-edit-h' }, h('h2', { id: 'group-edit-h' }, editing ? `Edit group ${current?.name ?? editing}` : 'Add a group'), handle.el);
}

async function remove(ctx: SettingsContext, groupId: string): Promise<void> {
  const group = ctx.settings.groups[groupId];
  if (!group) return;
  const rules = rulesUsing(ctx.settings.sharingRules, 'group', groupId);
  if (rules.length) return ctx.refuse(`The sharing rule${rules.length === 1 ? '' : 's'} ${rules.map((r) => r.ruleId).join(', ')} use${rules.length === 1 ? 's' : ''} the group ${group.name}. Delete ${rules.length === 1 ? 'it' : 'them'} first (Sharing rules).`);
  const members = ctx.users.filter((u) => u.groups.includes(groupId)).length;
  if (members) return ctx.refuse(`The group ${group.name} has ${members} member${members === 1 ? '' : 's'}. Take them out of it first (Users).`);
  if (!(await confirmDialog(`Delete the group ${group.name}? Records it owns keep it as their owner until they are given to someone else.`, 'Delete'))) return;
  await ctx.save((draft) => delete draft.groups[groupId], `Group ${group.name} deleted.`);
}
