// Redis vector search. RedisVL's `index.query(VectorQuery | HybridQuery | TextQuery)` returns a list of
// dicts: `id` (the key), the return fields, and `vector_distance` (a string: Redis replies with strings;
// cosine/L2/IP distance, lower is better), `hybrid_score` / `vector_similarity` (higher is better) or
// `score` (text). redis-py's RESP3 FT.SEARCH reply as JSON is {total_results, results: [{id,
// extra_attributes: {<fields>, __<vector field>_score}}]}; that KNN score is a distance too.
import type { RetrievalSet, ScoreKind } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, idOf, isObj, readScore, safe, share, warnIfEmpty, type ChunkDraft, type Obj } from './kit';
import { docDraft } from './kit/docs';

const SCORE_KEYS: { key: string; kind: ScoreKind }[] = [
  { key: 'hybrid_score', kind: 'similarity' },
  { key: 'vector_distance', kind: 'distance' },
  { key: 'vector_similarity', kind: 'similarity' },
];

const isRedisVlRow = (v: unknown): boolean => isObj(v) && idOf(v.id) !== undefined && SCORE_KEYS.some(({ key }) => key in v);
const isFtResult = (v: unknown): boolean => isObj(v) && idOf(v.id) !== undefined && isObj(v.extra_attributes);

function ftResults(root: unknown): unknown[] | undefined {
  return isObj(root) && 'total_results' in root && Array.isArray(root.results) && (root.results.length === 0 || share(root.results, isFtResult) >= 0.8) ? root.results : undefined;
}

/** The score of a row: RedisVL's named fields, or FT.SEARCH's `__<field>_score` KNN alias, or `score`. */
function scoreKey(rec: Obj): { key: string; kind: ScoreKind } | undefined {
  const named = SCORE_KEYS.find(({ key }) => rec[key] !== undefined && rec[key] !== null);
  if (named) return named;
  const alias = Object.keys(rec).find((k) => /^__.+_score$/.test(k));
  if (alias) return { key: alias, kind: 'distance' };
  return rec.score !== undefined ? { key: 'score', kind: 'similarity' } : undefined;
}

function readRows(list: unknown[], base: JsonPath, ctx: JsonContext, inner?: string): ChunkDraft[] {
  const drafts: ChunkDraft[] = [];
  list.forEach((row, i) => {
    const at = [...base, i];
    if (!isObj(row)) return;
    const rec = inner && isObj(row[inner]) ? (row[inner] as Obj) : row;
    const recPath = inner ? [...at, inner] : at;
    const s = scoreKey(rec);
    const d = docDraft(ctx, {
      rec,
      recPath,
      itemPath: at,
      id: idOf(row.id),
      // Redis answers every field as a string, scores included: that is its documented form.
      score: s ? readScore(rec[s.key], [...recPath, s.key], ctx, { stringsAreNormal: true }) : undefined,
      scoreKind: s?.kind ?? 'unknown',
      drop: (k) => k === 'id' || k === s?.key || k === 'payload',
    });
    if (d) drafts.push(d);
  });
  return drafts;
}

export const redisReader: JsonStackReader = {
  id: 'redis-vector-search',
  label: 'Redis vector search results (RedisVL, FT.SEARCH)',
  detect: (root) =>
    safe(() => {
      if (Array.isArray(root)) return root.length > 0 && share(root, isRedisVlRow) >= 0.8 ? 0.82 : 0;
      return ftResults(root) ? 0.88 : 0;
    }, 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    if (Array.isArray(root)) return [buildSet('redis-vector-search', readRows(root, [], ctx), ctx)];
    const list = ftResults(root);
    if (!list) return [];
    return warnIfEmpty([buildSet('redis-vector-search', readRows(list, ['results'], ctx, 'extra_attributes'), ctx)], ctx, 'FT.SEARCH reply', ['results']);
  },
};

export const redisReaders: JsonStackReader[] = [redisReader];
