// Model downloads through transformers.js against a loopback hub on 127.0.0.1 (hubServer.ts): progress,
// caching, offline reuse with the server stopped, interrupted downloads, and the errors a user sees.
// NEEDS BUILD: forks dist/engine.js; the `before` hook runs `npm run build` when it is missing or stale.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineClient } from '../../../src/engine/client';
import type { DownloadProgress, ModelSpec } from '../../../src/engine/protocol';
import { startHub, type LoopbackHub } from './hubServer';
import { ENGINE_JS, ensureBuilt, rejection, TINY_MODEL_DIR } from './support';

const RUN = { batchSize: 8, threads: 1 };
const FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'];

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name).slice(dir.length + 1))
    .sort();
}

describe('engine model downloads from a loopback hub (NEEDS BUILD: dist/engine.js)', function () {
  this.timeout(120_000);
  let hub: LoopbackHub;
  const clients: EngineClient[] = [];
  const dirs: string[] = [];
  const newClient = (): EngineClient => {
    const c = new EngineClient({ enginePath: ENGINE_JS });
    clients.push(c);
    return c;
  };
  const newCache = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'rl-hub-cache-'));
    dirs.push(d);
    return d;
  };
  const spec = (model: string, cacheDir: string, over: Partial<ModelSpec> = {}): ModelSpec => ({ model, dtype: 'fp32', cacheDir, hubUrl: hub.url, offline: false, ...over });

  before(async () => {
    ensureBuilt();
    // Each test uses its own repo id: transformers.js memoizes per-id file lookups inside a process.
    const repos: Record<string, string> = {};
    for (const id of ['slow', 'portal', 'cut', 'short', 'corrupt', 'fp32only', 'offline', 'nonet']) repos[`test-org/tiny-${id}`] = TINY_MODEL_DIR;
    hub = await startHub(repos);
  });
  after(async () => {
    clients.forEach((c) => c.dispose());
    await hub.close();
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  it('downloads with progress events, caches, then loads again offline with the server stopped', async () => {
    const cacheDir = newCache();
    const model = 'test-org/tiny-download';
    const own = await startHub({ [model]: TINY_MODEL_DIR });
    const ownSpec = (over: Partial<ModelSpec> = {}): ModelSpec => spec(model, cacheDir, { hubUrl: own.url, ...over });
    const events: DownloadProgress[] = [];
    const first = newClient();
    const info = await first.load(ownSpec(), RUN, (p) => events.push(p));
    assert.equal(info.fromCache, false);
    assert.equal(info.folder, join(cacheDir, model));

    // Progress: every file was announced and finished, and the ONNX file reported bytes and percent.
    for (const f of FILES) {
      assert.ok(events.some((e) => e.file === f && e.status === 'initiate'), `initiate ${f}`);
      assert.ok(events.some((e) => e.file === f && e.status === 'done'), `done ${f}`);
    }
    const onnxSize = statSync(join(TINY_MODEL_DIR, 'onnx/model.onnx')).size;
    const onnxProgress = events.filter((e) => e.file === 'onnx/model.onnx' && e.status === 'progress');
    assert.ok(onnxProgress.length >= 1);
    const last = onnxProgress[onnxProgress.length - 1];
    assert.equal(last.total, onnxSize);
    assert.equal(last.loaded, onnxSize);
    assert.equal(Math.round(last.percent!), 100);
    assert.ok(onnxProgress.every((e, i) => i === 0 || e.loaded! >= onnxProgress[i - 1].loaded!));
    // The hub was probed and downloaded the way the real hub is used.
    assert.ok(own.requests.some((r) => r.path === `/${model}/resolve/main/onnx/model.onnx` && r.range === null));
    assert.ok(own.requests.some((r) => r.range === 'bytes=0-0'));

    // The cache holds exactly the files, byte-identical, and no temp files.
    const cached = filesUnder(join(cacheDir, model));
    assert.deepEqual(cached, [...FILES].sort());
    for (const f of FILES) assert.ok(readFileSync(join(cacheDir, model, f)).equals(readFileSync(join(TINY_MODEL_DIR, f))), f);
    const chunks = ['The museum opens at nine.', 'Rivers flood.'];
    const online = await first.score({ spec: ownSpec(), run: RUN, query: 'museum', chunks });
    first.dispose();

    // A fresh engine, online, server up: the cached copy is used without a single request.
    const requestsAfterDownload = own.requests.length;
    const cachedOnline = newClient();
    assert.equal((await cachedOnline.load(ownSpec(), RUN)).fromCache, true);
    assert.equal(own.requests.length, requestsAfterDownload, 'no request when the model is cached');
    cachedOnline.dispose();

    // Server stopped; a fresh engine with offline=true loads and scores from the cache alone.
    await own.close();
    const second = newClient();
    const info2 = await second.load(ownSpec({ offline: true }), RUN, (p) => assert.fail(`no download expected offline, got ${JSON.stringify(p)}`));
    assert.equal(info2.fromCache, true);
    const offline = await second.score({ spec: ownSpec({ offline: true }), run: RUN, query: 'museum', chunks });
    assert.deepEqual(offline.scores.map((s) => s.score), online.scores.map((s) => s.score));
    second.dispose();

    // Even with offline off, a stopped server does not matter once the model is cached.
    const third = newClient();
    assert.equal((await third.load(ownSpec(), RUN)).fromCache, true);
  });

  it('cancelling a request while its model downloads answers at once; the download finishes for the next request', async () => {
    const cacheDir = newCache();
    const model = 'test-org/tiny-slow';
    hub.slowOnce.add(`${model}/onnx/model.onnx`);
    const client = newClient();
    const ac = new AbortController();
    let progressAfterAbort = 0;
    const failure = await rejection(
      client.score({
        spec: spec(model, cacheDir),
        run: RUN,
        query: 'q',
        chunks: ['a'],
        signal: ac.signal,
        onProgress: (p) => {
          if (ac.signal.aborted) progressAfterAbort++;
          if (p.file === 'onnx/model.onnx' && p.status === 'progress') ac.abort();
        },
      }),
    );
    assert.equal(failure.error.code, 'cancelled');
    assert.equal(progressAfterAbort, 0, 'no events for a cancelled request');
    const out = await client.score({ spec: spec(model, cacheDir), run: RUN, query: 'q', chunks: ['a', 'b'] });
    assert.equal(out.scores.length, 2);
    assert.equal(hub.requests.filter((r) => r.path.endsWith('/tiny-slow/resolve/main/onnx/model.onnx') && r.range === null).length, 1, 'downloaded once');
  });

  it('a download cut off mid-file fails clearly, leaves nothing a later load would trust, and a retry succeeds', async () => {
    const cacheDir = newCache();
    const model = 'test-org/tiny-cut';
    hub.cutOnce.add(`${model}/onnx/model.onnx`);
    const client = newClient();
    const failure = await rejection(client.load(spec(model, cacheDir), RUN));
    assert.equal(failure.error.code, 'download-interrupted');
    assert.match(failure.error.message, /onnx\/model\.onnx/);
    assert.match(failure.error.message, /interrupted after \d+ of \d+ bytes/);
    assert.match(failure.error.hint!, /retry|again/i);
    // Complete files may stay; the partial ONNX file must not, under any name.
    const left = filesUnder(join(cacheDir, model));
    assert.ok(!left.some((f) => f.startsWith('onnx/')), `left in cache: ${left.join(', ')}`);
    // A later offline load does not trust anything: it reports the model as not cached.
    const offline = await rejection(client.load(spec(model, cacheDir, { offline: true }), RUN));
    assert.equal(offline.error.code, 'offline-not-cached');
    assert.match(offline.error.message, /onnx\/model\.onnx/);
    // Retry online: succeeds and the file is whole.
    const info = await client.load(spec(model, cacheDir), RUN);
    assert.equal(info.numLabels, 1);
    assert.ok(readFileSync(join(cacheDir, model, 'onnx/model.onnx')).equals(readFileSync(join(TINY_MODEL_DIR, 'onnx/model.onnx'))));
  });

  it('a body that ends early without Content-Length is caught against the probed size', async () => {
    const cacheDir = newCache();
    const model = 'test-org/tiny-short';
    hub.shortOnce.add(`${model}/onnx/model.onnx`);
    const client = newClient();
    const failure = await rejection(client.load(spec(model, cacheDir), RUN));
    assert.equal(failure.error.code, 'download-interrupted');
    assert.ok(!existsSync(join(cacheDir, model, 'onnx/model.onnx')));
    await client.load(spec(model, cacheDir), RUN);
    assert.equal(statSync(join(cacheDir, model, 'onnx/model.onnx')).size, statSync(join(TINY_MODEL_DIR, 'onnx/model.onnx')).size);
  });

  it('a corrupt ONNX download is reported and removed from the cache, so the next try downloads again', async () => {
    const cacheDir = newCache();
    const model = 'test-org/tiny-corrupt';
    hub.override.set(`${model}/onnx/model.onnx`, Buffer.from('this is not an onnx protobuf, just text pretending to be one'));
    const client = newClient();
    const failure = await rejection(client.load(spec(model, cacheDir), RUN));
    assert.equal(failure.error.code, 'corrupt-onnx');
    assert.match(failure.error.hint!, /removed from the model cache/);
    assert.ok(!existsSync(join(cacheDir, model, 'onnx/model.onnx')));
    hub.override.delete(`${model}/onnx/model.onnx`);
    const info = await client.load(spec(model, cacheDir), RUN);
    assert.equal(info.numLabels, 1);
  });

  it('an HTML page served as config.json (captive portal) is reported and not kept in the cache', async () => {
    const cacheDir = newCache();
    const model = 'test-org/tiny-portal';
    hub.override.set(`${model}/config.json`, Buffer.from('<html><body>Please log in to the hotel wifi</body></html>'));
    const client = newClient();
    const failure = await rejection(client.load(spec(model, cacheDir), RUN));
    assert.equal(failure.error.code, 'bad-model-folder');
    assert.match(failure.error.message, /config\.json/);
    assert.match(failure.error.hint!, /removed from the model cache.*proxy or login page/);
    assert.ok(!existsSync(join(cacheDir, model, 'config.json')));
    hub.override.delete(`${model}/config.json`);
    assert.equal((await client.load(spec(model, cacheDir), RUN)).numLabels, 1);
  });

  it('an unknown model id is model-not-found (the hub answers 401)', async () => {
    const client = newClient();
    const failure = await rejection(client.load(spec('test-org/no-such-model', newCache()), RUN));
    assert.equal(failure.error.code, 'model-not-found');
    assert.match(failure.error.message, /test-org\/no-such-model.*not found.*HTTP 401/);
    assert.match(failure.error.hint!, /model id/);
  });

  it('q8 on a repo without quantized weights says which file is missing and what to do', async () => {
    const model = 'test-org/tiny-fp32only';
    // The fixture also carries the optimum int8 flavours, which q8 would pick: hide every int8 file.
    for (const f of ['model_quantized', 'model_qint8_avx512', 'model_quint8_avx2']) hub.hidden.add(`${model}/onnx/${f}.onnx`);
    const client = newClient();
    const failure = await rejection(client.load(spec(model, newCache(), { dtype: 'q8' }), RUN));
    assert.equal(failure.error.code, 'model-not-found');
    assert.match(failure.error.message, /no ONNX weights at onnx\/model_quantized\.onnx.*HTTP 404/);
    assert.match(failure.error.hint!, /dtype fp32/);
  });

  it('offline and not cached: offline-not-cached, without a single request', async () => {
    const before = hub.requests.length;
    const client = newClient();
    const failure = await rejection(client.load(spec('test-org/tiny-offline', newCache(), { offline: true }), RUN));
    assert.equal(failure.error.code, 'offline-not-cached');
    assert.match(failure.error.hint!, /offline mode off/);
    assert.equal(hub.requests.length, before);
  });

  it('no network and not cached: network error naming the hub', async () => {
    const client = newClient();
    const failure = await rejection(client.load(spec('test-org/tiny-nonet', newCache(), { hubUrl: 'http://127.0.0.1:9/' }), RUN));
    assert.equal(failure.error.code, 'network');
    assert.match(failure.error.message, /127\.0\.0\.1:9.*could not be reached/);
    assert.match(failure.error.hint!, /offline/);
  });
});
