/**
 * The signature on every webhook the CRM sends, so a receiver knows the body came from
 * this CRM and was not replayed much later:
 *
 *   x-crm-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * The key is the subscription's secret as its UTF-8 text. A receiver recomputes the HMAC
 * over the raw body bytes (before parsing the JSON), compares in constant time, and
 * refuses a timestamp more than a few minutes from its clock (verifyWebhookSignature is
 * the reference). The timestamp is inside the signed text, so it cannot be moved.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-crm-signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A new subscription secret: 32 random bytes, base64url. */
export const newWebhookSecret = (): string => randomBytes(32).toString('base64url');

const hmacHex = (secret: string, body: string, timestampSeconds: number) =>
  createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');

/** The x-crm-signature header value for a body sent at timestampSeconds. */
export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${hmacHex(secret, body, timestampSeconds)}`;
}

/**
 * True when the header carries a v1 signature of the body made with the secret, and its
 * timestamp is within toleranceSeconds of now. Any v1 entry may match (room for sending
 * two during a secret rotation).
 */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string | undefined,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
  now: Date = new Date(),
): boolean {
  if (!header) return false;
  const entries = header.split(',').map((part) => part.trim().split('=', 2) as [string, string | undefined]);
  const timestamps = entries.filter(([key]) => key === 't').map(([, value]) => value);
  if (timestamps.length !== 1 || !/^\d{1,12}$/.test(timestamps[0] ?? '')) return false;
  const timestamp = Number(timestamps[0]);
  if (Math.abs(Math.floor(now.getTime() / 1000) - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, body, timestamp), 'hex');
  return entries
    .filter(([key, value]) => key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/.test(value))
    .some(([, value]) => timingSafeEqual(Buffer.from(value!, 'hex'), expected));
}

export interface WebhookHeaderInput {
  secret: string;
  body: string;
  eventId: string;
  deliveryId: string;
  detailType: string;
  now?: Date;
}

/** Every header of a webhook POST: the signature, and ids a receiver deduplicates on (a delivery may arrive twice). */
export function webhookHeaders({ secret, body, eventId, deliveryId, detailType, now = new Date() }: WebhookHeaderInput): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'crm-webhooks/1',
    [SIGNATURE_HEADER]: signWebhook(secret, body, Math.floor(now.getTime() / 1000)),
    'x-crm-event-id': eventId,
    'x-crm-delivery-id': deliveryId,
    'x-crm-event-type': detailType,
  };
}
