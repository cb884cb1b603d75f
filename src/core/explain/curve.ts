// Faithfulness: the deletion curve against a seeded random curve.
//
//   planCurves(text, sentences, effects, seed) -> { deletionOrder, randomOrder, texts }
//   faithfulness(text, sentences, effects, seed, scoreOfText) -> Faithfulness | undefined
//
// Deletion order: units from the largest effect to the smallest (ties: lower index first). After k
// steps the first k units of the order are removed (their tiles cut out, textWithout); scores[0] is
// the full text, scores[N] the empty text. Area: trapezoids over x = k / N, so it is the curve's mean
// score and curves of chunks with different N compare. areaDifference = random.area - deletion.area.
//
// Pairs: step 1 of the deletion order is that unit's occlusion text and step N (empty text) is shared
// by both curves, so with the occlusions already scored the curves add at most (N - 1) + (N - 2) = 2N - 3
// pairs (37 for 20 units); planCurves lists every step text and the caller drops what it has scored.
// Needs the effects, so it is a second score call after the basic explanation.
import { textWithout } from './plan';
import { seededPermutation } from './random';
import type { Curve, Faithfulness, SentenceSpan } from './types';

export const DEFAULT_SEED = 1;

export function deletionOrder(effects: readonly { index: number; effect: number }[]): number[] {
  return [...effects].sort((a, b) => b.effect - a.effect || a.index - b.index).map((e) => e.index);
}

/** Texts after k = 1..N removals in `order`. */
export function stepTexts(text: string, sentences: readonly SentenceSpan[], order: readonly number[]): string[] {
  const removed = new Set<number>();
  return order.map((i) => {
    removed.add(i);
    return textWithout(text, sentences, removed);
  });
}

/** Trapezoid area of scores[0..N] over x in [0, 1]; a single point has its own value as area. */
export function curveArea(scores: readonly number[]): number {
  const n = scores.length - 1;
  if (n <= 0) return scores[0] ?? 0;
  let sum = 0;
  for (let k = 0; k < n; k++) sum += (scores[k] + scores[k + 1]) / 2;
  return sum / n;
}

export interface CurvePlan {
  deletionOrder: number[];
  randomOrder: number[];
  /** Every step text of both curves (k = 1..N), duplicates included; the full text is not listed. */
  texts: string[];
}

export function planCurves(text: string, sentences: readonly SentenceSpan[], effects: readonly { index: number; effect: number }[], seed = DEFAULT_SEED): CurvePlan {
  if (sentences.length < 2) return { deletionOrder: sentences.map((s) => s.index), randomOrder: sentences.map((s) => s.index), texts: [] };
  const del = deletionOrder(effects);
  const rnd = seededPermutation(sentences.length, seed).map((k) => sentences[k].index);
  return { deletionOrder: del, randomOrder: rnd, texts: [...stepTexts(text, sentences, del), ...stepTexts(text, sentences, rnd)] };
}

export function curveOf(text: string, sentences: readonly SentenceSpan[], order: readonly number[], scoreOfText: (t: string) => number): Curve {
  const scores = [scoreOfText(text), ...stepTexts(text, sentences, order).map(scoreOfText)];
  return { order: [...order], scores, area: curveArea(scores) };
}

/** Undefined for fewer than 2 units: one unit has a single order, nothing to compare. */
export function faithfulness(
  text: string,
  sentences: readonly SentenceSpan[],
  effects: readonly { index: number; effect: number }[],
  seed: number,
  scoreOfText: (t: string) => number,
): Faithfulness | undefined {
  if (sentences.length < 2) return undefined;
  const plan = planCurves(text, sentences, effects, seed);
  const deletion = curveOf(text, sentences, plan.deletionOrder, scoreOfText);
  const random = { ...curveOf(text, sentences, plan.randomOrder, scoreOfText), seed };
  return { deletion, random, areaDifference: random.area - deletion.area };
}
