// The "Why?" view's protocol (src/panel/explain/protocol.ts): the host accepts only well-formed
// requests from the (untrusted) webview, and the webview renders only explanations whose offsets fit
// the text they index. The explanation used here is built by the real planner (core/explain) with
// scores from a fixed function, so its shape is exactly what the session produces.
import { strict as assert } from 'node:assert';
import { faithfulness, planBasic, sentenceEffects, termEffects } from '../../../src/core/explain';
import { forView, costOf } from '../../../src/panel/explain/explainHost';
import { isExplainType, MAX_TOP_K, parseExplainHostMessage, parseExplainWebviewMessage, type ExplainedRow } from '../../../src/panel/explain/protocol';

const TEXT = 'Refresh tokens rotate on every use. A reused token revokes the family. Access tokens live ten minutes.';
const QUERY = 'what happens when a refresh token is reused';

/** A deterministic "score": longer texts with the word "reused" score higher (any function works). */
const fakeScore = (q: string, t: string) => t.length / 50 + (t.includes('reused') ? 2 : 0) + (q.includes('reused') ? 1 : 0);

export function sampleExplained(row = 3): ExplainedRow {
  const plan = planBasic(TEXT, QUERY, { terms: true });
  const sentences = sentenceEffects(plan, (t) => fakeScore(QUERY, t));
  const full = fakeScore(QUERY, TEXT);
  const faith = faithfulness(TEXT, plan.sentences, sentences, 1, (t) => fakeScore(QUERY, t));
  return forView({
    chunkId: 'c3', text: TEXT, query: QUERY, fullScore: full, fullProbability: 1 / (1 + Math.exp(-full)), truncatedAtChar: null,
    sentences, terms: termEffects(plan, full, (q) => fakeScore(q, TEXT)), ...(faith ? { faithfulness: faith } : {}),
    pairs: { sentences: 4, terms: 8, windows: 0, curve: 3, total: 15 },
  }, row);
}

describe('explain protocol: webview -> host', () => {
  it('accepts a row request, a top-k request, a confirmation and a cancel', () => {
    assert.deepEqual(parseExplainWebviewMessage({ type: 'explainRequest', requestId: 1, index: 4 }), { type: 'explainRequest', requestId: 1, index: 4 });
    assert.deepEqual(parseExplainWebviewMessage({ type: 'explainRequest', requestId: 2, topK: 5, confirmed: true }), { type: 'explainRequest', requestId: 2, topK: 5, confirmed: true });
    assert.deepEqual(parseExplainWebviewMessage({ type: 'explainCancel', requestId: 2 }), { type: 'explainCancel', requestId: 2 });
    // confirmed: false is the same as absent.
    assert.deepEqual(parseExplainWebviewMessage({ type: 'explainRequest', requestId: 0, index: 0, confirmed: false }), { type: 'explainRequest', requestId: 0, index: 0 });
  });

  it('rejects malformed requests', () => {
    const bad = [
      null, 'explainRequest', [], { type: 'explainRequest', index: 1 }, { type: 'explainRequest', requestId: -1, index: 1 },
      { type: 'explainRequest', requestId: 1.5, index: 1 }, { type: 'explainRequest', requestId: 1 },
      { type: 'explainRequest', requestId: 1, index: 1, topK: 2 }, { type: 'explainRequest', requestId: 1, index: -1 },
      { type: 'explainRequest', requestId: 1, index: '1' }, { type: 'explainRequest', requestId: 1, topK: 0 },
      { type: 'explainRequest', requestId: 1, topK: MAX_TOP_K + 1 }, { type: 'explainRequest', requestId: 1, index: 1, confirmed: 'yes' },
      { type: 'explainCancel' }, { type: 'explainNope', requestId: 1 }, { type: 'explainRequest', requestId: 1, index: Number.NaN },
    ];
    for (const b of bad) assert.equal(parseExplainWebviewMessage(b), undefined, JSON.stringify(b));
  });

  it('routes on the explain prefix only', () => {
    assert.equal(isExplainType({ type: 'explainAnything' }), true);
    assert.equal(isExplainType({ type: 'rerun' }), false);
    assert.equal(isExplainType({ type: 'labShow' }), false);
    assert.equal(isExplainType('explainRequest'), false);
  });
});

describe('explain protocol: host -> webview', () => {
  it('accepts cost, progress, a full result and errors', () => {
    const cost = { sentences: 4, terms: 8, windows: 0, curve: 3, total: 15, exact: false };
    assert.ok(parseExplainHostMessage({ type: 'explainCost', requestId: 1, rows: [3], cost, needsConfirm: false }));
    assert.ok(parseExplainHostMessage({ type: 'explainProgress', requestId: 1, phase: 'terms', done: 3, total: 15 }));
    const result = { type: 'explainResult', requestId: 1, explanations: [sampleExplained()], scorerLabel: 'tiny', meaning: 'logit', pairs: 15, cacheHits: 0, elapsedMs: 12 };
    assert.deepEqual(parseExplainHostMessage(JSON.parse(JSON.stringify(result))), result);
    assert.deepEqual(parseExplainHostMessage({ type: 'explainError', requestId: 1, message: 'x', cancelled: true }), { type: 'explainError', requestId: 1, message: 'x', cancelled: true });
  });

  it('forView drops the modified texts and keeps every number', () => {
    const e = sampleExplained();
    assert.ok(e.sentences.every((s) => !('textWithout' in s)));
    assert.ok(e.terms!.every((t) => !('queryWithout' in t)));
    assert.equal(e.sentences.length, 3);
    assert.equal(e.row, 3);
  });

  it('rejects explanations whose offsets do not fit their text, bad curves, and bad numbers', () => {
    const wrap = (x: unknown) => ({ type: 'explainResult', requestId: 1, explanations: [x], scorerLabel: 'tiny', meaning: 'logit', pairs: 1, cacheHits: 0, elapsedMs: 1 });
    const good = sampleExplained();
    assert.ok(parseExplainHostMessage(wrap(good)));
    const broken: [string, (e: ExplainedRow) => unknown][] = [
      ['sentence past the text', (e) => ({ ...e, sentences: [{ ...e.sentences[0], end: TEXT.length + 1 }] })],
      ['start after end', (e) => ({ ...e, sentences: [{ ...e.sentences[0], start: 10, end: 5 }] })],
      ['term past the query', (e) => ({ ...e, terms: [{ ...e.terms![0], end: QUERY.length + 5 }] })],
      ['NaN effect', (e) => ({ ...e, sentences: [{ ...e.sentences[0], effect: Number.NaN }] })],
      ['curve of the wrong length', (e) => ({ ...e, faithfulness: { ...e.faithfulness!, deletion: { ...e.faithfulness!.deletion, scores: [1] } } })],
      ['truncation past the text', (e) => ({ ...e, truncatedAtChar: TEXT.length + 1 })],
      ['text not a string', (e) => ({ ...e, text: 42 })],
      ['no pairs', (e) => ({ ...e, pairs: undefined })],
      ['window best out of range', (e) => ({ ...e, windows: { budgetTokens: 10, windows: [], best: 0, bestCutOff: false } })],
    ];
    for (const [what, make] of broken) assert.equal(parseExplainHostMessage(wrap(make(good))), undefined, what);
    assert.equal(parseExplainHostMessage({ type: 'explainCost', requestId: 1, rows: [-1], cost: { sentences: 1, terms: 0, windows: 0, curve: 0, total: 1, exact: true }, needsConfirm: false }), undefined);
    assert.equal(parseExplainHostMessage({ type: 'explainProgress', requestId: 1, phase: 'other', done: 1, total: 2 }), undefined);
    assert.equal(parseExplainHostMessage({ type: 'explainError', requestId: 1, message: 'x' }), undefined);
  });
});

describe('explain host: cost before anything is scored', () => {
  it('counts sentences + 1, query words, curve bound, and windows only for truncated rows', () => {
    const score = { score: 1, probability: 0.7, truncated: false, truncatedAtChar: null, queryTokens: 9, chunkTokens: 20, index: 0, cached: false };
    const c = costOf([{ text: TEXT, score }], QUERY);
    // 3 sentences: full + 3 occlusions; 8 query words; curve 2N - 3 = 3; no windows (not truncated).
    assert.deepEqual(c, { sentences: 4, terms: 8, windows: 0, curve: 3, total: 15, exact: false });
    const long = `${TEXT} `.repeat(60);
    const truncated = costOf([{ text: long, score: { ...score, truncated: true, truncatedAtChar: 400 } }], QUERY);
    assert.ok(truncated.windows > 0, 'a truncated row gets windows');
    assert.equal(truncated.total, truncated.sentences + truncated.terms + truncated.windows + truncated.curve);
  });
});
