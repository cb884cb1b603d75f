// tokenizer.json pre-tokenizers: split a normalized piece into words (each keeps its alignments).
// Behaviour follows tokenizers/src/pre_tokenizers/ and NormalizedString::split in the Rust library.
import { Normalized } from './normalized';
import { Unsupported, asObj, type Json } from './json';
import { compilePattern, findMatches } from './pattern';
import { isBertPunctuation, isWhitespace } from './unicode';
import { BYTE_LEVEL_NOT_LETTER, BYTE_LEVEL_NOT_NUMBER, WHITESPACE_NOT_WORD } from './unicodeTables';

export type PreTokenizeFn = (n: Normalized) => Normalized[];
type Behavior = 'Removed' | 'Isolated' | 'MergedWithPrevious' | 'MergedWithNext' | 'Contiguous';

/** Rust `NormalizedString::split(pattern, behavior)`; empty pieces are dropped by the caller. */
export function splitBy(n: Normalized, matches: Array<[number, number, boolean]>, behavior: Behavior): Normalized[] {
  let pieces: Array<[number, number, boolean]>; // [from, to, remove]
  switch (behavior) {
    case 'Isolated':
      pieces = matches.map(([a, b]) => [a, b, false]);
      break;
    case 'Removed':
      pieces = matches;
      break;
    case 'Contiguous': {
      pieces = [];
      let prev = false;
      for (const [a, b, m] of matches) {
        if (m === prev && pieces.length) pieces[pieces.length - 1][1] = b;
        else pieces.push([a, b, false]);
        prev = m;
      }
      break;
    }
    case 'MergedWithPrevious': {
      pieces = [];
      let prev = false;
      for (const [a, b, m] of matches) {
        if (m && !prev && pieces.length) pieces[pieces.length - 1][1] = b;
        else pieces.push([a, b, false]);
        prev = m;
      }
      break;
    }
    case 'MergedWithNext': {
      pieces = [];
      let prev = false;
      for (let i = matches.length - 1; i >= 0; i--) {
        const [a, b, m] = matches[i];
        if (m && !prev && pieces.length) pieces[pieces.length - 1][0] = a;
        else pieces.push([a, b, false]);
        prev = m;
      }
      pieces.reverse();
      break;
    }
  }
  return pieces.filter(([, , remove]) => !remove).map(([a, b]) => n.slice(a, b));
}

function behaviorOf(v: unknown, fallback: Behavior): Behavior {
  return v === 'Removed' || v === 'Isolated' || v === 'MergedWithPrevious' || v === 'MergedWithNext' || v === 'Contiguous' ? v : fallback;
}

/** GPT-2's byte -> printable char table (the ByteLevel alphabet). */
export const BYTE_CHARS: readonly string[] = (() => {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const out: string[] = new Array(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) out[b] = String.fromCodePoint(printable.includes(b) ? b : 256 + extra++);
  return out;
})();

/**
 * GPT-2's split as the Rust library runs it on Oniguruma: \s is White_Space (JS's \s also matches
 * U+FEFF), and letters / numbers are Oniguruma's, which lack those assigned in recent Unicode versions
 * (they count as "other" there; unicodeTables.ts lists them).
 */
const BYTE_LEVEL_RE = (() => {
  const cls = (ranges: ReadonlyArray<readonly [number, number]>): string =>
    ranges.map(([a, b]) => (a === b ? `\\u{${a.toString(16)}}` : `\\u{${a.toString(16)}}-\\u{${b.toString(16)}}`)).join('');
  const notL = cls(BYTE_LEVEL_NOT_LETTER);
  const notN = cls(BYTE_LEVEL_NOT_NUMBER);
  const letter = notL ? `(?:(?![${notL}])\\p{L})` : '\\p{L}';
  const number = notN ? `(?:(?![${notN}])\\p{N})` : '\\p{N}';
  const extra = notL + notN;
  const other = extra ? `(?:[^\\p{White_Space}\\p{L}\\p{N}]|[${extra}])` : '[^\\p{White_Space}\\p{L}\\p{N}]';
  return new RegExp(`'s|'t|'re|'ve|'m|'ll|'d| ?${letter}+| ?${number}+| ?${other}+|\\p{White_Space}+(?!\\P{White_Space})|\\p{White_Space}+`, 'gu');
})();
/**
 * The Whitespace pre-tokenizer's `\\w+|[^\\w\\s]+` with Oniguruma's Unicode \\w (Alphabetic, marks,
 * decimal digits, connector punctuation, ZWJ/ZWNJ) as of its tables (unicodeTables.ts lists the word
 * characters it does not know yet) and \\s as White_Space.
 */
const WHITESPACE_RE = (() => {
  const w = '\\p{Alpha}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_C}';
  const not = WHITESPACE_NOT_WORD.map(([a, b]) => (a === b ? `\\u{${a.toString(16)}}` : `\\u{${a.toString(16)}}-\\u{${b.toString(16)}}`)).join('');
  const word = not ? `(?:(?![${not}])[${w}])` : `[${w}]`;
  const other = not ? `(?:[^${w}\\p{White_Space}]|[${not}])` : `[^${w}\\p{White_Space}]`;
  return new RegExp(`${word}+|${other}+`, 'gu');
})();
const utf8 = new TextEncoder();

function byteLevel(cfg: Json): PreTokenizeFn {
  const addPrefixSpace = cfg.add_prefix_space === true;
  const useRegex = cfg.use_regex !== false;
  return (n) => {
    if (addPrefixSpace && n.length && n.chars[0] !== ' ') n.prepend(' ');
    const words = useRegex ? splitBy(n, findMatches(BYTE_LEVEL_RE, n.chars), 'Isolated') : [n];
    for (const w of words) {
      const out: [string, number][] = [];
      for (const c of w.chars) utf8.encode(c).forEach((b, i) => out.push([BYTE_CHARS[b], i > 0 ? 1 : 0]));
      w.transform(out);
    }
    return words;
  };
}

function metaspace(cfg: Json): PreTokenizeFn {
  const rep = typeof cfg.replacement === 'string' && cfg.replacement ? cfg.replacement : '\u2581';
  const scheme =
    cfg.prepend_scheme === 'always' || cfg.prepend_scheme === 'never' || cfg.prepend_scheme === 'first'
      ? cfg.prepend_scheme
      : cfg.add_prefix_space === false
        ? 'never'
        : 'always';
  const split = cfg.split !== false;
  const repChar = Array.from(rep)[0];
  return (n) => {
    n.mapChars((c) => (c === ' ' ? rep : c));
    const starts = n.length > 0 && n.chars[0] === repChar;
    if (!starts && (scheme === 'always' || (scheme === 'first' && n.shift === 0))) n.prepend(rep);
    return split ? splitBy(n, findMatches((c) => c === repChar, n.chars), 'MergedWithNext') : [n];
  };
}

export function createPreTokenizer(config: unknown): PreTokenizeFn | null {
  if (config === null || config === undefined) return null;
  const cfg = asObj(config);
  if (!cfg) throw new Unsupported('pre_tokenizer', String(config));
  switch (cfg.type) {
    case 'Sequence': {
      const parts = (Array.isArray(cfg.pretokenizers) ? cfg.pretokenizers : []).map(createPreTokenizer).filter((f): f is PreTokenizeFn => f !== null);
      return (n) => {
        let pieces = [n];
        for (const f of parts) pieces = pieces.flatMap((p) => f(p).filter((x) => x.length > 0));
        return pieces;
      };
    }
    case 'BertPreTokenizer':
      return (n) =>
        splitBy(n, findMatches(isWhitespace, n.chars), 'Removed')
          .filter((x) => x.length > 0)
          .flatMap((p) => splitBy(p, findMatches(isBertPunctuation, p.chars), 'Isolated'));
    case 'WhitespaceSplit':
      return (n) => splitBy(n, findMatches(isWhitespace, n.chars), 'Removed');
    case 'Whitespace':
      return (n) => splitBy(n, findMatches(WHITESPACE_RE, n.chars).map(([a, b, m]) => [a, b, !m]), 'Removed');
    case 'Metaspace':
      return metaspace(cfg);
    case 'ByteLevel':
      return byteLevel(cfg);
    case 'Punctuation': {
      const behavior = behaviorOf(cfg.behavior, 'Isolated');
      return (n) => splitBy(n, findMatches(isBertPunctuation, n.chars), behavior);
    }
    case 'Digits': {
      const isDigit = (c: string): boolean => /^\p{N}$/u.test(c); // Rust char::is_numeric: Nd, Nl, No
      const individual = cfg.individual_digits === true;
      return (n) => splitBy(n, findMatches(isDigit, n.chars), individual ? 'Isolated' : 'Contiguous');
    }
    case 'Split': {
      const pattern = compilePattern(cfg.pattern);
      const behavior = behaviorOf(cfg.behavior, 'Removed');
      const invert = cfg.invert === true;
      return (n) => {
        const m = findMatches(pattern, n.chars);
        return splitBy(n, invert ? m.map(([a, b, x]) => [a, b, !x]) : m, behavior);
      };
    }
    default:
      throw new Unsupported('pre_tokenizer', String(cfg.type));
  }
}
