import { api } from './api';
import { debounce, fill, h, uid } from './dom';
import { fieldWrap, type Field } from './components';
import { searchOwners, personName, type OwnerOption } from './people';
import { state } from './state';
import { queryString } from './values';

export interface ComboOption {
  id: string;
  label: string;
  /** Shown after the label, e.g. a user's email. */
  detail?: string;
}

export interface ComboSpec {
  name: string;
  label: string;
  hint: string;
  required?: boolean;
  initial?: ComboOption | null;
  /** Announced with the count: "3 accounts found". */
  noun: [singular: string, plural: string];
  empty: string;
  search(text: string): Promise<ComboOption[]>;
}

export type Combo = Field & { selected(): ComboOption | null; set(option: ComboOption | null): void };

/**
 * A combobox (WAI-ARIA combobox + listbox pattern): type the start of a name, pick with
 * arrows + Enter or the mouse; ArrowDown on an empty box lists the first few. Its value
 * is the chosen option's id ('' until one is chosen).
 */
export function combobox(spec: ComboSpec): Combo {
  const id = uid(`f-${spec.name}`);
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  let selected: ComboOption | null = spec.initial ?? null;
  let options: ComboOption[] = [];
  let active = -1;
  let seq = 0;

  const input = h('input', {
    id,
    name: spec.name,
    type: 'text',
    role: 'combobox',
    autocomplete: 'off',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    'aria-required': spec.required ? 'true' : undefined,
    'aria-describedby': hintId,
    value: selected?.label ?? '',
  });
  const list = h('ul', { id: listId, role: 'listbox', class: 'listbox', hidden: true, 'aria-label': `Matching ${spec.noun[1]}` });
  const status = h('p', { class: 'sr-only', role: 'status' });

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const setActive = (index: number) => {
    active = index;
    list.querySelectorAll('[role=option]').forEach((el, i) => el.setAttribute('aria-selected', String(i === index)));
    if (index >= 0) {
      input.setAttribute('aria-activedescendant', `${listId}-${index}`);
      list.children[index]?.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };
  const choose = (option: ComboOption) => {
    selected = option;
    input.value = option.label;
    status.textContent = `Selected ${option.label}`;
    close();
  };

  const run = async (text: string) => {
    const mine = ++seq;
    try {
      const found = await spec.search(text);
      if (mine !== seq || input.value.trim() !== text) return;
      options = found;
    } catch {
      if (mine !== seq) return;
      options = [];
    }
    fill(
      list,
      options.length
        ? options.map((o, i) =>
            h(
              'li',
              // mousedown, not click: keeps focus in the input so the list does not close first.
              { id: `${listId}-${i}`, role: 'option', 'aria-selected': 'false', onmousedown: (e: MouseEvent) => (e.preventDefault(), choose(o)) },
              o.label,
              o.detail ? h('span', { class: 'option-detail' }, ` ${o.detail}`) : null,
            ),
          )
        : h('li', { class: 'muted', 'aria-disabled': 'true' }, spec.empty),
    );
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    status.textContent = `${options.length} ${options.length === 1 ? spec.noun[0] : spec.noun[1]} found`;
    setActive(-1);
  };
  const search = debounce((text: string) => void run(text), 200);

  input.addEventListener('input', () => {
    const text = input.value.trim();
    if (selected && text !== selected.label) selected = null;
    if (!text) {
      seq++;
      close();
      return;
    }
    search(text);
  });
  input.addEventListener('keydown', (e) => {
    const open = !list.hidden && options.length > 0;
    if (e.key === 'ArrowDown' && list.hidden) {
      e.preventDefault();
      void run(input.value.trim());
    } else if (e.key === 'ArrowDown' && open) {
      e.preventDefault();
      setActive((active + 1) % options.length);
    } else if (e.key === 'ArrowUp' && open) {
      e.preventDefault();
      setActive(active <= 0 ? options.length - 1 : active - 1);
    } else if (e.key === 'Enter' && open) {
      // Enter picks the highlighted option (or the only match) instead of submitting the form.
      const option = options[active] ?? (options.length === 1 ? options[0] : undefined);
      if (option) {
        e.preventDefault();
        choose(option);
      }
    } else if (e.key === 'Escape' && !list.hidden) {
      e.preventDefault();
      close();
    }
  });
  input.addEventListener('blur', close);

  const field = fieldWrap(spec.name, id, spec.label, input, () => selected?.id ?? '', spec.required, spec.hint, hintId, h('div', { class: 'combo' }, list), status);
  return {
    ...field,
    selected: () => selected,
    set(option) {
      selected = option;
      input.value = option?.label ?? '';
    },
  };
}

interface AccountOption {
  accountId: string;
  name: string;
}

/** The account of a contact; `spec` words it otherwise (the account of imported contacts, optional). */
export function accountPicker(initial?: AccountOption, spec: Partial<Pick<ComboSpec, 'label' | 'hint' | 'required'>> = {}): Combo {
  return combobox({
    name: 'accountId',
    label: spec.label ?? 'Account',
    hint: spec.hint ?? 'Type the start of the account name, then pick it from the list.',
    required: spec.required ?? true,
    initial: initial ? { id: initial.accountId, label: initial.name } : null,
    noun: ['account', 'accounts'],
    empty: 'No account starts with that',
    search: async (text) =>
      (await api<{ items: AccountOption[] }>('GET', `/accounts${queryString({ q: text, limit: 8 })}`)).items.map((a) => ({ id: a.accountId, label: a.name })),
  });
}

/**
 * A record's owner: a user or a group. Starts at the current owner (a new record: you);
 * the name is filled in once known.
 */
export function ownerPicker(ownerId?: string): Combo {
  const me = state.me;
  const initialId = ownerId ?? me?.userId;
  const picker = combobox({
    name: 'ownerId',
    label: 'Owner',
    hint: 'A colleague or a group; type the start of the name.',
    required: true,
    initial: initialId ? { id: initialId, label: initialId === me?.userId ? `${me.name || me.email} (you)` : '…' } : null,
    noun: ['owner', 'owners'],
    empty: 'No user or group starts with that',
    search: (text): Promise<OwnerOption[]> => searchOwners(text),
  });
  if (initialId && initialId !== me?.userId) {
    void personName(initialId).then((label) => {
      if (picker.selected()?.id === initialId) picker.set({ id: initialId, label });
    });
  }
  return picker;
}

/** A user (a manager, the receiver of reassigned records); optional unless `required`. */
export function userPicker(spec: { name: string; label: string; hint: string; required?: boolean; initialId?: string; inactive?: boolean }): Combo {
  const picker = combobox({
    name: spec.name,
    label: spec.label,
    hint: spec.hint,
    required: spec.required,
    initial: spec.initialId ? { id: spec.initialId, label: '…' } : null,
    noun: ['user', 'users'],
    empty: spec.inactive ? 'No user starts with that' : 'No active user starts with that',
    search: (text) => searchOwners(text, { groups: false, inactive: spec.inactive }),
  });
  const initialId = spec.initialId;
  if (initialId) void personName(initialId).then((label) => picker.selected()?.id === initialId && picker.set({ id: initialId, label }));
  return picker;
}
