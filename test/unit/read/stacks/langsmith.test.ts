import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture, sliceSource, warnings } from './helpers';

describe('stack reader: LangSmith retriever runs', () => {
  it('reads a retriever run: inputs.query and outputs.documents (reranker scores in metadata)', () => {
    const run = runFixture('langsmith/retriever-run.json');
    expectWinner(run, 'langsmith-retriever-runs');
    const [set] = run.sets;
    assert.equal(set.query, 'how do I roll back a deployment');
    assert.equal(sliceSource(run, set.querySource), 'how do I roll back a deployment');
    assert.equal(set.queryId, '3f0c9a2e-7b61-4d8e-a5c4-19e2b7d03f6a');
    assert.equal(set.chunks.length, 3);
    assert.deepEqual(set.chunks.map((c) => c.id), ['#1', '#2', '#3']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.9634, 0.8811, 0.5127]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.match(set.chunks[0].text, /kubectl rollout undo/);
    assert.deepEqual(set.chunks[2].origin, { itemPath: ['outputs', 'documents', 2] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('finds the retriever run nested in a trace', () => {
    const run = runFixture('langsmith/trace-with-child-runs.json');
    expectWinner(run, 'langsmith-retriever-runs');
    assert.equal(run.sets.length, 1);
    assert.equal(run.sets[0].chunks.length, 3);
    assert.deepEqual(run.sets[0].chunks[0].origin, { itemPath: ['child_runs', 0, 'child_runs', 0, 'outputs', 'documents', 0] });
    expectSourcesCoverTexts(run);
  });

  it('reads one set per run from JSONL', () => {
    const run = runFixture('langsmith/runs.jsonl');
    expectWinner(run, 'langsmith-retriever-runs');
    assert.deepEqual(run.sets.map((s) => s.query), ['how do I roll back a deployment', 'how to see rollout history']);
    assert.match(run.sets[1].chunks[0].text, /^kubectl rollout history/);
    expectSourcesCoverTexts(run);
  });
});
