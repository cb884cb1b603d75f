// Batches sized by memory, not by a fixed pair count. onnxruntime's peak for one run grows with
// pairs x length for the hidden states and with pairs x heads x length^2 for the attention scores, so
// 16 pairs of 64 tokens are cheap while 16 pairs of 2,048 tokens would take gigabytes. A batch's cost
// is counted in "token units": n * L * (1 + L / ATTENTION_LENGTH), i.e. padded tokens, weighted by the
// length once more for attention (at 512 tokens attention weighs as much as everything else).
// The budget keeps MiniLM-L6 at 512 tokens to 8 pairs a run (the peak the 500 MB target allows) and
// runs 2,048-token pairs one at a time.

export const ATTENTION_LENGTH = 512;
export const DEFAULT_MEMORY_BUDGET = 8 * 512 * 2;

export function batchCost(pairs: number, longest: number): number {
  return pairs * longest * (1 + longest / ATTENTION_LENGTH);
}

/**
 * Groups pair indices into batches of at most `maxPairs` pairs and `budget` cost units, longest first
 * (so each batch is padded only to its own longest pair, and the biggest batch runs first: memory
 * trouble shows at once). Ties keep input order. A pair over the budget on its own gets its own batch.
 */
export function planBatchesByMemory(lengths: readonly number[], maxPairs: number, budget = DEFAULT_MEMORY_BUDGET): number[][] {
  const size = Math.max(1, Math.floor(maxPairs) || 1);
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[b] - lengths[a] || a - b);
  const batches: number[][] = [];
  let current: number[] = [];
  for (const i of order) {
    const longest = current.length ? lengths[current[0]] : lengths[i];
    if (current.length && (current.length >= size || batchCost(current.length + 1, longest) > budget)) {
      batches.push(current);
      current = [];
    }
    current.push(i);
  }
  if (current.length) batches.push(current);
  return batches;
}
