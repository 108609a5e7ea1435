/**
 * Calendar apps cannot sign in, so a user's iCalendar feed is authenticated by a token in
 * its URL. Only the token's SHA-256 is stored (the token is 256 random bits, so a plain
 * hash cannot be reversed or guessed); a new token replaces the old one, which stops
 * working at once. Any mismatch answers 404, like a feed that does not exist.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../platform/database';
import { NotFoundError } from '../platform/errors';
import { nowIso } from '../platform/ids';

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest();

export async function issueFeedToken(db: Database, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.entities.calendarFeed.put({ userId, tokenHash: hashOf(token).toString('hex'), createdAt: nowIso() }).go({ response: 'none' });
  return token;
}

export async function checkFeedToken(db: Database, userId: string, token: string | undefined): Promise<void> {
  const noFeed = new NotFoundError('No such calendar feed');
  if (!token) throw noFeed;
  const { data } = await db.entities.calendarFeed.get({ userId }).go();
  if (!data) throw noFeed;
  if (!timingSafeEqual(Buffer.from(data.tokenHash, 'hex'), hashOf(token))) throw noFeed;
}

export const feedPath = (userId: string, token: string) => `/calendar/${encodeURIComponent(userId)}/feed.ics?token=${encodeURIComponent(token)}`;
