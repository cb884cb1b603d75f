// Signs that a model is broken although it runs: every distinct chunk scoring the same (an ONNX export
// without its classification head, a constant output) is shown as a warning, never silently ranked.
export const EQUAL_SCORE_EPSILON = 1e-6;

/** A warning when 3+ distinct chunk texts all got scores within 1e-6 of each other, else null. */
export function equalScoresWarning(chunks: readonly string[], scores: readonly number[], model: string): string | null {
  const distinct = new Set(chunks);
  if (distinct.size < 3 || scores.length !== chunks.length) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of scores) {
    lo = Math.min(lo, s);
    hi = Math.max(hi, s);
  }
  if (hi - lo > EQUAL_SCORE_EPSILON) return null;
  return `All ${distinct.size} distinct chunks got the same score (${lo}) from ${model}: the model is likely broken (for example an ONNX export without its classification head), so this ranking means nothing.`;
}
