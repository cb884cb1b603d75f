// Milvus: pymilvus `MilvusClient.search()` results (one list per query vector of
// {id, distance, entity: {...output_fields}}) and the REST v2 `entities/search` response
// ({code: 0, cost, data: [{distance, id, ...output_fields}]}). `distance` is a similarity for
// COSINE/IP/BM25 and a distance for L2/HAMMING/JACCARD: a `metric_type` beside the results decides;
// without one, the order decides (Milvus returns best first), else the kind stays unknown.
import type { RetrievalSet, ScoreKind } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, warnIfEmpty, idOf, isObj, kindFromOrder, metricHint, pickQuery, readScore, recordDraft, safe, share, type ChunkDraft, type Obj } from './kit';

const isHit = (v: unknown): boolean => isObj(v) && idOf(v.id) !== undefined && 'distance' in v;
const isSdkHit = (v: unknown): boolean => isHit(v) && isObj((v as Obj).entity);
const isHitList = (v: unknown, pred = isHit): v is unknown[] => Array.isArray(v) && v.length > 0 && share(v, pred) >= 0.8;

/** The rankings in the file: pymilvus list(s) of hits, or REST `data`. */
function rankings(root: unknown): { list: unknown[]; path: JsonPath; rest: boolean }[] | undefined {
  if (Array.isArray(root) && root.length > 0) {
    if (root.every((x) => isHitList(x, isSdkHit) || (Array.isArray(x) && x.length === 0))) {
      return root.map((x, i) => ({ list: x as unknown[], path: [i], rest: false }));
    }
    if (isHitList(root, isSdkHit)) return [{ list: root, path: [], rest: false }];
    return undefined;
  }
  if (!isObj(root)) return undefined;
  for (const key of ['results', 'result', 'hits']) {
    const v = root[key];
    if (Array.isArray(v) && v.length > 0 && v.every((x) => isHitList(x, isSdkHit) || (Array.isArray(x) && x.length === 0))) {
      return v.map((x, i) => ({ list: x as unknown[], path: [key, i], rest: false }));
    }
    if (isHitList(v, isSdkHit)) return [{ list: v as unknown[], path: [key], rest: false }];
  }
  if ('code' in root && Array.isArray(root.data)) {
    const data = root.data;
    if (data.length > 0 && data.every((x) => isHitList(x))) return data.map((x, i) => ({ list: x as unknown[], path: ['data', i], rest: true }));
    if (data.length === 0 || isHitList(data)) return [{ list: data, path: ['data'], rest: true }];
  }
  return undefined;
}

function readHits(list: unknown[], base: JsonPath, rest: boolean, ctx: JsonContext): ChunkDraft[] {
  const drafts: ChunkDraft[] = [];
  list.forEach((h, i) => {
    const at = [...base, i];
    if (!isObj(h)) return;
    const rec = rest ? h : isObj(h.entity) ? h.entity : {};
    const recPath = rest ? at : [...at, 'entity'];
    const d = recordDraft(ctx, {
      rec,
      recPath,
      itemPath: at,
      id: idOf(h.id),
      score: readScore(h.distance, [...at, 'distance'], ctx),
      scoreKind: 'unknown',
      dropKeys: rest ? ['id', 'distance'] : [],
    });
    if (d) drafts.push(d);
  });
  return drafts;
}

export const milvusReader: JsonStackReader = {
  id: 'milvus-search',
  label: 'Milvus search results',
  detect: (root) =>
    safe(() => {
      const r = rankings(root);
      if (!r) return 0;
      return r[0].rest ? 0.85 : 0.88;
    }, 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    if (isObj(root) && typeof root.code === 'number' && root.code !== 0) {
      ctx.report({
        severity: 'error',
        message: `Milvus returned error code ${root.code}${typeof root.message === 'string' ? `: ${root.message}` : ''}.`,
        at: ['code'],
      });
      return [];
    }
    const r = rankings(root) ?? [];
    const wrapper = isObj(root) ? root : {};
    const hint = metricHint(wrapper);
    const q = pickQuery(wrapper);
    const sets = r.map(({ list, path, rest }) => {
      const drafts = readHits(list, path, rest, ctx);
      const kind: ScoreKind = hint ?? kindFromOrder(drafts.map((d) => d.score));
      if (!hint) {
        ctx.report({
          severity: 'info',
          message:
            kind === 'unknown'
              ? `Milvus "distance" at ${ctx.describe(path)} is a similarity for COSINE/IP but a distance for L2; no metric_type says which, so its meaning is unknown.`
              : `No metric_type beside the Milvus results at ${ctx.describe(path)}; the order says the scores are ${kind === 'distance' ? 'distances (L2-like, rising)' : 'similarities (COSINE/IP-like, falling)'}.`,
          hint: 'Add "metric_type": "COSINE" (or IP, L2) beside the results to state it.',
          at: path,
        });
      }
      for (const d of drafts) d.scoreKind = d.score === undefined ? 'unknown' : kind;
      return buildSet('milvus-search', drafts, ctx, {
        query: q?.value,
        queryPath: q ? [q.key] : undefined,
        queryId: r.length > 1 ? String(path[path.length - 1]) : undefined,
      });
    });
    return warnIfEmpty(sets, ctx, 'Milvus search result', r[0]?.path ?? []);
  },
};

export const milvusReaders: JsonStackReader[] = [milvusReader];
