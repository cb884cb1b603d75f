// For shapes no stack reader recognises: guess where the texts are (candidate text paths, so the user
// can pick one), and read any shape by paths the user gives (PathOverrides: --text-path etc.).
import type { Chunk, Diagnostic, JsonPathSegments, PathOverrides, RetrievalSet, ScoreKind, TextPathCandidate } from '../types';
import type { JsonContext } from './readerContract';
import {
  bindPattern, describePattern, matchPattern, parsePathPattern, wildcardCount, type PathPattern, type PatternSegment,
} from './paths';
import { scoreKindOf } from './scoreKind';

export const CUSTOM_PATHS_FORMAT = 'custom-paths';

/** A string counts as a possible chunk text when it has at least this many characters and a space. */
const MIN_TEXT_LENGTH = 15;
const MAX_VISITS = 200_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Long string values grouped by their path with `[*]` for array indexes, best first. */
export function findTextCandidates(root: unknown, limit = 10): TextPathCandidate[] {
  const stats = new Map<string, { count: number; total: number; example: string }>();
  let visits = 0;
  // Iterative walk: the input may be deep or huge; this must never overflow or run for long.
  const stack: { v: unknown; pattern: string }[] = [{ v: root, pattern: '$' }];
  while (stack.length > 0 && visits < MAX_VISITS) {
    const { v, pattern } = stack.pop()!;
    visits++;
    if (typeof v === 'string') {
      const t = v.trim();
      if (t.length >= MIN_TEXT_LENGTH && /\s/.test(t)) {
        const s = stats.get(pattern) ?? { count: 0, total: 0, example: t };
        s.count++;
        s.total += t.length;
        stats.set(pattern, s);
      }
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], pattern: `${pattern}[*]` });
    } else if (isRecord(v)) {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ v: v[keys[i]], pattern: describePattern([keys[i]]).replace(/^\$/, pattern) });
    }
  }
  return [...stats.entries()]
    .map(([path, s]) => ({
      path,
      count: s.count,
      averageLength: Math.round(s.total / s.count),
      example: s.example.length > 120 ? `${s.example.slice(0, 117)}...` : s.example,
    }))
    // Chunks come in lists: a path holding several texts beats one long string; then total text.
    .sort((a, b) => Number(b.count >= 2) - Number(a.count >= 2) || b.count * b.averageLength - a.count * a.averageLength)
    .slice(0, limit);
}

/** One line saying what a value is, for "no text fields" messages. */
export function describeShape(v: unknown): string {
  const kind = (x: unknown): string =>
    x === null ? 'null' : Array.isArray(x) ? 'array' : typeof x === 'object' ? 'object' : typeof x;
  if (Array.isArray(v)) {
    if (v.length === 0) return 'an empty array';
    const kinds = [...new Set(v.slice(0, 50).map(kind))];
    const firstObj = v.find(isRecord);
    const keys = firstObj ? `; the first object has keys ${Object.keys(firstObj).slice(0, 12).join(', ') || '(none)'}` : '';
    return `an array of ${v.length} item${v.length === 1 ? '' : 's'} (${kinds.join(', ')})${keys}`;
  }
  if (isRecord(v)) {
    const keys = Object.keys(v);
    return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.slice(0, 12).join(', ')}${keys.length > 12 ? ', ...' : ''}`;
  }
  return `a single ${kind(v)}`;
}

const ID_KEY = /^(id|_id|ids?|corpus_id|doc_?id|document_?id|chunk_?id|vector_?id|point_?id|datapoint_?id|index|pid|key|uuid|[A-Za-z]*(Id|_id|ID))$/;
const SCORE_KEY = /score|distance|similarity|relevance|^dist$/i;

/** Records holding nothing but ids and scores (sentence-transformers util.semantic_search, Vectorize
 *  without returnMetadata, ...): what was found, and the call that adds the texts when known. */
function idsOnly(root: unknown): { found: string; fix: string } | undefined {
  const lists: { list: unknown[]; key?: string; nested: boolean }[] = [];
  if (Array.isArray(root)) {
    if (root.length > 0 && root.every(Array.isArray)) lists.push({ list: (root as unknown[][]).flat(), nested: true });
    else lists.push({ list: root, nested: false });
  } else if (isRecord(root)) {
    for (const [k, v] of Object.entries(root).slice(0, 40)) if (Array.isArray(v)) lists.push({ list: v, key: k, nested: false });
  }
  for (const { list, key, nested } of lists) {
    const recs = list.slice(0, 200);
    if (recs.length === 0 || !recs.every(isRecord)) continue;
    const keys = [...new Set(recs.flatMap((r) => Object.keys(r as Record<string, unknown>)))];
    const idKeys = keys.filter((k) => ID_KEY.test(k));
    const scoreKeys = keys.filter((k) => SCORE_KEY.test(k) && !ID_KEY.test(k));
    if (idKeys.length === 0 || idKeys.length + scoreKeys.length !== keys.length) continue;
    const found = `${list.length} record${list.length === 1 ? '' : 's'}${nested && Array.isArray(root) ? ` in ${root.length} lists (one per query)` : ''}${key ? ` under "${key}"` : ''} holding only ${keys.join(' and ')} (ids${scoreKeys.length > 0 ? ' and scores' : ''}, no texts)`;
    let fix = 'The texts are elsewhere: add each chunk\'s text to its record (look it up by id in your corpus or store) and open that, or pass the ids with their corpus as a TREC run beside corpus.jsonl.';
    if (keys.includes('corpus_id')) {
      fix = 'sentence-transformers util.semantic_search returns indexes into your corpus list: add the texts, e.g. [[{**h, "text": corpus[h["corpus_id"]]} for h in hits] for hits in results], or rerank with CrossEncoder.rank(query, docs, return_documents=True).';
    } else if (key === 'matches' && isRecord(root) && 'count' in root) {
      fix = 'Cloudflare Vectorize returns only ids and scores unless asked: query with { topK, returnMetadata: \'all\' } (and keep the chunk text in each vector\'s metadata when inserting).';
    }
    return { found, fix };
  }
  return undefined;
}

export function candidatesDiagnostic(file: string | undefined, candidates: TextPathCandidate[], root: unknown): Diagnostic {
  const inFile = file ? ` of ${file}` : '';
  if (candidates.length === 0) {
    const ids = idsOnly(root);
    return {
      severity: 'error',
      message: `No text fields found${file ? ` in ${file}` : ''}: found ${describeShape(root)}, but no strings long enough to be chunk texts${ids ? `: ${ids.found}` : ''}.`,
      hint: ids?.fix ?? 'Rerank Lens needs the retrieved chunk texts: check that this file holds retrieval results with their text. If the texts are short strings, name their path with the CLI\'s --text-path.',
      file,
    };
  }
  const list = candidates.slice(0, 3).map((c) => `${c.path} (${c.count} text${c.count === 1 ? '' : 's'}, ~${c.averageLength} chars)`).join(', ');
  return {
    severity: 'error',
    message: `Unrecognised format${inFile}: pick a text path. Texts found at ${list}.`,
    hint: `In the CLI pass --text-path '${candidates[0].path}' (and --query-path, --id-path, --score-path as needed); in VS Code pick a path from the list.`,
    file,
  };
}

function parseOverride(name: string, src: string | undefined, file: string | undefined, sink: Diagnostic[]): PathPattern | undefined | null {
  if (src === undefined || src.trim() === '') return undefined;
  const p = parsePathPattern(src);
  if (p.ok) return p.pattern;
  sink.push({
    severity: 'error',
    message: `The ${name} "${src}" is not a valid path (column ${p.column}: ${p.message}).`,
    hint: 'Write paths like $.results[*].payload.text: ".key", ["odd key"], [0], and [*] for every element of a list.',
    file,
  });
  return null;
}

function firstValue(root: unknown, pattern: PatternSegment[]): { value: unknown; path: JsonPathSegments } | undefined {
  const m = matchPattern(root, pattern, 1);
  return m[0] ? { value: m[0].value, path: m[0].path } : undefined;
}

/**
 * Reads any shape by the user's paths. The last `[*]` of the text path enumerates the chunks of a set;
 * earlier `[*]`s enumerate sets (one per query). Query, id and score paths use the same `[*]`s in the
 * same order: `$[*].question` with `$[*].contexts[*]`; `$.ids[*][*]` with `$.documents[*][*]`.
 */
export function readWithOverrides(root: unknown, overrides: PathOverrides, ctx: JsonContext, sink: Diagnostic[]): RetrievalSet[] {
  const file = ctx.file;
  const textP = parseOverride('text path', overrides.textPath, file, sink);
  const queryP = parseOverride('query path', overrides.queryPath, file, sink);
  const idP = parseOverride('id path', overrides.idPath, file, sink);
  const scoreP = parseOverride('score path', overrides.scorePath, file, sink);
  if (!textP || queryP === null || idP === null || scoreP === null) return [];
  const textMatches = matchPattern(root, textP);
  const texts = textMatches.filter((m) => typeof m.value === 'string');
  if (texts.length === 0) {
    const found = textMatches.length > 0 ? ` (found ${textMatches.length} value${textMatches.length === 1 ? '' : 's'}, none a string)` : '';
    const cands = findTextCandidates(root, 3);
    sink.push({
      severity: 'error',
      message: `No texts at ${describePattern(textP)}${file ? ` in ${file}` : ''}${found}.`,
      hint: cands.length > 0 ? `Texts were found at ${cands.map((c) => c.path).join(', ')}.` : 'Check the path against the file.',
      file, path: describePattern(textP),
    });
    return [];
  }
  if (texts.length < textMatches.length) {
    const bad = textMatches.find((m) => typeof m.value !== 'string')!;
    ctx.report({
      severity: 'warning',
      message: `${textMatches.length - texts.length} value(s) at ${describePattern(textP)} are not strings and were skipped (first at ${ctx.describe(bad.path)}).`,
      at: bad.path,
    });
  }
  const setLevel = Math.max(0, wildcardCount(textP) - 1);
  const groups = new Map<string, typeof texts>();
  for (const m of texts) {
    const key = m.bindings.slice(0, setLevel).join(',');
    const g = groups.get(key);
    if (g) g.push(m);
    else groups.set(key, [m]);
  }
  if (queryP && wildcardCount(queryP) > setLevel) {
    sink.push({
      severity: 'error',
      message: `The query path ${describePattern(queryP)} has more [*] than the text path's query level (${setLevel}): a query must be one value per set.`,
      hint: 'Use [*] in the query path only where the text path has a [*] that separates queries (e.g. $[*].question with $[*].contexts[*]).',
      file,
    });
    return [];
  }
  // The user's --score-kind (or the picker's choice) wins over the guess from the path's last key.
  const scoreKind: ScoreKind = scoreP ? scoreKindOf(describePattern(scoreP), overrides.scoreKind) : 'unknown';
  const sets: RetrievalSet[] = [];
  for (const group of groups.values()) {
    const setBindings = group[0].bindings.slice(0, setLevel);
    const set: RetrievalSet = { chunks: [], format: CUSTOM_PATHS_FORMAT };
    if (queryP) {
      const q = firstValue(root, bindPattern(queryP, setBindings));
      if (q && typeof q.value === 'string') {
        set.query = q.value;
        set.querySource = ctx.rangeAt(q.path);
      } else {
        ctx.report({
          severity: 'warning',
          message: `No query string at ${describePattern(bindPattern(queryP, setBindings))}${q ? ` (found ${typeof q.value})` : ''}.`,
          path: describePattern(bindPattern(queryP, setBindings)),
        });
      }
    }
    group.forEach((m, i) => {
      const chunk: Chunk = { id: `#${i + 1}`, text: m.value as string, originalRank: i + 1, scoreKind, metadata: {} };
      if (idP) {
        const idv = firstValue(root, bindPattern(idP, m.bindings))?.value;
        if (typeof idv === 'string' && idv !== '') chunk.id = idv;
        else if (typeof idv === 'number' && Number.isFinite(idv)) chunk.id = String(idv);
      }
      if (scoreP) {
        const sv = firstValue(root, bindPattern(scoreP, m.bindings));
        const n = typeof sv?.value === 'number' ? sv.value : typeof sv?.value === 'string' && sv.value.trim() !== '' ? Number(sv.value) : NaN;
        if (Number.isFinite(n)) chunk.retrieverScore = n;
        else if (sv) ctx.report({ severity: 'warning', message: `Score at ${ctx.describe(sv.path)} is not a number; ignored.`, at: sv.path });
      }
      const source = ctx.rangeAt(m.path);
      if (source) chunk.source = source;
      const last = m.path[m.path.length - 1];
      const parentPath = m.path.slice(0, -1);
      if (typeof last === 'string') {
        chunk.origin = { itemPath: parentPath };
        const parent = matchPattern(root, parentPath, 1)[0]?.value;
        if (isRecord(parent)) {
          for (const [k, v] of Object.entries(parent)) {
            if (k !== last && (v === null || ['string', 'number', 'boolean'].includes(typeof v))) chunk.metadata[k] = v;
          }
        }
      } else if (typeof last === 'number') {
        chunk.origin = { columnPath: parentPath, columnIndex: last };
      }
      set.chunks.push(chunk);
    });
    sets.push(set);
  }
  return sets;
}

/** Applies a query path to sets a stack reader produced (no text path given): one query for all sets. */
export function applyQueryOverride(root: unknown, queryPath: string, sets: RetrievalSet[], ctx: JsonContext, sink: Diagnostic[]): void {
  const p = parseOverride('query path', queryPath, ctx.file, sink);
  if (!p) return;
  const matches = matchPattern(root, p).filter((m) => typeof m.value === 'string');
  if (matches.length === 0) {
    sink.push({ severity: 'warning', message: `No query string at ${describePattern(p)}; kept the queries the file had.`, file: ctx.file, path: describePattern(p) });
    return;
  }
  if (matches.length !== 1 && matches.length !== sets.length) {
    sink.push({
      severity: 'warning',
      message: `The query path ${describePattern(p)} matched ${matches.length} strings for ${sets.length} sets; used the first.`,
      file: ctx.file,
    });
  }
  sets.forEach((s, i) => {
    const m = matches.length === sets.length ? matches[i] : matches[0];
    s.query = m.value as string;
    s.querySource = ctx.rangeAt(m.path);
  });
}

