// Score histogram bins with round ("nice") edges, for the panel's SVG histogram and the CLI. Pure.

export interface HistogramBin {
  /** Inclusive lower edge. */
  lo: number;
  /** Exclusive upper edge, except for the last bin, which includes it. */
  hi: number;
  count: number;
}

/** Smallest step from 1, 2, 2.5, 5 x 10^n that is at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const exp = Math.floor(Math.log10(raw));
  const base = 10 ** exp;
  if (!(base > 0) || !Number.isFinite(base)) return 1;
  for (const m of [1, 2, 2.5, 5, 10]) {
    const step = m * base;
    // The tolerance stops 0.30000000000000004 from choosing the next step up.
    if (step >= raw * (1 - 1e-12)) return step;
  }
  return 10 * base;
}

/** Rounds away floating noise so edges print as 0.3, not 0.30000000000000004. */
function clean(x: number, step: number): number {
  const digits = Math.max(0, Math.min(15, 1 - Math.floor(Math.log10(step)) + 1));
  return Number(x.toFixed(digits));
}

/**
 * About `bins` bins (never more than bins + 1) covering every finite value, with edges on multiples of
 * a nice step. Non-finite values are skipped. All-equal values get one bin centred on the value.
 */
export function histogramBins(values: readonly number[], bins: number): HistogramBin[] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const v of finite) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // A spread below floating resolution (denormals, 1e-17 noise) has no usable step: one bin.
  if (max - min <= 1e-12 * Math.max(1, Math.abs(min), Math.abs(max))) {
    // Width 10% of the value's magnitude (0.5 either side near zero), so the bin looks like a bar, not a line.
    const half = Math.abs(min) < 1e-6 ? 0.5 : niceStep(Math.abs(min) / 10) / 2;
    return [{ lo: min - half, hi: min + half, count: finite.length }];
  }
  const target = Math.max(1, Math.floor(bins));
  const step = niceStep((max - min) / target);
  // Edges are integer multiples of step: compute in step units so rounding cannot shift a bin.
  const first = Math.floor(min / step + 1e-9);
  let last = Math.ceil(max / step - 1e-9);
  if (last <= first) last = first + 1;
  const count = last - first;
  const out: HistogramBin[] = [];
  for (let i = 0; i < count; i++) out.push({ lo: clean((first + i) * step, step), hi: clean((first + i + 1) * step, step), count: 0 });
  for (const v of finite) {
    let b = Math.floor(v / step + 1e-9) - first;
    if (b >= count) b = count - 1;
    if (b < 0) b = 0;
    out[b].count++;
  }
  return out;
}
