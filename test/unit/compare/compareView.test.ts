// The compare view (media/app.ts + media/compare/) on happy-dom, fed through the app's real message
// entry, and its protocol validators both ways. Numbers on screen are checked against core/compare
// computed independently here; chunk markup stays text.
import { strict as assert } from 'node:assert';
import { kendallTau, translateByRecall, translateByShare } from '../../../src/core/compare/index';
import { parseCompareHostMessage, parseCompareWebviewMessage, type CompareData } from '../../../src/panel/compare/protocol';
import { sampleState } from '../../../scripts/webviewHarness/sampleState';
import { mountApp, type Harness } from '../webview/dom';

const A = [3.2, 1.1, -0.5, 2.4, -2.0, 0.3];
const B = [0.9, 0.4, 0.2, 0.7, 0.05, 0.6];
const TEXTS = ['alpha chunk', 'beta chunk', '<img src=x onerror=alert(1)>', 'delta chunk', 'epsilon chunk', 'zeta chunk'];
const QRELS = { c0: 2, c1: 0, c3: 1, c5: 1 };

function data(): CompareData {
  return {
    sourceLabel: 'labelled.jsonl',
    scope: 'set',
    scorers: [
      { name: 'A', label: 'tiny-bert (fp32)', kind: 'local', meaning: 'logit' },
      { name: 'B', label: 'tei @ gpu:8080', kind: 'remote', meaning: 'probability' },
    ],
    sets: [{ setIndex: 0, query: 'q', chunks: TEXTS.map((text, i) => ({ id: `c${i}`, text, originalRank: i + 1 })), qrels: QRELS, scores: [A, B] }],
  };
}

describe('compare protocol', () => {
  it('accepts well-formed host messages and refuses wrong shapes', () => {
    assert.ok(parseCompareHostMessage({ type: 'compare', data: data() }));
    const bad = data();
    bad.sets[0].scores[1] = [1, 2];
    assert.equal(parseCompareHostMessage({ type: 'compare', data: bad }), undefined, 'a score row of the wrong length');
    const one = data();
    one.scorers = one.scorers.slice(0, 1);
    assert.equal(parseCompareHostMessage({ type: 'compare', data: one }), undefined, 'one scorer');
    assert.equal(parseCompareHostMessage({ type: 'compare', data: { ...data(), scorers: [{ name: 'A', label: 'x', kind: 'local', meaning: 'nonsense' }, data().scorers[1]] } }), undefined);
    assert.ok(parseCompareHostMessage({ type: 'compareStatus', status: { phase: 'scoring', scorer: 0, pairsDone: 1, pairsTotal: 6 } }));
    assert.equal(parseCompareHostMessage({ type: 'compareStatus', status: { phase: 'scoring', scorer: 0.5, pairsDone: 1, pairsTotal: 6 } }), undefined);
    assert.ok(parseCompareHostMessage({ type: 'compareMode', mode: 'closed' }));
    assert.equal(parseCompareHostMessage({ type: 'compareMode', mode: 'other' }), undefined);
  });

  it('webview messages: only the known types, nothing else passes', () => {
    assert.deepEqual(parseCompareWebviewMessage({ type: 'compareCancel', extra: 1 }), { type: 'compareCancel' });
    assert.deepEqual(parseCompareWebviewMessage({ type: 'compareClose' }), { type: 'compareClose' });
    assert.deepEqual(parseCompareWebviewMessage({ type: 'compareAgain' }), { type: 'compareAgain' });
    assert.deepEqual(parseCompareWebviewMessage({ type: 'compareSetKey', key: 'x' }), { type: 'compareSetKey' });
    assert.equal(parseCompareWebviewMessage({ type: 'compareRun', scorers: ['x'] }), undefined);
    assert.equal(parseCompareWebviewMessage('compareCancel'), undefined);
  });
});

describe('compare view (happy-dom)', () => {
  let hx: Harness;
  beforeEach(() => {
    hx = mountApp();
    hx.app.handleMessage({ type: 'compare', data: data() });
  });
  afterEach(() => hx.close());
  const q = (sel: string) => hx.root.querySelector(sel) as HTMLElement;
  const cells = (sel: string) => [...hx.root.querySelectorAll(`${sel} tbody tr`)].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''));

  it('shows over the per-query view, names each scorer with what its number means', () => {
    assert.equal(q('.compare-view').hidden, false);
    assert.equal(hx.app.header.el.hidden, true);
    const legend = q('.cmp-legend').textContent ?? '';
    assert.match(legend, /A tiny-bert \(fp32\) \[raw logit\]/);
    assert.match(legend, /B tei @ gpu:8080 \[probability\]/);
    assert.match(legend, /different meanings/);
  });

  it("agreement: Kendall's tau and top-k overlap as core/compare computes them", () => {
    const [row] = cells('.cmp-agreement-table');
    assert.equal(row[0], 'A vs B');
    assert.equal(row[1], String(Number(kendallTau(A, B).toFixed(3))));
    assert.equal(row[3], '100.0%', 'top-10 of 6 chunks: all of them');
  });

  it('threshold translation: same share and same recall for a typed threshold on A', () => {
    const input = q('.cmp-threshold') as HTMLInputElement;
    input.value = '1';
    input.dispatchEvent(new hx.window.Event('change') as unknown as Event);
    const share = translateByShare(A, B, 1);
    const relevant = TEXTS.map((_, i) => ((QRELS as Record<string, number>)[`c${i}`] ?? 0) >= 1);
    const rec = translateByRecall(A, B, relevant, 1);
    assert.match(q('.cmp-source').textContent ?? '', new RegExp(`A ≥ 1 keeps ${share.source.kept} chunks`));
    const [row] = cells('.cmp-translation-table');
    // Table columns keep fixed decimals (0.6000 beside 0.6123), the sentence above a short number.
    assert.deepEqual(row.slice(0, 3), ['B', share.target.threshold.toFixed(4), String(share.target.kept)]);
    assert.equal(row[3], rec.target.threshold.toFixed(4));
    assert.equal(row[4], String(rec.target.kept));
  });

  it('metrics with labels, scatter points, ranks side by side; chunk markup stays text', () => {
    const m = cells('.cmp-metrics-table');
    assert.deepEqual(m.map((r) => r[0]), ['retriever', 'A', 'B']);
    assert.match(m[2][4], /^-?\d.*\[.*\]$/, 'B - A with its interval');
    assert.equal(hx.root.querySelectorAll('.cmp-scatter circle').length, 6);
    assert.equal(hx.root.querySelectorAll('.cmp-scatter circle.cmp-rel').length, 3);
    const ranks = cells('.cmp-ranks-table');
    assert.equal(ranks[0][1], '#1 (3.2)', 'A ranks chunk 0 first');
    // The chunks they disagree on most name their query, not a bare set number.
    const dis = cells('.cmp-disagree-table');
    assert.ok(dis.length > 0 && dis.every((r) => r[0] === '1. q'), JSON.stringify(dis));
    assert.equal(hx.root.querySelector('.compare-view img'), null);
    assert.ok(ranks.some((r) => r[r.length - 1] === '<img src=x onerror=alert(1)>'));
  });

  it('Back and Cancel post their messages; compareMode closed restores the per-query view', () => {
    (q('.cmp-close') as HTMLButtonElement).click();
    hx.app.handleMessage({ type: 'compareStatus', status: { phase: 'scoring', scorer: 1, pairsDone: 2, pairsTotal: 6 } });
    assert.match(q('.cmp-status').textContent ?? '', /Scoring with B: 2\/6 pairs/);
    (q('.cmp-cancel') as HTMLButtonElement).click();
    assert.deepEqual(hx.posted.slice(-2), [{ type: 'compareClose' }, { type: 'compareCancel' }]);
    hx.app.handleMessage({ type: 'compareMode', mode: 'closed' });
    assert.equal(q('.compare-view').hidden, true);
  });

  it('a failure offers Compare Again, and Set API Key when a key fixes it; a run in progress offers neither', () => {
    hx.app.handleMessage({ type: 'compareStatus', status: { phase: 'scoring', scorer: 1, pairsDone: 0, pairsTotal: 6 } });
    assert.equal(q('.cmp-set-key').hidden, true);
    assert.equal(q('.cmp-again').hidden, true);
    hx.app.handleMessage({ type: 'compareStatus', status: { phase: 'error', scorer: 1, pairsDone: 0, pairsTotal: 6, message: 'cohere server refused the API key (401).', hint: 'Set a valid key.', needsKey: true } });
    assert.equal(q('.cmp-set-key').hidden, false);
    assert.equal(q('.cmp-again').hidden, false);
    (q('.cmp-set-key') as HTMLButtonElement).click();
    (q('.cmp-again') as HTMLButtonElement).click();
    assert.deepEqual(hx.posted.slice(-2), [{ type: 'compareSetKey' }, { type: 'compareAgain' }]);
    hx.app.handleMessage({ type: 'compareStatus', status: { phase: 'error', scorer: 1, pairsDone: 0, pairsTotal: 6, message: 'refused the connection.' } });
    assert.equal(q('.cmp-set-key').hidden, true, 'no key button when a key does not fix it');
    assert.equal(q('.cmp-again').hidden, false);
  });
});

describe('panel header: what the scorer\'s number means (issue 10)', () => {
  it('a rerank server shows by its label with its meaning; the local model says raw logit', async () => {
    const hx = mountApp();
    try {
      hx.app.handleMessage({ type: 'state', state: sampleState({ scorerLabel: 'tei @ gpu-box:8080', scorerMeaning: 'probability' }) });
      const button = hx.root.querySelector('.link-button.model') as HTMLElement;
      assert.match(button.textContent ?? '', /tei @ gpu-box:8080 · probability/);
      assert.match(button.title, /Scores from tei @ gpu-box:8080/);
      hx.app.handleMessage({ type: 'state', state: sampleState({ scorerMeaning: 'logit' }) });
      assert.match(button.textContent ?? '', / · raw logit$/);
      assert.doesNotMatch(button.textContent ?? '', /tei/);
    } finally {
      await hx.close();
    }
  });
});
