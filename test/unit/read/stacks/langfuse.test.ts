import { strict as assert } from 'assert';
import { readText } from '../../../../src/core/read/index';
import { expectSourcesCoverTexts, expectWinner, runFixture, sliceSource, warnings } from './helpers';

describe('stack reader: Langfuse retriever observations', () => {
  it('reads the retriever observation of an observations API page: query from input, scores from document metadata', () => {
    const run = runFixture('langfuse/observations-api.json');
    expectWinner(run, 'langfuse-retriever-observations');
    assert.equal(run.sets.length, 1);
    const [set] = run.sets;
    assert.equal(set.name, 'VectorStoreRetriever');
    assert.equal(set.query, 'How do I rotate an API key?');
    assert.equal(sliceSource(run, set.querySource), 'How do I rotate an API key?');
    assert.equal(set.chunks.length, 3);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.91, 0.84, 0.77]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.equal(set.chunks[2].metadata.source, 'docs/limits.md');
    assert.equal(set.chunks[2].metadata.relevance_score, undefined);
    assert.deepEqual(set.chunks[0].origin, { itemPath: ['data', 1, 'output', 0] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads a trace with several retriever spans ({documents} output), one named set each', () => {
    const trace = { id: 't1', name: 'rag', observations: [
      { id: 'o1', traceId: 't1', type: 'SPAN', name: 'bm25-retriever', input: { query: 'key rotation' }, output: { documents: [{ content: 'Rotate keys monthly.' }, { content: 'Keys expire.' }] } },
      { id: 'o2', traceId: 't1', type: 'SPAN', name: 'dense-retriever', input: { query: 'key rotation' }, output: { documents: [{ content: 'Create a new key first.' }] } },
      { id: 'o3', traceId: 't1', type: 'GENERATION', name: 'llm', input: 'x', output: 'y' },
    ] };
    const r = readText(JSON.stringify(trace));
    assert.equal(r.format, 'langfuse-retriever-observations');
    assert.deepEqual(r.sets.map((s) => [s.name, s.queryId, s.query, s.chunks.map((c) => c.text)]), [
      ['bm25-retriever', 'o1', 'key rotation', ['Rotate keys monthly.', 'Keys expire.']],
      ['dense-retriever', 'o2', 'key rotation', ['Create a new key first.']],
    ]);
  });
});
