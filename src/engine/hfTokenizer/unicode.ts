// Character classes as the Rust tokenizers library sees them. It takes some from Rust's std (current
// Unicode: whitespace, lower-casing) and some from the `unicode_categories` crate, whose tables are
// older than the Unicode data in Node's ICU: characters assigned since then count as "not assigned"
// (BERT's clean_text removes them) and new punctuation is not punctuation. `unicodeTables.ts` lists
// exactly where the two disagree, measured against the Rust library over every code point (see
// test/fixtures/tokenizers/generate-unicode-tables.ts); everything else follows Node's \p{...} classes.

import { BERT_CLEAN_OVERRIDES, BERT_PUNCT_OVERRIDES, BERT_STRIP_ACCENT_OVERRIDES, LOWERCASE_OVERRIDES, WHITESPACE_NOT_WORD } from './unicodeTables';

const WHITE_SPACE = /^\p{White_Space}$/u;
// unicode_categories' is_other(): control, format and private use (unassigned code points are kept).
const OTHER = /^[\p{Cc}\p{Cf}\p{Co}]$/u;
const PUNCT = /^\p{P}$/u;
const NONSPACING_MARK = /\p{Mn}/gu;
// The regex crate's Unicode \w (UTS#18 word: Alphabetic, marks, decimal digits, connector
// punctuation, ZWJ/ZWNJ), what added tokens' single_word checks with `^\w` / `\w$`. Its tables
// predate Node's by the same characters as Oniguruma's \w (WHITESPACE_NOT_WORD; measured equal over
// every code point, and checked in test/unit/engine/parity/edgeCases.test.ts).
const REGEX_WORD = (() => {
  const not = WHITESPACE_NOT_WORD.map(([a, b]) => (a === b ? `\\u{${a.toString(16)}}` : `\\u{${a.toString(16)}}-\\u{${b.toString(16)}}`)).join('');
  const w = '[\\p{Alpha}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_C}]';
  return new RegExp(not ? `^(?![${not}])${w}$` : `^${w}$`, 'u');
})();

/** Rust `char::is_whitespace` (the White_Space property). */
export function isWhitespace(c: string): boolean {
  return WHITE_SPACE.test(c);
}

/**
 * A word character for added tokens' single_word boundaries: the `regex` crate's Unicode `\w`, so a
 * combining mark, ZWJ or U+203F counts and a superscript digit or ½ does not (not `is_alphanumeric`).
 */
export function isWordChar(c: string): boolean {
  return REGEX_WORD.test(c);
}

/** What BERT's clean_text does with one char: 'drop', 'space' or 'keep'. */
export function bertClean(c: string): 'drop' | 'space' | 'keep' {
  return BERT_CLEAN_OVERRIDES.get(c.codePointAt(0)!) ?? bertCleanDefault(c);
}

export function bertCleanDefault(c: string): 'drop' | 'space' | 'keep' {
  if (c === '\t' || c === '\n' || c === '\r') return 'space';
  if (c === '\0' || c === '\ufffd') return 'drop';
  if (OTHER.test(c)) return 'drop';
  if (WHITE_SPACE.test(c)) return 'space';
  return 'keep';
}

/** BERT's pre-tokenizer punctuation: ASCII punctuation or a Unicode P* category. */
export function isBertPunctuation(c: string): boolean {
  return BERT_PUNCT_OVERRIDES.get(c.codePointAt(0)!) ?? isBertPunctuationDefault(c);
}

export function isBertPunctuationDefault(c: string): boolean {
  const cp = c.codePointAt(0)!;
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) return true;
  return PUNCT.test(c);
}

/** The CJK blocks BERT surrounds with spaces (tokenizers/src/normalizers/bert.rs). */
export function isChineseChar(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b920 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

/** BERT's strip_accents for one char: NFD, then drop nonspacing marks. */
export function bertStripAccents(c: string): string {
  return BERT_STRIP_ACCENT_OVERRIDES.get(c.codePointAt(0)!) ?? bertStripAccentsDefault(c);
}

export function bertStripAccentsDefault(c: string): string {
  return c.normalize('NFD').replace(NONSPACING_MARK, '');
}

/** Rust `char::to_lowercase` for one char (no final-sigma context, unlike String.toLowerCase on a word). */
export function lowercaseChar(c: string): string {
  return LOWERCASE_OVERRIDES.get(c.codePointAt(0)!) ?? c.toLowerCase();
}

let segmenter: Intl.Segmenter | null = null;

/** Extended grapheme clusters (Rust's unicode-segmentation `graphemes(true)`), as char index ranges. */
export function graphemeRanges(chars: readonly string[]): Array<[number, number]> {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const text = chars.join('');
  const out: Array<[number, number]> = [];
  let ci = 0;
  let unit = 0;
  for (const seg of segmenter.segment(text)) {
    const start = ci;
    const end16 = seg.index + seg.segment.length;
    while (unit < end16 && ci < chars.length) unit += chars[ci++].length;
    out.push([start, ci]);
  }
  return out;
}
