import { can, hasPrivilege, type RecordType } from '../access';
import { api } from '../api';
import { banner, button, linkButton, pageHeader, problemOf, table, takeFlash, visibleField, type Column } from '../components';
import { debounce, fill, h, uid } from '../dom';
import { exportCsv } from '../exports';
import { mayImport } from '../imports';
import { personName, searchOwners } from '../people';
import { combobox } from '../picker';
import { href } from '../router';
import { state } from '../state';
import { queryString } from '../values';

export type FilterOption = { value: string; label: string };
/** A list filter kept in the address and sent as the API query parameter of the same name. */
export type ListFilter =
  | { param: string; label: string; kind: 'select'; any: string; options: FilterOption[] | (() => Promise<FilterOption[]>) }
  | { param: string; label: string; kind: 'text'; hint?: string }
  | { param: 'ownerId'; label: string; kind: 'owner' };

export interface ListSpec<T> {
  entity: 'accounts' | 'contacts' | 'leads' | 'opportunities';
  type: RecordType;
  title: string;
  singular: string;
  plural: string;
  newLabel: string;
  columns: Column<T>[];
  /** Query parameters the search box can fill; a select picks one when there are several. */
  searchBy: { param: 'q' | 'email'; label: string }[];
  filters?: ListFilter[];
  /** CSV export exists for accounts, contacts and leads */
  exportable?: boolean;
  /** CSV import exists for leads and contacts */
  importable?: boolean;
}

const PAGE_SIZE = 25;

export function listView<T>(root: HTMLElement, spec: ListSpec<T>, query: URLSearchParams): void {
  // Only what the profile allows is offered; a column for a hidden field would stay empty.
  const columns = spec.columns.filter((c) => !c.field || visibleField(spec.type, c.field));
  const errors = banner();
  const status = h('p', { class: 'status', role: 'status' });
  const exportStatus = h('p', { class: 'status', role: 'status' });
  const results = h('div', { class: 'results' });
  const more = button('Load more', () => void load(cursor), 'secondary', { hidden: true });

  const initialBy = spec.searchBy.find((s) => query.get(s.param)) ?? spec.searchBy[0]!;
  const searchId = uid('search');
  const search = h('input', { id: searchId, type: 'search', value: query.get(initialBy.param) ?? '', autocomplete: 'off', spellcheck: 'false' });
  const by = h(
    'select',
    { 'aria-label': 'Search by' },
    spec.searchBy.map((s) => h('option', { value: s.param, selected: s === initialBy }, s.label)),
  );
  const searchLabel = h('label', { for: searchId }, `Search by ${initialBy.label.toLowerCase()}`);
  const mine = h('input', { type: 'checkbox', checked: query.get('mine') === '1' });
  const filterControls = (spec.filters ?? []).map((f) => filterControl(f, query, () => refresh()));
  const exportBtn = button('Export CSV', async () => {
    exportBtn.disabled = true;
    errors.clear();
    await exportCsv(spec.entity as 'accounts' | 'contacts' | 'leads', (m) => (exportStatus.textContent = m), (p) => errors.show(p));
    exportBtn.disabled = false;
  });

  fill(
    root,
    pageHeader(
      spec.title,
      can(state.me, spec.type, 'create') ? linkButton(spec.newLabel, href(`/${spec.entity}/new`), 'primary') : null,
      spec.importable && (spec.entity === 'leads' || spec.entity === 'contacts') && mayImport(state.me, spec.entity) ? linkButton('Import CSV', href('/imports', { entity: spec.entity })) : null,
      hasPrivilege(state.me, 'export') && spec.exportable !== false ? exportBtn : null,
    ),
    takeFlash(),
    errors.el,
    exportStatus,
    h(
      'form',
      { class: 'toolbar', role: 'search', onsubmit: (e: Event) => (e.preventDefault(), refresh()) },
      h('div', { class: 'search' }, searchLabel, h('div', { class: 'search-row' }, spec.searchBy.length > 1 ? by : null, search)),
      filterControls.map((f) => f.el),
      h('label', { class: 'check' }, mine, ' My records'),
    ),
    status,
    results,
    h('p', null, more),
  );

  let cursor: string | null = null;
  let seq = 0;
  let list: ReturnType<typeof table<T>> | null = null;
  let shown = 0;

  function params(): Record<string, string | undefined> {
    const text = search.value.trim();
    const filters = Object.fromEntries(filterControls.map((f) => [f.param, f.value() || undefined]));
    return { [by.value]: text || undefined, ...filters, mine: mine.checked ? '1' : undefined };
  }

  async function load(from: string | null) {
    const mineSeq = ++seq;
    const { mine: _mine, ...p } = params();
    const ownerId = mine.checked ? state.me?.userId : p.ownerId;
    more.disabled = true;
    results.setAttribute('aria-busy', 'true');
    try {
      const page = await api<{ items: T[]; cursor: string | null }>(
        'GET',
        `/${spec.entity}${queryString({ ...p, limit: PAGE_SIZE, cursor: from, ownerId })}`,
      );
      // A slower, older search must not overwrite the results of a newer one.
      if (mineSeq !== seq) return;
      errors.clear();
      if (!from || !list) {
        shown = 0;
        list = table(spec.title, columns, page.items);
        fill(results, page.items.length ? list.el : null);
      } else list.add(page.items);
      shown += page.items.length;
      cursor = page.cursor;
      more.hidden = !cursor;
      const filtered = Object.values(p).some(Boolean) || ownerId;
      status.textContent = shown
        ? `Showing ${shown} ${shown === 1 ? spec.singular : spec.plural}${cursor ? '; more available' : ''}.`
        : filtered
          ? `No ${spec.plural} match.`
          : `No ${spec.plural} yet.`;
    } catch (error) {
      if (mineSeq === seq) errors.show(problemOf(error));
    } finally {
      if (mineSeq === seq) {
        more.disabled = false;
        results.removeAttribute('aria-busy');
      }
    }
  }

  function refresh() {
    // Keep the search in the URL so Back from a record returns to the same list.
    history.replaceState(null, '', href(`/${spec.entity}`, params()));
    void load(null);
  }
  const refreshSoon = debounce(refresh, 250);
  search.addEventListener('input', refreshSoon);
  by.addEventListener('change', () => {
    searchLabel.textContent = `Search by ${by.selectedOptions[0]?.textContent?.toLowerCase() ?? ''}`;
    refresh();
  });
  mine.addEventListener('change', refresh);
  void load(null);
}

/** One filter control of the list toolbar; `changed` refreshes the list. */
function filterControl(filter: ListFilter, query: URLSearchParams, changed: () => void): { param: string; el: HTMLElement; value(): string } {
  const id = uid(`filter-${filter.param}`);
  const initial = query.get(filter.param) ?? '';
  if (filter.kind === 'select') {
    const select = h('select', { id, name: filter.param }, h('option', { value: '' }, filter.any));
    const addOptions = (options: FilterOption[]) => {
      for (const o of options) select.appendChild(h('option', { value: o.value, selected: o.value === initial }, o.label));
      // A value in the address that is not (or no longer) an option still filters, and shows.
      if (initial && !options.some((o) => o.value === initial)) select.appendChild(h('option', { value: initial, selected: true }, initial));
    };
    if (Array.isArray(filter.options)) addOptions(filter.options);
    else {
      if (initial) select.appendChild(h('option', { value: initial, selected: true }, initial));
      void filter.options().then(
        (options) => {
          select.querySelectorAll('option:not(:first-child)').forEach((o) => o.remove());
          addOptions(options);
        },
        () => {},
      );
    }
    select.addEventListener('change', changed);
    return { param: filter.param, el: h('div', { class: 'filter' }, h('label', { for: id }, filter.label), select), value: () => select.value };
  }
  if (filter.kind === 'owner') {
    const picker = ownerFilter(initial, changed);
    return { param: filter.param, el: h('div', { class: 'filter' }, h('label', { for: picker.input.id }, filter.label), picker.el), value: () => picker.value() };
  }
  const input = h('input', { id, type: 'text', name: filter.param, value: initial, autocomplete: 'off' });
  input.addEventListener('input', debounce(changed, 300));
  return { param: filter.param, el: h('div', { class: 'filter' }, h('label', { for: id }, filter.label), input), value: () => input.value.trim() };
}

/** The owner filter: a user or group chosen from the owner search, or anyone. */
function ownerFilter(initialId: string, changed: () => void): { el: HTMLElement; input: HTMLInputElement; value(): string } {
  const picker = combobox({
    name: 'ownerFilter',
    label: 'Owner',
    hint: 'Type the start of a name',
    initial: initialId ? { id: initialId, label: '…' } : null,
    noun: ['owner', 'owners'],
    empty: 'No user or group starts with that',
    search: (text) => searchOwners(text),
  });
  if (initialId) void personName(initialId).then((label) => picker.selected()?.id === initialId && picker.set({ id: initialId, label }));
  const input = picker.control as HTMLInputElement;
  let last = initialId;
  const check = () => {
    const now = picker.value();
    // Emptying the box means anyone; a half-typed name changes nothing until one is picked.
    if (now !== last && (now || !input.value.trim())) {
      last = now;
      changed();
    }
  };
  input.addEventListener('blur', check);
  input.addEventListener('keydown', (e) => e.key === 'Enter' && setTimeout(check));
  input.addEventListener('input', () => !input.value.trim() && check());
  picker.wrap.querySelector('.listbox')?.addEventListener('mousedown', () => setTimeout(check));
  picker.wrap.querySelector('label')?.remove();
  picker.wrap.querySelector('.hint')?.classList.add('sr-only');
  picker.wrap.classList.add('filter-owner');
  return { el: picker.wrap, input, value: () => picker.value() };
}
