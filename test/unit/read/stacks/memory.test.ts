import { strict as assert } from 'assert';
import { readText } from '../../../../src/core/read/index';
import { expectSourcesCoverTexts, expectWinner, runFixture, sliceSource, warnings } from './helpers';

describe('stack reader: mem0', () => {
  it('reads memory search results: memory text, similarity scores, metadata spread', () => {
    const run = runFixture('mem0/search-v1.1.json');
    expectWinner(run, 'mem0-search');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.text), ['Is vegetarian and allergic to peanuts', 'Prefers Italian restaurants near downtown']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.6387, 0.5112]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.equal(set.chunks[0].id, '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
    assert.equal(set.chunks[0].metadata.category, 'food');
    assert.equal(set.chunks[0].metadata.hash, undefined);
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads rising scores (a distance-returning vector store) as distances', () => {
    const r = readText(JSON.stringify([
      { id: 'm1', memory: 'Lives in Lisbon', hash: 'a', score: 0.21 },
      { id: 'm2', memory: 'Works as a nurse', hash: 'b', score: 0.44 },
    ]));
    assert.equal(r.format, 'mem0-search');
    assert.deepEqual(r.sets[0].chunks.map((c) => c.scoreKind), ['distance', 'distance']);
  });
});

describe('stack reader: R2R', () => {
  it('reads chunk_search_results: the query from associated_query, scores, metadata', () => {
    const run = runFixture('r2r/search-response.json');
    expectWinner(run, 'r2r-search');
    const [set] = run.sets;
    assert.equal(set.query, 'Who was Aristotle?');
    assert.equal(sliceSource(run, set.querySource), 'Who was Aristotle?');
    assert.deepEqual(set.chunks.map((c) => c.id), ['3b7e5d2a-9c1f-5e4b-8a6d-2f0c9e8b7a61', '4c8f6e3b-0d2a-5f5c-9b7e-3a1d0f9c8b72']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.6847, 0.6011]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.equal(set.chunks[1].metadata.chunk_order, 3);
    assert.equal(set.chunks[1].metadata.associated_query, undefined);
    assert.deepEqual(set.chunks[1].origin, { itemPath: ['results', 'chunk_search_results', 1] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });
});
