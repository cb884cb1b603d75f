// The remote client against real HTTP servers on 127.0.0.1 (test/support/rerankServers): every
// provider's shapes, batching, 413 splitting, retries with Retry-After, timeouts, dropped connections,
// malformed and inconsistent answers, abort, and no score lost on failure.
import { strict as assert } from 'node:assert';
import { RemoteScorer, isLoopbackUrl, type RemoteScorerConfig } from '../../../src/scorers/remote';
import type { ProviderId } from '../../../src/scorers/providers/index';
import { ScorerFailure, type ScoreResult } from '../../../src/session/scorer';
import { servedScore, startRerankServer, testTls, type Fault, type RerankServer, type ServerKind } from '../../support/rerankServers/index';

const QUERY = 'why is the connection pool exhausted';
const docs = (n: number): string[] => Array.from({ length: n }, (_, i) => `chunk ${i}: ${i % 3 === 0 ? 'the connection pool is exhausted under load' : i % 3 === 1 ? 'unrelated text about gardening' : 'pool sizing and connection limits'} #${i}`);

const servers: RerankServer[] = [];
const scorers: RemoteScorer[] = [];
afterEach(async () => {
  for (const s of scorers.splice(0)) s.dispose();
  for (const s of servers.splice(0)) await s.close();
});

async function setup(kind: ServerKind, opts: { faults?: Fault[]; maxBatch?: number; apiKey?: string; path?: string } = {}, cfg: Partial<RemoteScorerConfig> = {}): Promise<{ server: RerankServer; scorer: RemoteScorer; sleeps: number[] }> {
  const server = await startRerankServer({ kind, faults: opts.faults, maxBatch: opts.maxBatch, apiKey: opts.apiKey });
  servers.push(server);
  const sleeps: number[] = [];
  const scorer = new RemoteScorer({
    provider: kind as ProviderId,
    baseUrl: server.url + (opts.path ?? ''),
    model: 'test-model',
    ...(opts.apiKey ? { apiKey: opts.apiKey } : {}),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...cfg,
  });
  scorers.push(scorer);
  return { server, scorer, sleeps };
}

async function failure(p: Promise<ScoreResult>): Promise<ScorerFailure> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ScorerFailure, `expected a ScorerFailure, got ${String(e)}`);
    return e;
  }
  assert.fail('expected scoring to fail');
}

function expectScores(kind: ServerKind, r: ScoreResult, texts: string[], raw: boolean): void {
  assert.equal(r.scores.length, texts.length);
  texts.forEach((t, i) => {
    assert.equal(r.scores[i].index, i);
    assert.ok(Math.abs(r.scores[i].score - servedScore(kind, QUERY, t, raw)) < 1e-9, `score of chunk ${i}`);
    assert.ok(r.scores[i].probability >= 0 && r.scores[i].probability <= 1);
  });
}

describe('scorers/remote: each provider over loopback HTTP', () => {
  const cases: { kind: ServerKind; path?: string; raw: boolean; meaning: string; check: (body: Record<string, unknown>, n: number) => void }[] = [
    { kind: 'cohere', raw: false, meaning: 'relevance', check: (b, n) => assert.deepEqual([b.model, b.top_n, Array.isArray(b.documents)], ['test-model', n, true]) },
    { kind: 'jina', raw: false, meaning: 'relevance', check: (b, n) => assert.deepEqual([b.model, b.top_n, b.return_documents], ['test-model', n, false]) },
    { kind: 'voyage', raw: false, meaning: 'relevance', check: (b, n) => assert.deepEqual([b.model, b.top_k, b.truncation], ['test-model', n, true]) },
    { kind: 'mixedbread', raw: false, meaning: 'relevance', check: (b, n) => assert.deepEqual([b.model, b.top_k, Array.isArray(b.input)], ['test-model', n, true]) },
    { kind: 'tei', raw: true, meaning: 'logit', check: (b) => assert.deepEqual([b.raw_scores, Array.isArray(b.texts), 'model' in b], [true, true, false]) },
    { kind: 'infinity', raw: false, meaning: 'probability', check: (b) => assert.equal('raw_scores' in b, false) },
    { kind: 'vllm', raw: false, meaning: 'probability', check: (b, n) => assert.deepEqual([b.model, b.top_n], ['test-model', n]) },
    { kind: 'vllm', path: '/score', raw: false, meaning: 'probability', check: (b, n) => assert.deepEqual([b.text_1, (b.text_2 as unknown[]).length], [QUERY, n]) },
  ];
  for (const c of cases) {
    it(`${c.kind}${c.path ?? ''}: documented request shape, answers mapped back by index, meaning ${c.meaning}`, async () => {
      const { server, scorer } = await setup(c.kind, { path: c.path, apiKey: 'k-123456' });
      const texts = docs(7);
      const r = await scorer.score({ query: QUERY, chunks: texts });
      expectScores(c.kind, r, texts, c.raw);
      assert.equal(scorer.info().meaning, c.meaning);
      assert.equal(server.requests.length, 1);
      assert.equal(server.requests[0].authorization, 'Bearer k-123456');
      c.check(server.requests[0].body, 7);
    });
  }

  it('TEI with rawScores false asks for probabilities and says so', async () => {
    const { server, scorer } = await setup('tei', {}, { rawScores: false });
    const texts = docs(3);
    expectScores('tei', await scorer.score({ query: QUERY, chunks: texts }), texts, false);
    assert.equal(server.requests[0].body.raw_scores, false);
    assert.equal(scorer.info().meaning, 'probability');
  });

  it('sends no Authorization header without a key (self-hosted servers)', async () => {
    const { server, scorer } = await setup('tei');
    await scorer.score({ query: QUERY, chunks: docs(2) });
    assert.equal(server.requests[0].authorization, undefined);
  });
});

describe('scorers/remote: batching, concurrency and progress', () => {
  it('splits 100 chunks into TEI-sized batches (32) and streams progress to 100', async () => {
    const { server, scorer } = await setup('tei', {}, { concurrency: 2 });
    const texts = docs(100);
    const progress: number[] = [];
    const r = await scorer.score({ query: QUERY, chunks: texts, onBatch: (s, p) => progress.push(p.done) });
    expectScores('tei', r, texts, true);
    assert.deepEqual(server.requests.map((q) => q.documents.length).sort((a, b) => b - a), [32, 32, 32, 4]);
    assert.equal(progress[progress.length - 1], 100);
    assert.equal(progress.length, 4);
  });

  it('a 413 with TEI\'s limit makes later batches that size; every chunk is still scored once', async () => {
    const { server, scorer } = await setup('tei', { maxBatch: 10 }, { concurrency: 1 });
    const texts = docs(45);
    expectScores('tei', await scorer.score({ query: QUERY, chunks: texts }), texts, true);
    assert.equal(scorer.currentBatchLimit, 10);
    const ok = server.requests.filter((q) => q.documents.length <= 10);
    assert.equal(ok.reduce((s, q) => s + q.documents.length, 0), 45);
    // Only the first 32-batch was refused; the rest were planned again at 10.
    assert.equal(server.requests.filter((q) => q.documents.length > 10).length, 1);
  });

  it('a 413 without a stated limit halves the batch until it fits', async () => {
    const { server, scorer } = await setup('cohere', { maxBatch: 300 }, { concurrency: 1 });
    const texts = docs(1000);
    const r = await scorer.score({ query: QUERY, chunks: texts });
    expectScores('cohere', r, texts, false);
    assert.ok(scorer.currentBatchLimit <= 300);
    assert.equal(server.requests.filter((q) => q.documents.length <= 300).reduce((s, q) => s + q.documents.length, 0), 1000);
  });

  it('a 413 for a single chunk is a clear bad-request naming the chunk', async () => {
    const { scorer } = await setup('jina', { maxBatch: 0 });
    const f = await failure(scorer.score({ query: QUERY, chunks: docs(2) }));
    assert.equal(f.code, 'bad-request');
    assert.match(f.message, /jina server http:\/\/127\.0\.0\.1:\d+\/v1\/rerank refused chunk \d as too large \(413\)/);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    const { server, scorer } = await setup('tei', { faults: Array.from({ length: 8 }, () => ({ kind: 'slow', ms: 30 }) as Fault) }, { concurrency: 3 });
    let inFlight = 0;
    let peak = 0;
    const orig = server.requests.push.bind(server.requests);
    server.requests.push = (...items) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => inFlight--, 25);
      return orig(...items);
    };
    await scorer.score({ query: QUERY, chunks: docs(8 * 32) });
    assert.ok(peak <= 3, `peak ${peak}`);
    assert.ok(peak >= 2, `requests ran in parallel (peak ${peak})`);
  });
});

describe('scorers/remote: retries', () => {
  it('429 with Retry-After: waits what the server asks, then succeeds', async () => {
    const { server, scorer, sleeps } = await setup('cohere', { faults: [{ kind: 'status', status: 429, retryAfter: '2' }] });
    const texts = docs(3);
    expectScores('cohere', await scorer.score({ query: QUERY, chunks: texts }), texts, false);
    assert.deepEqual(sleeps, [2000]);
    assert.equal(server.requests.length, 2);
  });

  it('500 and 503: backoff grows, then the answer is used', async () => {
    const { scorer, sleeps } = await setup('voyage', { faults: [{ kind: 'status', status: 500 }, { kind: 'status', status: 503 }] }, { backoffBaseMs: 100 });
    const texts = docs(3);
    expectScores('voyage', await scorer.score({ query: QUERY, chunks: texts }), texts, false);
    assert.equal(sleeps.length, 2);
    assert.ok(sleeps[0] >= 50 && sleeps[0] <= 100, `first backoff ${sleeps[0]}`);
    assert.ok(sleeps[1] >= 100 && sleeps[1] <= 200, `second backoff ${sleeps[1]}`);
  });

  it('a dropped connection is retried', async () => {
    const { server, scorer } = await setup('mixedbread', { faults: [{ kind: 'drop' }] });
    const texts = docs(4);
    expectScores('mixedbread', await scorer.score({ query: QUERY, chunks: texts }), texts, false);
    assert.equal(server.requests.length, 2);
  });

  it('a Retry-After longer than allowed fails at once as rate-limited', async () => {
    const { server, scorer } = await setup('cohere', { faults: [{ kind: 'status', status: 429, retryAfter: '3600' }] });
    const f = await failure(scorer.score({ query: QUERY, chunks: docs(2) }));
    assert.equal(f.code, 'rate-limited');
    assert.match(f.message, /asks to wait 3600 s/);
    assert.equal(server.requests.length, 1);
  });

  it('429 until retries run out: rate-limited, with how many attempts', async () => {
    const faults: Fault[] = Array.from({ length: 5 }, () => ({ kind: 'status', status: 429, retryAfter: '1' }));
    const { scorer, sleeps } = await setup('jina', { faults }, { maxRetries: 2 });
    const f = await failure(scorer.score({ query: QUERY, chunks: docs(2) }));
    assert.equal(f.code, 'rate-limited');
    assert.match(f.message, /answered 429 3 times/);
    assert.deepEqual(sleeps, [1000, 1000]);
  });
});

describe('scorers/remote: failures are clear and keep what was received', () => {
  // Batches of 2, one request at a time: the fault hits the third request, after 4 chunks were scored.
  const third = (f: Fault): Fault[] => [f];
  async function failOnThird(kind: ServerKind, fault: Fault, cfg: Partial<RemoteScorerConfig> = {}): Promise<{ f: ScorerFailure; texts: string[] }> {
    const server = await startRerankServer({ kind });
    servers.push(server);
    let requests = 0;
    const texts = docs(8);
    const scorer = new RemoteScorer({ provider: kind as ProviderId, baseUrl: server.url, model: 'm', maxBatch: 2, concurrency: 1, maxRetries: 0, sleep: async () => undefined, ...cfg });
    scorers.push(scorer);
    const seen: number[] = [];
    const f = await failure(
      scorer.score({
        query: QUERY,
        chunks: texts,
        onBatch: (s) => {
          seen.push(...s.map((x) => x.index));
          if (++requests === 2) server.faults.push(...third(fault));
        },
      }),
    );
    assert.deepEqual(seen.sort(), [0, 1, 2, 3]);
    assert.ok(f.partial, 'partial scores are attached');
    assert.deepEqual(
      f.partial!.map((s, i) => (s ? i : -1)).filter((i) => i >= 0),
      [0, 1, 2, 3],
      'the four scores received before the failure are kept',
    );
    for (let i = 0; i < 4; i++) assert.ok(Math.abs(f.partial![i]!.score - servedScore(kind, QUERY, texts[i], false)) < 1e-9);
    assert.match(f.message, new RegExp(`${kind} server http://127\\.0\\.0\\.1:\\d+/`), 'the message names the server');
    assert.ok((f.hint ?? '').length > 0, 'a hint says what to do');
    return { f, texts };
  }

  it('400: bad-request with the server\'s own message', async () => {
    const { f } = await failOnThird('cohere', { kind: 'status', status: 400, body: { message: 'invalid model rerank-v9' } });
    assert.equal(f.code, 'bad-request');
    assert.match(f.message, /answered 400: invalid model rerank-v9/);
  });

  it('401: auth, naming the variables to set', async () => {
    const { f } = await failOnThird('voyage', { kind: 'status', status: 401 });
    assert.equal(f.code, 'auth');
    assert.match(f.hint ?? '', /RERANK_LENS_API_KEY or VOYAGE_API_KEY/);
  });

  it('500 (no retries left): unavailable', async () => {
    const { f } = await failOnThird('infinity', { kind: 'status', status: 500, body: { error: { message: 'CUDA out of memory' } } });
    assert.equal(f.code, 'unavailable');
    assert.match(f.message, /answered 500 once: CUDA out of memory/);
  });

  it('a slow answer: timeout, and the request is abandoned', async () => {
    const { f } = await failOnThird('tei', { kind: 'slow', ms: 2000 }, { responseTimeoutMs: 150, rawScores: false });
    assert.equal(f.code, 'timeout');
    assert.match(f.message, /no complete answer within 150 ms/);
  });

  it('a dropped connection (no retries left): unavailable', async () => {
    const { f } = await failOnThird('jina', { kind: 'drop' });
    assert.equal(f.code, 'unavailable');
    assert.match(f.message, /connection was closed/);
  });

  it('malformed JSON: bad-response', async () => {
    const { f } = await failOnThird('vllm', { kind: 'malformed' });
    assert.equal(f.code, 'bad-response');
    assert.match(f.message, /malformed JSON/);
  });

  it('too few results: bad-response saying how many', async () => {
    const { f } = await failOnThird('cohere', { kind: 'too-few' });
    assert.equal(f.code, 'bad-response');
    assert.match(f.message, /answered 1 result for 2 documents/);
  });

  it('an index out of range: bad-response', async () => {
    const { f } = await failOnThird('mixedbread', { kind: 'index-out-of-range' });
    assert.equal(f.code, 'bad-response');
    assert.match(f.message, /index 2, outside 0\.\.1/);
  });

  it('a duplicate index: bad-response', async () => {
    const { f } = await failOnThird('infinity', { kind: 'duplicate-index' });
    assert.equal(f.code, 'bad-response');
    assert.match(f.message, /appears twice/);
  });

  it('a missing score: bad-response', async () => {
    const { f } = await failOnThird('voyage', { kind: 'missing-score' });
    assert.equal(f.code, 'bad-response');
    assert.match(f.message, /no finite score/);
  });

  it('a wrong URL path: 404 says to check URL and provider', async () => {
    const { scorer } = await setup('tei', {}, { provider: 'cohere' });
    const f = await failure(scorer.score({ query: QUERY, chunks: docs(1) }));
    assert.equal(f.code, 'bad-request');
    assert.match(f.message, /answered 404: no cohere \/v2\/rerank endpoint there/);
  });

  it('nothing listening: unavailable, asking whether the server runs', async () => {
    const server = await startRerankServer({ kind: 'tei' });
    const url = server.url;
    await server.close();
    const scorer = new RemoteScorer({ provider: 'tei', baseUrl: url, sleep: async () => undefined });
    scorers.push(scorer);
    const f = await failure(scorer.score({ query: QUERY, chunks: docs(1) }));
    assert.equal(f.code, 'unavailable');
    assert.match(f.hint ?? '', /Is the server running/);
  });
});

describe('scorers/remote: cancel and consent', () => {
  it('abort cancels the requests in flight and keeps the scores already received', async () => {
    const { server, scorer } = await setup('tei', { faults: [{ kind: 'slow', ms: 0 }, { kind: 'slow', ms: 5000 }, { kind: 'slow', ms: 5000 }] }, { concurrency: 1, maxBatch: 4 });
    const controller = new AbortController();
    let batches = 0;
    const started = Date.now();
    const f = await failure(
      scorer.score({
        query: QUERY,
        chunks: docs(12),
        signal: controller.signal,
        onBatch: () => {
          if (++batches === 1) setTimeout(() => controller.abort(), 50);
        },
      }),
    );
    assert.equal(f.code, 'cancelled');
    assert.ok(Date.now() - started < 4000, 'did not wait for the slow answer');
    assert.deepEqual(
      f.partial!.map((s, i) => (s ? i : -1)).filter((i) => i >= 0),
      [0, 1, 2, 3],
    );
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(server.abandoned, 1, 'the in-flight request was abandoned by the client');
  });

  it('an already aborted signal sends nothing', async () => {
    const { server, scorer } = await setup('tei');
    const c = new AbortController();
    c.abort();
    const f = await failure(scorer.score({ query: QUERY, chunks: docs(3), signal: c.signal }));
    assert.equal(f.code, 'cancelled');
    assert.equal(server.requests.length, 0);
  });

  it('tells loopback hosts from others', () => {
    for (const u of ['http://localhost:8080', 'http://127.0.0.1:1', 'http://127.3.4.5', 'http://[::1]:8080', 'http://app.localhost']) assert.ok(isLoopbackUrl(new URL(u)), u);
    for (const u of ['http://10.0.0.2', 'https://api.cohere.com', 'http://localhost.example.com', 'http://192.168.1.5:8080']) assert.ok(!isLoopbackUrl(new URL(u)), u);
  });

  it('asks confirmSend before text leaves the machine, never for loopback; a no sends nothing', async () => {
    const { scorer } = await setup('tei', {}, { confirmSend: async () => assert.fail('loopback needs no consent') });
    await scorer.score({ query: QUERY, chunks: docs(1) });
    let asked = 0;
    const remote = new RemoteScorer({
      provider: 'tei',
      baseUrl: 'http://10.255.255.1:9',
      connectTimeoutMs: 100,
      maxRetries: 0,
      confirmSend: async (info) => {
        asked++;
        assert.equal(info.url, 'http://10.255.255.1:9/rerank');
        return false;
      },
    });
    scorers.push(remote);
    const f = await failure(remote.score({ query: QUERY, chunks: docs(1) }));
    assert.equal(f.code, 'cancelled');
    assert.match(f.message, /not sent to http:\/\/10\.255\.255\.1:9/);
    assert.equal(asked, 1);
  });
});

describe('scorers/remote: one concurrency limit per scorer', () => {
  it('several score() calls at once share the limit (a queued request does not time out waiting)', async () => {
    const { server, scorer } = await setup('tei', { faults: Array.from({ length: 12 }, () => ({ kind: 'slow', ms: 40 }) as Fault) }, { concurrency: 2, connectTimeoutMs: 60 });
    let inFlight = 0;
    let peak = 0;
    const orig = server.requests.push.bind(server.requests);
    server.requests.push = (...items) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => inFlight--, 35);
      return orig(...items);
    };
    const texts = docs(64);
    const results = await Promise.all(Array.from({ length: 6 }, () => scorer.score({ query: QUERY, chunks: texts })));
    for (const r of results) expectScores('tei', r, texts, true);
    assert.equal(server.requests.length, 12);
    assert.ok(peak <= 2, `peak ${peak}`);
  });
});

describe('scorers/remote: every failure on every provider (clear message, nothing received is lost)', () => {
  const endpoints: { kind: ServerKind; path?: string }[] = [{ kind: 'cohere' }, { kind: 'jina' }, { kind: 'voyage' }, { kind: 'mixedbread' }, { kind: 'tei' }, { kind: 'infinity' }, { kind: 'vllm' }, { kind: 'vllm', path: '/score' }];
  const faults: { name: string; fault: Fault; code: string; says: RegExp }[] = [
    { name: '400', fault: { kind: 'status', status: 400 }, code: 'bad-request', says: /answered 400/ },
    { name: '401', fault: { kind: 'status', status: 401 }, code: 'auth', says: /refused the API key \(401\)/ },
    { name: '429 with Retry-After', fault: { kind: 'status', status: 429, retryAfter: '7' }, code: 'rate-limited', says: /answered 429 once/ },
    { name: '500', fault: { kind: 'status', status: 500 }, code: 'unavailable', says: /answered 500 once/ },
    { name: 'slow answer', fault: { kind: 'slow', ms: 1500 }, code: 'timeout', says: /no complete answer within 100 ms/ },
    { name: 'dropped connection', fault: { kind: 'drop' }, code: 'unavailable', says: /connection was closed/ },
    { name: 'malformed JSON', fault: { kind: 'malformed' }, code: 'bad-response', says: /malformed JSON/ },
    { name: 'too few results', fault: { kind: 'too-few' }, code: 'bad-response', says: /answered 2 results for 3 documents/ },
    { name: 'index out of range', fault: { kind: 'index-out-of-range' }, code: 'bad-response', says: /outside 0\.\.2/ },
    { name: 'duplicate index', fault: { kind: 'duplicate-index' }, code: 'bad-response', says: /appears twice/ },
    { name: 'missing score', fault: { kind: 'missing-score' }, code: 'bad-response', says: /no finite score/ },
  ];
  for (const e of endpoints) {
    for (const f of faults) {
      it(`${e.kind}${e.path ?? ''}: ${f.name}`, async () => {
        // Batches of 3, one at a time: the first succeeds, the second meets the fault.
        const server = await startRerankServer({ kind: e.kind });
        servers.push(server);
        const waits: string[] = [];
        const scorer = new RemoteScorer({ provider: e.kind as ProviderId, baseUrl: server.url + (e.path ?? ''), model: 'm', maxBatch: 3, concurrency: 1, maxRetries: 0, responseTimeoutMs: 100, sleep: async () => undefined });
        scorers.push(scorer);
        const texts = docs(9);
        let batches = 0;
        const fl = await failure(
          scorer.score({
            query: QUERY,
            chunks: texts,
            onBatch: () => {
              if (++batches === 1) server.faults.push(f.fault);
            },
            onProgress: (p) => p.message && waits.push(p.message),
          }),
        );
        assert.equal(fl.code, f.code, fl.message);
        assert.match(fl.message, f.says);
        assert.match(fl.message, new RegExp(`^${e.kind} server http://127\\.0\\.0\\.1:\\d+${(e.path ?? (e.kind === 'cohere' ? '/v2/rerank' : e.kind === 'mixedbread' ? '/v1/reranking' : e.kind === 'jina' || e.kind === 'voyage' ? '/v1/rerank' : '/rerank')).replace(/\//g, '\\/')}`));
        assert.ok((fl.hint ?? '').length > 10, 'a hint');
        const kept = fl.partial!.map((s, i) => (s ? i : -1)).filter((i) => i >= 0);
        assert.deepEqual(kept, [0, 1, 2], 'the first batch is kept');
        for (const i of kept) assert.ok(Math.abs(fl.partial![i]!.score - servedScore(e.kind, QUERY, texts[i], e.kind === 'tei')) < 1e-9);
      });
    }
  }

  it('a retry is reported through onProgress while it waits', async () => {
    const { scorer } = await setup('tei', { faults: [{ kind: 'status', status: 429, retryAfter: '3' }] });
    const waits: string[] = [];
    await scorer.score({ query: QUERY, chunks: docs(2), onProgress: (p) => p.message && waits.push(p.message) });
    assert.deepEqual(waits, ['tei answered 429 (rate limit); retrying in 3 s']);
  });
});

describe('scorers/remote: HTTPS', () => {
  it('talks to an https server behind a private CA when given its certificate, and refuses it otherwise', async () => {
    const tls = testTls();
    const server = await startRerankServer({ kind: 'cohere', tls });
    servers.push(server);
    const trusted = new RemoteScorer({ provider: 'cohere', baseUrl: server.url, model: 'm', ca: tls.cert });
    scorers.push(trusted);
    const texts = docs(5);
    expectScores('cohere', await trusted.score({ query: QUERY, chunks: texts }), texts, false);
    const untrusted = new RemoteScorer({ provider: 'cohere', baseUrl: server.url, model: 'm', maxRetries: 0 });
    scorers.push(untrusted);
    const f = await failure(untrusted.score({ query: QUERY, chunks: texts }));
    assert.equal(f.code, 'unavailable');
    assert.match(f.message, /TLS: .*(self-signed|certificate)/i);
    assert.match(f.hint ?? '', /NODE_EXTRA_CA_CERTS/);
  });
});
