// The project's shared samples (copied into test/fixtures/formats/shared-samples, see PROVENANCE.md).
import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture, warnings } from './helpers';

const dir = 'shared-samples';

describe('stack readers on the shared samples', () => {
  it('chroma-query-result.json: two queries, distances', () => {
    const run = runFixture(`${dir}/chroma-query-result.json`);
    expectWinner(run, 'chroma-query');
    assert.equal(run.sets.length, 2);
    assert.deepEqual(run.sets[0].chunks.map((c) => c.id), ['bake-notes-014', 'bake-notes-002', 'faq-underproofing-01']);
    assert.deepEqual(run.sets[1].chunks.map((c) => c.retrieverScore), [0.5874, 0.7216, 1.2083]);
    assert.ok(run.sets.every((s) => s.chunks.every((c) => c.scoreKind === 'distance')));
    assert.equal(run.sets[1].chunks[2].text, run.sets[0].chunks[0].text);
    assert.deepEqual(run.sets[0].chunks[2].metadata, { source: 'faq.md', topic: 'troubleshooting', chunk: 1 });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('cohere-rerank-v2-request.json: query and six documents in request order', () => {
    const run = runFixture(`${dir}/cohere-rerank-v2-request.json`);
    expectWinner(run, 'rerank-request');
    const [set] = run.sets;
    assert.equal(set.query, 'How do noise-cancelling headphones cancel sound?');
    assert.equal(set.chunks.length, 6);
    assert.match(set.chunks[1].text, /^Active noise cancellation/);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'unknown' && c.retrieverScore === undefined));
    expectSourcesCoverTexts(run);
  });

  it('elasticsearch-search-highlight.json: _source.text, highlight kept as metadata', () => {
    const run = runFixture(`${dir}/elasticsearch-search-highlight.json`);
    expectWinner(run, 'elasticsearch-hits');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['aqueducts-0003', 'aqueducts-0005', 'pont-du-gard-0001', 'roman-baths-0012']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [12.418906, 10.087342, 8.551207, 5.902215]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.match(set.chunks[0].text, /^Roman aqueducts moved water by gravity alone\./);
    assert.equal(set.chunks[0].metadata.title, 'How Roman aqueducts worked');
    assert.ok(Array.isArray((set.chunks[0].metadata.highlight as { text: string[] }).text));
    expectSourcesCoverTexts(run);
  });

  it('langchain-documents.json: five documents with their ids', () => {
    const run = runFixture(`${dir}/langchain-documents.json`);
    expectWinner(run, 'langchain-documents');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id.slice(0, 8)), ['566bf9d7', '5d96cf7f', '5e6a0a2e', 'b37523a5', '9823beb1']);
    assert.match(set.chunks[4].text, /^asyncio\.TaskGroup collects/);
    assert.equal(set.chunks[4].metadata.section, 'TaskGroup');
    expectSourcesCoverTexts(run);
  });

  it('plain-queries-passages.jsonl: three queries', () => {
    const run = runFixture(`${dir}/plain-queries-passages.jsonl`);
    expectWinner(run, 'plain-query-documents');
    assert.deepEqual(run.sets.map((s) => s.chunks.length), [3, 4, 2]);
    assert.equal(run.sets[2].query, 'is tap water safe to drink in Japan');
    assert.deepEqual(run.sets[1].chunks.map((c) => c.retrieverScore), [0.846, 0.803, 0.655, 0.212]);
    assert.equal(run.sets[0].chunks[0].id, 'kyoto-seasons-03');
    expectSourcesCoverTexts(run);
  });

  it('qdrant-search-response.json: payload.text, similarities', () => {
    const run = runFixture(`${dir}/qdrant-search-response.json`);
    expectWinner(run, 'qdrant-search');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['1804', '1806', '2211', '907']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.8412, 0.8127, 0.7735, 0.6904]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.equal(set.chunks[3].metadata.heading, 'What PDBs do not cover');
    expectSourcesCoverTexts(run);
  });

  it('ragas-v02-dataset.jsonl: three samples with references', () => {
    const run = runFixture(`${dir}/ragas-v02-dataset.jsonl`);
    expectWinner(run, 'ragas-v0.2');
    assert.deepEqual(run.sets.map((s) => s.chunks.length), [3, 2, 3]);
    assert.equal(run.sets[1].query, 'Why does charging slow down after 80 percent?');
    assert.match(run.sets[0].labels?.groundTruth ?? '', /^Roughly eight to ten hours/);
    expectSourcesCoverTexts(run);
  });
});
