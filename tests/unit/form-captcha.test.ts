import { describe, expect, it, vi } from 'vitest';
import { captchaPasses } from '../../shared/forms/captcha';

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
});
