/**
 * The optional CAPTCHA hook: when a form names a provider, a submission must carry the
 * widget's answer (`_captcha`), checked with the provider's siteverify endpoint and the
 * secret the server holds (FORMS_CAPTCHA_SECRET). No secret, no pass: a form set up for a
 * CAPTCHA is not left open by a missing setting.
 */
const VERIFY_URLS = {
  turnstile: 'https://challenges.cloudflare.com/turnstile/v0/siteverify',
  hcaptcha: 'https://api.hcaptcha.com/siteverify',
  recaptcha: 'https://www.google.com/recaptcha/api/siteverify',
} as const;
export type CaptchaProvider = keyof typeof VERIFY_URLS;

export async function captchaPasses(
  provider: CaptchaProvider,
  answer: unknown,
  options: { secret?: string; remoteIp?: string; fetch?: typeof fetch } = {},
): Promise<boolean> {
  const secret = options.secret ?? process.env.FORMS_CAPTCHA_SECRET;
  if (!secret || typeof answer !== 'string' || !answer || answer.length > 4096) return false;
  const body = new URLSearchParams({ secret, response: answer, ...(options.remoteIp ? { remoteip: options.remoteIp } : {}) });
  const response = await (options.fetch ?? fetch)(VERIFY_URLS[provider], { method: 'POST', body, signal: AbortSignal.timeout(5000) });
  if (!response.ok) return false;
  return ((await response.json()) as { success?: boolean }).success === true;
}
