import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture, warnings } from './helpers';

describe('stack reader: RAGFlow', () => {
  it('reads a retrieval response: hybrid similarity, tokenised copies dropped, term/vector similarities kept', () => {
    const run = runFixture('ragflow/retrieval-response.json');
    expectWinner(run, 'ragflow-retrieval');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['d78435d142bd5cf6704da62c778795c5', 'e89546e253cf6d07815eb73d889806d6']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.9669, 0.7212]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.equal(set.chunks[0].metadata.content_ltks, undefined);
    assert.equal(set.chunks[1].metadata.vector_similarity, 0.7731);
    assert.equal(set.chunks[1].metadata.document_keyword, 'q3-report.pdf');
    assert.deepEqual(set.chunks[1].origin, { itemPath: ['data', 'chunks', 1] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });
});
