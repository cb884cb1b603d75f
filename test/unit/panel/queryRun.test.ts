// The per-query view's run as state transitions (src/panel/queryRun.ts), without VS Code: a model
// switch keeps the last good results marked until the new model has scored, streamed batches are
// applied only when they belong on screen, and each outcome leaves the status the view must show.
import * as assert from 'node:assert/strict';
import type { PairScore } from '../../../src/core/types';
import { beginRun, finishRun, runEvent, type RunStart } from '../../../src/panel/queryRun';
import { ScorerFailure, type ScorerInfo } from '../../../src/session/scorer';
import { sampleRows, sampleState } from '../../../scripts/webviewHarness/sampleState';

const score = (index: number, s: number): PairScore => ({ index, score: s, probability: 1 / (1 + Math.exp(-s)), queryTokens: 2, chunkTokens: 5, truncated: false, truncatedAtChar: null, cached: false });
const info: ScorerInfo = { identity: 'local|b|fp32|auto', label: 'b', kind: 'local', provider: 'local', model: 'b', meaning: 'logit' };
const start = (over: Partial<RunStart> = {}): RunStart => ({ query: 'q', model: 'a', dtype: 'fp32', thresholdFor: () => ({ space: 'logit', value: 1.5 }), noteFor: () => undefined, ...over });

function scoredState() {
  const s = sampleState({ rows: sampleRows(3), query: 'q', model: 'a' });
  s.rows.forEach((r, i) => (r.score = score(i, i)));
  return s;
}

describe('per-query run transitions', () => {
  it('a new query clears the scores; a new model keeps them marked as the previous model\'s and takes its own threshold', () => {
    const s = scoredState();
    beginRun(s, start({ query: 'other' }));
    assert.ok(s.rows.every((r) => r.score === undefined));
    assert.equal(s.status.phase, 'loading-model');
    const t = scoredState();
    beginRun(t, start({ model: 'b', noteFor: (m) => (m === 'b' ? 'test model, scores are meaningless' : undefined) }));
    assert.equal(t.scoresFrom, 'a');
    assert.ok(t.rows.every((r) => r.score !== undefined), 'the last good results stay');
    assert.deepEqual(t.threshold, { space: 'logit', value: 1.5 });
    assert.equal(t.modelNote, 'test model, scores are meaningless');
  });

  it('batches go on the rows only when no previous model\'s results are shown; a download updates the status', () => {
    const s = scoredState();
    beginRun(s, start({ query: 'new' }));
    const m = runEvent(s, { type: 'batch', scores: [score(1, 7)], progress: { done: 1, total: 3 } });
    assert.equal(m?.type, 'scores');
    assert.equal(s.rows[1].score?.score, 7);
    const t = scoredState();
    beginRun(t, start({ model: 'b' }));
    assert.equal(runEvent(t, { type: 'batch', scores: [score(1, 7)], progress: { done: 1, total: 3 } })?.type, 'status');
    assert.equal(t.rows[1].score?.score, 1, 'no mixing of two models on screen');
    const d = runEvent(t, { type: 'progress', progress: { done: 0, total: 0, download: { file: 'onnx/model.onnx', status: 'progress', percent: 40 } } });
    assert.deepEqual(d, { type: 'status', status: { phase: 'downloading', done: 0, total: 3, file: 'onnx/model.onnx', percent: 40 } });
  });

  it('done replaces the marked results and names the weights file and activation; failed keeps them; cancel and superseded', () => {
    const s = scoredState();
    beginRun(s, start({ model: 'b' }));
    const scored = { setIndex: 0, query: 'q', scorer: info, scores: [score(0, 9), score(1, 8), score(2, 7)], complete: true, elapsedMs: 5, cacheHits: 0, details: { dtype: 'q8', onnxFile: 'onnx/model_quint8_avx2.onnx', activation: { fn: 'sigmoid', reason: 'config.json' }, warnings: ['all scores equal'] } };
    const end = finishRun(s, { status: 'done', scored });
    assert.equal(s.scoresFrom, undefined);
    assert.deepEqual(s.rows.map((r) => r.score?.score), [9, 8, 7]);
    assert.equal(s.modelFacts, 'q8 (onnx/model_quint8_avx2.onnx) · sentence-transformers: sigmoid');
    assert.equal(s.status.message, 'all scores equal');
    assert.equal(end.scorerIdentity, info.identity);
    const f = scoredState();
    f.modelFacts = 'fp32 (onnx/model.onnx) · sentence-transformers: identity';
    f.modelFactsTitle = 'Weights: onnx/model.onnx';
    beginRun(f, start({ model: 'b' }));
    assert.equal(f.modelFacts, undefined, "model a's weights file is not b's (a failed load must not show it)");
    assert.equal(f.modelFactsTitle, undefined);
    const failed = finishRun(f, { status: 'failed', error: new ScorerFailure('model', 'No such model.', 'Select another.'), scored: { ...scored, scores: [undefined, undefined, undefined], complete: false } });
    assert.equal(failed.failure?.message, 'No such model.');
    assert.equal(f.scoresFrom, 'a', 'a failed switch keeps the last good results marked');
    assert.equal(f.status.phase, 'error');
    assert.equal(failed.message?.type, 'state');
    // The same model and dtype again (a new query): its facts stay.
    const same = scoredState();
    same.modelFacts = 'fp32 (onnx/model.onnx)';
    beginRun(same, start({ query: 'another' }));
    assert.equal(same.modelFacts, 'fp32 (onnx/model.onnx)');
    assert.deepEqual(finishRun(scoredState(), { status: 'superseded' }), {});
    assert.equal(finishRun(scoredState(), { status: 'cancelled', scored }).cancelled, true);
  });
});
