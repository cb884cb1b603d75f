// Typesense: `/collections/{c}/documents/search` ({found, out_of, page, request_params: {q},
// search_time_ms, hits: [{document, highlight(s), text_match, vector_distance,
// hybrid_search_info: {rank_fusion_score}}]}) and `/multi_search` ({results: [<search response>]}).
// The order's score: rank_fusion_score for hybrid search (higher is better), vector_distance for pure
// vector search (q "*", lower is better), else text_match (keyword relevance, higher is better).
// With `group_by` the hits come in `grouped_hits: [{group_key: [...], found, hits: [...]}]`: one set per
// group, named by its group_key, each with the query of the response.
import type { RetrievalSet, ScoreKind } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, idOf, isNonEmptyString, isObj, readScore, safe, share, warnIfEmpty, type ChunkDraft, type Obj } from './kit';
import { docDraft } from './kit/docs';

const isHit = (v: unknown): boolean =>
  isObj(v) && isObj(v.document) && ('text_match' in v || 'vector_distance' in v || 'highlights' in v || 'highlight' in v || 'hybrid_search_info' in v);

const isGroup = (v: unknown): boolean => isObj(v) && Array.isArray(v.hits) && 'group_key' in v && (v.hits.length === 0 || share(v.hits, isHit) >= 0.8);

function isSearchResponse(v: unknown): v is Obj {
  if (!isObj(v)) return false;
  const marked = 'found' in v && ('out_of' in v || 'search_time_ms' in v || 'request_params' in v);
  if (Array.isArray(v.grouped_hits) && !(Array.isArray(v.hits) && v.hits.length > 0)) {
    return v.grouped_hits.length === 0 ? marked : share(v.grouped_hits, isGroup) >= 0.8;
  }
  if (!Array.isArray(v.hits)) return false;
  return v.hits.length === 0 ? marked : share(v.hits, isHit) >= 0.8;
}

function responses(root: unknown): { res: Obj; base: JsonPath }[] | undefined {
  if (isSearchResponse(root)) return [{ res: root, base: [] }];
  // response["hits"] saved on its own: read it as a response whose hits sit at the root.
  if (Array.isArray(root) && root.length > 0 && share(root, isHit) >= 0.8) return [{ res: { hits: root }, base: [] }];
  if (isObj(root) && Array.isArray(root.results) && root.results.length > 0 && root.results.every(isSearchResponse)) {
    return root.results.map((res, i) => ({ res: res as Obj, base: ['results', i] }));
  }
  return undefined;
}

function scoreOf(hits: unknown[]): { key: 'hybrid' | 'vector_distance' | 'text_match'; kind: ScoreKind } {
  const objs = hits.filter(isObj);
  if (objs.some((h) => isObj(h.hybrid_search_info) && 'rank_fusion_score' in h.hybrid_search_info)) return { key: 'hybrid', kind: 'similarity' };
  if (objs.some((h) => typeof h.vector_distance === 'number') && !objs.some((h) => typeof h.text_match === 'number' && h.text_match > 0)) {
    return { key: 'vector_distance', kind: 'distance' };
  }
  return { key: 'text_match', kind: 'similarity' };
}

/** A grouped response: one set per group, named by its group_key. */
function readGroups(res: Obj, base: JsonPath, ctx: JsonContext): RetrievalSet[] {
  const sets: RetrievalSet[] = [];
  (res.grouped_hits as unknown[]).forEach((g, i) => {
    if (!isObj(g) || !Array.isArray(g.hits)) return;
    const set = readHits({ ...res, hits: g.hits }, [...base, 'grouped_hits', i], ctx);
    const key = Array.isArray(g.group_key) ? g.group_key.filter((k) => typeof k === 'string' || typeof k === 'number').join(', ') : typeof g.group_key === 'string' ? g.group_key : '';
    set.name = key !== '' ? key : `group ${i + 1}`;
    // The query sits at the response, not in the group.
    if (set.query !== undefined) {
      const range = ctx.rangeAt([...base, 'request_params', 'q']);
      if (range) set.querySource = range;
    }
    sets.push(set);
  });
  if (sets.length > 0) {
    ctx.report({ severity: 'info', message: `Read ${sets.length} group${sets.length === 1 ? '' : 's'} of a group_by search as one set each, named by group_key.`, at: [...base, 'grouped_hits'] });
  }
  return sets;
}

function readResponse(res: Obj, base: JsonPath, ctx: JsonContext): RetrievalSet[] {
  return Array.isArray(res.grouped_hits) && !(Array.isArray(res.hits) && res.hits.length > 0) ? readGroups(res, base, ctx) : [readHits(res, base, ctx)];
}

function readHits(res: Obj, base: JsonPath, ctx: JsonContext, bare = false): RetrievalSet {
  const hits = res.hits as unknown[];
  const how = scoreOf(hits);
  const drafts: ChunkDraft[] = [];
  hits.forEach((h, i) => {
    const at = bare ? [i] : [...base, 'hits', i];
    if (!isObj(h) || !isObj(h.document)) return;
    const extra: Obj = {};
    if (how.key !== 'text_match' && typeof h.text_match === 'number') extra.text_match = h.text_match;
    if (how.key !== 'vector_distance' && typeof h.vector_distance === 'number') extra.vector_distance = h.vector_distance;
    const score =
      how.key === 'hybrid'
        ? readScore(isObj(h.hybrid_search_info) ? h.hybrid_search_info.rank_fusion_score : undefined, [...at, 'hybrid_search_info', 'rank_fusion_score'], ctx)
        : readScore(h[how.key], [...at, how.key], ctx);
    const d = docDraft(ctx, {
      rec: h.document,
      recPath: [...at, 'document'],
      itemPath: at,
      id: idOf(h.document.id),
      score,
      scoreKind: how.kind,
      extra,
      drop: (k) => k === 'id',
    });
    if (d) drafts.push(d);
  });
  const params = isObj(res.request_params) ? res.request_params : undefined;
  // q "*" is a vector-only or filter-only search: no text query to take.
  const q = params && isNonEmptyString(params.q) && params.q.trim() !== '*' ? params.q : undefined;
  const collection = params && typeof params.collection_name === 'string' ? params.collection_name : undefined;
  const set = buildSet('typesense-search', drafts, ctx, { query: q, queryPath: q ? [...base, 'request_params', 'q'] : undefined });
  if (collection && base.length > 0) set.name = collection;
  return set;
}

export const typesenseReader: JsonStackReader = {
  id: 'typesense-search',
  label: 'Typesense search response',
  detect: (root) => safe(() => (responses(root) ? (Array.isArray(root) ? 0.88 : 0.93) : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const r = responses(root) ?? [];
    if (Array.isArray(root)) return r.map(({ res }) => readHits(res, [], ctx, true));
    const grouped = r.length === 1 && !Array.isArray(r[0].res.hits);
    return warnIfEmpty(r.flatMap(({ res, base }) => readResponse(res, base, ctx)), ctx, 'Typesense response', r.length === 1 ? [...r[0].base, grouped ? 'grouped_hits' : 'hits'] : ['results']);
  },
};

export const typesenseReaders: JsonStackReader[] = [typesenseReader];
