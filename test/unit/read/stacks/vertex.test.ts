import { strict as assert } from 'assert';
import { readText } from '../../../../src/core/read/index';
import { expectSourcesCoverTexts, expectWinner, runFixture, warnings } from './helpers';

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
