/**
 * The few words the forms say themselves (everything else — labels, help, the thank-you
 * message — comes from the form, in the visitor's language). Shared by the snippet and
 * the server-rendered pages; English is the fallback.
 */
export interface Texts {
  sending: string;
  fix: string;
  problem: string;
  tooMany: string;
  tooManyLater: string;
  network: string;
  tooLarge: string;
  gone: string;
  failed: string;
  load: string;
  choose: string;
  trap: string;
  thanks: string;
  back: string;
  required: string;
  captcha: string;
  captchaLoad: string;
  captchaNoScript: string;
  expired: string;
}

const TEXTS: Record<string, Texts> = {
  en: {
    sending: 'Sending…',
    fix: 'Please correct the marked fields.',
    problem: 'There is a problem',
    tooMany: 'Too many submissions, try again in {n} seconds.',
    tooManyLater: 'Too many submissions, try again later.',
    network: 'The form could not be sent. Check your connection and try again.',
    tooLarge: 'The form is too large to send. Please shorten your answers.',
    gone: 'This form is no longer available.',
    failed: 'Something went wrong. Please try again.',
    load: 'The form could not be loaded.',
    choose: 'Choose…',
    trap: 'Leave this field empty',
    thanks: 'Thank you!',
    back: 'Back',
    required: 'required',
    captcha: 'Verification',
    captchaLoad: 'The verification (CAPTCHA) could not be loaded. Check your connection or content blocker, then reload the page.',
    captchaNoScript: 'This form needs JavaScript for its verification (CAPTCHA).',
    expired: 'The form has expired. Please reload the page and send it again.',
  },
  de: {
    sending: 'Wird gesendet…',
    fix: 'Bitte korrigieren Sie die markierten Felder.',
    problem: 'Es gibt ein Problem',
    tooMany: 'Zu viele Einsendungen, bitte in {n} Sekunden erneut versuchen.',
    tooManyLater: 'Zu viele Einsendungen, bitte später erneut versuchen.',
    network: 'Das Formular konnte nicht gesendet werden. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
    tooLarge: 'Das Formular ist zu groß. Bitte kürzen Sie Ihre Angaben.',
    gone: 'Dieses Formular ist nicht mehr verfügbar.',
    failed: 'Etwas ist schiefgegangen. Bitte versuchen Sie es erneut.',
    load: 'Das Formular konnte nicht geladen werden.',
    choose: 'Bitte wählen…',
    trap: 'Dieses Feld leer lassen',
    thanks: 'Vielen Dank!',
    back: 'Zurück',
    required: 'Pflichtfeld',
    captcha: 'Sicherheitsprüfung',
    captchaLoad: 'Die Sicherheitsprüfung (CAPTCHA) konnte nicht geladen werden. Prüfen Sie Ihre Verbindung oder Ihren Inhaltsblocker und laden Sie die Seite neu.',
    captchaNoScript: 'Für die Sicherheitsprüfung (CAPTCHA) dieses Formulars wird JavaScript benötigt.',
    expired: 'Das Formular ist abgelaufen. Bitte laden Sie die Seite neu und senden Sie es erneut.',
  },
};

/** The texts for a language tag (`de`, `de-AT`), English when there are none. */
export function textsFor(language: string | undefined): Texts {
  const tag = (language ?? '').toLowerCase();
  return TEXTS[tag] ?? TEXTS[tag.slice(0, 2)] ?? TEXTS.en!;
}

/** `autocomplete` tokens for the usual lead fields (WCAG 1.3.5), by field key. */
export const AUTOCOMPLETE: Record<string, string> = {
  firstName: 'given-name',
  lastName: 'family-name',
  name: 'name',
  email: 'email',
  phone: 'tel',
  mobile: 'tel',
  company: 'organization',
  title: 'organization-title',
  website: 'url',
  street: 'street-address',
  city: 'address-level2',
  postalCode: 'postal-code',
  country: 'country-name',
};

/** The `type` of the <input> for each field type that is an <input> with text in it. */
export const INPUT_TYPES: Record<string, string> = { text: 'text', email: 'email', phone: 'tel', number: 'number', url: 'url', date: 'date' };

/** The tracking values a submission may carry besides the fields. */
export const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;
export const TRACKING_KEYS = [...UTM_KEYS, '_referrer', '_landing'] as const;
