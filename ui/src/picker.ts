import { api } from './api';
import { debounce, fill, h, uid } from './dom';
import { fieldWrap, type Field } from './components';
import { queryString } from './values';

interface AccountOption {
  accountId: string;
  name: string;
}

/**
 * An account combobox (WAI-ARIA combobox + listbox pattern): type a name prefix, pick
 * with arrows + Enter or the mouse. Its value is the chosen accountId.
 */
export function accountPicker(initial?: AccountOption): Field & { selected(): AccountOption | null } {
  const id = uid('f-accountId');
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  let selected: AccountOption | null = initial ?? null;
  let options: AccountOption[] = [];
  let active = -1;
  let seq = 0;

  const input = h('input', {
    id,
    name: 'accountId',
    type: 'text',
    role: 'combobox',
    autocomplete: 'off',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    'aria-required': 'true',
    'aria-describedby': hintId,
    value: initial?.name ?? '',
  });
  const list = h('ul', { id: listId, role: 'listbox', class: 'listbox', hidden: true, 'aria-label': 'Matching accounts' });
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
  const choose = (option: AccountOption) => {
    selected = option;
    input.value = option.name;
    status.textContent = `Selected ${option.name}`;
    close();
  };

  const search = debounce(async (text: string) => {
    const mine = ++seq;
    try {
      const page = await api<{ items: AccountOption[] }>('GET', `/accounts${queryString({ q: text, limit: 8 })}`);
      if (mine !== seq || input.value.trim() !== text) return;
      options = page.items;
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
              o.name,
            ),
          )
        : h('li', { class: 'muted', 'aria-disabled': 'true' }, 'No account starts with that'),
    );
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    status.textContent = `${options.length} account${options.length === 1 ? '' : 's'} found`;
    setActive(-1);
  }, 200);

  input.addEventListener('input', () => {
    const text = input.value.trim();
    if (selected && text !== selected.name) selected = null;
    if (!text) {
      seq++;
      close();
      return;
    }
    search(text);
  });
  input.addEventListener('keydown', (e) => {
    const open = !list.hidden && options.length > 0;
    if (e.key === 'ArrowDown' && open) {
      e.preventDefault();
      setActive((active + 1) % options.length);
    } else if (e.key === 'ArrowUp' && open) {
      e.preventDefault();
      setActive(active <= 0 ? options.length - 1 : active - 1);
    } else if (e.key === 'Enter' && open) {
      // Enter picks the highlighted account (or the only match) instead of submitting the form.
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

  const field = fieldWrap('accountId', id, 'Account', input, () => selected?.accountId ?? '', true, 'Type the start of the account name, then pick it from the list.', hintId, h('div', { class: 'combo' }, list), status);
  return { ...field, selected: () => selected };
}
