import { can, type RecordType } from '../access';
import { api } from '../api';
import { banner, button, confirmDialog, form, pageHeader, problemOf, secureFields, setFlash, takeFlash, type Field, type FormHandle } from '../components';
import { fill, h, type Child } from '../dom';
import { historySection } from '../history';
import { personTag } from '../people';
import { state } from '../state';
import { formatDate, patchBody, type Values } from '../values';
import type { RecordMeta } from './records';

/**
 * The shared shape of a record page: a read view with Edit and Delete, an edit form that
 * PATCHes only the changed fields with the loaded version, and 409 handling.
 */
export interface RecordPage<T extends RecordMeta> {
  kind: string;
  type: RecordType;
  path: string;
  /** Field names → labels, for the history. */
  labels: Record<string, string>;
  listHref: string;
  title(record: T): string;
  details(record: T): Child;
  fields(record: T): Field[];
  /** Checks the form can be sent at all (errors by field name), before any request. */
  validate?(fields: Field[]): Map<string, string[]> | null;
  /** Extra sections below the details, e.g. an account's contacts. */
  extra?(record: T): Child;
  actions?(record: T): Child[];
  /** Keeps data the PATCH response does not carry (an account's contacts). */
  merge?(previous: T, updated: T): T;
  /** The PATCH body from typed fields (default: the changed text values); null when nothing changed. */
  body?(record: T, fields: Field[]): Record<string, unknown> | null;
  /** The field-security name of a form field, where it differs (qualification.need → qualification). */
  secureName?(field: Field): string;
}

export async function recordView<T extends RecordMeta>(root: HTMLElement, page: RecordPage<T>): Promise<void> {
  const errors = banner();
  fill(root, h('p', { class: 'status', role: 'status' }, 'Loading…'));
  let record: T;
  try {
    record = await api<T>('GET', page.path);
  } catch (error) {
    fill(root, pageHeader(`${page.kind} not available`), errors.el, h('p', null, h('a', { href: page.listHref }, `Back to the ${page.kind.toLowerCase()} list`)));
    errors.show(problemOf(error));
    return;
  }

  const show = (message?: string) => {
    fill(
      root,
      pageHeader(
        page.title(record),
        ...(page.actions?.(record) ?? []),
        // The profile decides which buttons exist; sharing may still make this one record read-only (403 on save).
        can(state.me, page.type, 'update') ? button('Edit', () => edit()) : null,
        can(state.me, page.type, 'delete') ? button('Delete', () => void remove(), 'danger') : null,
      ),
      message ? h('p', { class: 'flash', role: 'status' }, message) : takeFlash(),
      errors.el,
      h('section', { class: 'card', 'aria-label': 'Details' }, page.details(record), meta(record)),
      page.extra?.(record),
      historySection({ path: `${page.path}/history`, heading: 'History', labels: page.labels }),
    );
  };

  const edit = () => {
    errors.clear();
    const fields = secureFields(page.type, page.fields(record), page.secureName);
    const handle: FormHandle = form(fields, {
      label: `Edit ${page.kind.toLowerCase()}`,
      validate: () => checks(pickersChosen(fields), page.validate?.(fields)),
      submitLabel: 'Save',
      onCancel: () => show(),
      onSubmit: async (f) => save(f, fields),
    });
    fill(root, pageHeader(`Edit ${page.title(record)}`), h('section', { class: 'card' }, handle.el));
    root.querySelector('h1')?.focus();
  };

  const save = async (f: FormHandle, fields: Field[]) => {
    const body = page.body ? page.body(record, fields) : patchBody(record as unknown as Record<string, unknown>, f.values() as Values, record.version);
    if (!body) return show('No changes to save.');
    try {
      const updated = await api<T>('PATCH', page.path, body);
      record = page.merge ? page.merge(record, updated) : updated;
      show('Saved.');
      root.querySelector('h1')?.focus();
    } catch (error) {
      const problem = problemOf(error);
      if (problem.status === 409) {
        // Someone saved since this page loaded: nothing was written, and their version wins until reloaded.
        f.showProblem(
          { ...problem, title: `Someone else changed this ${page.kind.toLowerCase()} after you opened it. Your changes were not saved.`, detail: undefined, errors: undefined },
          button('Reload the latest version', () => void recordView(root, page), 'primary'),
        );
      } else if (problem.status === 403 && !problem.errors?.length) {
        f.showProblem({ ...problem, title: `You may read this ${page.kind.toLowerCase()} but not change it.`, detail: problem.detail });
      } else f.showProblem(problem);
    }
  };

  const remove = async () => {
    if (!(await confirmDialog(`Delete ${page.kind.toLowerCase()} “${page.title(record)}”? This cannot be undone.`, 'Delete'))) return;
    try {
      await api('DELETE', page.path);
      setFlash(`${page.kind} “${page.title(record)}” deleted.`);
      location.hash = page.listHref;
    } catch (error) {
      errors.show(problemOf(error));
      errors.el.focus();
    }
  };

  errors.el.tabIndex = -1;
  show();
}

function meta(record: RecordMeta): HTMLElement {
  const owner = record.ownerId === state.me?.userId ? 'You' : personTag(record.ownerId);
  return h('p', { class: 'meta' }, 'Owner: ', owner, ` · Created ${formatDate(record.createdAt)} · Updated ${formatDate(record.updatedAt)} · Version ${record.version}`);
}

/** A create page: a form that POSTs, then opens the new record. */
export function createView(
  root: HTMLElement,
  opts: {
    kind: string;
    type: RecordType;
    path: string;
    cancelHref: string;
    fields: Field[];
    body(values: Values): unknown;
    hrefOf(created: unknown): string;
    validate?: () => Map<string, string[]> | null;
    secureName?(field: Field): string;
  },
): void {
  // One key per form: a double submit or a retry after a lost response creates one record.
  const idempotencyKey = crypto.randomUUID();
  const handle = form(secureFields(opts.type, opts.fields, opts.secureName), {
    label: `New ${opts.kind.toLowerCase()}`,
    submitLabel: `Create ${opts.kind.toLowerCase()}`,
    onCancel: () => (location.hash = opts.cancelHref),
    validate: () => checks(pickersChosen(opts.fields), opts.validate?.()),
    onSubmit: async (f) => {
      try {
        const created = await api<unknown>('POST', opts.path, opts.body(f.values()), { idempotencyKey });
        setFlash(`${opts.kind} created.`);
        location.hash = opts.hrefOf(created);
      } catch (error) {
        f.showProblem(problemOf(error));
      }
    },
  });
  fill(root, pageHeader(`New ${opts.kind.toLowerCase()}`), h('section', { class: 'card' }, handle.el));
}

/** A required picker only has a value once something is chosen from its list: say so instead of sending a blank id. */
export function pickersChosen(fields: Field[]): Map<string, string[]> | null {
  const errors = new Map<string, string[]>();
  for (const f of fields) {
    if (f.control.getAttribute('role') === 'combobox' && f.control.getAttribute('aria-required') === 'true' && !f.control.disabled && !f.value())
      errors.set(f.name, [`Choose the ${f.label.toLowerCase()} from the list.`]);
  }
  return errors.size ? errors : null;
}

function checks(...results: (Map<string, string[]> | null | undefined)[]): Map<string, string[]> | null {
  const all = new Map<string, string[]>();
  for (const result of results) for (const [name, messages] of result ?? []) all.set(name, [...(all.get(name) ?? []), ...messages]);
  return all.size ? all : null;
}
