import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture, runText, sliceSource, warnings } from './helpers';

describe('stack reader: plain shapes', () => {
  it('reads a list of strings', () => {
    const run = runFixture('plain/strings.json');
    expectWinner(run, 'plain-strings');
    const [set] = run.sets;
    assert.equal(set.query, undefined);
    assert.deepEqual(set.chunks.map((c) => c.id), ['#1', '#2', '#3']);
    assert.match(set.chunks[2].text, /^Only the queen/);
    assert.deepEqual(set.chunks[2].origin, { columnPath: [], columnIndex: 2 });
    expectSourcesCoverTexts(run);
  });

  it('reads {query, documents} with ids, scores and boolean relevance labels', () => {
    const run = runFixture('plain/query-documents.json');
    expectWinner(run, 'plain-query-documents');
    const [set] = run.sets;
    assert.equal(set.query, 'how do bees find flowers');
    assert.equal(sliceSource(run, set.querySource), 'how do bees find flowers');
    assert.deepEqual(set.chunks.map((c) => c.id), ['bee-07', 'bee-02', 'bee-11']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.71, 0.66, 0.52]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.deepEqual(set.labels, { byChunkId: { 'bee-07': 1, 'bee-02': 1, 'bee-11': 0 } });
    assert.deepEqual(set.chunks[0].metadata, {});
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads JSONL {query, passages} rows with query ids, explicit ranks and distances', () => {
    const run = runFixture('plain/queries-passages.jsonl');
    expectWinner(run, 'plain-query-documents');
    assert.equal(run.sets.length, 2);
    const [a, b] = run.sets;
    assert.equal(a.queryId, 'q-17');
    assert.equal(b.query, 'foods high in iron');
    assert.deepEqual(a.chunks.map((c) => c.id), ['med-301', 'med-118']);
    assert.deepEqual(a.chunks.map((c) => c.originalRank), [1, 2]);
    assert.deepEqual(a.chunks.map((c) => c.retrieverScore), [0.21, 0.34]);
    assert.ok(a.chunks.every((c) => c.scoreKind === 'distance'));
    assert.deepEqual(b.chunks[0].origin, { itemPath: [1, 'passages', 0] });
    expectSourcesCoverTexts(run);
  });

  it('reads a list of chunk objects', () => {
    const run = runFixture('plain/chunks.json');
    expectWinner(run, 'plain-chunks');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['c-1', 'c-2']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.83, 0.79]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
  });
});

describe('stack reader: plain shapes, details', () => {
  it('spreads a nested metadata object and keeps other fields', () => {
    const run = runText(JSON.stringify({
      question: 'what is a bloom filter',
      results: [
        { doc_id: 'ds-1', text: 'A Bloom filter answers set membership with no false negatives and tunable false positives.', metadata: { source: 'ds.md', page: 3 }, tags: ['prob'] },
        { doc_id: 'ds-2', text: 'Counting Bloom filters allow deletions by keeping small counters instead of bits.', metadata: { source: 'ds.md', page: 4 } },
      ],
    }));
    expectWinner(run, 'plain-query-documents');
    const [set] = run.sets;
    assert.equal(set.query, 'what is a bloom filter');
    assert.deepEqual(set.chunks.map((c) => c.id), ['ds-1', 'ds-2']);
    assert.deepEqual(set.chunks[0].metadata, { tags: ['prob'], source: 'ds.md', page: 3 });
  });
});

describe('stack reader: query with positive and negative passages', () => {
  it('reads {query, pos, neg} rows: positives first, labelled 1, negatives 0', () => {
    const run = runFixture('plain/reranker-train-pos-neg.jsonl');
    expectWinner(run, 'query-pos-neg');
    assert.equal(run.sets.length, 2);
    const [a, b] = run.sets;
    assert.equal(a.query, 'what causes the northern lights');
    assert.deepEqual(a.chunks.map((c) => c.id), ['pos-1', 'neg-1', 'neg-2']);
    assert.deepEqual(a.labels, { byChunkId: { 'pos-1': 1, 'neg-1': 0, 'neg-2': 0 } });
    assert.deepEqual(b.chunks.map((c) => c.id), ['pos-1', 'pos-2', 'neg-1']);
    assert.match(b.chunks[2].text, /^Sunsets look red/);
    assert.deepEqual(b.chunks[2].origin, { columnPath: [1, 'neg'], columnIndex: 0 });
    expectSourcesCoverTexts(run);
  });

  it('keeps row-level judgments and the reference answer of a {query, hits} row', () => {
    const run = runFixture('plain/query-hits-with-judgments.json');
    expectWinner(run, 'plain-query-documents');
    const [set] = run.sets;
    assert.equal(set.queryId, 'q-201');
    assert.deepEqual(set.chunks.map((c) => c.id), ['db-2', 'db-7']);
    assert.deepEqual(set.labels, {
      byChunkId: { 'db-7': 1, 'db-2': 0 },
      groundTruth: 'A log where changes are recorded before they are applied, so the database can recover after a crash.',
    });
  });
});

describe('stack reader: Tevatron positive/negative passages', () => {
  it('keeps the passages own docids and labels positives 1, negatives 0', () => {
    const run = runFixture('plain/tevatron-train.jsonl');
    expectWinner(run, 'query-pos-neg');
    const [set] = run.sets;
    assert.equal(set.queryId, '1048585');
    assert.equal(set.query, "what is paula deen's brother");
    assert.deepEqual(set.chunks.map((c) => c.id), ['7187158', '7187157', '1299215']);
    assert.deepEqual(set.labels, { byChunkId: { '7187158': 1, '7187157': 0, '1299215': 0 } });
    assert.equal(set.chunks[1].metadata.title, 'Paula Deen');
    expectSourcesCoverTexts(run);
  });
});

describe('stack reader: a chunk list without a query', () => {
  it('reads {documents: [...]} and notes that the query is missing', () => {
    const run = runText(JSON.stringify({ documents: ['Glaciers carve U-shaped valleys.', 'Rivers carve V-shaped valleys.'] }));
    expectWinner(run, 'plain-query-documents');
    const [set] = run.sets;
    assert.equal(set.query, undefined);
    assert.deepEqual(set.chunks.map((c) => c.text), ['Glaciers carve U-shaped valleys.', 'Rivers carve V-shaped valleys.']);
    assert.ok(run.diagnostics.some((d) => d.severity === 'info' && /has no query/.test(d.message)));
  });
});
