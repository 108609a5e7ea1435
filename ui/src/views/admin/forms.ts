/**
 * Web forms: the list (with each form's submissions and leads), a new form from a ready
 * template or blank, and the builder (fields with labels per language, mappings to lead
 * fields, options, hidden values, consent texts; thank-you, origins, owner, protection),
 * with the embed codes and the statistics of a saved form. Every builder input carries
 * the data-path the API names its errors with (fields.2.label.de, allowedOrigins.0), so a
 * refused save marks the right inputs.
 */
import { api } from '../../api';
import { clearBuilderErrors, showBuilderErrors } from '../../builder-errors';
import type { EmailTemplate } from '../../automation';
import { banner, button, confirmDialog, linkButton, problemOf, setFlash, table, takeFlash } from '../../components';
import { debounce, fill, h, uid, type Child } from '../../dom';
import {
  CAPTCHA_LABELS,
  CAPTCHA_PROVIDERS,
  FIELD_TYPE_LABELS,
  FORM_FIELD_TYPES,
  FORM_TEMPLATES,
  TEMPLATE_LABELS,
  addLanguage,
  emptyField,
  emptyFormDraft,
  errorPath,
  errorTargets,
  formBody,
  formDraft,
  move,
  pathLabel,
  removeLanguage,
  statRates,
  takesMapping,
  takesMaxLength,
  takesOptions,
  takesPattern,
  takesRange,
  takesRequired,
  type DraftError,
  type FieldDraft,
  type Form,
  type FormDraft,
  type FormEmbed,
  type FormFieldType,
  type FormStats,
  type FormTemplateName,
  type Localized,
  mappingTargets,
  type MappingTarget,
} from '../../forms';
import { personTag } from '../../people';
import { userPicker } from '../../picker';
import { href } from '../../router';
import { loadCustomFields } from '../../sales-data';
import { formatDate } from '../../values';
import { adminPage } from './layout';
import { loadGroups, loadOpenApi } from './workflow-data';

export const formPath = (id: string) => `/forms/${encodeURIComponent(id)}`;
export const editHref = (id: string) => href(`/admin/forms/${encodeURIComponent(id)}`);
export const submissionsHref = (id: string, status?: string) => href(`/admin/forms/${encodeURIComponent(id)}/submissions`, { status });

const settle = async <T>(p: Promise<T>, fallback: T): Promise<T> => {
  try {
    return await p;
  } catch {
    return fallback;
  }
};

let languageNames: Intl.DisplayNames | null = null;
/** "de" → "German"; the tag itself when the browser does not know it. */
function languageName(tag: string): string {
  try {
    languageNames ??= new Intl.DisplayNames(['en'], { type: 'language' });
    return languageNames.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/* ------------------------------------------------------------------ list */

export async function formsList(root: HTMLElement): Promise<void> {
  const errors = banner();
  const status = h('p', { class: 'status', role: 'status' }, 'Loading forms…');
  const results = h('div', { class: 'results' });
  const flash = takeFlash();
  fill(
    root,
    ...adminPage('forms', 'Web forms', []),
    h('p', { class: 'muted' }, 'Forms for your website: each submission becomes a lead (or an activity on the person when they are known already). Put a form on a site with its hosted page, a script tag or plain HTML.'),
    flash,
    errors.el,
    newFormCard(errors),
    status,
    results,
  );
  let items: Form[];
  try {
    items = (await api<{ items: Form[] }>('GET', '/forms')).items;
  } catch (error) {
    status.textContent = '';
    return errors.show(problemOf(error));
  }

  const remove = async (f: Form) => {
    if (!(await confirmDialog(`Delete the form ${f.name}? Its submissions are kept, but sites using it can no longer send it.`, 'Delete'))) return;
    try {
      await api('DELETE', formPath(f.formId));
      items = items.filter((i) => i.formId !== f.formId);
      errors.clear();
      draw(`${f.name} deleted.`);
    } catch (error) {
      errors.show(problemOf(error));
    }
  };

  function draw(message?: string) {
    status.textContent = message ?? (items.length ? `${items.length} form${items.length === 1 ? '' : 's'}.` : '');
    if (!items.length) return fill(results, h('p', { class: 'muted' }, 'No forms yet. Start one from a template above.'));
    fill(
      results,
      table(
        'Web forms',
        [
          { label: 'Name', cell: (f: Form) => [h('a', { href: editHref(f.formId) }, f.name), h('div', { class: 'muted small' }, `${f.fields.length} field${f.fields.length === 1 ? '' : 's'} · ${f.languages.join(', ')}`)] },
          { label: 'Status', cell: (f) => h('span', { class: `badge${f.status === 'active' ? ' badge-on' : ' badge-off'}` }, f.status === 'active' ? 'Active' : 'Disabled') },
          { label: 'Submissions · leads', cell: (f) => statsCell(f) },
          { label: 'Changed', cell: (f) => formatDate(f.updatedAt) },
          {
            label: 'Actions',
            cell: (f) =>
              h(
                'span',
                { class: 'actions' },
                h('a', { class: 'btn btn-secondary btn-small', href: editHref(f.formId), 'aria-label': `Edit ${f.name}` }, 'Edit'),
                h('a', { class: 'btn btn-secondary btn-small', href: submissionsHref(f.formId), 'aria-label': `Submissions of ${f.name}` }, 'Submissions'),
                button('Delete', () => void remove(f), 'danger', { class: 'btn btn-danger btn-small', 'aria-label': `Delete ${f.name}` }),
              ),
          },
        ],
        items,
      ).el,
    );
  }
  draw();
}

/** Submissions and leads of a form, fetched on their own so the list shows at once. */
function statsCell(f: Form): HTMLElement {
  const cell = h('span', { class: 'muted small' }, '…');
  void api<FormStats>('GET', `${formPath(f.formId)}/stats`).then(
    (s) => fill(cell, h('a', { href: submissionsHref(f.formId), 'aria-label': `${f.name}: ${s.submissions} submissions, ${s.leads} leads` }, `${s.submissions} · ${s.leads}`)),
    () => fill(cell, '—'),
  );
  return cell;
}

/** "New form": from a ready template (created at once), or a blank one in the builder. */
function newFormCard(errors: ReturnType<typeof banner>): HTMLElement {
  const headingId = uid('newform');
  const startId = uid('start');
  const nameId = uid('name');
  const start = h('select', { id: startId }, [...FORM_TEMPLATES.map((t) => h('option', { value: t }, `Template: ${TEMPLATE_LABELS[t]}`)), h('option', { value: '' }, 'Blank form')]);
  const name = h('input', { id: nameId, type: 'text', maxlength: 120, autocomplete: 'off', 'aria-describedby': `${nameId}-hint` });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Create form');
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const template = start.value as FormTemplateName | '';
    if (!template) {
      location.hash = href('/admin/forms/new', { name: name.value.trim() || undefined });
      return;
    }
    submit.disabled = true;
    try {
      const created = await api<Form>('POST', '/forms', { template, ...(name.value.trim() ? { name: name.value.trim() } : {}) });
      setFlash(`${created.name} created from the template ${TEMPLATE_LABELS[template]}. Adjust it, then put it on your site.`);
      location.hash = editHref(created.formId);
    } catch (error) {
      errors.show(problemOf(error));
      errors.el.focus();
    } finally {
      submit.disabled = false;
    }
  };
  errors.el.tabIndex = -1;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'New form'),
    h(
      'form',
      { class: 'inline-form', 'aria-labelledby': headingId, onsubmit: onSubmit },
      h('div', { class: 'field' }, h('label', { for: startId }, 'Start from'), start),
      h('div', { class: 'field' }, h('label', { for: nameId }, 'Name'), name, h('p', { class: 'hint', id: `${nameId}-hint` }, 'Optional for a template')),
      submit,
    ),
  );
}

/* ------------------------------------------------------------------ builder */

interface BuilderData {
  targets: MappingTarget[];
  emailTemplates: EmailTemplate[];
  groups: { id: string; name: string }[];
}

async function loadFormBuilderData(): Promise<BuilderData> {
  const [doc, custom, emailTemplates, groups] = await Promise.all([
    settle(loadOpenApi(), null),
    settle(loadCustomFields().then((d) => d.settings.lead ?? []), []),
    settle(api<{ items: EmailTemplate[] }>('GET', '/email-templates').then((r) => r.items), []),
    settle(loadGroups(), []),
  ]);
  return { targets: mappingTargets(doc, custom), emailTemplates, groups };
}

export async function formEditor(root: HTMLElement, id: string): Promise<void> {
  const isNew = id === 'new';
  const errors = banner();
  errors.el.tabIndex = -1;
  const title = isNew ? 'New form' : 'Edit form';
  const flash = takeFlash();
  fill(root, ...adminPage('forms', title, []), h('p', { class: 'status', role: 'status' }, 'Loading…'));
  let data: BuilderData;
  let saved: Form | null;
  try {
    [data, saved] = await Promise.all([loadFormBuilderData(), isNew ? Promise.resolve(null) : api<Form>('GET', formPath(id))]);
  } catch (error) {
    fill(root, ...adminPage('forms', title, []), errors.el);
    return errors.show(problemOf(error));
  }
  const draft = saved ? formDraft(saved) : emptyFormDraft();
  if (!saved) {
    const name = new URLSearchParams(location.hash.split('?')[1] ?? '').get('name');
    if (name) draft.name = name;
  }
  new FormBuilder(root, draft, data, saved, errors, flash).draw();
}

interface Sel {
  value: string;
  label: string;
}

class FormBuilder {
  /** Copy values that inputs do not report by events (the user picker) into the draft. */
  private syncers: (() => void)[] = [];
  private status = h('p', { class: 'status', role: 'status' });
  private saving = false;
  private preview = h('div', { class: 'form-preview' });
  private panels = h('div', { class: 'form-panels' });
  private embed: FormEmbed | null = null;
  private stats: FormStats | null = null;

  constructor(
    private root: HTMLElement,
    private draft: FormDraft,
    private data: BuilderData,
    private saved: Form | null,
    private errors: ReturnType<typeof banner>,
    private flash: HTMLElement | null,
  ) {
    if (saved) void this.loadPanels();
  }

  private sync() {
    for (const s of this.syncers) s();
  }

  /** Draws the whole builder from the draft; focus returns to the input it was on (or `focusPath`). */
  draw(focusPath?: string) {
    const active = document.activeElement?.getAttribute('data-path') ?? undefined;
    this.syncers = [];
    const saved = this.saved;
    const heading = saved ? `Edit: ${saved.name}` : 'New form';
    const refreshPreview = debounce(() => this.drawPreview(), 250);
    fill(
      this.root,
      ...adminPage('forms', heading, [saved ? linkButton('Submissions', submissionsHref(saved.formId)) : null, linkButton('All forms', href('/admin/forms'))]),
      this.flash,
      this.errors.el,
      h(
        'div',
        { class: 'form-builder-layout' },
        h(
          'form',
          {
            class: 'workflow-builder form-builder',
            novalidate: true,
            'aria-label': heading,
            onsubmit: (e: Event) => (e.preventDefault(), void this.save()),
            oninput: refreshPreview,
            onchange: refreshPreview,
          },
          this.settingsSection(),
          this.fieldsSection(),
          this.afterSection(),
          this.leadsSection(),
          this.protectionSection(),
          h(
            'div',
            { class: 'actions sticky-actions' },
            h('button', { type: 'submit', class: 'btn btn-primary' }, saved ? 'Save form' : 'Create form'),
            linkButton('Cancel', href('/admin/forms')),
            saved ? button('Delete form', () => void this.remove(), 'danger') : null,
          ),
          this.status,
        ),
        this.preview,
      ),
      saved ? h('p', { class: 'meta' }, `Version ${saved.version} · last changed ${formatDate(saved.updatedAt)} by `, personTag(saved.updatedBy)) : null,
      this.panels,
    );
    this.drawPreview();
    this.drawPanels();
    const target = focusPath ?? active;
    if (target) this.root.querySelector<HTMLElement>(`[data-path="${CSS.escape(target)}"]`)?.focus();
  }

  private redraw = (focusPath?: string) => {
    this.sync();
    this.draw(focusPath);
  };

  /* -------------------------------------------------------------- inputs */

  private field(label: string, control: HTMLElement, hint?: string, wide = false): HTMLElement {
    const id = control.id || uid('fb');
    control.id = id;
    const hintId = hint ? `${id}-hint` : undefined;
    if (hintId) control.setAttribute('aria-describedby', hintId);
    return h('div', { class: wide ? 'field field-wide' : 'field' }, h('label', { for: id }, label), control, hint ? h('p', { class: 'hint', id: hintId }, hint) : null);
  }

  private text(path: string, value: string, set: (v: string) => void, attrs: Record<string, unknown> = {}): HTMLInputElement {
    const input = h('input', { type: 'text', value, 'data-path': path, autocomplete: 'off', ...attrs });
    input.addEventListener('input', () => set(input.value));
    return input;
  }

  private textarea(path: string, value: string, set: (v: string) => void, attrs: Record<string, unknown> = {}): HTMLTextAreaElement {
    const area = h('textarea', { 'data-path': path, rows: 2, ...attrs }, value);
    area.addEventListener('input', () => set(area.value));
    return area;
  }

  private select(path: string, options: Sel[], value: string, set: (v: string) => void, redraw = false): HTMLSelectElement {
    const known = options.some((o) => o.value === value);
    const all = known || value === '' ? options : [...options, { value, label: value }];
    const select = h('select', { 'data-path': path }, all.map((o) => h('option', { value: o.value, selected: o.value === value }, o.label)));
    select.addEventListener('change', () => {
      set(select.value);
      if (redraw) this.redraw(path);
    });
    return select;
  }

  private checkbox(path: string, label: string, checked: boolean, set: (v: boolean) => void, hint?: string): HTMLElement {
    const id = uid('fb');
    const hintId = hint ? `${id}-hint` : undefined;
    const box = h('input', { type: 'checkbox', id, checked, 'data-path': path, 'aria-describedby': hintId });
    box.addEventListener('change', () => set(box.checked));
    return h('div', { class: 'field field-check' }, h('label', { class: 'check', for: id }, box, ` ${label}`), hint ? h('p', { class: 'hint', id: hintId }, hint) : null);
  }

  /** One input per language of the form, in a group named `label`; the texts live in `texts`. */
  private localized(path: string, label: string, texts: Localized, options: { multiline?: boolean; maxlength?: number; hint?: string } = {}): HTMLElement {
    const hintId = options.hint ? uid('hint') : undefined;
    return h(
      'fieldset',
      { class: 'localized', 'data-path': path, 'aria-describedby': hintId },
      h('legend', null, label),
      options.hint ? h('p', { class: 'hint', id: hintId }, options.hint) : null,
      this.draft.languages.map((language) => {
        const set = (v: string) => (texts[language] = v);
        const attrs = { maxlength: options.maxlength ?? 2000, lang: language };
        const control = options.multiline ? this.textarea(`${path}.${language}`, texts[language] ?? '', set, attrs) : this.text(`${path}.${language}`, texts[language] ?? '', set, attrs);
        return this.field(`${label} (${language})`, control);
      }),
    );
  }

  /* -------------------------------------------------------------- sections */

  private settingsSection(): HTMLElement {
    const d = this.draft;
    const newLanguage = h('input', { type: 'text', 'data-path': 'newLanguage', maxlength: 5, placeholder: 'fr', class: 'narrow', autocomplete: 'off' });
    const languageError = h('p', { class: 'field-error', id: uid('lang-error'), hidden: true });
    const add = () => {
      const problem = addLanguage(d, newLanguage.value);
      if (problem) {
        languageError.textContent = `The language ${problem}.`;
        languageError.hidden = false;
        newLanguage.setAttribute('aria-invalid', 'true');
        newLanguage.setAttribute('aria-describedby', languageError.id);
        newLanguage.focus();
        return;
      }
      this.redraw('newLanguage');
    };
    newLanguage.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        add();
      }
    });
    return h(
      'fieldset',
      { class: 'card builder-section' },
      h('legend', null, 'Form'),
      h(
        'div',
        { class: 'builder-grid' },
        this.field('Name', this.text('name', d.name, (v) => (d.name = v), { maxlength: 120, required: true, 'aria-required': 'true' })),
        this.field(
          'Status',
          this.select('status', [{ value: 'active', label: 'Active: sites can show and send it' }, { value: 'disabled', label: 'Disabled: nobody can send it' }], d.status, (v) => (d.status = v as 'active' | 'disabled')),
        ),
      ),
      h(
        'fieldset',
        { class: 'nested-group', 'data-path': 'languages' },
        h('legend', null, 'Languages'),
        h('p', { class: 'hint' }, 'Each text of the form is written in every language; the first is used when a visitor’s language is not offered.'),
        h(
          'ul',
          { class: 'lang-list' },
          d.languages.map((language, i) =>
            h(
              'li',
              { 'data-path': `languages.${i}`, tabindex: -1 },
              h('span', { lang: 'en' }, `${languageName(language)} (${language})${i === 0 ? ' · fallback' : ''}`),
              d.languages.length > 1
                ? button('Remove', () => (this.sync(), removeLanguage(d, language), this.redraw('newLanguage')), 'danger', { class: 'btn btn-danger btn-small', 'aria-label': `Remove the language ${language}` })
                : null,
            ),
          ),
        ),
        h('div', { class: 'inline-form' }, h('label', { for: (newLanguage.id = uid('fb')) }, 'Add a language'), newLanguage, button('Add language', add), languageError),
      ),
    );
  }

  private mappingOptions(): Sel[] {
    return [{ value: '', label: 'None: kept on the submission only' }, ...this.data.targets.map((t) => ({ value: t.name, label: t.label }))];
  }

  private fieldInputs(f: FieldDraft, path: string, n: number): Child[] {
    const out: Child[] = [
      this.field('Key', this.text(`${path}.key`, f.key, (v) => (f.key = v), { maxlength: 40, required: true, 'aria-required': 'true', spellcheck: 'false' }), 'The name its value has in a submission: a letter, then letters, digits, _'),
      this.field('Type', this.select(`${path}.type`, FORM_FIELD_TYPES.map((t) => ({ value: t, label: FIELD_TYPE_LABELS[t] })), f.type, (v) => (f.type = v as FormFieldType), true)),
    ];
    if (takesMapping(f.type))
      out.push(this.field('Fills the lead field', this.select(`${path}.mapsTo`, this.mappingOptions(), f.mapsTo, (v) => (f.mapsTo = v)), f.type === 'hidden' ? 'e.g. Campaign or Source' : undefined));
    if (takesRequired(f.type)) out.push(this.checkbox(`${path}.required`, f.type === 'consent' ? 'Must be ticked' : 'Required', f.required, (v) => (f.required = v)));
    if (f.type === 'hidden') out.push(this.field('Value', this.text(`${path}.value`, f.value, (v) => (f.value = v), { maxlength: 500 }), 'Sent with every submission, e.g. spring-campaign'));
    if (takesMaxLength(f.type)) out.push(this.field('Maximum length', this.text(`${path}.maxLength`, f.maxLength, (v) => (f.maxLength = v), { inputmode: 'numeric', class: 'narrow' }), 'Characters; empty for the default'));
    if (takesRange(f.type)) {
      out.push(this.field('Minimum', this.text(`${path}.min`, f.min, (v) => (f.min = v), { inputmode: 'decimal', class: 'narrow' })));
      out.push(this.field('Maximum', this.text(`${path}.max`, f.max, (v) => (f.max = v), { inputmode: 'decimal', class: 'narrow' })));
    }
    if (takesPattern(f.type)) out.push(this.field('Pattern', this.text(`${path}.pattern`, f.pattern, (v) => (f.pattern = v), { maxlength: 200, spellcheck: 'false' }), 'A regular expression the value must match, e.g. ^[A-Z]{2}[0-9]{4}$'));
    const texts: Child[] = [this.localized(`${path}.label`, 'Label', f.label, { maxlength: 500 })];
    if (f.type === 'consent') texts.push(this.localized(`${path}.consentText`, 'Consent text', f.consentText, { multiline: true, hint: 'What the visitor agrees to; stored with each submission' }));
    if (f.type !== 'hidden') texts.push(this.localized(`${path}.help`, 'Help text', f.help, { hint: 'Optional, shown below the input' }));
    if (takesOptions(f.type)) texts.push(this.optionsEditor(f, path, n));
    return [h('div', { class: 'builder-grid' }, out), h('div', { class: 'field-texts' }, texts)];
  }

  private optionsEditor(f: FieldDraft, path: string, n: number): HTMLElement {
    const items = f.options.map((o, j) => {
      const m = j + 1;
      const optionPath = `${path}.options.${j}`;
      return h(
        'li',
        null,
        h(
          'fieldset',
          { class: 'nested-group', 'data-path': optionPath },
          h('legend', null, `Choice ${m}`),
          h('div', { class: 'builder-grid' }, this.field('Value', this.text(`${optionPath}.value`, o.value, (v) => (o.value = v), { maxlength: 200 }), 'What the submission holds')),
          this.localized(`${optionPath}.label`, 'Shown as', o.label, { maxlength: 200 }),
          h(
            'div',
            { class: 'actions' },
            button('Remove', () => (this.sync(), f.options.splice(j, 1), this.draw(`${path}.newOption`)), 'danger', { class: 'btn btn-danger btn-small', 'aria-label': `Remove choice ${m} of field ${n}` }),
          ),
        ),
      );
    });
    return h(
      'fieldset',
      { class: 'nested-group', 'data-path': `${path}.options` },
      h('legend', null, 'Choices'),
      items.length ? h('ol', { class: 'option-list' }, items) : h('p', { class: 'muted small' }, 'A list needs at least one choice.'),
      button(
        'Add choice',
        () => {
          this.sync();
          f.options.push({ value: '', label: {} });
          this.draw(`${path}.options.${f.options.length - 1}.value`);
        },
        'secondary',
        { 'data-path': `${path}.newOption`, 'aria-label': `Add a choice to field ${n}` },
      ),
    );
  }

  private fieldTitle(f: FieldDraft): string {
    const first = this.draft.languages[0] ?? 'en';
    return f.label[first]?.trim() || f.key.trim() || FIELD_TYPE_LABELS[f.type];
  }

  private fieldsSection(): HTMLElement {
    const fields = this.draft.fields;
    const shift = (i: number, by: number) => {
      this.sync();
      const to = move(fields, i, by);
      this.draw(`fields.${to}.key`);
    };
    const items = fields.map((f, i) => {
      const path = `fields.${i}`;
      const n = i + 1;
      const legendId = uid('field');
      return h(
        'li',
        { class: 'action-item' },
        h(
          'fieldset',
          { class: 'action-card', 'data-path': path, 'aria-labelledby': legendId },
          h('legend', { id: legendId }, `Field ${n}: ${this.fieldTitle(f)}`),
          this.fieldInputs(f, path, n),
          h(
            'div',
            { class: 'actions' },
            i > 0 ? button('Move up', () => shift(i, -1), 'secondary', { class: 'btn btn-secondary btn-small', 'aria-label': `Move field ${n} up` }) : null,
            i < fields.length - 1 ? button('Move down', () => shift(i, 1), 'secondary', { class: 'btn btn-secondary btn-small', 'aria-label': `Move field ${n} down` }) : null,
            button('Remove', () => (this.sync(), fields.splice(i, 1), this.draw(fields.length ? `fields.${Math.max(0, i - 1)}.key` : 'newField')), 'danger', { class: 'btn btn-danger btn-small', 'aria-label': `Remove field ${n}` }),
          ),
        ),
      );
    });
    const newType = h('select', { 'aria-label': 'Type of the new field', 'data-path': 'newField' }, FORM_FIELD_TYPES.map((t) => h('option', { value: t }, FIELD_TYPE_LABELS[t])));
    return h(
      'fieldset',
      { class: 'card builder-section', 'data-path': 'fields' },
      h('legend', null, 'Fields, in order'),
      items.length ? h('ol', { class: 'action-list' }, items) : h('p', { class: 'muted small' }, 'A form needs at least one field, and one that fills the lead’s email.'),
      h(
        'div',
        { class: 'actions' },
        newType,
        button('Add field', () => {
          this.sync();
          const type = newType.value as FormFieldType;
          fields.push(emptyField(type));
          this.draw(`fields.${fields.length - 1}.key`);
        }),
      ),
    );
  }

  private afterSection(): HTMLElement {
    const d = this.draft;
    const mode = this.select(
      'thankYou',
      [{ value: 'message', label: 'Show a thank-you message' }, { value: 'redirect', label: 'Go to a page of your site' }],
      d.thankYouMode,
      (v) => (d.thankYouMode = v as 'message' | 'redirect'),
      true,
    );
    return h(
      'fieldset',
      { class: 'card builder-section' },
      h('legend', null, 'Sending'),
      this.localized('submitLabel', 'Submit button', d.submitLabel, { maxlength: 100 }),
      h('div', { class: 'builder-grid' }, this.field('After sending', mode)),
      d.thankYouMode === 'message'
        ? this.localized('thankYou.message', 'Thank-you message', d.thankYouMessage, { multiline: true })
        : h('div', { class: 'builder-grid' }, this.field('Redirect to', this.text('thankYou.redirectUrl', d.redirectUrl, (v) => (d.redirectUrl = v), { type: 'url', maxlength: 2000, placeholder: 'https://' }), 'The page visitors land on after sending')),
    );
  }

  private leadsSection(): HTMLElement {
    const d = this.draft;
    const mode = this.select(
      'owner',
      [{ value: 'user', label: 'A user' }, { value: 'group', label: 'Round-robin in a group' }],
      d.ownerMode,
      (v) => (d.ownerMode = v as 'user' | 'group'),
      true,
    );
    let who: Child;
    if (d.ownerMode === 'group') {
      const control = this.data.groups.length
        ? this.select('owner.groupId', [{ value: '', label: 'Choose a group' }, ...this.data.groups.map((g) => ({ value: g.id, label: g.name }))], d.ownerGroupId, (v) => (d.ownerGroupId = v))
        : this.text('owner.groupId', d.ownerGroupId, (v) => (d.ownerGroupId = v.trim()), { maxlength: 63 });
      who = this.field('Group', control, 'New leads go to its active members in turn');
    } else {
      const picker = userPicker({ name: 'owner.userId', label: 'Owner', hint: 'Type the start of the name, then pick from the list. Empty: the form’s creator.', initialId: d.ownerUserId || undefined });
      picker.control.setAttribute('data-path', 'owner.userId');
      this.syncers.push(() => (d.ownerUserId = picker.selected()?.id ?? ''));
      who = picker.wrap;
    }
    return h(
      'fieldset',
      { class: 'card builder-section' },
      h('legend', null, 'New leads'),
      h(
        'div',
        { class: 'builder-grid' },
        this.field('Owned by', mode),
        who,
        this.field('Lead source', this.text('leadSource', d.leadSource, (v) => (d.leadSource = v), { maxlength: 60 }), 'The source of every lead from this form'),
        this.field('Tags', this.text('tags', d.tags, (v) => (d.tags = v), { maxlength: 450 }), 'Given to every lead; separate with commas'),
        this.field(
          'Autoresponder',
          this.select('autoresponderTemplateId', [{ value: '', label: 'None' }, ...this.data.emailTemplates.map((t) => ({ value: t.templateId, label: t.name }))], d.autoresponderTemplateId, (v) => (d.autoresponderTemplateId = v)),
          'An email template sent to the person who sent the form',
        ),
      ),
    );
  }

  private protectionSection(): HTMLElement {
    const d = this.draft;
    const origins = d.allowedOrigins.map((o, i) =>
      h(
        'li',
        { class: 'inline-form' },
        this.originInput(o, i),
        button('Remove', () => (this.sync(), d.allowedOrigins.splice(i, 1), this.draw('newOrigin')), 'danger', { class: 'btn btn-danger btn-small', 'aria-label': `Remove allowed origin ${i + 1}` }),
      ),
    );
    const captcha = this.select(
      'captcha.provider',
      [{ value: '', label: 'None' }, ...CAPTCHA_PROVIDERS.map((p) => ({ value: p, label: CAPTCHA_LABELS[p] }))],
      d.captchaProvider,
      (v) => (d.captchaProvider = v as FormDraft['captchaProvider']),
      true,
    );
    return h(
      'fieldset',
      { class: 'card builder-section' },
      h('legend', null, 'Sites and protection'),
      h(
        'fieldset',
        { class: 'nested-group', 'data-path': 'allowedOrigins' },
        h('legend', null, 'Allowed origins'),
        h('p', { class: 'hint' }, 'Sites that may show and send the form with the script tag, e.g. https://www.example.com. The hosted page always may.'),
        origins.length ? h('ul', { class: 'origin-list' }, origins) : h('p', { class: 'muted small' }, 'None yet: only the hosted page and the plain HTML form work.'),
        button(
          'Add allowed origin',
          () => {
            this.sync();
            d.allowedOrigins.push('');
            this.draw(`allowedOrigins.${d.allowedOrigins.length - 1}`);
          },
          'secondary',
          { 'data-path': 'newOrigin' },
        ),
      ),
      h(
        'div',
        { class: 'builder-grid' },
        this.field('Minimum fill time (seconds)', this.text('minFillSeconds', d.minFillSeconds, (v) => (d.minFillSeconds = v), { inputmode: 'numeric', class: 'narrow' }), 'Faster submissions are taken for bots and kept as spam; 0 for none'),
        this.field('CAPTCHA', captcha, 'Optional. The provider’s secret key goes on the server (FORMS_CAPTCHA_SECRET; in AWS the SSM parameter, see the README): until it is there, every submission is refused'),
        d.captchaProvider ? this.field('CAPTCHA site key', this.text('captcha.siteKey', d.captchaSiteKey, (v) => (d.captchaSiteKey = v), { maxlength: 200, spellcheck: 'false' })) : null,
      ),
    );
  }

  private originInput(value: string, i: number): HTMLElement {
    const input = this.text(`allowedOrigins.${i}`, value, (v) => (this.draft.allowedOrigins[i] = v), { type: 'url', maxlength: 2000, placeholder: 'https://www.example.com', 'aria-label': `Allowed origin ${i + 1}` });
    return input;
  }

  /* -------------------------------------------------------------- preview */

  /** The form as a visitor sees it in its first language (not functional). */
  private drawPreview() {
    const d = this.draft;
    const language = d.languages[0] ?? 'en';
    const t = (texts: Localized) => texts[language]?.trim() || '';
    const items = d.fields
      .filter((f) => f.type !== 'hidden')
      .map((f) => {
        const label = t(f.label) || f.key || FIELD_TYPE_LABELS[f.type];
        const star = f.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null;
        const help = t(f.help) ? h('p', { class: 'hint' }, t(f.help)) : null;
        let control: Child;
        switch (f.type) {
          case 'textarea':
            control = h('textarea', { rows: 3, disabled: true, 'aria-label': label });
            break;
          case 'select':
            control = h('select', { disabled: true, 'aria-label': label }, f.options.map((o) => h('option', null, t(o.label) || o.value)));
            break;
          case 'multiselect':
            control = h('div', null, f.options.map((o) => h('label', { class: 'check' }, h('input', { type: 'checkbox', disabled: true }), ` ${t(o.label) || o.value}`)));
            break;
          case 'checkbox':
          case 'consent':
            return h('div', { class: 'field field-check' }, h('label', { class: 'check' }, h('input', { type: 'checkbox', disabled: true }), ` ${f.type === 'consent' ? t(f.consentText) || label : label}`, star), help);
          default:
            control = h('input', { type: 'text', disabled: true, 'aria-label': label });
        }
        return h('div', { class: 'field' }, h('span', { class: 'preview-label' }, label, star), control, help);
      });
    fill(
      this.preview,
      h(
        'section',
        { class: 'card', 'aria-label': 'Preview' },
        h('h2', null, 'Preview'),
        h('p', { class: 'muted small' }, `In ${languageName(language)}; how a site styles it may differ.`),
        h('div', { class: 'preview-body', lang: language }, h('p', { class: 'preview-title' }, d.name || 'Untitled form'), items, h('button', { type: 'button', class: 'btn btn-primary', disabled: true }, t(d.submitLabel) || 'Send')),
      ),
    );
  }

  /* -------------------------------------------------------------- embed and stats */

  private async loadPanels() {
    const id = this.saved!.formId;
    const [embed, stats] = await Promise.all([settle(api<FormEmbed>('GET', `${formPath(id)}/embed`), null), settle(api<FormStats>('GET', `${formPath(id)}/stats`), null)]);
    this.embed = embed;
    this.stats = stats;
    this.drawPanels();
  }

  private drawPanels() {
    const saved = this.saved;
    if (!saved) return fill(this.panels);
    fill(this.panels, embedPanel(this.embed), statsPanel(saved, this.stats, () => void this.refreshStats()));
  }

  private async refreshStats() {
    this.stats = await settle(api<FormStats>('GET', `${formPath(this.saved!.formId)}/stats`), this.stats);
    this.drawPanels();
    this.panels.querySelector<HTMLElement>('[data-refresh-stats]')?.focus();
  }

  /* -------------------------------------------------------------- saving */

  /** Marks each error's input (or what holds it) and lists them all in the banner. */
  private showErrors(list: DraftError[], intro: string) {
    showBuilderErrors(this.root, this.errors, list, intro, { targets: errorTargets, label: pathLabel, idPrefix: 'fb-error', place: (target, message) => {
        if (target.tagName === 'LI') target.appendChild(message);
        else (target.closest('.field, .inline-form') ?? target).insertAdjacentElement(target.closest('.field') ? 'beforeend' : 'afterend', message);
      } });
  }

  private clearErrors() {
    clearBuilderErrors(this.root, this.errors);
  }

  private async save() {
    if (this.saving) return;
    this.sync();
    const { body, errors } = formBody(this.draft);
    if (!body.fields.length) errors.push({ path: 'fields', detail: 'needs at least one field' });
    if (errors.length) return this.showErrors(errors, 'Nothing was saved. Please correct the highlighted inputs:');
    this.saving = true;
    this.status.textContent = 'Saving…';
    try {
      if (!this.saved) {
        const created = await api<Form>('POST', '/forms', body);
        setFlash(`${created.name} created. Put it on your site with one of the embed codes below.`);
        location.hash = editHref(created.formId);
        return;
      }
      const saved = await api<Form>('PUT', formPath(this.saved.formId), { ...body, version: this.saved.version });
      this.saved = saved;
      this.draft = formDraft(saved);
      this.flash = null;
      this.clearErrors();
      this.draw();
      this.status.textContent = `${saved.name} saved.`;
      this.root.querySelector<HTMLElement>('button[type="submit"]')?.focus();
    } catch (error) {
      this.status.textContent = '';
      const problem = problemOf(error);
      if (problem.status === 409) {
        this.clearErrors();
        this.errors.show('Someone else changed this form after you opened it. Nothing was saved.', button('Reload the latest version', () => void formEditor(this.root, this.saved!.formId), 'primary'));
        this.errors.el.focus();
      } else if (problem.errors?.length) {
        this.showErrors(
          problem.errors.map((e) => ({ path: errorPath(e), detail: e.detail })),
          `Nothing was saved. ${problem.detail ?? problem.title}:`,
        );
      } else {
        this.clearErrors();
        this.errors.show(problem);
        this.errors.el.focus();
      }
    } finally {
      this.saving = false;
    }
  }

  private async remove() {
    const saved = this.saved!;
    if (!(await confirmDialog(`Delete the form ${saved.name}? Its submissions are kept, but sites using it can no longer send it.`, 'Delete'))) return;
    try {
      await api('DELETE', formPath(saved.formId));
      setFlash(`${saved.name} deleted.`);
      location.hash = href('/admin/forms');
    } catch (error) {
      this.errors.show(problemOf(error));
      this.errors.el.focus();
    }
  }
}

/* ------------------------------------------------------------------ panels */

/** A read-only code box with a Copy button; the code is text, never markup. */
function copyBox(label: string, code: string, multiline: boolean): HTMLElement {
  const id = uid('code');
  const status = h('span', { role: 'status', class: 'muted small' });
  const control = multiline ? h('textarea', { id, readonly: true, rows: 6, class: 'code', spellcheck: 'false' }, code) : h('input', { id, type: 'text', readonly: true, value: code, class: 'code', spellcheck: 'false' });
  return h(
    'div',
    { class: 'field field-wide' },
    h('label', { for: id }, label),
    control,
    h(
      'div',
      { class: 'actions' },
      button(
        'Copy',
        async () => {
          try {
            await navigator.clipboard.writeText(code);
            status.textContent = 'Copied.';
          } catch {
            control.select();
            status.textContent = 'Select it and copy it by hand (Ctrl+C).';
          }
        },
        'secondary',
        { class: 'btn btn-secondary btn-small', 'aria-label': `Copy the ${label.toLowerCase()}` },
      ),
      status,
    ),
  );
}

function embedPanel(embed: FormEmbed | null): HTMLElement {
  const headingId = uid('embed');
  return h(
    'section',
    { class: 'card embed-panel', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Put it on your site'),
    embed
      ? [
          h('h3', null, 'Hosted page'),
          h('p', { class: 'muted small' }, 'A page of its own: link to it, or show it in an iframe. ', h('a', { href: embed.hostedUrl, target: '_blank', rel: 'noopener noreferrer' }, 'Open the hosted page'), '.'),
          copyBox('Hosted page address', embed.hostedUrl, false),
          h('h3', null, 'Script tag'),
          h('p', { class: 'muted small' }, 'Renders the form where the tag is placed, on a site listed under allowed origins.'),
          copyBox('Script tag', embed.scriptTag, true),
          h('h3', null, 'HTML form'),
          h('p', { class: 'muted small' }, 'A plain form that works without JavaScript; style it as you like.'),
          copyBox('HTML form', embed.htmlForm, true),
        ]
      : h('p', { class: 'muted' }, 'The embed codes could not be loaded.'),
  );
}

function statsPanel(form: Form, stats: FormStats | null, refresh: () => void): HTMLElement {
  const headingId = uid('stats');
  const count = (label: string, value: number, link?: string) => h('div', null, h('dt', null, label), h('dd', null, link ? h('a', { href: link }, String(value)) : String(value)));
  return h(
    'section',
    { class: 'card stats-panel', 'aria-labelledby': headingId },
    h('div', { class: 'panel-head' }, h('h2', { id: headingId }, 'Statistics'), button('Refresh', refresh, 'secondary', { class: 'btn btn-secondary btn-small', 'data-refresh-stats': true, 'aria-label': 'Refresh the statistics' })),
    stats
      ? [
          h(
            'dl',
            { class: 'details stat-counts' },
            count('Views', stats.views),
            count('Submissions', stats.submissions, submissionsHref(form.formId)),
            count('Spam dropped', stats.spam, submissionsHref(form.formId, 'spam')),
            count('New leads', stats.leads, submissionsHref(form.formId, 'lead')),
            count('Duplicates', stats.duplicates, submissionsHref(form.formId, 'duplicate')),
            count('Failed', stats.failed, submissionsHref(form.formId, 'failed')),
            count('Leads converted', stats.convertedLeads),
            count('Won deals', stats.wonDeals),
          ),
          h(
            'dl',
            { class: 'details stat-rates' },
            statRates(stats).map((r) => h('div', null, h('dt', null, r.label), h('dd', null, r.text, h('span', { class: 'muted small' }, ` (${r.part} of ${r.whole}: ${r.of})`)))),
          ),
        ]
      : h('p', { class: 'muted' }, 'The statistics could not be loaded.'),
  );
}
