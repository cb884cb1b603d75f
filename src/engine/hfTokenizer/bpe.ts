// BPE (tokenizers/src/models/bpe): merges applied lowest rank first, leftmost first on ties (the Rust
// library's priority queue), with byte fallback, fused unknowns and ignore_merges.
import { Unsupported, asObj, type Json } from './json';
import type { Model, ModelToken } from './modelTypes';

/** A binary min-heap of merges ordered by (rank, pos). */
class MergeHeap {
  private readonly items: Array<[number, number, number]> = []; // rank, pos, newId
  get size(): number {
    return this.items.length;
  }
  private less(a: [number, number, number], b: [number, number, number]): boolean {
    return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  }
  push(x: [number, number, number]): void {
    const h = this.items;
    h.push(x);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }
  pop(): [number, number, number] | undefined {
    const h = this.items;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

export class Bpe implements Model {
  private readonly vocab = new Map<string, number>();
  private readonly byId = new Map<number, string>();
  /** "leftId rightId" -> [rank, newId]. */
  private readonly merges = new Map<string, [number, number]>();
  readonly unkToken: string | null;
  private readonly prefix: string | null;
  private readonly suffix: string | null;
  private readonly fuseUnk: boolean;
  private readonly byteFallback: boolean;
  private readonly ignoreMerges: boolean;
  private readonly cache = new Map<string, ModelToken[]>();

  constructor(cfg: Json) {
    if (cfg.dropout !== null && cfg.dropout !== undefined && cfg.dropout !== 0) throw new Unsupported('model', 'BPE with dropout');
    for (const [k, v] of Object.entries(asObj(cfg.vocab) ?? {})) {
      if (typeof v !== 'number') continue;
      this.vocab.set(k, v);
      this.byId.set(v, k);
    }
    this.unkToken = typeof cfg.unk_token === 'string' ? cfg.unk_token : null;
    this.prefix = typeof cfg.continuing_subword_prefix === 'string' ? cfg.continuing_subword_prefix : null;
    this.suffix = typeof cfg.end_of_word_suffix === 'string' ? cfg.end_of_word_suffix : null;
    this.fuseUnk = cfg.fuse_unk === true;
    this.byteFallback = cfg.byte_fallback === true;
    this.ignoreMerges = cfg.ignore_merges === true;
    const prefixLen = this.prefix ? this.prefix.length : 0;
    const merges = Array.isArray(cfg.merges) ? cfg.merges : [];
    merges.forEach((m, rank) => {
      let a: string;
      let b: string;
      if (Array.isArray(m)) [a, b] = m as [string, string];
      else {
        const s = String(m);
        const sp = s.indexOf(' ', 1);
        a = s.slice(0, sp);
        b = s.slice(sp + 1);
      }
      const ia = this.vocab.get(a);
      const ib = this.vocab.get(b);
      const merged = a + (prefixLen && b.startsWith(this.prefix!) ? b.slice(prefixLen) : b);
      const id = this.vocab.get(merged);
      if (ia === undefined || ib === undefined || id === undefined) return;
      this.merges.set(`${ia} ${ib}`, [rank, id]);
    });
  }

  get vocabSize(): number {
    return this.vocab.size;
  }

  tokenToId(t: string): number | undefined {
    return this.vocab.get(t);
  }
  idToToken(id: number): string | undefined {
    return this.byId.get(id);
  }

  tokenize(word: readonly string[]): ModelToken[] {
    const key = word.join('');
    const hit = this.cache.get(key);
    if (hit) return hit;
    const out = this.merge(word, key);
    if (this.cache.size > 10000) this.cache.clear();
    this.cache.set(key, out);
    return out;
  }

  private merge(word: readonly string[], whole: string): ModelToken[] {
    if (this.ignoreMerges) {
      const id = this.vocab.get(whole);
      if (id !== undefined) return [{ id, value: whole, start: 0, end: word.length }];
    }
    // Symbols: id and [start, end) in code points.
    const ids: number[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    let unk: [number, number, number] | null = null; // id, start, end
    const flushUnk = (): void => {
      if (unk) {
        ids.push(unk[0]);
        starts.push(unk[1]);
        ends.push(unk[2]);
        unk = null;
      }
    };
    for (let i = 0; i < word.length; i++) {
      let s = word[i];
      if (i > 0 && this.prefix) s = this.prefix + s;
      if (i === word.length - 1 && this.suffix) s = s + this.suffix;
      const id = this.vocab.get(s);
      if (id !== undefined) {
        flushUnk();
        ids.push(id);
        starts.push(i);
        ends.push(i + 1);
        continue;
      }
      if (this.byteFallback) {
        const bytes = Array.from(new TextEncoder().encode(s), (b) => this.vocab.get(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`));
        if (bytes.every((b) => b !== undefined)) {
          flushUnk();
          for (const b of bytes) {
            ids.push(b!);
            starts.push(i);
            ends.push(i + 1);
          }
          continue;
        }
      }
      if (this.unkToken !== null) {
        const unkId = this.vocab.get(this.unkToken);
        if (unkId === undefined) throw new Error(`BPE: the unknown token ${this.unkToken} is not in the vocabulary`);
        if (unk && this.fuseUnk) unk = [unk[0], unk[1], i + 1];
        else {
          flushUnk();
          unk = [unkId, i, i + 1];
        }
      }
    }
    flushUnk();

    const n = ids.length;
    const len = new Array<number>(n).fill(1);
    const prev = ids.map((_, i) => i - 1);
    const next = ids.map((_, i) => (i + 1 < n ? i + 1 : -1));
    const heap = new MergeHeap();
    for (let i = 0; i + 1 < n; i++) {
      const m = this.merges.get(`${ids[i]} ${ids[i + 1]}`);
      if (m) heap.push([m[0], i, m[1]]);
    }
    while (heap.size) {
      const [, pos, newId] = heap.pop()!;
      if (len[pos] === 0) continue;
      const nx = next[pos];
      if (nx === -1) continue;
      const m = this.merges.get(`${ids[pos]} ${ids[nx]}`);
      if (!m || m[1] !== newId) continue;
      ids[pos] = newId;
      ends[pos] = ends[nx];
      len[nx] = 0;
      next[pos] = next[nx];
      if (next[nx] !== -1) prev[next[nx]] = pos;
      if (prev[pos] >= 0) {
        const pm = this.merges.get(`${ids[prev[pos]]} ${ids[pos]}`);
        if (pm) heap.push([pm[0], prev[pos], pm[1]]);
      }
      if (next[pos] !== -1) {
        const nm = this.merges.get(`${ids[pos]} ${ids[next[pos]]}`);
        if (nm) heap.push([nm[0], pos, nm[1]]);
      }
    }
    const out: ModelToken[] = [];
    for (let i = 0; i < n; i++) if (len[i] !== 0) out.push({ id: ids[i], value: this.byId.get(ids[i]) ?? '', start: starts[i], end: ends[i] });
    return out;
  }
}
