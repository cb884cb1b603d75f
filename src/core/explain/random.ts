// A seeded shuffle for the random deletion order: the same seed gives the same order on every platform
// (core/random.ts: mulberry32, 32-bit integer arithmetic only), so a faithfulness number can be reproduced.
import { seededRandom } from '../random';

/** 0..n-1 in a Fisher-Yates order drawn from `seed`. */
export function seededPermutation(n: number, seed: number): number[] {
  const next = seededRandom(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
