// Less common variants of the stacks' shapes.
import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture } from './helpers';

describe('stack reader variants', () => {
  it('LangChain.js documents (pageContent)', () => {
    const run = runFixture('langchain/js-documents.json');
    expectWinner(run, 'langchain-documents');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['rh-01', 'rh-04']);
    assert.match(set.chunks[1].text, /force-dynamic/);
    assert.deepEqual(set.chunks[0].metadata, { source: 'docs/app/route-handlers.mdx', loc: { lines: { from: 12, to: 19 } } });
    expectSourcesCoverTexts(run);
  });

  it('Chroma get(): flat columns, no scores', () => {
    const run = runFixture('chroma/get-result.json');
    expectWinner(run, 'chroma-get');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['note-3', 'note-9', 'note-12']);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'unknown'));
    assert.deepEqual(set.chunks[2].metadata, { bed: 'outdoor' });
    assert.deepEqual(set.chunks[2].origin, { columnPath: ['documents'], columnIndex: 2 });
    expectSourcesCoverTexts(run);
  });

  it('Haystack 1.x documents (content_type, id_hash_keys)', () => {
    const run = runFixture('haystack/v1-documents.json');
    expectWinner(run, 'haystack-documents');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['6a1f0c4b9e2d', '7b2e1d5c0f3e']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.7713, 0.6408]);
    assert.deepEqual(set.chunks[0].metadata, { name: 'westphalia.txt' });
  });

  it('Pinecone legacy multi-query results: one set per query', () => {
    const run = runFixture('pinecone/query-multi-legacy.json');
    expectWinner(run, 'pinecone-query');
    assert.equal(run.sets.length, 2);
    assert.deepEqual(run.sets[0].chunks.map((c) => c.id), ['faq-2', 'faq-7']);
    assert.deepEqual(run.sets[1].chunks.map((c) => c.retrieverScore), [0.8844]);
    assert.equal(run.sets[1].chunks[0].metadata.namespace, 'faq');
  });

  it('qdrant-client ScoredPoint list (fastembed "document" payload)', () => {
    const run = runFixture('qdrant/python-client-scored-points.json');
    expectWinner(run, 'qdrant-search');
    const [set] = run.sets;
    assert.equal(set.chunks[0].id, 'a3c1e2f4-5b6d-4e8f-9a0b-1c2d3e4f5a6b');
    assert.match(set.chunks[1].text, /^A starter kept in the fridge/);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.7731, 0.731]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.deepEqual(set.chunks[0].metadata, { version: 7, source: 'fastembed' });
  });
});
