// Per-scorer ranking quality over the labelled sets (trec_eval's measures from core/metrics.ts) and
// a paired bootstrap interval for the difference between two scorers. Pure (seeded resampling).
import { mean, ndcgAtK, recallAtK, reciprocalRank, type Qrels } from '../metrics';
import { ranksOf } from './agreement';

export interface SetRanking {
  /** Chunk ids in input order. */
  ids: readonly string[];
  /** Scores by input position (NaN = not scored: ranked last). */
  scores: readonly number[];
  qrels: Qrels;
}

export interface PerSetMetrics {
  ndcg: number[];
  mrr: number[];
  recall: number[];
}

export interface MetricSummary {
  ndcg: number;
  mrr: number;
  recall: number;
  k: number;
  sets: number;
  perSet: PerSetMetrics;
}

/** The ids in the order a scorer ranks them (score descending, ties in input order). */
export function rankedIds(ids: readonly string[], scores: readonly number[]): string[] {
  const ranks = ranksOf(scores);
  const out = new Array<string>(ids.length);
  ranks.forEach((r, i) => (out[r - 1] = ids[i]));
  return out;
}

/** nDCG@k, MRR (no cut-off, like trec_eval's recip_rank) and recall@k, averaged over the labelled sets. */
export function scorerMetrics(sets: readonly SetRanking[], k: number): MetricSummary {
  const perSet: PerSetMetrics = { ndcg: [], mrr: [], recall: [] };
  for (const s of sets) {
    const ranking = rankedIds(s.ids, s.scores);
    perSet.ndcg.push(ndcgAtK(ranking, s.qrels, k));
    perSet.mrr.push(reciprocalRank(ranking, s.qrels));
    perSet.recall.push(recallAtK(ranking, s.qrels, k));
  }
  return { ndcg: mean(perSet.ndcg), mrr: mean(perSet.mrr), recall: mean(perSet.recall), k, sets: sets.length, perSet };
}

export interface DiffInterval {
  /** Mean of x - y. */
  diff: number;
  /** 95% percentile interval of the mean difference over resampled query sets. */
  low: number;
  high: number;
}

/** mulberry32: a small seeded PRNG so an interval is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Paired bootstrap over query sets of mean(x) - mean(y). NaN bounds with fewer than 2 sets. */
export function pairedBootstrap(x: readonly number[], y: readonly number[], opts: { resamples?: number; seed?: number } = {}): DiffInterval {
  const n = Math.min(x.length, y.length);
  const d = Array.from({ length: n }, (_, i) => x[i] - y[i]);
  const diff = mean(d);
  if (n < 2) return { diff, low: NaN, high: NaN };
  const rand = prng(opts.seed ?? 1);
  const B = opts.resamples ?? 2000;
  const means = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += d[Math.floor(rand() * n)];
    means[b] = s / n;
  }
  means.sort();
  return { diff, low: means[Math.floor(0.025 * (B - 1))], high: means[Math.ceil(0.975 * (B - 1))] };
}
