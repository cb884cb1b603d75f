// The threshold lab in one call, for the CLI's `eval` and the panel's dataset view. Pure.
//
//   // ids as the labels use them (core/labels/identity.ts); qrels from a file (attachQrels) or the input
//   const attached = attachQrels(sets, parseQrelsText(text, file).qrels);      // or inputQrels(set)
//   const queries = sets.map((s, i) => evalQueryFromSet(s, scores[i], {
//     queryId: queryIdentity(s), idOf: chunkIdentity, qrels: attached.perSet[i] ?? null }));
//   const lab = analyzeSet(queries, { recallTarget: 0.9, k: 10 });   // unjudged: 'skip' for hand labels
//   lab.evaluation  before/after means, per-query rows, wins/ties/losses + bootstrap interval, ceiling
//   lab.sweep       Sweep: .at(t) on every threshold move (binary searches only), .curve(), .topK(k),
//                   .perQuery({threshold}) for the per-query table
//   lab.recommendations  max-F1 / recall target / precision target cutoffs with what each keeps
//   lab.maxF1Interval    bootstrap interval of the max-F1 cutoff ("how settled is it")
//   labelOrder(unlabelledRows, threshold, { sweep: lab.sweep, rule: { kind: 'max-f1' } })
//                        "label where it matters": rows whose label would move the cutoff first
// Queries not fully scored yet are counted as pending and left out, so the numbers can update as
// queries finish; rebuild the Sweep (tens of ms at 100,000 pairs) when scores or labels change, and
// call sweep.at(t) / sweep.perQuery({ threshold: t }) on every drag (well under a millisecond).
//
// Module map: queries.ts (EvalQuery, orders), aggregate.ts (metrics, comparison, ceiling),
// bootstrap.ts, sweep.ts, recommend.ts (cutoffs, their interval, label-where-it-matters order),
// runFile.ts (TREC run text), random.ts (seeded generator, sampling, quantiles).
import { evaluateSet, type EvaluateOptions, type SetEvaluation } from './aggregate';
import { bootstrapCutoff, recommend, type CutoffInterval, type CutoffRule, type Recommendation } from './recommend';
import type { EvalQuery } from './queries';
import { Sweep, type RulePoint, type SweepOptions } from './sweep';

export * from './aggregate';
export * from './bootstrap';
export * from './queries';
export * from './recommend';
export * from './runFile';
export * from './sweep';
export { sampleIndexes, seededRandom } from './random';

export interface LabOptions extends EvaluateOptions, SweepOptions {
  /** Recall target of the "highest threshold with recall >= target" cutoff. Default 0.9. */
  recallTarget?: number;
  /** Precision target of the "lowest threshold with precision >= target" cutoff; none by default. */
  precisionTarget?: number;
  /** The per-query top-k rule shown beside the thresholds. Default 10. */
  k?: number;
  /** Resamples of the max-F1 cutoff's interval; 0 skips it. Default: 500 when at most
   *  CUTOFF_INTERVAL_MAX_PAIRS pairs are labelled (the label-while-you-look regime), else skipped, since
   *  each resample walks every labelled pair. */
  cutoffResamples?: number;
}

export interface LabResult {
  evaluation: SetEvaluation;
  sweep: Sweep;
  recommendations: { maxF1: Recommendation; recall: Recommendation; precision: Recommendation | null };
  /** How settled the max-F1 cutoff is over the labelled pairs. */
  maxF1Interval: CutoffInterval | null;
  /** The top-k rule at --k, and the smallest k that reaches the recall target (null if none does). */
  topK: RulePoint | null;
  topKAtRecall: RulePoint | null;
}

export const CUTOFF_INTERVAL_MAX_PAIRS = 20_000;

export function analyzeSet(queries: readonly EvalQuery[], opts: LabOptions = {}): LabResult {
  const evaluation = evaluateSet(queries, opts);
  const sweep = new Sweep(queries, opts);
  const recallTarget = opts.recallTarget ?? 0.9;
  const rules: { maxF1: CutoffRule; recall: CutoffRule } = { maxF1: { kind: 'max-f1' }, recall: { kind: 'recall', target: recallTarget } };
  const k = opts.k ?? 10;
  const topKAtRecall = sweep.topKForRecall(recallTarget);
  const resamples = opts.cutoffResamples ?? (sweep.labelledPairCount <= CUTOFF_INTERVAL_MAX_PAIRS ? 500 : 0);
  return {
    evaluation,
    sweep,
    recommendations: {
      maxF1: recommend(sweep, rules.maxF1),
      recall: recommend(sweep, rules.recall),
      precision: opts.precisionTarget !== undefined ? recommend(sweep, { kind: 'precision', target: opts.precisionTarget }) : null,
    },
    maxF1Interval: resamples > 0 ? bootstrapCutoff(sweep, rules.maxF1, { resamples, seed: opts.bootstrap?.seed }) : null,
    topK: sweep.queryCount > 0 ? sweep.topK(k) : null,
    topKAtRecall,
  };
}
