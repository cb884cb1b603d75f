// Limits checked after the input is read and before any scoring: how many (query, chunk) pairs a run
// may score without being asked (100,000 pairs once ran for minutes with no warning; hours with a large
// model), and how many onnxruntime threads make sense (--threads 999 ran 40x slower than 2).

import { availableParallelism } from 'node:os';
import type { CliIo } from './io';
import type { ChosenSet } from './load';

export { DEFAULT_MAX_PAIRS } from './options';
/** The default model (MiniLM-L-6, fp32) scored 100,000 pairs in 67 s on 2 cores: about 1,500 pairs/s. */
export const DEFAULT_MODEL_PAIRS_PER_SECOND = 1500;

export function formatDuration(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The refusal for a run above --max-pairs (0 = no limit), or null when it may go ahead. */
export function pairLimitProblem(pairs: number, maxPairs: number, pairsPerSecond = DEFAULT_MODEL_PAIRS_PER_SECOND): { message: string; hint: string } | null {
  if (maxPairs === 0 || pairs <= maxPairs) return null;
  const n = (x: number): string => x.toLocaleString('en-US');
  return {
    message: `${n(pairs)} (query, chunk) pairs to score is more than --max-pairs ${n(maxPairs)}: about ${formatDuration(pairs / pairsPerSecond)} with the default model at ~${n(pairsPerSecond)} pairs/s, and 10-50x longer with a large model.`,
    hint: `To score them all, raise the limit: --max-pairs ${pairs} (0 = no limit). Or score fewer with --query-index N.`,
  };
}

/** onnxruntime threads: 0 (all cores) stays; more than the cores is cut to the cores, with a note. */
export function clampThreads(requested: number, cores = availableParallelism()): { threads: number; note?: string } {
  if (requested <= cores) return { threads: requested };
  return { threads: cores, note: `--threads ${requested} is more than the ${cores} available core${cores === 1 ? '' : 's'}; using ${cores} (more threads than cores only makes them wait for each other).` };
}

/** Prints what the limits say; returns the threads to use, or null when the run is refused (exit 2). */
export function applyLimits(opts: { threads: number; maxPairs: number }, chosen: readonly ChosenSet[], io: CliIo): { threads: number } | null {
  const pairs = chosen.reduce((n, c) => n + c.set.chunks.length, 0);
  const problem = pairLimitProblem(pairs, opts.maxPairs);
  if (problem) {
    io.stderr.write(`rerank-lens: error: ${problem.message}\n  ${problem.hint}\n`);
    return null;
  }
  const { threads, note } = clampThreads(opts.threads);
  if (note) io.stderr.write(`rerank-lens: note: ${note}\n`);
  return { threads };
}
