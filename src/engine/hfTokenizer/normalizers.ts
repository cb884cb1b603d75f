// tokenizer.json normalizers, applied with alignments (see normalized.ts). Each follows the Rust
// library's implementation in tokenizers/src/normalizers/, including how it aligns what it inserts.
import { Normalized } from './normalized';
import { Precompiled } from './precompiled';
import { bertClean, bertStripAccents, graphemeRanges, isChineseChar, isWhitespace, lowercaseChar } from './unicode';
import { Unsupported, asObj, type Json } from './json';
import { compilePattern, findMatches } from './pattern';
import { NORMALIZE_UNCHANGED } from './unicodeTables';

export type NormalizeFn = (n: Normalized) => void;

type Form = 'NFC' | 'NFD' | 'NFKC' | 'NFKD';

/** Characters the Rust library's (older) Unicode tables leave unchanged under each form. */
const OPAQUE: Record<Form, ReadonlySet<number>> = {
  NFC: new Set(NORMALIZE_UNCHANGED.NFC),
  NFD: new Set(NORMALIZE_UNCHANGED.NFD),
  NFKC: new Set(NORMALIZE_UNCHANGED.NFKC),
  NFKD: new Set(NORMALIZE_UNCHANGED.NFKD),
};

function unicodeForm(form: Form): NormalizeFn {
  const decompose = form === 'NFC' || form === 'NFD' ? 'NFD' : 'NFKD';
  const opaque = OPAQUE[form];
  return (n) => {
    const text = n.text;
    if (text.normalize(form) === text) return;
    const chars: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    const copy = (from: number, to: number): void => {
      for (let i = from; i < to; i++) {
        chars.push(n.chars[i]);
        starts.push(n.starts[i]);
        ends.push(n.ends[i]);
      }
    };
    // Each output char takes the alignment of the first original char its decomposition starts with:
    // a composed char aligns with its base, marks it did not absorb keep their own, and the pieces of
    // a decomposed char share its alignment (as the Rust unicode-normalization-alignments crate does).
    const run = (from: number, to: number): void => {
      const g = n.chars.slice(from, to).join('');
      const ng = g.normalize(form);
      if (ng === g) return copy(from, to);
      const unitSource: number[] = [];
      for (let i = from; i < to; i++) for (const u of Array.from(n.chars[i].normalize(decompose))) if (u) unitSource.push(i);
      let unit = 0;
      for (const c of ng) {
        const src = unitSource[Math.min(unit, unitSource.length - 1)];
        chars.push(c);
        starts.push(n.starts[src]);
        ends.push(n.ends[src]);
        unit += Array.from(c.normalize(decompose)).length;
      }
    };
    for (const [from, to] of graphemeRanges(n.chars)) {
      // Characters newer than the Rust library's tables stay as they are and split the run.
      let start = from;
      for (let i = from; i < to; i++) {
        if (!opaque.has(n.chars[i].codePointAt(0)!)) continue;
        if (start < i) run(start, i);
        copy(i, i + 1);
        start = i + 1;
      }
      if (start < to) run(start, to);
    }
    n.chars = chars;
    n.starts = starts;
    n.ends = ends;
  };
}

function bert(cfg: Json): NormalizeFn {
  const clean = cfg.clean_text !== false;
  const chinese = cfg.handle_chinese_chars !== false;
  const lowercase = cfg.lowercase !== false;
  const strip = typeof cfg.strip_accents === 'boolean' ? cfg.strip_accents : lowercase;
  return (n) => {
    if (clean) {
      n.filter((c) => bertClean(c) !== 'drop');
      n.mapChars((c) => (bertClean(c) === 'space' ? ' ' : c));
    }
    if (chinese) n.mapChars((c) => (isChineseChar(c) ? ` ${c} ` : c));
    if (strip) n.mapChars(bertStripAccents);
    if (lowercase) n.mapChars(lowercaseChar);
  };
}

function strip(left: boolean, right: boolean): NormalizeFn {
  return (n) => {
    let from = 0;
    let to = n.length;
    if (left) while (from < to && isWhitespace(n.chars[from])) from++;
    if (right) while (to > from && isWhitespace(n.chars[to - 1])) to--;
    if (from === 0 && to === n.length) return;
    n.chars = n.chars.slice(from, to);
    n.starts = n.starts.slice(from, to);
    n.ends = n.ends.slice(from, to);
  };
}

function replace(cfg: Json): NormalizeFn {
  const pattern = compilePattern(cfg.pattern);
  const content = typeof cfg.content === 'string' ? cfg.content : '';
  return (n) => {
    const ranges = findMatches(pattern, n.chars).filter(([, , m]) => m).map(([a, b]) => [a, b] as [number, number]);
    n.replaceRanges(ranges, content);
  };
}

export function createNormalizer(config: unknown): NormalizeFn | null {
  if (config === null || config === undefined) return null;
  const cfg = asObj(config);
  if (!cfg) throw new Unsupported('normalizer', String(config));
  switch (cfg.type) {
    case 'Sequence': {
      const parts = (Array.isArray(cfg.normalizers) ? cfg.normalizers : []).map(createNormalizer).filter((f): f is NormalizeFn => f !== null);
      return (n) => {
        for (const f of parts) f(n);
      };
    }
    case 'BertNormalizer':
      return bert(cfg);
    case 'Precompiled': {
      if (typeof cfg.precompiled_charsmap !== 'string' || cfg.precompiled_charsmap === '') return null;
      const p = new Precompiled(cfg.precompiled_charsmap);
      return (n) => p.normalize(n);
    }
    case 'NFC':
    case 'NFD':
    case 'NFKC':
    case 'NFKD':
      return unicodeForm(cfg.type);
    case 'Lowercase':
      return (n) => n.mapChars(lowercaseChar);
    case 'Strip':
      return strip(cfg.strip_left !== false, cfg.strip_right !== false);
    case 'StripAccents':
      return (n) => n.filter((c) => !/^\p{M}$/u.test(c));
    case 'Replace':
      return replace(cfg);
    case 'Prepend': {
      const s = typeof cfg.prepend === 'string' ? cfg.prepend : '';
      return (n) => {
        if (s) n.prepend(s);
      };
    }
    default:
      throw new Unsupported('normalizer', String(cfg.type));
  }
}
