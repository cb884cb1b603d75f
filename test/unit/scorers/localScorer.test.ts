// LocalScorer over the real engine (dist/engine.js, NEEDS BUILD) and the tiny test model.
import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineClient } from '../../../src/engine/client';
import type { ModelSpec } from '../../../src/engine/protocol';
import { LocalScorer } from '../../../src/session/localScorer';
import { ScorerFailure } from '../../../src/session/scorer';
import { ENGINE_JS, ensureBuilt, TINY_MODEL_DIR } from '../engine/support';

describe('session/localScorer (NEEDS BUILD: real engine)', function () {
  this.timeout(120_000);
  let engine: EngineClient;
  const cacheDir = mkdtempSync(join(tmpdir(), 'rl-local-'));
  const spec = (over: Partial<ModelSpec> = {}): ModelSpec => ({ model: TINY_MODEL_DIR, dtype: 'fp32', cacheDir, offline: true, ...over });
  const run = { batchSize: 4, threads: 1 };
  const chunks = ['the connection pool is exhausted', 'tomatoes need sun', 'raise the pool size', 'a write-ahead log', 'keys rotate monthly', 'pool pool pool'];
  before(() => {
    ensureBuilt();
    engine = new EngineClient({ enginePath: ENGINE_JS });
  });
  after(() => engine.dispose());

  it('scores exactly what the engine scores, streaming batches; identity is stable', async () => {
    const scorer = new LocalScorer(engine, spec(), run);
    assert.equal(scorer.info().identity, `local|${TINY_MODEL_DIR}|fp32|auto`);
    assert.equal(new LocalScorer(engine, spec({ dtype: 'q8', maxLength: 64 }), run).info().identity, `local|${TINY_MODEL_DIR}|q8|64`);
    const progress: number[] = [];
    const r = await scorer.score({ query: 'why is the pool exhausted', chunks, onBatch: (_s, p) => progress.push(p.done) });
    const direct = await engine.score({ spec: spec(), run, query: 'why is the pool exhausted', chunks });
    assert.deepEqual(
      r.scores.map((s) => s.score),
      direct.scores.map((s) => s.score),
    );
    assert.equal(progress[progress.length - 1], chunks.length);
    assert.equal(r.info.meaning, 'logit');
    assert.equal(typeof r.info.maxLength, 'number', 'max length refined from the loaded model');
    assert.equal(r.info.identity, scorer.info().identity, 'identity does not change after load');
    scorer.dispose(); // a shared engine stays up
    assert.notEqual(engine.currentState, 'stopped');
  });

  it('engine failures become ScorerFailures with a code and hint; cancel is "cancelled"', async () => {
    const missing = new LocalScorer(engine, spec({ model: join(cacheDir, 'no-such-model') }), run);
    try {
      await missing.score({ query: 'q', chunks: ['a'] });
      assert.fail('expected a failure');
    } catch (e) {
      assert.ok(e instanceof ScorerFailure, String(e));
      assert.equal(e.code, 'model');
      assert.ok(e.message.length > 0 && (e.hint ?? '').length > 0);
    }
    const c = new AbortController();
    c.abort();
    try {
      await new LocalScorer(engine, spec(), run).score({ query: 'q', chunks: ['a'], signal: c.signal });
      assert.fail('expected a cancel');
    } catch (e) {
      assert.ok(e instanceof ScorerFailure);
      assert.equal(e.code, 'cancelled');
    }
  });
});
