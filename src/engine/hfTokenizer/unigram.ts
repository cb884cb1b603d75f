// Unigram (tokenizers/src/models/unigram): sentencepiece's Viterbi over the pieces, unknown characters
// scored min_score - 10 and fused into one unknown token.
import type { Json } from './json';
import type { Model, ModelToken } from './modelTypes';
import { serdeF64 } from './serdeFloat';

const UNK_PENALTY = 10;

export class Unigram implements Model {
  private readonly pieces: string[] = [];
  private readonly scores: number[] = [];
  private readonly ids = new Map<string, number>();
  private readonly unkId: number | null;
  readonly unkToken: string | null;
  private readonly minScore: number;
  private readonly maxPieceChars: number;
  private readonly byteFallback: boolean;
  private readonly cache = new Map<string, ModelToken[]>();

  constructor(cfg: Json) {
    const vocab = Array.isArray(cfg.vocab) ? cfg.vocab : [];
    let min = Infinity;
    let maxChars = 1;
    vocab.forEach((entry, id) => {
      const [piece, parsed] = Array.isArray(entry) ? (entry as [string, number]) : ['', 0];
      const score = serdeF64(parsed); // the value the Rust library works with (serdeFloat.ts)
      this.pieces.push(piece);
      this.scores.push(score);
      this.ids.set(piece, id);
      if (score < min) min = score;
      let chars = 0;
      for (const _ of piece) chars++;
      if (chars > maxChars) maxChars = chars;
    });
    this.minScore = min;
    this.maxPieceChars = maxChars;
    this.unkId = typeof cfg.unk_id === 'number' ? cfg.unk_id : null;
    this.unkToken = this.unkId !== null ? (this.pieces[this.unkId] ?? null) : null;
    this.byteFallback = cfg.byte_fallback === true;
  }

  get vocabSize(): number {
    return this.pieces.length;
  }

  tokenToId(t: string): number | undefined {
    return this.ids.get(t);
  }
  idToToken(id: number): string | undefined {
    return this.pieces[id];
  }

  tokenize(word: readonly string[]): ModelToken[] {
    const key = word.join('');
    const hit = this.cache.get(key);
    if (hit) return hit;
    const out = this.viterbi(word);
    if (this.cache.size > 10000) this.cache.clear();
    this.cache.set(key, out);
    return out;
  }

  /** sentencepiece's optimized Viterbi (unigram_model.cc), as `encode_optimized` in the Rust library. */
  private viterbi(word: readonly string[]): ModelToken[] {
    const n = word.length;
    if (n === 0) return [];
    const unkScore = this.minScore - UNK_PENALTY;
    const score = new Float64Array(n + 1);
    const from = new Int32Array(n + 1).fill(-1);
    const idAt = new Int32Array(n + 1);
    for (let s = 0; s < n; s++) {
      if (s > 0 && from[s] === -1) continue; // unreachable (cannot happen: every char has a path)
      const base = score[s];
      let single = false;
      let piece = '';
      const limit = Math.min(n, s + this.maxPieceChars);
      for (let e = s + 1; e <= limit; e++) {
        piece += word[e - 1];
        const id = this.ids.get(piece);
        if (id === undefined) continue;
        const cand = this.scores[id] + base;
        if (from[e] === -1 || cand > score[e]) {
          score[e] = cand;
          from[e] = s;
          idAt[e] = id;
        }
        if (e === s + 1) single = true;
      }
      if (!single) {
        if (this.unkId === null) throw new Error('Unigram: a character has no piece and the model has no unk_id');
        const cand = unkScore + base;
        if (from[s + 1] === -1 || cand > score[s + 1]) {
          score[s + 1] = cand;
          from[s + 1] = s;
          idAt[s + 1] = this.unkId;
        }
      }
    }
    // Backtrack, fusing consecutive unknown pieces into one (fuse_unk is always on for Unigram).
    const spans: Array<[number, number, boolean]> = [];
    let e = n;
    while (e > 0) {
      const s = from[e];
      const isUnk = this.unkId !== null && idAt[e] === this.unkId;
      const last = spans[spans.length - 1];
      if (isUnk && last && last[2]) last[0] = s;
      else spans.push([s, e, isUnk]);
      e = s;
    }
    spans.reverse();
    const out: ModelToken[] = [];
    for (const [s, end] of spans) {
      const value = word.slice(s, end).join('');
      const id = this.ids.get(value);
      if (id !== undefined) {
        out.push({ id, value, start: s, end });
        continue;
      }
      if (this.byteFallback) {
        const bytes = Array.from(new TextEncoder().encode(value), (b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
        const bids = bytes.map((b) => this.ids.get(b));
        if (bids.every((b) => b !== undefined)) {
          bids.forEach((b, i) => out.push({ id: b!, value: bytes[i], start: s, end }));
          continue;
        }
      }
      out.push({ id: this.unkId!, value, start: s, end });
    }
    return out;
  }
}
