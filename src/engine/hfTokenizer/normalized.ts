// A normalized string that remembers, for every character, which range of the original text it came
// from: the model of Hugging Face tokenizers' NormalizedString (tokenizers/src/tokenizer/normalizer.rs),
// kept per code point instead of per byte. Offsets are UTF-16 positions in the original text, so a
// token's [start, end) slices the caller's string directly. The edit rules follow the Rust library,
// because the offsets it reports (and so `truncatedAtChar`) depend on them:
//   - a character that replaces another takes that character's alignment;
//   - an inserted character takes the alignment of the original character just before it;
//   - removed characters leave nothing behind.

export class Normalized {
  /** Code points of the normalized text. */
  chars: string[];
  /** Original [start, end) UTF-16 range of each normalized code point. */
  starts: number[];
  ends: number[];
  /** Original UTF-16 start of this piece (the Rust `original_shift`); used for inserts at position 0. */
  shift: number;

  constructor(chars: string[], starts: number[], ends: number[], shift: number) {
    this.chars = chars;
    this.starts = starts;
    this.ends = ends;
    this.shift = shift;
  }

  /** The original text `text.slice(from, to)` with identity alignments. */
  static of(text: string, from = 0, to = text.length): Normalized {
    const chars: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    let i = from;
    while (i < to) {
      const cp = text.codePointAt(i)!;
      const w = cp > 0xffff ? 2 : 1;
      chars.push(text.slice(i, i + w));
      starts.push(i);
      ends.push(i + w);
      i += w;
    }
    return new Normalized(chars, starts, ends, from);
  }

  get length(): number {
    return this.chars.length;
  }

  get text(): string {
    return this.chars.join('');
  }

  /**
   * Rust's `transform(dest, 0)` over the whole string: each output is [char, change] where change 0
   * replaces the next input char, +1 inserts, and -n replaces the next char and then removes n more.
   */
  transform(out: ReadonlyArray<readonly [string, number]>): void {
    const chars: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    let idx = 0;
    for (const [c, change] of out) {
      let s: number;
      let e: number;
      if (change > 0) {
        if (idx < 1) {
          s = this.shift;
          e = this.shift;
        } else {
          s = this.starts[idx - 1];
          e = this.ends[idx - 1];
        }
      } else {
        // Clamped: Rust reads past removed chars the same way, and never past the end.
        const at = Math.min(idx, this.starts.length - 1);
        s = at >= 0 ? this.starts[at] : this.shift;
        e = at >= 0 ? this.ends[at] : this.shift;
        idx += 1 - change;
      }
      chars.push(c);
      starts.push(s);
      ends.push(e);
    }
    this.chars = chars;
    this.starts = starts;
    this.ends = ends;
  }

  /**
   * Maps each char to zero or more chars. Every output char of input i takes i's alignment (the first
   * replaces it, the rest are inserted right after it, as in Rust's lowercase / nfd / map).
   */
  mapChars(f: (c: string) => string): void {
    const chars: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    for (let i = 0; i < this.chars.length; i++) {
      const mapped = f(this.chars[i]);
      if (mapped === this.chars[i]) {
        chars.push(mapped);
        starts.push(this.starts[i]);
        ends.push(this.ends[i]);
        continue;
      }
      for (const c of mapped) {
        chars.push(c);
        starts.push(this.starts[i]);
        ends.push(this.ends[i]);
      }
    }
    this.chars = chars;
    this.starts = starts;
    this.ends = ends;
  }

  /** Keeps the chars for which `keep` is true (alignments of the kept ones are unchanged). */
  filter(keep: (c: string) => boolean): void {
    const chars: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    for (let i = 0; i < this.chars.length; i++) {
      if (!keep(this.chars[i])) continue;
      chars.push(this.chars[i]);
      starts.push(this.starts[i]);
      ends.push(this.ends[i]);
    }
    this.chars = chars;
    this.starts = starts;
    this.ends = ends;
  }

  /** Chars [from, to) as their own piece, alignments kept (Rust `slice`). */
  slice(from: number, to: number): Normalized {
    const shift = from < to ? this.starts[from] : from < this.length ? this.starts[from] : this.shift;
    return new Normalized(this.chars.slice(from, to), this.starts.slice(from, to), this.ends.slice(from, to), shift);
  }

  /** Original [start, end) of chars [from, to). */
  originalRange(from: number, to: number): [number, number] {
    if (from >= to) return [this.shift, this.shift];
    return [this.starts[from], this.ends[to - 1]];
  }

  /**
   * Replaces each [from, to) range (sorted, disjoint) with `content`: Rust's `replace`, where every new
   * char is an insertion after the removed ones, so all take the alignment of the last replaced char.
   */
  replaceRanges(ranges: ReadonlyArray<readonly [number, number]>, content: string): void {
    if (ranges.length === 0) return;
    const newChars = Array.from(content);
    const chars: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    let i = 0;
    for (const [from, to] of ranges) {
      for (; i < from; i++) {
        chars.push(this.chars[i]);
        starts.push(this.starts[i]);
        ends.push(this.ends[i]);
      }
      const s = to >= 1 ? this.starts[to - 1] : this.shift;
      const e = to >= 1 ? this.ends[to - 1] : this.shift;
      for (const c of newChars) {
        chars.push(c);
        starts.push(s);
        ends.push(e);
      }
      i = to;
    }
    for (; i < this.chars.length; i++) {
      chars.push(this.chars[i]);
      starts.push(this.starts[i]);
      ends.push(this.ends[i]);
    }
    this.chars = chars;
    this.starts = starts;
    this.ends = ends;
  }

  /** Rust `prepend`: the new text replaces the first char (taking its alignment), which is re-inserted. */
  prepend(s: string): void {
    if (this.chars.length === 0) return;
    const out: [string, number][] = Array.from(s, (c, i) => [c, i === 0 ? 0 : 1] as [string, number]);
    out.push([this.chars[0], 1]);
    for (let i = 1; i < this.chars.length; i++) out.push([this.chars[i], 0]);
    this.transform(out);
  }
}
