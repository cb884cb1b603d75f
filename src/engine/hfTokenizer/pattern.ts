// Patterns of Replace / Split components: a literal string or a regex, matched the way the Rust
// library's `Pattern::find_matches` reports them: the whole text as consecutive [from, to, isMatch]
// pieces, in code point indices. Empty regex matches are skipped.
import { Unsupported, asObj } from './json';

export type CompiledPattern = RegExp | ((c: string) => boolean);

export function compilePattern(p: unknown): CompiledPattern {
  const o = asObj(p);
  if (o && typeof o.String === 'string') return new RegExp(o.String.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gu');
  if (o && typeof o.Regex === 'string') {
    try {
      return new RegExp(onigToJs(o.Regex), 'gu');
    } catch {
      throw new Unsupported('pattern', o.Regex);
    }
  }
  throw new Unsupported('pattern', JSON.stringify(p));
}

const WORD = '\\p{Alpha}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_C}';
/** Oniguruma's Unicode shorthand classes (the Rust library's regex engine) in JS `u` syntax. */
const IN_CLASS: Record<string, string> = { s: '\\p{White_Space}', S: '\\P{White_Space}', d: '\\p{Nd}', D: '\\P{Nd}', w: WORD };
const OUTSIDE: Record<string, string> = { ...IN_CLASS, w: `[${WORD}]`, W: `[^${WORD}]` };

/**
 * Rewrites \\s \\d \\w (and negations) to Oniguruma's Unicode meaning: JS's \\s also matches U+FEFF,
 * its \\d and \\w are ASCII only. Anything else is passed through (JS rejects what it cannot read).
 */
function onigToJs(re: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\' && i + 1 < re.length) {
      const n = re[i + 1];
      const table = inClass ? IN_CLASS : OUTSIDE;
      if (n in table) out += table[n];
      else if (inClass && n === 'W') throw new Unsupported('pattern', re);
      else out += c + n;
      i++;
      continue;
    }
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    out += c;
  }
  return out;
}

export function findMatches(pattern: CompiledPattern, chars: readonly string[]): Array<[number, number, boolean]> {
  if (chars.length === 0) return [[0, 0, false]];
  const out: Array<[number, number, boolean]> = [];
  if (typeof pattern === 'function') {
    let last = 0;
    for (let i = 0; i < chars.length; i++) {
      if (!pattern(chars[i])) continue;
      if (last < i) out.push([last, i, false]);
      out.push([i, i + 1, true]);
      last = i + 1;
    }
    if (last < chars.length) out.push([last, chars.length, false]);
    return out;
  }
  // UTF-16 index -> code point index.
  const text = chars.join('');
  const cpAt = new Int32Array(text.length + 1);
  let u = 0;
  for (let i = 0; i < chars.length; i++) {
    cpAt[u] = i;
    if (chars[i].length === 2) cpAt[u + 1] = i;
    u += chars[i].length;
  }
  cpAt[text.length] = chars.length;
  let last = 0;
  pattern.lastIndex = 0;
  for (const m of text.matchAll(pattern)) {
    if (m[0].length === 0) continue;
    const a = cpAt[m.index];
    const b = cpAt[m.index + m[0].length];
    if (last < a) out.push([last, a, false]);
    out.push([a, b, true]);
    last = b;
  }
  if (last < chars.length) out.push([last, chars.length, false]);
  return out;
}
