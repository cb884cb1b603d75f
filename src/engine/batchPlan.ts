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

/**
 * Batches formed as pairs arrive in a fixed order (longest text first, see orderByLength): a batch
 * closes when it has `maxPairs` pairs or the next pair would take it over the budget. Lets the engine
 * run a batch while the next pairs are still being tokenized (tokenizeWorker.ts), with the padding of
 * a length-sorted plan as far as characters predict tokens.
 */
export class StreamBatcher<T> {
  private current: T[] = [];
  private longest = 0;
  constructor(private readonly maxPairs: number, private readonly budget = DEFAULT_MEMORY_BUDGET) {}

  /** Adds a pair; returns the batch it closed, if any. */
  add(item: T, length: number): T[] | null {
    let closed: T[] | null = null;
    const size = Math.max(1, Math.floor(this.maxPairs) || 1);
    const longest = Math.max(this.longest, length);
    if (this.current.length && (this.current.length >= size || batchCost(this.current.length + 1, longest) > this.budget)) {
      closed = this.current;
      this.current = [];
      this.longest = 0;
    }
    this.current.push(item);
    this.longest = Math.max(this.longest, length);
    return closed;
  }

  /** The last, partly filled batch. */
  flush(): T[] | null {
    const rest = this.current;
    this.current = [];
    this.longest = 0;
    return rest.length ? rest : null;
  }
}

/** Indices by text length, longest first (ties in input order): the order pairs are tokenized and batched in. */
export function orderByLength(indices: readonly number[], texts: readonly string[], extraChars?: (i: number) => number): number[] {
  const chars = (i: number) => texts[i].length + (extraChars ? extraChars(i) : 0);
  return [...indices].sort((a, b) => chars(b) - chars(a) || a - b);
}

/** The batches the engine runs for texts (in `order`) whose encoded lengths are `lengths` (by index). */
export function planStreaming(order: readonly number[], lengths: readonly number[], maxPairs: number, budget = DEFAULT_MEMORY_BUDGET): number[][] {
  const b = new StreamBatcher<number>(maxPairs, budget);
  const out: number[][] = [];
  for (const i of order) {
    const closed = b.add(i, lengths[i]);
    if (closed) out.push(closed);
  }
  const rest = b.flush();
  if (rest) out.push(rest);
  return out;
}
