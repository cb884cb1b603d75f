// The session without VS Code, with a fake scorer (a test double: the session's contract is about
// streaming, cancel and rerun, which a scripted scorer exercises exactly; the real engine behind the
// same interface is tested in test/unit/engine and the extension's integration suite).
import * as assert from 'node:assert/strict';
import type { PairScore, RetrievalSet } from '../../../src/core/types';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ScoreStore } from '../../../src/node/scoreStore';
import { withScoreStore } from '../../../src/session/cachedScorer';
import { RerankSession, timeLeftMs, type RunEvent, type SetsProgress } from '../../../src/session/session';
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

describe('RerankSession.runSets (a labelled set as one stream)', () => {
  it('scores every set query after query with progress over queries and pairs, skipping sets already scored', async () => {
    const s = session(set(3, 'aa'), set(0, 'empty'), set(2, 'bbb'), set(4, 'c'));
    const scorer = new ScriptedScorer();
    await s.run({ setIndex: 3, query: 'c', scorer });
    const progress: SetsProgress[] = [];
    const done: number[] = [];
    const out = await s.runSets({ setIndexes: [0, 1, 2, 3], scorer, onProgress: (p) => progress.push(p), onSetDone: (x) => done.push(x.setIndex) });
    assert.equal(out.status, 'done');
    assert.deepEqual(done, [0, 2]);
    assert.deepEqual(scorer.calls.map((c) => c.query), ['c', 'aa', 'bbb']);
    const last = progress[progress.length - 1];
    assert.deepEqual([last.queriesTotal, last.pairsTotal, last.pairsDone], [2, 5, 5]);
    assert.ok(progress.every((p, i) => i === 0 || p.pairsDone >= progress[i - 1].pairsDone));
    assert.equal(timeLeftMs({ ...last, pairsDone: 0 }), undefined);
    assert.equal(timeLeftMs({ queriesDone: 1, queriesTotal: 2, pairsDone: 5, pairsTotal: 10, startedAt: 1000 }, 2000), 1000);
  });

  it('a cancel stops between queries and keeps the queries finished so far', async () => {
    const s = session(set(2, 'a'), set(2, 'b'), set(2, 'c'));
    const out = await s.runSets({ setIndexes: [0, 1, 2], scorer: new ScriptedScorer(), onSetDone: (x) => x.setIndex === 0 && s.cancel() });
    assert.equal(out.status, 'cancelled');
    assert.deepEqual(s.scoredBy('fake|1').map((x) => x.setIndex), [0]);
  });
});

describe('withScoreStore (scores on disk)', () => {
  it('serves pairs scored before from disk, scores only the new ones, and scores a duplicate text once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-store-'));
    try {
      const inner = new ScriptedScorer({ batch: 10 });
      const first = withScoreStore(inner, await ScoreStore.open(dir));
      const a = await first.score({ query: 'qq', chunks: ['x', 'y', 'x'] });
      assert.deepEqual(inner.calls.map((c) => c.chunks), [['x', 'y']]);
      assert.deepEqual(a.scores.map((p) => p.score), [2, 1, 2]);
      assert.deepEqual(a.scores.map((p) => p.index), [0, 1, 2]);
      // A new process: a fresh store over the same folder.
      const second = withScoreStore(inner, await ScoreStore.open(dir));
      const b = await second.score({ query: 'qq', chunks: ['y', 'z', 'x'] });
      assert.deepEqual(inner.calls.map((c) => c.chunks), [['x', 'y'], ['z']]);
      assert.deepEqual(b.scores.map((p) => [p.index, p.score, p.cached]), [[0, 1, true], [1, 2, false], [2, 2, true]]);
      assert.equal(b.cacheHits, 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
