/**
 * CSV import of leads and contacts. The import page: choose a file, see its columns with
 * a few sample values and map each to a field (the API suggests one per header), choose
 * the account of contacts that name none and what happens to rows that match an existing
 * record, start; below, your recent imports. The result page follows one import until it
 * is done, then lists its rows by outcome, each with its record, the duplicate it matched
 * and its errors. Everything from the file is shown as text (dom.ts makes text nodes of
 * strings), so markup in a cell is never run.
 */
import { api } from '../api';
import { banner, button, fieldWrap, linkButton, pageHeader, problemOf, radioGroup, row, setFieldError, setFlash, table, takeFlash, type Column, type Field } from '../components';
import { fill, h, uid, type Child } from '../dom';
import {
  DUPLICATE_POLICIES,
  ENTITY_LABELS,
  IMPORT_OUTCOMES,
  MAX_CSV_CHARS,
  OUTCOME_FILTER_LABELS,
  OUTCOME_LABELS,
  POLICY_TEXT,
  STATE_LABELS,
  countsText,
  csvProblem,
  importBody,
  importableEntities,
  initialMapping,
  isFinished,
  mappingProblems,
  missingRequired,
  nextDelay,
  outcomeCount,
  parseOutcome,
  progressText,
  type DuplicatePolicy,
  type ImportEntity,
  type ImportOutcome,
  type ImportPreview,
  type ImportRow,
  type ImportState,
  type ImportStatus,
  type ImportTarget,
} from '../imports';
import { tagsField } from '../inputs';
import { accountPicker } from '../picker';
import { describe, splitFieldErrors, type Problem } from '../problem';
import { href } from '../router';
import { recordHref } from '../sales-data';
import { state } from '../state';
import { formatDate, queryString } from '../values';
import { contactLabels } from './contacts';
import { leadLabels } from './leads';
import type { Page } from './records';

export const importsHref = (entity?: ImportEntity) => href('/imports', { entity });
export const importHref = (id: string, outcome?: ImportOutcome) => href(`/imports/${encodeURIComponent(id)}`, { outcome });

const STATE_BADGE: Record<ImportState, string> = { queued: 'run-waiting', running: 'run-running', done: 'run-succeeded', failed: 'run-failed' };
const OUTCOME_BADGE: Record<ImportOutcome, string> = { created: 'run-succeeded', updated: 'badge-on', duplicate: 'run-skipped', failed: 'run-failed' };
const stateBadge = (s: ImportState) => h('span', { class: `badge ${STATE_BADGE[s] ?? ''}` }, STATE_LABELS[s] ?? s);
const outcomeBadge = (o: ImportOutcome) => h('span', { class: `badge ${OUTCOME_BADGE[o] ?? ''}` }, OUTCOME_LABELS[o] ?? o);
const TYPE_NAMES = { lead: 'lead', contact: 'contact' } as const;
const ROWS_PAGE = 50;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Shows a failed request: field errors next to their fields, anything else in the banner, focus on the first. */
function showProblem(problem: Problem, fields: Field[], errors: ReturnType<typeof banner>): void {
  const { byField, other } = splitFieldErrors(problem, fields.map((f) => f.name));
  for (const f of fields) setFieldError(f, byField.get(f.name) ?? null);
  errors.show([byField.size ? `Please correct the highlighted field${byField.size > 1 ? 's' : ''}.` : describe(problem), ...other].join(' '));
  (fields.find((f) => byField.has(f.name))?.control ?? errors.el).focus();
}

const localProblem = (problems: Map<string, string[]>): Problem => ({
  type: 'about:blank',
  title: 'Invalid input',
  status: 400,
  errors: [...problems].flatMap(([name, details]) => details.map((detail) => ({ name, pointer: `/${name}`, detail }))),
});

/** The import page: #/imports?entity=leads|contacts. */
export function importView(root: HTMLElement, query: URLSearchParams): void {
  const allowed = importableEntities(state.me);
  const wanted = query.get('entity');
  let entity: ImportEntity = allowed.find((e) => e === wanted) ?? allowed[0]!;
  let csv = '';
  let fileName = '';
  let seq = 0;

  const errors = banner();
  errors.el.tabIndex = -1;
  const back = linkButton('', '');
  const showBack = () => {
    back.textContent = `Back to ${ENTITY_LABELS[entity].toLowerCase()}`;
    back.href = href(`/${entity}`);
  };
  showBack();

  const fileId = uid('f-csv');
  const fileInput = h('input', { id: fileId, type: 'file', name: 'csv', accept: '.csv,text/csv' });
  const fileField = fieldWrap(
    'csv',
    fileId,
    'CSV file',
    fileInput,
    () => fileInput.value,
    true,
    `The first line names the columns; comma, semicolon or tab separated, saved as UTF-8. At most 10,000 rows and ${MAX_CSV_CHARS.toLocaleString('en-US')} characters.`,
    `${fileId}-hint`,
  );
  fileInput.setAttribute('aria-describedby', `${fileId}-hint`);
  const fileStatus = h('p', { class: 'status', role: 'status' });
  const entityChoice =
    allowed.length > 1
      ? radioGroup(
          'entity',
          'Each row becomes',
          allowed.map((e) => ({ value: e, label: e === 'leads' ? 'A lead' : 'A contact' })),
          entity,
        )
      : null;
  const mappingArea = h('div');

  fill(
    root,
    pageHeader('Import from CSV', back),
    takeFlash(),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'import-file-h' },
      h('h2', { id: 'import-file-h' }, '1. Choose the file'),
      errors.el,
      entityChoice?.wrap ?? h('p', null, `Each row becomes ${entity === 'leads' ? 'a lead' : 'a contact'}.`),
      fileField.wrap,
      fileStatus,
    ),
    mappingArea,
    recentImports(),
  );

  entityChoice?.control.addEventListener('change', () => {
    entity = entityChoice.selected() as ImportEntity;
    showBack();
    history.replaceState(null, '', importsHref(entity));
    if (csv) void preview();
  });
  fileInput.addEventListener('change', () => void readFile());

  async function readFile() {
    const file = fileInput.files?.[0];
    seq++;
    csv = '';
    fileName = '';
    mappingArea.replaceChildren();
    errors.clear();
    setFieldError(fileField, null);
    fileStatus.textContent = '';
    if (!file) return;
    // UTF-8 takes at most 3 bytes per character the limit counts: a bigger file is too long for sure.
    let problem = file.size > MAX_CSV_CHARS * 3 ? csvProblem('x'.repeat(MAX_CSV_CHARS + 1)) : null;
    let text = '';
    if (!problem) {
      fileStatus.textContent = `Reading ${file.name}…`;
      text = await file.text();
      problem = csvProblem(text);
    }
    if (problem) {
      fileStatus.textContent = '';
      setFieldError(fileField, [problem]);
      fileInput.focus();
      return;
    }
    csv = text;
    fileName = file.name;
    await preview();
  }

  async function preview() {
    const mine = ++seq;
    mappingArea.replaceChildren();
    errors.clear();
    setFieldError(fileField, null);
    fileStatus.textContent = 'Reading the columns…';
    try {
      const result = await api<ImportPreview>('POST', '/imports/preview', { entity, csv });
      if (mine !== seq) return;
      fileStatus.textContent = `${fileName}: ${result.rowCount.toLocaleString('en-US')} row${result.rowCount === 1 ? '' : 's'}, ${result.columns.length} column${result.columns.length === 1 ? '' : 's'}.`;
      fill(mappingArea, mappingForm(result, { entity, csv, fileName, fileField }));
    } catch (error) {
      if (mine !== seq) return;
      fileStatus.textContent = '';
      showProblem(problemOf(error), [fileField], errors);
    }
  }
}

/** One column's target: a select of the fields, "Don't import" first. */
function columnField(column: string, targets: ImportTarget[], initial: string): Field {
  const id = uid('f-map');
  const select = h(
    'select',
    { id, name: `mapping.${column}` },
    h('option', { value: '', selected: !initial }, 'Don’t import'),
    targets.map((t) => h('option', { value: t.field, selected: t.field === initial }, t.required ? `${t.label} (required)` : t.label)),
  );
  const field = fieldWrap(`mapping.${column}`, id, `Import “${column}” into`, select, () => select.value);
  field.wrap.querySelector('label')?.classList.add('sr-only');
  // Messages read "Column “E-mail” …", whatever the select is called.
  return { ...field, label: `Column “${column}”` };
}

/** Steps 2 and 3 for one previewed file: the mapping, the options, Start import. */
function mappingForm(preview: ImportPreview, file: { entity: ImportEntity; csv: string; fileName: string; fileField: Field }): HTMLElement {
  const { entity } = file;
  const errors = banner();
  errors.el.tabIndex = -1;
  const mapping = initialMapping(preview);
  const columns = preview.columns.map((c) => ({ ...c, field: columnField(c.column, preview.targets, mapping[c.column] ?? '') }));
  const current = () => Object.fromEntries(columns.map((c) => [c.column, c.field.value()]));

  const required = h('p', { class: 'hint', role: 'status' });
  const showRequired = () => {
    const missing = missingRequired(preview.targets, current());
    fill(
      required,
      missing.length
        ? [h('strong', null, 'Not mapped yet: '), `${missing.map((t) => t.label).join(', ')} (required). Choose the column that holds ${missing.length === 1 ? 'it' : 'each'}.`]
        : 'Every required field has a column.',
    );
  };
  showRequired();

  const groupId = uid('f-mapping');
  const mapError = h('p', { class: 'field-error', id: `${groupId}-error`, hidden: true });
  const group = h(
    'fieldset',
    { id: groupId, class: 'import-mapping', tabindex: -1 },
    h('legend', { class: 'sr-only' }, 'Columns and the fields they go into'),
    h(
      'table',
      { class: 'table' },
      h('caption', { class: 'sr-only' }, 'The file’s columns: a few values of each and the field it goes into'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Column'), h('th', { scope: 'col' }, 'Sample values'), h('th', { scope: 'col' }, 'Import into'))),
      h(
        'tbody',
        null,
        columns.map((c) => {
          const samples = c.samples.filter((s) => s.trim()).slice(0, 3);
          return h(
            'tr',
            null,
            h('th', { scope: 'row' }, c.column),
            h('td', { 'data-label': 'Sample values' }, samples.length ? h('ul', { class: 'samples' }, samples.map((s) => h('li', null, s))) : h('span', { class: 'muted' }, '(empty)')),
            h('td', { 'data-label': 'Import into' }, c.field.wrap),
          );
        }),
      ),
    ),
    required,
    mapError,
  );
  const mappingField: Field = { name: 'mapping', label: 'Mapping', control: group as unknown as Field['control'], wrap: group, error: mapError, value: () => '' };
  // A changed column takes its error (and the required-field one) away; the next Start checks again.
  group.addEventListener('change', (event) => {
    showRequired();
    setFieldError(mappingField, null);
    const changed = columns.find((c) => c.field.control === event.target);
    if (changed) setFieldError(changed.field, null);
  });

  const hasAccountColumn = preview.targets.some((t) => t.field === 'accountName');
  const account =
    entity === 'contacts'
      ? accountPicker(undefined, {
          label: 'Account for rows without one',
          hint: hasAccountColumn ? 'Contacts whose account column is empty go to this account. Type the start of its name.' : 'Every contact goes to this account. Type the start of its name.',
          required: false,
        })
      : null;
  const policy = radioGroup(
    'onDuplicate',
    'Rows that match an existing record',
    DUPLICATE_POLICIES.map((p) => ({ value: p, label: POLICY_TEXT[p][0], hint: POLICY_TEXT[p][1] })),
    'skip',
  );
  const tags = tagsField(undefined);
  const tagsHint = tags.wrap.querySelector('.hint');
  if (tagsHint) tagsHint.textContent = 'Optional, added to every imported record, e.g. the list’s name. Separate tags with commas.';

  const fields: Field[] = [file.fileField, mappingField, ...columns.map((c) => c.field), ...(account ? [account] : []), policy, tags];
  const start = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Start import');
  const noun = ENTITY_LABELS[entity].toLowerCase();
  // One key per form: a double submit or a retry after a lost response starts one import.
  const idempotencyKey = crypto.randomUUID();

  const formEl = h(
    'form',
    { class: 'form', novalidate: true, 'aria-label': 'Import settings' },
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'import-map-h' },
      h('h2', { id: 'import-map-h' }, '2. Map the columns'),
      h('p', { class: 'muted' }, `Choose the ${noun.slice(0, -1)} field each column goes into. Columns set to “Don’t import” are left out.`),
      group,
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'import-options-h' },
      h('h2', { id: 'import-options-h' }, '3. Start the import'),
      errors.el,
      h('div', { class: 'fields' }, account?.wrap, policy.wrap, tags.wrap),
      h('div', { class: 'actions' }, start, h('span', { class: 'muted' }, `${preview.rowCount.toLocaleString('en-US')} row${preview.rowCount === 1 ? '' : 's'} to import as ${noun}.`)),
    ),
  );

  formEl.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (start.disabled) return;
    errors.clear();
    for (const f of fields) setFieldError(f, null);
    const chosen = current();
    const problems = mappingProblems(preview.targets, chosen);
    const tagProblem = tags.check?.();
    if (tagProblem) problems.set('tags', [tagProblem]);
    if (account && !account.value() && !(hasAccountColumn && Object.values(chosen).includes('accountName')))
      problems.set('accountId', ['Choose the account of these contacts, or map a column to the account.']);
    if (problems.size) return showProblem(localProblem(problems), fields, errors);

    start.disabled = true;
    formEl.setAttribute('aria-busy', 'true');
    try {
      const body = importBody({
        entity,
        csv: file.csv,
        fileName: file.fileName,
        mapping: chosen,
        onDuplicate: policy.selected() as DuplicatePolicy,
        accountId: account?.value() || undefined,
        tags: tags.read?.() as string[] | undefined,
      });
      const job = await api<ImportStatus>('POST', '/imports', body, { idempotencyKey });
      setFlash(`The import of ${file.fileName} has started.`);
      location.hash = importHref(job.importId);
    } catch (error) {
      showProblem(problemOf(error), fields, errors);
    } finally {
      start.disabled = false;
      formEl.removeAttribute('aria-busy');
    }
  });
  return formEl;
}

const importName = (s: ImportStatus) => s.fileName || `${ENTITY_LABELS[s.entity] ?? s.entity} import`;

/** The signed-in user's last imports, newest first, each linking to its result. */
function recentImports(): HTMLElement {
  const errors = banner();
  const status = h('p', { class: 'status', role: 'status' }, 'Loading your imports…');
  const results = h('div');
  const columns: Column<ImportStatus>[] = [
    { label: 'File', cell: (s) => h('a', { href: importHref(s.importId) }, importName(s)) },
    { label: 'Rows become', cell: (s) => ENTITY_LABELS[s.entity] ?? s.entity },
    { label: 'Status', cell: (s) => stateBadge(s.status) },
    { label: 'Result', cell: (s) => (isFinished(s) ? countsText(s) : progressText(s)) },
    { label: 'Started', cell: (s) => formatDate(s.createdAt) },
  ];
  void api<Page<ImportStatus>>('GET', `/imports${queryString({ limit: 10 })}`).then(
    (page) => {
      status.textContent = page.items.length ? '' : 'No imports yet.';
      fill(results, page.items.length ? table('Your recent imports, newest first', columns, page.items).el : null);
    },
    (error) => {
      status.textContent = '';
      errors.show(problemOf(error));
    },
  );
  return h('section', { class: 'card', 'aria-labelledby': 'import-recent-h' }, h('h2', { id: 'import-recent-h' }, 'Your recent imports'), errors.el, status, results);
}

/** The result page: #/imports/{id}?outcome=… */
export async function importResultView(root: HTMLElement, id: string, query: URLSearchParams): Promise<void> {
  const outcome = parseOutcome(query.get('outcome'));
  const path = `/imports/${encodeURIComponent(id)}`;
  const errors = banner();
  errors.el.tabIndex = -1;
  const header = pageHeader('Import');
  const stateLine = h('p', { class: 'import-state', role: 'status' }, 'Loading…');
  const progress = h('progress', { class: 'import-progress', max: 1, value: 0, 'aria-label': 'Rows processed' });
  const counts = h('dl', { class: 'details import-counts' });
  const rowsArea = h('div');
  fill(
    root,
    header,
    takeFlash(),
    errors.el,
    h('section', { class: 'card', 'aria-labelledby': 'import-progress-h' }, h('h2', { id: 'import-progress-h' }, 'Progress'), stateLine, progress, counts),
    rowsArea,
  );

  const show = (s: ImportStatus) => {
    const total = Math.max(s.total, 1);
    progress.max = total;
    progress.value = s.status === 'done' ? total : Math.min(s.processed, total);
    fill(
      stateLine,
      stateBadge(s.status),
      ' ',
      s.status === 'done' ? `Finished${s.finishedAt ? ` ${formatDate(s.finishedAt)}` : ''}: ${countsText(s)}.` : s.status === 'failed' ? `Stopped after ${progressText(s)}.` : progressText(s),
    );
    fill(
      counts,
      row('Rows in the file', s.total.toLocaleString('en-US')),
      row('Processed', s.processed.toLocaleString('en-US')),
      row('Created', String(s.created)),
      row('Updated', String(s.updated)),
      row('Duplicates (skipped)', String(s.duplicates)),
      row('Failed', String(s.failed)),
      row('If a row matches', POLICY_TEXT[s.onDuplicate]?.[0] ?? s.onDuplicate),
      row('Started', formatDate(s.createdAt)),
    );
  };

  let status: ImportStatus;
  try {
    status = await api<ImportStatus>('GET', path);
  } catch (error) {
    stateLine.textContent = '';
    errors.show(problemOf(error), linkButton('All imports', importsHref()));
    return;
  }
  const heading = header.querySelector('h1');
  if (heading) heading.textContent = `Import of ${importName(status)}`;
  header.appendChild(h('div', { class: 'actions' }, linkButton('New import', importsHref(status.entity)), linkButton(`All ${ENTITY_LABELS[status.entity].toLowerCase()}`, href(`/${status.entity}`))));
  show(status);

  const finish = (s: ImportStatus) => {
    if (s.status === 'failed') errors.show(`The import stopped${s.error ? `: ${s.error}` : '.'} Rows processed before it stopped are listed below.`);
    fill(rowsArea, rowsSection(s, outcome));
  };
  if (isFinished(status)) return finish(status);

  // Follow the import while this page is open: often at first, then every few seconds.
  void (async () => {
    let delay = 500;
    while (root.isConnected) {
      await sleep(delay);
      delay = nextDelay(delay);
      if (!root.isConnected) return;
      try {
        status = await api<ImportStatus>('GET', path);
      } catch (error) {
        if (root.isConnected) errors.show(problemOf(error), button('Check again', () => void importResultView(root, id, query), 'primary'));
        return;
      }
      if (!root.isConnected) return;
      show(status);
      if (isFinished(status)) return finish(status);
    }
  })();
}

/** A row's record, the duplicate it matched, its errors and its values. */
function rowColumns(entity: ImportEntity): Column<ImportRow>[] {
  const labels: Record<string, string> = entity === 'contacts' ? { ...contactLabels, accountName: 'Account' } : leadLabels;
  const labelOf = (name: string) => labels[name] ?? name;
  return [
    { label: 'Row', cell: (r) => String(r.row) },
    { label: 'Outcome', cell: (r) => outcomeBadge(r.outcome) },
    {
      label: 'Record',
      cell: (r) => {
        const link = r.recordType && r.recordId ? recordHref(r.recordType, r.recordId) : null;
        return link ? h('a', { href: link, 'aria-label': `Open the ${TYPE_NAMES[r.recordType!]} of row ${r.row}` }, `Open ${TYPE_NAMES[r.recordType!]}`) : '';
      },
    },
    {
      label: 'Matched',
      cell: (r) => {
        const d = r.duplicateOf;
        if (!d) return '';
        const link = recordHref(d.type, d.id);
        const name = d.name || `the existing ${TYPE_NAMES[d.type] ?? d.type}`;
        return [
          link ? h('a', { href: link }, name) : name,
          ` (${TYPE_NAMES[d.type] ?? d.type}, ${d.score}%)`,
          d.reasons.length ? h('div', { class: 'muted small' }, d.reasons.join(', ')) : null,
        ];
      },
    },
    {
      label: 'Errors',
      cell: (r) =>
        r.errors?.length
          ? h(
              'ul',
              { class: 'import-errors' },
              r.errors.map((e) => h('li', null, h('strong', null, labelOf(e.name)), e.column ? ` (column “${e.column}”)` : '', `: ${e.detail}`)),
            )
          : '',
    },
    {
      label: 'Values',
      cell: (r) => {
        const values = Object.entries(r.values);
        return values.length ? h('dl', { class: 'import-values' }, values.map(([column, value]) => h('div', null, h('dt', null, `${column}:`), h('dd', null, value)))) : '';
      },
    },
  ];
}

/** The rows of a finished import, filtered by outcome, a page at a time. */
function rowsSection(s: ImportStatus, outcome: ImportOutcome | undefined): HTMLElement {
  const errors = banner();
  const note = h('p', { class: 'status', role: 'status' }, 'Loading the rows…');
  const results = h('div', { class: 'results' });
  const filterId = uid('outcome');
  const filter = h(
    'select',
    { id: filterId },
    h('option', { value: '', selected: !outcome }, `All (${s.processed})`),
    IMPORT_OUTCOMES.map((o) => h('option', { value: o, selected: o === outcome }, `${OUTCOME_FILTER_LABELS[o]} (${outcomeCount(s, o)})`)),
  );
  filter.addEventListener('change', () => (location.hash = importHref(s.importId, parseOutcome(filter.value))));
  let cursor: string | null = null;
  let shown = 0;
  let list: ReturnType<typeof table<ImportRow>> | null = null;
  const columns = rowColumns(s.entity);
  const more = button('Load more rows', () => void load(cursor), 'secondary', { hidden: true });

  async function load(from: string | null) {
    more.disabled = true;
    results.setAttribute('aria-busy', 'true');
    try {
      const page = await api<Page<ImportRow>>('GET', `/imports/${encodeURIComponent(s.importId)}/rows${queryString({ outcome, limit: ROWS_PAGE, cursor: from })}`);
      errors.clear();
      if (!from || !list) {
        shown = 0;
        list = table('Rows of the file, in order', columns, page.items);
        list.el.classList.add('import-rows');
        fill(results, page.items.length ? list.el : null);
      } else list.add(page.items);
      shown += page.items.length;
      cursor = page.cursor;
      more.hidden = !cursor;
      const which = outcome ? `${OUTCOME_LABELS[outcome].toLowerCase()} ` : '';
      note.textContent = shown ? `Showing ${shown} ${which}row${shown === 1 ? '' : 's'}${cursor ? '; more available' : ''}.` : `No ${which}rows.`;
    } catch (error) {
      note.textContent = '';
      errors.show(problemOf(error));
    } finally {
      more.disabled = false;
      results.removeAttribute('aria-busy');
    }
  }
  void load(null);

  const children: Child[] = [
    h('h2', { id: 'import-rows-h' }, 'Rows'),
    h('div', { class: 'toolbar' }, h('div', { class: 'filter' }, h('label', { for: filterId }, 'Show'), filter)),
    errors.el,
    note,
    results,
    h('p', null, more),
  ];
  return h('section', { class: 'card', 'aria-labelledby': 'import-rows-h' }, children);
}
