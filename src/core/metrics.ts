// Ranking quality against relevance judgments, computed the way trec_eval computes them (checked against
// trec_eval's own test outputs in test/fixtures/trec-eval). Pure.
//
// Conventions (trec_eval's):
// - A judgment of `relevanceLevel` (default 1) or more is relevant; anything lower, including -1, is not.
// - nDCG uses the judgment itself as the gain (linear, negatives count 0) and a log2(rank + 1) discount;
//   the ideal ranking is built from every judged document with a positive judgment, retrieved or not.
// - Reciprocal rank has no cut-off unless one is asked for (MRR@10 is not a trec_eval measure).
// - A document retrieved twice counts once, at its first position. Unjudged documents are not relevant.
// - P@k divides by k even when fewer than k documents were retrieved; AP divides by every relevant judged
//   document (retrieved or not), as trec_eval's P_k and map do.
//
// The panel's per-set diff view and the threshold lab's aggregates (src/core/eval/) both call
// `measureAll` / the functions below, so a per-query number and the mean it feeds never disagree.

/** Document id -> graded judgment. */
export type Qrels = Readonly<Record<string, number>>;

export interface RelevanceOptions {
  /** Minimum judgment that counts as relevant (trec_eval's -l). Default 1. */
  relevanceLevel?: number;
}

function dedupe(ranking: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of ranking) {
    if (!seen.has(id)) {
      seen.add(id);
      out.push(id);
    }
  }
  return out;
}

const judgment = (qrels: Qrels, id: string): number => (Object.prototype.hasOwnProperty.call(qrels, id) ? qrels[id] : 0);

function relevantCount(qrels: Qrels, level: number): number {
  let n = 0;
  for (const id of Object.keys(qrels)) if (qrels[id] >= level) n++;
  return n;
}

/** trec_eval's ndcg_cut_k. 0 when nothing is judged relevant. */
export function ndcgAtK(ranking: readonly string[], qrels: Qrels, k: number): number {
  const docs = dedupe(ranking).slice(0, Math.max(0, k));
  let dcg = 0;
  docs.forEach((id, i) => {
    const gain = Math.max(0, judgment(qrels, id));
    if (gain > 0) dcg += gain / Math.log2(i + 2);
  });
  const ideal = Object.values(qrels)
    .filter((g) => g > 0)
    .sort((a, b) => b - a)
    .slice(0, Math.max(0, k));
  let idcg = 0;
  ideal.forEach((g, i) => (idcg += g / Math.log2(i + 2)));
  return idcg > 0 ? dcg / idcg : 0;
}

/** trec_eval's recip_rank: 1 / rank of the first relevant document, 0 if none (or none within `cutoff`). */
export function reciprocalRank(ranking: readonly string[], qrels: Qrels, opts: RelevanceOptions & { cutoff?: number } = {}): number {
  const level = opts.relevanceLevel ?? 1;
  const docs = dedupe(ranking);
  const limit = opts.cutoff === undefined ? docs.length : Math.min(docs.length, Math.max(0, opts.cutoff));
  for (let i = 0; i < limit; i++) if (judgment(qrels, docs[i]) >= level) return 1 / (i + 1);
  return 0;
}

/** trec_eval's recall_k: relevant documents in the top k / all relevant documents (0 when none). */
export function recallAtK(ranking: readonly string[], qrels: Qrels, k: number, opts: RelevanceOptions = {}): number {
  const level = opts.relevanceLevel ?? 1;
  const total = relevantCount(qrels, level);
  if (total === 0) return 0;
  const found = dedupe(ranking)
    .slice(0, Math.max(0, k))
    .filter((id) => judgment(qrels, id) >= level).length;
  return found / total;
}

/**
 * The order trec_eval evaluates a run in: it ignores the rank column and sorts by score descending,
 * ties broken by document id descending (byte order).
 */
export function trecEvalOrder(run: readonly { id: string; score: number }[]): string[] {
  return [...run]
    .sort((a, b) => b.score - a.score || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((r) => r.id);
}

/** trec_eval's P_k: relevant documents in the top k / k. */
export function precisionAtK(ranking: readonly string[], qrels: Qrels, k: number, opts: RelevanceOptions = {}): number {
  const level = opts.relevanceLevel ?? 1;
  if (k <= 0) return 0;
  const found = dedupe(ranking)
    .slice(0, k)
    .filter((id) => judgment(qrels, id) >= level).length;
  return found / k;
}

/** trec_eval's map for one query (average precision): mean of precision at each relevant retrieved
 *  document, over every relevant judged document. 0 when nothing is judged relevant. */
export function averagePrecision(ranking: readonly string[], qrels: Qrels, opts: RelevanceOptions = {}): number {
  const level = opts.relevanceLevel ?? 1;
  const total = relevantCount(qrels, level);
  if (total === 0) return 0;
  let found = 0;
  let sum = 0;
  dedupe(ranking).forEach((id, i) => {
    if (judgment(qrels, id) >= level) {
      found++;
      sum += found / (i + 1);
    }
  });
  return sum / total;
}

/** The measures the threshold lab reports, in display order. `mrr@10` is reciprocal rank cut at 10
 *  (trec_eval's recip_rank has no cut-off: a first relevant document at rank 11 or lower gives 0 here). */
export const MEASURES = ['ndcg@1', 'ndcg@3', 'ndcg@5', 'ndcg@10', 'mrr@10', 'map', 'recall@10', 'recall@100', 'p@1', 'p@5', 'p@10'] as const;
export type MeasureName = (typeof MEASURES)[number];
export type MeasureValues = Record<MeasureName, number>;

/** Every measure of MEASURES for one ranked list (already in evaluation order, see trecEvalOrder). */
export function measureAll(ranking: readonly string[], qrels: Qrels, opts: RelevanceOptions = {}): MeasureValues {
  return {
    'ndcg@1': ndcgAtK(ranking, qrels, 1),
    'ndcg@3': ndcgAtK(ranking, qrels, 3),
    'ndcg@5': ndcgAtK(ranking, qrels, 5),
    'ndcg@10': ndcgAtK(ranking, qrels, 10),
    'mrr@10': reciprocalRank(ranking, qrels, { ...opts, cutoff: 10 }),
    map: averagePrecision(ranking, qrels, opts),
    'recall@10': recallAtK(ranking, qrels, 10, opts),
    'recall@100': recallAtK(ranking, qrels, 100, opts),
    'p@1': precisionAtK(ranking, qrels, 1, opts),
    'p@5': precisionAtK(ranking, qrels, 5, opts),
    'p@10': precisionAtK(ranking, qrels, 10, opts),
  };
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
}
