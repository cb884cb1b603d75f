// Threshold sweep over every scored pair of a set, and the per-query top-k rule measured the same way.
// Pure. Built once per (scores, labels); after that a threshold move costs binary searches only:
//   - all pairs' logits sorted descending: kept(t) = pairs with score >= t (one binary search);
//   - labelled pairs sorted descending with a prefix count of relevant ones: precision/recall/F1;
//   - per query, its sorted logits (and relevant prefix counts): kept and relevant dropped per query
//     and the median kept per query (one binary search per query);
//   - the queries' maxima and minima sorted: share of queries left empty / keeping everything.
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
  /** relPrefix[i] = relevant among the top i (labelled queries only). */
  relPrefix: Int32Array | null;
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

/** Count of entries < t in an ascending array. */
function countBelow(asc: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = asc.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (asc[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function stats(kept: number, relevantKept: number, relevant: number): LabelledStats {
  const precision = kept > 0 ? relevantKept / kept : null;
  const recall = relevant > 0 ? relevantKept / relevant : null;
  const f1 = precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : precision !== null && recall !== null ? 0 : null;
  return { kept, relevantKept, relevant, precision, recall, f1 };
}

function median(counts: Int32Array): number {
  if (counts.length === 0) return 0;
  const s = Int32Array.from(counts).sort();
  const m = s.length >>> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export class Sweep {
  /** Every pair's logit, descending. */
  readonly scores: Float64Array;
  /** minProbability[k] = lowest probability among the top k pairs (Infinity for k = 0). */
  private readonly minProbability: Float64Array;
  /** Labelled pairs: logits descending, relevance flags in the same order, and prefix counts. */
  readonly labelledScores: Float64Array;
  readonly labelledRelevant: Uint8Array;
  /** Query (index into the given list) of each labelled pair, same order. */
  readonly labelledQuery: Int32Array;
  private readonly labelledPrefix: Int32Array;
  private readonly queries: SweepQuery[];
  private readonly maxAsc: Float64Array;
  private readonly minAsc: Float64Array;
  readonly relevantTotal: number;
  /** Queries with scored candidates / labelled among them. */
  readonly queryCount: number;
  readonly labelledQueryCount: number;

  constructor(queries: readonly EvalQuery[], opts: SweepOptions = {}) {
    const level = opts.relevanceLevel ?? 1;
    const skipUnjudged = opts.unjudged === 'skip';
    const all: { s: number; p: number }[] = [];
    const lab: { s: number; r: number; q: number }[] = [];
    this.queries = [];
    queries.forEach((q, index) => {
      if (!isFullyScored(q)) return;
      const rows = q.candidates.map((c) => {
        const judged = q.qrels !== undefined && Object.prototype.hasOwnProperty.call(q.qrels, c.id);
        return { id: c.id, s: finiteScore(c.score), p: c.probability ?? sigmoid(finiteScore(c.score)), judged, rel: judged && q.qrels![c.id] >= level ? 1 : 0 };
      });
      // The reranked order of queries.ts (trec_eval's: ties by id descending), so top-k keeps what the
      // reranked list shows first.
      rows.sort((a, b) => b.s - a.s || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
      for (const r of rows) all.push({ s: r.s, p: r.p });
      let relPrefix: Int32Array | null = null;
      if (q.qrels) {
        relPrefix = new Int32Array(rows.length + 1);
        rows.forEach((r, i) => (relPrefix![i + 1] = relPrefix![i] + r.rel));
        for (const r of rows) if (r.judged || !skipUnjudged) lab.push({ s: r.s, r: r.rel, q: index });
      }
      this.queries.push({ index, desc: Float64Array.from(rows.map((r) => r.s)), relPrefix });
    });
    all.sort((a, b) => b.s - a.s);
    this.scores = Float64Array.from(all.map((x) => x.s));
    this.minProbability = new Float64Array(all.length + 1);
    this.minProbability[0] = Infinity;
    all.forEach((x, i) => (this.minProbability[i + 1] = Math.min(this.minProbability[i], x.p)));
    lab.sort((a, b) => b.s - a.s);
    this.labelledScores = Float64Array.from(lab.map((x) => x.s));
    this.labelledRelevant = Uint8Array.from(lab.map((x) => x.r));
    this.labelledQuery = Int32Array.from(lab.map((x) => x.q));
    this.labelledPrefix = new Int32Array(lab.length + 1);
    lab.forEach((x, i) => (this.labelledPrefix[i + 1] = this.labelledPrefix[i] + x.r));
    this.relevantTotal = this.labelledPrefix[lab.length];
    this.maxAsc = Float64Array.from(this.queries.map((q) => q.desc[0])).sort();
    this.minAsc = Float64Array.from(this.queries.map((q) => q.desc[q.desc.length - 1])).sort();
    this.queryCount = this.queries.length;
    this.labelledQueryCount = this.queries.filter((q) => q.relPrefix).length;
  }

  get pairCount(): number {
    return this.scores.length;
  }

  get labelledPairCount(): number {
    return this.labelledScores.length;
  }

  /** A probability threshold keeping the same pairs as `kept` top pairs (the lowest probability among
   *  them); for a threshold keeping nothing, the sigmoid of the logit. */
  probabilityFor(threshold: number, kept: number): number {
    return kept > 0 ? this.minProbability[kept] : sigmoid(threshold);
  }

  /** Everything the curves and the recommendation cards show for one logit threshold. */
  at(threshold: number): RulePoint {
    const kept = countAtLeast(this.scores, threshold);
    const perQuery = new Int32Array(this.queries.length);
    this.queries.forEach((q, i) => (perQuery[i] = countAtLeast(q.desc, threshold)));
    const n = this.queries.length;
    const labelledKept = countAtLeast(this.labelledScores, threshold);
    return {
      threshold,
      probability: this.probabilityFor(threshold, kept),
      k: null,
      kept,
      keptPerQuery: { mean: n ? kept / n : 0, median: median(perQuery) },
      emptyShare: n ? countBelow(this.maxAsc, threshold) / n : 0,
      allShare: n ? (n - countBelow(this.minAsc, threshold)) / n : 0,
      labelled: this.labelledScores.length ? stats(labelledKept, this.labelledPrefix[labelledKept], this.relevantTotal) : null,
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
    this.queries.forEach((q, i) => {
      const c = Math.min(Math.max(0, k), q.desc.length);
      perQuery[i] = c;
      kept += c;
      if (c === q.desc.length) all++;
      if (c === 0) empty++;
      if (q.relPrefix) {
        labelledKept += c;
        relevantKept += q.relPrefix[c];
      }
    });
    const labelledPairs = this.queries.reduce((s, q) => s + (q.relPrefix ? q.desc.length : 0), 0);
    return {
      threshold: null,
      probability: null,
      k,
      kept,
      keptPerQuery: { mean: n ? kept / n : 0, median: median(perQuery) },
      emptyShare: n ? empty / n : 0,
      allShare: n ? all / n : 0,
      // Top-k keeps whole queries' rows, so it is measured over every candidate of labelled queries.
      labelled: labelledPairs ? stats(labelledKept, relevantKept, this.queries.reduce((s, q) => s + (q.relPrefix ? q.relPrefix[q.desc.length] : 0), 0)) : null,
    };
  }

  /** Kept and relevant dropped per query at a threshold (null) or top-k (k), for the per-query table. */
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
}

export function buildSweep(queries: readonly EvalQuery[], opts: SweepOptions = {}): Sweep {
  return new Sweep(queries, opts);
}
