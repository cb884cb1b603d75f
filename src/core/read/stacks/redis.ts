// Redis vector search. RedisVL's `index.query(VectorQuery | HybridQuery | TextQuery)` returns a list of
// dicts: `id` (the key), the return fields, and `vector_distance` (a string: Redis replies with strings;
// cosine/L2/IP distance, lower is better), `hybrid_score` / `vector_similarity` (higher is better) or
// `score` (text). redis-py's RESP3 FT.SEARCH reply as JSON is {total_results, results: [{id,
// extra_attributes: {<fields>, __<vector field>_score}}]}; that KNN score is a distance too. The raw
// RESP2 reply (redis-cli --json, node-redis sendCommand, redis-py execute_command) is a flat array:
// [total, key, [field, value, field, value, ...], key, [...]] (WITHSCORES puts a score string after
// each key).
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

const isFieldList = (v: unknown): v is string[] => Array.isArray(v) && v.length % 2 === 0 && v.every((x) => typeof x === 'string');

/** The RESP2 FT.SEARCH reply as records {id, extra_attributes: {...fields}, score?}, or undefined. */
function resp2Rows(root: unknown): { rows: Obj[]; paths: JsonPath[]; withScores: boolean } | undefined {
  if (!Array.isArray(root) || root.length < 3 || typeof root[0] !== 'number' || !Number.isInteger(root[0])) return undefined;
  const withScores = typeof root[2] === 'string' && Number.isFinite(Number(root[2])) && isFieldList(root[3]);
  const step = withScores ? 3 : 2;
  if ((root.length - 1) % step !== 0) return undefined;
  const rows: Obj[] = [];
  const paths: JsonPath[] = [];
  for (let i = 1; i < root.length; i += step) {
    const key = root[i];
    const fields = root[i + step - 1];
    if (typeof key !== 'string' || !isFieldList(fields)) return undefined;
    const attrs: Obj = {};
    for (let k = 0; k < fields.length; k += 2) attrs[fields[k]] = fields[k + 1];
    const row: Obj = { id: key, extra_attributes: attrs };
    if (withScores) row.score = root[i + 1];
    rows.push(row);
    paths.push([i + step - 1]);
  }
  return rows.length > 0 ? { rows, paths, withScores } : undefined;
}

function ftResults(root: unknown): unknown[] | undefined {
  return isObj(root) && 'total_results' in root && Array.isArray(root.results) && (root.results.length === 0 || share(root.results, isFtResult) >= 0.8) ? root.results : undefined;
}

/** The score of a row: RedisVL's named fields, or FT.SEARCH's `__<field>_score` KNN alias, or `score`. */
function scoreKey(rec: Obj): { key: string; kind: ScoreKind } | undefined {
  const named = SCORE_KEYS.find(({ key }) => rec[key] !== undefined && rec[key] !== null);
  if (named) return named;
  const alias = Object.keys(rec).find((k) => /^__.+_score$/.test(k));
  if (alias) return { key: alias, kind: 'distance' };
  // The KNN alias of the redis.io examples (`KNN 3 @embedding $vec AS vector_score`): a distance too.
  const knn = Object.keys(rec).find((k) => /^(vector|knn|embedding|vec)_?(score|distance|dist)$|dist/i.test(k) && Number.isFinite(Number(rec[k])));
  if (knn) return { key: knn, kind: 'distance' };
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

/** RESP2 rows: each field list is [name, value, ...]; a field's path is its value's index. */
function readResp2(rows: Obj[], paths: JsonPath[], withScores: boolean, ctx: JsonContext): ChunkDraft[] {
  const drafts: ChunkDraft[] = [];
  rows.forEach((row, i) => {
    const rec = row.extra_attributes as Obj;
    const names = Object.keys(rec);
    const s = scoreKey(rec) ?? (withScores ? { key: '', kind: 'similarity' as ScoreKind } : undefined);
    const fieldPath = (k: string): JsonPath => [...paths[i], names.indexOf(k) * 2 + 1];
    const raw = s?.key === '' ? row.score : s ? rec[s.key] : undefined;
    // A Proxy-free locator: field k of row i sits at [listIndex, 2 * position + 1].
    const d = docDraft(ctx, {
      rec,
      recPath: paths[i],
      itemPath: paths[i],
      id: idOf(row.id),
      score: s ? readScore(raw, s.key === '' ? [paths[i][0] as number - 1] : fieldPath(s.key), ctx, { stringsAreNormal: true }) : undefined,
      scoreKind: s?.kind ?? 'unknown',
      drop: (k) => k === 'id' || k === s?.key || k === 'payload',
    });
    if (d) {
      const textKey = names.find((k) => rec[k] === d.text);
      if (textKey !== undefined) d.textPath = fieldPath(textKey);
      drafts.push(d);
    }
  });
  return drafts;
}

export const redisReader: JsonStackReader = {
  id: 'redis-vector-search',
  label: 'Redis vector search results (RedisVL, FT.SEARCH)',
  detect: (root) =>
    safe(() => {
      if (resp2Rows(root)) return 0.86;
      if (Array.isArray(root)) return root.length > 0 && share(root, isRedisVlRow) >= 0.8 ? 0.82 : 0;
      return ftResults(root) ? 0.88 : 0;
    }, 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const resp2 = resp2Rows(root);
    if (resp2) {
      const drafts = readResp2(resp2.rows, resp2.paths, resp2.withScores, ctx);
      ctx.report({ severity: 'info', message: `Read a raw FT.SEARCH reply (RESP2: total ${(root as unknown[])[0]}, then key and field list pairs): ${drafts.length} document${drafts.length === 1 ? '' : 's'}.` });
      return [buildSet('redis-vector-search', drafts, ctx)];
    }
    if (Array.isArray(root)) return [buildSet('redis-vector-search', readRows(root, [], ctx), ctx)];
    const list = ftResults(root);
    if (!list) return [];
    return warnIfEmpty([buildSet('redis-vector-search', readRows(list, ['results'], ctx, 'extra_attributes'), ctx)], ctx, 'FT.SEARCH reply', ['results']);
  },
};

export const redisReaders: JsonStackReader[] = [redisReader];
