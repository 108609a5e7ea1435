import { UnavailableError } from '../platform/errors';
import { secretSetting } from '../platform/secret-setting';

/**
 * The optional CAPTCHA hook: when a form names a provider, a submission must carry the
 * widget's answer, checked with the provider's siteverify endpoint and the secret the
 * server holds (FORMS_CAPTCHA_SECRET; in AWS the SecureString parameter the deployment names,
 * see shared/platform/secret-setting.ts). No secret, no pass: a form set up for a CAPTCHA is
 * not left open by a missing setting.
 *
 * The answer comes as `_captcha` (the snippet sends it so) or in the field the provider's
 * own widget adds to the form it sits in (the hosted page and a pasted form post it so):
 * `cf-turnstile-response`, `h-captcha-response`, `g-recaptcha-response`.
 *
 * When the check itself cannot be made (the provider unreachable, slow or failing, the
 * secret's store failing) the submission is refused as unavailable (503), not as unsolved:
 * the visitor solved nothing wrong and may send the same submission again.
 *
 * FORMS_CAPTCHA_VERIFY_URL, only when set, replaces the provider's siteverify URL: for
 * tests (a stand-in answering `{ "success": … }`) and for self-hosted verification. Leave
 * it unset in production.
 */
const VERIFY_URLS = {
  turnstile: 'https://challenges.cloudflare.com/turnstile/v0/siteverify',
  hcaptcha: 'https://api.hcaptcha.com/siteverify',
  recaptcha: 'https://www.google.com/recaptcha/api/siteverify',
} as const;
export type CaptchaProvider = keyof typeof VERIFY_URLS;

/** The field each provider's implicitly rendered widget puts its answer in (hCaptcha fills `g-recaptcha-response` too). */
export const CAPTCHA_RESPONSE_FIELDS = {
  turnstile: 'cf-turnstile-response',
  hcaptcha: 'h-captcha-response',
  recaptcha: 'g-recaptcha-response',
} as const satisfies Record<CaptchaProvider, string>;

/** The widget's answer in a submission: `_captcha`, else the provider's own response field. */
export function captchaAnswer(provider: CaptchaProvider, body: Record<string, unknown>): unknown {
  const given = body._captcha;
  return given !== undefined && given !== '' ? given : body[CAPTCHA_RESPONSE_FIELDS[provider]];
}

export async function captchaPasses(
  provider: CaptchaProvider,
  answer: unknown,
  options: { secret?: string; remoteIp?: string; fetch?: typeof fetch; verifyUrl?: string } = {},
): Promise<boolean> {
  if (typeof answer !== 'string' || !answer || answer.length > 4096) return false;
  const secret = options.secret ?? (await secretSetting('FORMS_CAPTCHA_SECRET').catch(unavailable));
  if (!secret) return false;
  const body = new URLSearchParams({ secret, response: answer, ...(options.remoteIp ? { remoteip: options.remoteIp } : {}) });
  const url = options.verifyUrl ?? (process.env.FORMS_CAPTCHA_VERIFY_URL || VERIFY_URLS[provider]);
  const response = await (options.fetch ?? fetch)(url, { method: 'POST', body, signal: AbortSignal.timeout(5000) }).catch(unavailable);
  if (response.status >= 500) unavailable(new Error(`siteverify answered ${response.status}`));
  if (!response.ok) return false;
  const verdict = (await response.json().catch(unavailable)) as { success?: boolean } | null;
  return verdict?.success === true;
}

function unavailable(cause: unknown): never {
  const error = new UnavailableError('The CAPTCHA check is unavailable right now; send the form again in a minute', [
    { name: '_captcha', detail: 'could not be checked just now; send the form again in a minute' },
  ]);
  throw Object.assign(error, { cause });
}
