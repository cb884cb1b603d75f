// RerankSession: one input (the sets a reader found, where they came from), the runs that score them,
// and the scored results per set and scorer. It knows no webview and no VS Code: the panel, the CLI
// and tests drive it the same way, and any Scorer (local engine, remote server, a second model) plugs
// in. One run at a time: starting a run cancels the one before, whose late batches are never
// reported (a stale batch applied to a new query would show wrong scores).
import type { PairScore, ReadResult, RetrievalSet } from '../core/types';
import { ScorerFailure, type ScoreProgress, type Scorer, type ScorerInfo } from './scorer';

/** Where an input came from. `uri` is a string so the session stays free of VS Code types. */
export interface SessionSource {
  kind: 'selection' | 'file';
  /** "results.jsonl" or "Selection in notes.md (lines 3-40)". */
  label: string;
  uri?: string;
  /** Editor column the chunks came from (reveal opens the source there, not over the panel). */
  viewColumn?: number;
}

export interface SessionInput {
  source: SessionSource;
  /** The text the reader read (selection or file), kept for export in the input's own shape. */
  text?: string;
  result: ReadResult;
}

/** The scores of one set by one scorer for one query. */
export interface ScoredSet {
  setIndex: number;
  query: string;
  scorer: ScorerInfo;
  /** By chunk index; holes while a run streams or after a cancel. */
  scores: (PairScore | undefined)[];
  complete: boolean;
  elapsedMs?: number;
  cacheHits?: number;
  details?: Readonly<Record<string, unknown>>;
}

export type RunEvent =
  | { type: 'batch'; scores: PairScore[]; progress: ScoreProgress }
  | { type: 'progress'; progress: ScoreProgress };

export type RunOutcome =
  | { status: 'done'; scored: ScoredSet }
  | { status: 'cancelled'; scored: ScoredSet }
  | { status: 'failed'; error: ScorerFailure; scored: ScoredSet }
  /** A newer run (or dispose) replaced this one; nothing of it was kept. */
  | { status: 'superseded' }
  /** Nothing to score: no such set, no chunks or an empty query. */
  | { status: 'invalid'; message: string; hint: string };

export interface RunRequest {
  setIndex: number;
  query: string;
  scorer: Scorer;
  /** Called for the current run only, in order. */
  onEvent?: (event: RunEvent) => void;
}

export interface SetsProgress {
  queriesDone: number;
  queriesTotal: number;
  pairsDone: number;
  pairsTotal: number;
  /** Date.now() when the run started: with pairs done it gives the time left. */
  startedAt: number;
}

export interface SetsRequest {
  setIndexes: readonly number[];
  scorer: Scorer;
  onSetDone?: (scored: ScoredSet, progress: SetsProgress) => void;
  onProgress?: (progress: SetsProgress) => void;
  /** Model download or server wait, before any score. */
  onModelProgress?: (progress: ScoreProgress) => void;
}

export type SetsOutcome =
  | { status: 'done'; progress: SetsProgress }
  | { status: 'cancelled'; progress: SetsProgress }
  | { status: 'failed'; error: ScorerFailure; progress: SetsProgress; setIndex: number }
  | { status: 'superseded' };

/** A download or server wait worth showing; not the "model ready" details every request of a
 *  many-set run reports (they would flash a loading status between groups). */
const isModelProgress = (p: ScoreProgress): boolean => p.details === undefined || p.download !== undefined;

/** Estimated milliseconds left from the pairs done so far (undefined before the first pair). */
export function timeLeftMs(p: SetsProgress, now = Date.now()): number | undefined {
  if (p.pairsDone <= 0) return undefined;
  return ((now - p.startedAt) / p.pairsDone) * (p.pairsTotal - p.pairsDone);
}

const keyOf = (setIndex: number, identity: string) => `${setIndex}\u0000${identity}`;

/** What a scorer threw, as the ScorerFailure the Scorer contract promises (a bug elsewhere: 'internal'). */
const asScorerFailure = (e: unknown): ScorerFailure =>
  e instanceof ScorerFailure ? e : new ScorerFailure('internal', e instanceof Error ? e.message : String(e), 'See the log for details.');

/** Pairs per request when a scorer takes several queries at once: big enough that batches fill and
 *  the per-request round trip vanishes, small enough that finished queries show up every few seconds. */
export const GROUP_PAIRS = 256;

/** Consecutive sets grouped so each group holds about `target` pairs (a bigger set is a group alone). */
export function groupSets(sets: readonly number[], pairsOf: (set: number) => number, target: number): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let pairs = 0;
  for (const s of sets) {
    const n = pairsOf(s);
    if (current.length && pairs + n > target) {
      groups.push(current);
      current = [];
      pairs = 0;
    }
    current.push(s);
    pairs += n;
  }
  if (current.length) groups.push(current);
  return groups;
}

export class RerankSession {
  private inputValue: SessionInput;
  private readonly results = new Map<string, ScoredSet>();
  private generation = 0;
  private running: { controller: AbortController; done: Promise<void> } | undefined;
  private disposed = false;

  constructor(input: SessionInput) {
    this.inputValue = input;
  }

  get input(): SessionInput {
    return this.inputValue;
  }

  set(index: number): RetrievalSet | undefined {
    return this.inputValue.result.sets[index];
  }

  /** Replaces the input (re-read after a reload): results of the old input no longer apply. */
  replaceInput(input: SessionInput): void {
    this.stop();
    this.inputValue = input;
    this.results.clear();
  }

  /** The latest scores of a set by a scorer (the last query it was scored with). */
  scored(setIndex: number, scorerIdentity: string): ScoredSet | undefined {
    return this.results.get(keyOf(setIndex, scorerIdentity));
  }

  /** Every set scored so far by `scorerIdentity` (export writes these), by set index. */
  scoredBy(scorerIdentity: string): ScoredSet[] {
    return [...this.results.values()].filter((s) => s.scorer.identity === scorerIdentity).sort((a, b) => a.setIndex - b.setIndex);
  }

  /** Keeps results scored elsewhere (a restored panel's rows) as if this session had scored them. */
  adopt(scored: ScoredSet): void {
    this.results.set(keyOf(scored.setIndex, scored.scorer.identity), scored);
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Scores set `setIndex` with `query`. Cancels a run in progress first. Never throws. */
  async run(req: RunRequest): Promise<RunOutcome> {
    this.stop();
    const generation = this.generation;
    const set = this.set(req.setIndex);
    if (!set) return { status: 'invalid', message: `There is no query set ${req.setIndex}.`, hint: 'Pick one of the sets listed in the query picker.' };
    if (set.chunks.length === 0) {
      return { status: 'invalid', message: 'There are no chunks to rerank.', hint: 'Select the retrieved chunks (or open a results file) and run Rerank Selection or Rerank File.' };
    }
    if (req.query.trim() === '') return { status: 'invalid', message: 'The query is empty.', hint: 'Type the query the chunks were retrieved for and press Enter.' };

    const controller = new AbortController();
    let markDone: () => void = () => undefined;
    this.running = { controller, done: new Promise<void>((r) => (markDone = r)) };
    const current = () => this.generation === generation && !this.disposed;
    const scored: ScoredSet = { setIndex: req.setIndex, query: req.query, scorer: req.scorer.info(), scores: Array.from({ length: set.chunks.length }, () => undefined), complete: false };
    try {
      const result = await req.scorer.score({
        query: req.query,
        chunks: set.chunks.map((c) => c.text),
        signal: controller.signal,
        onBatch: (scores, progress) => {
          if (!current()) return;
          for (const s of scores) scored.scores[s.index] = s;
          req.onEvent?.({ type: 'batch', scores, progress });
        },
        onProgress: (progress) => {
          if (current()) req.onEvent?.({ type: 'progress', progress });
        },
      });
      if (!current()) return { status: 'superseded' };
      // The final scores are authoritative (every batch is in them, even one a listener missed).
      result.scores.forEach((s, i) => (scored.scores[i] = s));
      Object.assign(scored, { scorer: result.info, complete: true, elapsedMs: result.elapsedMs, cacheHits: result.cacheHits, details: result.details });
      this.results.set(keyOf(req.setIndex, scored.scorer.identity), scored);
      return { status: 'done', scored };
    } catch (e) {
      if (!current()) return { status: 'superseded' };
      const error = asScorerFailure(e);
      error.partial?.forEach((s, i) => s && (scored.scores[i] = s));
      return error.code === 'cancelled' ? { status: 'cancelled', scored } : { status: 'failed', error, scored };
    } finally {
      markDone();
      if (this.generation === generation) this.running = undefined;
    }
  }

  /**
   * Scores many sets with one scorer, query after query, as one stream: progress counts queries and
   * pairs over the whole request. Sets already scored by this scorer with the same query are skipped.
   * Cancels a run in progress first; a later run supersedes this one.
   */
  async runSets(req: SetsRequest): Promise<SetsOutcome> {
    this.stop();
    const generation = this.generation;
    const identity = req.scorer.info().identity;
    const todo = req.setIndexes.filter((i) => {
      const set = this.set(i);
      const done = this.scored(i, identity);
      return set && set.chunks.length > 0 && (set.query ?? '').trim() !== '' && !(done?.complete && done.query === set.query);
    });
    const totalPairs = todo.reduce((n, i) => n + (this.set(i)?.chunks.length ?? 0), 0);
    const controller = new AbortController();
    let markDone: () => void = () => undefined;
    this.running = { controller, done: new Promise<void>((r) => (markDone = r)) };
    const current = () => this.generation === generation && !this.disposed;
    const progress: SetsProgress = { queriesDone: 0, queriesTotal: todo.length, pairsDone: 0, pairsTotal: totalPairs, startedAt: Date.now() };
    try {
      if (req.scorer.scorePairs) return await this.runSetsAsPairs(req, todo, progress, controller.signal, current);
      for (const setIndex of todo) {
        const set = this.set(setIndex)!;
        const scored: ScoredSet = { setIndex, query: set.query ?? '', scorer: req.scorer.info(), scores: Array.from({ length: set.chunks.length }, () => undefined), complete: false };
        const before = progress.pairsDone;
        try {
          const result = await req.scorer.score({
            query: scored.query,
            chunks: set.chunks.map((c) => c.text),
            signal: controller.signal,
            onBatch: (_scores, p) => {
              if (!current()) return;
              progress.pairsDone = before + p.done;
              req.onProgress?.({ ...progress });
            },
            onProgress: (p) => current() && isModelProgress(p) && req.onModelProgress?.(p),
          });
          if (!current()) return { status: 'superseded' };
          result.scores.forEach((x, i) => (scored.scores[i] = x));
          Object.assign(scored, { scorer: result.info, complete: true, elapsedMs: result.elapsedMs, cacheHits: result.cacheHits, details: result.details });
          this.results.set(keyOf(setIndex, scored.scorer.identity), scored);
          progress.queriesDone++;
          progress.pairsDone = before + set.chunks.length;
          req.onSetDone?.(scored, { ...progress });
        } catch (e) {
          if (!current()) return { status: 'superseded' };
          const error = asScorerFailure(e);
          return error.code === 'cancelled' ? { status: 'cancelled', progress } : { status: 'failed', error, progress, setIndex };
        }
      }
      return { status: 'done', progress };
    } finally {
      markDone();
      if (this.generation === generation) this.running = undefined;
    }
  }

  /**
   * runSets for a scorer that takes several queries per request (the local engine): whole sets are
   * grouped into requests of about GROUP_PAIRS pairs, so batches fill up and pad to similar lengths
   * across queries, as in one big single-query run (issue 9: <= 5% overhead). A set is reported done
   * when its last pair arrives; the group size bounds how long the first one takes.
   */
  private async runSetsAsPairs(req: SetsRequest, todo: readonly number[], progress: SetsProgress, signal: AbortSignal, current: () => boolean): Promise<SetsOutcome> {
    const scorePairs = req.scorer.scorePairs!.bind(req.scorer);
    for (const group of groupSets(todo, (i) => this.set(i)!.chunks.length, GROUP_PAIRS)) {
      const started = Date.now();
      const queries: string[] = [];
      const queryOf: number[] = [];
      const chunks: string[] = [];
      /** Pair j of the request is chunk chunkOf[j] of set queryOf[j] (a position in `group`). */
      const chunkOf: number[] = [];
      const scored: ScoredSet[] = group.map((setIndex, g) => {
        const set = this.set(setIndex)!;
        queries.push(set.query ?? '');
        set.chunks.forEach((c, chunk) => {
          chunks.push(c.text);
          queryOf.push(g);
          chunkOf.push(chunk);
        });
        return { setIndex, query: set.query ?? '', scorer: req.scorer.info(), scores: Array.from({ length: set.chunks.length }, () => undefined), complete: false };
      });
      const missing = scored.map((s) => s.scores.length);
      const before = progress.pairsDone;
      const finish = (g: number, info: ScorerInfo, details?: Readonly<Record<string, unknown>>) => {
        const s = scored[g];
        Object.assign(s, { scorer: info, complete: true, elapsedMs: Date.now() - started, cacheHits: s.scores.filter((x) => x?.cached).length, ...(details ? { details } : {}) });
        this.results.set(keyOf(s.setIndex, info.identity), s);
        progress.queriesDone++;
        req.onSetDone?.(s, { ...progress });
      };
      const place = (x: PairScore): number | undefined => {
        const g = queryOf[x.index];
        if (g === undefined) return undefined;
        const chunk = chunkOf[x.index];
        const was = scored[g].scores[chunk];
        scored[g].scores[chunk] = { ...x, index: chunk };
        if (!was) missing[g]--;
        return g;
      };
      try {
        const result = await scorePairs({
          queries,
          queryOf,
          chunks,
          signal,
          onBatch: (batch, p) => {
            if (!current()) return;
            progress.pairsDone = before + p.done;
            const touched = new Set<number>();
            for (const x of batch) {
              const g = place(x);
              if (g !== undefined) touched.add(g);
            }
            for (const g of touched) if (missing[g] === 0 && !scored[g].complete) finish(g, req.scorer.info());
            req.onProgress?.({ ...progress });
          },
          onProgress: (p) => current() && isModelProgress(p) && req.onModelProgress?.(p),
        });
        if (!current()) return { status: 'superseded' };
        // The final scores are authoritative; sets completed by batches get the model's details now.
        result.scores.forEach((x) => x && place(x));
        progress.pairsDone = before + chunks.length;
        scored.forEach((s, g) => {
          if (!s.complete) finish(g, result.info, result.details);
          else {
            Object.assign(s, { scorer: result.info, details: result.details });
            this.results.set(keyOf(s.setIndex, result.info.identity), s);
          }
        });
      } catch (e) {
        if (!current()) return { status: 'superseded' };
        const error = asScorerFailure(e);
        const failedAt = scored.find((s) => !s.complete)?.setIndex ?? group[0];
        return error.code === 'cancelled' ? { status: 'cancelled', progress } : { status: 'failed', error, progress, setIndex: failedAt };
      }
    }
    return { status: 'done', progress };
  }

  /** Cancels the current run; its outcome is 'cancelled' with the scores that arrived. */
  cancel(): void {
    this.running?.controller.abort();
  }

  /** Resolves when no run is in progress. */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running.done;
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
  }

  /** Cancels the current run and makes its late replies stale. */
  private stop(): void {
    this.generation++;
    this.running?.controller.abort();
    this.running = undefined;
  }
}
