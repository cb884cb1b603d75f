import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture, warnings } from './helpers';

describe('stack reader: turbopuffer', () => {
  it('reads a v2 ANN query: rows with $dist as distances, attributes as metadata', () => {
    const run = runFixture('turbopuffer/v2-ann-query.json');
    expectWinner(run, 'turbopuffer-query');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['301', '118', '77']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.1437, 0.2092, 0.3318]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'distance'));
    assert.deepEqual(set.chunks[0].metadata, { title: 'Architecture' });
    assert.deepEqual(set.chunks[2].origin, { itemPath: ['rows', 2] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads v1 rows with attributes; falling BM25 scores are similarities (with a note)', () => {
    const run = runFixture('turbopuffer/v1-bm25-query.json');
    expectWinner(run, 'turbopuffer-query');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => [c.id, c.retrieverScore, c.scoreKind]), [['a1', 12.73, 'similarity'], ['b7', 9.02, 'similarity']]);
    assert.match(set.chunks[0].text, /^BM25 ranks documents/);
    assert.ok(run.diagnostics.some((d) => d.severity === 'info' && /BM25/.test(d.message)));
    expectSourcesCoverTexts(run);
  });
});
