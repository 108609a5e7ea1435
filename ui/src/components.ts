import { fieldAccess, type RecordType } from './access';
import { ApiError } from './api';
import { append, h, uid, type Child } from './dom';
import { describe, fieldMessage, splitFieldErrors, type Problem } from './problem';
import { state } from './state';

/** An error banner; role=alert so screen readers announce it as soon as it is filled. */
export function banner(): { el: HTMLElement; show(message: string | Problem, ...actions: Child[]): void; clear(): void } {
  const el = h('div', { class: 'banner', role: 'alert', hidden: true });
  return {
    el,
    show(message, ...actions) {
      el.replaceChildren();
      append(el, [h('p', null, typeof message === 'string' ? message : describe(message)), actions.length ? h('p', { class: 'actions' }, ...actions) : null]);
      el.hidden = false;
    },
    clear() {
      el.replaceChildren();
      el.hidden = true;
    },
  };
}

export function problemOf(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  return { type: 'about:blank', title: 'Something went wrong', status: 0, detail: error instanceof Error ? error.message : String(error) };
}

/** A message carried across one navigation ("Account created."). */
let flash: string | null = null;
export function setFlash(message: string): void {
  flash = message;
}
export function takeFlash(): HTMLElement | null {
  const message = flash;
  flash = null;
  return message ? h('p', { class: 'flash', role: 'status' }, message) : null;
}

export function pageHeader(title: string, ...actions: Child[]): HTMLElement {
  const shown = actions.filter((a) => a !== null && a !== undefined && a !== false);
  return h('div', { class: 'page-header' }, h('h1', { tabindex: -1 }, title), shown.length ? h('div', { class: 'actions' }, ...shown) : null);
}

export function button(label: string, onClick: (e: MouseEvent) => void, kind: 'primary' | 'secondary' | 'danger' = 'secondary', attrs: Record<string, unknown> = {}): HTMLButtonElement {
  return h('button', { type: 'button', class: `btn btn-${kind}`, onclick: onClick, ...attrs }, label);
}

export function linkButton(label: string, href: string, kind: 'primary' | 'secondary' = 'secondary'): HTMLAnchorElement {
  return h('a', { class: `btn btn-${kind}`, href }, label);
}

export interface Field {
  name: string;
  label: string;
  /** Receives focus and aria-invalid/aria-describedby. */
  control: HTMLElement & { disabled: boolean };
  wrap: HTMLElement;
  error: HTMLElement;
  value(): string;
}

export interface FieldSpec {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'tel' | 'url' | 'password' | 'date' | 'number' | 'datetime-local';
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  maxlength?: number;
}

export function textField(spec: FieldSpec, initial = ''): Field {
  const id = uid(`f-${spec.name}`);
  const hintId = spec.hint ? `${id}-hint` : undefined;
  const control = h('input', {
    id,
    name: spec.name,
    type: spec.type ?? 'text',
    value: initial,
    required: spec.required,
    'aria-required': spec.required ? 'true' : undefined,
    autocomplete: spec.autocomplete ?? 'off',
    maxlength: spec.maxlength,
    'aria-describedby': hintId,
  });
  return fieldWrap(spec.name, id, spec.label, control, () => control.value, spec.required, spec.hint, hintId);
}

export function selectField(spec: { name: string; label: string; required?: boolean; hint?: string }, options: { value: string; label: string }[], initial = ''): Field {
  const id = uid(`f-${spec.name}`);
  const hintId = spec.hint ? `${id}-hint` : undefined;
  const control = h(
    'select',
    { id, name: spec.name, 'aria-required': spec.required ? 'true' : undefined, 'aria-describedby': hintId },
    options.map((o) => h('option', { value: o.value, selected: o.value === initial }, o.label)),
  );
  return fieldWrap(spec.name, id, spec.label, control, () => control.value, spec.required, spec.hint, hintId);
}

export function textareaField(spec: { name: string; label: string; hint?: string; maxlength?: number; rows?: number }, initial = ''): Field {
  const id = uid(`f-${spec.name}`);
  const hintId = spec.hint ? `${id}-hint` : undefined;
  const control = h('textarea', { id, name: spec.name, rows: spec.rows ?? 4, maxlength: spec.maxlength, 'aria-describedby': hintId }, initial);
  const field = fieldWrap(spec.name, id, spec.label, control, () => control.value, false, spec.hint, hintId);
  field.wrap.classList.add('field-wide');
  return field;
}

/** A set of checkboxes in a fieldset; value() is the checked values joined by commas, checked() the list. */
export function checkboxGroup(spec: { name: string; label: string; hint?: string }, options: { value: string; label: string }[], initial: readonly string[]): Field & { checked(): string[] } {
  const id = uid(`f-${spec.name}`);
  const hintId = spec.hint ? `${id}-hint` : undefined;
  const boxes = options.map((o) => h('input', { type: 'checkbox', name: spec.name, value: o.value, checked: initial.includes(o.value) }));
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const control = h(
    'fieldset',
    { id, class: 'checks', 'aria-describedby': hintId },
    h('legend', null, spec.label),
    options.length ? boxes.map((box, i) => h('label', { class: 'check' }, box, ` ${options[i]!.label}`)) : h('p', { class: 'muted' }, 'None defined yet.'),
  );
  const checked = () => boxes.filter((b) => b.checked).map((b) => b.value);
  const wrap = h('div', { class: 'field field-wide' }, control, spec.hint ? h('p', { class: 'hint', id: hintId }, spec.hint) : null, error);
  return { name: spec.name, label: spec.label, control, wrap, error, value: () => checked().join(','), checked };
}

/**
 * A group of radio buttons as one form field, so errors (`account`, `onDuplicate`) show next
 * to it. An option's `hint` is a line under it that its radio is described by.
 */
export function radioGroup(name: string, legend: string, options: { value: string; label: string; hint?: string; extra?: HTMLElement }[], initial: string): Field & { selected(): string } {
  const id = uid(`f-${name}`);
  const radios = options.map((o, i) => h('input', { type: 'radio', name: id, value: o.value, checked: o.value === initial, 'aria-describedby': o.hint ? `${id}-${i}-hint` : undefined }));
  const control = h(
    'fieldset',
    { id, class: 'choices', tabindex: -1 },
    h('legend', null, legend),
    options.map((o, i) =>
      h('div', { class: 'choice' }, h('label', { class: 'check' }, radios[i], ` ${o.label}`), o.hint ? h('p', { class: 'hint choice-hint', id: `${id}-${i}-hint` }, o.hint) : null, o.extra ?? null),
    ),
  );
  const selected = () => radios.find((r) => r.checked)?.value ?? '';
  const field = fieldWrap(name, id, legend, control as unknown as Field['control'], selected);
  field.wrap.querySelector('label[for]')?.remove();
  field.wrap.classList.add('field-wide');
  return { ...field, selected };
}

export function fieldWrap(name: string, id: string, label: string, control: Field['control'], value: () => string, required?: boolean, hint?: string, hintId?: string, ...extra: Child[]): Field {
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const wrap = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label, required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    control,
    ...extra,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    error,
  );
  return { name, label, control, wrap, error, value };
}

export function setFieldError(field: Field, messages: string[] | null): void {
  const describedBy = (field.control.getAttribute('aria-describedby') ?? '').split(' ').filter((v) => v && v !== field.error.id);
  if (messages && messages.length) {
    field.error.textContent = messages.map((m) => fieldMessage(field.label, m)).join(' ');
    field.error.hidden = false;
    field.control.setAttribute('aria-invalid', 'true');
    describedBy.push(field.error.id);
  } else {
    field.error.textContent = '';
    field.error.hidden = true;
    field.control.removeAttribute('aria-invalid');
  }
  if (describedBy.length) field.control.setAttribute('aria-describedby', describedBy.join(' '));
  else field.control.removeAttribute('aria-describedby');
}

export interface FormHandle {
  el: HTMLFormElement;
  banner: ReturnType<typeof banner>;
  values(): Record<string, string>;
  /** Shows a failed request: field errors next to their fields, anything else in the banner. */
  showProblem(problem: Problem, ...actions: Child[]): void;
  clearErrors(): void;
  fields: Field[];
}

export function form(
  fields: Field[],
  opts: { submitLabel: string; onSubmit(form: FormHandle): Promise<void>; onCancel?: () => void; label: string; validate?: () => Map<string, string[]> | null },
): FormHandle {
  const errors = banner();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, opts.submitLabel);
  // noValidate: the API's messages are the ones shown, in one place, the same for every client.
  const el = h(
    'form',
    { class: 'form', novalidate: true, 'aria-label': opts.label },
    errors.el,
    h('div', { class: 'fields' }, fields.map((f) => f.wrap)),
    h('div', { class: 'actions' }, submit, opts.onCancel ? button('Cancel', opts.onCancel) : null),
  );
  const handle: FormHandle = {
    el,
    banner: errors,
    fields,
    values: () => Object.fromEntries(fields.map((f) => [f.name, f.value()])),
    clearErrors() {
      errors.clear();
      for (const f of fields) setFieldError(f, null);
    },
    showProblem(problem, ...actions) {
      handle.clearErrors();
      const { byField, other } = splitFieldErrors(problem, fields.map((f) => f.name));
      showFieldErrors(byField);
      const summary = byField.size ? `Please correct the highlighted field${byField.size > 1 ? 's' : ''}.` : describe(problem);
      errors.show([summary, ...other].join(' '), ...actions);
      const firstInvalid = fields.find((f) => byField.has(f.name));
      (firstInvalid?.control ?? errors.el).focus();
    },
  };
  function showFieldErrors(byField: Map<string, string[]>) {
    for (const f of fields) setFieldError(f, byField.get(f.name) ?? null);
  }
  errors.el.tabIndex = -1;
  el.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    const local = opts.validate?.();
    if (local && local.size) {
      handle.showProblem({ type: 'about:blank', title: 'Invalid input', status: 400, errors: [...local].flatMap(([name, details]) => details.map((detail) => ({ name, pointer: `/${name}`, detail }))) });
      return;
    }
    submit.disabled = true;
    el.setAttribute('aria-busy', 'true');
    try {
      await opts.onSubmit(handle);
    } finally {
      submit.disabled = false;
      el.removeAttribute('aria-busy');
    }
  });
  return handle;
}

/** A modal confirm built on <dialog>, which traps focus and closes on Escape natively. */
export function confirmDialog(message: string, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const titleId = uid('dlg');
    const dialog = h(
      'dialog',
      { class: 'dialog', 'aria-labelledby': titleId },
      h('p', { id: titleId }, message),
      h('form', { method: 'dialog', class: 'actions' }, h('button', { value: 'cancel', class: 'btn btn-secondary', autofocus: true }, 'Cancel'), h('button', { value: 'ok', class: 'btn btn-danger' }, confirmLabel)),
    );
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'ok');
    });
    document.body.appendChild(dialog);
    dialog.showModal();
  });
}

export interface Column<T> {
  label: string;
  cell(item: T): Child;
  /** The record field the column shows; left out when field security hides it. */
  field?: string;
}

/** A table that collapses to labelled cards on narrow screens (see .table in app.css). */
export function table<T>(caption: string, columns: Column<T>[], items: T[]): { el: HTMLTableElement; add(items: T[]): void } {
  const body = h('tbody');
  const add = (rows: T[]) => {
    for (const item of rows) body.appendChild(h('tr', null, columns.map((c) => h('td', { 'data-label': c.label }, c.cell(item)))));
  };
  add(items);
  const el = h('table', { class: 'table' }, h('caption', { class: 'sr-only' }, caption), h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col' }, c.label)))), body);
  return { el, add };
}

/** One row of a record's <dl>; an empty value shows a dash, not a blank. */
export function row(label: string, value: Child): HTMLElement {
  return h('div', null, h('dt', null, label), h('dd', null, value === undefined || value === null || value === '' ? h('span', { class: 'muted' }, '—') : value));
}

/** Saves a response body as a file; used where a plain link cannot carry the bearer token. */
export async function saveBlob(res: Response, filename: string): Promise<void> {
  const blob = await res.blob();
  const objectUrl = URL.createObjectURL(blob);
  const a = h('a', { href: objectUrl, download: filename, hidden: true });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(objectUrl), 10_000);
}

/**
 * Field-level security in a form: fields the profile may not see are left out, read-only
 * ones are shown disabled with a note. (The API refuses writes to either anyway.)
 */
export function secureFields(type: RecordType, fields: Field[], nameOf: (field: Field) => string = (f) => f.name): Field[] {
  return fields.filter((field) => {
    const access = fieldAccess(state.me, type, nameOf(field));
    if (access === 'hidden') return false;
    if (access === 'read-only') {
      field.control.disabled = true;
      const noteId = `${field.control.id}-ro`;
      field.control.setAttribute('aria-describedby', [field.control.getAttribute('aria-describedby'), noteId].filter(Boolean).join(' '));
      field.wrap.insertBefore(h('p', { class: 'hint', id: noteId }, 'Read-only for your profile.'), field.error);
    }
    return true;
  });
}

/** Whether a record field may be shown (false when field security hides it). */
export const visibleField = (type: RecordType, field: string) => fieldAccess(state.me, type, field) !== 'hidden';
