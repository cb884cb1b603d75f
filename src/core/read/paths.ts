// JSON paths: the human form used in messages (`$.hits.hits[3]._source`) and the small pattern syntax
// users type for overrides (`$.results[*].payload.body`): `.key`, `["key"]`, `[3]`, `[*]`.
import type { JsonPathSegments } from '../types';

export const ANY = Symbol('any element');
export type PatternSegment = string | number | typeof ANY;
export type PathPattern = PatternSegment[];

const IDENT = /^[A-Za-z_$][\w$-]*$/;

function keyPart(key: string): string {
  return IDENT.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** `$.a.b[3]["odd key"]` */
export function describePath(path: readonly (string | number)[]): string {
  let out = '$';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : keyPart(seg);
  return out;
}

export function describePattern(pattern: readonly PatternSegment[]): string {
  let out = '$';
  for (const seg of pattern) {
    if (seg === ANY) out += '[*]';
    else out += typeof seg === 'number' ? `[${seg}]` : keyPart(seg);
  }
  return out;
}

export type PatternParse = { ok: true; pattern: PathPattern } | { ok: false; message: string; column: number };

/** Parses `$.a[*].b`, `a.b`, `$["x y"][0]`. Never throws; errors say where (1-based column). */
export function parsePathPattern(src: string): PatternParse {
  const s = src.trim();
  const out: PathPattern = [];
  let i = 0;
  if (s.startsWith('$')) i = 1;
  const fail = (message: string): PatternParse => ({ ok: false, message, column: i + 1 });
  if (s.length === 0) return { ok: false, message: 'the path is empty', column: 1 };
  // A path without `$` may start directly with a key.
  if (i === 0 && s[0] !== '.' && s[0] !== '[') {
    const m = /^[^.[\]]+/.exec(s);
    if (!m) return fail('expected a key');
    out.push(m[0]);
    i = m[0].length;
  }
  while (i < s.length) {
    const c = s[i];
    if (c === '.') {
      i++;
      const m = /^[^.[\]]+/.exec(s.slice(i));
      if (!m) return fail('expected a key after "."');
      out.push(m[0] === '*' ? ANY : m[0]);
      i += m[0].length;
    } else if (c === '[') {
      const rest = s.slice(i);
      let m: RegExpExecArray | null;
      if ((m = /^\[\s*\*\s*\]/.exec(rest))) out.push(ANY);
      else if ((m = /^\[\s*(\d+)\s*\]/.exec(rest))) out.push(Number(m[1]));
      else if ((m = /^\[\s*"((?:[^"\\]|\\.)*)"\s*\]/.exec(rest))) {
        try {
          out.push(JSON.parse(`"${m[1]}"`) as string);
        } catch {
          return fail('invalid escape in quoted key');
        }
      } else if ((m = /^\[\s*'([^']*)'\s*\]/.exec(rest))) out.push(m[1]);
      else return fail('expected [*], [number] or ["key"]');
      i += m[0].length;
    } else {
      return fail(`unexpected "${c}"; expected "." or "["`);
    }
  }
  return { ok: true, pattern: out };
}

export interface PathMatch {
  path: JsonPathSegments;
  value: unknown;
  /** Indexes the `[*]` segments took, in order. */
  bindings: number[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** All values matching a pattern, in document order. `[*]` walks array elements. */
export function matchPattern(root: unknown, pattern: readonly PatternSegment[], limit = 1_000_000): PathMatch[] {
  const out: PathMatch[] = [];
  const walk = (v: unknown, i: number, path: JsonPathSegments, bindings: number[]): void => {
    if (out.length >= limit) return;
    if (i === pattern.length) {
      out.push({ path, value: v, bindings });
      return;
    }
    const seg = pattern[i];
    if (seg === ANY) {
      if (Array.isArray(v)) v.forEach((el, k) => walk(el, i + 1, [...path, k], [...bindings, k]));
      return;
    }
    if (typeof seg === 'number') {
      if (Array.isArray(v) && seg < v.length) walk(v[seg], i + 1, [...path, seg], bindings);
      return;
    }
    if (isRecord(v) && Object.prototype.hasOwnProperty.call(v, seg)) walk(v[seg], i + 1, [...path, seg], bindings);
  };
  walk(root, 0, [], []);
  return out;
}

/** Replaces the first `bindings.length` wildcards with concrete indexes. */
export function bindPattern(pattern: readonly PatternSegment[], bindings: readonly number[]): PathPattern {
  let k = 0;
  return pattern.map((seg) => (seg === ANY && k < bindings.length ? bindings[k++] : seg));
}

export function wildcardCount(pattern: readonly PatternSegment[]): number {
  return pattern.filter((s) => s === ANY).length;
}

export function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let v = root;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!Array.isArray(v)) return undefined;
      v = v[seg];
    } else {
      if (!isRecord(v) || !Object.prototype.hasOwnProperty.call(v, seg)) return undefined;
      v = v[seg];
    }
  }
  return v;
}
