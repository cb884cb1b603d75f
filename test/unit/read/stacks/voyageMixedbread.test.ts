import { strict as assert } from 'assert';
import { readText } from '../../../../src/core/read/index';
import { expectSourcesCoverTexts, expectWinner, runFixture, sliceSource, warnings } from './helpers';

describe('stack reader: Voyage and Mixedbread rerank APIs', () => {
  it('reads a Voyage rerank response (data[] with relevance_score and returned documents) in the order sent (index), the API rank kept', () => {
    const run = runFixture('rerank-api/voyage-response-with-documents.json');
    expectWinner(run, 'rerank-response');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => [c.id, c.originalRank, c.retrieverScore, (c.metadata.reranked as { rank: number }).rank]), [['#1', 1, 0.2109375, 2], ['#3', 3, 0.4375, 1], ['#5', 5, 0.0546875, 3]]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.match(set.chunks[1].text, /^Washington, D\.C\./);
    assert.deepEqual(set.chunks[1].origin, { itemPath: ['data', 0] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads a Mixedbread request with its response: request order, the API verdict as metadata', () => {
    const run = runFixture('rerank-api/mixedbread-request-response.json');
    expectWinner(run, 'rerank-pair');
    const [set] = run.sets;
    assert.equal(set.query, 'Who wrote To Kill a Mockingbird?');
    assert.equal(sliceSource(run, set.querySource), 'Who wrote To Kill a Mockingbird?');
    assert.deepEqual(set.chunks.map((c) => c.id), ['#1', '#2', '#3']);
    assert.deepEqual(set.chunks.map((c) => c.metadata.rerankApi), [
      { index: 0, rank: 1, relevanceScore: 0.9981 },
      { index: 1, rank: 3, relevanceScore: 0.0123 },
      { index: 2, rank: 2, relevanceScore: 0.4142 },
    ]);
    assert.deepEqual(set.chunks[2].origin, { columnPath: ['request', 'input'], columnIndex: 2 });
    expectSourcesCoverTexts(run);
  });

  it('reads a Mixedbread response with return_input (text in `input`, score in `score`)', () => {
    const r = readText(JSON.stringify({ model: 'mixedbread-ai/mxbai-rerank-large-v1', object: 'list', top_k: 2, return_input: true,
      data: [{ index: 1, score: 0.91, input: 'Second document.', object: 'text_document' }, { index: 0, score: 0.12, input: 'First document.', object: 'text_document' }] }));
    assert.equal(r.format, 'rerank-response');
    assert.deepEqual(r.sets[0].chunks.map((c) => [c.id, c.text, c.retrieverScore, c.scoreKind]), [['#1', 'First document.', 0.12, 'similarity'], ['#2', 'Second document.', 0.91, 'similarity']]);
  });

  it('a Voyage response without documents is refused with the hint to return them', () => {
    const r = readText(JSON.stringify({ object: 'list', data: [{ relevance_score: 0.4, index: 1 }], model: 'rerank-2', usage: { total_tokens: 9 } }));
    assert.equal(r.sets.flatMap((s) => s.chunks).length, 0);
    assert.match(r.diagnostics.map((d) => `${d.message} ${d.hint ?? ''}`).join('\n'), /no document texts[\s\S]*return_documents=true/);
  });
});

describe('stack reader: Amazon Bedrock Rerank API and Pinecone inference rerank', () => {
  it('reads a Bedrock Rerank response (relevanceScore, document.textDocument.text)', () => {
    const r = readText(JSON.stringify({ results: [
      { index: 2, relevanceScore: 0.83, document: { type: 'TEXT', textDocument: { text: 'Backups are kept 35 days.' } } },
      { index: 0, relevanceScore: 0.12, document: { type: 'TEXT', textDocument: { text: 'Snapshots are manual.' } } },
    ] }));
    assert.equal(r.format, 'rerank-response');
    assert.deepEqual(r.sets[0].chunks.map((c) => [c.id, c.text, c.retrieverScore, c.scoreKind]), [['#1', 'Snapshots are manual.', 0.12, 'similarity'], ['#3', 'Backups are kept 35 days.', 0.83, 'similarity']]);
  });

  it('reads a Pinecone inference rerank response (data[] with score and document.text)', () => {
    const r = readText(JSON.stringify({ model: 'bge-reranker-v2-m3', data: [{ index: 1, score: 0.97, document: { id: 'vec2', text: 'Apple makes the iPhone.' } }, { index: 0, score: 0.01, document: { id: 'vec1', text: 'Apples are fruit.' } }], usage: { rerank_units: 1 } }));
    assert.equal(r.format, 'rerank-response');
    assert.deepEqual(r.sets[0].chunks.map((c) => [c.id, c.text, c.retrieverScore]), [['#1', 'Apples are fruit.', 0.01], ['#2', 'Apple makes the iPhone.', 0.97]]);
  });
});
