// LRU cache of pair scores, so moving a slider or rerunning never recomputes. Keys are a hash of
// (model identity incl. weights size/mtime, dtype, effective max length, query, chunk text): hashing
// keeps memory bounded by the number of entries, not by the length of the texts.

import { createHash } from 'node:crypto';
import type { PairScore } from './protocol';

export type CachedScore = Omit<PairScore, 'index' | 'cached'>;

export function scoreKey(modelIdentity: string, maxLength: number, query: string, chunk: string): string {
  return createHash('sha256')
    .update(modelIdentity)
    .update('\0')
    .update(String(maxLength))
    .update('\0')
    .update(String(query.length))
    .update('\0')
    .update(query)
    .update('\0')
    .update(chunk)
    .digest('base64');
}

export class ScoreCache {
  private readonly map = new Map<string, CachedScore>();
  constructor(readonly maxEntries = 50_000) {}

  get size(): number {
    return this.map.size;
  }

  get(key: string): CachedScore | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      // Re-insert: Map keeps insertion order, so the oldest key is the least recently used.
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, value: CachedScore): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.maxEntries) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
    }
  }

  clear(): void {
    this.map.clear();
  }
}
