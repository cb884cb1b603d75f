import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture, warnings } from './helpers';

describe('stack reader: Pinecone', () => {
  it('reads a query response: matches with metadata text and the namespace', () => {
    const run = runFixture('pinecone/query-response.json');
    expectWinner(run, 'pinecone-query');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 3);
    assert.deepEqual(set.chunks.map((c) => c.id), ['kb-1187#chunk-2', 'kb-1187#chunk-3', 'kb-0420#chunk-0']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.8923, 0.8611, 0.7905]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.match(set.chunks[1].text, /^Monthly plans are not refunded/);
    assert.deepEqual(set.chunks[1].metadata, { namespace: 'support-kb', source: 'billing/cancellation.md', updated: '2025-02-11' });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads a search_records response: hits with _id, _score and fields.chunk_text', () => {
    const run = runFixture('pinecone/search-records-response.json');
    expectWinner(run, 'pinecone-search-records');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 3);
    assert.deepEqual(set.chunks.map((c) => c.id), ['rec3', 'rec1', 'rec4']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.8276, 0.7931, 0.7621]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.match(set.chunks[0].text, /vitamin C/);
    assert.deepEqual(set.chunks[0].metadata, { category: 'immune system' });
    assert.deepEqual(set.chunks[2].origin, { itemPath: ['result', 'hits', 2] });
    expectSourcesCoverTexts(run);
  });
});
