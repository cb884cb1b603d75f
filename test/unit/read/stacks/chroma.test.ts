import { strict as assert } from 'assert';
import { errors, expectSourcesCoverTexts, expectWinner, runFixture, warnings } from './helpers';

describe('stack reader: Chroma query()', () => {
  it('reads one set per query, with distances and column origins', () => {
    const run = runFixture('chroma/query-two-queries.json');
    expectWinner(run, 'chroma-query');
    assert.equal(run.sets.length, 2);
    const [a, b] = run.sets;
    assert.equal(a.query, undefined);
    assert.equal(a.queryId, '0');
    assert.equal(b.queryId, '1');
    assert.deepEqual(a.chunks.map((c) => c.id), ['cells-07', 'cells-02', 'cells-11']);
    assert.deepEqual(b.chunks.map((c) => c.id), ['mito-01', 'cells-07', 'atp-03']);
    assert.deepEqual(a.chunks.map((c) => c.retrieverScore), [0.4127, 0.5561, 0.8012]);
    assert.deepEqual(b.chunks.map((c) => c.retrieverScore), [0.3318, 0.9405, 0.9921]);
    assert.ok([...a.chunks, ...b.chunks].every((c) => c.scoreKind === 'distance'));
    assert.match(b.chunks[0].text, /^Mitochondria produce most/);
    assert.deepEqual(b.chunks[2].metadata, { source: 'bio101/ch4.md', page: 61 });
    assert.deepEqual(b.chunks[2].origin, { columnPath: ['documents', 1], columnIndex: 2 });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads include=["documents"] results without scores', () => {
    const run = runFixture('chroma/query-documents-only.json');
    expectWinner(run, 'chroma-query');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 2);
    assert.deepEqual(set.chunks.map((c) => c.id), ['faq-12', 'faq-03']);
    assert.ok(set.chunks.every((c) => c.retrieverScore === undefined && c.scoreKind === 'unknown'));
    assert.deepEqual(set.chunks[0].metadata, {});
  });

  it('says what to do when documents were not included', () => {
    const run = runFixture('chroma/query-without-documents.json');
    expectWinner(run, 'chroma-query');
    assert.deepEqual(run.sets, []);
    const [e] = errors(run);
    assert.match(e.message, /no documents/);
    assert.match(e.hint ?? '', /include=\["documents"/);
    assert.deepEqual(e.at, ['documents']);
  });
});
