// What a heat map and a screen reader need from effects: one symmetric scale per explanation (so
// colour intensity compares across the chunk's sentences and the query's words) and the words for an
// effect ("raises the score by 2.10" / "lowers the score by 0.40"), shared by the panel and the CLI.
//
//   effectScale(explanation) -> max |effect| (0 when all are 0)   heatLevel(effect, scale) -> [-1, 1]
//   describeEffect(effect, digits = 2) -> words
import type { Explanation } from './types';

export function effectScale(e: Pick<Explanation, 'sentences' | 'terms'>): number {
  let max = 0;
  for (const s of e.sentences) max = Math.max(max, Math.abs(s.effect));
  for (const t of e.terms ?? []) max = Math.max(max, Math.abs(t.effect));
  return max;
}

/** The effect on the scale: -1 (lowers most) .. 1 (raises most); 0 when the scale is 0. */
export function heatLevel(effect: number, scale: number): number {
  if (!(scale > 0)) return 0;
  return Math.max(-1, Math.min(1, effect / scale));
}

export function describeEffect(effect: number, digits = 2): string {
  const size = Math.abs(effect).toFixed(digits);
  if (Number(size) === 0) return 'no effect';
  return effect > 0 ? `raises the score by ${size}` : `lowers the score by ${size}`;
}
