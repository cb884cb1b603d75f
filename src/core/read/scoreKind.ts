// What a score at a user-given path means: a similarity (higher is better) or a distance (lower is
// better). Guessed from the last key's name (`distance`, `_distance`, `dist` -> distance; `score`,
// `similarity`, `relevance`... -> similarity); the user's choice (`--score-kind`, the extension's
// picker) wins. The picker shows scoreKindPicks(path): the guess first, with why.
import type { ScoreKind } from '../types';
import { parsePathPattern } from './paths';

export const SCORE_KINDS = ['similarity', 'distance'] as const;
export type ChosenScoreKind = (typeof SCORE_KINDS)[number];

export function isScoreKind(v: unknown): v is ChosenScoreKind {
  return typeof v === 'string' && (SCORE_KINDS as readonly string[]).includes(v);
}

/** The kind the last key of a score path suggests; 'unknown' when it says nothing. */
export function guessScoreKind(scorePath: string): ScoreKind {
  const p = parsePathPattern(scorePath);
  const last = p.ok ? [...p.pattern].reverse().find((s): s is string => typeof s === 'string') ?? '' : '';
  if (/dist/i.test(last)) return 'distance';
  if (/score|sim|relev|certainty|prob/i.test(last)) return 'similarity';
  return 'unknown';
}

/** The user's kind, else the guess from the path. */
export function scoreKindOf(scorePath: string, chosen?: ChosenScoreKind): ScoreKind {
  return chosen ?? guessScoreKind(scorePath);
}

export interface ScoreKindPick {
  kind: ChosenScoreKind;
  label: string;
  detail: string;
  /** The guess from the path's name: offer it first and preselected. */
  suggested: boolean;
}

/** Items for a quick pick after the user chose a score path; the guessed kind comes first. */
export function scoreKindPicks(scorePath: string): ScoreKindPick[] {
  const guess = guessScoreKind(scorePath);
  const why = guess === 'unknown' ? 'the name does not say' : `suggested by the name of ${scorePath}`;
  const picks: ScoreKindPick[] = [
    { kind: 'similarity', label: 'Similarity: higher is better', detail: `cosine similarity, relevance, BM25 score${guess === 'similarity' ? ` (${why})` : ''}`, suggested: guess === 'similarity' },
    { kind: 'distance', label: 'Distance: lower is better', detail: `cosine or L2 distance, Fuse.js score${guess === 'distance' ? ` (${why})` : ''}`, suggested: guess === 'distance' },
  ];
  return picks.sort((a, b) => Number(b.suggested) - Number(a.suggested));
}
