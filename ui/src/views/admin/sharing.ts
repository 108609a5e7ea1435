import { RECORD_TYPES, SLUG, type RecordType } from '../../access';
import { button, confirmDialog, form, selectField, table, textField, type Field, type FormHandle } from '../../components';
import { h } from '../../dom';
import { freeId, ORG_DEFAULTS, type OrgDefault, type Principal, type SharingRule } from '../../security';
import { TYPE_LABELS } from './profiles';
import { settingsPage, type SettingsContext } from './settings-page';

/** Org-wide defaults: the baseline access to each record type before roles and sharing rules open more. */
export function orgDefaultsView(root: HTMLElement): Promise<void> {
  return settingsPage(root, {
    page: 'org-defaults',
    title: 'Org-wide defaults',
    intro: 'The baseline for each record type. With Private, a record is seen by its owner, the roles above the owner, and whoever sharing rules name.',
    render: (ctx) => {
      const selects = RECORD_TYPES.map((type) =>
        selectField(
          { name: type, label: TYPE_LABELS[type][1], hint: 'Private: owner, the roles above, sharing rules. Public read only: everyone reads. Public read/write: everyone reads and edits.' },
          ORG_DEFAULTS.map((o) => ({ value: o.value, label: o.label })),
          ctx.settings.orgDefaults[type] ?? 'private',
        ),
      );
      selects.forEach((s, i) => (s.control.dataset.path = `orgDefaults.${RECORD_TYPES[i]}`));
      const handle = form(selects, {
        label: 'Org-wide defaults',
        submitLabel: 'Save defaults',
        onSubmit: async () => {
          await ctx.save((draft) => {
            for (const [i, type] of RECORD_TYPES.entries()) draft.orgDefaults[type] = selects[i]!.value() as OrgDefault;
          }, 'Org-wide defaults saved. Access to existing records is being updated.');
        },
      });
      return h('section', { class: 'card' }, handle.el);
    },
  });
}

const principalLabel = (ctx: SettingsContext, p: Principal) =>
  `${p.kind === 'role' ? 'Role' : 'Group'}: ${(p.kind === 'role' ? ctx.settings.roles[p.id]?.name : ctx.settings.groups[p.id]?.name) ?? `${p.id} (missing)`}`;

/** Sharing rules: records owned by one role or group are opened to another, read-only or to edit. */
export function sharingView(root: HTMLElement): Promise<void> {
  let editing: number | null = null;
  return settingsPage(root, {
    page: 'sharing',
    title: 'Sharing rules',
    intro: 'A sharing rule opens records owned by a role (and the roles below it) or a group to another role or group, beyond what the org-wide defaults and the role hierarchy give.',
    render: (ctx) => {
      const rules = ctx.settings.sharingRules;
      return [
        rules.length
          ? table(
              'Sharing rules',
              [
                { label: 'Rule', cell: (r: SharingRule) => h('code', null, r.ruleId) },
                { label: 'Records', cell: (r) => TYPE_LABELS[r.recordType]?.[1] ?? r.recordType },
                { label: 'Owned by', cell: (r) => principalLabel(ctx, r.from) },
                { label: 'Shared with', cell: (r) => principalLabel(ctx, r.to) },
                { label: 'Access', cell: (r) => (r.access === 'edit' ? 'Read and edit' : 'Read only') },
                {
                  label: 'Actions',
                  cell: (r) => {
                    const index = rules.indexOf(r);
                    return h(
                      'span',
                      { class: 'actions' },
                      button('Edit', () => ((editing = index), ctx.redraw()), 'secondary', { 'aria-label': `Edit rule ${r.ruleId}` }),
                      button(
                        'Delete',
                        async () => {
                          if (!(await confirmDialog(`Delete the sharing rule ${r.ruleId}?`, 'Delete'))) return;
                          await ctx.save((draft) => (draft.sharingRules = draft.sharingRules.filter((x) => x.ruleId !== r.ruleId)), `Rule ${r.ruleId} deleted.`);
                        },
                        'danger',
                        { 'aria-label': `Delete rule ${r.ruleId}` },
                      ),
                    );
                  },
                },
              ],
              rules,
            ).el
          : h('p', { class: 'muted' }, 'No sharing rules: access follows the org-wide defaults and the role hierarchy.'),
        editor(ctx, editing, () => ((editing = null), ctx.redraw())),
      ];
    },
  });
}

function principalFields(ctx: SettingsContext, end: 'from' | 'to', label: string, initial?: Principal): { kind: Field; id: Field & { control: HTMLSelectElement }; value(): Principal } {
  const kind = selectField({ name: `${end}Kind`, label: `${label}: a role or a group` }, [{ value: 'role', label: 'Role' }, { value: 'group', label: 'Group' }], initial?.kind ?? 'role');
  const id = selectField({ name: `${end}Id`, label }, [], '') as Field & { control: HTMLSelectElement };
  const fillIds = (selected?: string) => {
    const source = kind.value() === 'role' ? ctx.settings.roles : ctx.settings.groups;
    id.control.replaceChildren(
      ...Object.entries(source)
        .sort(([, a], [, b]) => a.name.localeCompare(b.name))
        .map(([value, item]) => h('option', { value, selected: value === selected }, item.name)),
    );
  };
  fillIds(initial?.id);
  kind.control.addEventListener('change', () => fillIds());
  return { kind, id, value: () => ({ kind: kind.value() as Principal['kind'], id: id.value() }) };
}

function editor(ctx: SettingsContext, editing: number | null, done: () => void): HTMLElement {
  const current = editing === null ? undefined : ctx.settings.sharingRules[editing];
  const recordType = selectField({ name: 'recordType', label: 'Records' }, RECORD_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t][1] })), current?.recordType ?? 'account');
  const from = principalFields(ctx, 'from', 'Owned by', current?.from);
  const to = principalFields(ctx, 'to', 'Shared with', current?.to);
  const access = selectField({ name: 'access', label: 'Access' }, [{ value: 'read', label: 'Read only' }, { value: 'edit', label: 'Read and edit' }], current?.access ?? 'read');
  const ruleId = textField({ name: 'ruleId', label: 'Rule id', maxlength: 63, hint: 'Left empty, one is made from the rule.' }, current?.ruleId ?? '');
  if (current) ruleId.control.disabled = true;
  const fields = [recordType, from.kind, from.id, to.kind, to.id, access, ruleId];
  const handle: FormHandle = form(fields, {
    label: current ? `Edit rule ${current.ruleId}` : 'Add a sharing rule',
    submitLabel: current ? 'Save rule' : 'Add rule',
    onCancel: current ? done : undefined,
    validate: () => {
      const problems = new Map<string, string[]>();
      if (!from.id.value()) problems.set('fromId', ['Choose whose records are shared (add a role or group first).']);
      if (!to.id.value()) problems.set('toId', ['Choose who they are shared with.']);
      const id = ruleId.value().trim();
      if (id && !SLUG.test(id)) problems.set('ruleId', ['must be lower-case letters, digits and dashes']);
      else if (!current && id && ctx.settings.sharingRules.some((r) => r.ruleId === id)) problems.set('ruleId', ['is taken by another rule']);
      return problems.size ? problems : null;
    },
    onSubmit: async () => {
      const type = recordType.value() as RecordType;
      const rule: SharingRule = {
        ruleId: current?.ruleId ?? (ruleId.value().trim() || freeId(`${type}-${from.value().id}-to-${to.value().id}`, ctx.settings.sharingRules.map((r) => r.ruleId))),
        recordType: type,
        from: from.value(),
        to: to.value(),
        access: access.value() as SharingRule['access'],
      };
      await ctx.save((draft) => {
        const at = draft.sharingRules.findIndex((r) => r.ruleId === rule.ruleId);
        if (at >= 0) draft.sharingRules[at] = rule;
        else draft.sharingRules.push(rule);
      }, current ? `Rule ${rule.ruleId} saved.` : `Rule ${rule.ruleId} added.`);
    },
  });
  return h('section', { class: 'card', 'aria-labelledby': 'rule-edit-h' }, h('h2', { id: 'rule-edit-h' }, current ? `Edit rule ${current.ruleId}` : 'Add a sharing rule'), handle.el);
}
