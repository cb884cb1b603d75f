// Threshold sweep over every scored pair of a set, and the per-query top-k rule measured the same way.
// Pure. Built once per (scores, labels); after that a threshold move costs one binary search per
// query (1,000 queries x 100 candidates: well under a millisecond):
//   - per query, its logits sorted descending (the reranked order, ties by id descending as
//     trec_eval breaks them) with prefix counts of relevant and of judged pairs and a prefix minimum
//     of the probabilities: kept, relevant kept, the probability threshold keeping the same pairs;
//   - the per-query kept counts give the mean and median kept per query and the share of queries
//     left empty or keeping everything.
// Built with native typed-array sorts only (no comparator sort over all pairs): every pair's logit
// descending (for curves), and the labelled pairs descending with their relevance (for the
// recommended cutoffs, core/eval/recommend.ts), merged from the relevant and the non-relevant sorts.
// A threshold keeps a pair when its logit >= t, as core/rank.ts keepStates does.
//
// Labelled pairs are the pairs of labelled queries; an unjudged candidate of a labelled query is not
// relevant (trec_eval's convention) unless `unjudged: 'skip'` leaves it out (for hand labels, where a
// query is labelled a few rows at a time). Recall's denominator is the relevant candidates (what a
// threshold can keep), not every relevant judged document.
import { finiteScore, isFullyScored, type EvalQuery } from './queries';
import { sigmoid } from '../sigmoid';

export interface SweepOptions {
  relevanceLevel?: number;
  unjudged?: 'not-relevant' | 'skip';
}

export interface LabelledStats {
  kept: number;
  relevantKept: number;
  /** Relevant labelled pairs in all. */
  relevant: number;
  /** Null when nothing is kept. */
  precision: number | null;
  /** Null when nothing is relevant. */
  recall: number | null;
  f1: number | null;
}

export interface RulePoint {
  /** Logit threshold (null for a top-k point). */
  threshold: number | null;
  /** A probability threshold that keeps the same pairs (null for top-k). */
  probability: number | null;
  /** The top-k (null for a threshold point). */
  k: number | null;
  kept: number;
  keptPerQuery: { mean: number; median: number };
  /** Share of queries (with candidates) that keep nothing / keep every candidate. */
  emptyShare: number;
  allShare: number;
  /** Null when no pair is labelled. */
  labelled: LabelledStats | null;
}

export interface QueryKeep {
  /** Index into the EvalQuery list given to buildSweep. */
  index: number;
  kept: number;
  candidates: number;
  /** Relevant labelled candidates the rule drops (0 for unlabelled queries). */
  relevantDropped: number;
}

interface SweepQuery {
  index: number;
  desc: Float64Array;
  /** minProbability[i] = lowest probability among the top i (Infinity for i = 0). */
  minProbability: Float64Array;
  /** relPrefix[i] = relevant among the top i; judgedPrefix[i] = labelled pairs among them (labelled
   *  queries only). */
  relPrefix: Int32Array | null;
  judgedPrefix: Int32Array | null;
}

/** Count of entries >= t in a descending array. */
export function countAtLeast(desc: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = desc.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (desc[mid] >= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function stats(kept: number, relevantKept: number, relevant: number): LabelledStats {
  const precision = kept > 0 ? relevantKept / kept : null;
  const recall = relevant > 0 ? relevantKept / relevant : null;
  const f1 = precision !== null && recall !== null ? (precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0) : null;
  return { kept, relevantKept, relevant, precision, recall, f1 };
}

function medianOf(counts: Int32Array): number {
  if (counts.length === 0) return 0;
  counts.sort();
  const m = counts.length >>> 1;
  return counts.length % 2 ? counts[m] : (counts[m - 1] + counts[m]) / 2;
}

/** Descending copy of a typed array, by the native sort. */
function descending(values: Float64Array): Float64Array {
  values.sort();
  return values.reverse();
}

export class Sweep {
  /** Every pair's logit, descending. */
  readonly scores: Float64Array;
  /** Labelled pairs: logits descending and their relevance (1/0) in the same order. */
  readonly labelledScores: Float64Array;
  readonly labelledRelevant: Uint8Array;
  readonly relevantTotal: number;
  /** Queries with scored candidates / labelled among them. */
  readonly queryCount: number;
  readonly labelledQueryCount: number;
  private readonly queries: SweepQuery[];
  private readonly labelledPairsInQueries: number;
  private labelledQueryCache: Int32Array | undefined;
  private readonly source: readonly EvalQuery[];
  private readonly level: number;
  private readonly skipUnjudged: boolean;

  constructor(queries: readonly EvalQuery[], opts: SweepOptions = {}) {
    this.source = queries;
    this.level = opts.relevanceLevel ?? 1;
    this.skipUnjudged = opts.unjudged === 'skip';
    this.queries = [];
    let total = 0;
    let relevantCount = 0;
    let labelledCount = 0;
    queries.forEach((q, index) => {
      if (!isFullyScored(q)) return;
      const n = q.candidates.length;
      const sc = new Float64Array(n);
      for (let i = 0; i < n; i++) sc[i] = finiteScore(q.candidates[i].score);
      const order = Array.from({ length: n }, (_, i) => i);
      // The reranked order of queries.ts (trec_eval's: ties by id descending), so top-k keeps what the
      // reranked list shows first.
      order.sort((a, b) => sc[b] - sc[a] || (q.candidates[a].id < q.candidates[b].id ? 1 : q.candidates[a].id > q.candidates[b].id ? -1 : 0));
      const desc = new Float64Array(n);
      const minProbability = new Float64Array(n + 1);
      minProbability[0] = Infinity;
      let relPrefix: Int32Array | null = null;
      let judgedPrefix: Int32Array | null = null;
      if (q.qrels) {
        relPrefix = new Int32Array(n + 1);
        judgedPrefix = new Int32Array(n + 1);
      }
      for (let r = 0; r < n; r++) {
        const c = q.candidates[order[r]];
        desc[r] = sc[order[r]];
        minProbability[r + 1] = Math.min(minProbability[r], c.probability ?? sigmoid(desc[r]));
        if (q.qrels) {
          const judged = Object.prototype.hasOwnProperty.call(q.qrels, c.id);
          const rel = judged && q.qrels[c.id] >= this.level ? 1 : 0;
          const counted = judged || !this.skipUnjudged ? 1 : 0;
          relPrefix![r + 1] = relPrefix![r] + rel;
          judgedPrefix![r + 1] = judgedPrefix![r] + counted;
        }
      }
      total += n;
      if (relPrefix) {
        relevantCount += relPrefix[n];
        labelledCount += judgedPrefix![n];
      }
      this.queries.push({ index, desc, minProbability, relPrefix, judgedPrefix });
    });
    const all = new Float64Array(total);
    const rel = new Float64Array(relevantCount);
    const non = new Float64Array(labelledCount - relevantCount);
    let a = 0;
    let ri = 0;
    let ni = 0;
    for (const q of this.queries) {
      all.set(q.desc, a);
      a += q.desc.length;
      if (!q.relPrefix) continue;
      for (let r = 0; r < q.desc.length; r++) {
        if (q.judgedPrefix![r + 1] === q.judgedPrefix![r]) continue;
        if (q.relPrefix[r + 1] > q.relPrefix[r]) rel[ri++] = q.desc[r];
        else non[ni++] = q.desc[r];
      }
    }
    this.scores = descending(all);
    descending(rel);
    descending(non);
    // Merge the two descending lists: on equal scores the order does not matter, since a threshold
    // keeps all of them or none (the cutoff rules evaluate at the end of a run of equal scores).
    this.labelledScores = new Float64Array(labelledCount);
    this.labelledRelevant = new Uint8Array(labelledCount);
    for (let i = 0, x = 0, y = 0; i < labelledCount; i++) {
      if (y >= non.length || (x < rel.length && rel[x] >= non[y])) {
        this.labelledScores[i] = rel[x++];
        this.labelledRelevant[i] = 1;
      } else this.labelledScores[i] = non[y++];
    }
    this.relevantTotal = relevantCount;
    this.labelledPairsInQueries = this.queries.reduce((s, q) => s + (q.relPrefix ? q.desc.length : 0), 0);
    this.queryCount = this.queries.length;
    this.labelledQueryCount = this.queries.filter((q) => q.relPrefix).length;
  }

  get pairCount(): number {
    return this.scores.length;
  }

  get labelledPairCount(): number {
    return this.labelledScores.length;
  }

  /**
   * The query (index into the given list) of each labelled pair, in labelledScores' order, for a
   * bootstrap that resamples whole queries. Built on first use (a comparator sort over the pairs).
   */
  labelledQuery(): Int32Array {
    if (this.labelledQueryCache) return this.labelledQueryCache;
    const rows: { s: number; r: number; q: number }[] = [];
    for (const q of this.queries) {
      if (!q.relPrefix) continue;
      for (let r = 0; r < q.desc.length; r++) {
        if (q.judgedPrefix![r + 1] === q.judgedPrefix![r]) continue;
        rows.push({ s: q.desc[r], r: q.relPrefix[r + 1] - q.relPrefix[r], q: q.index });
      }
    }
    // Same order as the merge: score descending, relevant first on ties.
    rows.sort((x, y) => y.s - x.s || y.r - x.r);
    this.labelledQueryCache = Int32Array.from(rows.map((x) => x.q));
    return this.labelledQueryCache;
  }

  /** Everything the curves and the recommendation cards show for one logit threshold. */
  at(threshold: number): RulePoint {
    const n = this.queries.length;
    const perQuery = new Int32Array(n);
    let kept = 0;
    let labelledKept = 0;
    let relevantKept = 0;
    let empty = 0;
    let all = 0;
    let minProbability = Infinity;
    for (let i = 0; i < n; i++) {
      const q = this.queries[i];
      const c = countAtLeast(q.desc, threshold);
      perQuery[i] = c;
      kept += c;
      if (c === 0) empty++;
      if (c === q.desc.length) all++;
      if (q.minProbability[c] < minProbability) minProbability = q.minProbability[c];
      if (q.relPrefix) {
        labelledKept += q.judgedPrefix![c];
        relevantKept += q.relPrefix[c];
      }
    }
    return {
      threshold,
      probability: kept > 0 ? minProbability : sigmoid(threshold),
      k: null,
      kept,
      keptPerQuery: { mean: n ? kept / n : 0, median: medianOf(perQuery) },
      emptyShare: n ? empty / n : 0,
      allShare: n ? all / n : 0,
      labelled: this.labelledScores.length ? stats(labelledKept, relevantKept, this.relevantTotal) : null,
    };
  }

  /** The per-query top-k rule (in the reranked order), measured like a threshold. */
  topK(k: number): RulePoint {
    const n = this.queries.length;
    const perQuery = new Int32Array(n);
    let kept = 0;
    let labelledKept = 0;
    let relevantKept = 0;
    let all = 0;
    let empty = 0;
    for (let i = 0; i < n; i++) {
      const q = this.queries[i];
      const c = Math.min(Math.max(0, k), q.desc.length);
      perQuery[i] = c;
      kept += c;
      if (c === q.desc.length) all++;
      if (c === 0) empty++;
      if (q.relPrefix) {
        labelledKept += q.judgedPrefix![c];
        relevantKept += q.relPrefix[c];
      }
    }
    return {
      threshold: null,
      probability: null,
      k,
      kept,
      keptPerQuery: { mean: n ? kept / n : 0, median: medianOf(perQuery) },
      emptyShare: n ? empty / n : 0,
      allShare: n ? all / n : 0,
      labelled: this.labelledPairsInQueries && this.labelledScores.length ? stats(labelledKept, relevantKept, this.relevantTotal) : null,
    };
  }

  /** Kept and relevant dropped per query at a threshold or a top-k, for the per-query table. */
  perQuery(rule: { threshold: number } | { k: number }): QueryKeep[] {
    return this.queries.map((q) => {
      const kept = 'threshold' in rule ? countAtLeast(q.desc, rule.threshold) : Math.min(Math.max(0, rule.k), q.desc.length);
      const relevantDropped = q.relPrefix ? q.relPrefix[q.desc.length] - q.relPrefix[kept] : 0;
      return { index: q.index, kept, candidates: q.desc.length, relevantDropped };
    });
  }

  /** `points` thresholds spread evenly over the pairs' ranks (highest score first), for drawing. */
  curve(points = 101): RulePoint[] {
    const n = this.scores.length;
    if (n === 0) return [];
    const out: RulePoint[] = [];
    let last = NaN;
    for (let j = 0; j < points; j++) {
      const t = this.scores[Math.round((j * (n - 1)) / Math.max(1, points - 1))];
      if (t === last) continue;
      last = t;
      out.push(this.at(t));
    }
    return out;
  }

  /** Top-k points for k = 1 .. the largest query's candidate count. */
  topKCurve(maxK?: number): RulePoint[] {
    const largest = this.queries.reduce((m, q) => Math.max(m, q.desc.length), 0);
    const out: RulePoint[] = [];
    for (let k = 1; k <= Math.min(largest, maxK ?? largest); k++) out.push(this.topK(k));
    return out;
  }

  /** The smallest top-k whose recall over labelled pairs reaches `target`, or null. */
  topKForRecall(target: number): RulePoint | null {
    if (this.relevantTotal === 0) return null;
    const largest = this.queries.reduce((m, q) => Math.max(m, q.desc.length), 0);
    for (let k = 1; k <= largest; k++) {
      let tp = 0;
      for (const q of this.queries) if (q.relPrefix) tp += q.relPrefix[Math.min(k, q.desc.length)];
      if (tp / this.relevantTotal >= target - 1e-12) return this.topK(k);
    }
    return null;
  }
}

export function buildSweep(queries: readonly EvalQuery[], opts: SweepOptions = {}): Sweep {
  return new Sweep(queries, opts);
}
