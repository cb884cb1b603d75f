import { strict as assert } from 'assert';
import { readText } from '../../../../src/core/read/index';
import { expectSourcesCoverTexts, expectWinner, runFixture, sliceSource, warnings } from './helpers';

describe('stack reader: Pinecone Assistant context', () => {
  it('reads snippets: file ids tagged per snippet, scores, file name and pages as metadata', () => {
    const run = runFixture('pinecone-assistant/context-response.json');
    expectWinner(run, 'pinecone-assistant-context');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 3);
    assert.match(set.chunks[0].id, /^e6034e51-0bb9-4926-84c6-70597dbd07a7~[0-9a-f]{6}$/);
    assert.notEqual(set.chunks[0].id, set.chunks[1].id);
    assert.equal(set.chunks[2].id, '1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b');
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.8846, 0.8112, 0.7403]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.deepEqual(set.chunks[1].metadata, { file: 'model-x-specs.pdf', pages: [4, 5], referenceType: 'pdf', product: 'model-x' });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });
});

describe('stack reader: mem0', () => {
  it('reads memory search results: memory text, similarity scores, metadata spread', () => {
    const run = runFixture('mem0/search-v1.1.json');
    expectWinner(run, 'mem0-search');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.text), ['Is vegetarian and allergic to peanuts', 'Prefers Italian restaurants near downtown']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.6387, 0.5112]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.equal(set.chunks[0].id, '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
    assert.equal(set.chunks[0].metadata.category, 'food');
    assert.equal(set.chunks[0].metadata.hash, undefined);
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads rising scores (a distance-returning vector store) as distances', () => {
    const r = readText(JSON.stringify([
      { id: 'm1', memory: 'Lives in Lisbon', hash: 'a', score: 0.21 },
      { id: 'm2', memory: 'Works as a nurse', hash: 'b', score: 0.44 },
    ]));
    assert.equal(r.format, 'mem0-search');
    assert.deepEqual(r.sets[0].chunks.map((c) => c.scoreKind), ['distance', 'distance']);
  });
});

describe('stack reader: R2R', () => {
  it('reads chunk_search_results: the query from associated_query, scores, metadata', () => {
    const run = runFixture('r2r/search-response.json');
    expectWinner(run, 'r2r-search');
    const [set] = run.sets;
    assert.equal(set.query, 'Who was Aristotle?');
    assert.equal(sliceSource(run, set.querySource), 'Who was Aristotle?');
    assert.deepEqual(set.chunks.map((c) => c.id), ['3b7e5d2a-9c1f-5e4b-8a6d-2f0c9e8b7a61', '4c8f6e3b-0d2a-5f5c-9b7e-3a1d0f9c8b72']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.6847, 0.6011]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.equal(set.chunks[1].metadata.chunk_order, 3);
    assert.equal(set.chunks[1].metadata.associated_query, undefined);
    assert.deepEqual(set.chunks[1].origin, { itemPath: ['results', 'chunk_search_results', 1] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });
});

describe('stack reader: Vertex AI Search', () => {
  it('reads chunk-mode results: chunk content, relevanceScore, document metadata', () => {
    const run = runFixture('vertex-ai/search-chunks.json');
    expectWinner(run, 'vertex-ai-search');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['c1', 'c7']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.82, 0.61]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.deepEqual(set.chunks[0].metadata, { pageSpan: { pageStart: 3, pageEnd: 3 }, uri: 'gs://hr-docs/leave.pdf', title: 'Leave policy' });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads document results: an extractive segment with its score, else the snippet without one', () => {
    const run = runFixture('vertex-ai/search-documents-segments.json');
    expectWinner(run, 'vertex-ai-search');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => [c.id, c.retrieverScore, c.scoreKind]), [['d1', 0.79, 'similarity'], ['d9', undefined, 'unknown']]);
    assert.match(set.chunks[1].text, /^Benefits include a pension plan/);
    assert.equal(set.chunks[0].metadata.title, 'Leave policy');
    expectSourcesCoverTexts(run);
  });
});

describe('generic rows: web search APIs and LlamaCloud', () => {
  it('Tavily search results are read by the plain query reader: query, content, similarity scores', () => {
    const run = runFixture('plain/tavily-search.json');
    expectWinner(run, 'plain-query-documents');
    const [set] = run.sets;
    assert.equal(set.query, 'Who won the 2022 World Cup?');
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.9821, 0.9417]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.equal(set.chunks[0].metadata.url, 'https://en.wikipedia.org/wiki/2022_FIFA_World_Cup_final');
    expectSourcesCoverTexts(run);
  });

  it('LlamaCloud pipeline retrieve results (retrieval_nodes) are read as LlamaIndex nodes', () => {
    const run = runFixture('llamaindex/llamacloud-retrieve-results.json');
    expectWinner(run, 'llamaindex-nodes');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => [c.id, c.retrieverScore, c.scoreKind]), [['n1', 0.83, 'similarity'], ['n2', 0.71, 'similarity']]);
    assert.equal(set.chunks[0].metadata.file_name, 'a.pdf');
    assert.deepEqual(set.chunks[1].origin, { itemPath: ['retrieval_nodes', 1] });
    expectSourcesCoverTexts(run);
  });
});
