import { strict as assert } from 'assert';
import { readText } from '../../../../src/core/read/index';
import { expectSourcesCoverTexts, expectWinner, runFixture, sliceSource, warnings } from './helpers';

describe('stack reader: ColBERT (RAGatouille, ColBERTv2 server)', () => {
  it('reads RAGatouille search results: passage ids (document ids repeat), explicit ranks, document metadata', () => {
    const run = runFixture('colbert/ragatouille-search.json');
    expectWinner(run, 'colbert-results');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['12', '40', '13']);
    assert.deepEqual(set.chunks.map((c) => c.originalRank), [1, 2, 3]);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [25.8391, 24.1047, 23.0112]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.deepEqual(set.chunks[2].metadata, { document_id: 'miyazaki', entity: 'person', source: 'wikipedia' });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads a ColBERTv2 server answer (DSPy): query, pids, scores; long_text dropped', () => {
    const run = runFixture('colbert/colbertv2-server.json');
    expectWinner(run, 'colbert-results');
    const [set] = run.sets;
    assert.equal(set.query, 'Who founded the Lyceum?');
    assert.equal(sliceSource(run, set.querySource), 'Who founded the Lyceum?');
    assert.deepEqual(set.chunks.map((c) => c.id), ['4021177', '1188320', '3307415']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [27.43, 26.21, 20.05]);
    assert.deepEqual(set.chunks[0].metadata, { prob: 0.7712 });
    assert.deepEqual(set.chunks[1].origin, { itemPath: ['topk', 1] });
    expectSourcesCoverTexts(run);
  });

  it('takes explicit ranks over the file order', () => {
    const r = readText(JSON.stringify({ query: 'q', topk: [{ text: 'Second.', pid: 2, rank: 2, score: 5 }, { text: 'First.', pid: 1, rank: 1, score: 6 }] }));
    assert.deepEqual(r.sets[0].chunks.map((c) => [c.id, c.originalRank]), [['2', 2], ['1', 1]]);
  });
});
