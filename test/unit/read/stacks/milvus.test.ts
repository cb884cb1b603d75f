import { strict as assert } from 'assert';
import { milvusReader } from '../../../../src/core/read/stacks/milvus';
import { expectSourcesCoverTexts, expectWinner, runFixture, runText } from './helpers';

describe('stack reader: Milvus', () => {
  it('reads pymilvus results, one set per query vector; metric_type COSINE makes distance a similarity', () => {
    const run = runFixture('milvus/pymilvus-search-cosine.json');
    expectWinner(run, 'milvus-search');
    assert.equal(run.sets.length, 2);
    const [a, b] = run.sets;
    assert.deepEqual(a.chunks.map((c) => c.id), ['449812', '449813', '450001']);
    assert.deepEqual(a.chunks.map((c) => c.retrieverScore), [0.8112, 0.7725, 0.6031]);
    assert.ok([...a.chunks, ...b.chunks].every((c) => c.scoreKind === 'similarity'));
    assert.match(a.chunks[0].text, /storming of the Bastille/);
    assert.deepEqual(a.chunks[0].metadata, { subject: 'history' });
    assert.deepEqual(b.chunks.map((c) => c.id), ['450001']);
    assert.deepEqual(a.chunks[1].origin, { itemPath: ['results', 0, 1] });
    expectSourcesCoverTexts(run);
  });

  it('without a metric, rising pymilvus distances are read as distances and the user is told', () => {
    const run = runFixture('milvus/pymilvus-search-l2.json');
    expectWinner(run, 'milvus-search');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.3821, 0.4507, 0.7993]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'distance'));
    assert.ok(run.diagnostics.some((d) => d.severity === 'info' && /metric_type/.test(d.message)));
  });

  it('keeps the kind unknown when neither a metric nor the order says', () => {
    const run = runText(JSON.stringify([[
      { id: 1, distance: 0.5, entity: { text: 'Rome was founded, by legend, in 753 BC.' } },
      { id: 2, distance: 0.5, entity: { text: 'The Roman Republic was established in 509 BC.' } },
    ]]));
    expectWinner(run, 'milvus-search');
    assert.ok(run.sets[0].chunks.every((c) => c.scoreKind === 'unknown' && c.retrieverScore === 0.5));
  });

  it('reads a REST v2 entities/search response with output fields beside id and distance', () => {
    const run = runFixture('milvus/rest-v2-search.json');
    expectWinner(run, 'milvus-search');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 3);
    assert.deepEqual(set.chunks.map((c) => c.id), ['449812', '449813', '450001']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.8112, 0.7725, 0.6031]);
    assert.deepEqual(set.chunks[2].metadata, { subject: 'history' });
    assert.deepEqual(set.chunks[2].origin, { itemPath: ['data', 2] });
    expectSourcesCoverTexts(run);
  });

  it('reports a REST error response instead of reading nothing silently', () => {
    // Read directly: an error body has no results, so detection rightly does not claim it.
    const run = runFixture('milvus/rest-v2-error.json');
    assert.equal(milvusReader.detect(JSON.parse(run.text)), 0);
    const diags: string[] = [];
    const sets = milvusReader.read(JSON.parse(run.text), {
      rangeAt: () => undefined,
      describe: (p) => JSON.stringify(p),
      report: (d) => diags.push(`${d.severity}: ${d.message}`),
    });
    assert.deepEqual(sets, []);
    assert.equal(diags.length, 1);
    assert.match(diags[0], /^error: Milvus returned error code 1100: collection not found/);
  });
});
