// Cost of an explanation in pairs to score, BEFORE anything is scored (the panel shows it before a
// large request; the CLI prints it). Sentences and terms are exact (duplicates removed, as planned);
// windows use a characters-per-token estimate; the curve is its upper bound 2N - 3 (fewer when step
// texts repeat). The real count of a finished explanation is Explanation.pairs.
//
//   estimateCost(chunkTexts, query, options, { maxLength, charsPerToken }) -> CostEstimate
import { planBasic } from './plan';
import type { ExplainOptions, PairCost } from './types';
import { charsTokenCounter, planWindows } from './windows';

export interface CostEstimate extends PairCost {
  /** Chunks counted. */
  chunks: number;
  /** False when windows or curve are estimates (upper bound for the curve). */
  exact: boolean;
}

export interface CostContext {
  /** The model's max tokens per pair (default 512). */
  maxLength?: number;
  /** Characters per token for the window estimate (default 4, English WordPiece). */
  charsPerToken?: number;
}

/** Curve pairs beyond the occlusions for N units: deletion steps 2..N, random steps 2..N-1. */
export function curvePairsBound(units: number): number {
  return units < 2 ? 0 : 2 * units - 3;
}

export function estimateCost(chunkTexts: readonly string[], query: string, options: ExplainOptions = {}, ctx: CostContext = {}): CostEstimate {
  const cost: CostEstimate = { sentences: 0, terms: 0, windows: 0, curve: 0, total: 0, chunks: chunkTexts.length, exact: true };
  const count = charsTokenCounter(ctx.charsPerToken ?? 4);
  const budget = Math.max(1, (ctx.maxLength ?? 512) - count(query) - 3);
  for (const text of chunkTexts) {
    const plan = planBasic(text, query, options);
    cost.sentences += plan.chunkTexts.length;
    cost.terms += plan.termQueries.length;
    if (options.curve) {
      const bound = curvePairsBound(plan.sentences.length);
      cost.curve += bound;
      if (bound > 0) cost.exact = false;
    }
    if (options.windows) {
      cost.windows += planWindows(text, plan.sentences, budget, count).length;
      cost.exact = false;
    }
  }
  cost.total = cost.sentences + cost.terms + cost.windows + cost.curve;
  return cost;
}
