// Per-scorer ranking quality over the labelled sets (trec_eval's measures from core/metrics.ts) and
// a paired bootstrap interval for the difference between two scorers (core/eval's). Pure (seeded).
import { bootstrapMean } from '../eval/bootstrap';
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

/** Paired bootstrap over query sets of mean(x) - mean(y) (core/eval's seeded bootstrapMean of the
 *  per-set differences, so the lab and compare give the same interval). NaN bounds below 2 sets. */
export function pairedBootstrap(x: readonly number[], y: readonly number[], opts: { resamples?: number; seed?: number } = {}): DiffInterval {
  const n = Math.min(x.length, y.length);
  const d = Array.from({ length: n }, (_, i) => x[i] - y[i]);
  const b = bootstrapMean(d, opts);
  return { diff: mean(d), low: b ? b.low : NaN, high: b ? b.high : NaN };
}
