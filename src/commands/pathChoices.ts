// For shapes no reader recognises: the fields a user can pick as query, id and score paths next to the
// text path the reader found, and the key under which a choice is remembered (the file's shape, so the
// next file of that shape reads without asking). Pure: no VS Code, so it is unit-tested.
import { ANY, describePattern, matchPattern, parsePathPattern, type PatternSegment } from '../core/read/paths';
import type { PathOverrides, TextPathCandidate } from '../core/types';

export interface FieldChoice {
  /** Pattern like `$.results[*].meta.id`. */
  path: string;
  kind: 'string' | 'number';
  example: string;
  /** How many of the sampled records have it. */
  count: number;
}

const SAMPLE = 200;
const MAX_DEPTH = 3;

/** Scalar fields of the records the text path walks (`$.results[*]`), and strings around them (a query). */
export function fieldChoices(root: unknown, textPath: string): { inRecords: FieldChoice[]; outside: FieldChoice[] } {
  const parsed = parsePathPattern(textPath);
  if (!parsed.ok) return { inRecords: [], outside: [] };
  const pattern = parsed.pattern;
  const last = pattern.lastIndexOf(ANY);
  const recordPattern = last >= 0 ? pattern.slice(0, last + 1) : [];
  const records = matchPattern(root, recordPattern, SAMPLE).map((m) => m.value);
  const inRecords = collect(records, recordPattern, textPath);
  // Strings beside the records: the root object's and each enclosing array element's (a set's query).
  const outside: FieldChoice[] = [];
  const anys = recordPattern.map((s, i) => (s === ANY ? i : -1)).filter((i) => i >= 0 && i < last);
  for (const prefix of [[], ...anys.map((i) => recordPattern.slice(0, i + 1))] as PatternSegment[][]) {
    const holders = matchPattern(root, prefix, SAMPLE).map((m) => m.value);
    outside.push(...collect(holders, prefix, textPath, 1).filter((f) => f.kind === 'string'));
  }
  return { inRecords, outside };
}

function collect(objects: unknown[], prefix: PatternSegment[], exclude: string, depth = MAX_DEPTH): FieldChoice[] {
  const found = new Map<string, FieldChoice>();
  const walk = (v: unknown, rel: string[], d: number) => {
    if (typeof v === 'string' || typeof v === 'number') {
      if (rel.length === 0) return;
      const path = describePattern([...prefix, ...rel]);
      const f = found.get(path);
      if (f) f.count++;
      else found.set(path, { path, kind: typeof v === 'number' ? 'number' : 'string', example: String(v).slice(0, 80), count: 1 });
      return;
    }
    if (d >= depth || typeof v !== 'object' || v === null || Array.isArray(v)) return;
    for (const [k, child] of Object.entries(v)) walk(child, [...rel, k], d + 1);
  };
  for (const o of objects) walk(o, [], 0);
  return [...found.values()].filter((f) => f.path !== exclude && f.count * 2 >= Math.max(1, objects.length));
}

/** The key a choice is remembered under: the text paths the reader found (same shape, same paths). */
export function shapeKey(candidates: readonly TextPathCandidate[]): string {
  return candidates.map((c) => c.path).sort().join('\n');
}

export type RememberedPaths = Record<string, PathOverrides>;

/** Keeps only well-formed entries of what workspace state handed back. */
export function rememberedPaths(raw: unknown): RememberedPaths {
  const out: RememberedPaths = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v !== 'object' || v === null) continue;
    const o = v as Record<string, unknown>;
    if (typeof o.textPath !== 'string') continue;
    const p: PathOverrides = { textPath: o.textPath };
    for (const key of ['queryPath', 'idPath', 'scorePath'] as const) if (typeof o[key] === 'string') p[key] = o[key] as string;
    if (o.scoreKind === 'similarity' || o.scoreKind === 'distance') p.scoreKind = o.scoreKind;
    out[k] = p;
  }
  return out;
}

/** JSON, or JSONL as an array of its lines' values (what the readers' paths address). */
export function parseLoose(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const rows: unknown[] = [];
    for (const line of text.split(/\r?\n/)) {
      if (line.trim() === '') continue;
      try {
        rows.push(JSON.parse(line));
      } catch {
        return undefined;
      }
    }
    return rows.length > 0 ? rows : undefined;
  }
}
