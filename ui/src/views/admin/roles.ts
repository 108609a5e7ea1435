import { SLUG } from '../../access';
import { button, confirmDialog, form, selectField, textField, type FormHandle } from '../../components';
import { h } from '../../dom';
import { descendants, freeId, parentChoices, removeRole, roleTree, rulesUsing, usersHolding, type RoleNode } from '../../security';
import { settingsPage, type SettingsContext } from './settings-page';

/**
 * The role tree: people see the records of the roles below theirs. Roles are added,
 * renamed, moved under another role, or deleted (the roles under a deleted one move up).
 */
export function rolesView(root: HTMLElement): Promise<void> {
  let editing: string | null = null;
  return settingsPage(root, {
    page: 'roles',
    title: 'Roles',
    intro: 'The role hierarchy decides who sees whose records: a role sees the records owned by the roles below it (with private org-wide defaults).',
    render: (ctx) => {
      const { roles } = ctx.settings;
      const tree = roleTree(roles);
      const item = (node: RoleNode): HTMLElement => {
        const holders = usersHolding(ctx.users, 'role', node.id);
        return h(
          'li',
          { 'data-path': `roles.${node.id}.parentId` },
          h(
            'div',
            { class: 'tree-row' },
            h('span', { class: 'tree-name' }, node.role.name),
            ' ',
            h('code', { class: 'muted' }, node.id),
            h('span', { class: 'muted' }, ` · ${holders} user${holders === 1 ? '' : 's'}`),
            h(
              'span',
              { class: 'actions' },
              button('Edit', () => ((editing = node.id), ctx.redraw()), 'secondary', { 'aria-label': `Edit role ${node.role.name}` }),
              button('Delete', () => void remove(ctx, node.id), 'danger', { 'aria-label': `Delete role ${node.role.name}` }),
            ),
          ),
          node.children.length ? h('ul', null, node.children.map(item)) : null,
        );
      };
      return [
        h('section', { class: 'card', 'aria-labelledby': 'role-tree-h' }, h('h2', { id: 'role-tree-h' }, 'Role hierarchy'), tree.length ? h('ul', { class: 'tree', 'aria-label': 'Role hierarchy' }, tree.map(item)) : h('p', { class: 'muted' }, 'No roles yet.')),
        editor(ctx, editing, () => ((editing = null), ctx.redraw())),
      ];
    },
  });
}

function editor(ctx: SettingsContext, editing: string | null, done: () => void): HTMLElement {
  const { roles } = ctx.settings;
  const current = editing ? roles[editing] : undefined;
  const choices = parentChoices(roles, editing)
    .map((id) => ({ value: id, label: roles[id]!.name }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const name = textField({ name: 'name', label: 'Role name', required: true, maxlength: 100 }, current?.name ?? '');
  const id = textField({ name: 'roleId', label: 'Id', required: true, maxlength: 63, hint: 'Lower-case letters, digits and dashes; cannot be changed later.' });
  let idEdited = false;
  name.control.addEventListener('input', () => {
    if (!idEdited && !editing) (id.control as HTMLInputElement).value = freeId(name.value(), Object.keys(roles));
  });
  id.control.addEventListener('input', () => (idEdited = true));
  const parent = selectField({ name: 'parentId', label: 'Reports to', hint: 'The role above this one; it sees this role’s records.' }, [{ value: '', label: '(top level)' }, ...choices], current?.parentId ?? '');
  const fields = editing ? [name, parent] : [name, id, parent];
  const handle: FormHandle = form(fields, {
    label: editing ? `Edit role ${current?.name ?? editing}` : 'Add a role',
    submitLabel: editing ? 'Save role' : 'Add role',
    onCancel: editing ? done : undefined,
    validate: () => {
      const problems = new Map<string, string[]>();
      if (!name.value().trim()) problems.set('name', ['is required']);
      if (!editing) {
        const roleId = id.value().trim();
        if (!SLUG.test(roleId)) problems.set('roleId', ['must be lower-case letters, digits and dashes']);
        else if (roles[roleId]) problems.set('roleId', ['is taken by another role']);
      }
      return problems.size ? problems : null;
    },
    onSubmit: async () => {
      const roleId = editing ?? id.value().trim();
      const role = { name: name.value().trim(), parentId: parent.value() || null };
      await ctx.save((draft) => (draft.roles[roleId] = role), editing ? `Role ${role.name} saved.` : `Role ${role.name} added.`);
    },
  });
  return h('section', { class: 'card', 'aria-labelledby': 'role-edit-h' }, h('h2', { id: 'role-edit-h' }, editing ? `Edit role ${current?.name ?? editing}` : 'Add a role'), handle.el);
}

async function remove(ctx: SettingsContext, roleId: string): Promise<void> {
  const { roles, sharingRules } = ctx.settings;
  const role = roles[roleId];
  if (!role) return;
  const rules = rulesUsing(sharingRules, 'role', roleId);
  if (rules.length) return ctx.refuse(`The sharing rule${rules.length === 1 ? '' : 's'} ${rules.map((r) => r.ruleId).join(', ')} use${rules.length === 1 ? 's' : ''} the role ${role.name}. Delete or change ${rules.length === 1 ? 'it' : 'them'} first (Sharing rules).`);
  const holders = usersHolding(ctx.users, 'role', roleId);
  if (holders) return ctx.refuse(`${holders} user${holders === 1 ? ' holds' : 's hold'} the role ${role.name}. Give them another role first (Users).`);
  const below = descendants(roles, roleId).filter((id) => roles[id]?.parentId === roleId);
  const moved = below.length ? ` The role${below.length === 1 ? '' : 's'} under it (${below.map((id) => roles[id]!.name).join(', ')}) move${below.length === 1 ? 's' : ''} up to ${role.parentId ? roles[role.parentId]?.name : 'the top level'}.` : '';
  if (!(await confirmDialog(`Delete the role ${role.name}?${moved}`, 'Delete'))) return;
  await ctx.save((draft) => (draft.roles = removeRole(draft.roles, roleId)), `Role ${role.name} deleted.`);
}
