import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture, runText, sliceSource } from './helpers';

describe('stack reader: envelopes with the query or the request', () => {
  it('ES request + response: the query text comes from the match clause', () => {
    const run = runFixture('wrapped/es-request-response.json');
    expectWinner(run, 'wrapped-response');
    const [set] = run.sets;
    assert.equal(set.format, 'elasticsearch-hits');
    assert.equal(set.query, 'reset router to factory settings');
    assert.equal(sliceSource(run, set.querySource), 'reset router to factory settings');
    assert.deepEqual(set.chunks.map((c) => c.id), ['rt-19', 'rt-04', 'rt-33']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [11.2, 8.73, 3.15]);
    assert.deepEqual(set.chunks[1].origin, { itemPath: ['response', 'hits', 'hits', 1] });
    expectSourcesCoverTexts(run);
  });

  it('query beside a Qdrant response', () => {
    const run = runFixture('wrapped/query-and-qdrant-response.json');
    expectWinner(run, 'wrapped-response');
    const [set] = run.sets;
    assert.equal(set.format, 'qdrant-search');
    assert.equal(set.query, 'which sunscreen protects against UVA');
    assert.deepEqual(set.chunks.map((c) => c.id), ['51', '52']);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    expectSourcesCoverTexts(run);
  });

  it('Pinecone search request + response: query.inputs.text', () => {
    const run = runFixture('wrapped/pinecone-search-request-response.json');
    expectWinner(run, 'wrapped-response');
    const [set] = run.sets;
    assert.equal(set.format, 'pinecone-search-records');
    assert.equal(set.query, 'vegan dessert without nuts');
    assert.deepEqual(set.chunks.map((c) => c.id), ['r-77', 'r-12']);
    assert.deepEqual(set.chunks[0].origin, { itemPath: ['response', 'result', 'hits', 0] });
    expectSourcesCoverTexts(run);
  });

  it('warnings from the inner reader name paths in the whole file', () => {
    const run = runFixture('wrapped/query-and-qdrant-response.json');
    const text = run.text.replace('"score": 0.7719', '"score": "n/a"');
    const again = runText(text);
    const [w] = again.diagnostics.filter((d) => d.severity === 'warning');
    assert.deepEqual(w.at, ['response', 'result', 1, 'score']);
    assert.match(w.message, /\$\.response\.result\[1\]\.score/);
  });
});

describe('stack reader: one whole response per row', () => {
  it('JSONL of {query, response} envelopes around ES responses: one set per line', () => {
    const run = runFixture('wrapped/query-response-rows.jsonl');
    expectWinner(run, 'response-rows');
    assert.equal(run.sets.length, 2);
    assert.deepEqual(run.sets.map((s) => s.query), ['how to descale an espresso machine', 'why is my espresso sour']);
    assert.deepEqual(run.sets.map((s) => s.format), ['elasticsearch-hits', 'elasticsearch-hits']);
    assert.deepEqual(run.sets[0].chunks.map((c) => c.id), ['esp-12', 'esp-03']);
    assert.deepEqual(run.sets[1].chunks[0].origin, { itemPath: [1, 'response', 'hits', 'hits', 0] });
    assert.equal(sliceSource(run, run.sets[1].querySource), 'why is my espresso sour');
    expectSourcesCoverTexts(run);
  });

  it('JSONL of Chroma query results: sets per line, columns addressed within the line', () => {
    const run = runFixture('chroma/query-results-per-line.jsonl');
    expectWinner(run, 'response-rows');
    assert.equal(run.sets.length, 2);
    assert.deepEqual(run.sets[0].chunks.map((c) => [c.id, c.retrieverScore, c.scoreKind]), [['ins-4', 0.31, 'distance'], ['ins-9', 0.52, 'distance']]);
    assert.equal(run.sets[1].name, 'row 2');
    assert.deepEqual(run.sets[1].chunks[0].origin, { columnPath: [1, 'documents', 0], columnIndex: 0 });
    expectSourcesCoverTexts(run);
  });
});
