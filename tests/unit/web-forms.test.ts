/**
 * Web forms (web-forms/): the embeddable snippet builds small and never parses HTML; the
 * server-rendered pages escape every text, work without JavaScript (a plain POST form
 * with the token, the honeypot and the tracking values), show a 422's errors beside their
 * fields, and render each field type as the right kind of input. The snippet's behaviour
 * in a browser is tested in tests/e2e/web-forms.test.ts.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORM_FIELD_TYPES, PublicForm } from '../../shared/forms/schemas';
import { buildWebForms } from '../../web-forms/build';
import { escapeHtml, htmlFormSnippet, renderHostedPage, renderThankYouPage } from '../../web-forms/src/pages';

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
