// Company proxies (src/node/proxy.ts), with a real proxy on 127.0.0.1 (test/support/proxy/proxyServer.ts)
// that alone resolves `*.test` names: a request that reaches rerank.test or hub.test went through it.
// Covers the variables' rules, rerank servers over https (CONNECT tunnel, TLS to the server inside) and
// http (absolute form), proxy credentials, a refused tunnel, a proxy that is down, and the engine's
// model download through the proxy (NEEDS BUILD: dist/engine.js).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineClient } from '../../../src/engine/client';
import { proxiedFetch, proxyFor, ProxyConfigError, redactProxy } from '../../../src/node/proxy';
import { RemoteScorer } from '../../../src/scorers/remote';
import { ScorerFailure } from '../../../src/session/scorer';
import { fakeHostTls, startTestProxy, type TestProxy } from '../../support/proxy/proxyServer';
import { startRerankServer, type RerankServer } from '../../support/rerankServers/index';
import { startHub } from '../engine/hubServer';
import { ENGINE_JS, ensureBuilt, TINY_MODEL_DIR } from '../engine/support';

const u = (s: string) => new URL(s);
const onFake = (url: string, host: string) => url.replace('127.0.0.1', host);

async function failure(p: Promise<unknown>): Promise<ScorerFailure> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ScorerFailure, String(e));
    return e;
  }
  throw new Error('expected a failure');
}

describe('proxy variables: which requests go through which proxy', () => {
  const P = 'http://proxy.corp:3128';
  const cases: [string, Record<string, string>, string | undefined][] = [
    ['https://huggingface.co/x', { HTTPS_PROXY: P }, P],
    ['https://huggingface.co/x', { https_proxy: 'http://lower:1', HTTPS_PROXY: P }, 'http://lower:1'],
    ['http://tei.corp:8080/rerank', { HTTPS_PROXY: P }, undefined],
    ['http://tei.corp:8080/rerank', { HTTP_PROXY: P }, P],
    ['https://api.cohere.com/v2/rerank', { ALL_PROXY: P }, P],
    ['https://huggingface.co/x', { HTTPS_PROXY: 'proxy.corp:3128' }, P],
    // Loopback never goes through a proxy.
    ['http://127.0.0.1:8080/rerank', { HTTP_PROXY: P }, undefined],
    ['http://localhost:8080/rerank', { HTTP_PROXY: P }, undefined],
    ['http://[::1]:8080/rerank', { HTTP_PROXY: P }, undefined],
    // NO_PROXY: names and their subdomains, .suffix, *.suffix, ports, IPs, CIDR, *.
    ['https://gpu.corp.example/x', { HTTPS_PROXY: P, NO_PROXY: 'corp.example' }, undefined],
    ['https://corp.example/x', { HTTPS_PROXY: P, NO_PROXY: '.corp.example' }, undefined],
    ['https://a.corp.example/x', { HTTPS_PROXY: P, NO_PROXY: '*.corp.example' }, undefined],
    ['https://notcorp.example/x', { HTTPS_PROXY: P, NO_PROXY: 'corp.example' }, P],
    ['https://gpu.corp:8443/x', { HTTPS_PROXY: P, no_proxy: 'other, gpu.corp:8443' }, undefined],
    ['https://gpu.corp:9443/x', { HTTPS_PROXY: P, NO_PROXY: 'gpu.corp:8443' }, P],
    ['http://10.1.2.3:8080/x', { HTTP_PROXY: P, NO_PROXY: '10.0.0.0/8' }, undefined],
    ['http://11.1.2.3:8080/x', { HTTP_PROXY: P, NO_PROXY: '10.0.0.0/8' }, P],
    ['http://192.168.1.5/x', { HTTP_PROXY: P, NO_PROXY: '192.168.1.5' }, undefined],
    ['https://anything.example/x', { HTTPS_PROXY: P, NO_PROXY: '*' }, undefined],
    ['https://huggingface.co/x', {}, undefined],
  ];
  for (const [target, env, want] of cases) {
    it(`${target} with ${JSON.stringify(env)} -> ${want ?? 'direct'}`, () => {
      const got = proxyFor(u(target), env);
      assert.equal(got ? `${got.protocol}//${got.host}` : undefined, want);
    });
  }

  it('refuses a proxy it cannot speak, naming it without its password', () => {
    assert.throws(
      () => proxyFor(u('https://huggingface.co/'), { HTTPS_PROXY: 'socks5://me:secret@proxy.corp:1080' }),
      (e: unknown) => e instanceof ProxyConfigError && /socks5/.test(e.message) && !/secret/.test(e.message) && /http:\/\//.test(e.hint),
    );
    assert.equal(redactProxy('http://me:secret@proxy.corp:3128'), 'http://***@proxy.corp:3128');
    // A rerank server behind it: a bad request with the fix, not a crash.
    assert.throws(
      () => new RemoteScorer({ provider: 'tei', baseUrl: 'https://tei.corp', env: { HTTPS_PROXY: 'socks5://me:secret@proxy.corp:1080' } }),
      (e: unknown) => e instanceof ScorerFailure && e.code === 'bad-request' && /socks5/.test(e.message) && /http:\/\//.test(e.hint ?? '') && !/secret/.test(e.message),
    );
    assert.equal(redactProxy('proxy.corp:3128'), 'http://proxy.corp:3128');
  });
});

describe('rerank servers and downloads through a real proxy on loopback', function () {
  this.timeout(120_000);
  const tls = fakeHostTls();
  const cleanup: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const c of cleanup.reverse()) await c();
  });
  const proxyOf = async (opts = {}): Promise<TestProxy> => {
    const p = await startTestProxy(opts);
    cleanup.push(() => p.close());
    return p;
  };
  const serverOf = async (withTls: boolean): Promise<RerankServer> => {
    const s = await startRerankServer({ kind: 'cohere', ...(withTls ? { tls } : {}) });
    cleanup.push(() => s.close());
    return s;
  };
  const scorerOf = (baseUrl: string, env: Record<string, string>, extra: Partial<ConstructorParameters<typeof RemoteScorer>[0]> = {}) => {
    const s = new RemoteScorer({ provider: 'cohere', baseUrl, model: 'm', env, ca: tls.cert, maxRetries: 0, ...extra });
    cleanup.push(() => s.dispose());
    return s;
  };
  const chunks = ['rotate the database password', 'the cafeteria opens at noon', 'vault rotates credentials'];

  it('https server: a CONNECT tunnel, TLS to the server inside it, the same scores as direct', async () => {
    const proxy = await proxyOf();
    const server = await serverOf(true);
    const viaProxy = scorerOf(onFake(server.url, 'rerank.test'), { HTTPS_PROXY: proxy.url });
    const got = await viaProxy.score({ query: 'rotate password', chunks });
    // The served scores depend on query and text only: the same server kind reached directly (plain http on loopback).
    const direct = await scorerOf((await serverOf(false)).url, {}).score({ query: 'rotate password', chunks });
    assert.deepEqual(got.scores.map((s) => s.score), direct.scores.map((s) => s.score));
    assert.ok(proxy.seen.some((r) => r.method === 'CONNECT' && r.target === `rerank.test:${new URL(server.url).port}`), JSON.stringify(proxy.seen));
    // The proxy saw the tunnel only: the request itself (and the API key) went inside TLS.
    assert.ok(proxy.seen.every((r) => r.method === 'CONNECT'));
  });

  it('http server: the request goes to the proxy in absolute form; NO_PROXY sends it direct', async () => {
    const proxy = await proxyOf();
    const server = await serverOf(false);
    const target = onFake(server.url, 'rerank.test');
    const got = await scorerOf(target, { HTTP_PROXY: proxy.url }).score({ query: 'q', chunks });
    assert.equal(got.scores.length, 3);
    assert.ok(proxy.seen.some((r) => r.method === 'POST' && r.target.startsWith(`${target}`)), JSON.stringify(proxy.seen));
    const before = proxy.seen.length;
    // Direct (NO_PROXY): rerank.test resolves nowhere but at the proxy, so the request fails, naming the server.
    const f = await failure(scorerOf(target, { HTTP_PROXY: proxy.url, NO_PROXY: 'rerank.test' }).score({ query: 'q', chunks }));
    assert.equal(proxy.seen.length, before, 'NO_PROXY kept the proxy out');
    assert.match(f.message, /rerank\.test/);
  });

  it('proxy credentials from the URL are sent; without them the 407 says what to do and no password leaks', async () => {
    const proxy = await proxyOf({ credentials: 'me:s3cret' });
    const server = await serverOf(true);
    const target = onFake(server.url, 'rerank.test');
    const ok = await scorerOf(target, { HTTPS_PROXY: `http://me:s3cret@127.0.0.1:${proxy.port}` }).score({ query: 'q', chunks });
    assert.equal(ok.scores.length, 3);
    assert.ok(proxy.seen.some((r) => r.auth === `Basic ${Buffer.from('me:s3cret').toString('base64')}`));
    const f = await failure(scorerOf(target, { HTTPS_PROXY: `http://me:wrong@127.0.0.1:${proxy.port}` }).score({ query: 'q', chunks }));
    assert.equal(f.code, 'unavailable');
    assert.match(f.message, /407/);
    assert.match(f.message, /credentials/);
    assert.ok(!/wrong|s3cret/.test(`${f.message} ${f.hint}`), f.message);
    // An http server behind the same proxy: the 407 comes back as an HTTP answer.
    const plain = await serverOf(false);
    const f2 = await failure(scorerOf(onFake(plain.url, 'rerank.test'), { HTTP_PROXY: `http://127.0.0.1:${proxy.port}` }).score({ query: 'q', chunks }));
    assert.equal(f2.code, 'auth');
    assert.match(f2.hint ?? '', /USER:PASSWORD@HOST:PORT/);
  });

  it('a refused tunnel and a proxy that is down fail at once, naming the proxy (not the server)', async () => {
    const proxy = await proxyOf({ refuseTunnels: true });
    const server = await serverOf(true);
    const target = onFake(server.url, 'rerank.test');
    const refused = await failure(scorerOf(target, { HTTPS_PROXY: proxy.url }).score({ query: 'q', chunks }));
    assert.equal(refused.code, 'unavailable');
    assert.match(refused.message, new RegExp(`proxy http://127\\.0\\.0\\.1:${proxy.port} answered 403 to CONNECT rerank\\.test`));
    assert.match(refused.hint ?? '', /NO_PROXY/);
    const down = await startTestProxy();
    await down.close();
    const gone = await failure(scorerOf(target, { HTTPS_PROXY: down.url }).score({ query: 'q', chunks }));
    assert.match(gone.message, new RegExp(`proxy http://127\\.0\\.0\\.1:${down.port}`));
    assert.match(gone.hint ?? '', /HTTPS_PROXY/);
  });

  it('fetch through the proxy: redirects followed hop by hop, bodies streamed, https inside a tunnel', async () => {
    const proxy = await proxyOf();
    const hub = await startHub({ 'org/m': TINY_MODEL_DIR });
    cleanup.push(() => hub.close());
    const f = proxiedFetch({ HTTP_PROXY: proxy.url }, fetch);
    const base = onFake(hub.url, 'hub.test');
    const res = await f(`${base}org/m/resolve/main/config.json`);
    assert.equal(res.status, 200);
    assert.equal(JSON.parse(await res.text()).model_type, 'bert');
    const missing = await f(`${base}org/m/resolve/main/nope.json`);
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
    assert.ok(proxy.seen.filter((r) => r.method === 'GET' && r.target.startsWith(base)).length >= 2);
    // A redirect (as the hub's resolve URLs answer, to its CDN) to another host the proxy alone reaches.
    const redirector = http.createServer((_req, r) => r.writeHead(302, { location: `${base}org/m/resolve/main/config.json` }).end());
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise<void>((r) => redirector.close(() => r())));
    const hop = `http://cdn.test:${(redirector.address() as AddressInfo).port}/org/m/config.json`;
    const redirected = await f(hop);
    assert.equal(redirected.status, 200);
    assert.equal(redirected.url, `${base}org/m/resolve/main/config.json`);
    assert.equal(JSON.parse(await redirected.text()).model_type, 'bert');
    assert.ok(proxy.seen.some((r) => r.target === hop), 'the first hop went through the proxy');
    // https: the committed rerank.test certificate, trusted through the agent options.
    const server = await serverOf(true);
    const tf = proxiedFetch({ HTTPS_PROXY: proxy.url }, fetch, { ca: tls.cert });
    const posted = await tf(`${onFake(server.url, 'rerank.test')}/v2/rerank`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', query: 'q', documents: ['a b', 'c'] }) });
    assert.equal(posted.status, 200);
    assert.equal((JSON.parse(await posted.text()) as { results: unknown[] }).results.length, 2);
  });

  it('the engine downloads a model from a hub only the proxy can reach (HTTP_PROXY passed by the client)', async () => {
    ensureBuilt();
    const proxy = await proxyOf();
    const hub = await startHub({ 'org/tiny-proxied': TINY_MODEL_DIR });
    cleanup.push(() => hub.close());
    const cacheDir = mkdtempSync(join(tmpdir(), 'rl-proxy-cache-'));
    cleanup.push(() => rmSync(cacheDir, { recursive: true, force: true }));
    const client = new EngineClient({ enginePath: ENGINE_JS, env: () => ({ HTTP_PROXY: proxy.url, http_proxy: proxy.url }) });
    cleanup.push(() => client.dispose());
    const out = await client.score({
      spec: { model: 'org/tiny-proxied', dtype: 'fp32', cacheDir, hubUrl: onFake(hub.url, 'hub.test'), offline: false },
      run: { batchSize: 4, threads: 1 },
      query: 'rotate password',
      chunks,
    });
    assert.equal(out.scores.length, 3);
    const fetched = proxy.seen.filter((r) => r.target.includes('/org/tiny-proxied/resolve/')).map((r) => r.target.split('/resolve/main/')[1]);
    for (const f of ['config.json', 'tokenizer.json', 'onnx/model.onnx']) assert.ok(fetched.includes(f), `${f} through the proxy: ${fetched.join(', ')}`);
  });
});
