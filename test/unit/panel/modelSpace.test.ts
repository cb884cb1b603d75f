// Issue 15 §3 in the panel: with rerankLens.scoreDisplay 'model' the view shows first what
// CrossEncoder.predict returns for the model (its activation, reported by a finished run); a threshold
// with value null switches space with it, a set threshold keeps its value and space, and only the
// untouched default threshold whose setting says 'model' takes the model's space. The header's tooltip
// says which space is shown and why. Pure state transitions (src/panel/modelSpace.ts, queryRun.ts).
import * as assert from 'node:assert/strict';
import type { PairScore } from '../../../src/core/types';
import { applyModelSpace, displayForSetting, spaceOfActivation, startSpaces, userSettings } from '../../../src/panel/modelSpace';
import { beginRun, finishRun, runEvent, type RunStart } from '../../../src/panel/queryRun';
import type { ScorerInfo } from '../../../src/session/scorer';
import { sampleRows, sampleState } from '../../../scripts/webviewHarness/sampleState';

const SIGMOID = { fn: 'sigmoid', reason: 'config.json: sentence_transformers.activation_fn = torch.nn.modules.activation.Sigmoid (probability)' };
const IDENTITY = { fn: 'identity', reason: 'config.json: sentence_transformers.activation_fn = torch.nn.modules.linear.Identity (raw logit)' };
const score = (index: number, s: number): PairScore => ({ index, score: s, probability: 1 / (1 + Math.exp(-s)), queryTokens: 2, chunkTokens: 5, truncated: false, truncatedAtChar: null, cached: false });
const info: ScorerInfo = { identity: 'local|a', label: 'a', kind: 'local', provider: 'local', model: 'a', meaning: 'logit' };
const MODEL = { scoreDisplay: 'model', defaultThresholdSpace: 'model' } as const;

function fresh(over: Parameters<typeof sampleState>[0] = {}) {
  return sampleState({ rows: sampleRows(3), query: 'q', model: 'a', display: 'logit', threshold: { space: 'logit', value: null }, ...over });
}
function done(s: ReturnType<typeof fresh>, activation?: { fn: string; reason: string }) {
  return finishRun(s, { status: 'done', scored: { setIndex: 0, query: 'q', scorer: info, scores: [score(0, 3), score(1, 1), score(2, -2)], complete: true, elapsedMs: 1, cacheHits: 0, details: { dtype: 'fp32', onnxFile: 'onnx/model.onnx', ...(activation ? { activation } : {}) } } });
}

describe('panel score space follows the model (issue 15 §3)', () => {
  it("the engine's model report before the first batch switches the space at once (no flip at the end of the first run); later reports change nothing", () => {
    const s = fresh();
    startSpaces(s, MODEL, undefined, { kept: false, carried: false });
    const m = runEvent(s, { type: 'progress', progress: { done: 0, total: 3, message: 'a loaded', details: { dtype: 'fp32', activation: SIGMOID } } });
    assert.equal(m?.type, 'state');
    assert.equal(s.display, 'probability');
    assert.deepEqual(s.threshold, { space: 'probability', value: null });
    assert.equal(runEvent(s, { type: 'progress', progress: { done: 0, total: 3, details: { activation: SIGMOID } } }), undefined, 'known space: nothing to post');
    // A report without a usable activation (a rerank server) posts nothing and changes nothing.
    const r = fresh();
    startSpaces(r, MODEL, undefined, { kept: false, carried: false });
    assert.equal(runEvent(r, { type: 'progress', progress: { done: 0, total: 3, details: { activation: { fn: 7 } } } }), undefined);
    assert.equal(r.display, 'logit');
  });


  it('activation -> space: Identity is the logit, Sigmoid and Softmax the probability', () => {
    assert.equal(spaceOfActivation(IDENTITY), 'logit');
    assert.equal(spaceOfActivation(SIGMOID), 'probability');
    assert.equal(spaceOfActivation({ fn: 'softmax', reason: '' }), 'probability');
  });

  it("'model': a new panel starts in the logit, and a Sigmoid model's run switches the display and a null threshold to the probability; the tooltip says why", () => {
    const s = fresh();
    startSpaces(s, MODEL, undefined, { kept: false, carried: false });
    assert.equal(s.display, 'logit');
    assert.equal(s.displayFollowsModel, true);
    done(s, SIGMOID);
    assert.equal(s.display, 'probability');
    assert.deepEqual(s.threshold, { space: 'probability', value: null });
    assert.equal(s.modelSpace, 'probability');
    assert.match(s.modelFactsTitle!, /CrossEncoder\.predict applies sigmoid: config\.json/);
    assert.match(s.modelFactsTitle!, /The panel shows the probability first: rerankLens\.scoreDisplay is "model", what CrossEncoder\.predict returns for this model\./);
    // The next input of the same model starts in its space at once.
    const next = fresh();
    startSpaces(next, MODEL, s, { kept: false, carried: false });
    assert.equal(next.display, 'probability');
    assert.deepEqual(next.threshold, { space: 'probability', value: null });
  });

  it('a set threshold keeps its value and space when the display switches (the number is never reinterpreted)', () => {
    const s = fresh({ threshold: { space: 'logit', value: 1.5 } });
    startSpaces(s, MODEL, undefined, { kept: false, carried: true });
    done(s, SIGMOID);
    assert.equal(s.display, 'probability');
    assert.deepEqual(s.threshold, { space: 'logit', value: 1.5 });
  });

  it("the default threshold with defaultThresholdSpace 'model' is a number in the model's space; once moved in the panel it stays put", () => {
    const s = fresh({ threshold: { space: 'logit', value: 0.7 } });
    startSpaces(s, MODEL, undefined, { kept: false, carried: false });
    assert.equal(s.thresholdFollowsModel, true);
    done(s, SIGMOID);
    assert.deepEqual(s.threshold, { space: 'probability', value: 0.7 });
    // The user drags it: from now on it is the user's number.
    userSettings(s, 'probability', { space: 'probability', value: 0.8 });
    s.threshold = { space: 'probability', value: 0.8 };
    assert.equal(s.thresholdFollowsModel, undefined);
    done(s, IDENTITY);
    assert.equal(s.display, 'logit');
    assert.deepEqual(s.threshold, { space: 'probability', value: 0.8 });
  });

  it("fixed settings: 'logit' / 'probability' never follow; the tooltip names the model's space beside the shown one", () => {
    const s = fresh();
    startSpaces(s, { scoreDisplay: 'probability', defaultThresholdSpace: 'logit' }, undefined, { kept: false, carried: false });
    assert.equal(s.display, 'probability');
    assert.equal(s.displayFollowsModel, undefined);
    done(s, IDENTITY);
    assert.equal(s.display, 'probability');
    assert.deepEqual(s.threshold, { space: 'logit', value: null });
    assert.match(s.modelFactsTitle!, /shows the probability first .*CrossEncoder\.predict returns the raw logit for this model/);
  });

  it('the user picking a space in the panel stops the following; the setting changed back to model resumes it', () => {
    const s = fresh();
    startSpaces(s, MODEL, undefined, { kept: false, carried: false });
    done(s, SIGMOID);
    userSettings(s, 'logit', s.threshold);
    s.display = 'logit';
    assert.equal(s.displayFollowsModel, undefined);
    done(s, SIGMOID);
    assert.equal(s.display, 'logit', 'the user\'s choice holds over the next run');
    displayForSetting(s, 'model');
    assert.equal(s.display, 'probability');
    assert.equal(s.displayFollowsModel, true);
    displayForSetting(s, 'logit');
    assert.equal(s.display, 'logit');
    assert.equal(s.displayFollowsModel, undefined);
  });

  it('a model switch: the new model\'s remembered threshold keeps its space; its default one follows; a scorer without activation leaves the display', () => {
    const s = fresh();
    startSpaces(s, MODEL, undefined, { kept: false, carried: false });
    done(s, SIGMOID);
    const start = (t: RunStart['thresholdFor']): RunStart => ({ query: 'q', model: 'b', dtype: 'fp32', thresholdFor: t, noteFor: () => undefined });
    beginRun(s, start(() => ({ space: 'logit', value: 2 })));
    assert.deepEqual(s.threshold, { space: 'logit', value: 2 });
    assert.equal(s.modelSpace, undefined, 'the new model\'s space is not known yet');
    const t = fresh();
    startSpaces(t, MODEL, undefined, { kept: false, carried: false });
    done(t, SIGMOID);
    beginRun(t, start(() => ({ space: 'logit', value: 0.4, followsModel: true })));
    assert.deepEqual(t.threshold, { space: 'probability', value: 0.4 }, 'in the shown space until the run says');
    done(t, IDENTITY);
    assert.equal(t.display, 'logit');
    assert.deepEqual(t.threshold, { space: 'logit', value: 0.4 });
    applyModelSpace(t, undefined);
    assert.equal(t.display, 'logit');
    assert.equal(t.modelSpace, undefined);
  });
});
