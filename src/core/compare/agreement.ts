// How much two scorers agree on the same chunks. Pure. Scores are "higher is more relevant"; a NaN
// (a chunk one scorer has not scored) leaves that chunk out of every number here.
import { kendallTauB } from '../diff';

/** 1-based rank of each entry by score, descending; ties keep input order. NaN ranks last. */
export function ranksOf(scores: readonly number[]): number[] {
  const key = (i: number): number => (Number.isNaN(scores[i]) ? -Infinity : scores[i]);
  const order = scores.map((_, i) => i).sort((a, b) => key(b) - key(a) || a - b);
  const ranks = new Array<number>(scores.length);
  order.forEach((idx, pos) => (ranks[idx] = pos + 1));
  return ranks;
}

/** Entries both scorers scored (finite numbers). */
function both(a: readonly number[], b: readonly number[]): { a: number[]; b: number[]; index: number[] } {
  const out = { a: [] as number[], b: [] as number[], index: [] as number[] };
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (Number.isFinite(a[i]) && Number.isFinite(b[i])) {
      out.a.push(a[i]);
      out.b.push(b[i]);
      out.index.push(i);
    }
  }
  return out;
}

/** Kendall's tau-b between two scorers' scores of the same chunks (core/diff's O(n log n) version). NaN below 2. */
export function kendallTau(a: readonly number[], b: readonly number[]): number {
  const p = both(a, b);
  return kendallTauB(p.a, p.b);
}

/** |top-k of A ∩ top-k of B| / k, with k clamped to the chunks both scored. NaN when none. */
export function topKOverlap(a: readonly number[], b: readonly number[], k: number): number {
  const p = both(a, b);
  const kk = Math.min(Math.max(0, Math.floor(k)), p.a.length);
  if (kk === 0) return NaN;
  const ra = ranksOf(p.a);
  const rb = ranksOf(p.b);
  let common = 0;
  for (let i = 0; i < p.a.length; i++) if (ra[i] <= kk && rb[i] <= kk) common++;
  return common / kk;
}

export interface Disagreement {
  /** Chunk position in the input set. */
  index: number;
  rankA: number;
  rankB: number;
  scoreA: number;
  scoreB: number;
}

/** Chunks ranked most differently by A and B (largest |rankA - rankB| first, then the better of the two ranks). */
export function mostDisagreeing(a: readonly number[], b: readonly number[], limit = 5): Disagreement[] {
  const p = both(a, b);
  const ra = ranksOf(p.a);
  const rb = ranksOf(p.b);
  return p.index
    .map((index, i) => ({ index, rankA: ra[i], rankB: rb[i], scoreA: p.a[i], scoreB: p.b[i] }))
    .filter((d) => d.rankA !== d.rankB)
    .sort((x, y) => Math.abs(y.rankA - y.rankB) - Math.abs(x.rankA - x.rankB) || Math.min(x.rankA, x.rankB) - Math.min(y.rankA, y.rankB) || x.index - y.index)
    .slice(0, Math.max(0, limit));
}

export interface Agreement {
  /** Mean over sets of Kendall's tau-b within the set (ranking agreement); NaN when no set has 2 chunks. */
  meanTau: number;
  /** Mean over sets of the top-k overlap. */
  meanOverlap: number;
  /** Kendall's tau-b over all chunks of all sets pooled: do the scores agree across queries too
   *  (what a single threshold relies on)? */
  pooledTau: number;
  k: number;
  /** Sets with at least 2 chunks scored by both. */
  sets: number;
  chunks: number;
}

/** Agreement of A and B over several query sets: `sets[i].a[j]` and `.b[j]` score chunk j of set i. */
export function agreement(sets: readonly { a: readonly number[]; b: readonly number[] }[], k: number): Agreement {
  let tauSum = 0;
  let overlapSum = 0;
  let n = 0;
  const pa: number[] = [];
  const pb: number[] = [];
  for (const s of sets) {
    const p = both(s.a, s.b);
    pa.push(...p.a);
    pb.push(...p.b);
    if (p.a.length < 2) continue;
    const tau = kendallTauB(p.a, p.b);
    // A set where one scorer gives every chunk the same score has no defined tau: it is skipped.
    if (Number.isNaN(tau)) continue;
    tauSum += tau;
    overlapSum += topKOverlap(p.a, p.b, k);
    n++;
  }
  return { meanTau: n ? tauSum / n : NaN, meanOverlap: n ? overlapSum / n : NaN, pooledTau: kendallTauB(pa, pb), k, sets: n, chunks: pa.length };
}
