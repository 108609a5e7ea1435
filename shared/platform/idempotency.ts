/**
 * Idempotent retries: the first request with a key runs and its outcome is kept for a
 * day; a retry with the same key and the same input gets that outcome again instead of
 * running twice. Written for the single table rather than taken from Powertools
 * Idempotency, whose DynamoDB layer would put every record of the table in one static
 * partition.
 */
import { createHash } from 'node:crypto';
import { ConflictError, ValidationError, isConditionFailure } from './errors';
import type { Database } from './database';

const KEEP_SECONDS = 24 * 3600;
/** How long a crashed first attempt blocks retries before one may take over. */
const LOCK_SECONDS = 30;

export const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

export type Outcome<R> = { replayed: false; result: R } | { replayed: true; result: R };

export async function runIdempotent<R>(
  db: Database,
  input: { scope: string; key: string; request: unknown },
  run: () => Promise<{ result: R; keep: boolean }>,
): Promise<Outcome<R>> {
  const entity = db.entities.idempotency;
  const keyHash = sha256(`${input.scope}\n${input.key}`);
  const requestHash = sha256(JSON.stringify(input.request ?? null));
  const now = Math.floor(Date.now() / 1000);
  const claim = { keyHash, requestHash, status: 'in-progress' as const, lockedUntil: now + LOCK_SECONDS, expiresAt: now + KEEP_SECONDS };

  let claimed = await entity.create(claim).go().then(
    () => true,
    (error: unknown) => {
      if (isConditionFailure(error)) return false;
      throw error;
    },
  );
  if (!claimed) {
    const { data: existing } = await entity.get({ keyHash }).go();
    if (existing && existing.requestHash !== requestHash) {
      throw new ValidationError('This Idempotency-Key was used with a different request', [
        { name: 'Idempotency-Key', detail: 'was already used with another body; use a new key' },
      ]);
    }
    if (existing?.status === 'completed') return { replayed: true, result: existing.response as R };
    // The first attempt is running, or died holding the lock: take over only an expired lock.
    claimed = await entity
      .put(claim)
      .where((attr, op) => `${op.notExists(attr.keyHash)} OR ${op.lt(attr.lockedUntil, now)}`)
      .go()
      .then(
        () => true,
        (error: unknown) => {
          if (isConditionFailure(error)) return false;
          throw error;
        },
      );
    if (!claimed) throw new ConflictError('A request with this Idempotency-Key is still in progress; retry in a few seconds');
  }

  try {
    const { result, keep } = await run();
    if (keep) await entity.patch({ keyHash }).set({ status: 'completed', response: result }).go();
    else await entity.delete({ keyHash }).go();
    return { replayed: false, result };
  } catch (error) {
    await entity.delete({ keyHash }).go().catch(() => undefined);
    throw error;
  }
}
