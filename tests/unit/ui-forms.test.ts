import { describe, expect, it } from 'vitest';
import {
  FORM_FIELD_TYPES as UI_FIELD_TYPES,
  FORM_TEMPLATES as UI_TEMPLATES,
  SUBMISSION_STATUSES as UI_STATUSES,
  addLanguage,
  emptyField,
  emptyFormDraft,
  errorPath,
  errorTargets,
  fieldLabel,
  formBody,
  formDraft,
  mappingTargets,
  move,
  pathLabel,
  rateText,
  removeLanguage,
  statRates,
  valueText,
  type Form,
  type FormInput,
} from '../../ui/src/forms';
import { parseHash } from '../../ui/src/router';
import { FORM_FIELD_TYPES, FormInput as FormInputSchema, FormUpdate, SUBMISSION_STATUSES } from '../../shared/forms/schemas';
import { FORM_TEMPLATES } from '../../shared/forms/templates';

const saved: Form = {
  formId: '01HZZZZZZZZZZZZZZZZZZZZZZZ',
  name: 'Contact us',
  status: 'active',
  target: 'lead',
  languages: ['en', 'de'],
  fields: [
    { key: 'email', type: 'email', label: { en: 'Email', de: 'E-Mail' }, required: true, maxLength: 254, mapsTo: 'email' },
    { key: 'size', type: 'select', label: { en: 'Team size', de: 'Teamgröße' }, required: true, options: [{ value: '1-10', label: { en: '1–10', de: '1–10' } }] },
    { key: 'seats', type: 'number', label: { en: 'Seats' }, required: false, min: 1, max: 500, mapsTo: 'custom.seats' },
    { key: 'campaign', type: 'hidden', label: { en: 'Campaign' }, required: false, value: 'spring', mapsTo: 'campaign' },
    { key: 'consent', type: 'consent', label: { en: 'I agree', de: 'Ich stimme zu' }, required: true, consentText: { en: 'Store my details.', de: 'Speichert meine Angaben.' } },
  ],
  submitLabel: { en: 'Send', de: 'Senden' },
  thankYou: { message: { en: 'Thanks!', de: 'Danke!' } },
  allowedOrigins: ['https://www.example.com'],
  autoresponderTemplateId: '01HAAAAAAAAAAAAAAAAAAAAAAA',
  owner: { groupId: 'sales-emea' },
  leadSource: 'contact form',
  tags: ['web', 'emea'],
  minFillSeconds: 3,
  captcha: { provider: 'turnstile', siteKey: '0x4AAA' },
  version: 4,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'u1',
  updatedAt: '2026-01-02T00:00:00.000Z',
  updatedBy: 'u1',
};
const inputOf = ({ formId: _id, version: _v, createdAt: _ca, createdBy: _cb, updatedAt: _ua, updatedBy: _ub, target: _t, ...input }: Form): FormInput => input;

describe('web form builder: draft ↔ API body', () => {
  it('offers every field type, template and submission status the API knows', () => {
    expect([...UI_FIELD_TYPES]).toEqual([...FORM_FIELD_TYPES]);
    expect([...UI_STATUSES]).toEqual([...SUBMISSION_STATUSES]);
    expect([...UI_TEMPLATES].sort()).toEqual(Object.keys(FORM_TEMPLATES).sort());
  });

  it('gives back the same body for a saved form it did not change', () => {
    const { body, errors } = formBody(formDraft(saved));
    expect(errors).toEqual([]);
    expect(body).toEqual(inputOf(saved));
    // and the API takes it as it is, with its version for a PUT
    expect(FormUpdate.safeParse({ ...body, version: saved.version }).success).toBe(true);
  });

  it('makes a valid body of a blank form: one email field filling the lead’s email', () => {
    const draft = emptyFormDraft();
    draft.name = '  Newsletter ';
    const { body, errors } = formBody(draft);
    expect(errors).toEqual([]);
    expect(body).toMatchObject({ name: 'Newsletter', languages: ['en'], fields: [{ key: 'email', type: 'email', mapsTo: 'email', required: true, label: { en: 'Email' } }], minFillSeconds: 3 });
    expect(body.owner).toBeUndefined();
    expect(FormInputSchema.safeParse(body).success).toBe(true);
  });

  it('sends only the settings a field’s type uses, and the texts of the form’s languages', () => {
    const draft = formDraft(saved);
    const field = draft.fields[0]!;
    // A type change keeps what was typed, but only what applies is sent.
    Object.assign(field, { type: 'number', min: '2', max: '9', maxLength: '10', pattern: 'x', value: 'v' });
    field.label.fr = 'Courriel';
    field.help = { en: '  ', de: 'Hilfe ' };
    const body = formBody(draft).body.fields[0]!;
    expect(body).toEqual({ key: 'email', type: 'number', label: { en: 'Email', de: 'E-Mail' }, help: { de: 'Hilfe' }, required: true, min: 2, max: 9, mapsTo: 'email' });

    const hidden = formBody(draft).body.fields[3]!;
    expect(hidden).toEqual({ key: 'campaign', type: 'hidden', label: { en: 'Campaign' }, required: false, value: 'spring', mapsTo: 'campaign' });
    const consent = formBody(draft).body.fields[4]!;
    expect(consent).not.toHaveProperty('mapsTo');
    expect(consent.consentText).toEqual({ en: 'Store my details.', de: 'Speichert meine Angaben.' });
  });

  it('reports numbers it cannot send, by the path of their input', () => {
    const draft = emptyFormDraft();
    draft.name = 'x';
    draft.fields.push({ ...emptyField('number', 'n'), label: { en: 'N' }, min: '5', max: '1' }, { ...emptyField('text', 't'), label: { en: 'T' }, maxLength: '1.5' });
    draft.minFillSeconds = 'soon';
    expect(formBody(draft).errors).toEqual([
      { path: 'fields.1.max', detail: 'must not be less than the minimum' },
      { path: 'fields.2.maxLength', detail: 'must be a whole number' },
      { path: 'minFillSeconds', detail: 'must be a whole number' },
    ]);
    draft.name = ' ';
    expect(formBody(draft).errors[0]).toEqual({ path: 'name', detail: 'is required' });
  });

  it('sends a redirect instead of a message, a user or a group as owner, and no CAPTCHA when none is chosen', () => {
    const draft = formDraft(saved);
    draft.thankYouMode = 'redirect';
    draft.redirectUrl = ' https://example.com/thanks ';
    draft.ownerMode = 'user';
    draft.ownerUserId = 'u-42';
    draft.captchaProvider = '';
    draft.allowedOrigins = ['https://a.example', '  ', ' https://b.example '];
    draft.tags = 'a, ,b';
    const { body } = formBody(draft);
    expect(body.thankYou).toEqual({ redirectUrl: 'https://example.com/thanks' });
    expect(body.owner).toEqual({ userId: 'u-42' });
    expect(body.captcha).toBeUndefined();
    expect(body.allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(body.tags).toEqual(['a', 'b']);
    draft.ownerMode = 'group';
    expect(formBody(draft).body.owner).toEqual({ groupId: 'sales-emea' });
  });

  it('adds and removes languages (their texts go with them; the last one stays)', () => {
    const draft = formDraft(saved);
    expect(addLanguage(draft, 'pt-BR')).toBeNull();
    expect(addLanguage(draft, 'de')).toMatch(/already/);
    expect(addLanguage(draft, 'German')).toMatch(/language tag/);
    expect(draft.languages).toEqual(['en', 'de', 'pt-BR']);
    expect(removeLanguage(draft, 'de')).toBe(true);
    expect(draft.fields[0]!.label).toEqual({ en: 'Email' });
    expect(draft.fields[1]!.options[0]!.label).toEqual({ en: '1–10' });
    expect(draft.submitLabel).toEqual({ en: 'Send' });
    removeLanguage(draft, 'pt-BR');
    expect(removeLanguage(draft, 'en')).toBe(false);
    expect(draft.languages).toEqual(['en']);
  });

  it('moves fields within bounds', () => {
    const list = ['a', 'b', 'c'];
    expect(move(list, 0, 1)).toBe(1);
    expect(list).toEqual(['b', 'a', 'c']);
    expect(move(list, 0, -1)).toBe(0);
    expect(move(list, 2, 1)).toBe(2);
    expect(list).toEqual(['b', 'a', 'c']);
  });
});

describe('web form builder: lead fields to fill', () => {
  const doc = {
    components: {
      schemas: {
        LeadCreate: { properties: { lastName: {}, firstName: {}, email: {}, status: {}, ownerId: {}, tags: {}, custom: {}, qualification: {}, campaign: {}, annualRevenue: {} } },
        Lead: { properties: { leadId: {}, score: {} } },
      },
    },
  };
  it('takes LeadCreate’s fields less those a form may not set, then custom lead fields', () => {
    expect(mappingTargets(doc, [{ key: 'seats', label: 'Seats' }])).toEqual([
      { name: 'annualRevenue', label: 'Annual revenue' },
      { name: 'campaign', label: 'Campaign' },
      { name: 'email', label: 'Email' },
      { name: 'firstName', label: 'First name' },
      { name: 'lastName', label: 'Last name' },
      { name: 'custom.seats', label: 'Seats (custom)' },
    ]);
  });
  it('falls back to the usual lead fields without the document', () => {
    const names = mappingTargets(null).map((t) => t.name);
    expect(names).toContain('email');
    expect(names).toContain('notes');
    expect(names).not.toContain('status');
  });
});

describe('web form builder: API errors to inputs', () => {
  it('reads the path from the name or the JSON pointer', () => {
    expect(errorPath({ name: 'fields.2.label', pointer: '#/fields/2/label' })).toBe('fields.2.label');
    expect(errorPath({ pointer: '#/allowedOrigins/0' })).toBe('allowedOrigins.0');
    expect(errorPath({ pointer: '/body/name' })).toBe('name');
  });
  it('targets the input, then what holds it', () => {
    expect(errorTargets('fields.2.label.de')).toEqual(['fields.2.label.de', 'fields.2.label', 'fields.2', 'fields']);
    expect(errorTargets('fields.2.label')).toEqual(['fields.2.label', 'fields.2', 'fields']);
    expect(errorTargets('allowedOrigins.0')).toEqual(['allowedOrigins.0', 'allowedOrigins']);
    expect(errorTargets('captcha')).toEqual(['captcha.provider', 'captcha']);
    expect(errorTargets('owner.userId')).toEqual(['owner.userId', 'owner']);
    expect(errorTargets('thankYou.redirectUrl')).toEqual(['thankYou.redirectUrl', 'thankYou']);
  });
  it('names the input in the banner', () => {
    expect(pathLabel('fields.2.label.de')).toBe('Field 3 › label › de');
    expect(pathLabel('fields.0.options.1.value')).toBe('Field 1 › options › #2 › value');
    expect(pathLabel('allowedOrigins.0')).toBe('Allowed origin 1');
    expect(pathLabel('minFillSeconds')).toBe('Min fill seconds');
  });
});

describe('web form stats and submissions', () => {
  it('works out rates, with a dash when there is nothing to divide by', () => {
    expect(rateText(1, 8, 'en-US')).toBe('12.5%');
    expect(rateText(3, 0, 'en-US')).toBe('—');
    const rates = statRates({ views: 200, submissions: 20, spam: 5, leads: 16, duplicates: 4, failed: 0, convertedLeads: 4, wonDeals: 2 }, 'en-US');
    expect(Object.fromEntries(rates.map((r) => [r.label, r.text]))).toEqual({
      'Submission rate': '10%',
      'Spam share': '20%',
      'New leads': '80%',
      Duplicates: '20%',
      'Leads converted': '25%',
      'Leads → won': '12.5%',
    });
  });
  it('shows values as text and fields by their label', () => {
    expect(valueText(['a', 'b'])).toBe('a, b');
    expect(valueText(true)).toBe('Yes');
    expect(valueText('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
    expect(fieldLabel(saved, 'size')).toBe('Team size');
    expect(fieldLabel(saved, 'gone')).toBe('gone');
    expect(fieldLabel(null, 'email')).toBe('email');
  });
});

describe('web form routes', () => {
  it('parses the forms pages', () => {
    expect(parseHash('#/admin/forms')).toMatchObject({ name: 'admin', page: 'forms' });
    expect(parseHash('#/admin/forms/new')).toMatchObject({ name: 'admin', page: 'forms', id: 'new' });
    expect(parseHash('#/admin/forms/F1')).toMatchObject({ name: 'admin', page: 'forms', id: 'F1' });
    const subs = parseHash('#/admin/forms/F1/submissions?status=failed');
    expect(subs).toMatchObject({ name: 'admin', page: 'forms', id: 'F1', sub: 'submissions' });
    expect(subs.name === 'admin' && subs.query.get('status')).toBe('failed');
    expect(parseHash('#/admin/forms/new/submissions').name).toBe('notFound');
    expect(parseHash('#/admin/forms/F1/runs').name).toBe('notFound');
    expect(parseHash('#/admin/workflows/W1/submissions').name).toBe('notFound');
    expect(parseHash('#/admin/workflows/W1/runs')).toMatchObject({ sub: 'runs' });
  });
});
