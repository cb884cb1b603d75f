import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture, warnings } from './helpers';

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
