/**
 * Server-side HTML of a web form, for the intake function (no DOM, no JavaScript of its
 * own in the output): the hosted page `/f/{formId}`, its thank-you page, and the copy-paste
 * `<form method="post">` an admin puts on their own site. A plain HTML form posts
 * `application/x-www-form-urlencoded` to the form's submitUrl and gets a 303 to the
 * thank-you page, or back to the hosted page, re-rendered with the values and errors.
 * A form with a CAPTCHA carries its provider's widget (the provider's script, rendering
 * the `data-sitekey` element by itself) and so needs JavaScript on; no other form has a script.
 *
 * Every text and attribute goes through `escapeHtml`: labels, help, options, values and
 * error details from anyone are shown as text, never as markup.
 */
import type { PublicForm } from '../../shared/forms/schemas';
import { CAPTCHA_CLASS, CAPTCHA_SCRIPT, withCaptchaCsp } from './captcha';
import { CSS } from './styles';
import { AUTOCOMPLETE, INPUT_TYPES, TRACKING_KEYS, textsFor, type Texts } from './texts';

type Field = PublicForm['fields'][number];
export interface FieldError {
  name: string;
  detail: string;
}
export interface HostedPageOptions {
  /** the values to fill in again (a re-render after a 422) */
  values?: Record<string, string | string[]>;
  /** the 422's errors, shown next to their fields and in a summary at the top */
  errors?: FieldError[];
  /** utm_source…utm_content, _referrer, _landing from the page request: posted along as hidden inputs */
  tracking?: Record<string, string>;
}
export interface ThankYouPageOptions {
  /** instead of the form's thank-you message (e.g. the 202's message) */
  message?: string;
  /** a "Back" link, e.g. to the page the visitor came from */
  backUrl?: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text and attribute values as HTML text: `<script>` comes back as `&lt;script&gt;`. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** ` name="value"` for each attribute (`true` → bare, `undefined`/`false` → left out), escaped. */
function attrs(list: Record<string, string | number | boolean | undefined>): string {
  let out = '';
  for (const [name, value] of Object.entries(list)) {
    if (value === undefined || value === false) continue;
    out += value === true ? ` ${name}` : ` ${name}="${escapeHtml(value)}"`;
  }
  return out;
}

const isChecked = (value: string | string[] | undefined) => (Array.isArray(value) ? value.length > 0 : value !== undefined && value !== '' && value !== 'false' && value !== 'off');
const safeUrl = (url: string | undefined) => (url && /^https?:\/\//i.test(url) ? url : undefined);

interface FormParts {
  values: Record<string, string | string[]>;
  errors: Map<string, string>;
  /** extra hidden inputs: name → value */
  hidden: [string, string][];
  idPrefix: string;
}

function requiredMark(field: Field) {
  return field.required ? '<span class="crm-req" aria-hidden="true"> *</span>' : '';
}

function fieldHtml(field: Field, parts: FormParts, t: Texts): string {
  if (field.type === 'hidden') return `<input${attrs({ type: 'hidden', name: field.key, value: field.value ?? '' })}>`;
  const id = `${parts.idPrefix}${field.key}`;
  const detail = parts.errors.get(field.key);
  const helpId = field.help ? `${id}-help` : undefined;
  const errorId = detail ? `${id}-error` : undefined;
  const describedBy = [helpId, errorId].filter(Boolean).join(' ') || undefined;
  const help = field.help ? `<p${attrs({ id: helpId, class: 'crm-help' })}>${escapeHtml(field.help)}</p>` : '';
  const error = detail ? `<p${attrs({ id: errorId, class: 'crm-err' })}>${escapeHtml(detail)}</p>` : '';
  const value = parts.values[field.key];
  const invalid = detail ? 'true' : undefined;
  const common = { name: field.key, 'aria-describedby': describedBy, 'aria-invalid': invalid };

  if (field.type === 'multiselect') {
    const chosen = new Set(Array.isArray(value) ? value : value ? [value] : []);
    const options = (field.options ?? [])
      .map((option, i) => `<div class="crm-check"><input${attrs({ type: 'checkbox', id: `${id}-${i}`, value: option.value, checked: chosen.has(option.value), ...common })}><label for="${escapeHtml(`${id}-${i}`)}">${escapeHtml(option.label)}</label></div>`)
      .join('');
    const sr = field.required ? `<span class="crm-sr"> (${escapeHtml(t.required)})</span>` : '';
    return `<fieldset${attrs({ class: 'crm-field', id, 'aria-describedby': describedBy })}><legend class="crm-label">${escapeHtml(field.label)}${requiredMark(field)}${sr}</legend>${help}<div class="crm-options">${options}</div>${error}</fieldset>`;
  }
  if (field.type === 'checkbox' || field.type === 'consent') {
    const text = field.type === 'consent' ? (field.consentText ?? field.label) : field.label;
    const input = `<input${attrs({ type: 'checkbox', id, required: field.required, checked: isChecked(value), ...common })}>`;
    return `<div class="crm-field crm-check">${input}<label for="${escapeHtml(id)}">${escapeHtml(text)}${requiredMark(field)}</label>${help}${error}</div>`;
  }
  const single = Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
  const base = { id, required: field.required, maxlength: field.maxLength, autocomplete: AUTOCOMPLETE[field.key], ...common };
  let input: string;
  if (field.type === 'textarea') input = `<textarea${attrs({ rows: 5, ...base })}>${escapeHtml(single)}</textarea>`;
  else if (field.type === 'select') {
    const options = (field.options ?? []).map((option) => `<option${attrs({ value: option.value, selected: option.value === single })}>${escapeHtml(option.label)}</option>`).join('');
    input = `<select${attrs(base)}><option value="">${escapeHtml(t.choose)}</option>${options}</select>`;
  } else input = `<input${attrs({ type: INPUT_TYPES[field.type] ?? 'text', min: field.min, max: field.max, value: single || undefined, ...base })}>`;
  return `<div class="crm-field"><label${attrs({ for: id, class: 'crm-label' })}>${escapeHtml(field.label)}${requiredMark(field)}</label>${help}${input}${error}</div>`;
}

/** The provider's widget script, loaded as it is: it renders the `data-sitekey` element by itself. */
function captchaScript(form: Pick<PublicForm, 'captcha' | 'language'>): string {
  if (!form.captcha) return '';
  const { provider } = form.captcha;
  // hCaptcha and reCAPTCHA speak the form's language (`hl`); Turnstile follows the browser's
  const src = provider === 'turnstile' ? CAPTCHA_SCRIPT[provider] : `${CAPTCHA_SCRIPT[provider]}?hl=${encodeURIComponent(form.language)}`;
  return `<script${attrs({ src, async: true, defer: true })}></script>`;
}

/**
 * The CAPTCHA widget's place before the button: the provider's element (its answer lands in
 * the form as a hidden field the intake reads as `_captcha`), a word for those without
 * JavaScript, and a 422's `_captcha` error beside it.
 */
function captchaHtml(form: PublicForm, parts: FormParts, t: Texts): string {
  if (!form.captcha) return '';
  const id = `${parts.idPrefix}crm-captcha`;
  const detail = parts.errors.get('_captcha');
  const errorId = detail ? `${id}-error` : undefined;
  const error = detail ? `<p${attrs({ id: errorId, class: 'crm-err' })}>${escapeHtml(detail)}</p>` : '';
  const widget = `<div${attrs({ class: CAPTCHA_CLASS[form.captcha.provider], 'data-sitekey': form.captcha.siteKey })}></div>`;
  return `<div${attrs({ class: 'crm-field', id, role: 'group', 'aria-label': t.captcha, 'aria-describedby': errorId, tabindex: -1 })}>${widget}<noscript><p class="crm-err">${escapeHtml(t.captchaNoScript)}</p></noscript>${error}</div>\n`;
}

/** The <form> itself: fields, hidden inputs, the honeypot, the CAPTCHA widget, the button. */
function formHtml(form: PublicForm, parts: FormParts, t: Texts): string {
  const fields = form.fields.map((field) => fieldHtml(field, parts, t)).join('\n');
  const hidden = parts.hidden.map(([name, value]) => `<input${attrs({ type: 'hidden', name, value })}>`).join('');
  const trapId = `${parts.idPrefix}crm-hp`;
  // Visually hidden even without the stylesheet (the copy-paste form may lose it); people and screen readers never meet it.
  const trap = `<div class="crm-hp" aria-hidden="true" style="position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden"><label for="${escapeHtml(trapId)}">${escapeHtml(t.trap)}</label><input${attrs({ type: 'text', id: trapId, name: form.honeypot, value: '', tabindex: -1, autocomplete: 'off' })}></div>`;
  return `<form${attrs({ method: 'post', action: form.submitUrl, 'accept-charset': 'UTF-8', 'aria-label': form.name })}>
${hidden}
${fields}
${trap}
${captchaHtml(form, parts, t)}<button type="submit" class="crm-btn">${escapeHtml(form.submitLabel)}</button>
</form>`;
}

function documentHtml(language: string, title: string, body: string, form?: Pick<PublicForm, 'captcha' | 'language'>): string {
  // No script may run on these pages but a CAPTCHA provider's; the CSP says so even if something slipped through escaping.
  const csp = withCaptchaCsp({ 'default-src': "'none'", 'style-src': "'unsafe-inline'", 'img-src': 'data: https:', 'base-uri': "'none'" }, form?.captcha?.provider);
  return `<!doctype html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="strict-origin-when-cross-origin">
<title>${escapeHtml(title)}</title>
${form?.captcha ? `${captchaScript(form)}\n` : ''}<style>${CSS}
body{margin:0;padding:2rem 1rem;background:#f6f7f9;color:#1f2328;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main.crm-form{margin:0 auto;background:#fff;padding:1.5rem;border-radius:.5rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
main.crm-form h1{font-size:1.5rem;margin:0 0 1rem}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/**
 * The hosted page of a form: a complete HTML document that needs no JavaScript (but for
 * a form with a CAPTCHA, whose widget is the provider's script). After a
 * 422, pass the posted values and the errors: the page shows a summary (focused on load),
 * each error next to its field, the field marked aria-invalid.
 */
export function renderHostedPage(form: PublicForm, options: HostedPageOptions = {}): string {
  const t = textsFor(form.language);
  const errors = options.errors ?? [];
  const byField = new Map<string, string>();
  for (const error of errors) if (!byField.has(error.name)) byField.set(error.name, error.detail);
  const hidden: [string, string][] = [
    ['_token', form.token],
    ['_lang', form.language],
  ];
  for (const key of TRACKING_KEYS) {
    const value = options.tracking?.[key];
    if (value) hidden.push([key, value]);
  }
  const parts: FormParts = { values: options.values ?? {}, errors: byField, hidden, idPrefix: 'f-' };
  const labels = new Map(form.fields.map((field) => [field.key, field]));
  let summary = '';
  if (errors.length) {
    const items = errors
      .map((error) => {
        if (error.name === '_captcha' && form.captcha) return `<li><a href="#f-crm-captcha">${escapeHtml(t.captcha)}: ${escapeHtml(error.detail)}</a></li>`;
        const field = labels.get(error.name);
        if (!field || field.type === 'hidden') return `<li>${escapeHtml(error.detail)}</li>`;
        const target = field.type === 'multiselect' && field.options?.length ? `f-${field.key}-0` : `f-${field.key}`;
        return `<li><a href="#${escapeHtml(target)}">${escapeHtml(field.label)}: ${escapeHtml(error.detail)}</a></li>`;
      })
      .join('');
    summary = `<div class="crm-summary" role="alert" tabindex="-1" autofocus aria-labelledby="crm-summary-title"><h2 id="crm-summary-title">${escapeHtml(t.problem)}</h2><ul>${items}</ul></div>\n`;
  }
  const title = errors.length ? `${t.problem}: ${form.name}` : form.name;
  return documentHtml(form.language, title, `<main class="crm-form">\n<h1>${escapeHtml(form.name)}</h1>\n${summary}${formHtml(form, parts, t)}\n</main>`, form);
}

/** The page a plain HTML form lands on after its 303: the form's thank-you message (or a link on, for a redirect form). */
export function renderThankYouPage(form: Pick<PublicForm, 'name' | 'language' | 'thankYou'>, options: ThankYouPageOptions = {}): string {
  const t = textsFor(form.language);
  const redirect = 'redirectUrl' in form.thankYou ? safeUrl(form.thankYou.redirectUrl) : undefined;
  const message = options.message ?? ('message' in form.thankYou ? form.thankYou.message : t.thanks);
  const next = redirect ? `<p><a href="${escapeHtml(redirect)}">${escapeHtml(redirect)}</a></p>` : '';
  const back = safeUrl(options.backUrl) ? `<p><a href="${escapeHtml(options.backUrl)}">${escapeHtml(t.back)}</a></p>` : '';
  return documentHtml(form.language, `${t.thanks} – ${form.name}`, `<main class="crm-form">\n<h1>${escapeHtml(form.name)}</h1>\n<p class="crm-status" role="status">${escapeHtml(message)}</p>\n${next}${back}</main>`);
}

/**
 * The copy-paste HTML form for an admin's own site: works with JavaScript off, posts
 * urlencoded to the CRM (303 to the thank-you page; on errors, to the hosted page showing
 * them). `token` is the long-lived token the server issues for pasted forms. Tracking
 * values cannot be known in static HTML: the server may use the Referer instead. A form
 * with a CAPTCHA brings its provider's script and widget, so that one needs JavaScript.
 */
/** A page that only says something: the form is missing or closed, the link is broken. */
export function renderNoticePage(title: string, message: string): string {
  return documentHtml('en', title, `<main class="crm-form">\n<h1>${escapeHtml(title)}</h1>\n<p class="crm-status" role="status">${escapeHtml(message)}</p>\n</main>`);
}

export function htmlFormSnippet(form: PublicForm, options: { token: string }): string {
  const t = textsFor(form.language);
  const parts: FormParts = {
    values: {},
    errors: new Map(),
    hidden: [
      ['_token', options.token],
      ['_lang', form.language],
    ],
    idPrefix: `crm-${form.formId.toLowerCase()}-`,
  };
  return `<!-- ${escapeHtml(form.name)}: CRM web form (restyle with the --crm-form-* CSS variables) -->
<div class="crm-form" lang="${escapeHtml(form.language)}">
<style>${CSS}</style>
${form.captcha ? `${captchaScript(form)}\n` : ''}${formHtml(form, parts, t)}
</div>
`;
}
