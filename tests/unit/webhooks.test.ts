/**
 * Webhook signatures a receiver can verify, and the destinations the CRM refuses to call
 * (private networks, metadata endpoints, names that resolve inside the network).
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { readAsl } from '../../functions/workflows/definitions';
import { signWebhook, verifyWebhookSignature, webhookHeaders, newWebhookSecret } from '../../shared/webhooks/signing';
import { assertPublicDestination, webhookUrlProblems, type AddressLookup } from '../../shared/webhooks/url-safety';
import { WebhookSubscriptionCreate } from '../../shared/webhooks/schemas';

const secret = newWebhookSecret();
const body = JSON.stringify({ id: 'e1', type: 'Lead Created', time: '2026-05-04T09:30:00Z', data: { recordId: 'L1' } });
const at = new Date('2026-05-04T09:30:00Z');
const seconds = at.getTime() / 1000;

describe('webhook signatures', () => {
  it('verify with the secret that made them', () => {
    const header = signWebhook(secret, body, seconds);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, body, header, 300, at)).toBe(true);
  });

  it('are refused when the body, the timestamp or the secret differ', () => {
    const header = signWebhook(secret, body, seconds);
    expect(verifyWebhookSignature(secret, body.replace('L1', 'L2'), header, 300, at)).toBe(false);
    expect(verifyWebhookSignature(secret, body, header.replace(`t=${seconds}`, `t=${seconds + 1}`), 300, at)).toBe(false);
    expect(verifyWebhookSignature(newWebhookSecret(), body, header, 300, at)).toBe(false);
    expect(verifyWebhookSignature(secret, body, undefined, 300, at)).toBe(false);
    expect(verifyWebhookSignature(secret, body, 'v1=abc', 300, at)).toBe(false);
  });

  it('are refused once older (or further ahead) than the tolerance, so a captured request cannot be replayed later', () => {
    const header = signWebhook(secret, body, seconds);
    expect(verifyWebhookSignature(secret, body, header, 300, new Date(at.getTime() + 299_000))).toBe(true);
    expect(verifyWebhookSignature(secret, body, header, 300, new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifyWebhookSignature(secret, body, header, 300, new Date(at.getTime() - 301_000))).toBe(false);
  });

  it('accept any one matching v1 entry, as sent while a secret is rotated', () => {
    const current = signWebhook(secret, body, seconds);
    const old = signWebhook(newWebhookSecret(), body, seconds).split(',')[1];
    expect(verifyWebhookSignature(secret, body, `${current},${old}`, 300, at)).toBe(true);
  });

  it('come with the ids and type a receiver deduplicates and routes on', () => {
    const headers = webhookHeaders({ secret, body, eventId: 'e1', deliveryId: 'D1', detailType: 'Lead Created', now: at });
    expect(headers).toEqual({
      'content-type': 'application/json',
      'user-agent': 'crm-webhooks/1',
      'x-crm-signature': signWebhook(secret, body, seconds),
      'x-crm-event-id': 'e1',
      'x-crm-delivery-id': 'D1',
      'x-crm-event-type': 'Lead Created',
    });
  });

  it('secrets are 32 random bytes, base64url', () => {
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});

describe('webhook destinations', () => {
  it.each([
    'https://hooks.example.com/crm',
    'https://hooks.example.com:8443/crm?source=crm',
    'https://93.184.216.34/hook',
    'https://[2606:4700:4700::1111]/hook',
  ])('accepts %s', (url) => {
    expect(webhookUrlProblems(url, { allowPrivate: false })).toEqual([]);
  });

  it.each([
    ['http://hooks.example.com/crm', /https/],
    ['ftp://hooks.example.com/crm', /https/],
    ['not a url', /not a valid URL/],
    ['https://user:pass@hooks.example.com/', /user name or password/],
    ['https://localhost/hook', /internal host name/],
    ['https://api.localhost/hook', /internal host name/],
    ['https://metadata.google.internal/computeMetadata', /internal host name/],
    ['https://printer.local/', /internal host name/],
    ['https://127.0.0.1/', /private or reserved/],
    ['https://127.1/', /private or reserved/], // the URL parser makes it 127.0.0.1
    ['https://2130706433/', /private or reserved/], // 127.0.0.1 as one number
    ['https://10.0.0.1/', /private or reserved/],
    ['https://172.16.5.4/', /private or reserved/],
    ['https://192.168.1.1/', /private or reserved/],
    ['https://169.254.169.254/latest/meta-data/', /private or reserved/],
    ['https://100.64.0.1/', /private or reserved/],
    ['https://224.0.0.1/', /private or reserved/],
    ['https://0.0.0.0/', /private or reserved/],
    ['https://[::1]/', /private or reserved/],
    ['https://[::]/', /private or reserved/],
    ['https://[fe80::1]/', /private or reserved/],
    ['https://[fd12:3456::1]/', /private or reserved/],
    ['https://[ff02::1]/', /private or reserved/],
    ['https://[::ffff:10.0.0.1]/', /private or reserved/],
    ['https://[::ffff:127.0.0.1]/', /private or reserved/],
    ['https://[::ffff:a9fe:a9fe]/', /private or reserved/], // 169.254.169.254, mapped, in hex
  ])('refuses %s', (url, reason) => {
    const problems = webhookUrlProblems(url, { allowPrivate: false });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('; ')).toMatch(reason);
  });

  it('lets the local runtime use http://localhost receivers, but never credentials', () => {
    expect(webhookUrlProblems('http://localhost:4000/hook', { allowPrivate: true })).toEqual([]);
    expect(webhookUrlProblems('http://127.0.0.1:4000/hook', { allowPrivate: true })).toEqual([]);
    expect(webhookUrlProblems('http://u:p@localhost:4000/hook', { allowPrivate: true })).toEqual(['must not contain a user name or password']);
  });

  const resolvingTo =
    (...addresses: string[]): AddressLookup =>
    async () =>
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it('refuses at send time a name that resolves to a private address (DNS rebinding)', async () => {
    await expect(assertPublicDestination('https://hooks.example.com/', { allowPrivate: false, lookup: resolvingTo('10.0.0.1') })).rejects.toThrow(
      /resolves to a private or reserved address \(10\.0\.0\.1\)/,
    );
    // one bad address among good ones is enough: the connection may pick any
    await expect(
      assertPublicDestination('https://hooks.example.com/', { allowPrivate: false, lookup: resolvingTo('93.184.216.34', '::ffff:192.168.0.9') }),
    ).rejects.toMatchObject({ name: 'WebhookDestinationRefused' });
    await expect(assertPublicDestination('https://hooks.example.com/', { allowPrivate: false, lookup: resolvingTo('93.184.216.34', '2606:4700::1') })).resolves.toBeUndefined();
  });

  it('refuses at send time a name that does not resolve, and a URL that is refused outright, without resolving', async () => {
    const failing: AddressLookup = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.example'), { code: 'ENOTFOUND' });
    };
    await expect(assertPublicDestination('https://nowhere.example/', { allowPrivate: false, lookup: failing })).rejects.toThrow(/could not be resolved/);
    let asked = false;
    const spy: AddressLookup = async () => {
      asked = true;
      return [];
    };
    await expect(assertPublicDestination('http://hooks.example.com/', { allowPrivate: false, lookup: spy })).rejects.toThrow(/https/);
    expect(asked).toBe(false);
  });
});

describe('subscription input', () => {
  it('takes known event types, or "*" for all, and names an unknown one by its position', () => {
    const base = { name: 'Data warehouse', url: 'https://hooks.example.com/crm' };
    expect(WebhookSubscriptionCreate.parse({ ...base, eventTypes: ['Lead Created', 'Lead Created', 'Account Updated'] }).eventTypes).toEqual([
      'Account Updated',
      'Lead Created',
    ]);
    expect(WebhookSubscriptionCreate.parse({ ...base, eventTypes: ['Lead Created', '*'] }).eventTypes).toEqual(['*']);
    const refused = WebhookSubscriptionCreate.safeParse({ ...base, eventTypes: ['Lead Created', 'Lead Exploded'] });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((i) => i.path)).toEqual([['eventTypes', 1]]);
    expect(WebhookSubscriptionCreate.safeParse({ ...base, eventTypes: [] }).success).toBe(false);
  });
});

describe('the webhook-delivery state machine definition', () => {
  const aslValidator = createRequire(import.meta.url)('asl-validator') as (d: unknown) => { isValid: boolean; errors: unknown[] };
  const definition = JSON.parse(readAsl('functions/workflows/webhook-delivery.asl.json').replaceAll(/\$\{(\w+)\}/g, 'arn:aws:lambda:us-east-1:123456789012:function:$1'));

  it('is valid ASL', () => {
    expect(aslValidator(definition).errors).toEqual([]);
  });

  it('retries for about five minutes before dead-lettering', () => {
    const [retry] = definition.States.DeliverWebhook.Retry as { IntervalSeconds: number; MaxAttempts: number; BackoffRate: number }[];
    const waits = Array.from({ length: retry!.MaxAttempts }, (_, i) => retry!.IntervalSeconds * retry!.BackoffRate ** i);
    expect(waits.reduce((a, b) => a + b)).toBe(310);
    expect(definition.States.DeliverWebhook.Catch[0].Next).toBe('MarkDeliveryDead');
  });
});
