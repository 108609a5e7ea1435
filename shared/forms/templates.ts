/** Ready-made forms an admin starts from (seed 000: "a form builder with templates"). */
import type { FormInput } from './schemas';

type Template = Omit<FormInput, 'status' | 'target' | 'allowedOrigins' | 'minFillSeconds' | 'submitLabel' | 'thankYou' | 'tags'> & Partial<FormInput>;

const firstName = { key: 'firstName', type: 'text', label: { en: 'First name', de: 'Vorname' }, required: false, maxLength: 100, mapsTo: 'firstName' } as const;
const lastName = { key: 'lastName', type: 'text', label: { en: 'Last name', de: 'Nachname' }, required: true, maxLength: 100, mapsTo: 'lastName' } as const;
const email = { key: 'email', type: 'email', label: { en: 'Email', de: 'E-Mail' }, required: true, maxLength: 254, mapsTo: 'email' } as const;
const company = { key: 'company', type: 'text', label: { en: 'Company', de: 'Firma' }, required: false, maxLength: 200, mapsTo: 'company' } as const;
const phone = { key: 'phone', type: 'phone', label: { en: 'Phone', de: 'Telefon' }, required: false, maxLength: 40, mapsTo: 'phone' } as const;
const message = { key: 'message', type: 'textarea', label: { en: 'Message', de: 'Nachricht' }, required: true, maxLength: 5000, mapsTo: 'notes' } as const;
const consent = {
  key: 'consent',
  type: 'consent',
  label: { en: 'I agree', de: 'Ich stimme zu' },
  required: true,
  consentText: {
    en: 'I agree that my details are stored to answer my request. I can withdraw this at any time.',
    de: 'Ich bin einverstanden, dass meine Angaben zur Beantwortung meiner Anfrage gespeichert werden. Ich kann dies jederzeit widerrufen.',
  },
} as const;

export const FORM_TEMPLATES = {
  'contact-us': {
    name: 'Contact us',
    languages: ['en', 'de'],
    fields: [firstName, lastName, email, phone, message, consent],
    leadSource: 'contact form',
  },
  'demo-request': {
    name: 'Request a demo',
    languages: ['en', 'de'],
    fields: [
      firstName,
      lastName,
      email,
      company,
      { key: 'title', type: 'text', label: { en: 'Job title', de: 'Position' }, required: false, maxLength: 100, mapsTo: 'title' },
      {
        key: 'teamSize',
        type: 'select',
        label: { en: 'Team size', de: 'Teamgröße' },
        required: true,
        options: [
          { value: '1-10', label: { en: '1–10', de: '1–10' } },
          { value: '11-50', label: { en: '11–50', de: '11–50' } },
          { value: '51+', label: { en: 'More than 50', de: 'Mehr als 50' } },
        ],
      },
      consent,
    ],
    leadSource: 'demo request',
    tags: ['demo-request'],
  },
  newsletter: {
    name: 'Newsletter',
    languages: ['en', 'de'],
    fields: [email, firstName, { ...consent, consentText: { en: 'Send me the newsletter. I can unsubscribe at any time.', de: 'Schickt mir den Newsletter. Ich kann ihn jederzeit abbestellen.' } }],
    leadSource: 'newsletter',
    tags: ['newsletter'],
  },
  support: {
    name: 'Support request',
    languages: ['en', 'de'],
    fields: [
      firstName,
      lastName,
      email,
      company,
      { key: 'subject', type: 'text', label: { en: 'Subject', de: 'Betreff' }, required: true, maxLength: 200 },
      message,
    ],
    // cases arrive with the service desk; until then a support request is a lead tagged "support"
    leadSource: 'support form',
    tags: ['support'],
  },
} satisfies Record<string, Template>;
export type FormTemplateName = keyof typeof FORM_TEMPLATES;
