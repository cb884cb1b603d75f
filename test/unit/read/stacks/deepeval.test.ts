import { strict as assert } from 'assert';
import { readText } from '../../../../src/core/read/index';
import { expectSourcesCoverTexts, expectWinner, runFixture, sliceSource, warnings } from './helpers';

describe('stack reader: DeepEval test cases', () => {
  it('reads one set per test case: input as query, retrieval_context in order, expected output and context as labels', () => {
    const run = runFixture('deepeval/test-cases.json');
    expectWinner(run, 'deepeval-test-cases');
    assert.equal(run.sets.length, 2);
    const [a, b] = run.sets;
    assert.equal(a.query, "What if these shoes don't fit?");
    assert.equal(sliceSource(run, a.querySource), "What if these shoes don't fit?");
    assert.deepEqual(a.chunks.map((c) => c.text), ['Only shoes can be refunded.', 'All customers are eligible for a 30 day full refund at no extra cost.', 'Gift cards cannot be exchanged for cash.']);
    assert.ok(a.chunks.every((c) => c.retrieverScore === undefined && c.scoreKind === 'unknown'));
    assert.deepEqual(a.labels, { groundTruth: "You're eligible for a 30 day refund at no extra cost.", referenceContexts: ['All customers are eligible for a 30 day full refund at no extra cost.'] });
    assert.deepEqual(a.chunks[2].origin, { columnPath: [0, 'retrieval_context'], columnIndex: 2 });
    assert.equal(b.chunks.length, 2);
    assert.deepEqual(b.labels, { groundTruth: 'Yes, we ship to Canada in 5-7 business days.' });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads camelCase Confident AI exports wrapped in {goldens}', () => {
    const r = readText(JSON.stringify({ goldens: [{ input: 'q?', retrievalContext: ['First.', 'Second.'], expectedOutput: 'A.' }] }));
    assert.equal(r.format, 'deepeval-test-cases');
    assert.deepEqual(r.sets[0].chunks.map((c) => c.text), ['First.', 'Second.']);
    assert.equal(r.sets[0].labels?.groundTruth, 'A.');
  });
});
