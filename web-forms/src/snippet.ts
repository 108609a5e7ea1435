/**
 * The embeddable web form: `<script src="https://CRM/forms.js" data-crm-form="<formId>"
 * data-lang="en" async></script>` renders the form right after the tag; an element
 * `<div data-crm-form-target="<formId>" data-lang="de">` (with one forms.js tag anywhere on
 * the page) renders it inside the element. Several forms on one page are fine.
 *
 * Browser code with no dependencies, bundled by ../build.ts into dist/forms.js. It fetches
 * the public form from where the script came from (its origin, and in AWS the REST API's
 * stage path) and posts the answers as `text/plain` JSON with no custom headers, so the
 * browser sends no CORS preflight. Nothing from the server is ever parsed as HTML: every
 * text goes in through textContent (Node.append of a string).
 */
import type { PublicForm } from '../../shared/forms/schemas';
import { CAPTCHA_GLOBAL, CAPTCHA_SCRIPT, type CaptchaProvider } from './captcha';
import { CSS } from './styles';
import { AUTOCOMPLETE, INPUT_TYPES, UTM_KEYS, textsFor, type Texts } from './texts';

type Field = PublicForm['fields'][number];
type Input = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
interface Control {
  field: Field;
  inputs: Input[];
  /** where aria-describedby goes: the inputs, and the fieldset of a checkbox group */
  described: HTMLElement[];
  helpId?: string;
  error: HTMLElement;
  /** what takes focus for an error: the first input, unless this says otherwise (the CAPTCHA's group) */
  focus?: HTMLElement;
}
interface FieldError {
  name: string;
  detail: string;
}

/** The provider's global (turnstile, hcaptcha, grecaptcha): the part of its API the snippet uses. */
interface CaptchaApi {
  render(element: HTMLElement, options: Record<string, unknown>): string | number;
  reset(widgetId?: string | number): void;
}

const doc = document;
const MARK = 'data-crm-rendered';
/** A margin past the form's minimum fill time before a fresh token is used (clocks and transit). */
const FRESH_TOKEN_MARGIN_MS = 500;

/** An element with attributes (`true` → present, `undefined`/`false` → absent) and text or element children. */
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | number | boolean | undefined> = {}, ...children: (Node | string | null | undefined)[]): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  for (const name in attrs) {
    const value = attrs[name];
    if (value !== undefined && value !== false) el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child != null) el.append(child); // a string becomes a Text node: never HTML
  return el;
}

function injectCss() {
  if (doc.getElementById('crm-form-css')) return;
  const style = h('style', { id: 'crm-form-css' });
  style.textContent = CSS;
  doc.head.append(style);
}

let counter = 0;
const requiredMark = (field: Field) => (field.required ? h('span', { class: 'crm-req', 'aria-hidden': 'true' }, ' *') : null);

function renderField(field: Field, id: string, t: Texts): [HTMLElement, Control | null] {
  if (field.type === 'hidden') return [h('input', { type: 'hidden', name: field.key, value: field.value ?? '' }), null];
  const helpId = field.help ? `${id}-help` : undefined;
  const help = field.help ? h('p', { id: helpId, class: 'crm-help' }, field.help) : null;
  const error = h('p', { id: `${id}-error`, class: 'crm-err', hidden: true });
  const common = { name: field.key, 'aria-describedby': helpId };
  let inputs: Input[];
  let wrap: HTMLElement;
  if (field.type === 'multiselect') {
    const options = field.options ?? [];
    inputs = options.map((option, i) => h('input', { type: 'checkbox', id: `${id}-${i}`, value: option.value, ...common }));
    wrap = h(
      'fieldset',
      { class: 'crm-field', id, tabindex: -1, 'aria-describedby': helpId },
      h('legend', { class: 'crm-label' }, field.label, requiredMark(field), field.required ? h('span', { class: 'crm-sr' }, ` (${t.required})`) : null),
      help,
      h('div', { class: 'crm-options' }, ...inputs.map((input, i) => h('div', { class: 'crm-check' }, input, h('label', { for: input.id }, options[i]!.label)))),
      error,
    );
    return [wrap, { field, inputs, described: [wrap, ...inputs], helpId, error }];
  }
  if (field.type === 'checkbox' || field.type === 'consent') {
    const input = h('input', { type: 'checkbox', id, required: field.required, ...common });
    inputs = [input];
    wrap = h('div', { class: 'crm-field crm-check' }, input, h('label', { for: id }, field.type === 'consent' ? (field.consentText ?? field.label) : field.label, requiredMark(field)), help, error);
  } else {
    const attrs = { id, required: field.required, maxlength: field.maxLength, autocomplete: AUTOCOMPLETE[field.key], ...common };
    const input =
      field.type === 'textarea'
        ? h('textarea', { rows: 5, ...attrs })
        : field.type === 'select'
          ? h('select', attrs, h('option', { value: '' }, t.choose), ...(field.options ?? []).map((option) => h('option', { value: option.value }, option.label)))
          : h('input', { type: INPUT_TYPES[field.type] ?? 'text', min: field.min, max: field.max, ...attrs });
    inputs = [input];
    wrap = h('div', { class: 'crm-field' }, h('label', { for: id, class: 'crm-label' }, field.label, requiredMark(field)), help, input, error);
  }
  return [wrap, { field, inputs, described: inputs, helpId, error }];
}

function setError(control: Control, detail: string | null) {
  control.error.textContent = detail ?? '';
  control.error.hidden = !detail;
  const describedBy = [control.helpId, detail ? control.error.id : undefined].filter(Boolean).join(' ');
  for (const el of control.described) {
    if (describedBy) el.setAttribute('aria-describedby', describedBy);
    else el.removeAttribute('aria-describedby');
  }
  for (const input of control.inputs) {
    if (detail) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
}

function valueOf(control: Control): string | string[] | true | undefined {
  const { field, inputs } = control;
  if (field.type === 'multiselect') {
    const values = (inputs as HTMLInputElement[]).filter((input) => input.checked).map((input) => input.value);
    return values.length ? values : undefined;
  }
  const input = inputs[0]!;
  if (field.type === 'checkbox' || field.type === 'consent') return (input as HTMLInputElement).checked || undefined;
  return input.value === '' ? undefined : input.value;
}

/** The provider's API with its script loaded once per page: every form, and every copy of forms.js, shares one load. */
function captchaApi(provider: CaptchaProvider, language: string): Promise<CaptchaApi> {
  const win = window as unknown as Record<string, unknown>;
  const global = CAPTCHA_GLOBAL[provider];
  const onload = `crmCaptcha_${provider}`;
  const loaded = win[global] as CaptchaApi | undefined;
  if (loaded?.render) return Promise.resolve(loaded); // the page loaded it already
  return ((win[`${onload}_`] as Promise<CaptchaApi> | undefined) ??= new Promise<CaptchaApi>((resolve, reject) => {
    win[onload] = () => resolve(win[global] as CaptchaApi);
    // hCaptcha and reCAPTCHA speak the first form's language (`hl`); Turnstile follows the browser's
    const script = h('script', { src: `${CAPTCHA_SCRIPT[provider]}?render=explicit&onload=${onload}${provider === 'turnstile' ? '' : `&hl=${encodeURIComponent(language)}`}`, async: true });
    script.onerror = () => {
      delete win[`${onload}_`]; // the next form on the page tries again
      script.remove();
      reject(new Error(provider));
    };
    doc.head.append(script);
  }));
}

/** The public form (with a fresh token), or undefined when it cannot be had. */
async function loadForm(origin: string, formId: string, lang: string | undefined): Promise<PublicForm | undefined> {
  try {
    const response = await fetch(`${origin}/public/forms/${encodeURIComponent(formId)}${lang ? `?lang=${encodeURIComponent(lang)}` : ''}`, { credentials: 'omit' });
    return response.ok ? ((await response.json()) as PublicForm) : undefined;
  } catch {
    return undefined;
  }
}

async function mount(container: HTMLElement, origin: string, formId: string, lang: string | undefined) {
  container.classList.add('crm-form');
  const status = h('p', { class: 'crm-status', role: 'status', 'aria-live': 'polite', tabindex: -1 });
  container.append(status);
  const loaded = await loadForm(origin, formId, lang);
  if (!loaded) {
    status.textContent = textsFor(lang ?? doc.documentElement.lang).load;
    return;
  }
  const form: PublicForm = loaded;
  const t = textsFor(form.language);
  container.lang = form.language;
  const prefix = `crm-${form.formId}-${++counter}`;
  const controls: Control[] = [];
  const hidden: HTMLInputElement[] = [];
  const el = h('form', { novalidate: true, 'aria-label': form.name, method: 'post', action: form.submitUrl });
  for (const field of form.fields) {
    const [node, control] = renderField(field, `${prefix}-${field.key}`, t);
    el.append(node);
    if (control) controls.push(control);
    else hidden.push(node as HTMLInputElement);
  }
  const trap = h('input', { type: 'text', id: `${prefix}-hp`, name: form.honeypot, tabindex: -1, autocomplete: 'off' });
  el.append(h('div', { class: 'crm-hp', 'aria-hidden': 'true' }, h('label', { for: trap.id }, t.trap), trap));

  let busy = false;
  const say = (text: string) => {
    status.textContent = text;
  };

  // The CAPTCHA widget, rendered explicitly into a group before the button; its errors show beside it.
  let captchaToken = '';
  let resetCaptcha = () => {};
  let captcha: Control | undefined;
  if (form.captcha) {
    const { provider, siteKey } = form.captcha;
    const widget = h('div', { class: 'crm-captcha' });
    const error = h('p', { id: `${prefix}-captcha-error`, class: 'crm-err', hidden: true });
    const group = h('div', { class: 'crm-field', id: `${prefix}-captcha`, role: 'group', 'aria-label': t.captcha, tabindex: -1 }, widget, error);
    captcha = { field: { key: '_captcha', type: 'hidden', label: t.captcha, required: true }, inputs: [], described: [group], error, focus: group };
    const control = captcha;
    el.append(group);
    captchaApi(provider, form.language)
      .then((api) => {
        const id = api.render(widget, {
          sitekey: siteKey,
          callback: (token: string) => {
            captchaToken = token;
            setError(control, null);
          },
          'expired-callback': () => {
            captchaToken = '';
          },
        });
        resetCaptcha = () => {
          captchaToken = '';
          api.reset(id); // a token is single-use: a failed send needs a new one
        };
      })
      .catch(() => {
        // no widget (the script was blocked or failed): say so, rather than fail without a word
        say(t.captchaLoad);
        setError(control, t.captchaLoad);
      });
  }

  const button = h('button', { type: 'submit', class: 'crm-btn' }, form.submitLabel);
  el.append(button);
  container.insertBefore(el, status);

  el.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    button.setAttribute('aria-disabled', 'true');
    for (const control of controls) setError(control, null);
    if (captcha) setError(captcha, null);
    say(t.sending);
    const body: Record<string, unknown> = {};
    for (const control of controls) {
      const value = valueOf(control);
      if (value !== undefined) body[control.field.key] = value;
    }
    for (const input of hidden) body[input.name] = input.value;
    const query = new URLSearchParams(location.search);
    for (const key of UTM_KEYS) {
      const value = query.get(key);
      if (value) body[key] = value;
    }
    Object.assign(body, { _token: form.token, [form.honeypot]: trap.value, _lang: form.language, _referrer: doc.referrer, _landing: location.href });
    if (captchaToken) body._captcha = captchaToken;
    try {
      if (!(await send(body)) && body._captcha) resetCaptcha();
    } finally {
      busy = false;
      button.removeAttribute('aria-disabled');
    }
  });

  /** Sends the submission and shows the answer; true when it was taken. */
  async function send(body: Record<string, unknown>, refreshed = false): Promise<boolean> {
    let response: Response;
    try {
      // text/plain and no custom headers: a "simple" request, so no CORS preflight.
      response = await fetch(form.submitUrl, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'text/plain;charset=UTF-8' }, credentials: 'omit' });
    } catch {
      // The same _token again is deduplicated by the server, so a retry is safe.
      say(t.network);
      return false;
    }
    const answer = (await response.json().catch(() => ({}))) as { message?: string; redirectUrl?: string; title?: string; detail?: string; errors?: FieldError[] };
    if (response.ok) {
      const redirect = answer.redirectUrl ?? ('redirectUrl' in form.thankYou ? form.thankYou.redirectUrl : undefined);
      if (redirect && /^https?:/i.test(redirect)) {
        location.assign(redirect);
        return true;
      }
      el.remove();
      say(answer.message ?? ('message' in form.thankYou ? form.thankYou.message : t.thanks));
      status.focus();
      return true;
    }
    if (response.status === 422) {
      if (!refreshed && answer.errors?.some((error) => error.name === '_token')) {
        // The render token expired (a day): fetch a fresh one and send once more, the visitor doing nothing.
        const fresh = await loadForm(origin, formId, form.language);
        if (fresh) {
          form.token = fresh.token;
          body._token = fresh.token;
          // A token younger than the form's minimum fill time marks a bot (dropped quietly): let the new one age first.
          await new Promise((resolve) => setTimeout(resolve, fresh.minFillSeconds * 1000 + FRESH_TOKEN_MARGIN_MS));
          return send(body, true);
        }
      }
      const other: string[] = [];
      let first: Control | undefined;
      for (const error of answer.errors ?? []) {
        const control = error.name === '_captcha' ? captcha : controls.find((c) => c.field.key === error.name);
        if (!control) other.push(error.name === '_token' ? t.expired : error.detail);
        else if (control.error.hidden) {
          setError(control, error.detail);
          first ??= control;
        }
      }
      say(first ? [t.fix, ...other].join(' ') : other.join(' ') || answer.detail || answer.title || t.failed);
      (first ? (first.focus ?? first.inputs[0]) : status)?.focus();
      return false;
    }
    if (response.status === 429) {
      const seconds = Number(response.headers.get('retry-after'));
      say(seconds > 0 ? t.tooMany.replace('{n}', String(Math.ceil(seconds))) : t.tooManyLater);
    } else say(response.status === 413 ? t.tooLarge : response.status === 404 ? t.gone : answer.detail || t.failed);
    status.focus();
    return false;
  }
}

/** Where the intake answers: the script's URL without its file name (an origin, or an origin and a stage: `/prod`). */
function scriptOrigin(script: HTMLScriptElement | null): string | undefined {
  const src = script?.src || doc.querySelector<HTMLScriptElement>('script[src*="forms.js"]')?.src;
  if (!src) return undefined;
  const url = new URL(src, location.href);
  return url.origin + url.pathname.replace(/\/[^/]*$/, '');
}

const current = doc.currentScript as HTMLScriptElement | null;

/** Renders every form on the page not rendered yet: script tags, then target elements. */
function scan() {
  const origin = scriptOrigin(current);
  if (!origin) return;
  for (const script of doc.querySelectorAll<HTMLScriptElement>(`script[data-crm-form]:not([${MARK}])`)) {
    const container = h('div');
    if (script.parentElement === doc.head) doc.body.append(container);
    else script.after(container);
    script.setAttribute(MARK, '');
    void mount(container, scriptOrigin(script) ?? origin, script.dataset.crmForm!, script.dataset.lang || undefined);
  }
  for (const target of doc.querySelectorAll<HTMLElement>(`[data-crm-form-target]:not([${MARK}])`)) {
    target.setAttribute(MARK, '');
    const formId = target.dataset.crmFormTarget || target.dataset.crmForm;
    if (formId) void mount(target, origin, formId, target.dataset.lang || undefined);
  }
}

injectCss();
scan();
if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', scan);
