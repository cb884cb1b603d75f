// Shared vocabulary of the stack readers: type guards, the field names stacks use for text, ids,
// scores, queries and judgments, and small lookups over them. Pure; nothing here throws.
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
  'id', '_id', 'doc_id', 'docid', 'document_id', 'documentId', 'chunk_id', 'chunkId', 'pid', 'passage_id', 'uuid', 'id_', 'corpus_id',
  // SQLite's implicit key (sqlite-vec and FTS5 rows: `SELECT rowid, ...`).
  'rowid',
];

/** Score fields whose value is "higher is better". */
export const SIMILARITY_FIELDS: readonly string[] = [
  'score', '_score', 'similarity', 'similarity_score', 'relevance_score', 'relevanceScore', 'relevance', 'cosine_similarity',
  // SQL and hybrid-search column names (pgvector `1 - (a <=> b) AS ...`, RRF fusion).
  'rerank_score', 'hybrid_score', 'rrf_score', 'bm25_score', 'vector_score', 'search_score',
];
/** Score fields whose value is "lower is better". */
export const DISTANCE_FIELDS: readonly string[] = [
  'distance', '_distance', 'dist',
  // pgvector / SQL column aliases (`embedding <=> q AS cosine_distance`), RedisVL's vector_distance.
  'cosine_distance', 'l2_distance', 'euclidean_distance', 'vector_distance',
];

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


export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'missing';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string "${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
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
