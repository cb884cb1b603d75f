// Scoring the chosen query sets with the engine process and ranking them with core/rank.ts (ties in the
// retriever's order; threshold in the --activation's space, AND top-k). The order follows the score the
// output shows: the raw logit, or the probability. --activation auto (the default) is resolved once
// the engine reports the model (ModelInfo.activation, from config.json): what sentence-transformers'
// CrossEncoder.predict returns for it, so a threshold copied from Python code means the same here; a
// threshold outside [0, 1] for a model whose predict returns a probability is then refused (UsageError,
// exit 2) before the other sets are scored. For single-logit models
// (every ms-marco cross-encoder) both give the same order; for models with several labels the
// probability is a softmax over all logits and can order differently than the one logit, and the
// issue-2 contract is that results are sorted by the score printed.

import { rankChunks, selectKept, type RankedSet } from '../core/rank';
import type { EngineClient } from '../engine/client';
import type { Activation, DownloadProgress, ModelInfo, ModelSpec, RunOptions } from '../engine/protocol';
import { mapLimited, parallelFor } from '../scorers/pool';
import type { Scorer, ScorerInfo } from '../session/scorer';
import type { ChosenSet } from './load';
import { UsageError, type CliActivation } from './options';

/** The part of EngineClient the CLI uses (tests pass a shared client to run main() in-process). */
export type CliEngine = Pick<EngineClient, 'score' | 'dispose'>;

export interface ScoredSet extends RankedSet {
  /** Position of the set in the input (what --query-index counts). */
  index: number;
  /** The set as read (the ranked `set` carries the query actually used). */
  original: ChosenSet['original'];
}

export interface KeepRule {
  activation: CliActivation;
  threshold: number | null;
  topK: number | null;
}

/** The activation a run used: what `score` is, and why (said in the JSON and the table header). */
export interface ResolvedActivation {
  activation: Activation;
  requested: CliActivation;
  reason: string;
}

type ModelActivation = NonNullable<ModelInfo['activation']>;

const FN_NAME: Record<ModelActivation['fn'], string> = { identity: 'Identity', sigmoid: 'Sigmoid', softmax: 'Softmax' };

/** --activation auto|raw|sigmoid against what the model's CrossEncoder.predict applies (undefined: not known). */
export function resolveActivation(requested: CliActivation, model: ModelActivation | undefined): ResolvedActivation {
  const predicts = (m: ModelActivation) => (m.fn === 'identity' ? 'raw' : 'sigmoid');
  const modelSays = (m: ModelActivation) => `CrossEncoder.predict applies ${FN_NAME[m.fn]} (${m.reason})`;
  if (requested !== 'auto') {
    const same = model ? (predicts(model) === requested ? `, as ${modelSays(model)}` : `; ${modelSays(model)}, which --activation ${predicts(model)} or auto would show`) : '';
    return { activation: requested, requested, reason: `--activation ${requested}${same}` };
  }
  if (!model) return { activation: 'raw', requested, reason: 'the model reports no activation: the raw logit' };
  return { activation: predicts(model), requested, reason: `--activation auto: ${modelSays(model)}` };
}

/** A threshold read as a probability must be one; with auto the message names the model's activation. */
export function checkThreshold(threshold: number | null, resolved: ResolvedActivation): void {
  if (threshold === null || resolved.activation !== 'sigmoid' || (threshold >= 0 && threshold <= 1)) return;
  throw new UsageError(
    `--threshold ${threshold} is compared with the probability: ${resolved.reason}. A probability is between 0 and 1.`,
    'Give a threshold between 0 and 1, or pass --activation raw to threshold the raw logit.',
  );
}

/** Ranked on the shown score (the probability or the logit), then given back the engine's own PairScore (export writes both values). */
function rankAndKeep(c: ChosenSet, scores: ScoredSet['ranked'][number]['score'][], activation: Activation, rule: KeepRule): ScoredSet {
  const byShownScore = activation === 'sigmoid' ? scores.map((x) => x && { ...x, score: x.probability }) : scores;
  const ranked = rankChunks(c.set.chunks, byShownScore).map((r) => ({ ...r, score: scores[r.index] }));
  const kept = selectKept(ranked, { threshold: { space: activation === 'sigmoid' ? 'probability' : 'logit', value: rule.threshold }, topK: rule.topK });
  return { index: c.index, original: c.original, set: c.set, ranked, kept };
}

export async function scoreSets(
  engine: CliEngine,
  spec: ModelSpec,
  run: RunOptions,
  chosen: readonly ChosenSet[],
  rule: KeepRule,
  onProgress?: (p: DownloadProgress) => void,
): Promise<{ scored: ScoredSet[]; info?: ModelInfo; warnings: string[]; activation: ResolvedActivation }> {
  const all: ScoredSet['ranked'][number]['score'][][] = [];
  const warnings: string[] = [];
  let info: ModelInfo | undefined;
  let resolved: ResolvedActivation | undefined;
  for (const c of chosen) {
    let scores: ScoredSet['ranked'][number]['score'][] = [];
    if (c.set.chunks.length > 0) {
      const outcome = await engine.score({ spec, run, query: c.set.query, chunks: c.set.chunks.map((x) => x.text), onProgress });
      info = outcome.info;
      scores = outcome.scores;
      if (!resolved) {
        // The first model report decides auto; a threshold that cannot apply stops here.
        resolved = resolveActivation(rule.activation, info.activation);
        checkThreshold(rule.threshold, resolved);
      }
      // The engine's checks on the scores (e.g. all equal across distinct chunks: a model without its head).
      for (const w of (outcome as { warnings?: string[] }).warnings ?? []) warnings.push(`query set ${c.index}: ${w}`);
    }
    const missing = c.set.chunks.findIndex((_, i) => !scores[i]);
    if (missing >= 0) throw new Error(`The engine returned no score for chunk ${missing} of query set ${c.index}.`);
    all.push(scores);
  }
  const activation = resolved ?? resolveActivation(rule.activation, undefined);
  return { scored: chosen.map((c, n) => rankAndKeep(c, all[n], activation.activation, rule)), info, warnings, activation };
}

/**
 * The same for any Scorer (`--scorer SPEC`: a local model or a rerank server). Ranked and kept like
 * scoreSets; a scorer failure propagates as the ScorerFailure (message + hint) after the sets already
 * scored. Remote scores carry no token counts (0) and are never marked truncated: the server truncates.
 */
export async function scoreSetsWithScorer(
  scorer: Scorer,
  chosen: readonly ChosenSet[],
  rule: KeepRule,
  signal?: AbortSignal,
): Promise<{ scored: ScoredSet[]; info: ScorerInfo; activation: ResolvedActivation; modelActivation?: ModelActivation }> {
  let modelActivation: ModelActivation | undefined;
  // A few queries in flight for a rerank server, one at a time for the local engine.
  const all = await mapLimited(chosen, parallelFor(scorer), async (c) => {
    if (c.set.chunks.length === 0) return [];
    const r = await scorer.score({ query: c.set.query, chunks: c.set.chunks.map((x) => x.text), ...(signal ? { signal } : {}) });
    modelActivation ??= activationOf(r.details);
    return r.scores;
  });
  const info = scorer.info();
  let activation: ResolvedActivation;
  if (info.kind === 'remote' && rule.activation === 'auto') {
    // A rerank server's own number is what its users threshold: auto keeps it (logit, probability or relevance).
    activation = { activation: 'raw', requested: 'auto', reason: `--activation auto: ${info.provider}'s own number (${info.meaning})` };
  } else activation = resolveActivation(rule.activation, modelActivation);
  checkThreshold(rule.threshold, activation);
  return { scored: chosen.map((c, n) => rankAndKeep(c, all[n], activation.activation, rule)), info, activation, ...(modelActivation ? { modelActivation } : {}) };
}

/** A local scorer's ScoreResult.details carry the engine's ModelInfo.activation. */
function activationOf(details: Readonly<Record<string, unknown>> | undefined): ModelActivation | undefined {
  const a = details?.activation as { fn?: unknown; reason?: unknown } | undefined;
  return a && (a.fn === 'identity' || a.fn === 'sigmoid' || a.fn === 'softmax') && typeof a.reason === 'string' ? { fn: a.fn, reason: a.reason } : undefined;
}
