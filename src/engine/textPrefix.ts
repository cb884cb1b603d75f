// Tokenizing only the part of a long text that can matter for a pair encoding at a max length, with
// the same first tokens (ids and offsets) as tokenizing it whole. Pure: no model, no I/O.
import type { PairTokenizer, TokenizedText } from './pairTokenizer';

/**
 * How many of a text's first tokens decide its pair encoding: longest-first compares lengths capped at
 * maxLength (truncateLongestFirst), and keeps fewer than maxLength tokens of either text, so a text
 * with at least maxLength tokens encodes the same whatever its full length, and its first dropped
 * token (truncatedAtChar) is among them.
 */
export function tokensNeeded(maxLength: number): number {
  return Math.max(1, Math.floor(maxLength));
}

/** First guess of UTF-16 units per needed token; the text is cut longer when it turns out short. */
const CHARS_PER_TOKEN_GUESS = 8;
/** How far back from the cut a whitespace boundary is looked for before cutting longer instead. */
const BOUNDARY_WINDOW = 0.25;
/** Only ASCII whitespace: every supported tokenizer splits words there (U+FEFF, say, is dropped by some). */
const WS = /[ \t\n\r]/;

/**
 * Tokenizes only as much of a long chunk as can matter (one 10 MB chunk took 17.5 s and 1.4 GB when it
 * was tokenized whole, for 512 tokens kept). The text is cut at the start of a whitespace run, which
 * no supported tokenizer merges across (normalizers, pre-tokenizers and models all work within words
 * there); tokens of the last word before the cut are dropped as a margin. Without whitespace near the
 * cut (CJK, one long word), it is cut at a character boundary and twice as far, and only the leading
 * tokens both cuts agree on (ids and offsets) are kept. When either yields too few tokens (long
 * whitespace runs, one huge word) the cut moves 4x further, up to the whole text. The ids and offsets
 * returned are the full text's first tokens.
 */
export function encodeChunkForPair(tok: PairTokenizer, chunk: string, maxLength: number): TokenizedText {
  const need = tokensNeeded(maxLength);
  let chars = Math.max(256, need * CHARS_PER_TOKEN_GUESS);
  for (;;) {
    if (chars >= chunk.length) return { ...tok.encodeNoSpecial(chunk), complete: true };
    const cut = whitespaceCut(chunk, chars);
    const found = cut !== null ? prefixAtWhitespace(tok, chunk, cut, need) : prefixAtCharacter(tok, chunk, chars, need);
    if (found) return found;
    chars *= 4;
  }
}

/** The trusted first tokens of `part` as a prefix result, or null when they do not decide the pair. */
function acceptPrefix(part: TokenizedText, trusted: number, need: number, wordEnds: number[] | undefined): TokenizedText | null {
  // Enough tokens, and (with word boundaries) the word reaching `need` ends among them.
  if (trusted < need || (wordEnds && !wordEnds.some((e) => e >= need))) return null;
  return {
    ids: part.ids.slice(0, trusted),
    offsets: part.offsets.slice(0, trusted),
    ...(part.tokens ? { tokens: part.tokens.slice(0, trusted) } : {}),
    ...(wordEnds ? { wordEnds } : {}),
    complete: false,
  };
}

function prefixAtWhitespace(tok: PairTokenizer, chunk: string, cut: number, need: number): TokenizedText | null {
  // The last word before the cut: its tokens are not trusted (kept as a margin).
  let wordStart = cut;
  while (wordStart > 0 && !WS.test(chunk[wordStart - 1])) wordStart--;
  const part = tok.encodeNoSpecial(chunk.slice(0, cut));
  let trusted = 0;
  while (trusted < part.ids.length && part.offsets[trusted][1] <= wordStart && part.offsets[trusted][0] < wordStart) trusted++;
  return acceptPrefix(part, trusted, need, part.wordEnds?.filter((e) => e <= trusted));
}

/** Characters a cut must not fall before: combining marks, joiners, variation selectors, low surrogates. */
const CLINGS = /^[\p{M}\u200c\u200d\ufe00-\ufe0f\udc00-\udfff]/u;

function characterCut(text: string, at: number): number {
  let i = Math.min(at, text.length);
  while (i > 0 && CLINGS.test(text.slice(i, i + 2))) i--;
  return i;
}

function prefixAtCharacter(tok: PairTokenizer, chunk: string, chars: number, need: number): TokenizedText | null {
  const c1 = characterCut(chunk, chars);
  const c2 = characterCut(chunk, chars * 2);
  if (c2 >= chunk.length || c1 === 0) return null;
  const a = tok.encodeNoSpecial(chunk.slice(0, c1));
  const b = tok.encodeNoSpecial(chunk.slice(0, c2));
  // Tokens that end well before the first cut and that the longer cut gives identically.
  const safeEnd = Math.max(0, c1 - 64);
  let trusted = 0;
  while (
    trusted < a.ids.length &&
    trusted < b.ids.length &&
    a.ids[trusted] === b.ids[trusted] &&
    a.offsets[trusted][0] === b.offsets[trusted][0] &&
    a.offsets[trusted][1] === b.offsets[trusted][1] &&
    a.offsets[trusted][1] <= safeEnd
  )
    trusted++;
  const bEnds = b.wordEnds ? new Set(b.wordEnds) : null;
  const wordEnds = a.wordEnds?.filter((e) => e < trusted && bEnds!.has(e));
  return acceptPrefix(a, trusted, need, wordEnds);
}

/** The start of the last whitespace run that begins in (chars * (1 - window), chars], or null. */
function whitespaceCut(text: string, chars: number): number | null {
  const floor = Math.floor(chars * (1 - BOUNDARY_WINDOW));
  let i = Math.min(chars, text.length - 1);
  while (i > floor && !(WS.test(text[i]) && !WS.test(text[i - 1]))) i--;
  return i > floor ? i : null;
}
