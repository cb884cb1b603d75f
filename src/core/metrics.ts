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

/**
 * A ranking reduced to what every measure needs, computed once per (ranking, qrels): the judgment of
 * each distinct document in order (a repeat counts once, at its first position; unjudged = 0), the
 * ideal gains (every positive judgment, retrieved or not, descending) and the number of relevant
 * judged documents. Each measure below is a function of this.
 */
export interface JudgedRanking {
  grades: number[];
  ideal: number[];
  relevant: number;
  level: number;
}

/** The per-query half of JudgedRanking (ideal gains, relevant count), reusable across rankings of the
 *  same query: the threshold lab measures two orders (and the ideal reorder) per query. */
export interface PreparedQrels {
  qrels: Qrels;
  ideal: number[];
  relevant: number;
  level: number;
}

/** A judgment as trec_eval reads it from a qrels line: a whole number (atol: 0.5 -> 0, 2.7 -> 2). */
export const trecGrade = (g: number): number => Math.trunc(g);

/** Grade of a retrieved document that the qrels do not name (trec_eval's RELVALUE_NONPOOL). */
const UNJUDGED = -1;
/** Grade of a retrieved document judged below 0 (trec_eval's RELVALUE_UNJUDGED: never relevant). */
const JUDGED_NEGATIVE = -2;

export function prepareQrels(qrels: Qrels, opts: RelevanceOptions = {}): PreparedQrels {
  const level = opts.relevanceLevel ?? 1;
  const ideal: number[] = [];
  let relevant = 0;
  let whole = true;
  for (const id in qrels) {
    if (!Object.prototype.hasOwnProperty.call(qrels, id)) continue;
    const g = trecGrade(qrels[id]);
    if (g !== qrels[id]) whole = false;
    if (g > 0) ideal.push(g);
    // trec_eval counts only judgments of 0 or more towards the relevant total (num_rel).
    if (g >= 0 && g >= level) relevant++;
  }
  ideal.sort((a, b) => b - a);
  const own = whole ? qrels : Object.fromEntries(Object.entries(qrels).map(([id, g]) => [id, trecGrade(g)]));
  return { qrels: own, ideal, relevant, level };
}

const isPrepared = (q: Qrels | PreparedQrels): q is PreparedQrels =>
  typeof (q as PreparedQrels).ideal === 'object' && Array.isArray((q as PreparedQrels).ideal) && typeof (q as PreparedQrels).qrels === 'object';

export function judgeRanking(ranking: readonly string[], qrels: Qrels | PreparedQrels, opts: RelevanceOptions & { distinct?: boolean } = {}): JudgedRanking {
  const p = isPrepared(qrels) ? qrels : prepareQrels(qrels, opts);
  // `distinct`: the caller knows no id repeats (the threshold lab checks once per query), so no Set.
  const seen = opts.distinct ? undefined : new Set<string>();
  const grades: number[] = [];
  for (const id of ranking) {
    if (seen) {
      if (seen.has(id)) continue;
      seen.add(id);
    }
    // As trec_eval: unjudged and negatively judged documents get grades below 0 (no gain, and relevant
    // at no relevance level of 0 or more).
    if (!Object.prototype.hasOwnProperty.call(p.qrels, id)) grades.push(UNJUDGED);
    else grades.push(p.qrels[id] < 0 ? JUDGED_NEGATIVE : p.qrels[id]);
  }
  return { grades, ideal: p.ideal, relevant: p.relevant, level: p.level };
}

function ndcgOf(j: JudgedRanking, k: number): number {
  let dcg = 0;
  const n = Math.min(j.grades.length, Math.max(0, k));
  for (let i = 0; i < n; i++) if (j.grades[i] > 0) dcg += j.grades[i] / Math.log2(i + 2);
  let idcg = 0;
  const m = Math.min(j.ideal.length, Math.max(0, k));
  for (let i = 0; i < m; i++) idcg += j.ideal[i] / Math.log2(i + 2);
  return idcg > 0 ? dcg / idcg : 0;
}

function rrOf(j: JudgedRanking, cutoff?: number): number {
  const limit = cutoff === undefined ? j.grades.length : Math.min(j.grades.length, Math.max(0, cutoff));
  for (let i = 0; i < limit; i++) if (j.grades[i] >= j.level) return 1 / (i + 1);
  return 0;
}

function foundIn(j: JudgedRanking, k: number): number {
  let found = 0;
  const n = Math.min(j.grades.length, Math.max(0, k));
  for (let i = 0; i < n; i++) if (j.grades[i] >= j.level) found++;
  return found;
}

const recallOf = (j: JudgedRanking, k: number): number => (j.relevant === 0 ? 0 : foundIn(j, k) / j.relevant);
const precisionOf = (j: JudgedRanking, k: number): number => (k <= 0 ? 0 : foundIn(j, k) / k);

function apOf(j: JudgedRanking): number {
  if (j.relevant === 0) return 0;
  let found = 0;
  let sum = 0;
  for (let i = 0; i < j.grades.length; i++) {
    if (j.grades[i] >= j.level) {
      found++;
      sum += found / (i + 1);
    }
  }
  return sum / j.relevant;
}

/** trec_eval's ndcg_cut_k. 0 when nothing is judged relevant. */
export function ndcgAtK(ranking: readonly string[], qrels: Qrels, k: number): number {
  return ndcgOf(judgeRanking(ranking, qrels), k);
}

/** trec_eval's recip_rank: 1 / rank of the first relevant document, 0 if none (or none within `cutoff`). */
export function reciprocalRank(ranking: readonly string[], qrels: Qrels, opts: RelevanceOptions & { cutoff?: number } = {}): number {
  return rrOf(judgeRanking(ranking, qrels, opts), opts.cutoff);
}

/** trec_eval's recall_k: relevant documents in the top k / all relevant documents (0 when none). */
export function recallAtK(ranking: readonly string[], qrels: Qrels, k: number, opts: RelevanceOptions = {}): number {
  return recallOf(judgeRanking(ranking, qrels, opts), k);
}

/**
 * strcmp of the two ids as trec_eval reads them (UTF-8 bytes), i.e. Unicode code point order. JavaScript's
 * `<` compares UTF-16 code units, which puts characters above U+FFFF (emoji, rare CJK: surrogate pairs)
 * before U+E000..U+FFFF (private use, CJK compatibility, fullwidth forms); UTF-8 puts them after.
 */
export function compareDocno(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      // Surrogates (U+D800..U+DFFF) stand for code points above U+FFFF: move them above U+FFFF.
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * The order trec_eval evaluates a run in: it ignores the rank column and sorts by score descending,
 * ties broken by document id descending (byte order of the UTF-8 ids, see compareDocno).
 */
export function trecEvalOrder(run: readonly { id: string; score: number }[]): string[] {
  return [...run].sort((a, b) => b.score - a.score || compareDocno(b.id, a.id)).map((r) => r.id);
}

/** trec_eval's P_k: relevant documents in the top k / k. */
export function precisionAtK(ranking: readonly string[], qrels: Qrels, k: number, opts: RelevanceOptions = {}): number {
  return precisionOf(judgeRanking(ranking, qrels, opts), k);
}

/** trec_eval's map for one query (average precision): mean of precision at each relevant retrieved
 *  document, over every relevant judged document. 0 when nothing is judged relevant. */
export function averagePrecision(ranking: readonly string[], qrels: Qrels, opts: RelevanceOptions = {}): number {
  return apOf(judgeRanking(ranking, qrels, opts));
}

/** The measures the threshold lab reports, in display order. `mrr@10` is reciprocal rank cut at 10
 *  (trec_eval's recip_rank has no cut-off: a first relevant document at rank 11 or lower gives 0 here). */
export const MEASURES = ['ndcg@1', 'ndcg@3', 'ndcg@5', 'ndcg@10', 'mrr@10', 'map', 'recall@10', 'recall@100', 'p@1', 'p@5', 'p@10'] as const;
export type MeasureName = (typeof MEASURES)[number];
export type MeasureValues = Record<MeasureName, number>;

/** nDCG@k of an already judged ranking (the threshold lab's ideal reorder). */
export { ndcgOf as ndcgOfJudged };

/** Every measure of MEASURES for one ranked list (already in evaluation order, see trecEvalOrder).
 *  `qrels` may be prepared once per query with prepareQrels (then its relevance level applies). */
export function measureAll(ranking: readonly string[], qrels: Qrels | PreparedQrels, opts: RelevanceOptions & { distinct?: boolean } = {}): MeasureValues {
  const j = judgeRanking(ranking, qrels, opts);
  return {
    'ndcg@1': ndcgOf(j, 1),
    'ndcg@3': ndcgOf(j, 3),
    'ndcg@5': ndcgOf(j, 5),
    'ndcg@10': ndcgOf(j, 10),
    'mrr@10': rrOf(j, 10),
    map: apOf(j),
    'recall@10': recallOf(j, 10),
    'recall@100': recallOf(j, 100),
    'p@1': precisionOf(j, 1),
    'p@5': precisionOf(j, 5),
    'p@10': precisionOf(j, 10),
  };
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
}
