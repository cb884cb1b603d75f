/** The logistic function: a single-logit cross-encoder's probability. Two branches keep exp() from
 *  overflowing for large |x|. Shared by the engine (scores) and the panel (threshold spaces). */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
