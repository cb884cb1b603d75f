// Pinecone: `index.query()` ({matches: [{id, score, values, sparseValues, metadata}], namespace, usage};
// the old multi-query form wraps several under `results: [{matches, namespace}]`) and
// `index.search_records()` / `search()` ({result: {hits: [{_id, _score, fields}]}, usage}).
// Scores are similarities (cosine, dotproduct; with integrated rerank `_score` is the reranker's).
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, warnIfEmpty, idOf, isObj, pickQuery, readScore, recordDraft, safe, settleKind, share, type ChunkDraft, type Obj } from './kit';

const isMatch = (v: unknown): boolean => isObj(v) && typeof v.id === 'string' && 'score' in v && ('metadata' in v || 'values' in v);
const isMatchList = (v: unknown): v is unknown[] => Array.isArray(v) && (v.length === 0 || share(v, isMatch) >= 0.8);
const isHit = (v: unknown): boolean => isObj(v) && idOf(v._id) !== undefined && '_score' in v && isObj(v.fields);

function queryRankings(root: unknown): { list: unknown[]; path: JsonPath; namespace?: unknown }[] | undefined {
  if (!isObj(root)) return undefined;
  if (isMatchList(root.matches) && ((root.matches as unknown[]).length > 0 || 'namespace' in root)) {
    return [{ list: root.matches as unknown[], path: ['matches'], namespace: root.namespace }];
  }
  const results = root.results;
  if (Array.isArray(results) && results.length > 0 && results.every((r) => isObj(r) && isMatchList(r.matches))) {
    return results.map((r, i) => ({ list: (r as Obj).matches as unknown[], path: ['results', i, 'matches'], namespace: (r as Obj).namespace }));
  }
  return undefined;
}

function searchHits(root: unknown): unknown[] | undefined {
  if (!isObj(root) || !isObj(root.result)) return undefined;
  const hits = root.result.hits;
  return Array.isArray(hits) && (hits.length === 0 || share(hits, isHit) >= 0.8) ? hits : undefined;
}

function readMatches(list: unknown[], base: JsonPath, ctx: JsonContext, namespace: unknown): ChunkDraft[] {
  const drafts: ChunkDraft[] = [];
  list.forEach((m, i) => {
    const at = [...base, i];
    if (!isObj(m)) return;
    if (!isObj(m.metadata)) {
      ctx.report({
        severity: 'warning',
        message: `Pinecone match at ${ctx.describe(at)} has no metadata, so no text; skipped.`,
        hint: 'Query with include_metadata=True and store the chunk text in metadata.',
        at,
      });
      return;
    }
    const d = recordDraft(ctx, {
      rec: m.metadata,
      recPath: [...at, 'metadata'],
      itemPath: at,
      id: idOf(m.id),
      score: readScore(m.score, [...at, 'score'], ctx),
      scoreKind: 'similarity',
      extra: typeof namespace === 'string' && namespace !== '' ? { namespace } : {},
    });
    if (d) drafts.push(d);
  });
  settleKind(drafts, ctx, base);
  return drafts;
}

export const pineconeQueryReader: JsonStackReader = {
  id: 'pinecone-query',
  label: 'Pinecone query response',
  detect: (root) => safe(() => (queryRankings(root) ? 0.92 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const r = queryRankings(root) ?? [];
    const q = isObj(root) ? pickQuery(root) : undefined;
    const sets = r.map(({ list, path, namespace }) =>
      buildSet('pinecone-query', readMatches(list, path, ctx, namespace), ctx, {
        query: q?.value,
        queryPath: q ? [q.key] : undefined,
        queryId: r.length > 1 ? String(path[1]) : undefined,
      }),
    );
    return warnIfEmpty(sets, ctx, 'Pinecone query response', ['matches']);
  },
};

export const pineconeSearchReader: JsonStackReader = {
  id: 'pinecone-search-records',
  label: 'Pinecone search_records response',
  detect: (root) => safe(() => (searchHits(root) && (searchHits(root) as unknown[]).length > 0 ? 0.93 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const hits = searchHits(root);
    if (!hits || !isObj(root)) return [];
    const drafts: ChunkDraft[] = [];
    hits.forEach((h, i) => {
      const at: JsonPath = ['result', 'hits', i];
      if (!isObj(h) || !isObj(h.fields)) return;
      const d = recordDraft(ctx, {
        rec: h.fields,
        recPath: [...at, 'fields'],
        itemPath: at,
        id: idOf(h._id),
        score: readScore(h._score, [...at, '_score'], ctx),
        scoreKind: 'similarity',
      });
      if (d) drafts.push(d);
    });
    settleKind(drafts, ctx, ['result', 'hits']);
    const q = pickQuery(root);
    return [buildSet('pinecone-search-records', drafts, ctx, { query: q?.value, queryPath: q ? [q.key] : undefined })];
  },
};

export const pineconeReaders: JsonStackReader[] = [pineconeQueryReader, pineconeSearchReader];
