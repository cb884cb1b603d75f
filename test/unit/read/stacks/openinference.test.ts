import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture, sliceSource, warnings } from './helpers';

const QUERY = 'How high is a geostationary orbit?';
const IDS = ['doc-orbit-3', 'doc-orbit-5', 'doc-comms-1'];

describe('stack reader: OpenInference / Phoenix spans', () => {
  it('reads a retriever span with flat dotted attributes; metadata JSON strings are parsed', () => {
    const run = runFixture('openinference/retriever-span-flat.json');
    expectWinner(run, 'openinference-spans');
    const [set] = run.sets;
    assert.equal(set.format, 'openinference-retriever');
    assert.equal(set.query, QUERY);
    assert.equal(sliceSource(run, set.querySource), QUERY);
    assert.equal(set.name, 'VectorIndexRetriever.retrieve');
    assert.deepEqual(set.chunks.map((c) => c.id), IDS);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.8911, 0.8123, 0.7702]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.deepEqual(set.chunks[0].metadata, { source: 'space/orbits.md', page: 3 });
    assert.match(set.chunks[2].text, /^Communication satellites/);
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads Phoenix spans with nested attributes and skips spans without documents', () => {
    const run = runFixture('openinference/phoenix-spans-nested.json');
    expectWinner(run, 'openinference-spans');
    assert.equal(run.sets.length, 1);
    const [set] = run.sets;
    assert.equal(set.query, QUERY);
    assert.deepEqual(set.chunks.map((c) => c.id), IDS);
    assert.deepEqual(set.chunks[1].metadata, { source: 'space/orbits.md', page: 5 });
    assert.deepEqual(set.chunks[1].origin, { itemPath: [0, 'attributes', 'retrieval', 'documents', 1] });
    expectSourcesCoverTexts(run);
  });

  it('reads an OTLP JSON export (attributes as key/value lists)', () => {
    const run = runFixture('openinference/otlp-export.json');
    expectWinner(run, 'openinference-spans');
    const [set] = run.sets;
    assert.equal(set.query, QUERY);
    assert.equal(set.name, 'VectorStoreRetriever');
    assert.deepEqual(set.chunks.map((c) => c.id), IDS.slice(0, 2));
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.8911, 0.8123]);
    expectSourcesCoverTexts(run);
  });

  it('reads a reranker span: input documents are the original order, output verdicts go to metadata', () => {
    const run = runFixture('openinference/reranker-span.json');
    expectWinner(run, 'openinference-spans');
    const [set] = run.sets;
    assert.equal(set.format, 'openinference-reranker');
    assert.equal(set.query, QUERY);
    assert.deepEqual(set.chunks.map((c) => c.id), IDS);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.8911, 0.8123, 0.7702]);
    assert.deepEqual(set.chunks[0].metadata.rerankerOutput, { rank: 1, score: 7.112 });
    assert.deepEqual(set.chunks[2].metadata.rerankerOutput, { rank: 2, score: 1.034 });
    assert.equal(set.chunks[1].metadata.rerankerOutput, undefined);
    expectSourcesCoverTexts(run);
  });

  it('reads Phoenix dataframe rows (JSONL) with dotted column names', () => {
    const run = runFixture('openinference/phoenix-dataframe.jsonl');
    expectWinner(run, 'openinference-spans');
    assert.equal(run.sets.length, 2);
    assert.deepEqual(run.sets.map((s) => s.query), [QUERY, 'What orbit is the ISS in?']);
    assert.deepEqual(run.sets[1].chunks.map((c) => c.id), ['doc-orbit-5', 'doc-orbit-3']);
    assert.deepEqual(run.sets[1].chunks[0].metadata, { source: 'space/orbits.md', page: 5 });
    expectSourcesCoverTexts(run);
  });
});

describe('stack reader: Phoenix retrieved-documents rows', () => {
  it('groups rows by span, ranks by document_position, keeps relevance eval labels', () => {
    const run = runFixture('openinference/phoenix-retrieved-documents.jsonl');
    expectWinner(run, 'phoenix-retrieved-documents');
    assert.equal(run.sets.length, 2);
    const [a, b] = run.sets;
    assert.equal(a.query, 'How do I enable dark mode?');
    assert.equal(a.queryId, '5c1f9e2a7b3d4e60');
    assert.deepEqual(a.chunks.map((c) => [c.id, c.originalRank, c.retrieverScore, c.scoreKind]), [
      ['#1', 1, 0.8421, 'similarity'],
      ['#2', 2, 0.8012, 'similarity'],
      ['#3', 3, 0.6127, 'similarity'],
    ]);
    assert.deepEqual(a.labels, { byChunkId: { '#1': 1, '#2': 1, '#3': 0 } });
    assert.deepEqual(a.chunks[0].metadata, { 'context.trace_id': '0f6e5d4c3b2a1908' });
    assert.equal(b.query, 'Can I export my data?');
    assert.equal(b.chunks.length, 1);
    assert.equal(b.labels, undefined);
    assert.deepEqual(b.chunks[0].origin, { itemPath: [3] });
    expectSourcesCoverTexts(run);
  });
});
