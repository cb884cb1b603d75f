// Small helpers for timing and formatting bench numbers.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/**
 * Event-loop delay of this process while `fn` runs. The histogram's samples are whole timer intervals,
 * so the sampling resolution is subtracted: 0 means the loop never waited.
 */
export async function withLoopDelay<T>(fn: () => Promise<T>, resolutionMs = 5): Promise<{ value: T; p50Ms: number; p99Ms: number; maxMs: number }> {
  const h: IntervalHistogram = monitorEventLoopDelay({ resolution: resolutionMs });
  h.enable();
  try {
    const value = await fn();
    // A loop blocked until the end records its last (longest) interval only at the next timer tick.
    await new Promise((r) => setTimeout(r, 3 * resolutionMs));
    return { value, ...loopDelayOf(h, resolutionMs) };
  } finally {
    h.disable();
  }
}

function loopDelayOf(h: IntervalHistogram, resolutionMs: number): { p50Ms: number; p99Ms: number; maxMs: number } {
  const ms = (ns: number) => Math.max(0, ns / 1e6 - resolutionMs);
  if (h.count === 0) return { p50Ms: NaN, p99Ms: NaN, maxMs: NaN };
  return { p50Ms: ms(h.percentile(50)), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max) };
}

export const fmt = (x: number | null | undefined, digits = 0): string =>
  x === null || x === undefined || Number.isNaN(x) ? '-' : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
