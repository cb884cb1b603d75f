// Scoring the chosen query sets with the engine process and ranking them with core/rank.ts (ties in the
// retriever's order; threshold in the --activation's space, AND top-k). The order follows the score the
// output shows: the raw logit, or with --activation sigmoid the probability. For single-logit models
// (every ms-marco cross-encoder) both give the same order; for models with several labels the
// probability is a softmax over all logits and can order differently than the one logit, and the
// issue-2 contract is that results are sorted by the score printed.

import { rankChunks, selectKept, type RankedSet } from '../core/rank';
import type { EngineClient } from '../engine/client';
import type { Activation, DownloadProgress, ModelInfo, ModelSpec, RunOptions } from '../engine/protocol';
import { mapLimited, parallelFor } from '../scorers/pool';
import type { Scorer, ScorerInfo } from '../session/scorer';
import type { ChosenSet } from './load';

/** The part of EngineClient the CLI uses (tests pass a shared client to run main() in-process). */
export type CliEngine = Pick<EngineClient, 'score' | 'dispose'>;

export interface ScoredSet extends RankedSet {
  /** Position of the set in the input (what --query-index counts). */
  index: number;
  /** The set as read (the ranked `set` carries the query actually used). */
  original: ChosenSet['original'];
}

export interface KeepRule {
  activation: Activation;
  threshold: number | null;
  topK: number | null;
}

export async function scoreSets(
  engine: CliEngine,
  spec: ModelSpec,
  run: RunOptions,
  chosen: readonly ChosenSet[],
  rule: KeepRule,
  onProgress?: (p: DownloadProgress) => void,
): Promise<{ scored: ScoredSet[]; info?: ModelInfo; warnings: string[] }> {
  const scored: ScoredSet[] = [];
  const warnings: string[] = [];
  let info: ModelInfo | undefined;
  for (const c of chosen) {
    let scores: ScoredSet['ranked'][number]['score'][] = [];
    if (c.set.chunks.length > 0) {
      const outcome = await engine.score({ spec, run, query: c.set.query, chunks: c.set.chunks.map((x) => x.text), onProgress });
      info = outcome.info;
      scores = outcome.scores;
      // The engine's checks on the scores (e.g. all equal across distinct chunks: a model without its head).
      for (const w of (outcome as { warnings?: string[] }).warnings ?? []) warnings.push(`query set ${c.index}: ${w}`);
    }
    const missing = c.set.chunks.findIndex((_, i) => !scores[i]);
    if (missing >= 0) throw new Error(`The engine returned no score for chunk ${missing} of query set ${c.index}.`);
    const byShownScore = rule.activation === 'sigmoid' ? scores.map((x) => x && { ...x, score: x.probability }) : scores;
    // Ranked on the shown score, then given back the engine's own PairScore (export writes both values).
    const ranked = rankChunks(c.set.chunks, byShownScore).map((r) => ({ ...r, score: scores[r.index] }));
    const kept = selectKept(ranked, {
      threshold: { space: rule.activation === 'sigmoid' ? 'probability' : 'logit', value: rule.threshold },
      topK: rule.topK,
    });
    scored.push({ index: c.index, original: c.original, set: c.set, ranked, kept });
  }
  return { scored, info, warnings };
}

/**
 * The same for any Scorer (`--scorer SPEC`: a local model or a rerank server). Ranked and kept like
 * scoreSets; a scorer failure propagates as the ScorerFailure (message + hint) after the sets already
 * scored. Remote scores carry no token counts (0) and are never marked truncated: the server truncates.
 */
export async function scoreSetsWithScorer(scorer: Scorer, chosen: readonly ChosenSet[], rule: KeepRule, signal?: AbortSignal): Promise<{ scored: ScoredSet[]; info: ScorerInfo }> {
  // A few queries in flight for a rerank server, one at a time for the local engine.
  const all = await mapLimited(chosen, parallelFor(scorer), async (c) =>
    c.set.chunks.length > 0 ? (await scorer.score({ query: c.set.query, chunks: c.set.chunks.map((x) => x.text), ...(signal ? { signal } : {}) })).scores : [],
  );
  const scored: ScoredSet[] = [];
  for (const [n, c] of chosen.entries()) {
    const scores = all[n];
    const byShownScore = rule.activation === 'sigmoid' ? scores.map((x) => x && { ...x, score: x.probability }) : scores;
    const ranked = rankChunks(c.set.chunks, byShownScore).map((r) => ({ ...r, score: scores[r.index] }));
    const kept = selectKept(ranked, { threshold: { space: rule.activation === 'sigmoid' ? 'probability' : 'logit', value: rule.threshold }, topK: rule.topK });
    scored.push({ index: c.index, original: c.original, set: c.set, ranked, kept });
  }
  return { scored, info: scorer.info() };
}
