// Before/after metrics of a set of queries: the retriever's order vs the reranked order, each measure
// computed per query by core/metrics.ts (the same functions the per-query diff view uses) and averaged
// over the evaluated queries, as trec_eval averages ("all"). Pure.
//
// Which queries count (trec_eval's rules):
// - a query without any label is skipped (trec_eval evaluates only queries present in the qrels);
// - a query without candidates is skipped (trec_eval never sees it: the run has no line for it);
// - a labelled query whose judgments are all below the relevance level stays in, with 0 for every
//   measure (trec_eval counts it in num_q and averages its zeros), even one judged only -1 (see
//   hasJudgment in queries.ts for the one case where trec_eval 10 stops instead);
// - "after" needs every candidate scored: queries still scoring are counted as pending and left out of
//   both columns, so before and after always cover the same queries.
import { MEASURES, measureAll, ndcgOfJudged, prepareQrels, type MeasureName, type MeasureValues, type Qrels } from '../metrics';
import { bootstrapMean, type BootstrapInterval, type BootstrapOptions } from './bootstrap';
import { idsOf, isFullyScored, rerankedRun, retrieverRun, type EvalQuery } from './queries';

export interface QueryEvaluation {
  /** Index into the EvalQuery list given. */
  index: number;
  queryId: string;
  candidates: number;
  /** Judged relevant documents of the query (retrieved or not). */
  relevant: number;
  /** Of those, how many are among the candidates. */
  relevantInPool: number;
  before: MeasureValues;
  after: MeasureValues;
  /** nDCG@10 of the best possible reorder of the candidates. */
  idealNdcg10: number;
}

export interface QueryCounts {
  /** Every query given. */
  total: number;
  /** Labelled, with candidates, fully scored: what the metrics average over. */
  evaluated: number;
  /** No label at all. */
  unlabelled: number;
  /** No candidates (e.g. a BM25 first stage that matched nothing). */
  noCandidates: number;
  /** Labelled but not every candidate scored yet. */
  pending: number;
  /** Evaluated queries whose judgments hold nothing relevant (all their measures are 0). */
  noRelevant: number;
}

export interface Comparison {
  measure: MeasureName;
  wins: number;
  ties: number;
  losses: number;
  /** Mean of after - before over the evaluated queries. */
  meanDifference: number;
  /** Paired bootstrap interval of the mean difference; null with fewer than 2 queries. */
  interval: BootstrapInterval | null;
}

export interface Ceiling {
  /** Mean over evaluated queries of relevant candidates / relevant judged (0 for a query with none). */
  poolRecall: number;
  /** Mean nDCG@10 of the best reorder of each query's candidates: no reranker can beat it. */
  ndcg10: number;
}

export interface SetEvaluation {
  counts: QueryCounts;
  perQuery: QueryEvaluation[];
  /** Means over `perQuery`; every value 0 when no query was evaluated. */
  before: MeasureValues;
  after: MeasureValues;
  comparison: Comparison;
  ceiling: Ceiling;
  relevanceLevel: number;
}

export interface EvaluateOptions {
  /** Minimum grade that counts as relevant (trec_eval -l). Default 1. */
  relevanceLevel?: number;
  /** The measure wins/ties/losses and the interval are about. Default ndcg@10. */
  compareOn?: MeasureName;
  bootstrap?: BootstrapOptions;
  /** |difference| at or below this is a tie. Default 1e-9 (equal up to float noise). */
  tieTolerance?: number;
}

function zeros(): MeasureValues {
  return Object.fromEntries(MEASURES.map((m) => [m, 0])) as MeasureValues;
}

function meanOf(rows: readonly MeasureValues[]): MeasureValues {
  const out = zeros();
  if (rows.length === 0) return out;
  for (const m of MEASURES) {
    let s = 0;
    for (const r of rows) s += r[m];
    out[m] = s / rows.length;
  }
  return out;
}

/** The candidates ordered by grade (best first): the ideal reorder for nDCG. */
export function idealOrder(q: EvalQuery): string[] {
  const qrels = q.qrels ?? {};
  const grade = (id: string) => (Object.prototype.hasOwnProperty.call(qrels, id) ? qrels[id] : 0);
  return q.candidates.map((c) => c.id).sort((a, b) => grade(b) - grade(a));
}

/** The candidates' grades, each distinct id once (unjudged = -1, as trec_eval), and whether any id repeated. */
function candidateGrades(q: EvalQuery, qrels: Qrels): { grades: number[]; distinct: boolean } {
  const seen = new Set<string>();
  const grades: number[] = [];
  for (const c of q.candidates) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    grades.push(Object.prototype.hasOwnProperty.call(qrels, c.id) ? qrels[c.id] : -1);
  }
  return { grades, distinct: grades.length === q.candidates.length };
}

/** One labelled, fully scored query. */
export function evaluateQuery(q: EvalQuery, index: number, relevanceLevel = 1): QueryEvaluation {
  const prepared = prepareQrels(q.qrels ?? {}, { relevanceLevel });
  const { grades, distinct } = candidateGrades(q, prepared.qrels);
  let relevantInPool = 0;
  for (const g of grades) if (g >= 0 && g >= relevanceLevel) relevantInPool++;
  // The ceiling: nDCG@10 of the candidates' grades in the best order.
  const best = [...grades].sort((a, b) => b - a);
  return {
    index,
    queryId: q.queryId,
    candidates: q.candidates.length,
    relevant: prepared.relevant,
    relevantInPool,
    before: measureAll(idsOf(retrieverRun(q)), prepared, { distinct }),
    after: measureAll(idsOf(rerankedRun(q)), prepared, { distinct }),
    idealNdcg10: ndcgOfJudged({ grades: best, ideal: prepared.ideal, relevant: prepared.relevant, level: prepared.level }, 10),
  };
}

export function evaluateSet(queries: readonly EvalQuery[], opts: EvaluateOptions = {}): SetEvaluation {
  const level = opts.relevanceLevel ?? 1;
  const compareOn = opts.compareOn ?? 'ndcg@10';
  const tol = opts.tieTolerance ?? 1e-9;
  const counts: QueryCounts = { total: queries.length, evaluated: 0, unlabelled: 0, noCandidates: 0, pending: 0, noRelevant: 0 };
  const perQuery: QueryEvaluation[] = [];
  queries.forEach((q, i) => {
    if (q.candidates.length === 0) counts.noCandidates++;
    else if (!q.qrels) counts.unlabelled++;
    else if (!isFullyScored(q)) counts.pending++;
    else {
      const e = evaluateQuery(q, i, level);
      if (e.relevant === 0) counts.noRelevant++;
      perQuery.push(e);
    }
  });
  counts.evaluated = perQuery.length;
  const diffs = perQuery.map((e) => e.after[compareOn] - e.before[compareOn]);
  const comparison: Comparison = {
    measure: compareOn,
    wins: diffs.filter((d) => d > tol).length,
    ties: diffs.filter((d) => Math.abs(d) <= tol).length,
    losses: diffs.filter((d) => d < -tol).length,
    meanDifference: diffs.length ? diffs.reduce((s, d) => s + d, 0) / diffs.length : 0,
    interval: bootstrapMean(diffs, opts.bootstrap),
  };
  const n = perQuery.length;
  const ceiling: Ceiling = {
    poolRecall: n ? perQuery.reduce((s, e) => s + (e.relevant > 0 ? e.relevantInPool / e.relevant : 0), 0) / n : 0,
    ndcg10: n ? perQuery.reduce((s, e) => s + e.idealNdcg10, 0) / n : 0,
  };
  return {
    counts,
    perQuery,
    before: meanOf(perQuery.map((e) => e.before)),
    after: meanOf(perQuery.map((e) => e.after)),
    comparison,
    ceiling,
    relevanceLevel: level,
  };
}
