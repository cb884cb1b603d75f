// Chroma: `collection.query()` results are parallel column lists with one inner list per query
// ({ids: [[...]], documents: [[...]], metadatas: [[...]], distances: [[...]], embeddings, uris, data,
// included: [...]}); any column but ids may be null or absent depending on `include`. Distances are
// distances (lower is better). `collection.get()` returns the same columns flat, without scores.
// Neither carries the query text; a `query_texts` list beside the columns (as passed to query()) is used.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, warnIfEmpty, describeValue, idOf, isNonEmptyString, isObj, readScore, safe, type ChunkDraft, type Obj } from './kit';

const isListOfLists = (v: unknown): v is unknown[][] => Array.isArray(v) && v.length > 0 && v.every((x) => Array.isArray(x) || x === null);

function isQueryResult(root: unknown): root is Obj {
  return (
    isObj(root) &&
    isListOfLists(root.ids) &&
    ['documents', 'distances', 'metadatas'].some((k) => isListOfLists(root[k]) || root[k] === null)
  );
}

function isGetResult(root: unknown): root is Obj {
  return (
    isObj(root) &&
    Array.isArray(root.ids) &&
    root.ids.every((x) => typeof x === 'string') &&
    Array.isArray(root.documents) &&
    ('metadatas' in root || 'included' in root || 'embeddings' in root)
  );
}

function queryTexts(root: Obj): unknown[] | undefined {
  for (const key of ['query_texts', 'queries']) if (Array.isArray(root[key])) return root[key] as unknown[];
  return undefined;
}

/** query()/get() without include=["documents"]: there is no text to rerank. Reports it; true if so. */
function noDocuments(root: Obj, ctx: JsonContext): boolean {
  if (Array.isArray(root.documents)) return false;
  ctx.report({
    severity: 'error',
    message: `Chroma result has no documents (${ctx.describe(['documents'])} is ${describeValue(root.documents)}); there is no chunk text to rerank.`,
    hint: 'Query again with include=["documents", "metadatas", "distances"].',
    at: 'documents' in root ? ['documents'] : [],
  });
  return true;
}

/** Reads one query's column slice: ids[q], documents[q], metadatas[q], distances[q]. */
function readColumns(
  cols: { ids: unknown[]; documents: unknown; metadatas: unknown; distances: unknown },
  base: JsonPath,
  ctx: JsonContext,
): ChunkDraft[] {
  const drafts: ChunkDraft[] = [];
  const docs = Array.isArray(cols.documents) ? cols.documents : undefined;
  const metas = Array.isArray(cols.metadatas) ? cols.metadatas : undefined;
  const dists = Array.isArray(cols.distances) ? cols.distances : undefined;
  if (!docs) {
    // A null column for one query: reported once per file by noDocuments(); nothing to read here.
    return drafts;
  }
  if (docs.length !== cols.ids.length) {
    ctx.report({
      severity: 'warning',
      message: `Chroma columns disagree: ${cols.ids.length} ids but ${docs.length} documents${base.length ? ` for query ${ctx.describe(base)}` : ''}.`,
      at: ['documents', ...base.slice(-1)],
    });
  }
  const colPath = (name: string): JsonPath => (base.length ? [name, ...base.slice(-1)] : [name]);
  docs.forEach((text, j) => {
    const at = [...colPath('documents'), j];
    if (!isNonEmptyString(text)) {
      ctx.report({ severity: 'warning', message: `Chroma document at ${ctx.describe(at)} is ${describeValue(text)}, not text; skipped.`, at });
      return;
    }
    const meta = metas && isObj(metas[j]) ? (metas[j] as Obj) : {};
    const score = dists ? readScore(dists[j], [...colPath('distances'), j], ctx) : undefined;
    drafts.push({
      id: idOf(cols.ids[j]),
      text,
      textPath: at,
      columnPath: colPath('documents'),
      columnIndex: j,
      score,
      scoreKind: score === undefined ? 'unknown' : 'distance',
      metadata: { ...meta },
    });
  });
  return drafts;
}

export const chromaQueryReader: JsonStackReader = {
  id: 'chroma-query',
  label: 'Chroma query() result',
  detect: (root) => safe(() => (isQueryResult(root) ? 0.93 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    if (!isQueryResult(root) || noDocuments(root, ctx)) return [];
    const ids = root.ids as unknown[][];
    const queries = queryTexts(root);
    const col = (name: string, q: number): unknown => (Array.isArray(root[name]) ? (root[name] as unknown[])[q] : undefined);
    const sets = ids.map((qIds, q) => {
      const drafts = readColumns(
        { ids: Array.isArray(qIds) ? qIds : [], documents: col('documents', q), metadatas: col('metadatas', q), distances: col('distances', q) },
        [q],
        ctx,
      );
      const query = queries && isNonEmptyString(queries[q]) ? (queries[q] as string) : undefined;
      return buildSet('chroma-query', drafts, ctx, {
        query,
        queryPath: query ? [queries === root.query_texts ? 'query_texts' : 'queries', q] : undefined,
        queryId: ids.length > 1 ? String(q) : undefined,
      });
    });
    return warnIfEmpty(sets, ctx, 'Chroma query result', ['ids']);
  },
};

export const chromaGetReader: JsonStackReader = {
  id: 'chroma-get',
  label: 'Chroma get() result',
  detect: (root) => safe(() => (isGetResult(root) ? 0.8 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    if (!isGetResult(root)) return [];
    const drafts = readColumns({ ids: root.ids as unknown[], documents: root.documents, metadatas: root.metadatas, distances: undefined }, [], ctx);
    const q = queryTexts(root);
    const query = q && isNonEmptyString(q[0]) ? (q[0] as string) : undefined;
    return [buildSet('chroma-get', drafts, ctx, { query })];
  },
};

export const chromaReaders: JsonStackReader[] = [chromaQueryReader, chromaGetReader];
