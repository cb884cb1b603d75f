// The engine process end to end: real onnxruntime, the committed tiny model, scores checked against
// the plain-TypeScript reference forward pass (test/support/referenceBert.ts).
// NEEDS BUILD: forks dist/engine.js; the `before` hook runs `npm run build` when it is missing or stale.
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { makeTestModel } from '../../../scripts/make-test-model';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineClient } from '../../../src/engine/client';
import { encodePair, type PairTokenizer } from '../../../src/engine/encode';
import type { ModelSpec, PairScore } from '../../../src/engine/protocol';
import { loadPairTokenizer } from '../../../src/engine/tokenizer';
import { cpuInt8, readCpuFlags } from '../../../src/engine/int8Files';
import { probeU8S8Exact } from '../../../src/engine/int8Probe';
import { referenceLogits } from '../../support/referenceBert';
import { realTokenizerDir } from '../../support/realTokenizers';
import { ENGINE_JS, ensureBuilt, REPO_ROOT, rejection, TINY_MODEL_2LABELS_DIR, TINY_MODEL_DIR } from './support';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ort = require('onnxruntime-node') as typeof import('onnxruntime-node');

const words = (n: number, seed: number): string =>
  Array.from({ length: n }, (_, i) => ['river', 'bank', 'money', 'deposit', 'flood', 'Berlin', 'museum', 'opening', 'hours', 'ticket'][(i * 7 + seed) % 10]).join(' ');

function reference(tok: PairTokenizer, modelDir: string, query: string, chunk: string, maxLength: number): number[] {
  const p = encodePair(tok, query, chunk, maxLength);
  return referenceLogits(modelDir, { inputIds: [p.inputIds], tokenTypeIds: [p.tokenTypeIds], attentionMask: [p.inputIds.map(() => 1)] })[0];
}

describe('engine process (NEEDS BUILD: dist/engine.js)', function () {
  this.timeout(120_000);
  let client: EngineClient;
  let tok: PairTokenizer;
  let cacheDir: string;
  const spec = (over: Partial<ModelSpec> = {}): ModelSpec => ({ model: TINY_MODEL_DIR, dtype: 'fp32', cacheDir, offline: true, ...over });
  const run = { batchSize: 4, threads: 1 };

  before(async () => {
    ensureBuilt();
    cacheDir = mkdtempSync(join(tmpdir(), 'rl-engine-'));
    client = new EngineClient({ enginePath: ENGINE_JS });
    tok = (await loadPairTokenizer(TINY_MODEL_DIR)).tokenizer;
  });
  after(() => {
    client.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('loads a local folder and reports what it loaded', async () => {
    const info = await client.load(spec({ maxLength: 128 }), run);
    assert.equal(info.folder, TINY_MODEL_DIR);
    assert.equal(info.numLabels, 1);
    assert.equal(info.scoreLabelIndex, 0);
    assert.equal(info.maxLength, 128);
    assert.equal(info.fromCache, false);
  });

  it('scores equal the reference forward pass within 1e-4, including truncated pairs', async () => {
    const maxLength = 48;
    const query = 'Where is the museum and when does it open?';
    const chunks = ['The museum opens at nine.', words(200, 1), 'Bank deposits and river floods.', words(60, 3), '', words(25, 5)];
    const out = await client.score({ spec: spec({ maxLength }), run, query, chunks });
    assert.equal(out.scores.length, chunks.length);
    chunks.forEach((c, i) => {
      const s = out.scores[i];
      assert.equal(s.index, i);
      const ref = reference(tok, TINY_MODEL_DIR, query, c, maxLength)[0];
      assert.ok(Math.abs(s.score - ref) < 1e-4, `pair ${i}: engine ${s.score} vs reference ${ref}`);
      assert.ok(Math.abs(s.probability - 1 / (1 + Math.exp(-ref))) < 1e-4);
    });
    assert.equal(out.scores[1].truncated, true);
    assert.equal(out.scores[3].truncated, true);
    assert.equal(out.scores[0].truncated, false);
    // The model saw maxLength tokens: query + kept chunk + 3 specials.
    assert.equal(out.scores[1].queryTokensKept! + out.scores[1].chunkTokensKept! + 3, maxLength);
    assert.equal(chunks[1].slice(out.scores[1].truncatedAtChar!).startsWith(words(200, 1).split(' ')[out.scores[1].chunkTokensKept!]), true);
  });

  it('also matches the reference when the query is the long one (both truncated)', async () => {
    const maxLength = 40;
    const query = words(80, 2);
    const chunks = [words(90, 4), 'short chunk'];
    const out = await client.score({ spec: spec({ maxLength }), run, query, chunks });
    chunks.forEach((c, i) => {
      const ref = reference(tok, TINY_MODEL_DIR, query, c, maxLength)[0];
      assert.ok(Math.abs(out.scores[i].score - ref) < 1e-4, `pair ${i}: ${out.scores[i].score} vs ${ref}`);
    });
    assert.equal(out.scores[0].queryTruncated, true);
    assert.equal(out.scores[1].truncated, false);
  });

  it('a two-label model ranks by LABEL_1 with its softmax probability', async () => {
    const query = 'opening hours';
    const chunks = ['The museum opens at nine.', 'River banks flood in spring.'];
    const out = await client.score({ spec: spec({ model: TINY_MODEL_2LABELS_DIR }), run, query, chunks });
    assert.equal(out.info.numLabels, 2);
    assert.deepEqual(out.info.labels, ['LABEL_0', 'LABEL_1']);
    assert.equal(out.info.scoreLabelIndex, 1);
    chunks.forEach((c, i) => {
      const [l0, l1] = reference(tok, TINY_MODEL_2LABELS_DIR, query, c, 512);
      assert.ok(Math.abs(out.scores[i].score - l1) < 1e-4);
      assert.ok(Math.abs(out.scores[i].probability - Math.exp(l1) / (Math.exp(l0) + Math.exp(l1))) < 1e-4);
    });
  });

  it('q8 loads onnx/model_quantized.onnx and gives close but not identical scores', async () => {
    const query = 'river bank';
    const chunks = ['The river bank flooded.', 'Deposit money at the bank.', 'Museum tickets.'];
    const fp32 = await client.score({ spec: spec(), run, query, chunks });
    const q8 = await client.score({ spec: spec({ dtype: 'q8' }), run, query, chunks });
    assert.equal(q8.info.dtype, 'q8');
    assert.equal(q8.info.onnxFile, 'onnx/model_quantized.onnx');
    assert.match(q8.info.onnxFileReason!, /model_quantized/);
    assert.equal(fp32.info.onnxFile, 'onnx/model.onnx');
    const diffs = chunks.map((_, i) => Math.abs(q8.scores[i].score - fp32.scores[i].score));
    assert.ok(diffs.some((d) => d > 0), 'q8 scores come from a different (int8) graph');
    assert.ok(diffs.every((d) => d < 0.5), `q8 stays close to fp32: ${diffs.join(', ')}`);
  });

  it('q8 on a folder that publishes only the optimum flavours runs the one that is right on this CPU and says which', async () => {
    const dir = join(cacheDir, 'st-export');
    cpSync(TINY_MODEL_DIR, dir, { recursive: true });
    rmSync(join(dir, 'onnx/model_quantized.onnx'));
    const cpu = cpuInt8(process.arch, readCpuFlags(), await probeU8S8Exact(ort));
    const want = cpu.u8s8Exact ? 'onnx/model_qint8_avx512.onnx' : 'onnx/model_quint8_avx2.onnx';
    const out = await client.score({ spec: spec({ model: dir, dtype: 'q8' }), run, query: 'river bank', chunks: ['The river bank flooded.', 'Museum tickets.'] });
    assert.equal(out.info.onnxFile, want, out.info.onnxFileReason);
    assert.ok(out.info.onnxFileReason && out.info.onnxFileReason.length > 10);
    // And only the avx512 file on a CPU without VNNI: a clear error naming the file found.
    rmSync(join(dir, 'onnx/model_quint8_avx2.onnx'));
    const only512 = client.load(spec({ model: dir, dtype: 'q8', maxLength: 100 }), run);
    if (cpu.u8s8Exact) assert.equal((await only512).onnxFile, 'onnx/model_qint8_avx512.onnx');
    else {
      const f = await rejection(only512);
      assert.equal(f.error.code, 'bad-model-folder');
      assert.match(f.error.message, /model_qint8_avx512\.onnx.*saturate/);
    }
  });

  it('reports the activation sentence-transformers applies: Identity when config.json says so (as the ms-marco repos do), Sigmoid by default for one label', async () => {
    const info = await client.load(spec({ maxLength: 64 }), run);
    assert.equal(info.activation?.fn, 'identity');
    assert.match(info.activation!.reason, /sentence_transformers\.activation_fn/);
    const dir = join(cacheDir, 'no-activation');
    cpSync(TINY_MODEL_DIR, dir, { recursive: true });
    const cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    delete cfg.sentence_transformers;
    writeFileSync(join(dir, 'config.json'), JSON.stringify(cfg));
    const fallback = await client.load(spec({ model: dir }), run);
    assert.equal(fallback.activation?.fn, 'sigmoid');
    assert.match(fallback.activation!.reason, /no activation_fn/);
    assert.equal(fallback.modelMaxLength, 512);
    assert.equal(fallback.maxLength, 512);
  });

  it("reports the loaded model's info (activation, weights file) before the first batch of a score request", async () => {
    await client.clearCache();
    const seen: string[] = [];
    let activation: string | undefined;
    await client.score({
      spec: spec({ maxLength: 64 }),
      run,
      query: 'river bank',
      chunks: ['The river bank flooded.', 'Museum tickets.', 'Deposit money at the bank.', 'Opening hours.', 'A flood.'],
      onModel: (info) => {
        seen.push('model');
        activation = info.activation?.fn;
      },
      onBatch: () => seen.push('batch'),
    });
    assert.equal(seen[0], 'model');
    assert.equal(seen.filter((x) => x === 'model').length, 1);
    assert.ok(seen.includes('batch'));
    assert.equal(activation, 'identity');
  });

  it('XLM-R and ModernBERT-shaped graphs: the engine feeds exactly the inputs each declares; XLM-R scores = reference within 1e-4; ModernBERT takes a max length above 512', async () => {
    const query = 'Wann öffnet das Museum? When does the museum open?';
    const chunks = ['Das Museum öffnet um neun Uhr.', words(700, 2), 'River banks flood in spring; 銀行 and 河岸.'];
    // XLM-R: <s> q </s></s> d </s>, no token_type_ids input, positions from padding_idx + 1.
    const xlmr = join(cacheDir, 'xlmr');
    await makeTestModel({ shape: 'tiny-xlmr', outDir: xlmr, int8: [], tokenizerDir: realTokenizerDir('xlm-roberta') });
    const xtok = (await loadPairTokenizer(xlmr)).tokenizer;
    const xo = await client.score({ spec: spec({ model: xlmr, maxLength: 128 }), run, query, chunks });
    assert.equal(xo.info.modelMaxLength, 512);
    chunks.forEach((c, i) => {
      const p = encodePair(xtok, query, c, 128);
      assert.equal(p.inputIds[0], 0);
      const ref = referenceLogits(xlmr, { inputIds: [p.inputIds], tokenTypeIds: [p.inputIds.map(() => 0)], attentionMask: [p.inputIds.map(() => 1)] })[0][0];
      assert.ok(Math.abs(xo.scores[i].score - ref) < 1e-4, `xlmr pair ${i}: ${xo.scores[i].score} vs ${ref}`);
    });
    // ModernBERT-shaped: input_ids + attention_mask only, 8,192-token limit; 1,024 tokens requested.
    const mb = join(cacheDir, 'modernbert');
    await makeTestModel({ shape: 'tiny-modernbert', outDir: mb, int8: [], tokenizerDir: realTokenizerDir('modernbert') });
    const mtok = (await loadPairTokenizer(mb)).tokenizer;
    const mo = await client.score({ spec: spec({ model: mb, maxLength: 1024 }), run, query, chunks });
    assert.equal(mo.info.modelMaxLength, 8192);
    assert.equal(mo.info.maxLength, 1024);
    const session = await ort.InferenceSession.create(join(mb, 'onnx/model.onnx'), { intraOpNumThreads: 1 });
    try {
      assert.deepEqual([...session.inputNames].sort(), ['attention_mask', 'input_ids']);
      for (let i = 0; i < chunks.length; i++) {
        const p = encodePair(mtok, query, chunks[i], 1024);
        const S = p.inputIds.length;
        const t = (a: number[]) => new ort.Tensor('int64', BigInt64Array.from(a.map(BigInt)), [1, S]);
        const got = ((await session.run({ input_ids: t(p.inputIds), attention_mask: t(p.inputIds.map(() => 1)) })).logits.data as Float32Array)[0];
        assert.ok(Math.abs(mo.scores[i].score - got) < 1e-4, `modernbert pair ${i}: engine ${mo.scores[i].score} vs raw ${got}`);
        assert.equal(mo.scores[i].queryTokensKept! + mo.scores[i].chunkTokensKept! + 3, S);
      }
      assert.ok(mo.scores[1].queryTokensKept! + mo.scores[1].chunkTokensKept! + 3 > 512, 'the long pair kept more than 512 tokens');
    } finally {
      await session.release();
    }
  });

  it('streams length-sorted batches and serves a rerun from the cache without running the model', async () => {
    await client.clearCache();
    const query = 'flood deposit';
    const chunks = Array.from({ length: 10 }, (_, i) => words(5 + i * 7, i));
    const batches: { n: number; done: number; total: number }[] = [];
    const first = await client.score({ spec: spec(), run: { batchSize: 3, threads: 1 }, query, chunks, onBatch: (s, done, total) => batches.push({ n: s.length, done, total }) });
    assert.deepEqual(batches.map((b) => b.n), [3, 3, 3, 1]);
    assert.deepEqual(batches.map((b) => b.done), [3, 6, 9, 10]);
    assert.ok(batches.every((b) => b.total === 10));
    assert.equal(first.cacheHits, 0);

    const before = await client.stats();
    const second = await client.score({ spec: spec(), run: { batchSize: 3, threads: 1 }, query, chunks });
    const afterRerun = await client.stats();
    assert.equal(afterRerun.onnxRuns, before.onnxRuns, 'no ONNX run for cached pairs');
    assert.equal(second.cacheHits, 10);
    assert.ok(second.scores.every((s: PairScore) => s.cached));
    assert.deepEqual(second.scores.map((s) => s.score), first.scores.map((s) => s.score));
    assert.ok(afterRerun.cacheEntries >= 10);
    assert.ok(afterRerun.peakRssBytes >= afterRerun.rssBytes && afterRerun.rssBytes > 0);

    // A different max length is a different key; clearing the cache forces a recompute.
    await client.score({ spec: spec({ maxLength: 20 }), run: { batchSize: 3, threads: 1 }, query, chunks: [chunks[9]] });
    assert.equal((await client.stats()).onnxRuns, afterRerun.onnxRuns! + 1);
    await client.clearCache();
    const third = await client.score({ spec: spec(), run: { batchSize: 3, threads: 1 }, query, chunks });
    assert.equal(third.cacheHits, 0);
    assert.equal((await client.stats()).onnxRuns, afterRerun.onnxRuns! + 1 + 4);
  });

  it('cancellation stops between batches', async () => {
    await client.clearCache();
    const chunks = Array.from({ length: 200 }, (_, i) => `${words(30, i)} ${i}`);
    const runsBefore = (await client.stats()).onnxRuns!;
    const ac = new AbortController();
    let batches = 0;
    const failure = await rejection(
      client.score({
        spec: spec(),
        run: { batchSize: 1, threads: 1 },
        query: 'cancel me',
        chunks,
        signal: ac.signal,
        onBatch: () => {
          batches++;
          ac.abort();
        },
      }),
    );
    assert.equal(failure.error.code, 'cancelled');
    // The next request is queued behind the cancelled one, so when it is done the engine has stopped.
    await client.score({ spec: spec(), run, query: 'after', chunks: ['x'] });
    const runs = (await client.stats()).onnxRuns! - runsBefore - 1;
    assert.ok(runs >= 1 && runs < 200, `the cancelled request ran ${runs} of 200 batches`);
    assert.equal(batches, 1, 'no batch is delivered after the abort');
  });

  it('killing the engine (kill -9) mid-request rejects with engine-crashed, and the next request restarts it', async () => {
    await client.clearCache();
    const states: string[] = [];
    const off = client.onStateChange((s) => states.push(s.state));
    const chunks = Array.from({ length: 100 }, (_, i) => `${words(40, i)} ${i}`);
    const pid = client.pid!;
    const failure = await rejection(
      client.score({ spec: spec(), run: { batchSize: 1, threads: 1 }, query: 'crash', chunks, onBatch: () => process.kill(pid, 'SIGKILL') }),
    );
    assert.equal(failure.error.code, 'engine-crashed');
    assert.match(failure.error.message, /stopped unexpectedly.*SIGKILL/);
    assert.ok(failure.error.hint);
    assert.ok(states.includes('crashed'));
    const out = await client.score({ spec: spec(), run, query: 'crash', chunks: chunks.slice(0, 3) });
    assert.equal(out.scores.length, 3);
    assert.notEqual(client.pid, pid);
    off();
  });

  it('answers a malformed request with bad-request and keeps serving', async () => {
    const bad = await rejection(client.score({ spec: spec(), run, query: 'q', chunks: [1, 2] as unknown as string[] }));
    assert.equal(bad.error.code, 'bad-request');
    const noModel = await rejection(client.score({ spec: spec({ model: 'not a model id!' }), run, query: 'q', chunks: ['a'] }));
    assert.equal(noModel.error.code, 'bad-request');
    const ok = await client.score({ spec: spec(), run, query: 'q', chunks: ['a'] });
    assert.equal(ok.scores.length, 1);
  });
});
