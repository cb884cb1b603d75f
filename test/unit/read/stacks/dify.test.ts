import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture, sliceSource, warnings } from './helpers';

describe('stack reader: Dify', () => {
  it('reads the dataset retrieve API: query, segment ids, scores, document name; bookkeeping dropped', () => {
    const run = runFixture('dify/dataset-retrieve.json');
    expectWinner(run, 'dify-retrieval');
    const [set] = run.sets;
    assert.equal(set.query, 'How do I install the agent on Linux?');
    assert.equal(sliceSource(run, set.querySource), 'How do I install the agent on Linux?');
    assert.deepEqual(set.chunks.map((c) => c.id), ['7fa6f24f-8679-48b3-bc9d-bdf28d73f218', '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.8123, 0.6541]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.equal(set.chunks[0].metadata.document_name, 'install-guide.md');
    assert.equal(set.chunks[0].metadata.index_node_hash, undefined);
    assert.equal(set.chunks[0].metadata.created_by, undefined);
    assert.deepEqual(set.chunks.map((c) => c.originalRank), [1, 2]);
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads a workflow knowledge-retrieval node output: score and segment id from metadata', () => {
    const run = runFixture('dify/workflow-knowledge-node.json');
    expectWinner(run, 'dify-retrieval');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['0a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d', '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.7731, 0.6012]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.equal(set.chunks[1].metadata.document_name, 'refunds.md');
    assert.equal(set.chunks[1].metadata.title, 'refunds.md');
    assert.deepEqual(set.chunks[0].origin, { itemPath: ['result', 0] });
    expectSourcesCoverTexts(run);
  });
});
