// What `rerank-lens eval` prints: the JSON shape (documented in the README, "Evaluate a labelled set")
// and the same facts as a terminal table. Pure: the CLI gathers the facts, this file only arranges them.
import type { MeasureName, MeasureValues } from '../metrics';
import { MEASURES } from '../metrics';
import type { Bm25Settings } from '../firstStage/bm25';
import type { LabResult } from './index';
import type { CutoffInterval, Recommendation } from './recommend';
import type { RulePoint } from './sweep';
import type { BootstrapInterval } from './bootstrap';
import type { QueryCounts } from './aggregate';

export interface LabelsSummary {
  /** Where the labels came from: the --qrels file or "input". */
  source: string;
  format: string | null;
  queries: number;
  judgments: number;
  unknownQueries: number;
  unknownQueryJudgments: number;
  unknownDocuments: number;
  labelledQueries: number;
  labelledPairs: number;
}

export interface PointJson {
  threshold: number | null;
  probability: number | null;
  k: number | null;
  kept: number;
  keptPerQuery: { mean: number; median: number };
  emptyShare: number;
  allShare: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface EvalReport {
  input: string;
  format: string | null;
  model: string;
  dtype: string;
  maxLength: number | null;
  /** What sentence-transformers' CrossEncoder.predict applies for this model (issue 15), when the
   *  scorer said (null: a rerank server, or every score came from the score cache). Cutoffs are given
   *  as the logit and the probability: the one in this space is what a Python threshold compares with. */
  modelActivation: { fn: string; reason: string } | null;
  firstStage: Bm25Settings | null;
  queries: QueryCounts & { inInput: number; chosen: number; noQueryText: number };
  pairs: { total: number; unique: number; fromCache: number; scored: number };
  labels: LabelsSummary | null;
  /** Means over the evaluated queries; null when none was evaluated (no labels). */
  metrics: { before: MeasureValues; after: MeasureValues } | null;
  comparison: { measure: MeasureName; wins: number; ties: number; losses: number; meanDifference: number; interval: BootstrapInterval | null } | null;
  ceiling: { poolRecall: number; ndcg10: number } | null;
  recommendations: {
    maxF1: PointJson | null;
    recall: { target: number; point: PointJson | null };
    precision: { target: number; point: PointJson | null } | null;
    reasons: string[];
  };
  maxF1Interval: CutoffInterval | null;
  topK: PointJson | null;
  topKAtRecall: PointJson | null;
  /** Kept per query at spread-out thresholds (quantiles of all scores), labels or not. */
  sweep: PointJson[];
  perQuery: { queryId: string; candidates: number; relevant: number; ndcg10Before: number; ndcg10After: number; change: number }[];
  runFiles: { retriever: string; reranked: string; qrels: string | null } | null;
  messages: string[];
}

export function pointJson(p: RulePoint | null): PointJson | null {
  if (!p) return null;
  return {
    threshold: p.threshold,
    probability: p.probability,
    k: p.k,
    kept: p.kept,
    keptPerQuery: p.keptPerQuery,
    emptyShare: p.emptyShare,
    allShare: p.allShare,
    precision: p.labelled?.precision ?? null,
    recall: p.labelled?.recall ?? null,
    f1: p.labelled?.f1 ?? null,
  };
}

/** Thresholds at these quantiles of all pair scores describe an unlabelled set. */
export const SWEEP_QUANTILES = [0.9, 0.75, 0.5, 0.25, 0.1];

export function sweepSummary(lab: LabResult): PointJson[] {
  const s = lab.sweep.scores;
  if (s.length === 0) return [];
  // scores are descending: quantile q of the values is at index (1 - q) * (n - 1).
  const ts = [...new Set(SWEEP_QUANTILES.map((q) => s[Math.round((1 - q) * (s.length - 1))]))];
  return ts.map((t) => pointJson(lab.sweep.at(t))!);
}

export function labReport(lab: LabResult, recallTarget: number, precisionTarget: number | undefined): Pick<EvalReport, 'metrics' | 'comparison' | 'ceiling' | 'recommendations' | 'maxF1Interval' | 'topK' | 'topKAtRecall' | 'sweep' | 'perQuery'> {
  const ev = lab.evaluation;
  const evaluated = ev.counts.evaluated > 0;
  const rec = (r: Recommendation | null) => (r ? pointJson(r.point) : null);
  const reasons = [lab.recommendations.maxF1, lab.recommendations.recall, lab.recommendations.precision].filter((r): r is Recommendation => !!r && !r.point && !!r.reason).map((r) => r.reason!);
  return {
    metrics: evaluated ? { before: ev.before, after: ev.after } : null,
    comparison: evaluated ? { ...ev.comparison } : null,
    ceiling: evaluated ? ev.ceiling : null,
    recommendations: {
      maxF1: rec(lab.recommendations.maxF1),
      recall: { target: recallTarget, point: rec(lab.recommendations.recall) },
      precision: precisionTarget !== undefined ? { target: precisionTarget, point: rec(lab.recommendations.precision) } : null,
      reasons: [...new Set(reasons)],
    },
    maxF1Interval: lab.maxF1Interval,
    topK: pointJson(lab.topK),
    topKAtRecall: pointJson(lab.topKAtRecall),
    sweep: sweepSummary(lab),
    perQuery: ev.perQuery
      .map((e) => ({ queryId: e.queryId, candidates: e.candidates, relevant: e.relevant, ndcg10Before: e.before['ndcg@10'], ndcg10After: e.after['ndcg@10'], change: e.after['ndcg@10'] - e.before['ndcg@10'] }))
      .sort((a, b) => a.change - b.change),
  };
}

// ---- terminal table ----

const LABEL: Record<MeasureName, string> = {
  'ndcg@1': 'nDCG@1', 'ndcg@3': 'nDCG@3', 'ndcg@5': 'nDCG@5', 'ndcg@10': 'nDCG@10', 'mrr@10': 'MRR@10', map: 'MAP',
  'recall@10': 'Recall@10', 'recall@100': 'Recall@100', 'p@1': 'P@1', 'p@5': 'P@5', 'p@10': 'P@10',
};

const f4 = (x: number) => x.toFixed(4);
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(4)}`;
const opt = (x: number | null, d = 3) => (x === null ? 'n/a' : x.toFixed(d));
const pct = (x: number) => `${Math.round(x * 100)}%`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
// Text from the input is printed on one line without control characters (terminal safety).
// eslint-disable-next-line no-control-regex
const safe = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');

function pointLine(name: string, p: PointJson | null, why?: string): string {
  if (!p) return `  ${name.padEnd(20)} ${why ?? 'n/a'}`;
  const where = p.threshold !== null ? `logit ${p.threshold.toFixed(4).padStart(8)}  prob ${p.probability === null ? 'n/a' : p.probability.toFixed(4)}` : `top-${p.k}`.padEnd(28);
  return `  ${name.padEnd(20)} ${where}  kept/query ${p.keptPerQuery.mean.toFixed(1)} (median ${p.keptPerQuery.median}), empty ${pct(p.emptyShare)}  P ${opt(p.precision)} R ${opt(p.recall)} F1 ${opt(p.f1)}`;
}

export function formatReportTable(r: EvalReport): string {
  const out: string[] = [];
  out.push(`input ${safe(r.input)} (${r.format ?? 'unknown format'}): ${plural(r.queries.inInput, 'query', 'queries')}${r.queries.chosen !== r.queries.inInput ? `, ${r.queries.chosen} chosen` : ''}`);
  out.push(`model ${safe(r.model)} (${r.dtype}, max ${r.maxLength ?? '?'} tokens): ${r.pairs.total} pairs, ${r.pairs.unique} unique, ${r.pairs.fromCache} from the score cache, ${r.pairs.scored} scored now`);
  if (r.firstStage) {
    const f = r.firstStage;
    out.push(f.unscored
      ? `first stage: the whole corpus (${f.corpusSize} documents, too few for BM25), unscored`
      : `first stage: BM25 (${f.library}, k1=${f.k1}, b=${f.b}), ${f.wholeCorpus ? `whole corpus (${f.corpusSize} documents, depth ${f.depth})` : `top ${f.depth} of ${f.corpusSize} documents`}`);
    if (!f.unscored) out.push(`  analyzer: ${f.analyzer}`);
  }
  if (r.labels) {
    const l = r.labels;
    out.push(`labels (${safe(l.source)}${l.format ? `, ${l.format}` : ''}): ${plural(l.judgments, 'judgment')} for ${plural(l.queries, 'query', 'queries')}; ${plural(l.labelledQueries, 'query', 'queries')} and ${plural(l.labelledPairs, 'candidate')} labelled`);
  }
  const c = r.queries;
  const left = [
    c.unlabelled ? `${c.unlabelled} without labels` : '',
    c.noCandidates ? `${c.noCandidates} without candidates` : '',
    c.noQueryText ? `${c.noQueryText} without query text` : '',
    c.pending ? `${c.pending} not fully scored` : '',
  ].filter(Boolean);
  out.push(`evaluated ${plural(c.evaluated, 'query', 'queries')}${left.length ? ` (left out: ${left.join(', ')})` : ''}${c.noRelevant ? `; ${c.noRelevant} with no relevant document count as 0, as in trec_eval` : ''}`);
  for (const m of r.messages) out.push(`note: ${m}`);

  if (r.metrics) {
    out.push('', `${'measure'.padEnd(12)}${'retriever'.padStart(10)}${'reranked'.padStart(10)}${'change'.padStart(10)}`);
    for (const m of MEASURES) out.push(`${LABEL[m].padEnd(12)}${f4(r.metrics.before[m]).padStart(10)}${f4(r.metrics.after[m]).padStart(10)}${signed(r.metrics.after[m] - r.metrics.before[m]).padStart(10)}`);
    out.push('(trec_eval definitions; MRR@10 = reciprocal rank of the first relevant in the top 10, 0 if none: trec_eval\'s recip_rank has no cut-off)');
    out.push(`(means over the ${plural(c.evaluated, 'evaluated query', 'evaluated queries')}, as trec_eval averages over queries in both the run and the qrels; trec_eval -c would also count labelled queries left out here as 0)`);
  }
  if (r.comparison) {
    const k = r.comparison;
    const ci = k.interval ? `95% interval ${signed(k.interval.low)} to ${signed(k.interval.high)} (paired bootstrap, ${k.interval.resamples} resamples, seed ${k.interval.seed})` : 'no interval with a single query';
    out.push('', `did reranking help (${LABEL[k.measure]}): ${k.wins} better, ${k.ties} same, ${k.losses} worse; mean change ${signed(k.meanDifference)}, ${ci}`);
  }
  if (r.ceiling) out.push(`ceiling of the candidates: pool recall ${f4(r.ceiling.poolRecall)}, nDCG@10 of the best reorder ${f4(r.ceiling.ndcg10)}`);

  const rec = r.recommendations;
  out.push('', 'recommended cutoffs (precision/recall/F1 over labelled pairs; kept per query over every query):');
  if (r.modelActivation) {
    const prob = r.modelActivation.fn !== 'identity';
    out.push(`  CrossEncoder.predict returns the ${prob ? 'probability (prob)' : 'raw logit (logit)'} for this model: ${safe(r.modelActivation.reason)}`);
  }
  if (rec.maxF1 || rec.recall.point || rec.precision?.point) {
    out.push(pointLine('max F1', rec.maxF1));
    if (r.maxF1Interval) out.push(`  ${''.padEnd(20)} 95% interval of this cutoff: logit ${r.maxF1Interval.low.toFixed(4)} to ${r.maxF1Interval.high.toFixed(4)} (bootstrap over labelled ${r.maxF1Interval.unit}, ${r.maxF1Interval.resamples} resamples)`);
    out.push(pointLine(`recall >= ${rec.recall.target}`, rec.recall.point, 'not reached'));
    if (rec.precision) out.push(pointLine(`precision >= ${rec.precision.target}`, rec.precision.point, 'not reached'));
  }
  for (const why of rec.reasons) out.push(`  ${why}`);
  if (r.topK) out.push(pointLine(`top-${r.topK.k} rule`, r.topK));
  if (r.topKAtRecall) out.push(pointLine(`top-k at recall ${rec.recall.target}`, r.topKAtRecall));
  if (r.sweep.length) {
    out.push('', 'kept per query as the threshold moves (thresholds at score quantiles 90/75/50/25/10%):');
    for (const p of r.sweep) out.push(`  logit ${p.threshold!.toFixed(4).padStart(8)}  kept/query mean ${p.keptPerQuery.mean.toFixed(1)}, median ${p.keptPerQuery.median}; queries left empty ${pct(p.emptyShare)}, keeping everything ${pct(p.allShare)}`);
  }
  if (r.perQuery.length > 1) {
    const worst = r.perQuery.slice(0, 5).filter((q) => q.change < 0);
    if (worst.length) {
      out.push('', 'largest losses (nDCG@10 before -> after):');
      for (const q of worst) out.push(`  ${safe(q.queryId).slice(0, 40).padEnd(40)} ${f4(q.ndcg10Before)} -> ${f4(q.ndcg10After)} (${signed(q.change)})`);
    }
  }
  if (r.runFiles) out.push('', `run files: ${r.runFiles.retriever}, ${r.runFiles.reranked}${r.runFiles.qrels ? `; labels: ${r.runFiles.qrels}` : ''} (check with: trec_eval -m all_trec QRELS RUN)`);
  return `${out.join('\n')}\n`;
}
