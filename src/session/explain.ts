// Runs explanation plans (src/core/explain) through a Scorer: every modified pair goes through the
// scorer's normal stream, so the local engine batches (length-sorted) and caches it like any rerank.
//
//   explain(scorer, { query, chunks, options, signal, onProgress }) -> ExplainRun
//
// Score calls, for K chunks at once (the "Why?" on a row is K = 1; top-k is one request):
//   A. ONE call, original query: every chunk's full text + text without each unit (deduplicated
//      across chunks). Options with terms/curve/windows all off stop here: 21 pairs for a
//      20-sentence chunk.
//   B. terms: one call per distinct query-without-a-word, over the K full texts (a call has one query).
//   C. curve and windows: ONE more call, original query, with the step and window texts not already
//      scored in A (the deletion order needs A's effects, the window budget A's truncation).
// Progress counts pairs over all calls (the total grows once C is planned). An aborted signal rejects
// with ScorerFailure 'cancelled' (between calls too); the scorer's own failures pass through unchanged.
import {
  addUnique,
  bestWindows,
  DEFAULT_SEED,
  faithfulness,
  measuredTokenCounter,
  planBasic,
  planCurves,
  planWindows,
  sentenceEffects,
  termEffects,
  windowBudget,
  type BasicPlan,
  type ExplainOptions,
  type Explanation,
  type WindowSpan,
} from '../core/explain';
import type { PairScore } from '../core/types';
import { ScorerFailure, type Scorer, type ScorerInfo } from './scorer';

export interface ExplainChunk {
  id?: string;
  text: string;
}

export interface ExplainProgress {
  phase: 'sentences' | 'terms' | 'curve';
  /** Pairs scored so far over all calls, and the pairs planned so far. */
  done: number;
  total: number;
}

export interface ExplainRequest {
  query: string;
  chunks: readonly ExplainChunk[];
  options?: ExplainOptions;
  /** Model max tokens per pair: the window budget when the scorer reports no chunkTokensKept. */
  maxLength?: number;
  /** Exact chunk-token counter for windows (default: the full text's measured tokens per character). */
  countTokens?: (slice: string) => number;
  signal?: AbortSignal;
  onProgress?: (p: ExplainProgress) => void;
}

export interface ExplainRun {
  /** In the order of `chunks`. */
  explanations: Explanation[];
  info: ScorerInfo;
  /** Score calls made and pairs sent (after deduplication across chunks). */
  scoreCalls: number;
  pairs: number;
  cacheHits: number;
  elapsedMs: number;
}

type Scores = Map<string, PairScore>;

function cancelled(): ScorerFailure {
  return new ScorerFailure('cancelled', 'The explanation was cancelled.');
}

function lookup(scores: Scores, what: string): (text: string) => PairScore {
  return (text) => {
    const s = scores.get(text);
    if (!s) throw new ScorerFailure('bad-response', `The scorer returned no score for one of the ${what} texts.`, 'Try again; if it repeats, check the Rerank Lens log.');
    return s;
  };
}

export async function explain(scorer: Scorer, req: ExplainRequest): Promise<ExplainRun> {
  const started = Date.now();
  const options = req.options ?? {};
  const seed = options.seed ?? DEFAULT_SEED;
  let scoreCalls = 0;
  let pairs = 0;
  let cacheHits = 0;
  let total = 0;
  let info = scorer.info();

  /** One score call; the scores come back keyed by the exact text that was scored. */
  const run = async (phase: ExplainProgress['phase'], query: string, texts: string[]): Promise<Scores> => {
    if (req.signal?.aborted) throw cancelled();
    const out: Scores = new Map();
    if (texts.length === 0) return out;
    const base = pairs;
    scoreCalls++;
    const result = await scorer.score({
      query,
      chunks: texts,
      ...(req.signal ? { signal: req.signal } : {}),
      onBatch: (_batch, p) => req.onProgress?.({ phase, done: base + p.done, total }),
    });
    pairs += texts.length;
    cacheHits += result.cacheHits;
    info = result.info;
    texts.forEach((t, i) => {
      const s = result.scores[i];
      if (s) out.set(t, s);
    });
    req.onProgress?.({ phase, done: pairs, total });
    return out;
  };

  const plans: BasicPlan[] = req.chunks.map((c) => planBasic(c.text, req.query, options));
  const phaseA: string[] = [];
  const seenA = new Set<string>();
  for (const p of plans) addUnique(phaseA, seenA, p.chunkTexts);
  const termQueries: string[] = [];
  addUnique(termQueries, new Set(), plans.flatMap((p) => p.termQueries));
  const fullTexts: string[] = [];
  addUnique(fullTexts, new Set(), plans.map((p) => p.text));
  total = phaseA.length + termQueries.length * fullTexts.length;

  // A. full texts and occlusions.
  const a = await run('sentences', req.query, phaseA);
  const scoreA = lookup(a, 'occlusion');
  const basics = plans.map((p) => {
    const full = scoreA(p.text);
    return { plan: p, full, sentences: sentenceEffects(p, (t) => scoreA(t).score) };
  });

  // B. query terms: one call per modified query over every chunk's full text.
  const byQuery = new Map<string, Scores>();
  for (const q of termQueries) byQuery.set(q, await run('terms', q, fullTexts));

  // C. curves and windows, planned from A's effects and truncation.
  const planned = basics.map((b) => {
    const curve = options.curve && b.plan.sentences.length >= 2 ? planCurves(b.plan.text, b.plan.sentences, b.sentences, seed) : undefined;
    let windows: { budget: number; spans: WindowSpan[] } | undefined;
    if (options.windows) {
      const budget = windowBudget(b.full, req.maxLength ?? info.maxLength);
      const count = req.countTokens ?? measuredTokenCounter(b.plan.text, b.full.chunkTokens);
      windows = { budget: budget ?? b.full.chunkTokens, spans: budget === null ? [] : planWindows(b.plan.text, b.plan.sentences, budget, count) };
    }
    return { ...b, curve, windows };
  });
  const phaseC: string[] = [];
  const seenC = new Set(seenA);
  const perChunk = planned.map((p) => {
    const own = new Set(p.plan.chunkTexts);
    const curveNew = p.curve ? [...new Set(p.curve.texts)].filter((t) => !own.has(t)) : [];
    curveNew.forEach((t) => own.add(t));
    const windowNew = p.windows ? [...new Set(p.windows.spans.map((w) => w.text))].filter((t) => !own.has(t)) : [];
    addUnique(phaseC, seenC, [...curveNew, ...windowNew]);
    return { curve: curveNew.length, windows: windowNew.length };
  });
  total += phaseC.length;
  const c = await run('curve', req.query, phaseC);
  const all: Scores = new Map([...a, ...c]);
  const scoreAll = lookup(all, 'curve or window');

  const explanations = planned.map((p, i): Explanation => {
    const chunk = req.chunks[i];
    const termScores = lookup(new Map(termQueries.map((q) => [q, byQuery.get(q)?.get(p.plan.text)]).filter((e): e is [string, PairScore] => e[1] !== undefined)), 'term');
    const cost = { sentences: p.plan.chunkTexts.length, terms: p.plan.termQueries.length, curve: perChunk[i].curve, windows: perChunk[i].windows, total: 0 };
    cost.total = cost.sentences + cost.terms + cost.curve + cost.windows;
    const faith = p.curve ? faithfulness(p.plan.text, p.plan.sentences, p.sentences, seed, (t) => scoreAll(t).score) : undefined;
    return {
      ...(chunk.id !== undefined ? { chunkId: chunk.id } : {}),
      text: p.plan.text,
      query: req.query,
      fullScore: p.full.score,
      fullProbability: p.full.probability,
      truncatedAtChar: p.full.truncated ? p.full.truncatedAtChar : null,
      sentences: p.sentences,
      ...(options.terms ? { terms: termEffects(p.plan, p.full.score, (q) => termScores(q).score) } : {}),
      ...(p.windows ? { windows: bestWindows(p.windows.spans, p.windows.budget, scoreAll, p.full.truncated ? p.full.truncatedAtChar : null) } : {}),
      ...(faith ? { faithfulness: faith } : {}),
      pairs: cost,
    };
  });
  return { explanations, info, scoreCalls, pairs, cacheHits, elapsedMs: Date.now() - started };
}
