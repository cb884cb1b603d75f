import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture, sliceSource, warnings } from './helpers';

describe('stack reader: LlamaIndex', () => {
  it('reads NodeWithScore.to_dict() lists as similarities with node ids and metadata', () => {
    const run = runFixture('llamaindex/nodes-with-score.json');
    expectWinner(run, 'llamaindex-nodes');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 4);
    assert.deepEqual(set.chunks.map((c) => c.id), [1, 2, 3, 4].map((n) => `e1b2c3d4-000${n}-4a5b-8c9d-112233445566`));
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.8712, 0.8345, 0.7921, 0.7433]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.match(set.chunks[2].text, /final sale/);
    assert.equal(set.chunks[0].metadata.file_name, 'return-policy.pdf');
    assert.equal(set.chunks[0].metadata.ref_doc_id, 'doc-return-policy');
    assert.equal(set.chunks[0].metadata.start_char_idx, 0);
    assert.deepEqual(set.chunks[3].origin, { itemPath: [3] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads Response.source_nodes', () => {
    const run = runFixture('llamaindex/response-source-nodes.json');
    expectWinner(run, 'llamaindex-response');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 3);
    assert.equal(set.chunks[1].id, 'e1b2c3d4-0002-4a5b-8c9d-112233445566');
    assert.equal(set.chunks[1].retrieverScore, 0.8345);
    assert.deepEqual(set.chunks[1].origin, { itemPath: ['source_nodes', 1] });
    expectSourcesCoverTexts(run);
  });

  it('reads text_resource nodes and the query bundle of a retrieve() dump', () => {
    const run = runFixture('llamaindex/retrieve-text-resource.json');
    expectWinner(run, 'llamaindex-nodes');
    const [set] = run.sets;
    assert.equal(set.query, 'how long do refunds take');
    assert.equal(sliceSource(run, set.querySource), 'how long do refunds take');
    assert.equal(set.chunks.length, 2);
    assert.match(set.chunks[1].text, /^Refunds are issued/);
    assert.equal(set.chunks[1].metadata.class_name, 'Node');
    expectSourcesCoverTexts(run);
  });
});
