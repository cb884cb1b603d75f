// EngineClient's own failure handling: an engine that is missing, dies at start, or speaks another
// protocol; aborting; dispose; callbacks that throw. The two fake engines are small scripts in
// test/fixtures/engine (a startup crash and a version mismatch cannot be produced with the real one).
// NEEDS BUILD for the last two tests: they fork dist/engine.js.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { EngineClient } from '../../../src/engine/client';
import type { ModelSpec } from '../../../src/engine/protocol';
import { PROTOCOL_VERSION } from '../../../src/engine/protocol';
import { checkEnvelope, checkResult } from '../../../src/engine/wireCheck';
import { ENGINE_JS, ensureBuilt, rejection, REPO_ROOT, TINY_MODEL_DIR } from './support';

const FAKES = join(REPO_ROOT, 'test/fixtures/engine');
const RUN = { batchSize: 4, threads: 1 };
const SPEC: ModelSpec = { model: TINY_MODEL_DIR, dtype: 'fp32', cacheDir: '/tmp', offline: true };

describe('engine client', function () {
  this.timeout(60_000);

  it('a missing engine file rejects with a hint to build, without throwing', async () => {
    const c = new EngineClient({ enginePath: join(FAKES, 'does-not-exist.js') });
    let p: Promise<unknown> | undefined;
    assert.doesNotThrow(() => {
      p = c.stats();
    });
    const f = await rejection(p!);
    assert.equal(f.error.code, 'internal');
    assert.match(f.error.hint!, /npm run build/);
    c.dispose();
  });

  it('an engine that dies at start rejects with engine-crashed and its stderr, and is retried on the next request', async () => {
    const logs: string[] = [];
    const c = new EngineClient({ enginePath: join(FAKES, 'exits-at-start.js'), log: (_l, m) => logs.push(m) });
    const f = await rejection(c.load(SPEC, RUN));
    assert.equal(f.error.code, 'engine-crashed');
    assert.match(f.error.message, /exit code 3/);
    assert.match(f.error.detail!, /cannot load onnxruntime binding/);
    assert.equal(c.currentState, 'crashed');
    const again = await rejection(c.stats());
    assert.equal(again.error.code, 'engine-crashed', 'a second attempt starts a new process (and it dies again)');
    c.dispose();
  });

  it('an engine speaking another protocol version is refused', async () => {
    const c = new EngineClient({ enginePath: join(FAKES, 'wrong-protocol.js') });
    const f = await rejection(c.stats());
    assert.equal(f.error.code, 'protocol-mismatch');
    c.dispose();
  });

  it('replies are matched to their request by its method and checked: a result of the wrong type, bad fields or a score for no chunk are refused', async () => {
    const c = new EngineClient({ enginePath: join(FAKES, 'mismatched-replies.js') });
    const load = await rejection(c.load(SPEC, RUN));
    assert.equal(load.error.code, 'protocol-mismatch', 'a stats-shaped result does not resolve a load');
    assert.match(load.error.message, /does not fit its request \(info\.model is undefined\)/);
    const stats = await rejection(c.stats());
    assert.match(stats.error.message, /result\.rssBytes is "lots"/);
    const score = await rejection(c.score({ spec: SPEC, run: RUN, query: 'q', chunks: ['only one'] }));
    assert.match(score.error.message, /score\.index is 99/);
    const clear = await rejection(c.clearCache());
    assert.match(clear.error.message, /error\.code is undefined/);
    c.dispose();
  });

  it('the boundary checks: each method\'s result has its own shape; envelopes need a known type, the version and an id', () => {
    const info = { model: 'm', folder: '/m', dtype: 'fp32', maxLength: 512, numLabels: 1, scoreLabelIndex: 0, labels: ['LABEL_0'], loadMs: 1, fromCache: false };
    assert.equal(checkResult('load', info).ok, true);
    assert.equal(checkResult('load', { ...info, dtype: 'fp16' }).ok, false);
    assert.equal(checkResult('score', { info, elapsedMs: 1, cacheHits: 0, pairs: 2 }).ok, true);
    assert.equal(checkResult('score', info).ok, false, 'a load result does not answer a score request');
    assert.equal(checkResult('stats', { rssBytes: 1, peakRssBytes: 2, cacheEntries: 0 }).ok, true);
    assert.equal(checkResult('clearCache', null).ok, true);
    assert.equal(checkResult('clearCache', { ok: true }).ok, false);
    const v = PROTOCOL_VERSION;
    assert.equal(checkEnvelope({ v, type: 'heartbeat', id: 3, stage: 'tokenizing' }, v).ok, true);
    assert.equal(checkEnvelope({ v, type: 'heartbeat', id: 3, stage: 'dreaming' }, v).ok, false);
    assert.equal(checkEnvelope({ v, type: 'scored', id: 3 }, v).ok, false, 'protocol 1 reply kinds are gone');
    assert.equal(checkEnvelope({ v: v - 1, type: 'result', id: 3, result: null }, v).ok, false);
    assert.equal(checkEnvelope({ v, type: 'result', result: null }, v).ok, false);
  });

  it('an already aborted signal rejects at once without starting an engine', async () => {
    const c = new EngineClient({ enginePath: join(FAKES, 'does-not-exist.js') });
    const ac = new AbortController();
    ac.abort();
    const f = await rejection(c.score({ spec: SPEC, run: RUN, query: 'q', chunks: ['a'], signal: ac.signal }));
    assert.equal(f.error.code, 'cancelled');
    assert.equal(c.pid, undefined);
  });

  describe('with the real engine (NEEDS BUILD: dist/engine.js)', () => {
    before(() => ensureBuilt());

    it('dispose rejects what is in flight with cancelled and stops the process; a new request starts it again', async () => {
      const c = new EngineClient({ enginePath: ENGINE_JS });
      await c.stats();
      const pid = c.pid!;
      const inFlight = c.score({ spec: SPEC, run: RUN, query: 'q', chunks: Array.from({ length: 50 }, (_, i) => `chunk ${i}`) });
      c.dispose();
      assert.equal((await rejection(inFlight)).error.code, 'cancelled');
      assert.equal(c.currentState, 'stopped');
      const stats = await c.stats();
      assert.ok(stats.rssBytes > 0);
      assert.notEqual(c.pid, pid);
      c.dispose();
    });

    it('a throwing onBatch callback does not break the request', async () => {
      const c = new EngineClient({ enginePath: ENGINE_JS });
      const out = await c.score({
        spec: SPEC,
        run: { batchSize: 1, threads: 1 },
        query: 'q',
        chunks: ['a', 'b', 'c'],
        onBatch: () => {
          throw new Error('caller bug');
        },
      });
      assert.equal(out.scores.filter(Boolean).length, 3);
      c.dispose();
    });
  });
});
