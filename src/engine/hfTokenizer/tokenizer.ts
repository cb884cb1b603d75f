// A tokenizer.json encoder that gives the same tokens and offsets as Hugging Face's Rust tokenizers
// library (what sentence-transformers runs), for one text without special tokens. The pipeline is the
// Rust one: split out added tokens (first those matched on the raw text, then, after normalizing each
// remaining piece, those matched on normalized text), pre-tokenize, run the model on each word, and
// map every token back to original UTF-16 offsets through the alignments.
//
// transformers.js' own tokenizer differs from it on real inputs (BERT's CJK spacing and control
// characters outside the BMP, SentencePiece's Precompiled normalizer approximated by NFKC, ...), which
// the parity tests in test/unit/engine/parity/ measure against the Rust library.
import { Normalized } from './normalized';
import { createNormalizer, type NormalizeFn } from './normalizers';
import { createPreTokenizer, type PreTokenizeFn } from './preTokenizers';
import { createModel, type Model } from './models';
import { asObj, type Json } from './json';
import { isWhitespace, isWordChar } from './unicode';

export { Unsupported } from './json';

export interface Encoded {
  ids: number[];
  tokens: string[];
  /** [start, end) UTF-16 offsets of each token in the text. */
  offsets: Array<[number, number]>;
  /**
   * Token counts at the end of each word the model tokenized, ascending: where the Rust library may
   * stop early under truncation (see effectiveLength in encode.ts). Added tokens count in the totals
   * but end no word.
   */
  wordEnds: number[];
}

interface AddedToken {
  id: number;
  content: string;
  chars: string[];
  singleWord: boolean;
  lstrip: boolean;
  rstrip: boolean;
  normalized: boolean;
  special: boolean;
}

interface Split {
  n: Normalized;
  token?: { id: number; value: string };
}

/** Leftmost-longest matcher over a set of patterns (the Rust library uses aho-corasick for this). */
class Matcher {
  private readonly byFirst = new Map<string, Array<{ chars: string[]; token: AddedToken }>>();

  constructor(entries: Array<{ chars: string[]; token: AddedToken }>) {
    for (const e of entries) {
      if (e.chars.length === 0) continue;
      const list = this.byFirst.get(e.chars[0]) ?? [];
      list.push(e);
      this.byFirst.set(e.chars[0], list);
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.chars.length - a.chars.length);
  }

  get empty(): boolean {
    return this.byFirst.size === 0;
  }

  /** Non-overlapping leftmost-longest matches as [start, end, token]. */
  *find(chars: readonly string[]): Generator<[number, number, AddedToken]> {
    let i = 0;
    outer: while (i < chars.length) {
      const list = this.byFirst.get(chars[i]);
      if (list) {
        for (const e of list) {
          if (i + e.chars.length > chars.length) continue;
          let ok = true;
          for (let k = 1; k < e.chars.length; k++) {
            if (chars[i + k] !== e.chars[k]) {
              ok = false;
              break;
            }
          }
          if (ok) {
            yield [i, i + e.chars.length, e.token];
            i += e.chars.length;
            continue outer;
          }
        }
      }
      i++;
    }
  }
}

export class HfTokenizer {
  private readonly normalizer: NormalizeFn | null;
  private readonly preTokenizer: PreTokenizeFn | null;
  readonly model: Model;
  readonly added: AddedToken[];
  private readonly addedById = new Map<number, AddedToken>();
  private readonly addedIdByContent = new Map<string, number>();
  private readonly rawMatcher: Matcher;
  private readonly normalizedMatcher: Matcher;
  /** Byte-level post-processors trim spaces off token offsets (Rust `process_offsets`). */
  private readonly trimOffsets: { addPrefixSpace: boolean } | null;

  /** Throws `Unsupported` for a component it does not reproduce exactly. */
  constructor(json: Json) {
    this.normalizer = createNormalizer(json.normalizer);
    this.preTokenizer = createPreTokenizer(json.pre_tokenizer);
    this.model = createModel(json.model);
    this.added = [];
    // Rust's deserializer ignores the ids written in added_tokens: it adds the tokens in order through
    // `AddedVocabulary::add_tokens`, where a token takes the id its content already has (an earlier
    // added token, else the model's vocabulary) or the next id from the vocabulary size on. A repeated
    // content with other flags replaces the earlier entry (same id). Files the library saved itself
    // agree with their ids; hand-edited ones (an added token the vocabulary already has under another
    // id, ids with gaps) encode with the ids Rust assigns, as sentence-transformers sees them.
    let nextId = this.model.vocabSize;
    for (const a of Array.isArray(json.added_tokens) ? json.added_tokens : []) {
      const o = asObj(a);
      if (!o || typeof o.content !== 'string' || o.content === '') continue;
      const flags = {
        content: o.content,
        chars: Array.from(o.content),
        singleWord: o.single_word === true,
        lstrip: o.lstrip === true,
        rstrip: o.rstrip === true,
        normalized: typeof o.normalized === 'boolean' ? o.normalized : o.special !== true,
        special: o.special === true,
      };
      const id = this.addedIdByContent.get(o.content) ?? this.model.tokenToId(o.content) ?? nextId++;
      this.addedIdByContent.set(o.content, id);
      this.addedById.set(id, { id, ...flags });
    }
    this.added.push(...this.addedById.values());
    this.trimOffsets = trimOffsetsOf(json.post_processor);
    this.rawMatcher = new Matcher(this.added.filter((t) => !t.normalized).map((token) => ({ chars: token.chars, token })));
    this.normalizedMatcher = new Matcher(
      this.added
        .filter((t) => t.normalized)
        .map((token) => {
          const n = Normalized.of(token.content);
          this.normalizer?.(n);
          return { chars: n.chars, token };
        }),
    );
  }

  tokenToId(token: string): number | undefined {
    return this.addedIdByContent.get(token) ?? this.model.tokenToId(token);
  }

  idToToken(id: number): string | undefined {
    return this.addedById.get(id)?.content ?? this.model.idToToken(id);
  }

  /** Rust `AddedVocabulary::find_matches` + `split_with_indices` on one piece. */
  private splitAdded(n: Normalized, matcher: Matcher): Split[] {
    if (matcher.empty || n.length === 0) return [{ n }];
    const chars = n.chars;
    const out: Split[] = [];
    let startOffset = 0;
    for (const [s0, e0, tok] of matcher.find(chars)) {
      let start = s0;
      let stop = e0;
      if (tok.singleWord) {
        const startSpace = start === 0 || !isWordChar(chars[start - 1]);
        const stopSpace = stop === chars.length || !isWordChar(chars[stop]);
        if (!startSpace || !stopSpace) continue;
      }
      if (tok.lstrip) {
        let ns = start;
        while (ns > 0 && isWhitespace(chars[ns - 1])) ns--;
        start = Math.max(ns, startOffset);
      }
      if (tok.rstrip) while (stop < chars.length && isWhitespace(chars[stop])) stop++;
      if (startOffset < start) out.push({ n: n.slice(startOffset, start) });
      // The token's text is what it matched, stripped spaces included (as Rust reports it).
      out.push({ n: n.slice(start, stop), token: { id: tok.id, value: chars.slice(start, stop).join('') } });
      startOffset = stop;
    }
    if (startOffset !== chars.length) out.push({ n: n.slice(startOffset, chars.length) });
    return out;
  }

  encode(input: string): Encoded {
    const out: Encoded = { ids: [], tokens: [], offsets: [], wordEnds: [] };
    if (input.length === 0) return out;
    const text = wellFormed(input);
    const push = (id: number, value: string, range: [number, number]): void => {
      out.ids.push(id);
      out.tokens.push(value);
      out.offsets.push(range);
    };
    for (const raw of this.splitAdded(Normalized.of(text), this.rawMatcher)) {
      if (raw.token) {
        if (raw.n.length) push(raw.token.id, raw.token.value, raw.n.originalRange(0, raw.n.length));
        continue;
      }
      this.normalizer?.(raw.n);
      for (const piece of this.splitAdded(raw.n, this.normalizedMatcher)) {
        if (piece.n.length === 0) continue;
        if (piece.token) {
          push(piece.token.id, piece.token.value, piece.n.originalRange(0, piece.n.length));
          continue;
        }
        const words = this.preTokenizer ? this.preTokenizer(piece.n) : [piece.n];
        for (const w of words) {
          if (w.length === 0) continue;
          for (const t of this.model.tokenize(w.chars)) push(t.id, t.value, w.originalRange(t.start, t.end));
          out.wordEnds.push(out.ids.length);
        }
      }
    }
    if (this.trimOffsets) trimSpaces(out, this.trimOffsets.addPrefixSpace, text);
    return out;
  }
}

/**
 * A JS string may hold lone surrogates (a JSON "\\ud800" escape, a string cut inside a pair); a Rust
 * String cannot. The Node bindings (napi) hand the Rust library U+FFFD for each, so we tokenize the
 * same text. One UTF-16 unit for one, so offsets into the caller's string are unchanged.
 */
function wellFormed(text: string): string {
  return LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATE_ALL, '\ufffd') : text;
}
// With the u flag a surrogate pair is one code point outside this range: only lone halves match.
const LONE_SURROGATE = /[\ud800-\udfff]/u;
const LONE_SURROGATE_ALL = /[\ud800-\udfff]/gu;

function trimOffsetsOf(pp: unknown): { addPrefixSpace: boolean } | null {
  const p = asObj(pp);
  if (!p) return null;
  if (p.type === 'Sequence') {
    for (const inner of Array.isArray(p.processors) ? p.processors : []) {
      const t = trimOffsetsOf(inner);
      if (t) return t;
    }
    return null;
  }
  if ((p.type === 'RobertaProcessing' || p.type === 'ByteLevel') && p.trim_offsets !== false) return { addPrefixSpace: p.add_prefix_space !== false };
  return null;
}

const BYTE_SPACE = '\u0120'; // 'Ġ', the byte-level stand-in for ' '

/**
 * Rust `process_offsets` (pre_tokenizers/byte_level.rs): offsets lose the token's leading/trailing
 * spaces, counted in characters (code points) of the original text, as the Rust library counts them.
 */
function trimSpaces(enc: Encoded, addPrefixSpace: boolean, text: string): void {
  const isSpace = (c: string): boolean => c === BYTE_SPACE || isWhitespace(c);
  const forward = (at: number, n: number, limit: number): number => {
    let i = at;
    for (let k = 0; k < n && i < limit; k++) i += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
    return Math.min(i, limit);
  };
  const backward = (at: number, n: number, limit: number): number => {
    let i = at;
    for (let k = 0; k < n && i > limit; k++) i -= i >= 2 && /[\udc00-\udfff]/.test(text[i - 1]) && /[\ud800-\udbff]/.test(text[i - 2]) ? 2 : 1;
    return Math.max(i, limit);
  };
  const hasCharsBefore = (at: number, n: number): boolean => {
    let i = at;
    let k = 0;
    while (k < n && i > 0) {
      i = backward(i, 1, 0);
      k++;
    }
    return k === n;
  };
  enc.tokens.forEach((token, i) => {
    const chars = Array.from(token);
    let leading = 0;
    while (leading < chars.length && isSpace(chars[leading])) leading++;
    let trailing = 0;
    while (trailing < chars.length && isSpace(chars[chars.length - 1 - trailing])) trailing++;
    if (leading === 0 && trailing === 0) return;
    const off = enc.offsets[i];
    if (leading > 0) {
      if ((i === 0 || off[0] === 0) && addPrefixSpace && leading === 1) leading = 0;
      off[0] = forward(off[0], leading, off[1]);
    }
    // Rust's `offsets.1 >= trailing`: at least `trailing` characters before the end.
    if (trailing > 0 && hasCharsBefore(off[1], trailing)) off[1] = backward(off[1], trailing, off[0]);
  });
}
