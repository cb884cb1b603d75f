// Reranked order and the kept/dropped decision. Pure: used by the panel host, the webview (slider moves
// are recomputed locally, never by the engine), the CLI and export.
import type { Chunk, PairScore, RetrievalSet, ScoreSpace, ThresholdSetting } from './types';
import { sigmoid } from './sigmoid';

export interface RankedChunk<C extends Chunk = Chunk> {
  chunk: C;
  /** Position of the chunk in the input set (0-based). */
  index: number;
  score?: PairScore;
  /** 1-based position in the reranked order; undefined while the chunk is not scored yet. */
  rank?: number;
  /** originalPosition - rank: positive = moved up. Undefined while unscored. */
  move?: number;
  /** 1-based position in the retriever's order (by originalRank, then input index). Equals
   *  `chunk.originalRank` whenever the input's ranks are 1..n, and stays meaningful when they are not
   *  (a selection of a TREC run can start at rank 40 or skip ranks). Always set by rankChunks; optional
   *  so hand-built RankedChunks (tests, export) need not carry it. */
  originalPosition?: number;
}

export interface RankedSet<C extends Chunk = Chunk> {
  set: RetrievalSet;
  ranked: RankedChunk<C>[];
  kept: boolean[];
}

/** What the threshold/top-k decide for one ranked row. Unscored rows are neither kept nor dropped. */
export type KeepState = 'kept' | 'dropped' | 'unscored';

export { sigmoid };

/** Inverse of sigmoid, clamped so 0 and 1 map to finite logits. */
export function logit(p: number): number {
  const q = Math.min(1 - 1e-12, Math.max(1e-12, p));
  return Math.log(q / (1 - q));
}

/** The value the threshold compares against, in the requested space. */
export function scoreIn(score: PairScore, space: ScoreSpace): number {
  return space === 'logit' ? score.score : score.probability;
}

/** Move a threshold between spaces with the single-logit relation probability = sigmoid(logit),
 *  which is how every ms-marco cross-encoder is scored. */
export function convertThreshold(value: number | null, from: ScoreSpace, to: ScoreSpace): number | null {
  if (value === null || from === to) return value;
  return to === 'probability' ? sigmoid(value) : logit(value);
}

/** 1-based position in the retriever's order, falling back to the chunk's own rank. */
export function originalPositionOf(r: RankedChunk): number {
  return r.originalPosition ?? r.chunk.originalRank;
}

/**
 * Moves a threshold between spaces for a given set of scores. Single-logit models (probability =
 * sigmoid(logit), every ms-marco cross-encoder) convert exactly. For multi-label models the
 * probability is a softmax and no formula applies: the new threshold is the lowest score, in the new
 * space, among the rows the old threshold kept, so those rows stay kept.
 */
export function convertThresholdForScores(value: number | null, from: ScoreSpace, to: ScoreSpace, scores: readonly PairScore[]): number | null {
  if (value === null || from === to) return value;
  const sigmoidModel = scores.every((s) => !Number.isFinite(s.score) || Math.abs(sigmoid(s.score) - s.probability) <= 1e-6);
  if (sigmoidModel) return convertThreshold(value, from, to);
  const kept = scores.filter((s) => scoreIn(s, from) >= value).map((s) => scoreIn(s, to)).filter(Number.isFinite);
  if (kept.length > 0) return Math.min(...kept);
  const all = scores.map((s) => scoreIn(s, to)).filter(Number.isFinite);
  // Nothing kept: stay above every row.
  return all.length > 0 ? Math.max(...all) + (to === 'probability' ? 1e-6 : 1e-3) : convertThreshold(value, from, to);
}

/** NaN (a broken model) sorts below every real score instead of poisoning the comparison. */
const sortKey = (s: PairScore): number => (Number.isNaN(s.score) ? -Infinity : s.score);

/**
 * Reranked order: scored chunks by score descending (ties keep the retriever's order), then the
 * chunks not scored yet in the retriever's order. `scores[i]` belongs to `chunks[i]`.
 */
export function rankChunks<C extends Chunk>(chunks: C[], scores: (PairScore | undefined)[]): RankedChunk<C>[] {
  const byOriginal = chunks.map((_, i) => i).sort((a, b) => chunks[a].originalRank - chunks[b].originalRank || a - b);
  const originalPosition = new Array<number>(chunks.length);
  byOriginal.forEach((idx, pos) => (originalPosition[idx] = pos + 1));

  const scored: number[] = [];
  const unscored: number[] = [];
  for (const idx of byOriginal) (scores[idx] ? scored : unscored).push(idx);
  // Array.prototype.sort is stable, and `scored` is already in original order: ties keep it.
  scored.sort((a, b) => {
    const ka = sortKey(scores[a]!);
    const kb = sortKey(scores[b]!);
    return ka === kb ? 0 : kb > ka ? 1 : -1;
  });

  const out: RankedChunk<C>[] = [];
  scored.forEach((idx, pos) => {
    const rank = pos + 1;
    out.push({ chunk: chunks[idx], index: idx, score: scores[idx], rank, move: originalPosition[idx] - rank, originalPosition: originalPosition[idx] });
  });
  for (const idx of unscored) out.push({ chunk: chunks[idx], index: idx, originalPosition: originalPosition[idx] });
  return out;
}

export interface KeepOptions {
  threshold: ThresholdSetting;
  /** null = no cap; 0 keeps nothing. */
  topK: number | null;
}

/** Kept/dropped/unscored per ranked position. Threshold and top-k combine as AND. */
export function keepStates(ranked: readonly RankedChunk[], opts: KeepOptions): KeepState[] {
  const { threshold, topK } = opts;
  const out = new Array<KeepState>(ranked.length);
  for (let i = 0; i < ranked.length; i++) {
    const r = ranked[i];
    if (!r.score || r.rank === undefined) {
      out[i] = 'unscored';
      continue;
    }
    let keep = topK === null || r.rank <= topK;
    if (keep && threshold.value !== null) {
      const v = scoreIn(r.score, threshold.space);
      keep = !Number.isNaN(v) && v >= threshold.value;
    }
    out[i] = keep ? 'kept' : 'dropped';
  }
  return out;
}

/** True where the ranked row is kept (false for dropped and for rows not scored yet). */
export function selectKept(ranked: readonly RankedChunk[], opts: KeepOptions): boolean[] {
  return keepStates(ranked, opts).map((s) => s === 'kept');
}

export function countStates(states: readonly KeepState[]): { kept: number; dropped: number; unscored: number } {
  const c = { kept: 0, dropped: 0, unscored: 0 };
  for (const s of states) c[s]++;
  return c;
}
