// Liveness with the real engine process: an engine that stops answering (SIGSTOP, or a tokenizer whose
// pre-tokenizer regex backtracks catastrophically and blocks its thread) fails the request in flight
// with a message naming what it was doing, is killed and restarted, and the next request works. And a
// cancel is honoured while tokenizing (tokenizing runs in slices), not after the whole request.
// The bound is short here (3 s) so the tests finish quickly; nothing below asserts a duration.
// NEEDS BUILD: forks dist/engine.js.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineClient } from '../../../src/engine/client';
import type { ModelSpec } from '../../../src/engine/protocol';
import { ENGINE_JS, ensureBuilt, rejection, TINY_MODEL_DIR } from './support';

const RUN = { batchSize: 8, threads: 1 };
const spec = (model: string): ModelSpec => ({ model, dtype: 'fp32', cacheDir: tmpdir(), offline: true });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}

/** A copy of the tiny model whose tokenizer splits with `(a+)+$` first: exponential on "aaaa...a!". */
function modelWithCatastrophicTokenizer(root: string): string {
  const dir = join(root, 'tiny-bert-backtracking');
  cpSync(TINY_MODEL_DIR, dir, { recursive: true });
  const tokPath = join(dir, 'tokenizer.json');
  const tok = JSON.parse(readFileSync(tokPath, 'utf8'));
  tok.pre_tokenizer = {
    type: 'Sequence',
    pretokenizers: [{ type: 'Split', pattern: { Regex: '(a+)+$' }, behavior: 'Isolated', invert: false }, tok.pre_tokenizer],
  };
  writeFileSync(tokPath, JSON.stringify(tok));
  return dir;
}

describe('engine liveness (NEEDS BUILD: dist/engine.js)', function () {
  this.timeout(90_000);
  let root: string;
  let evil: string;
  const clients: EngineClient[] = [];
  const client = (): EngineClient => {
    const c = new EngineClient({ enginePath: ENGINE_JS, livenessMs: 3000 });
    clients.push(c);
    return c;
  };

  before(() => {
    ensureBuilt();
    root = mkdtempSync(join(tmpdir(), 'rl-liveness-'));
    evil = modelWithCatastrophicTokenizer(root);
  });
  after(() => {
    clients.forEach((c) => c.dispose());
    rmSync(root, { recursive: true, force: true });
  });

  it('a stopped engine (SIGSTOP) fails the request with a clear message, is killed, and a new one serves the next request', async () => {
    const c = client();
    await c.load(spec(TINY_MODEL_DIR), RUN);
    const pid = c.pid!;
    process.kill(pid, 'SIGSTOP');
    const f = await rejection(c.score({ spec: spec(TINY_MODEL_DIR), run: RUN, query: 'q', chunks: ['a', 'b'] }));
    assert.equal(f.error.code, 'engine-unresponsive');
    assert.match(f.error.message, /stopped answering .*nothing for [\d.]+ s\); it was stopped and restarted/);
    assert.ok(await gone(pid), 'the stopped engine was killed');
    const out = await c.score({ spec: spec(TINY_MODEL_DIR), run: RUN, query: 'q', chunks: ['a', 'b'] });
    assert.equal(out.scores.filter(Boolean).length, 2);
    assert.notEqual(c.pid, pid);
  });

  it('a tokenizer regex that never finishes: the request fails naming tokenizing and the model, the engine is replaced', async () => {
    const c = client();
    const info = await c.load(spec(evil), RUN); // the warm-up pair has no run of a's: loading works
    assert.equal(info.numLabels, 1);
    const pid = c.pid!;
    const f = await rejection(c.score({ spec: spec(evil), run: RUN, query: 'q', chunks: [`${'a'.repeat(40)}!`] }));
    assert.equal(f.error.code, 'engine-unresponsive');
    assert.match(f.error.message, new RegExp(`while tokenizing with ${evil.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(f.error.hint!, /tokenizer/);
    assert.ok(await gone(pid), 'the spinning engine was killed');
    // The same client goes on: a sane model scores on the restarted engine.
    const out = await c.score({ spec: spec(TINY_MODEL_DIR), run: RUN, query: 'q', chunks: ['a'] });
    assert.equal(out.scores.length, 1);
  });

  it('heartbeats keep a long but healthy request alive: slow tokenizing for longer than the bound is not a stall', async () => {
    // ~70 ms per chunk: about 5 s of tokenizing against a 3 s bound. The thread is free between slices,
    // so heartbeats flow and the request completes on the same engine.
    const c = client();
    await c.load(spec(evil), RUN);
    const pid = c.pid!;
    const chunks = Array.from({ length: 70 }, (_, i) => `${'a'.repeat(22)}! ${i}`);
    const out = await c.score({ spec: spec(evil), run: RUN, query: 'q', chunks });
    assert.equal(out.scores.filter(Boolean).length, 70);
    assert.equal(c.pid, pid, 'not restarted');
  });

  it('a cancel is honoured while tokenizing: the next request is answered by the same engine, not after the whole tokenization', async () => {
    // ~70 ms per chunk of 22 a's, 2,000 distinct chunks: minutes of tokenizing if the cancel were only
    // seen between ONNX batches. Liveness stays quiet because each slice yields to the event loop.
    const c = new EngineClient({ enginePath: ENGINE_JS });
    clients.push(c);
    await c.load(spec(evil), RUN);
    const pid = c.pid!;
    const ac = new AbortController();
    const chunks = Array.from({ length: 2000 }, (_, i) => `${'a'.repeat(22)}! ${i}`);
    const running = c.score({ spec: spec(evil), run: RUN, query: 'q', chunks, signal: ac.signal });
    // Cancel once the engine is inside the tokenizing loop (its stats answer proves the thread is free).
    await new Promise((r) => setTimeout(r, 1000));
    await c.stats();
    ac.abort();
    assert.equal((await rejection(running)).error.code, 'cancelled');
    const out = await c.score({ spec: spec(evil), run: RUN, query: 'q', chunks: ['plain words'] });
    assert.equal(out.scores.length, 1);
    assert.equal(c.pid, pid, 'the engine was not restarted: the cancel itself ended the work');
  });
});
