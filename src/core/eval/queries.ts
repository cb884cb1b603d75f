// The threshold lab's input: one EvalQuery per query of a set, built from the readers' RetrievalSets and
// the scorer's PairScores, and the two orders every metric is computed on. Pure.
//
// Orders (what trec_eval would see if it read the run files of --run-out):
// - reranked: cross-encoder logit descending, equal scores broken by document id descending (trec_eval
//   sorts by score, then docno descending; it ignores the rank column). NaN sorts last. The ids compared
//   are the ones the run file holds (trecSafeId), in trec_eval's byte order (compareDocno).
// - retriever: a TREC run (`scoresAreOrder`) is in trec_eval's order of its scores, whatever its rank
//   column says, as trec_eval reads the user's own run. Otherwise, when every candidate has a finite
//   retriever score of known meaning (similarity, or a distance negated) and those scores never increase
//   along the retriever's list, the scores themselves in trec_eval's order (so ties fall as trec_eval
//   breaks them); otherwise the list order, written with the score n + 1 - position so trec_eval
//   reproduces it.
import { trecSafeId } from '../labels/identity';
import { compareDocno, trecGrade, type Qrels } from '../metrics';
import type { PairScore, RetrievalSet, ScoreKind } from '../types';

export interface EvalCandidate {
  /** The id the labels use for this candidate (see core/labels/identity.ts). */
  id: string;
  retrieverScore?: number;
  /** Cross-encoder logit; undefined while not scored. */
  score?: number;
  /** The scorer's probability for the same pair (sigmoid of the logit for single-logit models). */
  probability?: number;
}

export interface EvalQuery {
  queryId: string;
  query?: string;
  /** In the retriever's order. */
  candidates: EvalCandidate[];
  retrieverKind: ScoreKind;
  /** The retriever's scores are the ranking itself (a TREC run: trec_eval ignores its rank column and
   *  sorts by score, then docno descending), so "before" is that order even where the list disagrees. */
  scoresAreOrder?: boolean;
  /** Judgments (doc id -> grade) for this query, including judged documents that are not candidates;
   *  undefined when the query has no label at all (left out of labelled metrics, as trec_eval skips
   *  queries missing from the qrels). */
  qrels?: Qrels;
}

export interface RunRow {
  id: string;
  score: number;
}

/** Finite stand-in for NaN/inf so every order and every run file agrees. */
export function finiteScore(x: number | undefined): number {
  if (x === undefined || Number.isNaN(x)) return -1e308;
  return Math.max(-1e308, Math.min(1e308, x));
}

/** Whether a query has a judgment of 0 or more. One judged only below 0 is evaluated (every measure 0, as
 *  trec_eval does), but trec_eval 10 stops with "Can't calculate measure" when such a topic is the first
 *  it evaluates (the first in byte order of the qids in both files): an allocation of 0 levels fails. */
export function hasJudgment(qrels: Qrels | undefined): qrels is Qrels {
  if (!qrels) return false;
  for (const id in qrels) if (Object.prototype.hasOwnProperty.call(qrels, id) && trecGrade(qrels[id]) >= 0) return true;
  return false;
}

export const isFullyScored = (q: EvalQuery): boolean => q.candidates.length > 0 && q.candidates.every((c) => c.score !== undefined);

/** trec_eval's tie order: docno descending, on the ids as a run file writes them. */
const idDesc = (a: string, b: string): number => compareDocno(trecSafeId(b), trecSafeId(a));

/** The retriever's order with the scores a run file must carry to reproduce it under trec_eval. */
export function retrieverRun(q: EvalQuery): RunRow[] {
  const n = q.candidates.length;
  const sign = q.retrieverKind === 'similarity' ? 1 : q.retrieverKind === 'distance' ? -1 : 0;
  if (q.scoresAreOrder && n > 0 && q.candidates.every((c) => c.retrieverScore !== undefined && Number.isFinite(c.retrieverScore))) {
    return q.candidates.map((c) => ({ id: c.id, score: c.retrieverScore! })).sort((a, b) => b.score - a.score || idDesc(a.id, b.id));
  }
  if (sign !== 0 && n > 0) {
    const rows: RunRow[] = new Array(n);
    let ok = true;
    for (let i = 0; i < n && ok; i++) {
      const s = q.candidates[i].retrieverScore;
      if (s === undefined || !Number.isFinite(s)) ok = false;
      else {
        rows[i] = { id: q.candidates[i].id, score: sign * s };
        if (i > 0 && rows[i].score > rows[i - 1].score) ok = false;
      }
    }
    if (ok) {
      // Scores never increase along the list: trec_eval's order differs only inside runs of equal
      // scores, which it sorts by id descending.
      for (let i = 0; i < n; ) {
        let j = i + 1;
        while (j < n && rows[j].score === rows[i].score) j++;
        if (j - i > 1) {
          const run = rows.slice(i, j).sort((a, b) => idDesc(a.id, b.id));
          for (let k = i; k < j; k++) rows[k] = run[k - i];
        }
        i = j;
      }
      return rows;
    }
  }
  return q.candidates.map((c, i) => ({ id: c.id, score: n - i }));
}

/** The reranked order (scored candidates only) with their logits, as trecEvalOrder sorts them. */
export function rerankedRun(q: EvalQuery): RunRow[] {
  const rows: RunRow[] = [];
  for (const c of q.candidates) if (c.score !== undefined) rows.push({ id: c.id, score: finiteScore(c.score) });
  return rows.sort((a, b) => b.score - a.score || idDesc(a.id, b.id));
}

/**
 * One EvalQuery from a read set and its scores (`scores[i]` belongs to `set.chunks[i]`). `idOf` maps a
 * chunk to the id the labels use (default: chunk.id); `qrels` overrides the set's own labels.
 */
export function evalQueryFromSet(
  set: RetrievalSet,
  scores: readonly (Pick<PairScore, 'score' | 'probability'> | undefined)[],
  opts: { queryId?: string; qrels?: Qrels | null; idOf?: (chunk: RetrievalSet['chunks'][number]) => string } = {},
): EvalQuery {
  const order = set.chunks.map((_, i) => i).sort((a, b) => set.chunks[a].originalRank - set.chunks[b].originalRank || a - b);
  const kinds = new Set(set.chunks.map((c) => c.scoreKind));
  // The set's own labels, re-keyed by `idOf` so they meet the candidates' ids (judged ids that are
  // not chunks of the set keep their name).
  let own = set.labels?.byChunkId;
  if (own && opts.idOf) {
    const byId = new Map(set.chunks.map((c) => [c.id, opts.idOf!(c)]));
    own = Object.fromEntries(Object.entries(own).map(([id, g]) => [byId.get(id) ?? id, g]));
  }
  const qrels = opts.qrels === null ? undefined : (opts.qrels ?? (own && Object.keys(own).length > 0 ? own : undefined));
  return {
    queryId: opts.queryId ?? set.queryId ?? set.query ?? '',
    ...(set.query !== undefined ? { query: set.query } : {}),
    candidates: order.map((i) => {
      const c = set.chunks[i];
      const s = scores[i];
      return {
        id: opts.idOf ? opts.idOf(c) : c.id,
        ...(c.retrieverScore !== undefined ? { retrieverScore: c.retrieverScore } : {}),
        ...(s ? { score: s.score, probability: s.probability } : {}),
      };
    }),
    retrieverKind: kinds.size === 1 ? [...kinds][0] : 'unknown',
    ...(set.format === 'trec-run' ? { scoresAreOrder: true } : {}),
    ...(qrels ? { qrels } : {}),
  };
}

/** Ids in evaluation order, ready for core/metrics. */
export const idsOf = (run: readonly RunRow[]): string[] => run.map((r) => r.id);
