import { strict as assert } from 'assert';
import { readText } from '../../../../src/core/read/index';
import { expectSourcesCoverTexts, expectWinner, runFixture, warnings } from './helpers';

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
