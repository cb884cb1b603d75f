// Small building blocks the per-stack readers share: type guards, the field names stacks commonly use
// for text/ids/scores, score parsing with diagnostics, and turning chunk drafts into a RetrievalSet.
// Everything here is pure and never throws.
import type { Chunk, Labels, RetrievalSet, ScoreKind } from '../../types';
import type { JsonContext, JsonPath } from '../stack';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isNonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}

/** Detectors look at a prefix only: detect() must stay cheap on big files. */
export function sample<T>(arr: readonly T[], n = 20): readonly T[] {
  return arr.length <= n ? arr : arr.slice(0, n);
}

/** Share (0..1) of the sampled elements satisfying `pred`; 0 for an empty array. */
export function share(arr: readonly unknown[], pred: (v: unknown) => boolean): number {
  const s = sample(arr);
  if (s.length === 0) return 0;
  let hits = 0;
  for (const v of s) if (safe(() => pred(v), false)) hits++;
  return hits / s.length;
}

/** Guards detect() against surprises: a detector must never throw. */
export function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

/** Field names that hold a chunk's text, most specific first (configurable per reader). */
export const DEFAULT_TEXT_FIELDS: readonly string[] = [
  'text', 'content', 'page_content', 'pageContent', 'chunk_text', 'passage', 'chunk', 'body',
  'document', 'contents', 'paragraph', 'snippet', 'context',
];

export const ID_FIELDS: readonly string[] = [
  'id', '_id', 'doc_id', 'docid', 'document_id', 'documentId', 'chunk_id', 'chunkId', 'pid', 'uuid', 'id_', 'corpus_id',
];

/** Score fields whose value is "higher is better". */
export const SIMILARITY_FIELDS: readonly string[] = [
  'score', '_score', 'similarity', 'similarity_score', 'relevance_score', 'relevanceScore', 'relevance', 'cosine_similarity',
];
/** Score fields whose value is "lower is better". */
export const DISTANCE_FIELDS: readonly string[] = ['distance', '_distance', 'dist'];

export const QUERY_FIELDS: readonly string[] = ['query', 'question', 'query_text', 'queryText', 'q'];
export const QUERY_ID_FIELDS: readonly string[] = ['query_id', 'queryId', 'qid', 'question_id'];

/** Keys that hold vectors: useless as metadata and heavy, so readers drop them. */
export const VECTOR_FIELDS: ReadonlySet<string> = new Set([
  'embedding', 'embeddings', 'vector', 'vectors', 'values', 'sparse_values', 'sparse_embedding', 'sparseValues',
]);

/** First key of `keys` whose value in `obj` is a non-empty string. */
export function pickString(obj: Obj, keys: readonly string[]): { key: string; value: string } | undefined {
  for (const key of keys) {
    const v = obj[key];
    if (isNonEmptyString(v)) return { key, value: v };
  }
  return undefined;
}

/** Ids may be strings or integers (Qdrant, Milvus); both become strings. */
export function idOf(v: unknown): string | undefined {
  if (typeof v === 'string' && v.length > 0) return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export function pickId(obj: Obj, keys: readonly string[] = ID_FIELDS): { key: string; value: string } | undefined {
  for (const key of keys) {
    const id = idOf(obj[key]);
    if (id !== undefined) return { key, value: id };
  }
  return undefined;
}

export function pickQuery(obj: Obj, keys: readonly string[] = QUERY_FIELDS): { key: string; value: string } | undefined {
  return pickString(obj, keys);
}

/**
 * Reads a score value. Numbers pass; null/undefined mean "no score". Numeric strings are accepted
 * (silently when the stack documents string scores, like Weaviate hybrid search, else with a warning);
 * anything else is reported as a warning and ignored.
 */
export function readScore(
  v: unknown,
  at: JsonPath,
  ctx: JsonContext,
  opts: { stringsAreNormal?: boolean } = {},
): number | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return v;
    ctx.report({ severity: 'warning', message: `Score at ${ctx.describe(at)} is not a finite number; ignored.`, at });
    return undefined;
  }
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) {
    if (!opts.stringsAreNormal) {
      ctx.report({
        severity: 'warning',
        message: `Score at ${ctx.describe(at)} is a string ("${v}"); read it as the number ${Number(v)}.`,
        hint: 'Write scores as JSON numbers.',
        at,
      });
    }
    return Number(v);
  }
  ctx.report({
    severity: 'warning',
    message: `Score at ${ctx.describe(at)} is not a number (${describeValue(v)}); the chunk is kept without a score.`,
    hint: 'Scores must be JSON numbers.',
    at,
  });
  return undefined;
}

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'missing';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string "${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

/** Finds a similarity- or distance-named score field and reads it. */
export function pickScore(
  obj: Obj,
  base: JsonPath,
  ctx: JsonContext,
): { key: string; score?: number; kind: ScoreKind } | undefined {
  for (const key of SIMILARITY_FIELDS) {
    if (key in obj && obj[key] !== null) return { key, score: readScore(obj[key], [...base, key], ctx), kind: 'similarity' };
  }
  for (const key of DISTANCE_FIELDS) {
    if (key in obj && obj[key] !== null) return { key, score: readScore(obj[key], [...base, key], ctx), kind: 'distance' };
  }
  return undefined;
}

/** Boolean relevance judgments (`relevant`, `is_relevant`) -> graded relevance 1/0. */
export const RELEVANCE_LABEL_FIELDS: readonly string[] = ['relevant', 'is_relevant', 'isRelevant'];

export function pickRelevance(obj: Obj): { key: string; value: number } | undefined {
  for (const key of RELEVANCE_LABEL_FIELDS) {
    const v = obj[key];
    if (typeof v === 'boolean') return { key, value: v ? 1 : 0 };
  }
  return undefined;
}

/** Copies `obj` minus the given keys and vectors; values stay JSON as parsed. */
export function restOf(obj: Obj, drop: Iterable<string>): Obj {
  const skip = new Set(drop);
  const out: Obj = {};
  for (const [k, v] of Object.entries(obj)) {
    if (skip.has(k) || VECTOR_FIELDS.has(k)) continue;
    if (v === undefined) continue;
    out[k] = v;
  }
  return out;
}

/** A chunk as a reader found it, before ranks, ids and sources are settled. */
export interface ChunkDraft {
  id?: string;
  text: string;
  /** Path of the text string, for the source range. */
  textPath: JsonPath;
  itemPath?: JsonPath;
  columnPath?: JsonPath;
  columnIndex?: number;
  score?: number;
  scoreKind: ScoreKind;
  metadata: Obj;
  /** Explicit 1-based rank when the file carries one. */
  rank?: number;
  /** Graded relevance when the chunk carries a judgment. */
  relevance?: number;
}

export function warnNoText(ctx: JsonContext, at: JsonPath, looked: readonly string[]): void {
  ctx.report({
    severity: 'warning',
    message: `Chunk at ${ctx.describe(at)} has no text (looked for ${looked.slice(0, 8).join(', ')}); skipped.`,
    hint: 'Give every chunk a non-empty text field, or pick the text path yourself.',
    at,
  });
}

export interface SetInfo {
  query?: string;
  queryPath?: JsonPath;
  queryId?: string;
  labels?: Labels;
}

/** Settles ranks, ids, sources and labels. Explicit ranks win; otherwise the file's order counts. */
export function buildSet(format: string, drafts: ChunkDraft[], ctx: JsonContext, info: SetInfo = {}): RetrievalSet {
  const chunks: Chunk[] = [];
  const byChunkId: Record<string, number> = {};
  let hasJudgments = false;
  drafts.forEach((d, i) => {
    const originalRank = d.rank !== undefined && Number.isInteger(d.rank) && d.rank >= 1 ? d.rank : i + 1;
    const id = d.id ?? `#${originalRank}`;
    // A kind without a score means nothing; keep the pair consistent whatever the reader did.
    const scoreKind = d.score === undefined ? 'unknown' : d.scoreKind;
    const chunk: Chunk = { id, text: d.text, originalRank, scoreKind, metadata: d.metadata };
    if (d.score !== undefined) chunk.retrieverScore = d.score;
    const source = safe(() => ctx.rangeAt(d.textPath), undefined);
    if (source) chunk.source = source;
    if (d.itemPath) chunk.origin = { itemPath: d.itemPath };
    else if (d.columnPath) chunk.origin = { columnPath: d.columnPath, columnIndex: d.columnIndex };
    if (d.relevance !== undefined) {
      byChunkId[id] = d.relevance;
      hasJudgments = true;
    }
    chunks.push(chunk);
  });
  const set: RetrievalSet = { format, chunks };
  if (info.query !== undefined) set.query = info.query;
  if (info.queryId !== undefined) set.queryId = info.queryId;
  if (info.queryPath) {
    const qs = safe(() => ctx.rangeAt(info.queryPath!), undefined);
    if (qs) set.querySource = qs;
  }
  let labels: Labels | undefined = info.labels ? { ...info.labels } : undefined;
  if (hasJudgments) labels = { ...(labels ?? {}), byChunkId: { ...(labels?.byChunkId ?? {}), ...byChunkId } };
  if (labels && Object.keys(labels).length > 0) set.labels = labels;
  return set;
}

/**
 * Retrieval results come best first. When the score kind is not documented (LangChain `_with_score`,
 * Milvus without a metric), the order tells: scores falling along the list are similarities, rising
 * ones distances. Flat or mixed orders say nothing.
 */
export function kindFromOrder(scores: (number | undefined)[]): ScoreKind {
  const s = scores.filter((x): x is number => x !== undefined);
  if (s.length < 2) return 'unknown';
  let up = 0;
  let down = 0;
  for (let i = 1; i < s.length; i++) {
    if (s[i] > s[i - 1]) up++;
    else if (s[i] < s[i - 1]) down++;
  }
  if (up > 0 && down === 0) return 'distance';
  if (down > 0 && up === 0) return 'similarity';
  return 'unknown';
}

/** Metric names as vector databases spell them -> what the returned score means. */
export function kindFromMetric(metric: unknown): ScoreKind | undefined {
  if (typeof metric !== 'string') return undefined;
  const m = metric.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (['cosine', 'ip', 'innerproduct', 'dot', 'dotproduct', 'maxinnerproduct', 'bm25', 'similarity', 'relevance'].includes(m)) {
    return 'similarity';
  }
  if (['l2', 'euclid', 'euclidean', 'euclideandistance', 'hamming', 'jaccard', 'manhattan', 'distance', 'l1'].includes(m)) {
    return 'distance';
  }
  return undefined;
}

/** Looks for a metric hint on a wrapper object: `metric_type`, `metric`, `distance_strategy`, `score_kind`. */
export function metricHint(obj: Obj): ScoreKind | undefined {
  for (const key of ['score_kind', 'scoreKind', 'metric_type', 'metricType', 'metric', 'distance_strategy', 'distance', 'space']) {
    const k = kindFromMetric(obj[key]);
    if (k) return k;
  }
  for (const key of ['search_params', 'searchParams', 'param', 'params']) {
    const inner = obj[key];
    if (isObj(inner)) {
      const k = metricHint(inner);
      if (k) return k;
    }
  }
  return undefined;
}

/** Reads a list of generic chunk-like items (strings or objects with text/id/score fields). */
export function draftsFromItems(
  items: unknown[],
  base: JsonPath,
  ctx: JsonContext,
  opts: { textFields?: readonly string[]; defaultKind?: ScoreKind } = {},
): ChunkDraft[] {
  const textFields = opts.textFields ?? DEFAULT_TEXT_FIELDS;
  const drafts: ChunkDraft[] = [];
  items.forEach((item, i) => {
    const at = [...base, i];
    if (typeof item === 'string') {
      if (item.trim() === '') {
        warnNoText(ctx, at, ['a non-empty string']);
        return;
      }
      drafts.push({ text: item, textPath: at, columnPath: base, columnIndex: i, scoreKind: 'unknown', metadata: {} });
      return;
    }
    if (!isObj(item)) {
      ctx.report({ severity: 'warning', message: `Item at ${ctx.describe(at)} is ${describeValue(item)}, not a chunk; skipped.`, at });
      return;
    }
    const text = pickString(item, textFields);
    if (!text) {
      warnNoText(ctx, at, textFields);
      return;
    }
    const id = pickId(item);
    const score = pickScore(item, at, ctx);
    const rank = typeof item.rank === 'number' ? item.rank : undefined;
    const rel = pickRelevance(item);
    const used = [text.key, id?.key, score?.key, rel?.key, rank !== undefined ? 'rank' : undefined].filter(
      (k): k is string => !!k,
    );
    // A nested `metadata` object (LangChain-style) is spread so its keys sit beside the others.
    const metadata = restOf(item, used);
    if (isObj(metadata.metadata)) {
      const nested = metadata.metadata;
      delete metadata.metadata;
      Object.assign(metadata, nested);
    }
    drafts.push({
      id: id?.value,
      text: text.value,
      textPath: [...at, text.key],
      itemPath: at,
      score: score?.score,
      scoreKind: score?.score !== undefined ? score.kind : opts.defaultKind ?? 'unknown',
      metadata,
      rank,
      relevance: rel?.value,
    });
  });
  return drafts;
}

/**
 * For stacks whose scores are similarities for the common metrics but distances for some (Qdrant with
 * Euclid, Haystack stores that pass distances through): results come best first, so scores rising down
 * the list are distances. Sets the kind on every scored draft and says so when it departs from the default.
 */
export function settleKind(drafts: ChunkDraft[], ctx: JsonContext, at: JsonPath, fallback: ScoreKind = 'similarity'): void {
  let kind = fallback;
  if (kindFromOrder(drafts.map((d) => d.score)) === 'distance' && fallback === 'similarity') {
    kind = 'distance';
    ctx.report({
      severity: 'info',
      message: `Scores at ${ctx.describe(at)} rise down the list, so they are read as distances (lower is better).`,
      at,
    });
  }
  for (const d of drafts) d.scoreKind = d.score === undefined ? 'unknown' : kind;
}

/**
 * The text of a stored record (a Qdrant payload, Pinecone metadata, Milvus entity, ES _source...):
 * the first non-empty text field, else LlamaIndex's `_node_content` JSON (its `text`), which
 * LlamaIndex vector-store integrations write instead of a plain text field.
 */
export function recordText(rec: Obj, textFields: readonly string[]): { key: string; value: string } | undefined {
  const direct = pickString(rec, textFields);
  if (direct) return direct;
  if (typeof rec._node_content === 'string') {
    const parsed = safe(() => JSON.parse(rec._node_content as string) as unknown, undefined);
    if (isObj(parsed) && isNonEmptyString(parsed.text)) return { key: '_node_content', value: parsed.text };
  }
  return undefined;
}

/** A chunk from a stored record: text from `textFields`, the rest (LangChain's nested `metadata` spread) as metadata. */
export function recordDraft(
  ctx: JsonContext,
  o: {
    rec: Obj;
    recPath: JsonPath;
    itemPath: JsonPath;
    id?: string;
    score?: number;
    scoreKind: ScoreKind;
    extra?: Obj;
    textFields?: readonly string[];
    dropKeys?: readonly string[];
  },
): ChunkDraft | undefined {
  const fields = o.textFields ?? DEFAULT_TEXT_FIELDS;
  const text = recordText(o.rec, fields);
  if (!text) {
    warnNoText(ctx, o.recPath, fields);
    return undefined;
  }
  const rest = restOf(o.rec, [text.key, ...(o.dropKeys ?? [])]);
  const nested = isObj(rest.metadata) ? rest.metadata : undefined;
  if (nested) delete rest.metadata;
  const rel = pickRelevance(o.rec);
  return {
    id: o.id,
    text: text.value,
    textPath: [...o.recPath, text.key],
    itemPath: o.itemPath,
    score: o.score,
    scoreKind: o.score === undefined ? 'unknown' : o.scoreKind,
    metadata: { ...(o.extra ?? {}), ...rest, ...(nested ?? {}) },
    relevance: rel?.value,
  };
}
