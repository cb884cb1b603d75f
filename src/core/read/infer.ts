// Reading a JSON shape no stack reader knows by inferring where the chunks are, instead of one more
// reader per library: the list of records (at the top, or nested one to three levels, or one list per
// group like FlexSearch's per-field results), the text inside each record (directly or one or two
// levels down: `document`, `item`, `doc`, `node`, `payload`, `metadata`, ...), the id and the score, and
// whether the score is a similarity or a distance (from its name, the library's signature, the order).
// One clear candidate is read with a note naming the paths; several close ones are refused by the
// detector with the candidates named. Bounded work: samples of records, a capped walk.
import type { JsonPathSegments, RetrievalSet, ScoreKind } from '../types';
import type { JsonContext, JsonPath, JsonStackReader } from './readerContract';
import { ANY, describePattern, matchPattern, type PathPattern } from './paths';
import { buildSet, isNonEmptyString, isObj, QUERY_FIELDS, VECTOR_FIELDS, type ChunkDraft, type Obj } from './stacks/kit';
import { kindFromOrder } from './stacks/kit/scores';
import { scoreKindFromName } from './table';

export const INFERRED_FORMAT = 'inferred-records';

/** Below the plain readers (0.3) and above the detector's floor (0.2): a fallback, never a rival. */
const CONFIDENCE = 0.25;
/** A winner needs this many times the runner-up's weight; closer is ambiguous. */
const CLEAR_MARGIN = 1.5;
const SAMPLE = 30;
const MAX_LISTS = 200;
const MAX_KEYS = 60;
/** Records whose scores are checked for their order (best first: falling or rising). */
const ORDER_SAMPLE = 1_000;

const TEXT_NAMES = new Set([
  'text', 'content', 'contents', 'page_content', 'pagecontent', 'chunk', 'chunk_text', 'body', 'passage', 'document',
  'paragraph', 'snippet', 'context', 'description', 'summary', 'abstract', 'memory',
]);
/** Strings that are about a chunk, not its text. */
const NOT_TEXT = /^(title|name|url|uri|link|href|source|type|kind|hash|id|_id|id_|uuid|ref|key|query|question|role|field|format|mime.*|.*_?date|created.*|updated.*|label|category|lang|language|path|file.*|template|text_?template|metadata_?separator|status|command)$/i;
const CONTAINERS = new Set(['document', 'item', 'doc', 'node', 'payload', 'metadata', 'pagecontent', '_source', 'fields', 'data', 'attributes', 'properties', 'record', 'entity', 'row', 'obj', 'object', 'value', 'chunk', 'hit', 'result']);
const ID_NAMES = ['id', '_id', 'id_', 'ref', 'doc_id', 'docId', 'docid', 'document_id', 'documentId', 'chunk_id', 'chunkId', 'uuid', 'pid', 'objectID', 'key', 'rowid', 'embeddingId', 'embedding_id', 'vectorId', 'vector_id', 'pointId', 'point_id'];
/** Any other key named like an id (Semantic Kernel's `HotelId`, `product_id`): taken when unique. */
const ID_LIKE = /^[A-Za-z]*(Id|_id|ID)$/;
const SCORE_NAME = /^(_|\$)?(score|similarity|relevance|distance|dist|certainty)$|score|similarity|distance|relevance/i;
const QUERY_NAMES = [...QUERY_FIELDS, 'term', 'search', 'searchTerm', 'query_str', 'queryStr'];
/** Keys in a group object that name its set, best first. */
const GROUP_NAMES = ['field', 'name', 'label', 'group_key', 'groupKey', 'key', 'id', 'group', 'index', 'collection'];
/** Group keys whose value is the set's name by itself (Qdrant's group `id` = the group_by value,
 *  Typesense's `group_key`); the others read "field title", "index 2". */
const BARE_GROUP_NAMES = new Set(['group_key', 'groupKey', 'key', 'id', 'group']);

/** A group's name value: a scalar, or a short list of scalars (Typesense's group_key ["handbook"]). */
function groupLabel(v: unknown): string | undefined {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (Array.isArray(v) && v.length > 0 && v.length <= 8 && v.every((x) => (typeof x === 'string' && x !== '') || typeof x === 'number')) return v.join(', ');
  return undefined;
}

export interface InferredScore {
  path: string[];
  kind: ScoreKind;
  why: string;
}

export interface InferredLayout {
  /** Pattern of the record list; its `[*]`s (beyond the records' own) enumerate groups = sets. */
  list: PathPattern;
  text: string[];
  id?: string[];
  score?: InferredScore;
  query?: { path: JsonPath; value: string };
  /** Key in a group object that names its set (FlexSearch's `field`). */
  groupName?: string;
  /** Set when the records are rows of a table (column names + row arrays, or pandas' column dicts):
   *  the layout's paths are in its record view, and `cellPath` finds a cell in the file. */
  table?: TableView;
  records: number;
  weight: number;
}

export type Inference =
  | { kind: 'one'; layout: InferredLayout }
  | { kind: 'ambiguous'; layouts: InferredLayout[] }
  /** Rows whose columns could not be told apart by content: the message names the options. */
  | { kind: 'unclear'; message: string }
  | { kind: 'none' };

const scalar = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** Arrays of objects anywhere in the first levels, and lists of lists inside groups. */
function candidateLists(root: unknown): PathPattern[] {
  const out: PathPattern[] = [];
  const seen = new Set<string>();
  const stack: { v: unknown; p: PathPattern; depth: number }[] = [{ v: root, p: [], depth: 0 }];
  while (stack.length > 0 && out.length < MAX_LISTS) {
    const { v, p, depth } = stack.shift()!; // breadth first: document order, shallow lists first
    // Error bodies ({errors: [{message}]}, {error: {root_cause: [...]}}) hold messages, not chunks.
    if (p.some((k) => typeof k === 'string' && /^errors?$/i.test(k))) continue;
    if (Array.isArray(v)) {
      if (v.length === 0) continue;
      const head = v.slice(0, SAMPLE);
      if (head.filter(isObj).length / head.length >= 0.8) {
        const key = describePattern(p);
        if (!seen.has(key)) {
          seen.add(key);
          out.push(p);
        }
        if (depth >= 4) continue;
        // Groups: each element holds its own list (FlexSearch [{field, result: [...]}]).
        const keys = new Set<string>();
        for (const el of head.filter(isObj)) for (const k of Object.keys(el).slice(0, MAX_KEYS)) if (Array.isArray(el[k])) keys.add(k);
        for (const k of keys) {
          const inner = (head.find((el) => isObj(el) && Array.isArray(el[k])) as Obj)[k];
          stack.push({ v: inner, p: [...p, ANY, k], depth: depth + 1 });
        }
      } else if (head.filter(Array.isArray).length / head.length >= 0.8 && depth < 4) {
        stack.push({ v: head.find(Array.isArray), p: [...p, ANY], depth: depth + 1 });
      }
    } else if (isObj(v) && depth < 3) {
      for (const k of Object.keys(v).slice(0, MAX_KEYS)) stack.push({ v: v[k], p: [...p, k], depth: depth + 1 });
    }
  }
  return out;
}

/** A table written as column names + row arrays (ES|QL `columns`/`values`, Databricks Vector Search
 *  `manifest.columns`/`result.data_array`, Snowflake `resultSetMetaData.rowType`/`data`, ClickHouse
 *  JSONCompact `meta`/`data`, pandas `to_json(orient="split")`) or as pandas' default
 *  `to_json()`: `{column: {row: value}}`. Read as records, one per row, named by the columns. */
export interface TableView {
  /** How the file writes it, for the note. */
  describe: string;
  records: Obj[];
  /** Where the row / cell is in the file. */
  rowPath(i: number): JsonPath;
  cellPath(i: number, column: string): JsonPath;
}

const NUMERIC_TYPE = /real|fixed|float|double|decimal|numeric|number|int/i;

function columnNames(v: unknown): { names: string[]; types: (string | undefined)[] } | undefined {
  if (!Array.isArray(v) || v.length < 2 || v.length > MAX_KEYS) return undefined;
  let names: string[];
  let types: (string | undefined)[] = [];
  if (v.every((x) => typeof x === 'string')) names = v as string[];
  else if (v.every((x) => isObj(x) && typeof x.name === 'string')) {
    names = v.map((x) => (x as Obj).name as string);
    types = v.map((x) => (typeof (x as Obj).type === 'string' ? ((x as Obj).type as string) : undefined));
  } else return undefined;
  return new Set(names).size === names.length && names.every((n) => n !== '') ? { names, types } : undefined;
}

/** Arrays of equal-length arrays of scalars (rows), and name lists, in the first levels. */
function tableParts(root: unknown): { names: { path: JsonPath; names: string[]; types: (string | undefined)[] }[]; rows: { path: JsonPath; width: number; count: number }[] } {
  const names: { path: JsonPath; names: string[]; types: (string | undefined)[] }[] = [];
  const rows: { path: JsonPath; width: number; count: number }[] = [];
  const stack: { v: unknown; p: JsonPath; depth: number }[] = [{ v: root, p: [], depth: 0 }];
  let visited = 0;
  while (stack.length > 0 && visited++ < MAX_LISTS) {
    const { v, p, depth } = stack.shift()!;
    if (Array.isArray(v)) {
      const n = columnNames(v);
      if (n) names.push({ path: p, ...n });
      const head = v.slice(0, SAMPLE);
      if (head.length > 0 && head.every((r) => Array.isArray(r) && r.length === (head[0] as unknown[]).length && r.every(scalar))) {
        rows.push({ path: p, width: (head[0] as unknown[]).length, count: v.length });
      }
    } else if (isObj(v) && depth < 3) {
      for (const k of Object.keys(v).slice(0, MAX_KEYS)) if (!/^errors?$/i.test(k)) stack.push({ v: v[k], p: [...p, k], depth: depth + 1 });
    }
  }
  return { names, rows };
}

function numericColumns(records: Obj[], names: string[], types: (string | undefined)[]): void {
  names.forEach((n, c) => {
    if (!types[c] || !NUMERIC_TYPE.test(types[c]!)) return;
    const values = records.map((r) => r[n]).filter((x) => x !== null && x !== undefined);
    if (values.length === 0 || !values.every((x) => typeof x === 'number' || (typeof x === 'string' && x.trim() !== '' && Number.isFinite(Number(x))))) return;
    for (const r of records) if (typeof r[n] === 'string') r[n] = Number(r[n]);
  });
}

/** The one table in `root`, if it holds exactly one (names and rows of the same width). */
export function findTable(root: unknown): TableView | undefined {
  if (isObj(root)) {
    // pandas to_json() default (orient="columns"): {column: {rowKey: value}}, every column the same rows.
    const cols = Object.keys(root);
    if (cols.length >= 2 && cols.length <= MAX_KEYS && cols.every((c) => isObj(root[c]))) {
      const keys = Object.keys(root[cols[0]] as Obj);
      const same = keys.length > 0 && keys.length <= 100_000 && cols.every((c) => {
        const k = Object.keys(root[c] as Obj);
        return k.length === keys.length && k.every((x, i) => x === keys[i]) && Object.values(root[c] as Obj).every(scalar);
      });
      if (same) {
        const records = keys.map((k) => Object.fromEntries(cols.map((c) => [c, (root[c] as Obj)[k]])) as Obj);
        return { describe: 'columns of {row: value} (pandas to_json)', records, rowPath: () => [], cellPath: (i, c) => [c, keys[i]] };
      }
    }
  }
  const { names, rows } = tableParts(root);
  const pairs = names.flatMap((n) => rows.filter((r) => r.width === n.names.length && r.count > 0).map((r) => ({ n, r })));
  if (pairs.length !== 1) return undefined;
  const { n, r } = pairs[0];
  const data = matchPattern(root, r.path, 1)[0]?.value as unknown[][];
  const records = data.map((row) => (Array.isArray(row) ? (Object.fromEntries(n.names.map((name, c) => [name, row[c]])) as Obj) : {}));
  numericColumns(records, n.names, n.types);
  const col = new Map(n.names.map((name, c) => [name, c]));
  return {
    describe: `column names at ${describePattern(n.path as PathPattern)} and rows at ${describePattern(r.path as PathPattern)}`,
    records,
    rowPath: (i) => [...r.path, i],
    cellPath: (i, c) => [...r.path, i, col.get(c) ?? c],
  };
}

const MAX_ID_LENGTH = 64;

/** Rows without column names (psycopg `fetchall()`, sqlite3 rows, DB-API tuples dumped as JSON): which
 *  column is the text, the id and the score, told by content alone. The text is the one column of long
 *  strings with spaces, the score the one column of fractional numbers, the id the one other column of
 *  unique short strings or whole numbers. More than one candidate for a role is unclear, not a guess. */
export function contentTable(root: unknown): { layout: InferredLayout } | { unclear: string } | undefined {
  const { names, rows } = tableParts(root);
  if (rows.length !== 1) return undefined;
  const r = rows[0];
  if (r.width < 2 || names.some((n) => n.names.length === r.width)) return undefined;
  const data = matchPattern(root, r.path, 1)[0]?.value as unknown[][];
  if (!Array.isArray(data) || data.length === 0) return undefined;
  const sample = data.slice(0, 200);
  const cols = Array.from({ length: r.width }, (_, c) => sample.map((row) => row[c]));
  const isText = (v: unknown[]) => {
    if (!v.every((x) => typeof x === 'string')) return false;
    const s = v as string[];
    return s.reduce((n, x) => n + x.length, 0) / s.length >= 20 && s.filter((x) => /\s/.test(x.trim())).length / s.length >= 0.5;
  };
  const isNum = (v: unknown[]) => v.every((x) => typeof x === 'number' && Number.isFinite(x));
  const isFraction = (v: unknown[]) => isNum(v) && v.some((x) => !Number.isInteger(x));
  const isId = (v: unknown[]) =>
    new Set(v).size === v.length && v.every((x) => (typeof x === 'string' && x !== '' && x.length <= MAX_ID_LENGTH && !/\s/.test(x)) || (typeof x === 'number' && Number.isInteger(x)));
  const texts = cols.flatMap((v, c) => (isText(v) ? [c] : []));
  const scores = cols.flatMap((v, c) => (!texts.includes(c) && isFraction(v) ? [c] : []));
  const ids = cols.flatMap((v, c) => (!texts.includes(c) && !scores.includes(c) && isId(v) ? [c] : []));
  const where = describePattern(r.path as PathPattern);
  const col = (c: number) => `column ${c + 1}`;
  const list = (cs: number[]) => cs.map((c) => `${col(c)} (e.g. ${JSON.stringify(cols[c][0]).slice(0, 40)})`).join(', ');
  if (texts.length === 0) return undefined;
  const unclear: string[] = [];
  if (texts.length > 1) unclear.push(`${texts.length} columns hold long texts: ${list(texts)}`);
  if (scores.length > 1) unclear.push(`${scores.length} columns could be the score: ${list(scores)}`);
  if (ids.length > 1) unclear.push(`${ids.length} columns could be the id: ${list(ids)}`);
  if (unclear.length > 0) {
    return { unclear: `The rows at ${where} have no column names and their columns cannot be told apart by content: ${unclear.join('; ')}. Pick a text path (the text is $[*][N] for column N+1).` };
  }
  const records = data.map((row) => (Array.isArray(row) ? (Object.fromEntries(row.map((v, c) => [col(c), v])) as Obj) : {}));
  const layout: InferredLayout = {
    list: [],
    text: [col(texts[0])],
    records: data.length,
    weight: 1,
    table: {
      describe: `rows without column names at ${where}, columns told by content: the long texts, ${ids.length === 1 ? 'the unique short values as ids, ' : ''}${scores.length === 1 ? 'the fractional numbers as scores' : 'no score column'}`,
      records,
      rowPath: (i) => [...r.path, i],
      cellPath: (i, c) => [...r.path, i, Number(c.replace(/^column /, '')) - 1],
    },
  };
  if (ids.length === 1) layout.id = [col(ids[0])];
  if (scores.length === 1) {
    const path = [col(scores[0])];
    const order = kindFromOrder(records.map((x) => x[path[0]] as number));
    layout.score = {
      path,
      kind: order,
      why: order === 'distance' ? 'it rises down the rows, as distances do' : order === 'similarity' ? 'it falls down the rows' : 'neither a name nor the order says which',
    };
  }
  return { layout };
}

/** String leaves of a record up to three keys deep (record.a, record.a.b, record.a.b.c). */
function stringPaths(rec: Obj, prefix: string[], depth: number, out: Map<string, { path: string[]; value: string }>): void {
  for (const k of Object.keys(rec).slice(0, MAX_KEYS)) {
    if (VECTOR_FIELDS.has(k)) continue;
    const v = rec[k];
    const path = [...prefix, k];
    if (typeof v === 'string') out.set(JSON.stringify(path), { path, value: v });
    else if (isObj(v) && depth < 2) stringPaths(v, path, depth + 1, out);
  }
}

function textWeight(path: string[], values: (string | undefined)[], sampleSize: number): number {
  const present = values.filter(isNonEmptyString);
  if (present.length === 0) return 0;
  const presence = present.length / sampleSize;
  if (presence < 0.6) return 0;
  const last = path[path.length - 1];
  const named = TEXT_NAMES.has(last.toLowerCase());
  const nameW = named ? 3 : NOT_TEXT.test(last) ? 0.2 : 1;
  const spaced = present.filter((s) => /\s/.test(s.trim())).length / present.length;
  if (!named && spaced < 0.5) return 0;
  const avg = present.reduce((n, s) => n + s.length, 0) / present.length;
  const containers = path.slice(0, -1).every((k) => CONTAINERS.has(k.toLowerCase())) ? 1 : 0.8;
  return presence * nameW * containers * Math.min(1, avg / 60) * (0.2 + 0.8 * spaced) * (1 - 0.05 * (path.length - 1));
}

function valueAtKeys(rec: unknown, keys: readonly string[]): unknown {
  let v = rec;
  for (const k of keys) {
    if (!isObj(v) || !Object.prototype.hasOwnProperty.call(v, k)) return undefined;
    v = v[k];
  }
  return v;
}

/** Containers of the text, nearest last: [] (the record), ['document'], ['item', 'metadata']... */
function containersOf(text: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < text.length; i++) out.push(text.slice(0, i));
  return out;
}

function findId(sample: Obj[], text: string[]): string[] | undefined {
  const ok = (path: string[]) =>
    sample.filter((r) => {
      const v = valueAtKeys(r, path);
      return (typeof v === 'string' && v !== '') || (typeof v === 'number' && Number.isFinite(v));
    }).length / sample.length >= 0.8;
  for (const c of containersOf(text)) {
    const first = valueAtKeys(sample[0], c);
    if (!isObj(first)) continue;
    // Any case: SQL engines upper-case unquoted names (Snowflake's DOC_ID).
    const byLower = new Map(Object.keys(first).map((k) => [k.toLowerCase(), k]));
    for (const name of ID_NAMES) {
      const key = first[name] !== undefined ? name : byLower.get(name.toLowerCase());
      if (key !== undefined && ok([...c, key])) return [...c, key];
    }
  }
  // Keys named like ids (HotelId, sku_id), unique across the records, in the text's containers.
  for (const c of containersOf(text).reverse()) {
    const first = valueAtKeys(sample[0], c);
    if (!isObj(first)) continue;
    for (const key of Object.keys(first).filter((k) => ID_LIKE.test(k))) {
      const vals = sample.map((r) => valueAtKeys(r, [...c, key]));
      if (ok([...c, key]) && new Set(vals).size === vals.length) return [...c, key];
    }
  }
  return ok(['refIndex']) ? ['refIndex'] : undefined;
}

function findScore(sample: Obj[], text: string[]): string[] | undefined {
  for (const c of containersOf(text)) {
    const first = valueAtKeys(sample[0], c);
    if (!isObj(first)) continue;
    const keys = Object.keys(first).filter((k) => SCORE_NAME.test(k)).sort((a, b) => Number(/^(_|\$)?(score|similarity|distance|relevance)$/i.test(b)) - Number(/^(_|\$)?(score|similarity|distance|relevance)$/i.test(a)));
    for (const k of keys) {
      const path = [...c, k];
      if (sample.filter((r) => typeof valueAtKeys(r, path) === 'number').length / sample.length >= 0.8) return path;
    }
  }
  return undefined;
}

/** Similarity or distance: the name, then a library's signature, then the order of the list. */
function scoreKind(path: string[], records: Obj[]): InferredScore {
  const name = path[path.length - 1];
  const named = scoreKindFromName(name);
  if (named === 'distance') return { path, kind: 'distance', why: `the name "${name}"` };
  if (path.length === 1 && records.every((r) => 'refIndex' in r && 'item' in r)) {
    return { path, kind: 'distance', why: 'Fuse.js results ({item, refIndex, score}): 0 is a perfect match' };
  }
  if (/^(_|\$)?score$/i.test(name)) {
    const order = kindFromOrder(records.map((r) => valueAtKeys(r, path) as number | undefined));
    if (order === 'distance') return { path, kind: 'distance', why: `"${name}" rises down the list, as distances do` };
    return { path, kind: 'similarity', why: order === 'similarity' ? `"${name}" falls down the list` : `the name "${name}"` };
  }
  return { path, kind: named ?? 'unknown', why: `the name "${name}"` };
}

const looksLikeSql = (s: string): boolean => /^\s*(select|with|insert|update|delete)\b/i.test(s);

function findQuery(root: unknown): { path: JsonPath; value: string } | undefined {
  if (!isObj(root)) return undefined;
  for (const k of QUERY_NAMES) {
    const v = root[k];
    if (isNonEmptyString(v) && !looksLikeSql(v)) return { path: [k], value: v };
  }
  return undefined;
}

function evaluate(root: unknown, list: PathPattern): InferredLayout | undefined {
  // Samples only: detection must stay cheap on big files (the order check looks at ORDER_SAMPLE records).
  const all = matchPattern(root, [...list, ANY], ORDER_SAMPLE).filter((m) => isObj(m.value));
  if (all.length === 0) return undefined;
  const sample = all.slice(0, SAMPLE).map((m) => m.value as Obj);
  const paths = new Map<string, { path: string[]; value: string }>();
  for (const r of sample.slice(0, 5)) stringPaths(r, [], 0, paths);
  let best: { path: string[]; weight: number } | undefined;
  for (const { path } of paths.values()) {
    const w = textWeight(path, sample.map((r) => valueAtKeys(r, path) as string | undefined), sample.length);
    if (w > 0 && (!best || w > best.weight)) best = { path, weight: w };
  }
  if (!best) return undefined;
  const id = findId(sample, best.path);
  const scorePath = findScore(sample, best.path);
  const layout: InferredLayout = {
    list,
    text: best.path,
    records: all.length < ORDER_SAMPLE ? all.length : countRecords(root, list),
    weight: best.weight * (all.length >= 2 ? 1 : 0.7),
  };
  if (id) layout.id = id;
  if (scorePath) layout.score = scoreKind(scorePath, all.map((m) => m.value as Obj));
  if (list.length > 0) {
    const q = findQuery(root);
    if (q) layout.query = q;
  }
  const groups = list.lastIndexOf(ANY);
  if (groups >= 0) {
    const group = matchPattern(root, list.slice(0, groups + 1), 1)[0]?.value;
    if (isObj(group)) layout.groupName = GROUP_NAMES.find((k) => groupLabel(group[k]) !== undefined);
  }
  return layout;
}

/** Records of a list, all groups together. */
function countRecords(root: unknown, list: PathPattern): number {
  const groups = list.lastIndexOf(ANY);
  if (groups < 0) {
    const v = matchPattern(root, list, 1)[0]?.value;
    return Array.isArray(v) ? v.length : 0;
  }
  let n = 0;
  for (const m of matchPattern(root, list)) if (Array.isArray(m.value)) n += m.value.length;
  return n;
}

/** detect() and read() ask for the same root: infer once. */
const cache = new WeakMap<object, Inference>();

export function inferLayout(root: unknown): Inference {
  if (typeof root !== 'object' || root === null) return { kind: 'none' };
  const hit = cache.get(root);
  if (hit) return hit;
  const inf = inferUncached(root);
  cache.set(root, inf);
  return inf;
}

function inferUncached(root: unknown): Inference {
  const layouts = candidateLists(root)
    .map((l) => evaluate(root, l))
    .filter((l): l is InferredLayout => l !== undefined);
  const table = findTable(root);
  if (table) {
    const l = evaluate(table.records, []);
    if (l) {
      l.table = table;
      const q = findQuery(root);
      if (q) l.query = q;
      layouts.push(l);
    }
  }
  layouts.sort((a, b) => b.weight - a.weight);
  if (layouts.length === 0) {
    // Rows without names: only when nothing else in the file holds records.
    const byContent = contentTable(root);
    if (byContent && 'layout' in byContent) return { kind: 'one', layout: byContent.layout };
    if (byContent) return { kind: 'unclear', message: byContent.unclear };
    return { kind: 'none' };
  }
  if (layouts.length === 1 || layouts[0].weight >= CLEAR_MARGIN * layouts[1].weight) return { kind: 'one', layout: layouts[0] };
  return { kind: 'ambiguous', layouts: layouts.slice(0, 4) };
}

export function textPattern(l: InferredLayout): string {
  if (l.table) return `column "${l.text.join('.')}"`;
  return describePattern([...l.list, ANY, ...l.text]);
}

function fieldPattern(l: InferredLayout, path: string[]): string {
  if (l.table) return `column "${path.join('.')}"`;
  return describePattern([...l.list, ANY, ...path]);
}

/** "records at $.hits[*]: text $.hits[*].document.content, id ..., score ... (similarity: ...)" */
export function describeLayout(l: InferredLayout): string {
  const parts = [`text ${textPattern(l)}`];
  if (l.id) parts.push(`id ${fieldPattern(l, l.id)}`);
  if (l.score) parts.push(`score ${fieldPattern(l, l.score.path)} (${l.score.kind === 'distance' ? 'a distance, lower is better' : l.score.kind === 'similarity' ? 'a similarity, higher is better' : 'kind unknown'}: ${l.score.why})`);
  if (l.query) parts.push(`query ${describePattern(l.query.path)}`);
  if (l.table) return `${l.records} row${l.records === 1 ? '' : 's'} of a table (${l.table.describe}): ${parts.join(', ')}`;
  return `${l.records} record${l.records === 1 ? '' : 's'} at ${describePattern([...l.list, ANY])}: ${parts.join(', ')}`;
}

function metadataOf(rec: Obj, l: InferredLayout, id: unknown): Obj {
  const skip = new Set([l.text[0], l.id?.length === 1 ? l.id[0] : '', l.score?.path.length === 1 ? l.score.path[0] : '']);
  const out: Obj = {};
  for (const [k, v] of Object.entries(rec)) if (!skip.has(k) && !VECTOR_FIELDS.has(k) && scalar(v)) out[k] = v;
  // The text's containers (document, item.metadata, ...) carry the record's own fields.
  for (const c of containersOf(l.text).slice(1)) {
    const obj = valueAtKeys(rec, c);
    if (!isObj(obj)) continue;
    for (const [k, v] of Object.entries(obj)) {
      if (k === l.text[c.length] || VECTOR_FIELDS.has(k) || !scalar(v) || k in out) continue;
      if (ID_NAMES.includes(k) && v === id) continue; // the id again (Orama's document.id)
      out[k] = v;
    }
  }
  return out;
}

export function readInferred(root: unknown, l: InferredLayout, ctx: JsonContext): RetrievalSet[] {
  const groupCount = l.list.filter((s) => s === ANY).length;
  const groups = new Map<string, { bindings: number[]; drafts: ChunkDraft[] }>();
  const table = l.table;
  const matches = table ? table.records.map((value, i) => ({ value, path: [i] as JsonPath, bindings: [] as number[] })) : matchPattern(root, [...l.list, ANY]);
  for (const m of matches) {
    const key = m.bindings.slice(0, groupCount).join(',');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { bindings: m.bindings.slice(0, groupCount), drafts: [] }));
    const at = table ? table.rowPath(m.path[0] as number) : m.path;
    if (!isObj(m.value)) {
      ctx.report({ severity: 'warning', message: `Record at ${ctx.describe(at)} is not an object; skipped.`, at });
      continue;
    }
    const rec = m.value;
    const text = valueAtKeys(rec, l.text);
    if (!isNonEmptyString(text)) {
      ctx.report({ severity: 'warning', message: `Record at ${ctx.describe(at)} has no text at ${ctx.describe([...at, ...l.text])}; skipped.`, at });
      continue;
    }
    const id = l.id ? valueAtKeys(rec, l.id) : undefined;
    const draft: ChunkDraft = table
      ? { text, textPath: table.cellPath(m.path[0] as number, l.text[0]), scoreKind: 'unknown', metadata: metadataOf(rec, l, id) }
      : { text, textPath: [...at, ...l.text], itemPath: at, scoreKind: 'unknown', metadata: metadataOf(rec, l, id) };
    if (typeof id === 'string' && id !== '') draft.id = id;
    else if (typeof id === 'number' && Number.isFinite(id)) draft.id = String(id);
    if (l.score) {
      const s = valueAtKeys(rec, l.score.path);
      if (typeof s === 'number' && Number.isFinite(s)) {
        draft.score = s;
        draft.scoreKind = l.score.kind;
      }
    }
    g.drafts.push(draft);
  }
  const sets: RetrievalSet[] = [];
  for (const g of groups.values()) {
    const set = buildSet(INFERRED_FORMAT, g.drafts, ctx, l.query ? { query: l.query.value, queryPath: l.query.path } : {});
    if (groupCount > 0) {
      const groupPath: JsonPathSegments = [];
      let k = 0;
      for (const seg of l.list.slice(0, l.list.lastIndexOf(ANY) + 1)) groupPath.push(seg === ANY ? g.bindings[k++] : (seg as string | number));
      const group = matchPattern(root, groupPath, 1)[0]?.value;
      // Each group may carry its own query (JSONL: one search per line, {term, hits}).
      const q = set.query === undefined ? findQuery(group) : undefined;
      if (q) {
        set.query = q.value;
        const range = ctx.rangeAt([...groupPath, ...q.path]);
        if (range) set.querySource = range;
      }
      const label = isObj(group) && l.groupName ? groupLabel(group[l.groupName]) : undefined;
      if (label !== undefined) set.name = BARE_GROUP_NAMES.has(l.groupName!) ? label : `${l.groupName} ${label}`;
      else if (!q) set.name = `group ${g.bindings.map((b) => b + 1).join('.')}`;
    }
    sets.push(set);
  }
  ctx.report({
    severity: 'info',
    message: `No known format; read by inference: ${describeLayout(l)}.`,
    hint: 'If the chunks look wrong, pick the paths yourself (CLI: --text-path, --id-path, --score-path with --score-kind).',
  });
  return sets;
}

/** The fallback reader: whatever list of records clearly holds the texts. */
export const inferredReader: JsonStackReader = {
  id: INFERRED_FORMAT,
  label: 'Records found by inference',
  detect: (root) => {
    try {
      return inferLayout(root).kind === 'one' ? CONFIDENCE : 0;
    } catch {
      return 0;
    }
  },
  read(root, ctx) {
    const inf = inferLayout(root);
    return inf.kind === 'one' ? readInferred(root, inf.layout, ctx) : [];
  },
};
