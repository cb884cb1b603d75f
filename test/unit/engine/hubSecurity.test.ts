// Hub ids and downloads that must not escape the cache, hang or grow without bound, against the real
// engine and a loopback hub (hubServer.ts):
//  - ids with `..` (and other non-ids) are refused at the engine boundary: nothing outside the cache is
//    read, trusted as cached, or deleted, offline or online, and the hub is never asked;
//  - a hub that accepts the connection and never answers, or sends headers and then stalls, fails after
//    the timeout with the URL in the message; an endless config.json stops at the size cap.
// NEEDS BUILD: forks dist/engine.js.
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineClient } from '../../../src/engine/client';
import { fileKindOf, SIZE_CAPS } from '../../../src/engine/hfEnv';
import { hubIdProblem, revisionProblem } from '../../../src/engine/hubId';
import type { ModelSpec } from '../../../src/engine/protocol';
import { startHub, type LoopbackHub } from './hubServer';
import { ENGINE_JS, ensureBuilt, rejection, TINY_MODEL_DIR } from './support';

const RUN = { batchSize: 8, threads: 1 };
const FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'];
const ESCAPING_IDS = ['../victim', '..', 'owner/..', '../../victim', 'a/../victim', '..\\victim', 'owner\\..\\..\\victim', 'owner/name/../../../victim', './victim', ''];

describe('hub ids at the engine boundary', () => {
  it('accepts real hub ids and refuses anything that could name a path', () => {
    for (const id of ['cross-encoder/ms-marco-MiniLM-L-6-v2', 'BAAI/bge-reranker-v2-m3', 'gpt2', 'mixedbread-ai/mxbai-rerank-xsmall-v1', 'org_1/m.v2']) assert.equal(hubIdProblem(id), null, id);
    for (const id of [...ESCAPING_IDS, 'owner/name/extra', '/etc', 'C:\\models\\x', 'a--b/c', '-x/y', 'x/y.', 'o/ná', 'o/n m']) assert.notEqual(hubIdProblem(id), null, id);
    for (const rev of ['main', 'v1.0', 'refs/pr/1', '0123456789abcdef0123456789abcdef01234567']) assert.equal(revisionProblem(rev), null, rev);
    for (const rev of ['../x', 'main/../../x', '/abs', 'a//b', 'a\\b', '']) assert.notEqual(revisionProblem(rev), null, rev);
  });
});

describe('hub security with the real engine (NEEDS BUILD: dist/engine.js)', function () {
  this.timeout(120_000);
  let hub: LoopbackHub;
  let root: string;
  let cacheDir: string;
  let victim: string;
  const clients: EngineClient[] = [];
  const client = (): EngineClient => {
    const c = new EngineClient({ enginePath: ENGINE_JS, hubTimeoutMs: 1500 });
    clients.push(c);
    return c;
  };
  const spec = (model: string, over: Partial<ModelSpec> = {}): ModelSpec => ({ model, dtype: 'fp32', cacheDir, hubUrl: hub.url, offline: false, ...over });
  const snapshot = (): string[] => FILES.map((f) => (existsSync(join(victim, f)) ? readFileSync(join(victim, f)).toString('base64') : 'MISSING'));

  before(async () => {
    ensureBuilt();
    root = mkdtempSync(join(tmpdir(), 'rl-hubsec-'));
    cacheDir = join(root, 'cache');
    mkdirSync(cacheDir);
    // A complete model beside the cache, the way `<cache>/../victim` would find it; its config.json is
    // an HTML page, which the engine treats as a damaged download and deletes when it is in the cache.
    victim = join(root, 'victim');
    cpSync(TINY_MODEL_DIR, victim, { recursive: true });
    writeFileSync(join(victim, 'config.json'), '<html>not json</html>');
    const repos: Record<string, string> = {};
    for (const id of ['silent', 'stall', 'endless', 'huge']) repos[`test-org/tiny-${id}`] = TINY_MODEL_DIR;
    hub = await startHub(repos);
    hub.silent.add('test-org/tiny-silent/config.json');
    hub.stallAfterHeaders.add('test-org/tiny-stall/onnx/model.onnx');
    hub.endless.add('test-org/tiny-endless/config.json');
    hub.hugeLength.add('test-org/tiny-huge/tokenizer.json');
  });
  after(async () => {
    clients.forEach((c) => c.dispose());
    await hub.close();
    // Disposed engines (killed after a grace period) may still be writing or removing their partial
    // downloads for a few seconds: wait for that instead of failing the suite on ENOTEMPTY, and leave a
    // stubborn temp folder to the OS rather than fail a test that already passed.
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        rmSync(root, { recursive: true, force: true });
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  });

  for (const offline of [true, false]) {
    it(`ids that lead out of the cache are refused ${offline ? 'offline' : 'online'}; nothing outside is read or deleted, the hub is not asked`, async () => {
      const before = snapshot();
      const requests = hub.requests.length;
      const c = client();
      for (const id of ESCAPING_IDS) {
        const f = await rejection(c.load(spec(id, { offline }), RUN));
        assert.equal(f.error.code, 'bad-request', `${JSON.stringify(id)}: ${f.error.message}`);
        assert.match(f.error.message, id === '' ? /No model/ : /neither a hub id nor an absolute folder path/);
        const s = await rejection(c.score({ spec: spec(id, { offline }), run: RUN, query: 'q', chunks: ['a'] }));
        assert.equal(s.error.code, 'bad-request');
      }
      assert.deepEqual(snapshot(), before, 'the folder outside the cache is untouched');
      assert.equal(hub.requests.length, requests, 'no request reached the hub');
    });
  }

  it('a revision that leads out of the cache is refused', async () => {
    const c = client();
    const f = await rejection(c.load(spec('test-org/tiny-silent', { revision: '../../../victim', offline: true }), RUN));
    assert.equal(f.error.code, 'bad-request');
    assert.match(f.error.message, /revision/);
  });

  it('a hub that accepts the connection and never answers fails after the timeout, naming the URL', async () => {
    const f = await rejection(client().load(spec('test-org/tiny-silent'), RUN));
    assert.equal(f.error.code, 'network');
    assert.match(f.error.message, /test-org\/tiny-silent\/resolve\/main\/config\.json could not be reached \(no answer within \d+ s\)/);
    assert.match(f.error.hint!, /network|hub URL/);
  });

  it('a download that sends headers and then stalls fails after the timeout, keeps nothing, names the URL', async () => {
    const f = await rejection(client().load(spec('test-org/tiny-stall'), RUN));
    assert.equal(f.error.code, 'download-interrupted');
    assert.match(f.error.message, /onnx\/model\.onnx .*resolve\/main\/onnx\/model\.onnx.*no data for \d+ s/);
    assert.match(f.error.hint!, /again/);
    assert.ok(!existsSync(join(cacheDir, 'test-org/tiny-stall/onnx/model.onnx')));
  });

  it('an endless config.json stops at the 5 MB config cap with a message naming the URL and what to do; nothing is kept', async () => {
    const f = await rejection(client().load(spec('test-org/tiny-endless'), RUN));
    assert.equal(f.error.code, 'download-too-large');
    assert.match(f.error.message, /resolve\/main\/config\.json is larger than 5 MB/);
    assert.match(f.error.hint!, /hub URL/);
    assert.ok(hub.endlessBytes() < 200 * 1024 * 1024, `the server wrote ${hub.endlessBytes()} bytes before the engine hung up`);
    assert.ok(!existsSync(join(cacheDir, 'test-org/tiny-endless/config.json')));
  });

  it('a Content-Length beyond the cap is refused from the headers, before any byte is read (not a stall)', async () => {
    const f = await rejection(client().load(spec('test-org/tiny-huge'), RUN));
    assert.equal(f.error.code, 'download-too-large', f.error.message);
    assert.match(f.error.message, /resolve\/main\/tokenizer\.json is larger than 50 MB/);
    assert.ok(!existsSync(join(cacheDir, 'test-org/tiny-huge/tokenizer.json')));
  });
});

describe('download size caps by kind of file', () => {
  it('configs, tokenizer files and weights each have their own cap', () => {
    const base = 'https://huggingface.co/o/m/resolve/main/';
    assert.equal(fileKindOf(`${base}config.json`), 'config');
    assert.equal(fileKindOf(`${base}tokenizer_config.json`), 'config');
    assert.equal(fileKindOf(`${base}special_tokens_map.json`), 'config');
    assert.equal(fileKindOf(`${base}tokenizer.json`), 'tokenizer');
    assert.equal(fileKindOf(`${base}sentencepiece.bpe.model`), 'tokenizer');
    assert.equal(fileKindOf(`${base}onnx/model.onnx`), 'weights');
    assert.equal(fileKindOf(`${base}onnx/model.onnx_data`), 'weights');
    assert.equal(fileKindOf(`${base}onnx/model_quantized.onnx?download=true`), 'weights');
    assert.ok(SIZE_CAPS.config < SIZE_CAPS.tokenizer && SIZE_CAPS.tokenizer < SIZE_CAPS.weights);
    assert.equal(SIZE_CAPS.weights, 4 * 1024 ** 3);
  });
});
