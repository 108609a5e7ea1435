/**
 * The signed render token a form carries: which form, when it was rendered, a nonce, and
 * its kind — "render" (a page showed the form: a submission sooner than the form's
 * minimum fill time is a bot's; the nonce makes a resubmission of the same rendering one
 * record) or "embed" (the copy-paste HTML form on a site, long-lived, no timing).
 * HMAC-SHA256 with a secret the CRM makes for itself on first use and keeps in its table.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../platform/database';
import { isConditionFailure } from '../platform/errors';

export interface RenderToken {
  formId: string;
  issuedAt: number;
  nonce: string;
  kind: 'render' | 'embed';
}

const SECRET_KEY = 'formTokenSecret';
let cached: Promise<Buffer> | undefined;

async function secretOf(db: Database): Promise<Buffer> {
  const read = async () => (await db.entities.settingsDocument.get({ key: SECRET_KEY }).go()).data?.body as { secret?: string } | undefined;
  const existing = await read();
  if (existing?.secret) return Buffer.from(existing.secret, 'base64url');
  const secret = randomBytes(32).toString('base64url');
  try {
    await db.entities.settingsDocument
      .create({ key: SECRET_KEY, body: { secret }, version: 1, updatedAt: new Date().toISOString(), updatedBy: 'system' })
      .go({ response: 'none' });
    return Buffer.from(secret, 'base64url');
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return Buffer.from((await read())!.secret!, 'base64url'); // another instance made it first
  }
}

const secret = (db: Database) => {
  cached ??= secretOf(db).catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
};
const sign = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

export async function issueToken(db: Database, formId: string, kind: RenderToken['kind'], now = Date.now()): Promise<string> {
  const payload = Buffer.from(JSON.stringify({ f: formId, t: now, n: randomBytes(9).toString('base64url'), k: kind })).toString('base64url');
  return `${payload}.${sign(await secret(db), payload)}`;
}

/** The token's content, or undefined when it is not one the CRM signed. */
export async function readToken(db: Database, token: unknown): Promise<RenderToken | undefined> {
  if (typeof token !== 'string' || token.length > 500) return undefined;
  const [payload, signature] = token.split('.');
  if (!payload || !signature) return undefined;
  const expected = Buffer.from(sign(await secret(db), payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const { f, t, n, k } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { f: string; t: number; n: string; k: RenderToken['kind'] };
    return { formId: f, issuedAt: t, nonce: n, kind: k };
  } catch {
    return undefined;
  }
}
