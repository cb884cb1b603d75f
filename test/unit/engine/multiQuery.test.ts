// Several queries in one engine request (protocol 3: `queries` + `queryOf`), as the lab scores a
// labelled set: every pair must get exactly the score it gets in a request of its own query, the
// engine's cache must key on each pair's own query, and a malformed request is refused by name.
// NEEDS BUILD: forks dist/engine.js (the `before` hook builds when it is missing or stale).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineClient } from '../../../src/engine/client';
import type { ModelSpec } from '../../../src/engine/protocol';
import { LocalScorer } from '../../../src/session/localScorer';
import { withScoreStore } from '../../../src/session/cachedScorer';
import { ScoreStore } from '../../../src/node/scoreStore';
import { RerankSession } from '../../../src/session/session';
import type { PairScore, RetrievalSet } from '../../../src/core/types';
import { ENGINE_JS, ensureBuilt, rejection, TINY_MODEL_DIR } from './support';

const WORDS = ['river', 'bank', 'money', 'deposit', 'flood', 'Berlin', 'museum', 'opening', 'hours', 'ticket', 'café', '東京', 'naïve'];
const text = (n: number, seed: number): string => Array.from({ length: n }, (_, i) => WORDS[(i * 7 + seed * 3) % WORDS.length]).join(' ');

describe('engine: several queries in one request (NEEDS BUILD: dist/engine.js)', function () {
  this.timeout(120_000);
  let client: EngineClient;
  let cacheDir: string;
  const spec = (): ModelSpec => ({ model: TINY_MODEL_DIR, dtype: 'fp32', cacheDir, offline: true, maxLength: 48 });
  const run = { batchSize: 4, threads: 1 };

  before(() => {
    ensureBuilt();
    cacheDir = mkdtempSync(join(tmpdir(), 'rl-multi-'));
    client = new EngineClient({ enginePath: ENGINE_JS });
  });
  after(() => {
    client.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  const queries = ['flood of the river', 'museum opening hours in Berlin', 'deposit money at the bank'];
  // Chunk lengths vary (some truncated at 48 tokens) and the same chunk text appears under two queries.
  const perQuery = queries.map((_, q) => Array.from({ length: 5 + q }, (_, i) => text(3 + ((i * 11 + q * 5) % 40), i + q)));
  perQuery[2][1] = perQuery[0][1];

  it('scores each pair as a request of its own query would, with token counts and truncation', async () => {
    const alone: PairScore[][] = [];
    for (let q = 0; q < queries.length; q++) alone.push((await client.score({ spec: spec(), run, query: queries[q], chunks: perQuery[q] })).scores);
    await client.clearCache();
    const chunks = perQuery.flat();
    const queryOf = perQuery.flatMap((c, q) => c.map(() => q));
    const batches: number[][] = [];
    const together = await client.score({ spec: spec(), run, query: '', queries, queryOf, chunks, onBatch: (s) => batches.push(s.map((x) => x.index)) });
    assert.equal(together.cacheHits, 0, 'the cache was cleared: nothing may come from it');
    assert.equal(together.scores.length, chunks.length);
    let k = 0;
    for (let q = 0; q < queries.length; q++) {
      for (let i = 0; i < perQuery[q].length; i++, k++) {
        const a = alone[q][i];
        const b = together.scores[k];
        assert.equal(b.index, k);
        assert.ok(Math.abs(a.score - b.score) < 1e-4, `query ${q} chunk ${i}: ${a.score} alone vs ${b.score} together`);
        assert.deepEqual([b.queryTokens, b.chunkTokens, b.truncated, b.truncatedAtChar], [a.queryTokens, a.chunkTokens, a.truncated, a.truncatedAtChar]);
      }
    }
    // Batches mix queries (formed by length across the whole request), every pair exactly once.
    assert.ok(batches.some((b) => new Set(b.map((i) => queryOf[i])).size > 1), `no batch mixed queries: ${JSON.stringify(batches)}`);
    assert.deepEqual(batches.flat().sort((x, y) => x - y), chunks.map((_, i) => i));
  });

  it('caches per pair: the same chunk under another query is not a hit, the same pair is', async () => {
    await client.clearCache();
    const chunk = text(12, 3);
    await client.score({ spec: spec(), run, query: queries[0], chunks: [chunk] });
    const r = await client.score({ spec: spec(), run, query: '', queries: [queries[1], queries[0]], queryOf: [0, 1], chunks: [chunk, chunk] });
    assert.equal(r.cacheHits, 1);
    assert.equal(r.scores[1].cached, true);
    assert.equal(r.scores[0].cached, false);
    assert.notEqual(r.scores[0].score, r.scores[1].score);
  });

  it('refuses a queryOf that does not fit the chunks or the queries, naming the field', async () => {
    const short = await rejection(client.score({ spec: spec(), run, query: '', queries: ['a'], queryOf: [0], chunks: ['x', 'y'] }));
    assert.equal(short.error.code, 'bad-request');
    assert.match(short.error.message, /queryOf.*2 chunks/);
    const out = await rejection(client.score({ spec: spec(), run, query: '', queries: ['a', 'b'], queryOf: [0, 2], chunks: ['x', 'y'] }));
    assert.match(out.error.message, /queryOf\[1\]/);
    const none = await rejection(client.score({ spec: spec(), run, query: '', queries: [], queryOf: [], chunks: [] }));
    assert.match(none.error.message, /queries/);
  });

  it('through the disk score store: a rescored set comes from disk, an added query scores only its own pairs, in one request', async () => {
    await client.clearCache();
    const store = await ScoreStore.open(join(cacheDir, 'store'));
    const scorer = withScoreStore(new LocalScorer(client, spec(), run), store);
    assert.ok(scorer.scorePairs, 'the store decorator offers scorePairs when the engine scorer does');
    const req = (n: number) => {
      const qs = queries.slice(0, n);
      return { queries: qs, queryOf: qs.flatMap((_, q) => perQuery[q].map(() => q)), chunks: qs.flatMap((_, q) => perQuery[q]) };
    };
    const first = await scorer.scorePairs!(req(2));
    assert.equal(first.cacheHits, 0);
    const runsBefore = (await client.stats()).onnxRuns ?? 0;
    const again = await scorer.scorePairs!(req(3));
    const fromDisk = perQuery[0].length + perQuery[1].length;
    // Query 2 repeats query 0's chunk 1 under its own query: not a hit (the key holds the query).
    assert.equal(again.cacheHits, fromDisk);
    assert.equal(((await client.stats()).onnxRuns ?? 0) - runsBefore, Math.ceil(perQuery[2].length / run.batchSize), 'only the new query went to the engine');
    first.scores.forEach((s, i) => assert.equal(again.scores[i].score, s.score));
    assert.ok(again.scores.slice(fromDisk).every((s) => !s.cached));
  });

  it("the disk score store serves the next session's lookups when the max length resolves on load (auto, or above the model's limit)", async () => {
    for (const [name, maxLength] of [['auto', undefined], ['above the limit', 100_000]] as const) {
      const dir = join(cacheDir, `store-${name.replace(/ /g, '-')}`);
      const asked: ModelSpec = { ...spec(), maxLength };
      const chunks = perQuery[0];
      // Two sessions: each a fresh scorer (nothing loaded yet) over the reopened store.
      const session = async () => withScoreStore(new LocalScorer(client, asked, run), await ScoreStore.open(dir)).score({ query: queries[0], chunks });
      await client.clearCache();
      const first = await session();
      assert.equal(first.cacheHits, 0, name);
      assert.ok(first.info.maxLength !== undefined && first.info.maxLength !== maxLength, `${name}: the engine resolved the max length (${first.info.maxLength})`);
      await client.clearCache();
      const runsBefore = (await client.stats()).onnxRuns ?? 0;
      const second = await session();
      assert.equal(second.cacheHits, chunks.length, `${name}: every pair from disk`);
      assert.equal(((await client.stats()).onnxRuns ?? 0) - runsBefore, 0, `${name}: nothing went to the engine`);
      first.scores.forEach((s, i) => assert.equal(second.scores[i].score, s.score));
    }
  });

  it('a session scores a labelled set through one stream per group with the same scores as query by query', async () => {
    await client.clearCache();
    const sets: RetrievalSet[] = queries.map((query, q) => ({
      query,
      format: 'test',
      chunks: perQuery[q].map((t, i) => ({ id: `d${q}-${i}`, text: t, originalRank: i + 1, scoreKind: 'unknown' as const, metadata: {} })),
    }));
    const session = new RerankSession({ source: { kind: 'file', label: 'set.json' }, result: { sets, diagnostics: [] } });
    const scorer = new LocalScorer(client, spec(), run);
    const done: number[] = [];
    const runsBefore = (await client.stats()).onnxRuns ?? 0;
    const outcome = await session.runSets({ setIndexes: [0, 1, 2], scorer, onSetDone: (s, p) => done.push(s.setIndex, p.queriesDone) });
    assert.equal(outcome.status, 'done');
    // One request for the 18 pairs: 5 full-ish batches of 4, not 2 + 2 + 2 per-query batches.
    assert.equal(((await client.stats()).onnxRuns ?? 0) - runsBefore, Math.ceil(perQuery.flat().length / run.batchSize));
    assert.deepEqual(done.filter((_, i) => i % 2 === 1), [1, 2, 3], 'queries done counts up once per set');
    assert.deepEqual(done.filter((_, i) => i % 2 === 0).sort(), [0, 1, 2]);
    for (let q = 0; q < queries.length; q++) {
      const alone = (await client.score({ spec: spec(), run, query: queries[q], chunks: perQuery[q] })).scores;
      const got = session.scored(q, scorer.info().identity)!;
      assert.equal(got.complete, true);
      got.scores.forEach((s, i) => {
        assert.equal(s!.index, i);
        assert.ok(Math.abs(s!.score - alone[i].score) < 1e-4);
      });
    }
  });
});
