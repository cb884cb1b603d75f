import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture, sliceSource, warnings } from './helpers';

describe('stack reader: Typesense', () => {
  it('reads a hybrid search: rank fusion scores as the order, q as the query, document fields as metadata', () => {
    const run = runFixture('typesense/hybrid-search.json');
    expectWinner(run, 'typesense-search');
    const [set] = run.sets;
    assert.equal(set.query, 'reset password');
    assert.equal(sliceSource(run, set.querySource), 'reset password');
    assert.deepEqual(set.chunks.map((c) => c.id), ['124', '37', '81']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.9, 0.35, 0.3]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.match(set.chunks[0].text, /^To reset your password/);
    assert.equal(set.chunks[0].metadata.title, 'Resetting a password');
    assert.equal(set.chunks[1].metadata.vector_distance, 0.3571300506591797);
    assert.deepEqual(set.chunks[2].origin, { itemPath: ['hits', 2] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads multi_search as one set per search: vector-only distances (no query for q "*"), keyword text_match', () => {
    const run = runFixture('typesense/multi-search-vector.json');
    expectWinner(run, 'typesense-search');
    assert.equal(run.sets.length, 2);
    const [vec, kw] = run.sets;
    assert.equal(vec.query, undefined);
    assert.deepEqual(vec.chunks.map((c) => [c.id, c.retrieverScore, c.scoreKind]), [['9', 0.2214, 'distance'], ['4', 0.3047, 'distance']]);
    assert.equal(vec.chunks[0].metadata.embedding, undefined);
    assert.equal(kw.query, 'receipt');
    assert.equal(kw.chunks[0].scoreKind, 'similarity');
    assert.equal(kw.chunks[0].text, 'Returns need the original receipt.');
    assert.deepEqual(kw.chunks[0].origin, { itemPath: ['results', 1, 'hits', 0] });
    expectSourcesCoverTexts(run);
  });
});
