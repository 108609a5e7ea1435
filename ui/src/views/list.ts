import { can, hasPrivilege, type RecordType } from '../access';
import { api } from '../api';
import { banner, button, linkButton, pageHeader, problemOf, table, takeFlash, visibleField, type Column } from '../components';
import { debounce, fill, h, uid } from '../dom';
import { exportCsv } from '../exports';
import { href } from '../router';
import { state } from '../state';
import { queryString } from '../values';

export interface ListSpec<T> {
  entity: 'accounts' | 'contacts' | 'leads';
  type: RecordType;
  title: string;
  singular: string;
  plural: string;
  newLabel: string;
  columns: Column<T>[];
  /** Query parameters the search box can fill; a select picks one when there are several. */
  searchBy: { param: 'q' | 'email'; label: string }[];
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
  const exportBtn = button('Export CSV', async () => {
    exportBtn.disabled = true;
    errors.clear();
    await exportCsv(spec.entity, (m) => (exportStatus.textContent = m), (p) => errors.show(p));
    exportBtn.disabled = false;
  });

  fill(
    root,
    pageHeader(
      spec.title,
      can(state.me, spec.type, 'create') ? linkButton(spec.newLabel, href(`/${spec.entity}/new`), 'primary') : null,
      hasPrivilege(state.me, 'export') ? exportBtn : null,
    ),
    takeFlash(),
    errors.el,
    exportStatus,
    h(
      'form',
      { class: 'toolbar', role: 'search', onsubmit: (e: Event) => (e.preventDefault(), refresh()) },
      h('div', { class: 'search' }, searchLabel, h('div', { class: 'search-row' }, spec.searchBy.length > 1 ? by : null, search)),
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

  function params() {
    const text = search.value.trim();
    return { [by.value]: text || undefined, mine: mine.checked ? '1' : undefined };
  }

  async function load(from: string | null) {
    const mineSeq = ++seq;
    const p = params();
    const ownerId = mine.checked ? state.me?.userId : undefined;
    more.disabled = true;
    results.setAttribute('aria-busy', 'true');
    try {
      const page = await api<{ items: T[]; cursor: string | null }>(
        'GET',
        `/${spec.entity}${queryString({ limit: PAGE_SIZE, cursor: from, ownerId, q: p.q, email: p.email })}`,
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
      const filtered = p.q || p.email || ownerId;
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
