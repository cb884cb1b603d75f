import { strict as assert } from 'assert';
import { readText } from '../../../../src/core/read/index';
import { expectSourcesCoverTexts, expectWinner, runFixture, warnings } from './helpers';

describe('stack reader: Upstash Vector', () => {
  it('reads a query-data response: text from data, metadata kept, similarities', () => {
    const run = runFixture('upstash/query-data-response.json');
    expectWinner(run, 'upstash-vector-query');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['faq-12', 'faq-31', 'faq-07']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.9412, 0.8877, 0.8102]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.deepEqual(set.chunks[1].metadata, { url: 'https://example.com/faq#customs', topic: 'customs' });
    assert.deepEqual(set.chunks[2].origin, { itemPath: ['result', 2] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads a batch query as one set per query, text from metadata when there is no data', () => {
    const r = readText(JSON.stringify({ result: [
      [{ id: 'a', score: 0.9, metadata: { text: 'First query hit.' } }],
      [{ id: 'b', score: 0.8, metadata: { text: 'Second query hit.' } }],
    ] }));
    assert.equal(r.format, 'upstash-vector-query');
    assert.deepEqual(r.sets.map((s) => [s.queryId, s.chunks[0].id, s.chunks[0].text]), [['0', 'a', 'First query hit.'], ['1', 'b', 'Second query hit.']]);
  });
});

describe('stack reader: Astra DB', () => {
  it('reads a vectorize find response: $vectorize as the text, $similarity, $-fields out of the metadata', () => {
    const run = runFixture('astra-db/find-vectorize-response.json');
    expectWinner(run, 'astra-db-find');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 3);
    assert.equal(set.chunks[0].id, 'b7c1e5a2-4d1f-4c8e-9a2b-3f6d7e8a9b0c');
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.9378, 0.9101, 0.8845]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.match(set.chunks[1].text, /^Sort by \$vectorize/);
    assert.deepEqual(set.chunks[1].metadata, { source: 'find.md' });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });
});

describe('stack reader: Neo4j vector index', () => {
  it('reads a Neo4j Browser export of queryNodes: node properties, id property, labels as metadata', () => {
    const run = runFixture('neo4j/browser-export-query-nodes.json');
    expectWinner(run, 'neo4j-vector-query');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['10-K-2023-chunk-0042', '10-K-2023-chunk-0025', '10-Q-2024-chunk-0007']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.9271, 0.9034, 0.8866]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.deepEqual(set.chunks[0].metadata, { labels: ['Chunk'], source: '10-K-2023.pdf', chunkSeqId: 42 });
    assert.deepEqual(set.chunks[2].origin, { itemPath: [2] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads the HTTP transaction API answer (columns node, score; rows)', () => {
    const r = readText(JSON.stringify({ results: [{ columns: ['node', 'score'], data: [
      { row: [{ text: 'Chunk about revenue.', id: 'c1' }, 0.91], meta: [{ id: 5, elementId: '4:x:5', type: 'node', deleted: false }, null] },
      { row: [{ text: 'Chunk about margins.', id: 'c2' }, 0.87], meta: [{ id: 6, elementId: '4:x:6', type: 'node', deleted: false }, null] },
    ] }], errors: [] }));
    assert.equal(r.format, 'neo4j-vector-query');
    assert.deepEqual(r.sets[0].chunks.map((c) => [c.id, c.text, c.retrieverScore, c.scoreKind]), [['c1', 'Chunk about revenue.', 0.91, 'similarity'], ['c2', 'Chunk about margins.', 0.87, 'similarity']]);
    assert.deepEqual(r.sets[0].chunks[1].origin, { itemPath: ['results', 0, 'data', 1] });
  });
});

describe('stack reader: Vertex AI RAG Engine', () => {
  it('reads retrieveContexts: distances, source and page span as metadata', () => {
    const run = runFixture('vertex-ai/rag-retrieve-contexts.json');
    expectWinner(run, 'vertex-rag-contexts');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['#1', '#2', '#3']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.2841, 0.3417, 0.4108]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'distance'));
    assert.deepEqual(set.chunks[0].metadata, { sourceUri: 'gs://acme-rag-corpus/handbook/remote-work.pdf', sourceDisplayName: 'remote-work.pdf', pageSpan: { firstPage: 2, lastPage: 2 } });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads a falling `score` as similarities, a rising one as distances', () => {
    const ctxs = (scores: number[]) => ({ contexts: { contexts: scores.map((s, i) => ({ sourceUri: `gs://b/${i}.pdf`, text: `Context ${i}.`, score: s })) } });
    const falling = readText(JSON.stringify(ctxs([0.82, 0.71])));
    assert.deepEqual(falling.sets[0].chunks.map((c) => c.scoreKind), ['similarity', 'similarity']);
    const rising = readText(JSON.stringify(ctxs([0.18, 0.29])));
    assert.deepEqual(rising.sets[0].chunks.map((c) => c.scoreKind), ['distance', 'distance']);
  });
});
