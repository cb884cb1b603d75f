// Seeded pseudo-random numbers, so a generated model is byte-for-byte reproducible from (shape, seed).
// Each tensor gets its own stream keyed by (seed, tensor name): adding or resizing one tensor (for
// example a 2-label classifier) leaves every other tensor's values unchanged.

/** FNV-1a 32-bit hash of a string, mixed with a seed. */
export function hashSeed(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** mulberry32: small, fast, good enough for test weights. Returns floats in [0, 1). */
export function mulberry32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` values, uniform on [mean - a, mean + a] with a = std * sqrt(3), so the standard deviation
 * is `std`. Uniform (not normal) keeps int8 quantization of the weights well behaved.
 */
export function uniformTensor(seed: number, name: string, count: number, std: number, mean = 0): Float32Array {
  const next = mulberry32(hashSeed(seed, name));
  const a = std * Math.sqrt(3);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = mean + (2 * next() - 1) * a;
  return out;
}
