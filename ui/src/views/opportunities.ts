/** Opportunities (deals): list, new form and detail with stage history, contacts and roles, activities and History. */
import { can } from '../access';
import { api } from '../api';
import { activitiesSection } from '../activities';
import { banner, button, linkButton, problemOf, row, selectField, setFlash, table, textField, visibleField, type Column, type Field, type FieldSpec } from '../components';
import { customFields, customLabels, customSection, type CustomFieldDefinition } from '../custom-fields';
import { fill, h, uid, type Child } from '../dom';
import { checkFields, dateField, entriesOf, moneyFields, numberField, sendable, tagsField, type TypedField } from '../inputs';
import { formatMoney } from '../money';
import { personTag } from '../people';
import { accountPicker, combobox, ownerPicker } from '../picker';
import { createPayload, patchPayload } from '../record-body';
import { href } from '../router';
import { customDefinitions, findPipeline, loadPipelines, recordLink, recordName, rememberName, stageLabel } from '../sales-data';
import { state } from '../state';
import { tagLinks, tagOptions } from '../tags';
import { timelineSection } from '../timeline';
import { contactName, formatDate, formatDay, formatDuration, queryString } from '../values';
import { listView } from './list';
import { createView, recordView } from './record-page';
import type { Account, Contact, Opportunity, PipelineSettings, StageChange, StageKind } from './records';

export const opportunityHref = (id: string) => href(`/opportunities/${encodeURIComponent(id)}`);
export const KIND_LABELS: Record<StageKind, string> = { open: 'Open', won: 'Won', lost: 'Lost' };
export const CONTACT_ROLES = ['Decision maker', 'Economic buyer', 'Champion', 'Influencer', 'Technical evaluator', 'User', 'Primary'];

export const opportunityLabels: Record<string, string> = {
  name: 'Name',
  accountId: 'Account',
  amount: 'Amount',
  currency: 'Currency',
  closeDate: 'Close date',
  pipelineId: 'Pipeline',
  stage: 'Stage',
  status: 'Status',
  probability: 'Probability (%)',
  lostReason: 'Lost reason',
  contacts: 'Contacts',
  stageEnteredAt: 'In this stage since',
  leadId: 'Converted from lead',
  ownerId: 'Owner',
  tags: 'Tags',
  custom: 'Custom fields',
};

/** The pipeline and stage selects; the stages follow the pipeline chosen. */
export function pipelineStageFields(settings: PipelineSettings, pipelineId?: string, stageId?: string, names = { pipeline: 'pipelineId', stage: 'stage' }): [TypedField, TypedField] {
  const initial = findPipeline(settings, pipelineId) ?? settings.pipelines[0]!;
  const pipeline: TypedField = selectField({ name: names.pipeline, label: 'Pipeline' }, settings.pipelines.map((p) => ({ value: p.pipelineId, label: p.name })), initial.pipelineId);
  const stage: TypedField = selectField({ name: names.stage, label: 'Stage' }, [], '');
  const fillStages = (selected?: string) => {
    const p = findPipeline(settings, pipeline.value()) ?? initial;
    fill(stage.control, p.stages.map((s) => h('option', { value: s.stageId, selected: s.stageId === selected }, `${s.name} (${s.probability}%${s.kind !== 'open' ? `, ${KIND_LABELS[s.kind].toLowerCase()}` : ''})`)));
  };
  fillStages(stageId);
  pipeline.control.addEventListener('change', () => {
    fillStages();
    stage.control.dispatchEvent(new Event('change'));
  });
  return [pipeline, stage];
}

const kindOf = (settings: PipelineSettings, pipelineId: string, stageId: string): StageKind | undefined => findPipeline(settings, pipelineId)?.stages.find((s) => s.stageId === stageId)?.kind;

function fields(settings: PipelineSettings, defs: CustomFieldDefinition[], record?: Partial<Opportunity>, account?: { accountId: string; name: string }): TypedField[] {
  const name: TypedField = textField({ name: 'name', label: 'Name', required: true, maxlength: 200 } satisfies FieldSpec, record?.name ?? '');
  const picker = accountPicker(account);
  // Opened before the account's name arrived: it is filled in when known.
  if (account && account.name === account.accountId)
    void recordName('account', account.accountId).then((name) => name && picker.selected()?.id === account.accountId && picker.set({ id: account.accountId, label: name }));
  const [amount, currency] = moneyFields({ amountName: 'amount', currencyName: 'currency', label: 'Amount', required: true }, { amount: record?.amount, currency: record?.currency });
  const closeDate = dateField({ name: 'closeDate', label: 'Close date', required: true }, record?.closeDate);
  const [pipeline, stage] = pipelineStageFields(settings, record?.pipelineId, record?.stage);
  const probability = numberField({ name: 'probability', label: 'Probability (%)', integer: true, min: 0, max: 100, hint: 'Leave empty for the stage’s own' }, record?.probability);
  const lostReason: TypedField = textField({ name: 'lostReason', label: 'Lost reason', maxlength: 500, hint: 'Why the deal was lost' }, record?.lostReason ?? '');
  // A lost reason belongs to a lost stage only.
  const syncLost = () => {
    lostReason.wrap.hidden = kindOf(settings, pipeline.value(), stage.value()) !== 'lost';
  };
  lostReason.read = () => (lostReason.wrap.hidden ? undefined : lostReason.value().trim() || undefined);
  stage.control.addEventListener('change', syncLost);
  syncLost();
  return [name, picker, amount, currency, closeDate, pipeline, stage, probability, lostReason, ownerPicker(record?.ownerId), tagsField(record?.tags), ...customFields(defs, record?.custom, !record)];
}

export function opportunitiesList(root: HTMLElement, query: URLSearchParams): void {
  let settings: PipelineSettings | null = null;
  void loadPipelines().then((doc) => (settings = doc.settings), () => {});
  const columns: Column<Opportunity>[] = [
    { label: 'Name', cell: (o) => h('a', { href: opportunityHref(o.opportunityId) }, o.name) },
    { label: 'Account', cell: (o) => recordLink('account', o.accountId) },
    { label: 'Amount', cell: (o) => (o.amount === undefined ? '' : formatMoney(o.amount, o.currency)), field: 'amount' },
    { label: 'Stage', cell: (o) => [stageLabel(settings, o.pipelineId, o.stage), o.status !== 'open' ? [' ', h('span', { class: `badge kind-${o.status}` }, KIND_LABELS[o.status])] : null] },
    { label: 'Close date', cell: (o) => formatDay(o.closeDate), field: 'closeDate' },
    { label: 'Owner', cell: (o) => personTag(o.ownerId) },
  ];
  listView(
    root,
    {
      entity: 'opportunities',
      type: 'opportunity',
      title: 'Opportunities',
      singular: 'opportunity',
      plural: 'opportunities',
      newLabel: 'New opportunity',
      columns,
      exportable: false,
      searchBy: [{ param: 'q', label: 'Name' }],
      filters: [
        { param: 'status', label: 'Status', kind: 'select', any: 'Any status', options: (['open', 'won', 'lost'] as const).map((s) => ({ value: s, label: KIND_LABELS[s] })) },
        { param: 'ownerId', label: 'Owner', kind: 'owner' },
        { param: 'tag', label: 'Tag', kind: 'select', any: 'Any tag', options: () => tagOptions('opportunity') },
      ],
    },
    query,
  );
}

async function accountOf(accountId: string): Promise<{ accountId: string; name: string } | undefined> {
  try {
    const account = await api<Account>('GET', `/accounts/${encodeURIComponent(accountId)}`);
    rememberName('account', account.accountId, account.name);
    return { accountId: account.accountId, name: account.name };
  } catch {
    return undefined;
  }
}

export async function opportunityNew(root: HTMLElement, accountId?: string): Promise<void> {
  const errors = banner();
  let settings: PipelineSettings;
  let defs: CustomFieldDefinition[];
  let account: { accountId: string; name: string } | undefined;
  try {
    [settings, defs, account] = await Promise.all([loadPipelines().then((d) => d.settings), customDefinitions('opportunity'), accountId ? accountOf(accountId) : Promise.resolve(undefined)]);
  } catch (error) {
    fill(root, h('h1', { tabindex: -1 }, 'New opportunity'), errors.el);
    return errors.show(problemOf(error));
  }
  const fs = fields(settings, defs, undefined, account);
  createView(root, {
    kind: 'Opportunity',
    type: 'opportunity',
    path: '/opportunities',
    cancelHref: account ? href(`/accounts/${encodeURIComponent(account.accountId)}`) : href('/opportunities'),
    fields: fs,
    validate: () => checkFields(fs),
    body: () => createPayload(entriesOf(fs.filter(sendable))),
    hrefOf: (created) => opportunityHref((created as Opportunity).opportunityId),
  });
  fs[0]?.control.focus();
}

function stageHistorySection(o: Opportunity, settings: PipelineSettings): HTMLElement {
  const headingId = uid('stages');
  const errors = banner();
  const status = h('p', { class: 'status', role: 'status' }, 'Loading the stage history…');
  const results = h('div');
  const name = (stageId: string | null) => (stageId ? stageLabel(settings, o.pipelineId, stageId) : '—');
  void api<{ items: StageChange[] }>('GET', `/opportunities/${encodeURIComponent(o.opportunityId)}/stages`).then(
    ({ items }) => {
      status.textContent = items.length ? '' : 'No stage changes recorded.';
      const columns: Column<StageChange>[] = [
        { label: 'Stage', cell: (c) => name(c.to) },
        { label: 'From', cell: (c) => (c.from ? name(c.from) : h('span', { class: 'muted' }, 'opened')) },
        { label: 'Entered', cell: (c) => h('time', { datetime: c.at }, formatDate(c.at)) },
        { label: 'By', cell: (c) => personTag(c.by) },
        { label: 'Time in stage', cell: (c) => (c.durationMs === undefined ? '' : formatDuration(c.durationMs)) },
      ];
      // Newest first, like History; the current stage's time runs until now.
      fill(results, items.length ? table('Stage history', columns, [...items].reverse()).el : null);
    },
    (error) => {
      status.textContent = '';
      errors.show(problemOf(error));
    },
  );
  return h('section', { class: 'card', 'aria-labelledby': headingId }, h('h2', { id: headingId }, 'Stage history'), errors.el, status, results);
}

function contactsSection(o: Opportunity, reload: (message: string) => void): HTMLElement {
  const headingId = uid('deal-contacts');
  const errors = banner();
  const list = o.contacts ?? [];
  const mayEdit = can(state.me, 'opportunity', 'update') && visibleField('opportunity', 'contacts');
  const save = async (contacts: { contactId: string; role?: string }[], done: string) => {
    errors.clear();
    try {
      await api<Opportunity>('PATCH', `/opportunities/${encodeURIComponent(o.opportunityId)}`, { contacts, version: o.version });
      reload(done);
    } catch (error) {
      const problem = problemOf(error);
      errors.show(problem.status === 409 ? 'Someone else changed this opportunity after you opened it. Nothing was saved.' : problem, problem.status === 409 ? button('Reload', () => reload(''), 'primary') : null);
    }
  };
  const columns: Column<{ contactId: string; role?: string }>[] = [
    { label: 'Contact', cell: (c) => recordLink('contact', c.contactId, c.contactId) },
    { label: 'Role', cell: (c) => c.role ?? '' },
    ...(mayEdit
      ? [
          {
            label: 'Actions',
            cell: (c: { contactId: string; role?: string }) =>
              button('Remove', () => void save(list.filter((x) => x.contactId !== c.contactId), 'Contact removed from the opportunity.'), 'secondary', { 'aria-label': `Remove contact ${c.contactId} from the opportunity` }),
          },
        ]
      : []),
  ];

  let addForm: Child = null;
  if (mayEdit) {
    const contact = combobox({
      name: 'contactId',
      label: 'Contact',
      hint: 'Type the start of the last name, then pick from the list.',
      required: true,
      noun: ['contact', 'contacts'],
      empty: 'No contact starts with that',
      search: async (text) =>
        (await api<{ items: Contact[] }>('GET', `/contacts${queryString({ q: text, limit: 8 })}`)).items.map((c) => ({ id: c.contactId, label: contactName(c), detail: c.email })),
    });
    const roleId = uid('role');
    const role: Field = textField({ name: 'role', label: 'Role', maxlength: 60, hint: 'e.g. decision maker, champion, influencer' });
    role.control.setAttribute('list', roleId);
    const submit = h('button', { type: 'submit', class: 'btn btn-secondary' }, 'Add contact');
    addForm = h(
      'form',
      {
        class: 'form inline-fields',
        'aria-label': 'Add a contact to the opportunity',
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          const id = contact.value();
          if (!id) return errors.show('Choose the contact from the list first.');
          if (list.some((c) => c.contactId === id)) return errors.show('That contact is already on the opportunity.');
          const r = role.value().trim();
          void save([...list, { contactId: id, ...(r ? { role: r } : {}) }], 'Contact added to the opportunity.');
        },
      },
      h('div', { class: 'fields' }, contact.wrap, role.wrap),
      h('datalist', { id: roleId }, CONTACT_ROLES.map((r) => h('option', { value: r }))),
      h('div', { class: 'actions' }, submit),
    );
  }
  return h(
    'section',
    { class: 'card', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, `Contacts and roles (${list.length})`),
    errors.el,
    list.length ? table('Contacts and their roles', columns, list).el : h('p', { class: 'muted' }, 'No contacts on this opportunity yet.'),
    addForm,
  );
}

export async function opportunityDetail(root: HTMLElement, id: string): Promise<void> {
  let settings: PipelineSettings;
  let defs: CustomFieldDefinition[];
  try {
    [settings, defs] = await Promise.all([loadPipelines().then((d) => d.settings), customDefinitions('opportunity')]);
  } catch {
    settings = { pipelines: [], defaultPipelineId: '' };
    defs = [];
  }
  const reload = (message: string) => {
    if (message) setFlash(message);
    void opportunityDetail(root, id);
  };
  let account: { accountId: string; name: string } | undefined;
  return recordView<Opportunity>(root, {
    kind: 'Opportunity',
    type: 'opportunity',
    labels: { ...opportunityLabels, ...customLabels(defs) },
    path: `/opportunities/${encodeURIComponent(id)}`,
    listHref: href('/opportunities'),
    title: (o) => o.name,
    details: (o) => {
      const show = (field: string) => visibleField('opportunity', field);
      const pipeline = findPipeline(settings, o.pipelineId);
      const accountCell = recordLink('account', o.accountId);
      if (account?.accountId !== o.accountId) void accountOf(o.accountId).then((a) => (account = a));
      return h(
        'dl',
        { class: 'details' },
        row('Account', accountCell),
        show('amount') && row('Amount', o.amount === undefined ? null : formatMoney(o.amount, o.currency)),
        show('closeDate') && row('Close date', formatDay(o.closeDate)),
        row('Pipeline', pipeline ? h('a', { href: href(`/pipeline/${encodeURIComponent(o.pipelineId)}`) }, pipeline.name) : o.pipelineId),
        row('Stage', [stageLabel(settings, o.pipelineId, o.stage), ' ', h('span', { class: `badge kind-${o.status}` }, KIND_LABELS[o.status] ?? o.status)]),
        row('In this stage since', formatDate(o.stageEnteredAt)),
        show('probability') && row('Probability', o.probability === undefined ? null : `${o.probability}%`),
        show('lostReason') && (o.status === 'lost' || o.lostReason) && row('Lost reason', o.lostReason),
        row('Tags', tagLinks('/opportunities', o.tags)),
        o.leadId ? row('Converted from', recordLink('lead', o.leadId, 'a lead')) : null,
      );
    },
    fields: (o) => fields(settings, defs, o, account?.accountId === o.accountId ? account : { accountId: o.accountId, name: o.accountId }),
    validate: (fs) => checkFields(fs),
    body: (o, fs) => patchPayload(o as unknown as Record<string, unknown>, entriesOf(fs), o.version),
    actions: (o) => [linkButton('Open the board', href(`/pipeline/${encodeURIComponent(o.pipelineId)}`))],
    extra: (o) => [
      customSection(defs, o.custom, (f) => visibleField('opportunity', f)),
      stageHistorySection(o, settings),
      contactsSection(o, reload),
      can(state.me, 'activity', 'read') ? activitiesSection({ type: 'opportunity', id: o.opportunityId, name: o.name }) : null,
      timelineSection(`/opportunities/${encodeURIComponent(o.opportunityId)}/timeline`),
    ],
  });
}
