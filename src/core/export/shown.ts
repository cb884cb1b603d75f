// The number an export writes as `score`: the one its caller shows (the CLI's --activation, the panel's
// score display), so a threshold read off the file means what it meant on screen; the probability and
// the raw logit always go beside it.
import type { RankedSet } from '../rank';
import type { ScoreSpace } from '../types';
import type { ExportSet } from './types';

export function withShownScores(sets: readonly RankedSet[], space: ScoreSpace): ExportSet[] {
  return sets.map((s) => ({
    ...s,
    ranked: s.ranked.map((r) => (r.score ? { ...r, score: { score: space === 'probability' ? r.score.probability : r.score.score, probability: r.score.probability, logit: r.score.score } } : r)),
  }));
}
