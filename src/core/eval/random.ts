// Seeded randomness for reproducible bootstrap intervals and samples: mulberry32, a 32-bit generator
// that is tiny, fast and gives the same sequence on every platform for the same seed (core/random.ts). Pure.
import { seededRandom } from '../random';

export { seededRandom };

/** Uniform integer in [0, n). */
export function randomIndex(random: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(random() * n));
}

/** `count` distinct indexes of [0, n) chosen with the seed, returned in ascending order (file order). */
export function sampleIndexes(n: number, count: number, seed: number): number[] {
  const random = seededRandom(seed);
  const idx = Array.from({ length: n }, (_, i) => i);
  const k = Math.max(0, Math.min(n, count));
  // Partial Fisher-Yates: the first k slots become the sample.
  for (let i = 0; i < k; i++) {
    const j = i + randomIndex(random, n - i);
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, k).sort((a, b) => a - b);
}

/** Quantile with linear interpolation between order statistics (R's type 7, numpy's default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
