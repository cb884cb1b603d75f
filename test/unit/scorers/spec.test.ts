import { strict as assert } from 'node:assert';
import { parseScorerSpec, ScorerSpecError } from '../../../src/scorers/spec';
import { apiKeyFromEnv, scorerFromSpec } from '../../../src/scorers/fromSpec';
import { resolveEndpoint, PROVIDERS } from '../../../src/scorers/providers/index';
import { TINY_MODEL_DIR } from '../../support/paths';

function specError(text: string): ScorerSpecError {
  try {
    parseScorerSpec(text);
  } catch (e) {
    assert.ok(e instanceof ScorerSpecError, String(e));
    assert.ok(e.message.length > 0);
    return e;
  }
  assert.fail(`expected "${text}" to be refused`);
}

describe('scorers/spec: parseScorerSpec', () => {
  it('reads local specs with and without a dtype', () => {
    assert.deepEqual(parseScorerSpec('local:cross-encoder/ms-marco-MiniLM-L-6-v2'), { kind: 'local', model: 'cross-encoder/ms-marco-MiniLM-L-6-v2', dtype: 'fp32' });
    assert.deepEqual(parseScorerSpec('local:./models/tiny@q8'), { kind: 'local', model: './models/tiny', dtype: 'q8' });
    assert.deepEqual(parseScorerSpec('local:/a/b@c/model@fp32'), { kind: 'local', model: '/a/b@c/model', dtype: 'fp32' });
    // An @ that is not a dtype stays part of the model.
    assert.deepEqual(parseScorerSpec('local:org/model@v2'), { kind: 'local', model: 'org/model@v2', dtype: 'fp32' });
  });

  it('reads PROVIDER:URL#MODEL, keeping a path and splitting the model at the first #', () => {
    assert.deepEqual(parseScorerSpec('tei:http://localhost:8080'), { kind: 'remote', provider: 'tei', baseUrl: 'http://localhost:8080' });
    assert.deepEqual(parseScorerSpec('vllm:http://gpu:8000/score#Qwen/Qwen3-Reranker-0.6B'), { kind: 'remote', provider: 'vllm', baseUrl: 'http://gpu:8000/score', model: 'Qwen/Qwen3-Reranker-0.6B' });
    assert.deepEqual(parseScorerSpec('cohere:#rerank-v3.5'), { kind: 'remote', provider: 'cohere', baseUrl: 'https://api.cohere.com', model: 'rerank-v3.5' });
    assert.deepEqual(parseScorerSpec('JINA:https://api.jina.ai/#jina-reranker-v2-base-multilingual'), { kind: 'remote', provider: 'jina', baseUrl: 'https://api.jina.ai', model: 'jina-reranker-v2-base-multilingual' });
  });

  it('refuses what cannot be used, with a hint', () => {
    assert.match(specError('tei').hint ?? '', /PROVIDER:URL/);
    assert.match(specError('elastic:http://x').message, /Unknown scorer kind/);
    assert.match(specError('tei:').message, /no server URL/);
    assert.match(specError('tei:localhost:8080').message, /http/);
    assert.match(specError('cohere:https://api.cohere.com').message, /needs a model/);
    assert.match(specError('voyage:').message, /needs a model/);
    assert.match(specError('local:').message, /no model/);
    // Keys never travel in URLs.
    assert.match(specError('tei:http://user:sk-123@host:8080').message, /credentials/);
    assert.doesNotMatch(specError('tei:http://user:sk-123@host:8080').message, /sk-123/);
    assert.match(specError('jina:https://api.jina.ai?key=sk-1#m').message, /query string/);
  });
});

describe('scorers/providers: endpoint resolution', () => {
  it('appends the provider path to a base URL and keeps an explicit endpoint path', () => {
    const r = (p: keyof typeof PROVIDERS, u: string) => {
      const { endpoint, url } = resolveEndpoint(PROVIDERS[p], new URL(u));
      return `${endpoint.name} ${url.href}`;
    };
    assert.equal(r('tei', 'http://h:8080'), 'tei /rerank http://h:8080/rerank');
    assert.equal(r('tei', 'http://h:8080/rerank'), 'tei /rerank http://h:8080/rerank');
    assert.equal(r('tei', 'http://h/proxy/tei'), 'tei /rerank http://h/proxy/tei/rerank');
    assert.equal(r('cohere', 'https://api.cohere.com'), 'cohere /v2/rerank https://api.cohere.com/v2/rerank');
    assert.equal(r('mixedbread', 'https://api.mixedbread.com'), 'mixedbread /v1/reranking https://api.mixedbread.com/v1/reranking');
    assert.equal(r('vllm', 'http://g:8000'), 'vllm /rerank http://g:8000/rerank');
    assert.equal(r('vllm', 'http://g:8000/score'), 'vllm /score http://g:8000/score');
    assert.equal(r('vllm', 'http://g:8000/v1/rerank'), 'vllm /rerank http://g:8000/v1/rerank');
  });

  it('records what each provider number means', () => {
    const m = (p: keyof typeof PROVIDERS, raw?: boolean) => PROVIDERS[p].endpoints[0].meaning({ rawScores: raw });
    assert.equal(m('cohere'), 'relevance');
    assert.equal(m('jina'), 'relevance');
    assert.equal(m('voyage'), 'relevance');
    assert.equal(m('mixedbread'), 'relevance');
    assert.equal(m('tei'), 'logit');
    assert.equal(m('tei', false), 'probability');
    assert.equal(m('infinity'), 'probability');
    assert.equal(m('infinity', true), 'logit');
    assert.equal(m('vllm'), 'probability');
  });
});

describe('scorers/fromSpec', () => {
  it('takes the key from RERANK_LENS_API_KEY first, then the provider variable', () => {
    assert.deepEqual(apiKeyFromEnv('cohere', { COHERE_API_KEY: 'c', RERANK_LENS_API_KEY: 'r' }), { key: 'r', variable: 'RERANK_LENS_API_KEY' });
    assert.deepEqual(apiKeyFromEnv('cohere', { COHERE_API_KEY: 'c' }), { key: 'c', variable: 'COHERE_API_KEY' });
    assert.deepEqual(apiKeyFromEnv('mixedbread', { MXBAI_API_KEY: 'm' }), { key: 'm', variable: 'MXBAI_API_KEY' });
    assert.deepEqual(apiKeyFromEnv('tei', { COHERE_API_KEY: 'c' }), {});
  });

  it('refuses a hosted provider without a key before sending anything, naming the variables', () => {
    try {
      scorerFromSpec('cohere:#rerank-v3.5', {});
      assert.fail('expected a refusal');
    } catch (e) {
      assert.ok(e instanceof ScorerSpecError);
      assert.match(e.hint ?? '', /RERANK_LENS_API_KEY or COHERE_API_KEY/);
      assert.equal(e.missingKey, true, 'marked as fixable by a key');
    }
    // Any other unusable SPEC is not about a key.
    assert.throws(() => scorerFromSpec('cohere:not a url#m', { COHERE_API_KEY: 'k' }), (e: unknown) => e instanceof ScorerSpecError && e.missingKey === false);
  });

  it('builds remote and local scorers whose info never holds the key', () => {
    const key = 'sk-live-abcdef-0123456789';
    const remote = scorerFromSpec('cohere:#rerank-v3.5', { COHERE_API_KEY: key });
    const info = remote.info();
    assert.equal(info.kind, 'remote');
    assert.equal(info.meaning, 'relevance');
    assert.equal(info.url, 'https://api.cohere.com/v2/rerank');
    assert.ok(!JSON.stringify(info).includes(key));
    remote.dispose();
    const fakeEngine = { score: async () => assert.fail('not called'), dispose: () => undefined };
    const local = scorerFromSpec(`local:${TINY_MODEL_DIR}@q8`, {}, { engine: fakeEngine });
    assert.equal(local.info().identity, `local|${TINY_MODEL_DIR}|q8|auto`);
    assert.equal(local.info().meaning, 'logit');
    assert.equal(local.info().label, 'tiny-bert (q8)');
  });
});
