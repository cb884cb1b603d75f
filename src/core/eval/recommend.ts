// Recommended cutoffs from the labelled pairs of a Sweep, and how settled they are. Pure.
//
// Candidate thresholds are the labelled pairs' own logits (a threshold between two scores keeps what
// the higher one keeps). Over them, scanning from the highest:
//   max-f1     the threshold with the highest F1 (on equal F1 the higher threshold: it keeps less);
//   recall     the highest threshold whose recall >= the target (default 0.9);
//   precision  the lowest threshold whose precision >= the target (keeps the most at that precision).
// Each comes back as a RulePoint of the whole set (logit and probability threshold, kept per query,
// precision/recall/F1), so "what it keeps" is measured on every query, labelled or not.
//
// bootstrapCutoff resamples the labelled pairs (or whole labelled queries) with replacement and
// recomputes the rule: the spread of the cutoff says whether more labels would still move it. Each
// resample is a weight per pair on the already-sorted arrays, so it costs O(pairs), not a sort.
import { quantileSorted, randomIndex, seededRandom } from './random';
import type { RulePoint, Sweep } from './sweep';

export type CutoffRule = { kind: 'max-f1' } | { kind: 'recall'; target: number } | { kind: 'precision'; target: number };

export interface Recommendation {
  rule: CutoffRule;
  /** Null when the rule cannot be met (no labels, nothing relevant, target never reached). */
  point: RulePoint | null;
  /** Why point is null. */
  reason?: string;
}

/** Index (into the descending labelled arrays) of the last pair kept by the rule's threshold, or -1. */
export function cutoffIndex(scores: ArrayLike<number>, relevant: ArrayLike<number>, rule: CutoffRule, weights?: ArrayLike<number>): number {
  const n = scores.length;
  let totalRel = 0;
  for (let i = 0; i < n; i++) totalRel += (weights ? weights[i] : 1) * relevant[i];
  if (totalRel === 0) return -1;
  let kept = 0;
  let tp = 0;
  let best = -1;
  let bestF1 = -1;
  let runWeight = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    kept += w;
    tp += w * relevant[i];
    runWeight += w;
    // Evaluate at the end of a run of equal scores only, and only when the run is in the sample (a
    // value absent from a bootstrap resample is not one of its thresholds).
    if (i + 1 < n && scores[i + 1] === scores[i]) continue;
    const present = runWeight > 0;
    runWeight = 0;
    if (!present) continue;
    if (kept === 0) continue;
    const p = tp / kept;
    const r = tp / totalRel;
    if (rule.kind === 'max-f1') {
      const f1 = p + r > 0 ? (2 * p * r) / (p + r) : 0;
      if (f1 > bestF1) {
        bestF1 = f1;
        best = i;
      }
    } else if (rule.kind === 'recall') {
      if (r >= rule.target - 1e-12) return i;
    } else if (p >= rule.target - 1e-12) best = i;
  }
  return best;
}

const describe = (rule: CutoffRule): string =>
  rule.kind === 'max-f1' ? 'maximum F1' : rule.kind === 'recall' ? `recall >= ${rule.target}` : `precision >= ${rule.target}`;

export function recommend(sweep: Sweep, rule: CutoffRule): Recommendation {
  if (sweep.labelledPairCount === 0) return { rule, point: null, reason: 'No labelled pairs: label some chunks or pass relevance labels.' };
  if (sweep.relevantTotal === 0) return { rule, point: null, reason: 'No labelled pair is relevant, so recall and F1 are undefined.' };
  const i = cutoffIndex(sweep.labelledScores, sweep.labelledRelevant, rule);
  if (i < 0) return { rule, point: null, reason: `No threshold reaches ${describe(rule)} on the labelled pairs.` };
  return { rule, point: sweep.at(sweep.labelledScores[i]) };
}

export interface CutoffInterval {
  low: number;
  high: number;
  median: number;
  level: number;
  /** Resamples where the rule had an answer (others had no relevant pair or missed the target). */
  resamples: number;
  seed: number;
  unit: 'pairs' | 'queries';
}

export function bootstrapCutoff(
  sweep: Sweep,
  rule: CutoffRule,
  opts: { resamples?: number; seed?: number; level?: number; unit?: 'pairs' | 'queries' } = {},
): CutoffInterval | null {
  const n = sweep.labelledPairCount;
  if (n < 2 || sweep.relevantTotal === 0) return null;
  const resamples = opts.resamples ?? 500;
  const seed = opts.seed ?? 1;
  const level = opts.level ?? 0.95;
  const unit = opts.unit ?? 'pairs';
  const random = seededRandom(seed);
  const weights = new Float64Array(n);
  // Queries: the distinct labelled queries, each pair weighted by how often its query was drawn.
  const pairQuery = unit === 'queries' ? sweep.labelledQuery() : new Int32Array(0);
  const queryIds = unit === 'queries' ? [...new Set(pairQuery)] : [];
  const queryPos = new Map(queryIds.map((q, i) => [q, i]));
  const queryDraws = new Float64Array(queryIds.length);
  const found: number[] = [];
  for (let b = 0; b < resamples; b++) {
    weights.fill(0);
    if (unit === 'pairs') {
      for (let i = 0; i < n; i++) weights[randomIndex(random, n)]++;
    } else {
      queryDraws.fill(0);
      for (let i = 0; i < queryIds.length; i++) queryDraws[randomIndex(random, queryIds.length)]++;
      for (let i = 0; i < n; i++) weights[i] = queryDraws[queryPos.get(pairQuery[i])!];
    }
    const i = cutoffIndex(sweep.labelledScores, sweep.labelledRelevant, rule, weights);
    if (i >= 0) found.push(sweep.labelledScores[i]);
  }
  if (found.length === 0) return null;
  const sorted = Float64Array.from(found).sort();
  const alpha = (1 - level) / 2;
  return { low: quantileSorted(sorted, alpha), high: quantileSorted(sorted, 1 - alpha), median: quantileSorted(sorted, 0.5), level, resamples: found.length, seed, unit };
}

export interface LabelCandidate<K> {
  key: K;
  /** Logit of the pair. */
  score: number;
}

/**
 * "Label where it matters": unlabelled rows ordered by how close their logit is to the threshold
 * (closest first; ties by higher score). With `sweep` and `rule`, the `refine` nearest are re-ordered by
 * how far labelling them (relevant or not, whichever moves it more) would move the recommended cutoff.
 */
export function labelOrder<K>(
  unlabelled: readonly LabelCandidate<K>[],
  threshold: number,
  opts: { sweep?: Sweep; rule?: CutoffRule; refine?: number } = {},
): K[] {
  const byCloseness = [...unlabelled].sort((a, b) => Math.abs(a.score - threshold) - Math.abs(b.score - threshold) || b.score - a.score);
  const { sweep, rule } = opts;
  if (!sweep || !rule || sweep.labelledPairCount === 0) return byCloseness.map((c) => c.key);
  const refine = Math.min(byCloseness.length, opts.refine ?? 50);
  const base = cutoffIndex(sweep.labelledScores, sweep.labelledRelevant, rule);
  const baseT = base >= 0 ? sweep.labelledScores[base] : threshold;
  const effect = (score: number): number => {
    // Insert the pair into the sorted arrays once as relevant, once as not relevant.
    const pos = sweep.labelledScores.findIndex((s) => s < score);
    const at = pos < 0 ? sweep.labelledPairCount : pos;
    let worst = 0;
    for (const rel of [0, 1]) {
      const scores = new Float64Array(sweep.labelledPairCount + 1);
      const relevant = new Uint8Array(sweep.labelledPairCount + 1);
      scores.set(sweep.labelledScores.subarray(0, at), 0);
      relevant.set(sweep.labelledRelevant.subarray(0, at), 0);
      scores[at] = score;
      relevant[at] = rel;
      scores.set(sweep.labelledScores.subarray(at), at + 1);
      relevant.set(sweep.labelledRelevant.subarray(at), at + 1);
      const i = cutoffIndex(scores, relevant, rule);
      worst = Math.max(worst, i >= 0 ? Math.abs(scores[i] - baseT) : Infinity);
    }
    return worst;
  };
  const head = byCloseness.slice(0, refine).map((c, i) => ({ c, i, e: effect(c.score) }));
  head.sort((a, b) => b.e - a.e || a.i - b.i);
  return [...head.map((h) => h.c.key), ...byCloseness.slice(refine).map((c) => c.key)];
}
