// Reading retriever scores and deciding what they mean (similarity, distance or unknown): numeric
// parsing with path-named warnings, metric names, and the best-first order of a result list.
import type { ScoreKind } from '../../../types';
import type { JsonContext, JsonPath } from '../../readerContract';
import type { ChunkDraft } from './chunkDraft';
import { describeValue, DISTANCE_FIELDS, isObj, SIMILARITY_FIELDS, type Obj } from './fields';

/**
 * Reads a score value. Numbers pass; null/undefined mean "no score". Numeric strings are accepted
 * (silently when the stack documents string scores, like Weaviate hybrid search, else with a warning);
 * anything else is reported as a warning and ignored.
 */
export function readScore(
  v: unknown,
  at: JsonPath,
  ctx: JsonContext,
  opts: { stringsAreNormal?: boolean } = {},
): number | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return v;
    ctx.report({ severity: 'warning', message: `Score at ${ctx.describe(at)} is not a finite number; ignored.`, at });
    return undefined;
  }
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) {
    if (!opts.stringsAreNormal) {
      ctx.report({
        severity: 'warning',
        message: `Score at ${ctx.describe(at)} is a string ("${v}"); read it as the number ${Number(v)}.`,
        hint: 'Write scores as JSON numbers.',
        at,
      });
    }
    return Number(v);
  }
  ctx.report({
    severity: 'warning',
    message: `Score at ${ctx.describe(at)} is not a number (${describeValue(v)}); the chunk is kept without a score.`,
    hint: 'Scores must be JSON numbers.',
    at,
  });
  return undefined;
}


/** Finds a similarity- or distance-named score field and reads it. */
export function pickScore(
  obj: Obj,
  base: JsonPath,
  ctx: JsonContext,
): { key: string; score?: number; kind: ScoreKind } | undefined {
  for (const key of SIMILARITY_FIELDS) {
    if (key in obj && obj[key] !== null) return { key, score: readScore(obj[key], [...base, key], ctx), kind: 'similarity' };
  }
  for (const key of DISTANCE_FIELDS) {
    if (key in obj && obj[key] !== null) return { key, score: readScore(obj[key], [...base, key], ctx), kind: 'distance' };
  }
  return undefined;
}


/**
 * Retrieval results come best first. When the score kind is not documented (LangChain `_with_score`,
 * Milvus without a metric), the order tells: scores falling along the list are similarities, rising
 * ones distances. Flat or mixed orders say nothing.
 */
export function kindFromOrder(scores: (number | undefined)[]): ScoreKind {
  const s = scores.filter((x): x is number => x !== undefined);
  if (s.length < 2) return 'unknown';
  let up = 0;
  let down = 0;
  for (let i = 1; i < s.length; i++) {
    if (s[i] > s[i - 1]) up++;
    else if (s[i] < s[i - 1]) down++;
  }
  if (up > 0 && down === 0) return 'distance';
  if (down > 0 && up === 0) return 'similarity';
  return 'unknown';
}

/** Metric names as vector databases spell them -> what the returned score means. */
export function kindFromMetric(metric: unknown): ScoreKind | undefined {
  if (typeof metric !== 'string') return undefined;
  const m = metric.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (['cosine', 'ip', 'innerproduct', 'dot', 'dotproduct', 'maxinnerproduct', 'bm25', 'similarity', 'relevance'].includes(m)) {
    return 'similarity';
  }
  if (['l2', 'euclid', 'euclidean', 'euclideandistance', 'hamming', 'jaccard', 'manhattan', 'distance', 'l1'].includes(m)) {
    return 'distance';
  }
  return undefined;
}

/** Looks for a metric hint on a wrapper object: `metric_type`, `metric`, `distance_strategy`, `score_kind`. */
export function metricHint(obj: Obj): ScoreKind | undefined {
  for (const key of ['score_kind', 'scoreKind', 'metric_type', 'metricType', 'metric', 'distance_strategy', 'distance', 'space']) {
    const k = kindFromMetric(obj[key]);
    if (k) return k;
  }
  for (const key of ['search_params', 'searchParams', 'param', 'params']) {
    const inner = obj[key];
    if (isObj(inner)) {
      const k = metricHint(inner);
      if (k) return k;
    }
  }
  return undefined;
}


/**
 * For stacks whose scores are similarities for the common metrics but distances for some (Qdrant with
 * Euclid, Haystack stores that pass distances through): results come best first, so scores rising down
 * the list are distances. Sets the kind on every scored draft and says so when it departs from the default.
 */
export function settleKind(drafts: ChunkDraft[], ctx: JsonContext, at: JsonPath, fallback: ScoreKind = 'similarity'): void {
  let kind = fallback;
  if (kindFromOrder(drafts.map((d) => d.score)) === 'distance' && fallback === 'similarity') {
    kind = 'distance';
    ctx.report({
      severity: 'info',
      message: `Scores at ${ctx.describe(at)} rise down the list, so they are read as distances (lower is better).`,
      at,
    });
  }
  for (const d of drafts) d.scoreKind = d.score === undefined ? 'unknown' : kind;
}
