import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture, warnings } from './helpers';

const IDS = ['b6f0a4c1', 'a5e9f3b0', 'c7a1b5d2'];

describe('stack reader: Haystack 2.x', () => {
  it('reads Document.to_dict() with flattened meta', () => {
    const run = runFixture('haystack/documents-flattened.json');
    expectWinner(run, 'haystack-documents');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 3);
    assert.deepEqual(set.chunks.map((c) => c.id.slice(0, 8)), IDS);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [12.74, 11.02, 7.85]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.match(set.chunks[0].text, /^The Eiffel Tower was completed in 1889/);
    // Meta keys that sat at the top level are metadata; blob/embedding are not.
    assert.deepEqual(set.chunks[1].metadata, { file_path: 'wiki/eiffel_tower.txt', split_id: 1, split_idx_start: 129 });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads Document.to_dict(flatten=False) with nested meta', () => {
    const run = runFixture('haystack/documents-nested-meta.json');
    expectWinner(run, 'haystack-documents');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 3);
    assert.deepEqual(set.chunks[2].metadata, { file_path: 'wiki/eiffel_tower_maintenance.txt', split_id: 4, split_idx_start: 1802 });
    assert.equal(set.chunks[2].retrieverScore, 7.85);
    assert.deepEqual(set.chunks[2].origin, { itemPath: [2] });
  });

  it('reads a pipeline output with one set per component', () => {
    const run = runFixture('haystack/pipeline-retriever-ranker.json');
    expectWinner(run, 'haystack-pipeline');
    assert.equal(run.sets.length, 2);
    const [retriever, ranker] = run.sets;
    assert.equal(retriever.name, 'retriever');
    assert.equal(ranker.name, 'ranker');
    assert.deepEqual(retriever.chunks.map((c) => c.id.slice(0, 8)), IDS);
    assert.deepEqual(ranker.chunks.map((c) => c.id.slice(0, 8)), [IDS[1], IDS[0], IDS[2]]);
    assert.deepEqual(ranker.chunks.map((c) => c.retrieverScore), [0.9981, 0.9412, 0.0127]);
    assert.deepEqual(ranker.chunks[0].origin, { itemPath: ['ranker', 'documents', 0] });
    expectSourcesCoverTexts(run);
  });
});
