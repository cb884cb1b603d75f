import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture, runText, sliceSource, warnings } from './helpers';

describe('stack reader: LangChain', () => {
  it('reads a Document.model_dump() list with ids, metadata and sources', () => {
    const run = runFixture('langchain/documents.json');
    expectWinner(run, 'langchain-documents');
    assert.equal(run.sets.length, 1);
    const [set] = run.sets;
    assert.equal(set.query, undefined);
    assert.equal(set.chunks.length, 4);
    assert.deepEqual(
      set.chunks.map((c) => c.id),
      ['8c1f0d6e-3b0e-4f3a-9a64-1b2c3d4e5f60', '2d7a9e41-55c3-4b8e-8f2f-0e9d8c7b6a51', 'f4e3d2c1-b0a9-4876-9543-210fedcba987', '0a1b2c3d-4e5f-4061-8273-9a8b7c6d5e4f'],
    );
    assert.deepEqual(set.chunks.map((c) => c.originalRank), [1, 2, 3, 4]);
    assert.match(set.chunks[0].text, /^Python's GIL allows only one thread/);
    assert.equal(set.chunks[0].retrieverScore, undefined);
    assert.equal(set.chunks[0].scoreKind, 'unknown');
    assert.deepEqual(set.chunks[2].metadata, { source: 'whatsnew/3.13.md', section: 'Free-threaded CPython', start_index: 530 });
    assert.deepEqual(set.chunks[1].origin, { itemPath: [1] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('unwraps dumpd / to_json() envelopes', () => {
    const run = runFixture('langchain/dumpd-envelopes.json');
    expectWinner(run, 'langchain-documents');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 3);
    assert.equal(set.chunks[2].id, 'f4e3d2c1-b0a9-4876-9543-210fedcba987');
    assert.match(set.chunks[2].text, /free-threaded build/);
    assert.equal(set.chunks[2].metadata.section, 'Free-threaded CPython');
    assert.equal(set.chunks[2].metadata.lc, undefined);
    expectSourcesCoverTexts(run);
  });

  it('reads similarity_search_with_score pairs; rising FAISS L2 scores are distances', () => {
    const run = runFixture('langchain/faiss-similarity-search-with-score.json');
    expectWinner(run, 'langchain-scored');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 4);
    assert.deepEqual(set.chunks.map((c) => c.id), ['#1', '#2', '#3', '#4']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.3121, 0.4478, 0.5893, 0.624]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'distance'));
    assert.deepEqual(set.chunks[0].origin, { itemPath: [0, 0] });
    assert.ok(run.diagnostics.some((d) => d.severity === 'info' && /distances/.test(d.message)));
    expectSourcesCoverTexts(run);
  });

  it('reads similarity_search_with_relevance_scores pairs as similarities', () => {
    const run = runFixture('langchain/similarity-search-with-relevance-scores.json');
    expectWinner(run, 'langchain-scored');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.8439, 0.7761, 0.7052, 0.688]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.equal(set.chunks[3].id, '0a1b2c3d-4e5f-4061-8273-9a8b7c6d5e4f');
  });

  it('keeps the score kind unknown when nothing says what _with_score means', () => {
    const run = runFixture('langchain/with-score-no-hint.json');
    expectWinner(run, 'langchain-scored');
    const [set] = run.sets;
    assert.equal(set.query, 'does the GIL slow down threads');
    assert.equal(sliceSource(run, set.querySource), 'does the GIL slow down threads');
    assert.equal(set.chunks.length, 3);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'unknown' && c.retrieverScore === 0.5));
  });

  it('reads a retrieval chain output {input, context}', () => {
    const run = runFixture('langchain/retrieval-chain-output.json');
    expectWinner(run, 'langchain-documents');
    const [set] = run.sets;
    assert.equal(set.query, "Why don't threads speed up my CPU-bound Python code?");
    assert.equal(set.chunks.length, 4);
    assert.deepEqual(set.chunks[3].origin, { itemPath: ['context', 3] });
    expectSourcesCoverTexts(run);
  });
});

describe('stack reader: LangChain labels', () => {
  it('turns boolean relevant / is_relevant metadata into graded labels by chunk id', () => {
    const run = runText(JSON.stringify([
      { id: 'a', page_content: 'Relevant passage about the GIL.', metadata: { is_relevant: true }, type: 'Document' },
      { id: 'b', page_content: 'Unrelated passage about packaging.', metadata: { is_relevant: false }, type: 'Document' },
      { id: 'c', page_content: 'Unjudged passage.', metadata: {}, type: 'Document' },
    ]));
    assert.equal(run.winner.id, 'langchain-documents');
    assert.deepEqual(run.sets[0].labels, { byChunkId: { a: 1, b: 0 } });
  });
});
