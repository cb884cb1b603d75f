// Explanations against the real engine (dist/engine.js, onnxruntime, the committed tiny-bert with the
// real bert-base-uncased tokenizer). Every reported number is recomputed here independently: the
// modified texts are rebuilt in the test from the offsets, and a SECOND engine process scores each one
// alone (one pair per call: no shared cache, no shared batch), so effects and curve points must equal
// those scores. The tiny model's scores mean nothing; the arithmetic on them is what is checked.
// NEEDS BUILD: forks dist/engine.js; ensureBuilt() rebuilds when stale.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededPermutation, type Explanation, type SentenceSpan } from '../../../src/core/explain';
import { EngineClient } from '../../../src/engine/client';
import type { ModelSpec } from '../../../src/engine/protocol';
import { explain, type ExplainProgress } from '../../../src/session/explain';
import { LocalScorer } from '../../../src/session/localScorer';
import { ScorerFailure, type Scorer, type ScoreRequest } from '../../../src/session/scorer';
import { ENGINE_JS, ensureBuilt, TINY_MODEL_DIR } from '../engine/support';

const TOL = 1e-5;
const TOPICS = ['pool', 'connection', 'timeout', 'replica', 'index', 'vacuum', 'lock', 'cache', 'query', 'planner'];
const twenty = Array.from({ length: 20 }, (_, i) => `The ${TOPICS[i % 10]} setting number ${i} changes how ${TOPICS[(i * 3) % 10]} behaves.`).join(' ');

/** Counts score calls and pairs on the way to the real scorer. */
class CountingScorer implements Scorer {
  calls: { query: string; pairs: number }[] = [];
  constructor(private readonly inner: Scorer) {}
  info() {
    return this.inner.info();
  }
  score(req: ScoreRequest) {
    this.calls.push({ query: req.query, pairs: req.chunks.length });
    return this.inner.score(req);
  }
  dispose() {
    this.inner.dispose();
  }
}

/** The text with the given units' tiles cut out, rebuilt from offsets alone. */
function cut(text: string, units: readonly SentenceSpan[], removed: readonly number[]): string {
  let out = text;
  for (const u of [...units].filter((x) => removed.includes(x.index)).sort((a, b) => b.tileStart - a.tileStart)) out = out.slice(0, u.tileStart) + out.slice(u.tileEnd);
  return out;
}

describe('explain with the real engine (NEEDS BUILD: dist/engine.js)', function () {
  this.timeout(180_000);
  let cacheDir: string;
  let engine: EngineClient;
  let refEngine: EngineClient;
  const spec = (maxLength = 128): ModelSpec => ({ model: TINY_MODEL_DIR, dtype: 'fp32', cacheDir, offline: true, maxLength });
  const run = { batchSize: 8, threads: 1 };
  const scorer = (maxLength = 128) => new CountingScorer(new LocalScorer(engine, spec(maxLength), run));

  /** The reference: a separate engine process, one pair per call. */
  async function ref(query: string, text: string, maxLength = 128): Promise<number> {
    const out = await refEngine.score({ spec: spec(maxLength), run: { batchSize: 1, threads: 1 }, query, chunks: [text] });
    return out.scores[0].score;
  }
  const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= TOL, `${what}: ${a} vs ${b}`);

  before(() => {
    ensureBuilt();
    cacheDir = mkdtempSync(join(tmpdir(), 'rl-explain-'));
    engine = new EngineClient({ enginePath: ENGINE_JS });
    refEngine = new EngineClient({ enginePath: ENGINE_JS });
  });
  after(() => {
    engine.dispose();
    refEngine.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('a 20-sentence chunk costs exactly 21 pairs in one score call; each effect equals the scores of the exact texts', async () => {
    const s = scorer();
    const query = 'why is the connection pool exhausted';
    const out = await explain(s, { query, chunks: [{ id: 'c1', text: twenty }] });
    assert.deepEqual(s.calls, [{ query, pairs: 21 }]);
    assert.equal(out.pairs, 21);
    assert.equal(out.scoreCalls, 1);
    const e = out.explanations[0];
    assert.deepEqual(e.pairs, { sentences: 21, terms: 0, windows: 0, curve: 0, total: 21 });
    assert.equal(e.chunkId, 'c1');
    assert.equal(e.sentences.length, 20);
    assert.equal(e.terms, undefined);
    assert.equal(e.faithfulness, undefined);
    const full = await ref(query, twenty);
    near(e.fullScore, full, 'full score');
    for (const u of e.sentences) {
      const expectedText = cut(twenty, e.sentences, [u.index]);
      assert.equal(u.textWithout, expectedText, `unit ${u.index} text`);
      assert.ok(!expectedText.includes(`number ${u.index} `), 'the sentence is gone');
      const without = await ref(query, expectedText);
      near(u.scoreWithout, without, `unit ${u.index} score without`);
      near(u.effect, full - without, `unit ${u.index} effect`);
    }
  });

  it('query-term effects equal the scores of the chunk with each modified query', async () => {
    const s = scorer();
    const query = 'why is the pool exhausted';
    const text = 'The pool has twenty slots. Idle clients hold them. Raise the limit or add a bouncer.';
    const out = await explain(s, { query, chunks: [{ text }], options: { terms: true } });
    const e = out.explanations[0];
    const expected = ['is the pool exhausted', 'why the pool exhausted', 'why is pool exhausted', 'why is the exhausted', 'why is the pool'];
    assert.deepEqual(e.terms!.map((t) => t.queryWithout), expected);
    assert.deepEqual(e.terms!.map((t) => query.slice(t.start, t.end)), ['why', 'is', 'the', 'pool', 'exhausted']);
    assert.equal(s.calls.length, 1 + 5, 'one call for the occlusions, one per modified query');
    assert.deepEqual(e.pairs, { sentences: 4, terms: 5, windows: 0, curve: 0, total: 9 });
    const full = await ref(query, text);
    for (const t of e.terms!) {
      const without = await ref(t.queryWithout, text);
      near(t.scoreWithout, without, `term ${t.text}`);
      near(t.effect, full - without, `term ${t.text} effect`);
    }
  });

  it('the deletion curve removes units from the largest effect down; every point and the random curve equal engine scores', async () => {
    const s = scorer();
    const query = 'replica lag';
    const text = twenty.split('. ').slice(0, 8).join('. ') + '.';
    const out = await explain(s, { query, chunks: [{ text }], options: { curve: true, seed: 5 } });
    const e = out.explanations[0];
    const n = e.sentences.length;
    assert.equal(n, 8);
    const f = e.faithfulness!;
    const byEffect = [...e.sentences].sort((a, b) => b.effect - a.effect || a.index - b.index).map((u) => u.index);
    assert.deepEqual(f.deletion.order, byEffect);
    assert.deepEqual(f.random.order, seededPermutation(n, 5));
    for (const curve of [f.deletion, f.random]) {
      assert.equal(curve.scores.length, n + 1);
      for (let k = 0; k <= n; k++) near(curve.scores[k], await ref(query, cut(text, e.sentences, curve.order.slice(0, k))), `step ${k}`);
      const trap = curve.scores.slice(1).reduce((a, v, k) => a + (curve.scores[k] + v) / 2, 0) / n;
      near(curve.area, trap, 'area');
    }
    near(f.deletion.scores[n], await ref(query, ''), 'all removed = empty text');
    assert.equal(f.areaDifference, f.random.area - f.deletion.area);
    assert.equal(s.calls.length, 2, 'basic call + one curve call');
    assert.equal(s.calls[0].pairs, 9);
    assert.ok(e.pairs.curve <= 2 * n - 3 && e.pairs.curve >= n - 1, `curve pairs ${e.pairs.curve}`);
    assert.equal(s.calls[1].pairs, e.pairs.curve, 'step 1 and texts already scored are not sent again');
  });

  it('best windows for a truncated chunk: each window scored as the exact slice, budget = tokens the model kept', async () => {
    const maxLength = 40;
    const s = scorer(maxLength);
    const query = 'vacuum';
    const out = await explain(s, { query, chunks: [{ text: twenty }], options: { windows: true } });
    const e = out.explanations[0];
    assert.notEqual(e.truncatedAtChar, null, 'the full chunk is truncated at 40 tokens');
    const w = e.windows!;
    const fullKept = (await refEngine.score({ spec: spec(maxLength), run, query, chunks: [twenty] })).scores[0];
    assert.equal(w.budgetTokens, fullKept.chunkTokensKept);
    assert.ok(w.windows.length >= 5, `${w.windows.length} windows`);
    for (const win of w.windows) {
      const slice = twenty.slice(win.start, win.end);
      assert.equal(slice, twenty.slice(e.sentences[win.first].start, e.sentences[win.last].end));
      near(win.score, await ref(query, slice, maxLength), `window ${win.first}-${win.last}`);
    }
    assert.equal(w.best, w.windows.reduce((b, x, i) => (x.score > w.windows[b].score ? i : b), 0));
    assert.equal(w.bestCutOff, w.windows[w.best].end > e.truncatedAtChar!);
    assert.equal(e.pairs.windows, w.windows.length);
    assert.equal(s.calls.length, 2);
  });

  it('top-k at once: one occlusion call for every chunk, terms per modified query over all chunks, same numbers as one by one', async () => {
    const s = scorer();
    const query = 'lock timeout';
    const chunks = [
      { id: 'a', text: 'Locks wait for the timeout. Then the query fails.' },
      { id: 'b', text: '锁等待超时。然后查询失败！' },
      { id: 'c', text: 'no terminal punctuation in this one' },
    ];
    const all = await explain(s, { query, chunks, options: { terms: true, curve: true } });
    // The curves of the two-unit chunks need only their occlusions and the empty text, which chunk c's
    // occlusion already scored: no curve call at all. Per-chunk `pairs` still say what each costs alone.
    assert.equal(s.calls.length, 3);
    assert.equal(all.pairs, 8 + 3 + 3);
    assert.equal(all.explanations[0].pairs.curve, 1);
    assert.equal(s.calls[0].pairs, 8, 'full + occlusions of 2 + 2 + 1 units');
    assert.deepEqual(s.calls.slice(1, 3).map((c) => [c.query, c.pairs]), [['timeout', 3], ['lock', 3]]);
    assert.equal(all.explanations.map((e) => e.chunkId).join(), 'a,b,c');
    assert.equal(all.explanations[2].faithfulness, undefined, 'one unit: no curve');
    assert.equal(all.explanations[1].sentences.length, 2);
    for (const [i, c] of chunks.entries()) {
      const one = (await explain(scorer(), { query, chunks: [c], options: { terms: true, curve: true } })).explanations[0];
      const strip = (e: Explanation) => JSON.parse(JSON.stringify({ ...e, pairs: undefined }));
      const a = strip(all.explanations[i]);
      const b = strip(one);
      assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort());
      a.sentences.forEach((u: { effect: number }, k: number) => near(u.effect, b.sentences[k].effect, `chunk ${c.id} unit ${k}`));
      a.terms.forEach((t: { effect: number }, k: number) => near(t.effect, b.terms[k].effect, `chunk ${c.id} term ${k}`));
    }
    const one = all.explanations[2];
    near(one.sentences[0].scoreWithout, await ref(query, ''), 'one-sentence chunk: without it is the empty text');
  });

  it('progress counts pairs; an abort mid-way rejects with cancelled', async () => {
    const seen: ExplainProgress[] = [];
    await explain(scorer(), { query: 'index planner', chunks: [{ text: twenty + ' Extra tail sentence.' }], onProgress: (p) => seen.push(p) });
    assert.ok(seen.length >= 2);
    assert.deepEqual(seen[seen.length - 1], { phase: 'sentences', done: 22, total: 22 });
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i].done >= seen[i - 1].done);

    const ac = new AbortController();
    const err = await explain(scorer(), {
      query: 'a query never seen before so nothing is cached',
      chunks: [{ text: twenty }],
      options: { curve: true },
      signal: ac.signal,
      onProgress: () => ac.abort(),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof ScorerFailure, String(err));
    assert.equal(err.code, 'cancelled');
    const pre = new AbortController();
    pre.abort();
    const early = await explain(scorer(), { query: 'q', chunks: [{ text: 'One. Two.' }], signal: pre.signal }).catch((e: unknown) => e);
    assert.ok(early instanceof ScorerFailure && early.code === 'cancelled');
  });
});
