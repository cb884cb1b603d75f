// How the reranker changed the retriever's order: the numbers behind the panel's diff view and the CLI's
// summary. Pure. Only scored chunks take part (while results stream in, the summary covers what is scored).
import { originalPositionOf, type RankedChunk } from './rank';

export interface RankMove {
  id: string;
  /** Chunk position in the input set (0-based), for linking back to a row. */
  index: number;
  /** 1-based position in the retriever's order. */
  from: number;
  /** 1-based position in the reranked order. */
  to: number;
}

export interface DiffSummary {
  /** Kendall's tau-b between the retriever's order and the cross-encoder scores; NaN below 2 chunks. */
  kendallTau: number;
  /** How many of the retriever's top-k are still in the reranked top-k. */
  overlapAtK: number;
  /** Ids in the reranked top-k that were not in the retriever's top-k (reranked order). */
  entered: string[];
  /** Ids in the retriever's top-k that fell out of the reranked top-k (retriever order). */
  left: string[];
  /** Biggest |from - to| first; unmoved chunks never appear. */
  largestMoves: RankMove[];
  /** The k actually used: min(k, scored chunks). */
  k: number;
  /** Scored chunks the summary covers. */
  n: number;
}

/**
 * Kendall's tau-b of two paired samples in O(n log n) (Knight's algorithm: sort by x, count the
 * inversions of y with a merge sort, correct for ties in x, in y and in both).
 */
export function kendallTauB(xs: readonly number[], ys: readonly number[]): number {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return NaN;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => xs[a] - xs[b] || ys[a] - ys[b]);
  const x = order.map((i) => xs[i]);
  let y = order.map((i) => ys[i]);

  const tiePairs = (values: number[], sameGroup: (i: number) => boolean): number => {
    let total = 0;
    let run = 1;
    for (let i = 1; i <= values.length; i++) {
      if (i < values.length && sameGroup(i)) run++;
      else {
        total += (run * (run - 1)) / 2;
        run = 1;
      }
    }
    return total;
  };
  const n0 = (n * (n - 1)) / 2;
  const n1 = tiePairs(x, (i) => x[i] === x[i - 1]);
  const n3 = tiePairs(x, (i) => x[i] === x[i - 1] && y[i] === y[i - 1]);

  // Bottom-up merge sort of y counting strict inversions (pairs i < j with y[i] > y[j]).
  let swaps = 0;
  let buf = new Array<number>(n);
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (y[i] <= y[j]) buf[k++] = y[i++];
        else {
          swaps += mid - i;
          buf[k++] = y[j++];
        }
      }
      while (i < mid) buf[k++] = y[i++];
      while (j < hi) buf[k++] = y[j++];
    }
    [y, buf] = [buf, y];
  }
  const n2 = tiePairs(y, (i) => y[i] === y[i - 1]);

  const denom = Math.sqrt((n0 - n1) * (n0 - n2));
  if (denom === 0) return NaN;
  return (n0 - n1 - n2 + n3 - 2 * swaps) / denom;
}

export function diffSummary(ranked: readonly RankedChunk[], k: number, opts: { maxMoves?: number } = {}): DiffSummary {
  const scored = ranked.filter((r) => r.score && r.rank !== undefined);
  const n = scored.length;
  const kEff = Math.max(0, Math.min(Math.floor(k), n));

  const byRank = [...scored].sort((a, b) => a.rank! - b.rank!);
  const byOriginal = [...scored].sort((a, b) => originalPositionOf(a) - originalPositionOf(b) || a.index - b.index);
  const rerankedTop = byRank.slice(0, kEff);
  const originalTop = byOriginal.slice(0, kEff);
  const rerankedTopIds = new Set(rerankedTop.map((r) => r.index));
  const originalTopIds = new Set(originalTop.map((r) => r.index));

  // x: retriever position (earlier = better); y: the negated score, so agreement gives tau = +1 and
  // chunks the cross-encoder scored exactly alike count as ties (that is what tau-b is for).
  const xs = scored.map((r) => originalPositionOf(r));
  const ys = scored.map((r) => (Number.isNaN(r.score!.score) ? Infinity : -r.score!.score));

  const moves: RankMove[] = scored
    .map((r) => ({ id: r.chunk.id, index: r.index, from: originalPositionOf(r), to: r.rank! }))
    .filter((m) => m.from !== m.to)
    .sort((a, b) => Math.abs(b.from - b.to) - Math.abs(a.from - a.to) || a.to - b.to);

  return {
    kendallTau: kendallTauB(xs, ys),
    overlapAtK: originalTop.filter((r) => rerankedTopIds.has(r.index)).length,
    entered: rerankedTop.filter((r) => !originalTopIds.has(r.index)).map((r) => r.chunk.id),
    left: originalTop.filter((r) => !rerankedTopIds.has(r.index)).map((r) => r.chunk.id),
    largestMoves: moves.slice(0, opts.maxMoves ?? 5),
    k: kEff,
    n,
  };
}

/** The "only moved" filter of the diff view: scored chunks whose position changed. */
export function movedOnly<R extends RankedChunk>(ranked: readonly R[]): R[] {
  return ranked.filter((r) => r.move !== undefined && r.move !== 0);
}
