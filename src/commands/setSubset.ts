// Which queries of a big labelled set to score: all of them, the first N, or a seeded sample of N
// (the same choice as the CLI's --max-queries and --sample/--seed). Pure, so it is unit-tested.
import { sampleIndexes } from '../core/eval/random';
import type { ReadResult } from '../core/types';

/** Sets above this many queries are offered a subset before scoring. */
export const SUBSET_OFFER_ABOVE = 200;
export const SUBSET_SIZE = 100;
export const SUBSET_SEED = 1;

export type SubsetChoice = { kind: 'all' } | { kind: 'first'; n: number } | { kind: 'sample'; n: number; seed: number };

/** The input narrowed to the chosen queries (file order kept), and a note for the view. */
export function narrowToSubset(result: ReadResult, choice: SubsetChoice): { result: ReadResult; note?: string } {
  if (choice.kind === 'all') return { result };
  const n = result.sets.length;
  const keep = choice.kind === 'first' ? Array.from({ length: Math.min(n, choice.n) }, (_, i) => i) : sampleIndexes(n, choice.n, choice.seed);
  const note =
    choice.kind === 'first'
      ? `Only the first ${keep.length} of ${n} queries are scored and measured (CLI: --max-queries ${choice.n}).`
      : `A seeded sample of ${keep.length} of ${n} queries (seed ${choice.seed}) is scored and measured (CLI: --sample ${choice.n} --seed ${choice.seed}).`;
  return { result: { ...result, sets: keep.map((i) => result.sets[i]) }, note };
}
