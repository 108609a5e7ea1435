import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newId } from '../platform/ids';
import type { Mailer } from '../ports/mailer';
import { composeMime } from './mime';

/** The local stand-in for SES: each message kept as a real .eml file, newest id last. */
export function outboxMailer(dir: string, from: string): Mailer {
  return {
    async send(email) {
      const { raw, messageId } = await composeMime(from, email);
      await mkdir(dir, { recursive: true });
      const id = newId();
      await writeFile(join(dir, `${id}.eml`), raw);
      await writeFile(join(dir, `${id}.json`), JSON.stringify({ id, to: email.to, subject: email.subject, date: new Date().toISOString(), messageId }));
      return { messageId };
    },
  };
}

export interface OutboxEntry {
  id: string;
  to: string;
  subject: string;
  date: string;
  messageId: string;
}

export async function listOutbox(dir: string): Promise<OutboxEntry[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const entries = await Promise.all(
    names.filter((n) => n.endsWith('.json')).map(async (n) => JSON.parse(await readFile(join(dir, n), 'utf8')) as OutboxEntry),
  );
  return entries.sort((a, b) => (a.id < b.id ? 1 : -1));
}
