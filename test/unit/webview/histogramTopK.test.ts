// The histogram agrees with the kept count when top-k is on (walkthrough finding: about 20 green bars
// beside "5 kept"): a dashed top-k marker at the k-th best score, bars below it drawn as dropped.
import { strict as assert } from 'node:assert';
import { pairScore, sampleRows, sampleState } from '../../../scripts/webviewHarness/sampleState';
import { mountApp, type Harness } from './dom';

const logits = [0.5, 3, -1, 4, -2, 1, -0.5, 2.5];

function bars(t: Harness): { lo: number; hi: number; count: number; above: boolean; below: boolean }[] {
  return [...t.root.querySelectorAll('.histogram .hist-bar')].map((el) => {
    const m = /(\d+) chunks? in \[(-?[\d.]+), (-?[\d.]+)\)/.exec(el.querySelector('title')!.textContent!)!;
    return { count: Number(m[1]), lo: Number(m[2]), hi: Number(m[3]), above: el.classList.contains('above'), below: el.classList.contains('below') };
  });
}

describe('webview: histogram and top-k', () => {
  let t: Harness;
  beforeEach(() => (t = mountApp()));
  afterEach(() => t.close());

  const show = (topK: number | null, threshold: number | null = null) =>
    t.app.handleMessage({
      type: 'state',
      state: sampleState({ rows: sampleRows(logits.length).map((r, i) => ({ ...r, score: pairScore(i, logits[i]) })), status: { phase: 'done', done: logits.length, total: logits.length }, display: 'logit', topK, threshold: { space: 'logit', value: threshold } }),
    });

  it('top-k 2: a marker at the 2nd best score and nothing below it drawn as kept', () => {
    show(2);
    const line = t.root.querySelector('.histogram .topk-line')!;
    assert.equal(line.getAttribute('visibility'), 'visible');
    assert.match(line.textContent!, /Top-2 cutoff: the 2nd best score, 3\.0/);
    const b = bars(t);
    assert.ok(b.length > 0);
    assert.ok(b.filter((x) => x.hi <= 3).every((x) => x.below && !x.above), JSON.stringify(b));
    assert.ok(b.filter((x) => x.count > 0 && x.lo >= 3).every((x) => x.above));
    const keptInAbove = b.filter((x) => x.above).reduce((n, x) => n + x.count, 0);
    assert.ok(keptInAbove <= 2, `${keptInAbove} chunks drawn as kept with top-k 2`);
  });

  it('without top-k (or a k that keeps all) no marker, and the threshold alone colours the bars', () => {
    show(null, 0);
    assert.equal(t.root.querySelector('.histogram .topk-line')!.getAttribute('visibility'), 'hidden');
    const b = bars(t);
    assert.ok(b.filter((x) => x.lo >= 0).every((x) => x.above));
    assert.ok(b.filter((x) => x.hi <= 0).every((x) => x.below));
    show(logits.length);
    assert.equal(t.root.querySelector('.histogram .topk-line')!.getAttribute('visibility'), 'hidden');
    assert.ok(bars(t).every((x) => x.above));
  });

  it('threshold and top-k together: the higher cut wins', () => {
    show(4, 2.8);
    // The 4th best is 1; the threshold 2.8 is higher: bars under 2.8 are dropped.
    assert.ok(bars(t).filter((x) => x.hi <= 2.8).every((x) => x.below));
  });

  it('"Why? Top k" names its k: the panel\'s top-k, 3 when top-k is off', () => {
    show(5);
    assert.equal(t.root.querySelector('button.explain-topk')!.textContent!.trim(), 'Why? Top 5');
    show(null);
    assert.equal(t.root.querySelector('button.explain-topk')!.textContent!.trim(), 'Why? Top 3');
  });
});
