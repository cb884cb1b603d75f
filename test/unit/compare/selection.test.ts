// What a Compare Scorers pick may hold, and what is ticked at first (walkthrough round 2: with a server
// configured, ticking it beside the preselected fp32 and q8 made four and the picker closed unexplained).
import { strict as assert } from 'node:assert';
import { compareSelectionProblem, initialComparePicks } from '../../../src/core/compare/selection';

describe('compare: the scorer pick', () => {
  it('two or three scorers, optionally with the retriever; otherwise a sentence saying what to change', () => {
    assert.equal(compareSelectionProblem(['local:m@fp32', 'local:m@q8']), undefined);
    assert.equal(compareSelectionProblem(['local:m@fp32', 'tei:http://x', 'cohere:#r', 'retriever']), undefined);
    assert.equal(compareSelectionProblem(['local:m@fp32', 'retriever']), undefined);
    assert.match(compareSelectionProblem(['a', 'b', 'c', 'd'])!, /^4 scorers picked: the view compares at most three\. Untick 1\.$/);
    assert.match(compareSelectionProblem(['a', 'b', 'c', 'd', 'retriever'])!, /4 scorers picked and the retriever's order/);
    assert.match(compareSelectionProblem(['a'])!, /Pick two or three scorers .*; 1 picked\./);
    assert.match(compareSelectionProblem(['retriever'])!, /0 picked and the retriever's order/);
    assert.match(compareSelectionProblem([])!, /0 picked/);
  });

  it('ticks fp32 and q8 of the local model, or fp32 and the configured rerank server', () => {
    const all = ['local:m@fp32', 'local:m@q8', 'tei:http://gpu:8080', 'retriever'];
    assert.deepEqual(initialComparePicks(all, 'local:m@fp32', 'local:m@q8', ''), ['local:m@fp32', 'local:m@q8']);
    assert.deepEqual(initialComparePicks(all, 'local:m@fp32', 'local:m@q8', 'tei:http://gpu:8080'), ['local:m@fp32', 'tei:http://gpu:8080']);
    assert.deepEqual(initialComparePicks(all, 'local:m@fp32', 'local:m@q8', 'local:other'), ['local:m@fp32', 'local:m@q8']);
  });
});
