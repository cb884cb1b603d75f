import { strict as assert } from 'assert';
import { readText } from '../../../../src/core/read/index';
import { expectSourcesCoverTexts, expectWinner, runFixture, warnings } from './helpers';

describe('stack reader: Azure OpenAI On Your Data', () => {
  it('reads all retrieved documents: query from intent, rerank scores, file#chunk ids', () => {
    const run = runFixture('azure-openai/on-your-data-all-documents.json');
    expectWinner(run, 'azure-openai-on-your-data');
    const [set] = run.sets;
    assert.equal(set.query, 'What health plans are available?');
    assert.deepEqual(set.chunks.map((c) => c.id), ['Benefit_Options.pdf#0', 'Northwind_Plus.pdf#2', 'Benefit_Options.pdf#5']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [3.41, 2.87, 1.12]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.equal(set.chunks[0].metadata.original_search_score, 0.0331);
    assert.equal(set.chunks[2].metadata.filter_reason, 'rerank');
    assert.equal(set.chunks[0].metadata.url, undefined);
    assert.deepEqual(set.chunks[1].origin, { itemPath: ['choices', 0, 'message', 'context', 'all_retrieved_documents', 1] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads citations alone without scores and says how to get everything retrieved', () => {
    const r = readText(JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: 'x [doc1]', context: {
      citations: [{ content: 'Cited chunk.', title: 'a.pdf', url: null, filepath: 'a.pdf', chunk_id: '3' }], intent: '["plans"]' } } }] }));
    assert.equal(r.format, 'azure-openai-on-your-data');
    assert.deepEqual(r.sets[0].chunks.map((c) => [c.id, c.text, c.retrieverScore, c.scoreKind]), [['a.pdf#3', 'Cited chunk.', undefined, 'unknown']]);
    assert.equal(r.sets[0].query, 'plans');
    assert.match(r.diagnostics.map((d) => d.message).join('\n'), /all_retrieved_documents/);
  });
});
