// The session without VS Code, with a fake scorer (a test double: the session's contract is about
// streaming, cancel and rerun, which a scripted scorer exercises exactly; the real engine behind the
// same interface is tested in test/unit/engine and the extension's integration suite).
import * as assert from 'node:assert/strict';
import type { PairScore, RetrievalSet } from '../../../src/core/types';
import { RerankSession, type RunEvent } from '../../../src/session/session';
import { ScorerFailure, type Scorer, type ScoreRequest, type ScoreResult } from '../../../src/session/scorer';

const pair = (index: number, score: number): PairScore => ({
  index, score, probability: 1 / (1 + Math.exp(-score)), queryTokens: 3, chunkTokens: 5, truncated: false, truncatedAtChar: null, cached: false,
});

/** Scores = query length minus chunk index, streamed in batches of `batch`, one tick apart. Can be
 *  told to fail after N batches, and records what it was asked. */
class ScriptedScorer implements Scorer {
  calls: { query: string; chunks: readonly string[] }[] = [];
  constructor(private readonly opts: { batch?: number; failAfter?: number; identity?: string } = {}) {}
  info() {
    return { identity: this.opts.identity ?? 'fake|1', label: 'fake', kind: 'local' as const, provider: 'local', model: 'fake', meaning: 'logit' as const };
  }
  async score(req: ScoreRequest): Promise<ScoreResult> {
    this.calls.push({ query: req.query, chunks: req.chunks });
    const batch = this.opts.batch ?? 2;
    const all: PairScore[] = [];
    for (let start = 0, n = 0; start < req.chunks.length; start += batch, n++) {
      await new Promise((r) => setTimeout(r, 5));
      if (req.signal?.aborted) throw new ScorerFailure('cancelled', 'Scoring was cancelled.', undefined, [...all]);
      if (this.opts.failAfter !== undefined && n >= this.opts.failAfter) {
        const partial: (PairScore | undefined)[] = new Array(req.chunks.length);
        for (const s of all) partial[s.index] = s;
        throw new ScorerFailure('unavailable', 'The server went away.', 'Try again.', partial, '503');
      }
      const scores = req.chunks.slice(start, start + batch).map((_, j) => pair(start + j, req.query.length - (start + j)));
      all.push(...scores);
      req.onBatch?.(scores, { done: all.length, total: req.chunks.length });
    }
    return { scores: all, info: this.info(), elapsedMs: 1, cacheHits: 0 };
  }
  dispose(): void {}
}

const set = (n: number, query = 'q'): RetrievalSet => ({
  query, format: 'test', chunks: Array.from({ length: n }, (_, i) => ({ id: `c${i}`, text: `chunk ${i}`, originalRank: i + 1, scoreKind: 'unknown' as const, metadata: {} })),
});
const session = (...sets: RetrievalSet[]) => new RerankSession({ source: { kind: 'file', label: 'x.json' }, result: { sets, diagnostics: [] } });

describe('RerankSession', () => {
  it('streams batches in order and keeps the final scores per set and scorer', async () => {
    const s = session(set(5));
    const events: RunEvent[] = [];
    const out = await s.run({ setIndex: 0, query: 'abcd', scorer: new ScriptedScorer(), onEvent: (e) => events.push(e) });
    assert.equal(out.status, 'done');
    assert.deepEqual(events.map((e) => (e.type === 'batch' ? e.scores.map((x) => x.index) : [])), [[0, 1], [2, 3], [4]]);
    assert.deepEqual(events.map((e) => (e.type === 'batch' ? e.progress.done : -1)), [2, 4, 5]);
    const kept = s.scored(0, 'fake|1');
    assert.ok(kept?.complete);
    assert.deepEqual(kept.scores.map((x) => x?.score), [4, 3, 2, 1, 0]);
  });

  it('cancel mid-run: outcome cancelled with the scores that arrived, nothing stored as complete', async () => {
    const s = session(set(8));
    const scorer = new ScriptedScorer();
    const running = s.run({ setIndex: 0, query: 'abc', scorer, onEvent: (e) => e.type === 'batch' && e.progress.done === 4 && s.cancel() });
    const out = await running;
    assert.equal(out.status, 'cancelled');
    if (out.status !== 'cancelled') return;
    assert.deepEqual(out.scored.scores.map((x) => x?.index), [0, 1, 2, 3, undefined, undefined, undefined, undefined]);
    assert.equal(s.scored(0, 'fake|1'), undefined);
    assert.equal(s.busy, false);
  });

  it('a rerun with a new query supersedes the old run: no stale batch is reported after it', async () => {
    const s = session(set(6));
    const scorer = new ScriptedScorer({ batch: 1 });
    const seen: string[] = [];
    const first = s.run({ setIndex: 0, query: 'old', scorer, onEvent: (e) => e.type === 'batch' && seen.push(`old:${e.scores[0].index}`) });
    await new Promise((r) => setTimeout(r, 12));
    const second = s.run({ setIndex: 0, query: 'newer', scorer, onEvent: (e) => e.type === 'batch' && seen.push(`new:${e.scores[0].index}`) });
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a.status, 'superseded');
    assert.equal(b.status, 'done');
    const firstNew = seen.findIndex((x) => x.startsWith('new:'));
    assert.ok(seen.slice(firstNew).every((x) => x.startsWith('new:')), seen.join(' '));
    assert.equal(s.scored(0, 'fake|1')?.query, 'newer');
    assert.deepEqual(scorer.calls.map((c) => c.query), ['old', 'newer']);
  });

  it('a scorer error: outcome failed with its message, cause and the partial scores; the session stays usable', async () => {
    const s = session(set(5));
    const out = await s.run({ setIndex: 0, query: 'abc', scorer: new ScriptedScorer({ failAfter: 1 }) });
    assert.equal(out.status, 'failed');
    if (out.status !== 'failed') return;
    assert.equal(out.error.message, 'The server went away.');
    assert.equal(out.error.cause, '503');
    assert.deepEqual(out.scored.scores.map((x) => x?.index), [0, 1, undefined, undefined, undefined]);
    const again = await s.run({ setIndex: 0, query: 'abc', scorer: new ScriptedScorer() });
    assert.equal(again.status, 'done');
  });

  it('keeps results per set and per scorer, and refuses runs with nothing to score', async () => {
    const s = session(set(3, 'a'), set(2, 'b'), set(0, 'c'));
    await s.run({ setIndex: 0, query: 'aa', scorer: new ScriptedScorer() });
    await s.run({ setIndex: 1, query: 'bbb', scorer: new ScriptedScorer() });
    await s.run({ setIndex: 1, query: 'bbb', scorer: new ScriptedScorer({ identity: 'other|q8' }) });
    assert.deepEqual(s.scoredBy('fake|1').map((x) => [x.setIndex, x.query]), [[0, 'aa'], [1, 'bbb']]);
    assert.deepEqual(s.scoredBy('other|q8').map((x) => x.setIndex), [1]);
    const empty = await s.run({ setIndex: 2, query: 'c', scorer: new ScriptedScorer() });
    assert.equal(empty.status, 'invalid');
    const blank = await s.run({ setIndex: 0, query: '  ', scorer: new ScriptedScorer() });
    assert.equal(blank.status, 'invalid');
    const missing = await s.run({ setIndex: 9, query: 'x', scorer: new ScriptedScorer() });
    assert.equal(missing.status, 'invalid');
    s.replaceInput({ source: { kind: 'file', label: 'y.json' }, result: { sets: [set(1)], diagnostics: [] } });
    assert.deepEqual(s.scoredBy('fake|1'), []);
  });
});
