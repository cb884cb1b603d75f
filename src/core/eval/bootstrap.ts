// Paired bootstrap of a mean difference: resample queries with replacement, recompute the mean of the
// per-query differences, and take the 2.5th and 97.5th percentiles (type-7 quantiles) of those means.
// Seeded, so the same data and seed always give the same interval. Pure.
import { quantileSorted, seededRandom } from './random';

export interface BootstrapInterval {
  low: number;
  high: number;
  /** 0.95 for a 95% interval. */
  level: number;
  resamples: number;
  seed: number;
}

export interface BootstrapOptions {
  resamples?: number;
  seed?: number;
  level?: number;
}

export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_SEED = 1;

/** Interval of the mean of `values` (for paired data: the per-query differences). Null below 2 values:
 *  one query says nothing about variation. */
export function bootstrapMean(values: readonly number[], opts: BootstrapOptions = {}): BootstrapInterval | null {
  const n = values.length;
  if (n < 2) return null;
  const resamples = opts.resamples ?? DEFAULT_RESAMPLES;
  const seed = opts.seed ?? DEFAULT_SEED;
  const level = opts.level ?? 0.95;
  const random = seededRandom(seed);
  const means = new Float64Array(resamples);
  const v = Float64Array.from(values);
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += v[(random() * n) | 0];
    means[b] = sum / n;
  }
  means.sort();
  const alpha = (1 - level) / 2;
  return { low: quantileSorted(means, alpha), high: quantileSorted(means, 1 - alpha), level, resamples, seed };
}
