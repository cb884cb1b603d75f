// Best window for long chunks: score each run of consecutive units that fits the tokens the model sees,
// so a user sees which span the model likes best and whether truncation cut it off.
//
//   windowBudget(full) -> tokens | null         (null: the full pair was not truncated, no windows)
//   measuredTokenCounter(text, chunkTokens)      tokens of a slice, from the full text's own ratio
//   charsTokenCounter(charsPerToken = 4)         a plain estimate before anything was scored
//   planWindows(text, sentences, budget, count) -> WindowSpan[]     bestWindows(...) -> BestWindows
//
// Windows are maximal: from each unit, extend while the slice fits; a window inside the previous one is
// dropped, so there are at most N. A unit that alone is over the budget is its own window (the engine
// truncates it and says so). Any token counter works (a host with the tokenizer can pass an exact one);
// estimates that come out short show as `truncated` on the scored window.
import type { BestWindows, SentenceSpan, WindowScore } from './types';

export interface WindowSpan {
  first: number;
  last: number;
  start: number;
  end: number;
  text: string;
}

/** The facts of the full pair's score that decide the budget (a PairScore has them). */
export interface FullPairFacts {
  truncated: boolean;
  chunkTokens: number;
  /** Chunk tokens the model saw; absent from older engines. */
  chunkTokensKept?: number;
  queryTokens: number;
}

/** Chunk tokens a window may have: what the model kept of the full chunk. Null when nothing was cut.
 *  `maxLength` is the fallback for scorers that do not report chunkTokensKept (3 special tokens). */
export function windowBudget(full: FullPairFacts, maxLength?: number): number | null {
  if (!full.truncated) return null;
  if (full.chunkTokensKept !== undefined) return full.chunkTokensKept;
  if (maxLength !== undefined) return Math.max(1, maxLength - full.queryTokens - 3);
  return null;
}

export function charsTokenCounter(charsPerToken = 4): (slice: string) => number {
  return (slice) => Math.ceil(slice.length / charsPerToken);
}

/** A slice's tokens at the full text's measured tokens-per-character, rounded up. */
export function measuredTokenCounter(text: string, chunkTokens: number): (slice: string) => number {
  const perChar = text.length > 0 ? chunkTokens / text.length : 0;
  return (slice) => Math.ceil(slice.length * perChar);
}

export function planWindows(text: string, sentences: readonly SentenceSpan[], budget: number, countTokens: (slice: string) => number): WindowSpan[] {
  const n = sentences.length;
  if (n === 0 || countTokens(text.slice(sentences[0].start, sentences[n - 1].end)) <= budget) return [];
  const out: WindowSpan[] = [];
  let lastEnd = -1;
  let j = 0;
  for (let i = 0; i < n; i++) {
    j = Math.max(j, i);
    while (j + 1 < n && countTokens(text.slice(sentences[i].start, sentences[j + 1].end)) <= budget) j++;
    if (j <= lastEnd) continue;
    lastEnd = j;
    const start = sentences[i].start;
    const end = sentences[j].end;
    out.push({ first: i, last: j, start, end, text: text.slice(start, end) });
    if (j === n - 1) break;
  }
  return out;
}

export function bestWindows(
  windows: readonly WindowSpan[],
  budgetTokens: number,
  scoreOfText: (t: string) => { score: number; truncated: boolean },
  truncatedAtChar: number | null,
): BestWindows {
  const scored: WindowScore[] = windows.map((w) => {
    const s = scoreOfText(w.text);
    return { first: w.first, last: w.last, start: w.start, end: w.end, score: s.score, truncated: s.truncated };
  });
  let best = -1;
  scored.forEach((w, i) => {
    if (best < 0 || w.score > scored[best].score) best = i;
  });
  const bestCutOff = best >= 0 && truncatedAtChar !== null && scored[best].end > truncatedAtChar;
  return { budgetTokens, windows: scored, best, bestCutOff };
}
