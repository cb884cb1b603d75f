// The API key appears in no error text, hint, log line, info, identity, label, CLI output or export, even when a
// server echoes it back (a 401 naming the token it got, a 500 body quoting the request headers).
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { RemoteScorer } from '../../../src/scorers/remote';
import { scorerFromSpec } from '../../../src/scorers/fromSpec';
import { ScorerFailure } from '../../../src/session/scorer';
import { startRerankServer, type Fault, type RerankServer } from '../../support/rerankServers/index';

const KEY = 'sk-rl-test-9f8e7d6c5b4a-SECRET';

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io: CliIo = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) }, readStdin: async () => new Uint8Array() };
  const code = await main(args, { io });
  return { code, out };
}

describe('scorers: the API key never shows', () => {
  let server: RerankServer;
  afterEach(async () => server?.close());

  const echoes: [string, Fault | 'wrong-key'][] = [
    ['401 echoing the presented token', 'wrong-key'],
    ['500 quoting the Authorization header', { kind: 'status', status: 500, body: { error: { message: `upstream failed for Authorization: Bearer ${KEY}` } } }],
    ['400 with the key in plain text', { kind: 'status', status: 400, body: `bad request from key ${KEY}` }],
    ['429 echoing the key', { kind: 'status', status: 429, retryAfter: '99999', body: { message: `key ${KEY} is over its limit` } }],
  ];
  for (const [what, fault] of echoes) {
    it(`${what}: not in message, hint, partial, log or info`, async () => {
      server = await startRerankServer({ kind: 'cohere', apiKey: fault === 'wrong-key' ? 'the-right-key-0000' : KEY, faults: fault === 'wrong-key' ? [] : [fault] });
      const logs: string[] = [];
      const scorer = new RemoteScorer({ provider: 'cohere', baseUrl: server.url, model: 'rerank-v3.5', apiKey: KEY, maxRetries: 0, log: (_l, m) => logs.push(m), sleep: async () => undefined });
      try {
        await scorer.score({ query: 'q', chunks: ['a', 'b'] });
        assert.fail('expected a failure');
      } catch (e) {
        assert.ok(e instanceof ScorerFailure);
        const text = JSON.stringify({ m: e.message, h: e.hint, p: e.partial, s: String(e), stack: e.stack });
        assert.ok(!text.includes(KEY), `key in failure: ${text}`);
        assert.match(e.message, /\[redacted\]|refused the API key|answered/);
      } finally {
        scorer.dispose();
      }
      assert.ok(logs.length > 0, 'the failure was logged');
      for (const l of logs) assert.ok(!l.includes(KEY), `key in log: ${l}`);
      assert.ok(!JSON.stringify(scorer.info()).includes(KEY));
      assert.equal(server.requests[0].authorization, fault === 'wrong-key' ? `Bearer ${KEY}` : `Bearer ${KEY}`, 'the key itself was sent');
    });
  }

  it('CLI rerank and compare with the key in the environment print it nowhere', async () => {
    server = await startRerankServer({ kind: 'jina', apiKey: 'another-key-1111' });
    const dir = mkdtempSync(join(tmpdir(), 'rl-keys-'));
    const input = join(dir, 'in.json');
    writeFileSync(input, JSON.stringify({ query: 'what is a write-ahead log', documents: ['a log of changes', 'tomatoes'] }));
    const saved = process.env.RERANK_LENS_API_KEY;
    process.env.RERANK_LENS_API_KEY = KEY;
    try {
      const r = await run(['rerank', input, '--scorer', `jina:${server.url}#jina-reranker-v2-base-multilingual`]);
      assert.equal(r.code, 1);
      assert.match(r.out, /refused the API key \(401\)/);
      assert.ok(!r.out.includes(KEY), r.out);
      const c = await run(['compare', input, '--scorer', `jina:${server.url}#m`, '--scorer', `jina:${server.url}#n`, '--format', 'json']);
      assert.equal(c.code, 1);
      assert.ok(!c.out.includes(KEY), c.out);
      // And with the right key, the JSON output (identities, labels, urls) holds no key either.
      await server.close();
      server = await startRerankServer({ kind: 'jina', apiKey: KEY });
      const ok = await run(['compare', input, '--scorer', `jina:${server.url}#m`, '--scorer', `jina:${server.url}#n`, '--format', 'json']);
      assert.equal(ok.code, 0, ok.out);
      assert.ok(!ok.out.includes(KEY));
      assert.equal(server.requests.length, 2);
      // Nor does an export written from a remote scorer's results.
      const exported = join(dir, 'out.json');
      const ex = await run(['rerank', input, '--scorer', `jina:${server.url}#m`, '--export', exported, '--format', 'json']);
      assert.equal(ex.code, 0, ex.out);
      assert.ok(!ex.out.includes(KEY));
      const written = readFileSync(exported, 'utf8');
      assert.match(written, /"rerank"/);
      assert.ok(!written.includes(KEY));
    } finally {
      if (saved === undefined) delete process.env.RERANK_LENS_API_KEY;
      else process.env.RERANK_LENS_API_KEY = saved;
    }
  });

  it('an explicit key (SecretStorage) wins over the environment and stays out of info', () => {
    const s = scorerFromSpec('voyage:#rerank-2', { VOYAGE_API_KEY: 'env-key-123456' }, { apiKey: KEY });
    assert.ok(!JSON.stringify(s.info()).includes(KEY));
    assert.ok(!JSON.stringify(s.info()).includes('env-key-123456'));
    s.dispose();
  });
});
