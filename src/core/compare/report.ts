// Everything the compare view and `rerank-lens compare` show, from scores already computed. Pure.
// Input: the query sets (chunks, labels) and, per scorer, its own number for every chunk (NaN where it
// has none). Output: agreement of every pair of scorers and of each with the retriever's order,
// per-scorer metrics on the labelled sets with the interval of each one's difference to the first,
// thresholds on the first scorer translated to the others (same share; with labels, same recall), and
// the chunks two scorers rank most differently.
import type { Chunk, Labels } from '../types';
import { agreement, mostDisagreeing, type Agreement } from './agreement';
import { pairedBootstrap, scorerMetrics, type DiffInterval, type MetricSummary } from './metrics';
import { thresholdForShare, translateByRecall, translateByShare } from './thresholds';

export interface CompareSet {
  /** Position of the set in the input (what views and --query-index call it). */
  setIndex: number;
  chunks: readonly Chunk[];
  labels?: Labels;
  /** scores[s][j]: scorer s's number for chunk j (NaN = not scored). */
  scores: readonly (readonly number[])[];
}

export interface CompareOptions {
  /** Top-k of overlap, nDCG@k and recall@k. Default 10. */
  k?: number;
  /** Thresholds on the first scorer to translate. Default: the scores keeping 25%, 50%, 75% of chunks. */
  thresholds?: readonly number[];
  /** How many most-disagreeing chunks. Default 5. */
  disagreements?: number;
  /** Which two scorers the disagreement list compares (indexes). Default [0, 1]. */
  pair?: readonly [number, number];
  /** A judgment of at least this is relevant (trec_eval's -l). Default 1. */
  relevanceLevel?: number;
}

export interface ThresholdRow {
  /** On the first scorer. */
  threshold: number;
  kept: number;
  share: number;
  /** With labels: the recall that threshold gives on the first scorer. */
  recall?: number;
  to: { scorer: string; byShare: { threshold: number; kept: number; share: number }; byRecall?: { threshold: number; kept: number; recall: number; precision: number } }[];
}

export interface DisagreementItem {
  setIndex: number;
  id: string;
  rankA: number;
  rankB: number;
  scoreA: number;
  scoreB: number;
  text: string;
}

export interface ScorerComparison {
  /** Sets compared and their chunks. */
  sets: number;
  chunks: number;
  labelledSets: number;
  k: number;
  agreement: (Agreement & { a: string; b: string })[];
  /** Each scorer against the retriever's order (per-set tau and top-k overlap; pooling ranks across sets means nothing). */
  retriever: { scorer: string; meanTau: number; meanOverlap: number; sets: number }[];
  /** 'retriever' first, then each scorer; `vsFirst` is the scorer minus the first scorer. Empty without labels. */
  metrics: (Omit<MetricSummary, 'perSet'> & { scorer: string; vsFirst?: { ndcg: DiffInterval; mrr: DiffInterval; recall: DiffInterval } })[];
  thresholds: ThresholdRow[];
  disagreements: { a: string; b: string; items: DisagreementItem[] };
}

function qrelsOf(labels: Labels | undefined): Record<string, number> | undefined {
  const q = labels?.byChunkId;
  return q && Object.keys(q).length > 0 ? q : undefined;
}

/** `names[s]` names scorer s (A, B, ... or labels); every set carries one score list per name. */
export function compareScorers(sets: readonly CompareSet[], names: readonly string[], opts: CompareOptions = {}): ScorerComparison {
  const k = opts.k ?? 10;
  const level = opts.relevanceLevel ?? 1;
  const nDis = opts.disagreements ?? 5;
  const pairs = (i: number, j: number) => sets.map((s) => ({ a: s.scores[i], b: s.scores[j] }));
  const agreementRows: ScorerComparison['agreement'] = [];
  for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) agreementRows.push({ a: names[i], b: names[j], ...agreement(pairs(i, j), k) });

  // The retriever's order as a score: earlier is better.
  const retrieverOrder = (s: CompareSet) => s.chunks.map((c) => -c.originalRank);
  const retriever = names.map((name, i) => {
    const g = agreement(sets.map((s) => ({ a: retrieverOrder(s), b: s.scores[i] })), k);
    return { scorer: name, meanTau: g.meanTau, meanOverlap: g.meanOverlap, sets: g.sets };
  });

  const labelled = sets.filter((s) => qrelsOf(s.labels));
  const rankingSets = (scores: (s: CompareSet) => readonly number[]) => labelled.map((s) => ({ ids: s.chunks.map((c) => c.id), scores: scores(s), qrels: qrelsOf(s.labels)! }));
  const metrics: ScorerComparison['metrics'] = [];
  if (labelled.length > 0) {
    const { perSet: _retrieverPerSet, ...retrRow } = scorerMetrics(rankingSets(retrieverOrder), k);
    metrics.push({ scorer: 'retriever', ...retrRow });
    const per = names.map((_, i) => scorerMetrics(rankingSets((s) => s.scores[i]), k));
    per.forEach((m, i) => {
      const { perSet, ...row } = m;
      const first = per[0].perSet;
      metrics.push({
        scorer: names[i],
        ...row,
        ...(i > 0 ? { vsFirst: { ndcg: pairedBootstrap(perSet.ndcg, first.ndcg), mrr: pairedBootstrap(perSet.mrr, first.mrr), recall: pairedBootstrap(perSet.recall, first.recall) } } : {}),
      });
    });
  }

  const pooled = (i: number, from: readonly CompareSet[] = sets) => from.flatMap((s) => [...s.scores[i]]);
  const a = pooled(0);
  const ts = opts.thresholds && opts.thresholds.length > 0 ? opts.thresholds : [0.25, 0.5, 0.75].map((share) => thresholdForShare(a, share));
  const relevant = labelled.flatMap((s) => s.chunks.map((c) => (qrelsOf(s.labels)![c.id] ?? 0) >= level));
  const thresholds: ThresholdRow[] = ts.map((t) => {
    const to = names.slice(1).map((name, j) => {
      const share = translateByShare(a, pooled(j + 1), t);
      const rec = labelled.length > 0 ? translateByRecall(pooled(0, labelled), pooled(j + 1, labelled), relevant, t) : undefined;
      return {
        scorer: name,
        byShare: share.target,
        ...(rec && rec.relevant > 0 ? { byRecall: { threshold: rec.target.threshold, kept: rec.target.kept, recall: rec.target.recall, precision: rec.target.precision } } : {}),
      };
    });
    const src = translateByShare(a, a, t).source;
    const rec = labelled.length > 0 ? translateByRecall(pooled(0, labelled), pooled(0, labelled), relevant, t) : undefined;
    return { threshold: t, kept: src.kept, share: src.share, ...(rec && rec.relevant > 0 ? { recall: rec.source.recall } : {}), to };
  });

  const [pa, pb] = opts.pair ?? [0, 1];
  const items: DisagreementItem[] =
    names.length > Math.max(pa, pb)
      ? sets
          .flatMap((s) => mostDisagreeing(s.scores[pa], s.scores[pb], nDis).map((d) => ({ d, s })))
          .sort((x, y) => Math.abs(y.d.rankA - y.d.rankB) - Math.abs(x.d.rankA - x.d.rankB) || x.s.setIndex - y.s.setIndex)
          .slice(0, nDis)
          .map(({ d, s }) => ({ setIndex: s.setIndex, id: s.chunks[d.index].id, rankA: d.rankA, rankB: d.rankB, scoreA: d.scoreA, scoreB: d.scoreB, text: s.chunks[d.index].text }))
      : [];

  return {
    sets: sets.length,
    chunks: sets.reduce((n, s) => n + s.chunks.length, 0),
    labelledSets: labelled.length,
    k,
    agreement: agreementRows,
    retriever,
    metrics,
    thresholds,
    disagreements: { a: names[pa] ?? '', b: names[pb] ?? '', items },
  };
}
