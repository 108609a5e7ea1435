/**
 * The convert wizard: a lead becomes a contact (new, or an existing one with its email),
 * an account (a matching one, another existing one, or new) and optionally an
 * opportunity, in one request; the result links to each.
 */
import { api } from '../api';
import { banner, button, form, linkButton, pageHeader, problemOf, radioGroup, textField, type Field, type FormHandle } from '../components';
import { fill, h } from '../dom';
import { checkboxField, checkFields, dateField, moneyFields, type TypedField } from '../inputs';
import { formatMoney } from '../money';
import { accountPicker, ownerPicker } from '../picker';
import { href } from '../router';
import { findPipeline, loadPipelines, rememberName } from '../sales-data';
import { contactName, isoDay } from '../values';
import { leadHref } from './leads';
import { opportunityHref, pipelineStageFields } from './opportunities';
import type { Account, Contact, Lead, Opportunity, PipelineSettings } from './records';

interface Candidates {
  accounts: Account[];
  contacts: Contact[];
}
interface ConversionResult {
  lead: Lead;
  account: Account;
  contact: Contact;
  opportunity?: Opportunity;
}

export async function convertView(root: HTMLElement, id: string): Promise<void> {
  const errors = banner();
  errors.el.tabIndex = -1;
  const path = `/leads/${encodeURIComponent(id)}`;
  fill(root, pageHeader('Convert lead'), h('p', { class: 'status', role: 'status' }, 'Loading…'));
  let lead: Lead;
  let candidates: Candidates;
  let settings: PipelineSettings;
  try {
    [lead, candidates, settings] = await Promise.all([api<Lead>('GET', path), api<Candidates>('GET', `${path}/convert`), loadPipelines().then((d) => d.settings)]);
  } catch (error) {
    fill(root, pageHeader('Convert lead'), errors.el, h('p', null, h('a', { href: leadHref(id) }, 'Back to the lead')));
    errors.show(problemOf(error));
    return;
  }
  const name = contactName(lead);
  if (lead.status === 'converted') {
    fill(root, pageHeader(`Convert ${name}`), h('p', null, 'This lead is converted already. ', h('a', { href: leadHref(id) }, 'Open the lead'), ' to see what it became.'));
    return;
  }

  // Account: a matching one, another existing one, or a new one (default name: the company).
  const other = accountPicker();
  other.wrap.classList.add('nested');
  const newName = textField({ name: 'account.name', label: 'New account name', maxlength: 200 }, lead.company ?? name);
  newName.wrap.classList.add('nested');
  const accountChoice = radioGroup(
    'account',
    'Account',
    [
      ...candidates.accounts.map((a) => ({ value: `existing:${a.accountId}`, label: `Use the existing account ${a.name}${a.domain ? ` (${a.domain})` : ''}` })),
      { value: 'other', label: 'Another existing account', extra: other.wrap },
      { value: 'new', label: 'Create a new account', extra: newName.wrap },
    ],
    candidates.accounts[0] ? `existing:${candidates.accounts[0].accountId}` : 'new',
  );
  const contactChoice = radioGroup(
    'contactId',
    'Contact',
    [
      ...candidates.contacts.map((c) => ({ value: c.contactId, label: `Use the existing contact ${contactName(c)}${c.email ? ` (${c.email})` : ''}` })),
      { value: '', label: `Create a new contact for ${name}` },
    ],
    candidates.contacts[0]?.contactId ?? '',
  );

  const withDeal = checkboxField({ name: 'withOpportunity', label: 'Also create an opportunity' }, true);
  const dealName: TypedField = textField({ name: 'opportunity.name', label: 'Opportunity name', required: true, maxlength: 200 }, `${lead.company ?? name} deal`);
  const [amount, currency] = moneyFields({ amountName: 'opportunity.amount', currencyName: 'opportunity.currency', label: 'Amount', required: true }, { currency: lead.currency });
  const closeDate = dateField({ name: 'opportunity.closeDate', label: 'Expected close date', required: true }, isoDay(new Date(Date.now() + 30 * 86_400_000)));
  const [pipeline, stage] = pipelineStageFields(settings, settings.defaultPipelineId, undefined, { pipeline: 'opportunity.pipelineId', stage: 'opportunity.stage' });
  const dealFields = [dealName, amount, currency, closeDate, pipeline, stage];
  const syncDeal = () => dealFields.forEach((f) => (f.wrap.hidden = !(withDeal.control as HTMLInputElement).checked));
  withDeal.control.addEventListener('change', syncDeal);
  syncDeal();
  const owner = ownerPicker(lead.ownerId);
  owner.wrap.querySelector('.hint')!.textContent = 'Who owns the new account, contact and opportunity (default: the lead’s owner).';

  const syncAccount = () => {
    const choice = accountChoice.selected();
    other.wrap.hidden = choice !== 'other';
    newName.wrap.hidden = choice !== 'new';
  };
  accountChoice.control.addEventListener('change', syncAccount);
  syncAccount();

  // The picker and the new name live inside the account choice; their errors show with it.
  const fields: Field[] = [accountChoice, contactChoice, owner, withDeal, ...dealFields];
  const handle: FormHandle = form(fields, {
    label: `Convert ${name}`,
    submitLabel: 'Convert lead',
    onCancel: () => (location.hash = leadHref(id)),
    validate: () => {
      const problems = checkFields((withDeal.control as HTMLInputElement).checked ? dealFields : []) ?? new Map<string, string[]>();
      if (accountChoice.selected() === 'other' && !other.value()) problems.set('account', ['Choose the other account from the list.']);
      if ((withDeal.control as HTMLInputElement).checked) {
        if (!dealName.value().trim()) problems.set('opportunity.name', ['is required']);
        if (!amount.value().trim()) problems.set('opportunity.amount', ['is required']);
        if (!closeDate.value()) problems.set('opportunity.closeDate', ['is required']);
      }
      return problems.size ? problems : null;
    },
    onSubmit: async (f) => {
      const choice = accountChoice.selected();
      const account = choice.startsWith('existing:') ? { accountId: choice.slice('existing:'.length) } : choice === 'other' ? { accountId: other.value() } : newName.value().trim() ? { name: newName.value().trim() } : {};
      const body: Record<string, unknown> = { version: lead.version, account };
      if (contactChoice.selected()) body.contactId = contactChoice.selected();
      if (owner.value() && owner.value() !== lead.ownerId) body.ownerId = owner.value();
      if ((withDeal.control as HTMLInputElement).checked) {
        body.opportunity = {
          name: dealName.value().trim(),
          amount: amount.read?.(),
          currency: currency.read?.(),
          closeDate: closeDate.read?.(),
          pipelineId: pipeline.value(),
          stage: stage.value(),
        };
      }
      try {
        const result = await api<ConversionResult>('POST', `${path}/convert`, body);
        showResult(root, result, settings);
      } catch (error) {
        const problem = problemOf(error);
        if (problem.status === 409)
          f.showProblem({ ...problem, title: 'This lead was converted or changed by someone else after you opened it. Nothing was converted.', detail: undefined, errors: undefined }, button('Reload', () => void convertView(root, id), 'primary'));
        else f.showProblem(problem);
      }
    },
  });
  fill(
    root,
    pageHeader(`Convert ${name}`),
    h('p', null, 'Converting turns the lead into a contact at an account, and optionally an opportunity. The lead is kept, marked converted, with links to what it became.'),
    candidates.accounts.length || candidates.contacts.length
      ? h('p', { class: 'muted' }, `Found ${candidates.accounts.length} matching account${candidates.accounts.length === 1 ? '' : 's'} and ${candidates.contacts.length} contact${candidates.contacts.length === 1 ? '' : 's'} with the same email.`)
      : null,
    h('section', { class: 'card' }, handle.el),
  );
}

function showResult(root: HTMLElement, result: ConversionResult, settings: PipelineSettings): void {
  const { account, contact, opportunity } = result;
  rememberName('account', account.accountId, account.name);
  rememberName('contact', contact.contactId, contactName(contact));
  const pipeline = opportunity ? findPipeline(settings, opportunity.pipelineId) : undefined;
  fill(
    root,
    pageHeader(`${contactName(result.lead)} converted`),
    h('p', { class: 'flash', role: 'status', tabindex: -1 }, 'Lead converted.'),
    h(
      'section',
      { class: 'card', 'aria-label': 'What the lead became' },
      h(
        'dl',
        { class: 'details' },
        h('div', null, h('dt', null, 'Account'), h('dd', null, h('a', { href: href(`/accounts/${encodeURIComponent(account.accountId)}`) }, account.name))),
        h('div', null, h('dt', null, 'Contact'), h('dd', null, h('a', { href: href(`/contacts/${encodeURIComponent(contact.contactId)}`) }, contactName(contact)))),
        opportunity
          ? h(
              'div',
              null,
              h('dt', null, 'Opportunity'),
              h('dd', null, h('a', { href: opportunityHref(opportunity.opportunityId) }, opportunity.name), ` — ${formatMoney(opportunity.amount, opportunity.currency)}`, pipeline ? `, ${pipeline.name}` : ''),
            )
          : null,
      ),
    ),
    h(
      'div',
      { class: 'actions' },
      linkButton('Open the lead', leadHref(result.lead.leadId)),
      opportunity ? linkButton('Open the board', href(`/pipeline/${encodeURIComponent(opportunity.pipelineId)}`), 'primary') : null,
    ),
  );
  root.querySelector('h1')?.focus();
}
