// Seeded randomness, one generator for every reproducible number (bootstrap intervals, samples, the
// random deletion order of explanations): mulberry32, 32-bit integer arithmetic only, so the same seed
// gives the same sequence on every platform. Pure.

/** A generator of uniform numbers in [0, 1) from a 32-bit seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
