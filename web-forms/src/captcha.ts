/**
 * The CAPTCHA providers a form may name (`captcha: { provider, siteKey }`), as the browser
 * meets them: the widget script, the global it defines, the class of its implicitly
 * rendered element, and the Content-Security-Policy sources it needs. The snippet renders
 * the widget explicitly and sends its answer as `_captcha`; the hosted page lets the
 * script render it implicitly, and the widget puts its answer into the form as a hidden
 * field (`cf-turnstile-response`, `h-captcha-response`, `g-recaptcha-response`), which the
 * intake takes as `_captcha` (shared/forms/captcha.ts). Pure data: no DOM.
 */
import type { PublicForm } from '../../shared/forms/schemas';

export type CaptchaProvider = NonNullable<PublicForm['captcha']>['provider'];

/** The widget script. The snippet adds `?render=explicit&onload=…`; the pages load it as it is (implicit rendering). */
export const CAPTCHA_SCRIPT: Record<CaptchaProvider, string> = {
  turnstile: 'https://challenges.cloudflare.com/turnstile/v0/api.js',
  hcaptcha: 'https://js.hcaptcha.com/1/api.js',
  recaptcha: 'https://www.google.com/recaptcha/api.js',
};

/** The global the script defines, with `render(element, { sitekey, callback })` and `reset(widgetId)`. */
export const CAPTCHA_GLOBAL: Record<CaptchaProvider, string> = { turnstile: 'turnstile', hcaptcha: 'hcaptcha', recaptcha: 'grecaptcha' };

/** The class of the element the script renders the widget into by itself (with `data-sitekey`). */
export const CAPTCHA_CLASS: Record<CaptchaProvider, string> = { turnstile: 'cf-turnstile', hcaptcha: 'h-captcha', recaptcha: 'g-recaptcha' };

/** What each widget loads, by CSP directive: the sources each provider documents for a page with a Content-Security-Policy. */
const CAPTCHA_CSP: Record<CaptchaProvider, Record<string, string>> = {
  turnstile: { 'script-src': 'https://challenges.cloudflare.com', 'frame-src': 'https://challenges.cloudflare.com' },
  hcaptcha: {
    'script-src': 'https://hcaptcha.com https://*.hcaptcha.com',
    'frame-src': 'https://hcaptcha.com https://*.hcaptcha.com',
    'style-src': 'https://hcaptcha.com https://*.hcaptcha.com',
    'connect-src': 'https://hcaptcha.com https://*.hcaptcha.com',
  },
  recaptcha: {
    'script-src': 'https://www.google.com/recaptcha/ https://www.gstatic.com/recaptcha/',
    'frame-src': 'https://www.google.com/recaptcha/ https://recaptcha.google.com/recaptcha/',
  },
};

/**
 * A Content-Security-Policy from its directives (in order, `name value`) plus, for a form
 * with a CAPTCHA, exactly its provider's sources: added to the directive when it is there,
 * a directive of their own when not. Without a provider the policy is the directives as given.
 */
export function withCaptchaCsp(directives: Record<string, string>, provider?: CaptchaProvider): string {
  const all = { ...directives };
  for (const [name, sources] of Object.entries(provider ? CAPTCHA_CSP[provider] : {})) {
    all[name] = all[name] && all[name] !== "'none'" ? `${all[name]} ${sources}` : sources;
  }
  return Object.entries(all)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}
