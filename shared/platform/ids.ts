import { monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

export const newId = (): string => nextUlid();
export const nowIso = (): string => new Date().toISOString();

/** Stable shard of an id for write-sharded list keys (FNV-1a over the id). */
export function shardOf(id: string, shards: number): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return String((hash >>> 0) % shards);
}
