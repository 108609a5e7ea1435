import { CUSTOM_FIELD_KEY, RECORD_ACTIONS, RECORD_TYPES, SECURABLE_FIELDS, SLUG, SYSTEM_PRIVILEGES, type FieldAccess, type RecordAction, type RecordType, type SystemPrivilege } from '../../access';
import { button, confirmDialog, linkButton, setFlash, table, takeFlash, textField } from '../../components';
import { h, uid } from '../../dom';
import { href } from '../../router';
import { freeId, slugify, usersHolding, type Profile } from '../../security';
import { accountLabels } from '../accounts';
import { contactLabels } from '../contacts';
import { leadLabels } from '../leads';
import { opportunityLabels } from '../opportunities';
import { settingsPage } from './settings-page';

export const TYPE_LABELS: Record<RecordType, [singular: string, plural: string]> = {
  account: ['Account', 'Accounts'],
  contact: ['Contact', 'Contacts'],
  lead: ['Lead', 'Leads'],
  opportunity: ['Opportunity', 'Opportunities'],
  activity: ['Activity', 'Activities'],
};
const activityLabels: Record<string, string> = { description: 'Description', outcome: 'Outcome', attendees: 'Attendees' };
const FIELD_LABELS: Record<RecordType, Record<string, string>> = { account: accountLabels, contact: contactLabels, lead: leadLabels, opportunity: opportunityLabels, activity: activityLabels };
export const SYSTEM_LABELS: Record<SystemPrivilege, [label: string, hint: string]> = {
  import: ['Import', 'Load records from CSV files'],
  export: ['Export', 'Download records as CSV'],
  sendEmail: ['Send email', 'Email contacts and leads from the CRM'],
  manageWorkflows: ['Manage workflows', 'Create and change automations'],
  administer: ['Administer', 'Manage users and these security settings; sees every record'],
};
const ACTION_LABELS: Record<RecordAction, string> = { read: 'Read', create: 'Create', update: 'Edit', delete: 'Delete' };

export const fieldLabel = (type: RecordType, field: string) =>
  field.startsWith('custom.') ? `Custom: ${field.slice('custom.'.length)}` : (FIELD_LABELS[type][field] ?? field);

export function profilesList(root: HTMLElement): Promise<void> {
  return settingsPage(root, {
    page: 'profiles',
    title: 'Profiles',
    intro: 'A profile says what its users may do: which record types they may read, create, edit and delete, which system privileges they hold, and which fields are hidden or read-only for them.',
    actions: () => [linkButton('New profile', href('/admin/profiles/new'), 'primary')],
    render: ({ settings, users }) => {
      const rows = Object.entries(settings.profiles).sort(([, a], [, b]) => a.name.localeCompare(b.name));
      return [
        takeFlash(),
        table(
          'Profiles',
          [
            { label: 'Profile', cell: ([id, p]: [string, Profile]) => h('a', { href: href(`/admin/profiles/${encodeURIComponent(id)}`) }, p.name) },
            { label: 'Id', cell: ([id]) => h('code', null, id) },
            { label: 'Description', cell: ([, p]) => p.description ?? '' },
            {
              label: 'Records',
              cell: ([, p]) => RECORD_TYPES.map((t) => (p.records[t]?.length ? `${TYPE_LABELS[t][1]}: ${p.records[t]!.map((a) => ACTION_LABELS[a].toLowerCase()).join(', ')}` : null)).filter(Boolean).join('; ') || '—',
            },
            { label: 'System', cell: ([, p]) => p.system.map((s) => SYSTEM_LABELS[s]?.[0] ?? s).join(', ') || '—' },
            { label: 'Users', cell: ([id]) => String(usersHolding(users, 'profile', id)) },
          ],
          rows,
        ).el,
      ];
    },
  });
}

/** The editor of one profile (or a new one): privilege matrix, system privileges, field access. */
export function profileEditor(root: HTMLElement, id: string): Promise<void> {
  const isNew = id === 'new';
  return settingsPage(root, {
    page: 'profiles',
    title: isNew ? 'New profile' : 'Profile',
    intro: 'Changes apply to every user with this profile from their next request.',
    render: (ctx) => {
      const existing = isNew ? undefined : ctx.settings.profiles[id];
      if (!isNew && !existing) return h('p', null, 'There is no profile with this id. ', h('a', { href: href('/admin/profiles') }, 'Back to the profiles'));
      const profile: Profile = existing ? structuredClone(existing) : { name: '', records: {}, system: [], fields: {} };
      const pathOf = (...rest: string[]) => ['profiles', isNew ? '' : id, ...rest].join('.');

      const name = textField({ name: 'name', label: 'Name', required: true, maxlength: 100 }, profile.name);
      name.control.dataset.path = pathOf('name');
      const idField = textField({ name: 'profileId', label: 'Id', required: true, maxlength: 63, hint: 'Lower-case letters, digits and dashes; cannot be changed later.' }, '');
      let idEdited = false;
      if (isNew) {
        name.control.addEventListener('input', () => {
          if (!idEdited) (idField.control as HTMLInputElement).value = freeId(name.value(), Object.keys(ctx.settings.profiles));
        });
        idField.control.addEventListener('input', () => (idEdited = true));
      }
      const description = textField({ name: 'description', label: 'Description', maxlength: 500 }, profile.description ?? '');

      // Record privileges: one checkbox per type × action. Any action implies read.
      const boxes = new Map<string, HTMLInputElement>();
      const matrix = h(
        'table',
        { class: 'table matrix', 'data-path': pathOf('records') },
        h('caption', null, 'Record privileges'),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Record type'), RECORD_ACTIONS.map((a) => h('th', { scope: 'col' }, ACTION_LABELS[a])))),
        h(
          'tbody',
          null,
          RECORD_TYPES.map((type) =>
            h(
              'tr',
              null,
              h('th', { scope: 'row' }, TYPE_LABELS[type][1]),
              RECORD_ACTIONS.map((action) => {
                const box = h('input', { type: 'checkbox', 'aria-label': `${TYPE_LABELS[type][1]}: ${ACTION_LABELS[action]}`, checked: profile.records[type]?.includes(action) });
                boxes.set(`${type}.${action}`, box);
                box.addEventListener('change', () => {
                  if (action !== 'read' && box.checked) boxes.get(`${type}.read`)!.checked = true;
                  if (action === 'read' && !box.checked) for (const a of RECORD_ACTIONS) boxes.get(`${type}.${a}`)!.checked = false;
                });
                return h('td', { 'data-label': ACTION_LABELS[action] }, box);
              }),
            ),
          ),
        ),
      );

      const systemBoxes = SYSTEM_PRIVILEGES.map((p) => {
        const box = h('input', { type: 'checkbox', value: p, checked: profile.system.includes(p) });
        return { p, box, label: h('label', { class: 'check' }, box, ` ${SYSTEM_LABELS[p][0]}`, h('span', { class: 'muted' }, ` — ${SYSTEM_LABELS[p][1]}`)) };
      });
      const system = h('fieldset', { class: 'checks', 'data-path': pathOf('system') }, h('legend', null, 'System privileges'), systemBoxes.map((s) => s.label));

      // Field access per type: read-write (not listed), read-only or hidden.
      const fieldSelects = new Map<string, HTMLSelectElement>();
      const fieldTables = RECORD_TYPES.map((type) => {
        const rows = h('tbody');
        const addRow = (field: string, access: FieldAccess) => {
          const select = h(
            'select',
            { 'aria-label': `${TYPE_LABELS[type][0]} ${fieldLabel(type, field)}: access`, 'data-path': pathOf('fields', type, field) },
            (['read-write', 'read-only', 'hidden'] as const).map((v) => h('option', { value: v, selected: v === access }, v === 'read-write' ? 'Read and write' : v === 'read-only' ? 'Read only' : 'Hidden')),
          );
          fieldSelects.set(`${type}|${field}`, select);
          rows.appendChild(h('tr', null, h('th', { scope: 'row' }, fieldLabel(type, field)), h('td', { 'data-label': 'Access' }, select)));
        };
        const rules = profile.fields[type] ?? {};
        for (const field of SECURABLE_FIELDS[type]) addRow(field, rules[field] ?? 'read-write');
        for (const [field, access] of Object.entries(rules)) if (field.startsWith('custom.')) addRow(field, access);
        const customId = uid('custom');
        const custom = h('input', { id: customId, type: 'text', placeholder: 'fieldKey', maxlength: 64, class: 'inline' });
        const addCustom = button('Add custom field', () => {
          const key = custom.value.trim();
          if (!CUSTOM_FIELD_KEY.test(key)) return ctx.refuse('A custom field key starts with a letter and has only letters, digits and underscores.');
          if (fieldSelects.has(`${type}|custom.${key}`)) return ctx.refuse(`custom.${key} is already listed.`);
          ctx.errors.clear();
          addRow(`custom.${key}`, 'read-only');
          custom.value = '';
        });
        return h(
          'div',
          { class: 'field-access' },
          h('table', { class: 'table' }, h('caption', null, `${TYPE_LABELS[type][1]}: field access`), h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Access'))), rows),
          h('div', { class: 'inline-form' }, h('label', { for: customId }, `Custom ${TYPE_LABELS[type][0].toLowerCase()} field`), custom, addCustom),
        );
      });

      const read = (): Profile => {
        const records: Profile['records'] = {};
        for (const type of RECORD_TYPES) {
          const actions = RECORD_ACTIONS.filter((a) => boxes.get(`${type}.${a}`)!.checked);
          if (actions.length) records[type] = actions;
        }
        const fields: Profile['fields'] = {};
        for (const [key, select] of fieldSelects) {
          const [type, field] = key.split('|') as [RecordType, string];
          if (select.value === 'read-write') continue;
          (fields[type] ??= {})[field] = select.value as 'hidden' | 'read-only';
        }
        const desc = description.value().trim();
        return { name: name.value().trim(), ...(desc ? { description: desc } : {}), records, system: systemBoxes.filter((s) => s.box.checked).map((s) => s.p), fields };
      };

      const onSave = async (event: Event) => {
        event.preventDefault();
        const next = read();
        const profileId = isNew ? idField.value().trim() : id;
        if (!next.name) return ctx.refuse('Give the profile a name.');
        if (isNew && !SLUG.test(profileId)) return ctx.refuse(`The id must be lower-case letters, digits and dashes (for example ${slugify(next.name) || 'sales-ops'}).`);
        if (isNew && ctx.settings.profiles[profileId]) return ctx.refuse(`There already is a profile with the id ${profileId}.`);
        const holders = usersHolding(ctx.users, 'profile', id);
        if (!isNew && existing?.system.includes('administer') && !next.system.includes('administer') && holders > 0) {
          if (!(await confirmDialog(`Remove the administer privilege from ${next.name}? Its ${holders} user${holders === 1 ? '' : 's'} lose access to administration at once.`, 'Remove it'))) return;
        }
        const saved = await ctx.save((draft) => (draft.profiles[profileId] = next), `Profile ${next.name} saved.`);
        if (saved && isNew) {
          setFlash(`Profile ${next.name} created.`);
          location.hash = href(`/admin/profiles/${encodeURIComponent(profileId)}`);
        }
      };

      const onDelete = async () => {
        const holders = usersHolding(ctx.users, 'profile', id);
        if (holders > 0) return ctx.refuse(`${holders} user${holders === 1 ? ' has' : 's have'} this profile. Give them another profile first (Users).`);
        if (!(await confirmDialog(`Delete the profile ${profile.name}?`, 'Delete'))) return;
        const saved = await ctx.save((draft) => delete draft.profiles[id], `Profile ${profile.name} deleted.`);
        if (saved) {
          setFlash(`Profile ${profile.name} deleted.`);
          location.hash = href('/admin/profiles');
        }
      };

      return h(
        'form',
        { class: 'form card', novalidate: true, 'aria-label': isNew ? 'New profile' : `Profile ${profile.name}`, onsubmit: onSave },
        !isNew ? h('h2', null, profile.name, ' ', h('code', { class: 'muted' }, id)) : null,
        takeFlash(),
        h('div', { class: 'fields' }, name.wrap, isNew ? idField.wrap : null, description.wrap),
        matrix,
        system,
        h('h3', null, 'Field access'),
        h('p', { class: 'hint' }, 'Hidden fields are left out of everything these users get (records, lists, exports, history); read-only ones cannot be changed by them.'),
        h('div', { class: 'field-access-grid' }, fieldTables),
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'submit', class: 'btn btn-primary' }, isNew ? 'Create profile' : 'Save profile'),
          linkButton('Back to profiles', href('/admin/profiles')),
          !isNew ? button('Delete profile', () => void onDelete(), 'danger') : null,
        ),
      );
    },
  });
}
