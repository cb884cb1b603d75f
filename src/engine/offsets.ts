// Character offsets for tokens. transformers.js' tokenizer (@huggingface/tokenizers 0.2) returns token
// strings and ids but no offsets, and the panel must show exactly where the model stopped reading a
// chunk. So we align the tokens back to the original text ourselves:
//   1. normalize the text one code point at a time with the tokenizer's own normalizer (lower-casing,
//      accent stripping, control-character removal, spaces around CJK), remembering for every unit of
//      the normalized text which original UTF-16 range it came from;
//   2. walk the tokens over that normalized stream: `##` pieces continue the previous word, `▁`
//      (SentencePiece) marks a space, byte-level BPE tokens (GPT-2/RoBERTa style, `Ġ` = space) are
//      decoded back to UTF-8 text first, an unknown token covers a whole pre-token word (WordPiece) or
//      one character (SentencePiece).
// If a token cannot be found where expected (a normalizer that is not character-local), we resync on
// its next occurrence nearby, and as a last resort give it a zero-width offset at the cursor rather
// than inventing a range.

export type Offset = [number, number];

export interface AlignOptions {
  /** Normalizes one code point (the tokenizer's normalizer applied to a single character). */
  normalizeChar: (ch: string) => string;
  /** Prefix that marks a word-continuation piece (`##` for WordPiece); null if the model has none. */
  continuationPrefix: string | null;
  /** SentencePiece's space marker (`▁`) when the tokenizer uses Metaspace; null otherwise. */
  spaceMarker: string | null;
  /** The unknown token's text, e.g. `[UNK]`. */
  unkToken: string | null;
  /** True for WordPiece, where an unknown token stands for a whole pre-token word. */
  unkIsWord: boolean;
  /** Added tokens (like `[SEP]` typed literally in a chunk) are matched by their own text. */
  addedTokens: ReadonlySet<string>;
  /** True for byte-level BPE vocabularies (each token character stands for one byte). */
  byteLevel?: boolean;
}

/** GPT-2's byte <-> printable character table, inverted: code point -> byte. */
const BYTE_OF_CHAR: ReadonlyMap<number, number> = (() => {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const map = new Map<number, number>();
  for (const b of printable) map.set(b, b);
  let extra = 0;
  for (let b = 0; b < 256; b++) if (!printable.includes(b)) map.set(256 + extra++, b);
  return map;
})();

/**
 * The text each byte-level token stands for. A character split over several tokens belongs to the
 * token that completes it; the tokens before it get '' (they align, zero-width, at that character).
 */
function decodeByteLevel(tokens: readonly string[], added: ReadonlySet<string>): string[] {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  return tokens.map((tok) => {
    if (added.has(tok)) {
      decoder.decode(); // flush
      return tok;
    }
    const bytes: number[] = [];
    for (const ch of tok) {
      const b = BYTE_OF_CHAR.get(ch.codePointAt(0)!);
      if (b === undefined) return tok; // not a byte-level token after all: use its text
      bytes.push(b);
    }
    return decoder.decode(Uint8Array.from(bytes), { stream: true });
  });
}

const WHITESPACE = /\s/u;
const PUNCTUATION = /[\p{P}\u0021-\u002F\u003A-\u0040\u005B-\u0060\u007B-\u007E]/u;
/** How far ahead (in normalized UTF-16 units) a lost token may be searched for before giving up. */
const RESYNC_WINDOW = 256;

interface NormalizedStream {
  text: string;
  /** Original UTF-16 start/end of the code point each normalized unit came from. */
  origStart: Int32Array;
  origEnd: Int32Array;
}

function buildStream(text: string, normalizeChar: (ch: string) => string): NormalizedStream {
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let offset = 0;
  for (const cp of text) {
    let n = normalizeChar(cp);
    // Rust's and JS' whole-string lower-casing turn a word-final capital sigma into `ς`; one character
    // at a time gives `σ`. Fold both sides to `σ` so the two agree (same length, so offsets survive).
    n = n.replace(/ς/g, 'σ');
    for (let i = 0; i < n.length; i++) {
      starts.push(offset);
      ends.push(offset + cp.length);
    }
    parts.push(n);
    offset += cp.length;
  }
  return { text: parts.join(''), origStart: Int32Array.from(starts), origEnd: Int32Array.from(ends) };
}

/** Returns one [start, end) UTF-16 range in `text` for each token. */
export function alignTokens(text: string, tokens: readonly string[], opts: AlignOptions): Offset[] {
  const stream = buildStream(text, opts.normalizeChar);
  const s = stream.text;
  const n = s.length;
  const origAt = (i: number): number => (i < n ? stream.origStart[i] : text.length);
  const origEndBefore = (i: number): number => (i > 0 ? stream.origEnd[i - 1] : 0);
  const out: Offset[] = [];
  let cur = 0;

  const skipSpace = (): void => {
    while (cur < n && WHITESPACE.test(s[cur])) cur++;
  };

  const decoded = opts.byteLevel ? decodeByteLevel(tokens, opts.addedTokens) : null;

  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t];
    let piece = token;
    let continuation = false;

    if (decoded && !opts.addedTokens.has(token)) {
      piece = decoded[t].replace(/^\s+/u, '');
    } else if (opts.addedTokens.has(token)) {
      piece = Array.from(token, opts.normalizeChar).join('');
    } else if (opts.continuationPrefix && token.startsWith(opts.continuationPrefix) && token.length > opts.continuationPrefix.length && t > 0) {
      piece = token.slice(opts.continuationPrefix.length);
      continuation = true;
    } else if (opts.spaceMarker && token.includes(opts.spaceMarker)) {
      piece = token.split(opts.spaceMarker).join(' ').replace(/^\s+/u, '');
    }
    piece = piece.replace(/ς/g, 'σ');

    if (!continuation) skipSpace();

    // An unknown token, unless the text literally contains the unknown token's own text.
    if (token === opts.unkToken && !s.startsWith(piece, cur)) {
      const start = cur;
      if (opts.unkIsWord) {
        // A WordPiece [UNK] replaces a whole pre-token: a run of non-space, non-punctuation
        // characters, or a single punctuation character.
        if (cur < n && PUNCTUATION.test(s[cur])) cur++;
        else while (cur < n && !WHITESPACE.test(s[cur]) && !PUNCTUATION.test(s[cur])) cur++;
      } else if (cur < n) {
        cur += s.codePointAt(cur)! > 0xffff ? 2 : 1;
      }
      out.push([origAt(start), Math.max(origAt(start), origEndBefore(cur))]);
      continue;
    }

    if (piece.length === 0) {
      out.push([origAt(cur), origAt(cur)]);
      continue;
    }

    let at = -1;
    if (s.startsWith(piece, cur)) at = cur;
    else {
      // Bounded search, so a text the normalizer treats non-locally cannot make this quadratic.
      const found = s.slice(cur, cur + RESYNC_WINDOW + piece.length).indexOf(piece);
      if (found >= 0) at = cur + found;
    }
    if (at < 0) {
      out.push([origAt(cur), origAt(cur)]);
      continue;
    }
    cur = at + piece.length;
    out.push([origAt(at), origEndBefore(cur)]);
  }
  return out;
}
