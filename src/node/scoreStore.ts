// Persistent score cache on disk: reopening a scored set is instant and adding queries scores only the
// new pairs. Shared by the CLI (<cache dir>/.score-store) and the extension (global storage).
//
//   const store = await ScoreStore.open(dir);            // reads and checks every entry
//   const key = scoreStoreKey({ scorer, dtype, maxLength, query, chunk });
//   store.get(key) ?? (score it, then store.set(key, value)); await store.flush();
//   await store.clear();                                  // "Clear Model Cache"
//
// Key: the first 16 bytes of SHA-256 over (scorer identity, dtype, max length, query length, query,
// chunk text), hex. The scorer identity is the caller's (ScorerInfo.identity, or the CLI's model id +
// weights file size and mtime), so a changed model file never serves old scores.
//
// File: `scores.bin`, a 64-byte header (magic "RLSCORE1") then fixed 64-byte records: key (16), logit
// and probability (f64), token counts, truncation fields, flags, and a CRC-32 of the record's first 60
// bytes. Crash safety: records are only ever appended (one write per flush) or the whole file is
// replaced by an atomic rename; on open a record whose CRC fails is skipped (never trusted) and a torn
// tail (a partial record left by a crash mid-append) is cut off before the next append, so records
// stay aligned. Two processes appending at once each write whole records with O_APPEND; a compaction by
// one may drop the other's latest appends (a cache miss later, never a wrong score).
//
// Bound: DEFAULT_MAX_BYTES (32 MiB, about 520,000 pairs). When a flush takes the file past the bound,
// it is rewritten with the most recently used entries filling half of it (least recently used go
// first; "used" = read or written in this process, file order otherwise).
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { PairScore } from '../core/types';

export type StoredScore = Omit<PairScore, 'index' | 'cached'>;

export interface ScoreKeyParts {
  /** Stable identity of the scorer: model, weights, provider... never a secret. */
  scorer: string;
  dtype: string;
  /** The effective max length (or a stable stand-in such as 'default'). */
  maxLength: number | string;
  query: string;
  chunk: string;
}

export const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
export const RECORD_BYTES = 64;
const HEADER = Buffer.alloc(RECORD_BYTES);
HEADER.write('RLSCORE1', 0, 'latin1');
HEADER.writeUInt32LE(1, 8);
const FILE = 'scores.bin';
const NONE = 0xffffffff;

export function scoreStoreKey(p: ScoreKeyParts): string {
  return createHash('sha256')
    .update(p.scorer).update('\0')
    .update(p.dtype).update('\0')
    .update(String(p.maxLength)).update('\0')
    .update(String(p.query.length)).update('\0')
    .update(p.query).update('\0')
    .update(p.chunk)
    .digest()
    .subarray(0, 16)
    .toString('hex');
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(buf: Uint8Array, start = 0, end = buf.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function encode(key: string, v: StoredScore): Buffer {
  const b = Buffer.alloc(RECORD_BYTES);
  b.write(key, 0, 16, 'hex');
  b.writeDoubleLE(v.score, 16);
  b.writeDoubleLE(v.probability, 24);
  b.writeUInt32LE(v.queryTokens >>> 0, 32);
  b.writeUInt32LE(v.chunkTokens >>> 0, 36);
  b.writeInt32LE(v.truncatedAtChar === null ? -1 : v.truncatedAtChar, 40);
  b.writeUInt32LE(v.queryTokensKept === undefined ? NONE : v.queryTokensKept >>> 0, 44);
  b.writeUInt32LE(v.chunkTokensKept === undefined ? NONE : v.chunkTokensKept >>> 0, 48);
  b[52] = (v.truncated ? 1 : 0) | (v.queryTruncated !== undefined ? 2 : 0) | (v.queryTruncated ? 4 : 0);
  b.writeUInt32LE(crc32(b, 0, 60), 60);
  return b;
}

function decode(b: Buffer): StoredScore {
  const qk = b.readUInt32LE(44);
  const ck = b.readUInt32LE(48);
  const at = b.readInt32LE(40);
  const flags = b[52];
  return {
    score: b.readDoubleLE(16),
    probability: b.readDoubleLE(24),
    queryTokens: b.readUInt32LE(32),
    chunkTokens: b.readUInt32LE(36),
    truncated: (flags & 1) !== 0,
    truncatedAtChar: at < 0 ? null : at,
    ...(qk !== NONE ? { queryTokensKept: qk } : {}),
    ...(ck !== NONE ? { chunkTokensKept: ck } : {}),
    ...(flags & 2 ? { queryTruncated: (flags & 4) !== 0 } : {}),
  };
}

export interface ScoreStoreStats {
  entries: number;
  fileBytes: number;
  maxBytes: number;
  /** Records skipped on open because their checksum failed. */
  corruptSkipped: number;
  /** Bytes of a partial last record cut off on open. */
  tornTailBytes: number;
}

export class ScoreStore {
  /** key -> 64-byte record, in least-recently-used-first order. */
  private readonly entries = new Map<string, Buffer>();
  private pending: Buffer[] = [];
  private fileBytes = 0;
  private corruptSkipped = 0;
  private tornTailBytes = 0;

  private constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {}

  get path(): string {
    return join(this.dir, FILE);
  }

  static async open(dir: string, opts: { maxBytes?: number } = {}): Promise<ScoreStore> {
    const store = new ScoreStore(dir, Math.max(RECORD_BYTES * 4, opts.maxBytes ?? DEFAULT_MAX_BYTES));
    await fs.mkdir(dir, { recursive: true });
    await store.load();
    return store;
  }

  private async load(): Promise<void> {
    let buf: Buffer;
    try {
      buf = await fs.readFile(this.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    if (buf.length < RECORD_BYTES || !buf.subarray(0, 12).equals(HEADER.subarray(0, 12))) {
      // Not our format (or a torn header from a crash while creating it): start over.
      await fs.rm(this.path, { force: true });
      return;
    }
    const whole = buf.length - (buf.length % RECORD_BYTES);
    this.tornTailBytes = buf.length - whole;
    for (let off = RECORD_BYTES; off < whole; off += RECORD_BYTES) {
      const rec = buf.subarray(off, off + RECORD_BYTES);
      if (crc32(rec, 0, 60) !== rec.readUInt32LE(60)) {
        this.corruptSkipped++;
        continue;
      }
      const key = rec.toString('hex', 0, 16);
      this.entries.delete(key);
      this.entries.set(key, rec);
    }
    this.fileBytes = whole;
    if (this.tornTailBytes > 0) await fs.truncate(this.path, whole);
  }

  get size(): number {
    return this.entries.size;
  }

  stats(): ScoreStoreStats {
    return { entries: this.entries.size, fileBytes: this.fileBytes, maxBytes: this.maxBytes, corruptSkipped: this.corruptSkipped, tornTailBytes: this.tornTailBytes };
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  get(key: string): StoredScore | undefined {
    const rec = this.entries.get(key);
    if (!rec) return undefined;
    this.entries.delete(key);
    this.entries.set(key, rec);
    return decode(rec);
  }

  /** Remembers a score; written on the next flush(). */
  set(key: string, value: StoredScore): void {
    const rec = encode(key, value);
    this.entries.delete(key);
    this.entries.set(key, rec);
    this.pending.push(rec);
  }

  /** Appends what set() remembered (one write), compacting when the file passes its bound. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = Buffer.concat(this.pending);
    this.pending = [];
    let size = 0;
    try {
      size = (await fs.stat(this.path)).size;
    } catch {
      size = 0;
    }
    if (size === 0) {
      await fs.writeFile(this.path, Buffer.concat([HEADER, batch]));
      size = RECORD_BYTES + batch.length;
    } else {
      // Another writer's torn tail would misalign everything after it: cut it first.
      if (size % RECORD_BYTES !== 0) await fs.truncate(this.path, size - (size % RECORD_BYTES));
      await fs.appendFile(this.path, batch);
      size = size - (size % RECORD_BYTES) + batch.length;
    }
    this.fileBytes = size;
    if (size > this.maxBytes) await this.compact();
  }

  /** Rewrites the file with the most recently used entries filling half the bound (atomic rename). */
  async compact(): Promise<void> {
    const keep = Math.max(1, Math.floor(this.maxBytes / 2 / RECORD_BYTES) - 1);
    const keys = [...this.entries.keys()];
    for (const k of keys.slice(0, Math.max(0, keys.length - keep))) this.entries.delete(k);
    const body = Buffer.concat([HEADER, ...this.entries.values()]);
    const tmp = `${this.path}.${process.pid}.${Date.now()}.tmp`;
    const fh = await fs.open(tmp, 'w');
    try {
      await fh.writeFile(body);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, this.path);
    this.fileBytes = body.length;
  }

  /** Forgets every score, in memory and on disk. */
  async clear(): Promise<void> {
    this.entries.clear();
    this.pending = [];
    await fs.rm(this.path, { force: true });
    this.fileBytes = 0;
  }
}
