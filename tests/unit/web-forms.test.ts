/**
 * Web forms (web-forms/): the embeddable snippet builds small and never parses HTML; the
 * server-rendered pages escape every text, work without JavaScript (a plain POST form
 * with the token, the honeypot and the tracking values), show a 422's errors beside their
 * fields, and render each field type as the right kind of input; a form with a CAPTCHA
 * gets its provider's widget, and its page's CSP allows that provider and no other.
 * The snippet's own behaviour (the CAPTCHA widget, an expired token) is checked in
 * headless Chromium against a faked intake and faked providers (no DOM library here); with
 * the real local CRM it is tested in tests/e2e/web-forms.test.ts.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM_FIELD_TYPES, PublicForm } from '../../shared/forms/schemas';
import { buildWebForms } from '../../web-forms/build';
import { withCaptchaCsp } from '../../web-forms/src/captcha';
import { escapeHtml, htmlFormSnippet, renderHostedPage, renderThankYouPage } from '../../web-forms/src/pages';
import { textsFor } from '../../web-forms/src/texts';
import { CHROMIUM_ARGS } from '../support/browser';

const XSS = '<script>alert(1)</script>';
const XSS_TEXT = '&lt;script&gt;alert(1)&lt;/script&gt;';
const SUBMIT_URL = 'https://crm.example.com/public/forms/01JABCDEFGHJKMNPQRSTVWXYZ0/submissions';

const form: PublicForm = PublicForm.parse({
  formId: '01JABCDEFGHJKMNPQRSTVWXYZ0',
  name: `Demo ${XSS}`,
  language: 'de',
  languages: ['en', 'de'],
  fields: [
    { key: 'firstName', type: 'text', label: `Vorname ${XSS}`, help: `Hilfe ${XSS}`, required: false, maxLength: 100 },
    { key: 'notes', type: 'textarea', label: 'Nachricht', required: true, maxLength: 5000 },
    { key: 'email', type: 'email', label: 'E-Mail', required: true },
    { key: 'phone', type: 'phone', label: 'Telefon', required: false },
    { key: 'seats', type: 'number', label: 'Plätze', required: false, min: 1, max: 500 },
    { key: 'website', type: 'url', label: 'Website', required: false },
    { key: 'startDate', type: 'date', label: 'Start', required: false },
    { key: 'teamSize', type: 'select', label: 'Teamgröße', required: true, options: [{ value: '1-10', label: '1–10' }, { value: '11+', label: `Mehr ${XSS}` }] },
    { key: 'interests', type: 'multiselect', label: 'Interessen', required: true, options: [{ value: 'crm', label: 'CRM' }, { value: 'erp', label: 'ERP' }, { value: 'bi', label: 'BI' }] },
    { key: 'callMe', type: 'checkbox', label: 'Rückruf', required: false },
    { key: 'consent', type: 'consent', label: 'Einverstanden', consentText: `Ich stimme zu ${XSS}`, required: true },
    { key: 'campaign', type: 'hidden', label: 'Kampagne', required: false, value: 'spring-2025' },
  ],
  submitLabel: `Senden ${XSS}`,
  thankYou: { message: `Danke ${XSS}` },
  token: 'tok.en"<x>',
  honeypot: 'website_url',
  submitUrl: SUBMIT_URL,
  minFillSeconds: 3,
});

type Tag = { name: string; attrs: Record<string, string> };
/** Every start tag of the (escaped, so regular) markup, with its attributes. */
function tags(html: string, name?: string): Tag[] {
  const out: Tag[] = [];
  for (const match of html.matchAll(/<([a-z][a-z0-9]*)\b([^>]*)>/gi)) {
    const attrs: Record<string, string> = {};
    for (const a of match[2]!.matchAll(/([a-zA-Z_:-]+)(?:="([^"]*)")?/g)) attrs[a[1]!] = a[2] ?? '';
    if (!name || match[1]!.toLowerCase() === name) out.push({ name: match[1]!.toLowerCase(), attrs });
  }
  return out;
}
const one = (html: string, name: string, where: Record<string, string>) => {
  const found = tags(html, name).filter((t) => Object.entries(where).every(([k, v]) => t.attrs[k] === v));
  expect(found, `${name} ${JSON.stringify(where)}`).toHaveLength(1);
  return found[0]!.attrs;
};
/** The text of the element with this id (no nesting in what the pages render there). */
const textOf = (html: string, id: string) => new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1];

describe('the embeddable snippet', () => {
  it('builds to forms.js, at most 10 KB gzipped, with no HTML parsing in it', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'web-forms-'));
    try {
      const built = await buildWebForms({ outDir });
      expect(built.file).toBe(join(outDir, 'forms.js'));
      const code = await readFile(built.file, 'utf8');
      expect(built.bytes).toBe(Buffer.byteLength(code));
      expect(built.gzipBytes).toBeGreaterThan(1000);
      expect(built.gzipBytes).toBeLessThanOrEqual(10 * 1024);
      // server texts go in as text, never as markup
      expect(code).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
      // the submission is a "simple" request: no preflight
      expect(code).toContain('text/plain;charset=UTF-8');
      expect(code).not.toMatch(/application\/json"?\s*[,}]/);
      for (const variable of ['--crm-form-font', '--crm-form-accent', '--crm-form-radius', '--crm-form-error', '--crm-form-gap']) expect(code).toContain(variable);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});

describe('the hosted page', () => {
  const tracking = { utm_source: 'newsletter', utm_campaign: `spring ${XSS}`, _referrer: 'https://news.example/', _landing: 'https://crm.example.com/f/x?utm_source=newsletter', other: 'dropped' };
  const page = renderHostedPage(form, { tracking });

  it('is a complete document in the form’s language with no script at all', () => {
    expect(page).toMatch(/^<!doctype html>\s*<html lang="de">/);
    expect(page).toMatch(/<meta charset="utf-8">/);
    expect(page).toMatch(/<style>[^<]*\.crm-form/);
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain(`Content-Security-Policy" content="default-src 'none'`);
    expect(page).toContain(`<title>Demo ${XSS_TEXT}</title>`);
  });

  it('escapes labels, help, options, consent text, button and token', () => {
    expect(page).toContain(`Vorname ${XSS_TEXT}`);
    expect(page).toContain(`Hilfe ${XSS_TEXT}`);
    expect(page).toContain(`Mehr ${XSS_TEXT}`);
    expect(page).toContain(`Ich stimme zu ${XSS_TEXT}`);
    expect(page).toContain(`Senden ${XSS_TEXT}`);
    one(page, 'input', { name: '_token', value: 'tok.en&quot;&lt;x&gt;' });
  });

  it('posts a plain form (no JavaScript) with the token, the language, the honeypot and the tracking values', () => {
    const formTag = one(page, 'form', { method: 'post' });
    expect(formTag.action).toBe(SUBMIT_URL);
    expect(formTag.novalidate).toBeUndefined();
    one(page, 'input', { type: 'hidden', name: '_token' });
    one(page, 'input', { type: 'hidden', name: '_lang', value: 'de' });
    one(page, 'input', { type: 'hidden', name: 'utm_source', value: 'newsletter' });
    one(page, 'input', { type: 'hidden', name: 'utm_campaign', value: `spring ${XSS_TEXT}` });
    one(page, 'input', { type: 'hidden', name: '_referrer', value: 'https://news.example/' });
    one(page, 'input', { type: 'hidden', name: '_landing', value: tracking._landing });
    expect(tags(page, 'input').some((t) => t.attrs.name === 'other')).toBe(false);
    const trap = one(page, 'input', { name: 'website_url' });
    expect(trap).toMatchObject({ type: 'text', tabindex: '-1', autocomplete: 'off', value: '' });
    expect(page).toMatch(/<div class="crm-hp" aria-hidden="true"[^>]*><label for="f-crm-hp">[^<]+<\/label><input[^>]*name="website_url"/);
    one(page, 'button', { type: 'submit' });
  });

  it('renders each field type as the right kind of input, with a label for it', () => {
    const byType: Record<(typeof FORM_FIELD_TYPES)[number], () => void> = {
      text: () => expect(one(page, 'input', { name: 'firstName' })).toMatchObject({ type: 'text', id: 'f-firstName', maxlength: '100', autocomplete: 'given-name' }),
      textarea: () => expect(one(page, 'textarea', { name: 'notes' })).toMatchObject({ id: 'f-notes', required: '' }),
      email: () => expect(one(page, 'input', { name: 'email' })).toMatchObject({ type: 'email', required: '', autocomplete: 'email' }),
      phone: () => expect(one(page, 'input', { name: 'phone' })).toMatchObject({ type: 'tel', autocomplete: 'tel' }),
      number: () => expect(one(page, 'input', { name: 'seats' })).toMatchObject({ type: 'number', min: '1', max: '500' }),
      url: () => expect(one(page, 'input', { name: 'website' })).toMatchObject({ type: 'url' }),
      date: () => expect(one(page, 'input', { name: 'startDate' })).toMatchObject({ type: 'date' }),
      select: () => {
        expect(one(page, 'select', { name: 'teamSize' })).toMatchObject({ id: 'f-teamSize', required: '' });
        expect(tags(page, 'option').map((t) => t.attrs.value)).toEqual(['', '1-10', '11+']);
      },
      multiselect: () => {
        expect(one(page, 'fieldset', { id: 'f-interests' })).toBeDefined();
        const boxes = tags(page, 'input').filter((t) => t.attrs.name === 'interests');
        expect(boxes.map((t) => [t.attrs.type, t.attrs.value])).toEqual([['checkbox', 'crm'], ['checkbox', 'erp'], ['checkbox', 'bi']]);
        for (const box of boxes) one(page, 'label', { for: box.attrs.id! });
        expect(page).toMatch(/<legend class="crm-label">Interessen<span class="crm-req" aria-hidden="true"> \*<\/span><span class="crm-sr">[^<]+<\/span><\/legend>/);
      },
      checkbox: () => expect(one(page, 'input', { name: 'callMe' })).toMatchObject({ type: 'checkbox', id: 'f-callMe' }),
      consent: () => {
        expect(one(page, 'input', { name: 'consent' })).toMatchObject({ type: 'checkbox', required: '' });
        expect(page).toContain(`<label for="f-consent">Ich stimme zu ${XSS_TEXT}<span class="crm-req"`);
      },
      hidden: () => expect(one(page, 'input', { name: 'campaign' })).toMatchObject({ type: 'hidden', value: 'spring-2025' }),
    };
    for (const type of FORM_FIELD_TYPES) byType[type]();
    for (const field of form.fields) {
      if (field.type === 'hidden' || field.type === 'multiselect') continue;
      one(page, 'label', { for: `f-${field.key}` });
    }
    // help text is linked to its input
    expect(one(page, 'input', { name: 'firstName' })['aria-describedby']).toBe('f-firstName-help');
    expect(textOf(page, 'f-firstName-help')).toBe(`Hilfe ${XSS_TEXT}`);
    // no errors: nothing is marked invalid, no summary
    expect(tags(page).filter((t) => 'aria-invalid' in t.attrs)).toEqual([]);
    expect(page).not.toContain('crm-summary"');
  });
});

describe('the hosted page after a 422', () => {
  const values = { firstName: XSS, email: 'not-an-email', notes: `</textarea>${XSS}`, teamSize: '11+', interests: ['crm', 'bi'], callMe: 'on', seats: '3' };
  const errors = [
    { name: 'email', detail: `must be an email address ${XSS}` },
    { name: 'interests', detail: 'choose at least one' },
    { name: 'consent', detail: 'is required' },
    { name: '_token', detail: 'the form has expired' },
  ];
  const page = renderHostedPage(form, { values, errors, tracking: { utm_source: 'newsletter' } });

  it('fills the values in again, as text', () => {
    expect(page).not.toMatch(/<script/i);
    expect(one(page, 'input', { name: 'firstName' }).value).toBe(XSS_TEXT);
    expect(one(page, 'input', { name: 'email' }).value).toBe('not-an-email');
    expect(page).toContain(`>&lt;/textarea&gt;${XSS_TEXT}</textarea>`);
    expect(one(page, 'input', { name: 'seats' }).value).toBe('3');
    expect(one(page, 'option', { value: '11+' }).selected).toBe('');
    expect(one(page, 'option', { value: '1-10' }).selected).toBeUndefined();
    expect(tags(page, 'input').filter((t) => t.attrs.name === 'interests' && 'checked' in t.attrs).map((t) => t.attrs.value)).toEqual(['crm', 'bi']);
    expect(one(page, 'input', { name: 'callMe' }).checked).toBe('');
    expect(one(page, 'input', { name: 'consent' }).checked).toBeUndefined();
    one(page, 'input', { type: 'hidden', name: 'utm_source', value: 'newsletter' });
  });

  it('shows each error next to its field, linked and marked invalid', () => {
    const email = one(page, 'input', { name: 'email' });
    expect(email['aria-invalid']).toBe('true');
    expect(email['aria-describedby']).toBe('f-email-error');
    expect(textOf(page, 'f-email-error')).toBe(`must be an email address ${XSS_TEXT}`);
    expect(page).toMatch(/<input[^>]*name="email"[^>]*><p id="f-email-error" class="crm-err">/);
    for (const box of tags(page, 'input').filter((t) => t.attrs.name === 'interests')) expect(box.attrs).toMatchObject({ 'aria-invalid': 'true', 'aria-describedby': 'f-interests-error' });
    expect(textOf(page, 'f-interests-error')).toBe('choose at least one');
    expect(one(page, 'input', { name: 'consent' })['aria-invalid']).toBe('true');
    expect(one(page, 'input', { name: 'firstName' })['aria-invalid']).toBeUndefined();
    expect(one(page, 'input', { name: 'firstName' })['aria-describedby']).toBe('f-firstName-help');
  });

  it('sums the errors up at the top, focused on load, each linking to its field', () => {
    const summary = one(page, 'div', { class: 'crm-summary' });
    expect(summary).toMatchObject({ role: 'alert', tabindex: '-1', autofocus: '' });
    expect(page.indexOf('crm-summary"')).toBeLessThan(page.indexOf('<form'));
    one(page, 'a', { href: '#f-email' });
    one(page, 'a', { href: '#f-interests-0' });
    one(page, 'a', { href: '#f-consent' });
    expect(page).toContain('<li>the form has expired</li>');
    expect(page).toMatch(/<title>Es gibt ein Problem: /);
  });
});

describe('the thank-you page', () => {
  it('shows the form’s message as text, in its language', () => {
    const page = renderThankYouPage(form);
    expect(page).toMatch(/^<!doctype html>\s*<html lang="de">/);
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain(`<p class="crm-status" role="status">Danke ${XSS_TEXT}</p>`);
    expect(renderThankYouPage(form, { message: XSS, backUrl: 'javascript:alert(1)' })).not.toMatch(/<script|javascript:/i);
  });

  it('links on for a redirect form, http(s) only', () => {
    expect(renderThankYouPage({ ...form, thankYou: { redirectUrl: 'https://example.com/thanks?a=1&b=2' } })).toContain('<a href="https://example.com/thanks?a=1&amp;b=2">');
    expect(renderThankYouPage({ ...form, thankYou: { redirectUrl: 'javascript:alert(1)' } })).not.toContain('javascript:');
  });
});

describe('the copy-paste HTML form', () => {
  const html = htmlFormSnippet(form, { token: 'long-lived.token' });

  it('is a plain POST form with the long-lived token, the language and the honeypot, and no script', () => {
    expect(html).not.toMatch(/<script|<html|<body/i);
    expect(one(html, 'form', { method: 'post' }).action).toBe(SUBMIT_URL);
    one(html, 'input', { type: 'hidden', name: '_token', value: 'long-lived.token' });
    one(html, 'input', { type: 'hidden', name: '_lang', value: 'de' });
    expect(one(html, 'input', { name: 'website_url' })).toMatchObject({ tabindex: '-1', autocomplete: 'off' });
    // hidden even if the site drops the <style>
    expect(html).toMatch(/<div class="crm-hp" aria-hidden="true" style="position:absolute;left:-10000px/);
    expect(one(html, 'div', { class: 'crm-form' }).lang).toBe('de');
    expect(html).toContain(`Vorname ${XSS_TEXT}`);
    // ids unique to the form, so two forms on one page do not clash
    expect(one(html, 'input', { name: 'email' }).id).toBe('crm-01jabcdefghjkmnpqrstvwxyz0-email');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('a form with a CAPTCHA on the server-rendered pages', () => {
  const withCaptcha = (provider: 'turnstile' | 'hcaptcha' | 'recaptcha') => ({ ...form, language: 'en', captcha: { provider, siteKey: `site"<key>-${provider}` } });
  const scriptOf = (html: string) => tags(html, 'script').map((t) => t.attrs.src);
  const cspOf = (html: string) => /Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];

  it('carries the provider’s script and its implicitly rendered widget before the button, and its CSP allows that provider', () => {
    const expected = {
      turnstile: { src: 'https://challenges.cloudflare.com/turnstile/v0/api.js', widget: 'cf-turnstile', host: 'https://challenges.cloudflare.com' },
      hcaptcha: { src: 'https://js.hcaptcha.com/1/api.js?hl=en', widget: 'h-captcha', host: 'https://*.hcaptcha.com' },
      recaptcha: { src: 'https://www.google.com/recaptcha/api.js?hl=en', widget: 'g-recaptcha', host: 'https://www.google.com/recaptcha/' },
    } as const;
    for (const provider of ['turnstile', 'hcaptcha', 'recaptcha'] as const) {
      const page = renderHostedPage(withCaptcha(provider));
      expect(scriptOf(page)).toEqual([expected[provider].src]);
      expect(one(page, 'script', { src: expected[provider].src })).toMatchObject({ async: '', defer: '' });
      // the widget sits inside the form, before the button, with the (escaped) site key
      const widget = one(page, 'div', { class: expected[provider].widget });
      expect(widget['data-sitekey']).toBe(`site&quot;&lt;key&gt;-${provider}`);
      expect(page).toMatch(new RegExp(`<form[^>]*>[\\s\\S]*class="${expected[provider].widget}"[\\s\\S]*<button type="submit"[\\s\\S]*</form>`));
      expect(one(page, 'div', { id: 'f-crm-captcha' })).toMatchObject({ role: 'group', 'aria-label': 'Verification' });
      expect(page).toContain(`<noscript><p class="crm-err">${textsFor('en').captchaNoScript}</p></noscript>`);
      const csp = cspOf(page)!;
      expect(csp).toMatch(/^default-src 'none'; /);
      expect(csp).toMatch(new RegExp(`script-src [^;]*${expected[provider].host.replace(/[.*/]/g, '\\$&')}`));
      expect(csp).toMatch(new RegExp(`frame-src [^;]*${expected[provider].host.replace(/[.*/]/g, '\\$&')}`));
      // only this provider's origins
      for (const other of Object.values(expected).filter((e) => e !== expected[provider])) expect(csp).not.toContain(other.host);
    }
    expect(cspOf(renderHostedPage(withCaptcha('hcaptcha')))).toContain("style-src 'unsafe-inline' https://hcaptcha.com https://*.hcaptcha.com");
  });

  it('stays script-free, its CSP allowing no script, without a CAPTCHA', () => {
    const page = renderHostedPage({ ...form, language: 'en' });
    expect(page).not.toMatch(/<script|cf-turnstile|h-captcha|g-recaptcha|<noscript/);
    expect(cspOf(page)).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; base-uri 'none'");
    expect(renderThankYouPage(withCaptcha('turnstile'))).not.toMatch(/<script/);
  });

  it('shows a 422’s _captcha error beside the widget and links it from the summary', () => {
    const page = renderHostedPage(withCaptcha('turnstile'), { errors: [{ name: '_captcha', detail: 'was not solved' }] });
    expect(one(page, 'div', { id: 'f-crm-captcha' })['aria-describedby']).toBe('f-crm-captcha-error');
    expect(textOf(page, 'f-crm-captcha-error')).toBe('was not solved');
    one(page, 'a', { href: '#f-crm-captcha' });
    expect(page).toContain('<a href="#f-crm-captcha">Verification: was not solved</a>');
  });

  it('brings the provider’s script and widget to the copy-paste form as well', () => {
    const html = htmlFormSnippet(withCaptcha('recaptcha'), { token: 'long-lived.token' });
    expect(scriptOf(html)).toEqual(['https://www.google.com/recaptcha/api.js?hl=en']);
    one(html, 'div', { class: 'g-recaptcha' });
  });

  it('builds the intake’s Content-Security-Policy header: the provider only for a form with a CAPTCHA', () => {
    // the directives functions/intake/handler.ts sends with the hosted page
    const directives = { 'default-src': "'none'", 'style-src': "'unsafe-inline'", 'img-src': "'self' data:", 'form-action': "'self'", 'base-uri': "'none'", 'frame-ancestors': '*' };
    expect(withCaptchaCsp(directives)).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors *");
    expect(withCaptchaCsp(directives, 'turnstile')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors *; script-src https://challenges.cloudflare.com; frame-src https://challenges.cloudflare.com",
    );
    expect(withCaptchaCsp(directives, 'recaptcha')).toContain('; script-src https://www.google.com/recaptcha/ https://www.gstatic.com/recaptcha/; frame-src https://www.google.com/recaptcha/ https://recaptcha.google.com/recaptcha/');
  });
});

/**
 * The snippet in headless Chromium: an embedding page on https://site.test, the CRM on
 * https://crm.test and the CAPTCHA providers all played by page.route (nothing leaves the
 * machine). A fake provider script defines the provider's global: render() draws a
 * checkbox whose ticking calls the widget's callback with `tok-<n>`, reset() unticks it.
 */
describe('the snippet in a browser', () => {
  const CRM = 'https://crm.test';
  const SITE = 'https://site.test';
  const FORM_ID = '01JABCDEFGHJKMNPQRSTVWXYZ1';
  let browser: Browser | undefined;
  let code = '';
  let outDir = '';

  const publicForm = (extra: Partial<PublicForm> = {}): PublicForm =>
    PublicForm.parse({
      formId: FORM_ID,
      name: 'Contact',
      language: 'en',
      languages: ['en'],
      fields: [{ key: 'email', type: 'email', label: 'Email', required: true }],
      submitLabel: 'Send',
      thankYou: { message: 'Thanks, we got it.' },
      token: 'token-1',
      honeypot: 'hp_website',
      submitUrl: `${CRM}/public/forms/${FORM_ID}/submissions`,
      minFillSeconds: 3,
      ...extra,
    });

  /** The fake provider script for `global`: calls the snippet's onload callback, as the real ones do with render=explicit (not when the page has it already). */
  const fakeProvider = (global: string) => `(() => {
    const onload = document.currentScript && new URL(document.currentScript.src).searchParams.get('onload');
    window.__captcha = { calls: [], n: 0 };
    const boxes = {};
    window[${JSON.stringify(global)}] = {
      render(el, opts) {
        const id = 'widget-' + Object.keys(boxes).length;
        window.__captcha.calls.push(['render', opts.sitekey]);
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.setAttribute('aria-label', 'I am human');
        box.addEventListener('change', () => box.checked && opts.callback('tok-' + ++window.__captcha.n));
        el.append(box);
        boxes[id] = box;
        return id;
      },
      reset(id) {
        window.__captcha.calls.push(['reset', id]);
        boxes[id].checked = false;
      },
    };
    if (onload) window[onload]();
  })();`;

  interface Answer {
    status: number;
    body: unknown;
  }
  /**
   * Opens the embedding page with `tags` forms.js tags: GET /public/forms answers `forms`
   * in turn (the last one again after), POST answers `answers` in turn.
   */
  async function open(options: { forms: PublicForm[]; answers: Answer[]; tags?: number; provider?: { url: string; script?: string }; clock?: boolean; init?: string }) {
    const page: Page = await browser!.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const posts: Record<string, unknown>[] = [];
    const gets: string[] = [];
    const scripts: string[] = [];
    const cors = { 'access-control-allow-origin': SITE };
    await page.route(`${SITE}/**`, (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><html lang="en"><head><title>Site</title></head><body><main>${`<script src="${CRM}/forms.js" data-crm-form="${FORM_ID}" async></script>`.repeat(options.tags ?? 1)}</main></body></html>`,
      }),
    );
    await page.route(`${CRM}/forms.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: code }));
    await page.route(`${CRM}/public/forms/**`, async (route) => {
      const request = route.request();
      if (request.method() === 'GET') {
        gets.push(request.url());
        return route.fulfill({ contentType: 'application/json', headers: cors, json: options.forms[Math.min(gets.length, options.forms.length) - 1] });
      }
      posts.push(request.postDataJSON() as Record<string, unknown>);
      const answer = options.answers[Math.min(posts.length, options.answers.length) - 1]!;
      return route.fulfill({ status: answer.status, contentType: answer.status < 300 ? 'application/json' : 'application/problem+json', headers: cors, json: answer.body });
    });
    if (options.provider) {
      const { url, script } = options.provider;
      await page.route(`${url}*`, (route) => {
        scripts.push(route.request().url());
        return script ? route.fulfill({ contentType: 'text/javascript', body: script }) : route.abort('connectionrefused');
      });
    }
    if (options.init) await page.addInitScript(options.init);
    if (options.clock) await page.clock.install();
    await page.goto(`${SITE}/page.html`);
    await page.getByRole('form', { name: 'Contact' }).first().waitFor();
    return { page, posts, gets, scripts, errors };
  }

  const calls = (page: Page) => page.evaluate(() => (window as unknown as { __captcha: { calls: [string, string][] } }).__captcha.calls);
  const accepted: Answer = { status: 202, body: { submissionId: '01JZZZZZZZZZZZZZZZZZZZZZZZ', message: 'Thanks, we got it.' } };
  const problem = (name: string, detail: string): Answer => ({ status: 422, body: { type: 'about:blank', title: 'Validation failed', status: 422, detail: 'Some fields need another look', errors: [{ name, detail }] } });
  const turnstile = { url: 'https://challenges.cloudflare.com/turnstile/v0/api.js', script: fakeProvider('turnstile') };

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'web-forms-browser-'));
    code = await readFile((await buildWebForms({ outDir })).file, 'utf8');
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await rm(outDir, { recursive: true, force: true });
  });

  it('renders the CAPTCHA widget before the button, sends its answer as _captcha, shows the intake’s _captcha error beside it and resets it', async () => {
    const { page, posts, scripts, errors } = await open({
      forms: [publicForm({ captcha: { provider: 'turnstile', siteKey: '0xSITEKEY' } })],
      answers: [problem('_captcha', 'was not solved'), accepted],
      provider: turnstile,
    });
    try {
      const form = page.getByRole('form', { name: 'Contact' });
      const group = form.getByRole('group', { name: 'Verification' });
      await group.getByRole('checkbox', { name: 'I am human' }).waitFor();
      // the provider's script, explicit rendering with an onload callback; render() with the form's site key
      expect(scripts).toEqual(['https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit&onload=crmCaptcha_turnstile']);
      expect(await calls(page)).toEqual([['render', '0xSITEKEY']]);
      // the widget's group comes right before the submit button
      expect(await page.evaluate(() => document.querySelector('.crm-form button')?.previousElementSibling?.getAttribute('role'))).toBe('group');

      await form.getByLabel('Email').fill('ada@example.com');
      await group.getByRole('checkbox', { name: 'I am human' }).check();
      await form.getByRole('button', { name: 'Send' }).click();
      await expect.poll(() => posts.length).toBe(1);
      expect(posts[0]).toMatchObject({ email: 'ada@example.com', _captcha: 'tok-1', _token: 'token-1' });

      // the 422 names _captcha: shown beside the widget, linked, focused; the widget reset (the token was used)
      const error = group.locator('.crm-err');
      await expect.poll(() => error.textContent()).toBe('was not solved');
      expect(await group.getAttribute('aria-describedby')).toBe(await error.getAttribute('id'));
      await expect.poll(() => group.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.getByRole('status').getByText('Please correct the marked fields.').waitFor();
      await expect.poll(() => calls(page)).toEqual([
        ['render', '0xSITEKEY'],
        ['reset', 'widget-0'],
      ]);
      expect(await group.getByRole('checkbox').isChecked()).toBe(false);

      // solved again: the error goes, the new answer is sent
      await group.getByRole('checkbox', { name: 'I am human' }).check();
      await expect.poll(() => error.isHidden()).toBe(true);
      await form.getByRole('button', { name: 'Send' }).click();
      await page.getByRole('status').getByText('Thanks, we got it.').waitFor();
      expect(posts).toHaveLength(2);
      expect(posts[1]).toMatchObject({ _captcha: 'tok-2', _token: 'token-1' });
      expect(await calls(page)).toHaveLength(2); // no reset after a success
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('loads the provider’s script once for several forms, and uses each provider’s own script and global', async () => {
    const two = await open({ forms: [publicForm({ captcha: { provider: 'recaptcha', siteKey: 'rc-key' } })], answers: [accepted], tags: 2, provider: { url: 'https://www.google.com/recaptcha/api.js', script: fakeProvider('grecaptcha') } });
    try {
      await expect.poll(() => calls(two.page)).toEqual([
        ['render', 'rc-key'],
        ['render', 'rc-key'],
      ]);
      expect(two.scripts).toEqual(['https://www.google.com/recaptcha/api.js?render=explicit&onload=crmCaptcha_recaptcha&hl=en']);
      expect(await two.page.locator('script[src*="recaptcha"]').count()).toBe(1);
    } finally {
      await two.page.close();
    }
    // a page that has the provider's API already: no second script, render() straight away
    const present = await open({
      forms: [publicForm({ captcha: { provider: 'hcaptcha', siteKey: 'hc-key' } })],
      answers: [accepted],
      provider: { url: 'https://js.hcaptcha.com/1/api.js' },
      init: fakeProvider('hcaptcha'),
    });
    try {
      await expect.poll(() => calls(present.page)).toEqual([['render', 'hc-key']]);
      expect(present.scripts).toEqual([]);
    } finally {
      await present.page.close();
    }
  });

  it('says so in the status line when the provider’s script cannot load', async () => {
    const { page, scripts, errors } = await open({ forms: [publicForm({ captcha: { provider: 'turnstile', siteKey: '0xSITEKEY' } })], answers: [accepted], provider: { url: turnstile.url } });
    try {
      const status = page.getByRole('status');
      await expect.poll(() => status.textContent()).toBe(textsFor('en').captchaLoad);
      expect(await status.getAttribute('aria-live')).toBe('polite');
      expect(scripts).toHaveLength(1);
      // and beside the widget's place
      expect(await page.getByRole('group', { name: 'Verification' }).locator('.crm-err').textContent()).toBe(textsFor('en').captchaLoad);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('fetches a fresh token after a 422 naming _token and sends once more by itself, once the token is older than the form’s minimum fill time', async () => {
    const { page, posts, gets, errors } = await open({
      forms: [publicForm({ token: 'old-token' }), publicForm({ token: 'fresh-token', minFillSeconds: 8 })],
      answers: [problem('_token', 'has expired (older than a day)'), accepted],
      clock: true,
    });
    try {
      const form = page.getByRole('form', { name: 'Contact' });
      await form.getByLabel('Email').fill('late@example.com');
      await form.getByRole('button', { name: 'Send' }).click();
      await expect.poll(() => gets.length).toBe(2);
      await page.waitForTimeout(200);
      // sooner, the server would take the resend for a bot's
      await page.clock.runFor(7500);
      expect(posts).toHaveLength(1);
      await expect.poll(async () => (await page.clock.runFor(1000), posts.length)).toBe(2);
      await page.getByRole('status').getByText('Thanks, we got it.').waitFor();
      expect(gets).toHaveLength(2);
      expect(gets[1]).toBe(`${CRM}/public/forms/${FORM_ID}?lang=en`);
      expect(posts.map((p) => p._token)).toEqual(['old-token', 'fresh-token']);
      expect(posts[1]).toMatchObject({ email: 'late@example.com' });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('resends only once: when the fresh token fails too, it says the form has expired', async () => {
    const { page, posts, gets } = await open({
      forms: [publicForm({ token: 'old-token' }), publicForm({ token: 'fresh-token' })],
      answers: [problem('_token', 'has expired (older than a day)')],
      clock: true,
    });
    try {
      const form = page.getByRole('form', { name: 'Contact' });
      await form.getByLabel('Email').fill('late@example.com');
      await form.getByRole('button', { name: 'Send' }).click();
      await expect.poll(async () => (await page.clock.runFor(1000), posts.length)).toBe(2);
      await page.getByRole('status').getByText(textsFor('en').expired).waitFor();
      await page.clock.runFor(10_000);
      expect(posts).toHaveLength(2);
      expect(gets).toHaveLength(2);
      // the form stays, to reload
      expect(await form.count()).toBe(1);
    } finally {
      await page.close();
    }
  });
});
