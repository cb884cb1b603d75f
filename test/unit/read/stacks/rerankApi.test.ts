import { strict as assert } from 'assert';
import { errors, expectSourcesCoverTexts, expectWinner, runFixture, sliceSource, warnings } from './helpers';

const QUERY = 'What is the capital of the United States?';

describe('stack reader: rerank API requests', () => {
  for (const [file, label] of [['cohere-v2-request.json', 'Cohere'], ['jina-request.json', 'Jina (object documents)'], ['tei-request.json', 'TEI']] as const) {
    it(`reads a ${label} request as the retriever's order, without scores`, () => {
      const run = runFixture(`rerank-api/${file}`);
      expectWinner(run, 'rerank-request');
      const [set] = run.sets;
      assert.equal(set.query, QUERY);
      assert.equal(sliceSource(run, set.querySource), QUERY);
      assert.equal(set.chunks.length, 5);
      assert.deepEqual(set.chunks.map((c) => c.id), ['#1', '#2', '#3', '#4', '#5']);
      assert.match(set.chunks[2].text, /^Washington, D\.C\./);
      assert.ok(set.chunks.every((c) => c.retrieverScore === undefined && c.scoreKind === 'unknown'));
      expectSourcesCoverTexts(run);
      assert.deepEqual(warnings(run), []);
    });
  }

  it('addresses string documents by column and object documents by item, for export', () => {
    assert.deepEqual(runFixture('rerank-api/cohere-v2-request.json').sets[0].chunks[1].origin, { columnPath: ['documents'], columnIndex: 1 });
    assert.deepEqual(runFixture('rerank-api/jina-request.json').sets[0].chunks[1].origin, { itemPath: ['documents', 1] });
    assert.deepEqual(runFixture('rerank-api/tei-request.json').sets[0].chunks[4].origin, { columnPath: ['texts'], columnIndex: 4 });
  });
});

describe('stack reader: rerank API responses', () => {
  it('reads a Cohere v1 response with returned documents: original ranks from index (the order sent), the API rank kept, a note', () => {
    const run = runFixture('rerank-api/cohere-v1-response-with-documents.json');
    expectWinner(run, 'rerank-response');
    const [set] = run.sets;
    assert.equal(set.query, undefined);
    assert.deepEqual(set.chunks.map((c) => c.id), ['#1', '#3', '#5']);
    assert.deepEqual(set.chunks.map((c) => c.originalRank), [1, 3, 5]);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.32713068, 0.9990564, 0.7867246]);
    assert.deepEqual(set.chunks.map((c) => c.metadata.reranked), [
      { by: 'rerank API', rank: 3, score: 0.32713068 }, { by: 'rerank API', rank: 1, score: 0.9990564 }, { by: 'rerank API', rank: 2, score: 0.7867246 },
    ]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.match(set.chunks[1].text, /^Washington/);
    const note = run.diagnostics.find((d) => /already reranked/.test(d.message))!;
    assert.match(note.message, /a rerank API response, which is already reranked: its order and its scores are a reranker's \(a cross-encoder's\), not a first-stage retriever's\. Original ranks are index \+ 1/);
    assert.match(note.message, /the original ranks have gaps/);
    expectSourcesCoverTexts(run);
  });

  it('reads Infinity (document as a string) and vLLM (document.text) responses', () => {
    const inf = runFixture('rerank-api/infinity-response.json');
    expectWinner(inf, 'rerank-response');
    assert.deepEqual(inf.sets[0].chunks.map((c) => [c.id, c.retrieverScore]), [['#1', 0.0412], ['#3', 0.9921]]);
    expectSourcesCoverTexts(inf);
    const vllm = runFixture('rerank-api/vllm-response.json');
    expectWinner(vllm, 'rerank-response');
    assert.equal(vllm.sets[0].chunks.length, 3);
    const cap = vllm.sets[0].chunks.find((c) => /^Capitalization/.test(c.text))!;
    assert.equal(cap.retrieverScore, 0.00004291534423828125);
  });

  it('reads a TEI response with return_text', () => {
    const run = runFixture('rerank-api/tei-response-with-text.json');
    expectWinner(run, 'rerank-response');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['#1', '#3', '#5']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.02361, 0.99763, 0.00512]);
    expectSourcesCoverTexts(run);
  });

  it('explains that a response without texts needs its request', () => {
    const run = runFixture('rerank-api/cohere-v2-response-only.json');
    expectWinner(run, 'rerank-response');
    assert.deepEqual(run.sets, []);
    const [e] = errors(run);
    assert.match(e.message, /no document texts/);
    assert.match(e.hint ?? '', /"request"/);
  });
});

describe('stack reader: rerank API request paired with its response', () => {
  it('keeps the request order and attaches the API verdict to each chunk', () => {
    const run = runFixture('rerank-api/cohere-request-response.json');
    expectWinner(run, 'rerank-pair');
    const [set] = run.sets;
    assert.equal(set.query, QUERY);
    assert.equal(set.chunks.length, 5);
    assert.deepEqual(set.chunks.map((c) => c.id), ['#1', '#2', '#3', '#4', '#5']);
    assert.ok(set.chunks.every((c) => c.retrieverScore === undefined));
    assert.deepEqual(set.chunks[2].metadata.rerankApi, { index: 2, rank: 1, relevanceScore: 0.9990564 });
    assert.deepEqual(set.chunks[0].metadata.rerankApi, { index: 0, rank: 3, relevanceScore: 0.32713068 });
    assert.equal(set.chunks[1].metadata.rerankApi, undefined);
    assert.deepEqual(set.chunks[0].origin, { columnPath: ['request', 'documents'], columnIndex: 0 });
    expectSourcesCoverTexts(run);
  });

  it('pairs a TEI request with its [{index, score}] response', () => {
    const run = runFixture('rerank-api/tei-request-response.json');
    expectWinner(run, 'rerank-pair');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 5);
    assert.deepEqual(set.chunks[3].metadata.rerankApi, { index: 3, rank: 5, relevanceScore: 0.00007 });
  });
});
