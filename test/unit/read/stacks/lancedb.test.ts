import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture, warnings } from './helpers';

describe('stack reader: LanceDB', () => {
  it('reads vector search rows: _distance is a distance, vectors dropped', () => {
    const run = runFixture('lancedb/vector-search-rows.json');
    expectWinner(run, 'lancedb-results');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['17', '3', '42']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.2314, 0.3561, 0.4127]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'distance'));
    assert.deepEqual(set.chunks[0].metadata, { source: 'docs/storage.md' });
    assert.deepEqual(set.chunks[1].origin, { itemPath: [1] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads hybrid results by _relevance_score (a similarity), _rowid as the id', () => {
    const run = runFixture('lancedb/hybrid-relevance-score.json');
    expectWinner(run, 'lancedb-results');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['8589934593', '8589934597', '8589934592']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.0328, 0.0323, 0.0161]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    expectSourcesCoverTexts(run);
  });

  it('reads to_pydict() columns: full-text _score, chunks addressed by column for export', () => {
    const run = runFixture('lancedb/to-pydict-columns.json');
    expectWinner(run, 'lancedb-results');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 2);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [4.8121, 2.3012]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.deepEqual(set.chunks[1].origin, { columnPath: ['text'], columnIndex: 1 });
    assert.equal(set.chunks[1].metadata.source, 'docs/maintenance.md');
    expectSourcesCoverTexts(run);
  });
});
