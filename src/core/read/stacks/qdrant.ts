// Qdrant: REST `points/search` ({result: [ScoredPoint], status, time}), `search/batch`
// ({result: [[...], [...]]}), `points/query` ({result: {points: [...]}}), `query/batch`
// ({result: [{points}, ...]}), and the Python client's ScoredPoint lists
// ([{id, version, score, payload, vector, shard_key, order_value}]). Scores are similarities for
// Cosine/Dot; for Euclid/Manhattan collections Qdrant returns the distance, best (lowest) first, so a
// rising list is read as distances.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, warnIfEmpty, idOf, isObj, kindFromMetric, pickQuery, readScore, recordDraft, safe, settleKind, share, type ChunkDraft, type Obj } from './kit';

function isScoredPoint(v: unknown): boolean {
  return isObj(v) && idOf(v.id) !== undefined && 'score' in v && (isObj(v.payload) || v.payload === null) && ('version' in v || 'shard_key' in v || 'order_value' in v || isObj(v.payload));
}
const isPointList = (v: unknown): v is unknown[] => Array.isArray(v) && v.length > 0 && share(v, isScoredPoint) >= 0.8;
const isPointsObj = (v: unknown): v is Obj => isObj(v) && Array.isArray(v.points) && (v.points.length === 0 || isPointList(v.points));

/** Each ranking in the file with its path: one for search/query, several for the batch endpoints. */
function rankings(root: unknown): { list: unknown[]; path: JsonPath }[] | undefined {
  if (isPointList(root)) return [{ list: root, path: [] }];
  if (isPointsObj(root)) return [{ list: root.points as unknown[], path: ['points'] }];
  if (!isObj(root)) return undefined;
  const r = root.result;
  // An empty search result is still a Qdrant response when the envelope says so.
  if (Array.isArray(r) && r.length === 0 && ('status' in root || 'time' in root)) return [{ list: [], path: ['result'] }];
  if (isObj(r) && Array.isArray(r.points) && r.points.length === 0 && ('status' in root || 'time' in root)) return [{ list: [], path: ['result', 'points'] }];
  if (isPointList(r)) return [{ list: r, path: ['result'] }];
  if (isPointsObj(r)) return [{ list: r.points as unknown[], path: ['result', 'points'] }];
  if (Array.isArray(r) && r.length > 0 && r.every((x) => isPointList(x) || (Array.isArray(x) && x.length === 0))) {
    return r.map((x, i) => ({ list: x as unknown[], path: ['result', i] }));
  }
  if (Array.isArray(r) && r.length > 0 && r.every(isPointsObj)) {
    return r.map((x, i) => ({ list: (x as Obj).points as unknown[], path: ['result', i, 'points'] }));
  }
  return undefined;
}

function readPoints(list: unknown[], base: JsonPath, ctx: JsonContext, metric: ReturnType<typeof kindFromMetric>): ChunkDraft[] {
  const drafts: ChunkDraft[] = [];
  list.forEach((p, i) => {
    const at = [...base, i];
    if (!isObj(p)) return;
    if (!isObj(p.payload)) {
      ctx.report({ severity: 'warning', message: `Qdrant point at ${ctx.describe(at)} has no payload, so no text; skipped.`, hint: 'Search with with_payload=true.', at });
      return;
    }
    const extra: Obj = {};
    if (p.version !== undefined) extra.version = p.version;
    if (p.shard_key !== undefined && p.shard_key !== null) extra.shard_key = p.shard_key;
    const d = recordDraft(ctx, {
      rec: p.payload,
      recPath: [...at, 'payload'],
      itemPath: at,
      id: idOf(p.id),
      score: readScore(p.score, [...at, 'score'], ctx),
      scoreKind: 'similarity',
      extra,
    });
    if (d) drafts.push(d);
  });
  if (metric) for (const d of drafts) d.scoreKind = d.score === undefined ? 'unknown' : metric;
  else settleKind(drafts, ctx, base);
  return drafts;
}

/** Qdrant answers errors as {status: {error: "..."}, time}. */
function qdrantError(root: unknown): string | undefined {
  return isObj(root) && isObj(root.status) && typeof root.status.error === 'string' && 'time' in root ? root.status.error : undefined;
}

export const qdrantReader: JsonStackReader = {
  id: 'qdrant-search',
  label: 'Qdrant search / query_points response',
  detect: (root) =>
    safe(() => {
      const r = rankings(root);
      if (!r) return qdrantError(root) !== undefined ? 0.7 : 0;
      // A bare list of {id, score, payload} is less certain than the REST envelope.
      return isObj(root) && ('status' in root || 'time' in root || 'result' in root) ? 0.92 : 0.8;
    }, 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const failed = qdrantError(root);
    if (failed !== undefined) {
      ctx.report({ severity: 'error', message: `Qdrant returned an error instead of points: ${failed}`, hint: 'Fix the request and save the response again.', at: ['status', 'error'] });
      return [];
    }
    const r = rankings(root) ?? [];
    const wrapper = isObj(root) ? root : {};
    const q = pickQuery(wrapper);
    const metric = kindFromMetric(wrapper.distance) ?? kindFromMetric(wrapper.metric);
    const sets = r.map(({ list, path }) =>
      buildSet('qdrant-search', readPoints(list, path, ctx, metric), ctx, {
        query: q?.value,
        queryPath: q ? [q.key] : undefined,
        queryId: r.length > 1 ? String(path[1]) : undefined,
      }),
    );
    return warnIfEmpty(sets, ctx, 'Qdrant response', ['result']);
  },
};

export const qdrantReaders: JsonStackReader[] = [qdrantReader];
