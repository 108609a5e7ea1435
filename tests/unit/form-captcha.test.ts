import { afterEach, describe, expect, it, vi } from 'vitest';
import { captchaAnswer, captchaPasses } from '../../shared/forms/captcha';
import { checkSubmission } from '../../shared/forms/validation';
import { UnavailableError } from '../../shared/platform/errors';

/** The providers' siteverify endpoints have no local stand-in: a fake fetch plays them. */
const provider = (success: boolean) => vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => new Response(JSON.stringify({ success })));

describe('the CAPTCHA hook', () => {
  it('asks the provider with the server secret, the answer and the client address', async () => {
    const fetch = provider(true);
    expect(await captchaPasses('turnstile', 'answer-1', { secret: 's3cret', remoteIp: '203.0.113.9', fetch })).toBe(true);
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('https://challenges.cloudflare.com/turnstile/v0/siteverify');
    expect(Object.fromEntries(new URLSearchParams(String(init!.body)))).toEqual({ secret: 's3cret', response: 'answer-1', remoteip: '203.0.113.9' });
  });

  it('refuses what the provider refuses, a missing answer, and a server without a secret', async () => {
    expect(await captchaPasses('hcaptcha', 'answer', { secret: 's', fetch: provider(false) })).toBe(false);
    expect(await captchaPasses('recaptcha', '', { secret: 's', fetch: provider(true) })).toBe(false);
    const fetch = provider(true);
    expect(await captchaPasses('recaptcha', 'answer', { secret: '', fetch })).toBe(false);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('calls a check it could not make unavailable, not unsolved: the provider unreachable, failing or garbled', async () => {
    const unreachable = vi.fn(async () => Promise.reject(new TypeError('fetch failed')));
    const failing = vi.fn(async () => new Response('upstream error', { status: 502 }));
    const garbled = vi.fn(async () => new Response('<html>', { status: 200 }));
    for (const fetch of [unreachable, failing, garbled]) {
      const refusal = await captchaPasses('turnstile', 'answer', { secret: 's', fetch }).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(UnavailableError);
      expect((refusal as UnavailableError).fields.map((f) => f.name)).toEqual(['_captcha']);
    }
    // a 4xx is the provider's answer about this request (a bad secret or answer): unsolved
    expect(await captchaPasses('turnstile', 'answer', { secret: 's', fetch: vi.fn(async () => new Response('{}', { status: 400 })) })).toBe(false);

  });
});

describe('the CAPTCHA answer from the provider’s own widget (the hosted page)', () => {
  const form = { languages: ['en'], fields: [{ key: 'email', type: 'email' as const, label: { en: 'Email' }, required: true }] };
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('verifies cf-turnstile-response, h-captcha-response and g-recaptcha-response like _captcha', async () => {
    const cases = [
      ['turnstile', 'cf-turnstile-response'],
      ['hcaptcha', 'h-captcha-response'],
      ['recaptcha', 'g-recaptcha-response'],
    ] as const;
    for (const [provider, field] of cases) {
      // what a page without the snippet posts: the widget's hidden field in the urlencoded form
      const body = { email: 'ada@example.com', _token: 't', [field]: `answer-${provider}` };
      // the intake's checks take the field as one of the page's own keys, not an unknown field
      expect(checkSubmission(form, body, 'en')).toMatchObject({ ok: true });
      const fetch = providerAnswering(`answer-${provider}`);
      expect(await captchaPasses(provider, captchaAnswer(provider, body), { secret: 's3cret', fetch })).toBe(true);
      expect(Object.fromEntries(new URLSearchParams(String(fetch.mock.calls[0]![1]!.body)))).toMatchObject({ secret: 's3cret', response: `answer-${provider}` });
    }
  });

  it('prefers _captcha, takes only the form’s own provider’s field, and refuses a wrong answer', async () => {
    expect(captchaAnswer('turnstile', { _captcha: 'from-snippet', 'cf-turnstile-response': 'from-widget' })).toBe('from-snippet');
    expect(captchaAnswer('turnstile', { _captcha: '', 'cf-turnstile-response': 'from-widget' })).toBe('from-widget');
    expect(captchaAnswer('turnstile', { 'g-recaptcha-response': 'another-provider' })).toBeUndefined();
    // hCaptcha fills g-recaptcha-response as well: its own field is the one read
    expect(captchaAnswer('hcaptcha', { 'h-captcha-response': 'h', 'g-recaptcha-response': 'h' })).toBe('h');
    const body = { 'cf-turnstile-response': 'forged' };
    expect(await captchaPasses('turnstile', captchaAnswer('turnstile', body), { secret: 's', fetch: providerAnswering('fake-token') })).toBe(false);
    expect(await captchaPasses('turnstile', captchaAnswer('turnstile', {}), { secret: 's', fetch: providerAnswering('fake-token') })).toBe(false);
  });

  it('asks FORMS_CAPTCHA_VERIFY_URL instead of the provider when it is set (tests, self-hosted verification)', async () => {
    const fetch = providerAnswering('fake-token');
    vi.stubEnv('FORMS_CAPTCHA_VERIFY_URL', 'http://127.0.0.1:9/siteverify');
    vi.stubEnv('FORMS_CAPTCHA_SECRET', 'env-secret');
    expect(await captchaPasses('hcaptcha', 'fake-token', { fetch })).toBe(true);
    expect(fetch.mock.calls[0]![0]).toBe('http://127.0.0.1:9/siteverify');
    expect(Object.fromEntries(new URLSearchParams(String(fetch.mock.calls[0]![1]!.body)))).toMatchObject({ secret: 'env-secret', response: 'fake-token' });
    vi.stubEnv('FORMS_CAPTCHA_VERIFY_URL', '');
    await captchaPasses('hcaptcha', 'fake-token', { fetch });
    expect(fetch.mock.calls[1]![0]).toBe('https://api.hcaptcha.com/siteverify');
  });
});

/** A siteverify stand-in that passes exactly one answer. */
function providerAnswering(good: string) {
  return vi.fn(async (_url: string | URL | Request, init?: RequestInit) => new Response(JSON.stringify({ success: new URLSearchParams(String(init?.body)).get('response') === good })));
}
