// Meilisearch `/indexes/{i}/search` ({hits, query, processingTimeMs, limit, offset,
// estimatedTotalHits | totalHits, semanticHitCount}) and `/multi-search` ({results: [{indexUid, ...}]}).
// `_rankingScore` (showRankingScore=true) is 0..1, higher is better; `_formatted`,
// `_matchesPosition`, `_rankingScoreDetails` and `_vectors` are bookkeeping, not metadata.
// Marqo answers a similar {hits, query, limit, offset, processingTimeMs} whose hits carry `_id`,
// `_score` (higher is better) and `_highlights`.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, idOf, isNonEmptyString, isObj, pickId, readScore, safe, share, warnIfEmpty, type ChunkDraft, type Obj } from './kit';
import { docDraft } from './kit/docs';

const MEILI_MARKERS = ['processingTimeMs', 'estimatedTotalHits', 'totalHits', 'hitsPerPage'];

const isMarqoHit = (v: unknown): boolean => isObj(v) && idOf(v._id) !== undefined && '_score' in v && ('_highlights' in v || !('_source' in v || '_index' in v));

const isRankedHit = (v: unknown): boolean => isObj(v) && ('_rankingScore' in v || isObj(v._federation) || '_formatted' in v || '_matchesPosition' in v);

function isMeiliResponse(v: unknown): v is Obj {
  if (!isObj(v) || !Array.isArray(v.hits)) return false;
  if (v.hits.length > 0 && share(v.hits, isMarqoHit) >= 0.8) return false;
  // Algolia answers {hits: [{objectID, ...}], hitsPerPage, processingTimeMS}: its own reader's.
  if ('nbHits' in v || 'processingTimeMS' in v || (v.hits.length > 0 && share(v.hits, (h) => isObj(h) && 'objectID' in h) >= 0.8)) return false;
  // The envelope's bookkeeping says Meilisearch; without it, hits carrying Meilisearch's own fields do.
  if (MEILI_MARKERS.some((k) => k in v)) return v.hits.length === 0 || share(v.hits, isObj) >= 0.8;
  return v.hits.length > 0 && share(v.hits, isRankedHit) >= 0.8;
}
function isMarqoResponse(v: unknown): v is Obj {
  return isObj(v) && Array.isArray(v.hits) && v.hits.length > 0 && share(v.hits, isMarqoHit) >= 0.8 && ('processingTimeMs' in v || 'limit' in v || 'query' in v);
}

function responses(root: unknown, is: (v: unknown) => v is Obj): { res: Obj; base: JsonPath }[] | undefined {
  if (is(root)) return [{ res: root, base: [] }];
  // response["hits"] saved on its own: a bare list of hits.
  if (Array.isArray(root) && root.length > 0 && is({ hits: root, processingTimeMs: 0 }) && share(root, (h) => isRankedHit(h) || isMarqoHit(h)) >= 0.8) {
    return [{ res: { hits: root }, base: [] }];
  }
  if (isObj(root) && Array.isArray(root.results) && root.results.length > 0 && root.results.every(is)) {
    return root.results.map((res, i) => ({ res: res as Obj, base: ['results', i] }));
  }
  return undefined;
}

const MEILI_DROP = new Set(['_formatted', '_matchesPosition', '_rankingScore', '_rankingScoreDetails', '_vectors', '_semanticScore', '_geoDistance', '_federation']);

function readResponse(format: string, res: Obj, base: JsonPath, ctx: JsonContext, marqo: boolean, bare = false): RetrievalSet {
  const drafts: ChunkDraft[] = [];
  (res.hits as unknown[]).forEach((h, i) => {
    const at = bare ? [i] : [...base, 'hits', i];
    if (!isObj(h)) return;
    const id = marqo ? { key: '_id', value: idOf(h._id)! } : pickId(h);
    const scoreKey = marqo ? '_score' : '_rankingScore';
    const extra: Obj = {};
    // Federated multi-search without showRankingScore: the federation's weighted score gives the order.
    const fed = !marqo && h._rankingScore === undefined && isObj(h._federation) && typeof h._federation.weightedRankingScore === 'number';
    if (!marqo && isObj(h._federation) && typeof h._federation.indexUid === 'string') extra.indexUid = h._federation.indexUid;
    if (marqo && Array.isArray(h._highlights)) extra.highlights = h._highlights;
    const d = docDraft(ctx, {
      rec: h,
      recPath: at,
      itemPath: at,
      id: id?.value,
      score: fed ? readScore((h._federation as Obj).weightedRankingScore, [...at, '_federation', 'weightedRankingScore'], ctx) : readScore(h[scoreKey], [...at, scoreKey], ctx),
      scoreKind: 'similarity',
      extra,
      drop: (k) => k === id?.key || k === scoreKey || MEILI_DROP.has(k) || k === '_highlights' || k === '_tensor_facets',
    });
    if (d) drafts.push(d);
  });
  const q = isNonEmptyString(res.query) ? res.query : undefined;
  const set = buildSet(format, drafts, ctx, { query: q, queryPath: q ? [...base, 'query'] : undefined });
  if (base.length > 0 && typeof res.indexUid === 'string') set.name = res.indexUid;
  return set;
}

export const meilisearchReader: JsonStackReader = {
  id: 'meilisearch-search',
  label: 'Meilisearch search response',
  detect: (root) => safe(() => (responses(root, isMeiliResponse) ? (Array.isArray(root) ? 0.85 : 0.9) : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const r = responses(root, isMeiliResponse) ?? [];
    const sets = r.map(({ res, base }) => readResponse('meilisearch-search', res, base, ctx, false, Array.isArray(root)));
    if (sets.length > 0 && sets.every((s) => s.chunks.length > 0 && s.chunks.every((c) => c.retrieverScore === undefined))) {
      ctx.report({ severity: 'info', message: 'The hits carry no _rankingScore; search with showRankingScore: true to see Meilisearch\'s scores.', at: r.length === 1 ? [...r[0].base, 'hits'] : ['results'] });
    }
    return warnIfEmpty(sets, ctx, 'Meilisearch response', r.length === 1 ? [...r[0].base, 'hits'] : ['results']);
  },
};

export const marqoReader: JsonStackReader = {
  id: 'marqo-search',
  label: 'Marqo search response',
  detect: (root) => safe(() => (responses(root, isMarqoResponse) ? (Array.isArray(root) ? 0.85 : 0.9) : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const r = responses(root, isMarqoResponse) ?? [];
    return r.map(({ res, base }) => readResponse('marqo-search', res, base, ctx, true, Array.isArray(root)));
  },
};

export const meilisearchReaders: JsonStackReader[] = [meilisearchReader, marqoReader];
