// A Scorer backed by the on-disk score store (src/node/scoreStore.ts): pairs already scored by the same
// scorer identity (model, dtype, max length) with the same texts come from disk; only the rest go to the
// inner scorer, and what it returns is stored. Reopening a scored labelled set is then instant, and
// adding queries scores only the new pairs. A failed or cancelled run keeps what it stored.
import type { PairScore } from '../core/types';
import { scoreStoreKey, type ScoreStore } from '../node/scoreStore';
import { ScorerFailure, type Scorer, type ScoreRequest, type ScoreResult } from './scorer';

/** How often (in stored pairs) the store is flushed during a long run, so a crash loses little. */
const FLUSH_EVERY = 2000;

export function withScoreStore(inner: Scorer, store: ScoreStore): Scorer {
  const keyFor = (query: string, chunk: string): string => {
    const info = inner.info();
    return scoreStoreKey({ scorer: info.identity, dtype: info.dtype ?? '-', maxLength: info.maxLength ?? 'default', query, chunk });
  };
  return {
    info: () => inner.info(),
    dispose: () => inner.dispose(),
    async score(req: ScoreRequest): Promise<ScoreResult> {
      const started = Date.now();
      const scores: (PairScore | undefined)[] = new Array(req.chunks.length);
      const missing: number[] = [];
      const hits: PairScore[] = [];
      // Duplicate chunk texts (the same passage retrieved twice) are scored once and copied.
      const firstOf = new Map<string, number>();
      const copies: [number, number][] = [];
      req.chunks.forEach((chunk, index) => {
        const stored = store.get(keyFor(req.query, chunk));
        if (stored) hits.push((scores[index] = { ...stored, index, cached: true }));
        else if (firstOf.has(chunk)) copies.push([index, firstOf.get(chunk)!]);
        else {
          firstOf.set(chunk, index);
          missing.push(index);
        }
      });
      const fillCopies = () => copies.forEach(([to, from]) => scores[from] && (scores[to] = { ...scores[from]!, index: to, cached: true }));
      if (hits.length > 0) req.onBatch?.(hits, { done: hits.length, total: req.chunks.length });
      if (missing.length === 0) {
        return { scores: scores as PairScore[], info: inner.info(), elapsedMs: Date.now() - started, cacheHits: hits.length };
      }
      let sinceFlush = 0;
      const keep = (s: PairScore, original: number): PairScore => {
        const { index: _i, cached: _c, ...value } = s;
        store.set(keyFor(req.query, req.chunks[original]), value);
        if (++sinceFlush >= FLUSH_EVERY) {
          sinceFlush = 0;
          void store.flush();
        }
        return (scores[original] = { ...s, index: original });
      };
      try {
        const result = await inner.score({
          query: req.query,
          chunks: missing.map((i) => req.chunks[i]),
          ...(req.signal ? { signal: req.signal } : {}),
          ...(req.onProgress ? { onProgress: req.onProgress } : {}),
          onBatch: (batch, p) => req.onBatch?.(batch.map((s) => keep(s, missing[s.index])), { ...p, done: hits.length + p.done, total: req.chunks.length }),
        });
        result.scores.forEach((s, j) => keep(s, missing[j]));
        fillCopies();
        const copied = copies.map(([to]) => scores[to]).filter((x): x is PairScore => x !== undefined);
        if (copied.length > 0) req.onBatch?.(copied, { done: req.chunks.length, total: req.chunks.length });
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
    },
  };
}
