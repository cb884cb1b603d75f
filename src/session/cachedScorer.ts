// A Scorer backed by the on-disk score store (src/node/scoreStore.ts): pairs already scored by the same
// scorer identity (model, dtype, max length) with the same texts come from disk; only the rest go to the
// inner scorer, and what it returns is stored. Reopening a scored labelled set is then instant, and
// adding queries scores only the new pairs. A failed or cancelled run keeps what it stored.
// Offers scorePairs (several queries as one stream) exactly when the inner scorer does.
import type { PairScore } from '../core/types';
import { scoreStoreKey, type ScoreStore } from '../node/scoreStore';
import { ScorerFailure, type PairsRequest, type Scorer, type ScoreRequest, type ScoreResult } from './scorer';

/** How often (in stored pairs) the store is flushed during a long run, so a crash loses little. */
const FLUSH_EVERY = 2000;

/** The inner call for the pairs the store lacks: `chunks[j]` pairs with `queries[queryOf[j]]`. */
type InnerCall = (missing: { chunks: string[]; queryOf: number[] }, rest: Omit<ScoreRequest, 'query' | 'chunks'>) => Promise<ScoreResult>;

export function withScoreStore(inner: Scorer, store: ScoreStore): Scorer {
  // Keyed by what was asked for, read before anything loads: a local scorer's max length resolves
  // against the model's own limit on load ('auto' -> 512, 8192 -> 512), and a key taken after that
  // would differ from the next session's lookups made before its load (every reopen a miss).
  const asked = inner.info();
  const keyFor = (query: string, chunk: string): string =>
    scoreStoreKey({ scorer: asked.identity, dtype: asked.dtype ?? '-', maxLength: asked.maxLength ?? 'default', query, chunk });

  async function run(req: Omit<ScoreRequest, 'query'>, queries: readonly string[], queryOf: (i: number) => number, call: InnerCall): Promise<ScoreResult> {
    const started = Date.now();
    const total = req.chunks.length;
    const scores: (PairScore | undefined)[] = new Array(total);
    const missing: number[] = [];
    const hits: PairScore[] = [];
    // Duplicate pairs (the same passage retrieved twice for a query) are scored once and copied.
    const firstOf = new Map<string, number>();
    const copies: [number, number][] = [];
    req.chunks.forEach((chunk, index) => {
      const key = keyFor(queries[queryOf(index)], chunk);
      const stored = store.get(key);
      if (stored) hits.push((scores[index] = { ...stored, index, cached: true }));
      else if (firstOf.has(key)) copies.push([index, firstOf.get(key)!]);
      else {
        firstOf.set(key, index);
        missing.push(index);
      }
    });
    const fillCopies = () => copies.forEach(([to, from]) => scores[from] && (scores[to] = { ...scores[from]!, index: to, cached: true }));
    if (hits.length > 0) req.onBatch?.(hits, { done: hits.length, total });
    if (missing.length === 0) {
      return { scores: scores as PairScore[], info: inner.info(), elapsedMs: Date.now() - started, cacheHits: hits.length };
    }
    let sinceFlush = 0;
    const keep = (s: PairScore, original: number): PairScore => {
      const { index: _i, cached: _c, ...value } = s;
      store.set(keyFor(queries[queryOf(original)], req.chunks[original]), value);
      if (++sinceFlush >= FLUSH_EVERY) {
        sinceFlush = 0;
        void store.flush();
      }
      return (scores[original] = { ...s, index: original });
    };
    try {
      const result = await call(
        { chunks: missing.map((i) => req.chunks[i]), queryOf: missing.map(queryOf) },
        {
          ...(req.signal ? { signal: req.signal } : {}),
          ...(req.onProgress ? { onProgress: req.onProgress } : {}),
          onBatch: (batch, p) => req.onBatch?.(batch.map((s) => keep(s, missing[s.index])), { ...p, done: hits.length + p.done, total }),
        },
      );
      result.scores.forEach((s, j) => keep(s, missing[j]));
      fillCopies();
      const copied = copies.map(([to]) => scores[to]).filter((x): x is PairScore => x !== undefined);
      if (copied.length > 0) req.onBatch?.(copied, { done: total, total });
      await store.flush();
      return { ...result, scores: scores as PairScore[], cacheHits: result.cacheHits + hits.length + copies.length, elapsedMs: Date.now() - started };
    } catch (e) {
      await store.flush().catch(() => undefined);
      if (e instanceof ScorerFailure) {
        e.partial?.forEach((s, j) => s && (scores[missing[j]] = { ...s, index: missing[j] }));
        throw new ScorerFailure(e.code, e.message, e.hint, scores, e.cause);
      }
      throw e;
    }
  }

  const scorer: Scorer = {
    info: () => inner.info(),
    dispose: () => inner.dispose(),
    score: (req: ScoreRequest) => run(req, [req.query], () => 0, (m, rest) => inner.score({ query: req.query, chunks: m.chunks, ...rest })),
  };
  const innerPairs = inner.scorePairs?.bind(inner);
  if (innerPairs) {
    scorer.scorePairs = (req: PairsRequest) =>
      run(req, req.queries, (i) => req.queryOf[i], (m, rest) => innerPairs({ queries: req.queries, queryOf: m.queryOf, chunks: m.chunks, ...rest }));
  }
  return scorer;
}
