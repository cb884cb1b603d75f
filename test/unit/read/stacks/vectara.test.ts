import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture, sliceSource, warnings } from './helpers';

describe('stack reader: Vectara', () => {
  it('reads a v2 query response: query, document ids (tagged when parts share one), part and document metadata', () => {
    const run = runFixture('vectara/v2-query.json');
    expectWinner(run, 'vectara-query');
    const [set] = run.sets;
    assert.equal(set.query, 'What is the warranty period?');
    assert.equal(sliceSource(run, set.querySource), 'What is the warranty period?');
    assert.equal(set.chunks.length, 3);
    assert.match(set.chunks[0].id, /^warranty-terms-2024~[0-9a-f]{6}$/);
    assert.match(set.chunks[1].id, /^warranty-terms-2024~[0-9a-f]{6}$/);
    assert.notEqual(set.chunks[0].id, set.chunks[1].id);
    assert.equal(set.chunks[2].id, 'returns-policy');
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.8734, 0.8121, 0.5522]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.deepEqual(set.chunks[2].metadata, { title: 'Returns', lang: 'eng', section: 1, offset: 0, len: 61, request_corpora_index: 0 });
    assert.deepEqual(set.chunks[1].origin, { itemPath: ['search_results', 1] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads a v1 responseSet: ids and metadata from the document list, {name, value} metadata as a map', () => {
    const run = runFixture('vectara/v1-query.json');
    expectWinner(run, 'vectara-query');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['eiffel-history', 'eiffel-design']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.7912, 0.6633]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.deepEqual(set.chunks[0].metadata, { title: 'History of the Eiffel Tower', lang: 'eng', section: '1' });
    expectSourcesCoverTexts(run);
  });
});
