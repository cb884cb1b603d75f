// The shapes of an explanation, shared by the pure planner (src/core/explain), the session that runs
// it (src/session/explain.ts), the CLI (`rerank-lens explain`) and the panel's "Why?" view.
//
// Offsets are UTF-16 code-unit indexes into the chunk text (or the query), end exclusive: the same
// convention as String.prototype.slice, Chunk.source and PairScore.truncatedAtChar, so a webview can
// slice the text it already has. Scores are the scorer's own numbers (raw logits for the local engine;
// see ScorerInfo.meaning). An effect is `fullScore - scoreWithout`: positive = the unit raises the score.

/** One occlusion unit of a chunk: a sentence, or several merged ones when the chunk had more than the cap. */
export interface SentenceSpan {
  index: number;
  /** The unit without surrounding whitespace: text.slice(start, end) is what a heat map highlights. */
  start: number;
  end: number;
  /** The unit with its whitespace. Tiles cover the text exactly; removing a unit removes its tile. */
  tileStart: number;
  tileEnd: number;
  /** How many Intl.Segmenter sentences the unit holds (> 1 after an abbreviation repair or the cap). */
  merged: number;
}

/** One word of the query (Intl.Segmenter word granularity, word-like segments only). */
export interface TermSpan {
  index: number;
  /** query.slice(start, end) is the word. */
  start: number;
  end: number;
  text: string;
  /** What "without the word" removes: the word and the whitespace after it (before it for the last word). */
  removeStart: number;
  removeEnd: number;
}

export interface SentenceEffect extends SentenceSpan {
  /** The exact chunk text that was scored without this unit. */
  textWithout: string;
  scoreWithout: number;
  /** fullScore - scoreWithout. */
  effect: number;
}

export interface TermEffect extends TermSpan {
  /** The exact query that was scored without this word (same chunk text). */
  queryWithout: string;
  scoreWithout: number;
  effect: number;
}

/** A run of consecutive units that fits the model's length, scored on its own. */
export interface WindowScore {
  /** First and last unit index (inclusive). */
  first: number;
  last: number;
  /** text.slice(start, end) was scored: from the first unit's start to the last unit's end. */
  start: number;
  end: number;
  score: number;
  /** Still truncated by the engine (the token estimate was short, or one unit alone is too long). */
  truncated: boolean;
}

export interface BestWindows {
  /** Chunk tokens the model sees with this query: the budget each window had to fit. */
  budgetTokens: number;
  windows: WindowScore[];
  /** Index into `windows` of the highest score (the first on ties); -1 when there are none. */
  best: number;
  /** True when (part of) the best window lies past the point where the full chunk was cut off: the
   *  model never saw all of the span it likes best when scoring the whole chunk. */
  bestCutOff: boolean;
}

export interface Curve {
  /** Unit indexes in removal order. */
  order: number[];
  /** scores[k] = score with the first k units of `order` removed; scores[0] is the full score and
   *  scores[N] the score of the empty text. Length N + 1. */
  scores: number[];
  /** Trapezoid area under scores over x = k / N in [0, 1] (the mean score along the curve). */
  area: number;
}

export interface Faithfulness {
  /** Units removed from the largest effect to the smallest (ties: lower index first). */
  deletion: Curve;
  /** The same units removed in a seeded random order. */
  random: Curve & { seed: number };
  /** random.area - deletion.area. Positive: removing what the explanation calls important lowers the
   *  score faster than chance, i.e. the effects mean something for this model and chunk. */
  areaDifference: number;
}

/** Pairs scored per part (after removing duplicate texts). */
export interface PairCost {
  /** 1 (the full pair) + one per unit: a 20-sentence chunk costs 21. */
  sentences: number;
  /** One per query word (the chunk with the query minus that word). */
  terms: number;
  windows: number;
  /** Deletion and random curves: at most 2N - 3 new pairs (step 1 of the deletion order and the
   *  empty text are shared with the occlusions). */
  curve: number;
  total: number;
}

export interface Explanation {
  chunkId?: string;
  text: string;
  query: string;
  fullScore: number;
  fullProbability: number;
  /** The full pair lost chunk tokens to truncation, from this UTF-16 offset on (null when not). */
  truncatedAtChar: number | null;
  sentences: SentenceEffect[];
  /** Absent when terms were not requested. */
  terms?: TermEffect[];
  /** Absent when not requested; present with no windows when the chunk fits. */
  windows?: BestWindows;
  /** Absent when not requested or when the chunk has fewer than 2 units (nothing to order). */
  faithfulness?: Faithfulness;
  /** Pairs this explanation needs on its own (unique texts; the engine's cache may have answered some).
   *  Explained together, chunks share identical texts (the empty text), so a run may send fewer. */
  pairs: PairCost;
}

/** Which parts to compute. The basic explanation is sentences only (1 + N pairs, one score call). */
export interface ExplainParts {
  terms?: boolean;
  windows?: boolean;
  curve?: boolean;
}

export interface ExplainOptions extends ExplainParts {
  /** Max units per chunk (default 48). */
  cap?: number;
  locale?: string;
  /** Seed of the random curve's order (default 1). */
  seed?: number;
}
