// Generic shapes no particular stack owns: a list of strings, a list of chunk objects, and
// `{query, documents|passages|contexts|chunks|results|hits}` rows (one object, an array, or JSONL).
// These score low in detect() so any specific stack shape wins over them.
import type { Labels, RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import {
  DEFAULT_TEXT_FIELDS, QUERY_FIELDS, QUERY_ID_FIELDS, buildSet, draftsFromItems, idOf, isNonEmptyString, isObj,
  pickQuery, pickString, safe, share, type Obj,
} from './kit';

/** Keys under which a row lists its retrieved chunks. */
export const CHUNK_LIST_FIELDS: readonly string[] = [
  'documents', 'passages', 'contexts', 'chunks', 'results', 'hits', 'docs', 'retrieved', 'retrieved_documents',
  'retrieved_passages', 'candidates', 'sources',
];

function isChunkObject(v: unknown): boolean {
  return isObj(v) && pickString(v, DEFAULT_TEXT_FIELDS) !== undefined;
}

function isChunkLike(v: unknown): boolean {
  return isNonEmptyString(v) || isChunkObject(v);
}

/** A bare list (of strings or of chunk objects) is one set without a query: the user types it. */
function readBareList(format: string) {
  return (root: unknown, ctx: JsonContext): RetrievalSet[] => (Array.isArray(root) ? [buildSet(format, draftsFromItems(root, [], ctx), ctx)] : []);
}

function chunkListKey(row: Obj): string | undefined {
  for (const key of CHUNK_LIST_FIELDS) {
    const v = row[key];
    if (Array.isArray(v) && (v.length === 0 || share(v, isChunkLike) >= 0.8)) return key;
  }
  return undefined;
}

function isQueryRow(v: unknown): boolean {
  return isObj(v) && pickQuery(v) !== undefined && chunkListKey(v) !== undefined;
}

export const plainStringsReader: JsonStackReader = {
  id: 'plain-strings',
  label: 'List of chunk texts',
  detect: (root) => safe(() => (Array.isArray(root) && root.length > 0 && share(root, isNonEmptyString) === 1 ? 0.3 : 0), 0),
  read: readBareList('plain-strings'),
};

export const plainChunksReader: JsonStackReader = {
  id: 'plain-chunks',
  label: 'List of chunk objects',
  detect: (root) =>
    safe(() => {
      if (!Array.isArray(root) || root.length === 0) return 0;
      return share(root, isChunkObject) >= 0.8 ? 0.3 : 0;
    }, 0),
  read: readBareList('plain-chunks'),
};

export const plainQueryRowsReader: JsonStackReader = {
  id: 'plain-query-documents',
  label: 'Query with retrieved documents',
  detect: (root) =>
    safe(() => {
      if (isQueryRow(root)) return 0.45;
      // {documents: [...]} without a query: still the chunks; the user types the query.
      if (isObj(root) && chunkListKey(root) !== undefined && (root[chunkListKey(root)!] as unknown[]).length > 0) return 0.35;
      if (Array.isArray(root) && root.length > 0 && share(root, isQueryRow) >= 0.8) return 0.45;
      return 0;
    }, 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const rows: { row: unknown; index?: number }[] = Array.isArray(root)
      ? root.map((row, index) => ({ row, index }))
      : [{ row: root }];
    const sets: RetrievalSet[] = [];
    for (const { row, index } of rows) {
      const base = index === undefined ? [] : [index];
      if (!isObj(row)) {
        ctx.report({ severity: 'warning', message: `Row at ${ctx.describe(base)} is not an object; skipped.`, at: base });
        continue;
      }
      const listKey = chunkListKey(row);
      const query = pickQuery(row);
      if (!listKey) {
        ctx.report({
          severity: 'warning',
          message: `Row at ${ctx.describe(base)} has no list of chunks (looked for ${CHUNK_LIST_FIELDS.slice(0, 6).join(', ')}); skipped.`,
          at: base,
        });
        continue;
      }
      if (!query) {
        ctx.report({ severity: 'info', message: `Row at ${ctx.describe(base)} has no query (looked for ${QUERY_FIELDS.join(', ')}).`, at: base });
      }
      const drafts = draftsFromItems(row[listKey] as unknown[], [...base, listKey], ctx);
      let queryId: string | undefined;
      for (const k of [...QUERY_ID_FIELDS, 'id', '_id']) {
        queryId = idOf(row[k]);
        if (queryId !== undefined) break;
      }
      sets.push(
        buildSet('plain-query-documents', drafts, ctx, {
          query: query?.value,
          queryPath: query ? [...base, query.key] : undefined,
          queryId,
          labels: rowLabels(row),
        }),
      );
    }
    return sets;
  },
};

/** Row-level judgments: lists of relevant ids, a {docid: grade} map, a reference answer. */
function rowLabels(row: Obj): Labels | undefined {
  const labels: Labels = {};
  const byChunkId: Record<string, number> = {};
  for (const key of ['relevant_ids', 'relevant_doc_ids', 'positive_ids', 'gold_ids', 'ground_truth_ids']) {
    const v = row[key];
    if (Array.isArray(v)) for (const id of v) if (idOf(id) !== undefined) byChunkId[idOf(id)!] = 1;
  }
  for (const key of ['qrels', 'relevance_judgments', 'judgments']) {
    const v = row[key];
    if (isObj(v)) for (const [id, grade] of Object.entries(v)) if (typeof grade === 'number' && Number.isFinite(grade)) byChunkId[id] = grade;
  }
  if (Object.keys(byChunkId).length > 0) labels.byChunkId = byChunkId;
  const gt = pickString(row, ['ground_truth', 'reference', 'expected_answer', 'reference_answer']);
  if (gt) labels.groundTruth = gt.value;
  return Object.keys(labels).length > 0 ? labels : undefined;
}

const POS_KEYS = ['pos', 'positive_passages', 'positives', 'positive_ctxs'];
const NEG_KEYS = ['neg', 'negative_passages', 'negatives', 'hard_negatives', 'hard_negative_ctxs', 'negative_ctxs'];

function listAt(row: Obj, keys: readonly string[]): string | undefined {
  return keys.find((k) => Array.isArray(row[k]) && share(row[k] as unknown[], isChunkLike) >= 0.8);
}

const isPosNegRow = (v: unknown): v is Obj =>
  isObj(v) && pickQuery(v) !== undefined && listAt(v, POS_KEYS) !== undefined && NEG_KEYS.every((k) => v[k] === undefined || Array.isArray(v[k]));

/**
 * Training and evaluation data for rerankers: FlagEmbedding / sentence-transformers rows
 * {query, pos: [...], neg: [...]}, Tevatron {query_id, query, positive_passages: [{docid, text}],
 * negative_passages}, DPR {question, positive_ctxs, hard_negative_ctxs}. Positives then negatives,
 * labelled 1 and 0, so the panel shows how the model separates them.
 */
export const plainPosNegReader: JsonStackReader = {
  id: 'query-pos-neg',
  label: 'Query with positive and negative passages',
  detect: (root) =>
    safe(() => {
      if (isPosNegRow(root)) return 0.8;
      return Array.isArray(root) && root.length > 0 && share(root, isPosNegRow) >= 0.8 ? 0.8 : 0;
    }, 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const rows = Array.isArray(root) ? root.map((row, i) => ({ row, base: [i] as JsonPath })) : [{ row: root, base: [] as JsonPath }];
    const sets: RetrievalSet[] = [];
    for (const { row, base } of rows) {
      if (!isPosNegRow(row)) {
        ctx.report({ severity: 'warning', message: `Row at ${ctx.describe(base)} has no query with a list of positive passages; skipped.`, at: base });
        continue;
      }
      const posKey = listAt(row, POS_KEYS)!;
      const negKey = listAt(row, NEG_KEYS);
      const pos = draftsFromItems(row[posKey] as unknown[], [...base, posKey], ctx);
      const neg = negKey ? draftsFromItems(row[negKey] as unknown[], [...base, negKey], ctx) : [];
      const byChunkId: Record<string, number> = {};
      const drafts = [...pos, ...neg];
      drafts.forEach((d, i) => {
        const positive = i < pos.length;
        // Passages without ids of their own get pos-N / neg-N, so the label says which is which.
        d.id ??= `${positive ? 'pos' : 'neg'}-${(positive ? i : i - pos.length) + 1}`;
        byChunkId[d.id] = positive ? 1 : 0;
      });
      const q = pickQuery(row)!;
      const queryId = idOf(row.query_id) ?? idOf(row.qid) ?? idOf(row.id);
      sets.push(buildSet('query-pos-neg', drafts, ctx, { query: q.value, queryPath: [...base, q.key], queryId, labels: { byChunkId } }));
    }
    return sets;
  },
};

export const plainReaders: JsonStackReader[] = [plainStringsReader, plainChunksReader, plainQueryRowsReader, plainPosNegReader];
