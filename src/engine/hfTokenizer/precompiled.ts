// SentencePiece's Precompiled normalizer (nmt_nfkc and friends): a darts-clone double-array trie over
// UTF-8 bytes whose leaves point into a blob of NUL-terminated replacement strings. Lookup and the
// per-grapheme replacement rule follow the Rust crates `spm_precompiled` and
// tokenizers/src/normalizers/precompiled.rs, quirks included (the first, shortest prefix match
// replaces the whole grapheme; a grapheme of 6+ bytes is looked up char by char).
import type { Normalized } from './normalized';
import { graphemeRanges } from './unicode';

const utf8 = new TextEncoder();
const decoder = new TextDecoder('utf-8');

export class Precompiled {
  private readonly array: Uint32Array;
  private readonly blob: Uint8Array;
  private readonly cache = new Map<string, string | null>();

  constructor(base64: string) {
    const bytes = Buffer.from(base64, 'base64');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const trieSize = view.getUint32(0, true);
    this.array = new Uint32Array(trieSize / 4);
    for (let i = 0; i < this.array.length; i++) this.array[i] = view.getUint32(4 + i * 4, true);
    this.blob = bytes.subarray(4 + trieSize);
  }

  /** The replacement for `chunk` (its shortest prefix in the map), or null when it has none. */
  transform(chunk: string): string | null {
    const hit = this.cache.get(chunk);
    if (hit !== undefined) return hit;
    const value = this.firstPrefixValue(utf8.encode(chunk));
    let out: string | null = null;
    if (value !== null) {
      let end = value;
      while (end < this.blob.length && this.blob[end] !== 0) end++;
      out = decoder.decode(this.blob.subarray(value, end));
    }
    this.cache.set(chunk, out);
    return out;
  }

  private firstPrefixValue(key: Uint8Array): number | null {
    const a = this.array;
    const offset = (u: number): number => (u >>> 10) << ((u & (1 << 9)) >>> 6);
    let pos = 0;
    let unit = a[pos];
    pos ^= offset(unit);
    for (const c of key) {
      if (c === 0) break;
      pos ^= c;
      unit = a[pos];
      if (unit === undefined) return null;
      const label = unit & 0x800000ff;
      if (label !== c) return null;
      pos ^= offset(unit);
      if (((unit >>> 8) & 1) === 1) return a[pos] & 0x7fffffff;
    }
    return null;
  }

  normalize(n: Normalized): void {
    const out: [string, number][] = [];
    let modified = false;
    const replace = (oldCount: number, norm: string): void => {
      const newChars = Array.from(norm);
      for (const c of newChars) out.push([c, 0]);
      const diff = newChars.length - oldCount;
      if (diff > 0) for (let k = 0; k < diff; k++) out[out.length - 1 - k][1] = 1;
      else if (diff < 0 && out.length) out[out.length - 1][1] += diff;
    };
    for (const [from, to] of graphemeRanges(n.chars)) {
      const g = n.chars.slice(from, to).join('');
      if (utf8.encode(g).length < 6) {
        const norm = this.transform(g);
        if (norm !== null) {
          modified = true;
          replace(to - from, norm);
          continue;
        }
      }
      for (let i = from; i < to; i++) {
        const norm = this.transform(n.chars[i]);
        if (norm !== null) {
          modified = true;
          replace(1, norm);
        } else out.push([n.chars[i], 0]);
      }
    }
    if (modified) n.transform(out);
  }
}
