import { strict as assert } from 'node:assert';
import type { CompareSet } from '../../../src/core/compare/index';
import { agreement, compareScorers, kendallTau, mostDisagreeing, pairedBootstrap, rankedIds, ranksOf, scorerMetrics, thresholdForShare, topKOverlap, translateByRecall, translateByShare } from '../../../src/core/compare/index';

/** Kendall's tau-b by definition, O(n^2): the reference the fast version must match. */
function tauBReference(x: number[], y: number[]): number {
  let c = 0;
  let d = 0;
  let tx = 0;
  let ty = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const sx = Math.sign(x[i] - x[j]);
      const sy = Math.sign(y[i] - y[j]);
      if (sx === 0 && sy === 0) continue;
      if (sx === 0) tx++;
      else if (sy === 0) ty++;
      else if (sx === sy) c++;
      else d++;
    }
  }
  return (c - d) / Math.sqrt((c + d + tx) * (c + d + ty));
}

function rand(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

describe('core/compare: agreement', () => {
  it('Kendall tau-b matches the O(n^2) definition, ties included', () => {
    const r = rand(7);
    for (let t = 0; t < 20; t++) {
      const n = 5 + Math.floor(r() * 40);
      const x = Array.from({ length: n }, () => Math.floor(r() * 6));
      const y = x.map((v) => (r() < 0.6 ? v : Math.floor(r() * 6)));
      assert.ok(Math.abs(kendallTau(x, y) - tauBReference(x, y)) < 1e-12, `trial ${t}`);
    }
    assert.equal(kendallTau([1, 2, 3], [10, 20, 30]), 1);
    assert.equal(kendallTau([1, 2, 3], [3, 2, 1]), -1);
    // A monotone transform (logit -> probability) is perfect agreement.
    assert.equal(kendallTau([-3, 0.5, 2, -1], [-3, 0.5, 2, -1].map(sigmoid)), 1);
    // Unscored chunks (NaN) are left out.
    assert.equal(kendallTau([1, NaN, 2, 3], [1, 5, 2, 3]), 1);
  });

  it('ranks, top-k overlap and the most-disagreeing chunks', () => {
    assert.deepEqual(ranksOf([0.2, 0.9, 0.5, 0.9]), [4, 1, 3, 2]);
    const a = [9, 8, 7, 6, 5, 4];
    const b = [1, 8, 7, 6, 5, 9];
    assert.equal(topKOverlap(a, b, 3), 2 / 3); // A top-3 {0,1,2}, B top-3 {5,1,2}
    assert.equal(topKOverlap(a, b, 10), 1); // k clamped to 6
    const d = mostDisagreeing(a, b, 2);
    assert.deepEqual(d.map((x) => [x.index, x.rankA, x.rankB]), [
      [0, 1, 6],
      [5, 6, 1],
    ]);
  });

  it('agreement over sets: mean tau and overlap per set, pooled tau across sets', () => {
    const sets = [
      { a: [3, 2, 1], b: [30, 20, 10] },
      { a: [3, 2, 1], b: [10, 20, 30] },
      { a: [5], b: [5] },
    ];
    const g = agreement(sets, 1);
    assert.equal(g.sets, 2);
    assert.equal(g.meanTau, 0);
    assert.equal(g.meanOverlap, 0.5);
    assert.equal(g.chunks, 7);
    assert.ok(Math.abs(g.pooledTau - tauBReference([3, 2, 1, 3, 2, 1, 5], [30, 20, 10, 10, 20, 30, 5])) < 1e-12);
  });
});

describe('core/compare: threshold translation', () => {
  it('by share: keeps as many chunks on B as the threshold keeps on A', () => {
    const a = [-9.5, -9.25, -8, -2, 0.5, 3, -12, -10];
    const b = [0.01, 0.2, 0.3, 0.6, 0.7, 0.9, 0.05, 0.02];
    const t = translateByShare(a, b, -9.25);
    assert.equal(t.source.kept, 5);
    assert.equal(t.target.kept, 5);
    assert.equal(t.target.threshold, 0.2);
    assert.equal(t.total, 8);
  });

  it('by share between a logit and its sigmoid gives sigmoid(threshold)', () => {
    const r = rand(3);
    const a = Array.from({ length: 200 }, () => r() * 20 - 10);
    const b = a.map(sigmoid);
    for (const ta of [-5, 0, 2.5]) {
      const kept = a.filter((x) => x >= ta).length;
      const t = translateByShare(a, b, ta);
      assert.equal(t.target.kept, kept);
      assert.ok(t.target.threshold >= sigmoid(ta) - 1e-12, 'never below sigmoid(tA): keeps nothing A dropped');
      assert.equal(b.filter((x) => x >= t.target.threshold).length, kept);
    }
  });

  it('by share: a threshold keeping nothing or everything', () => {
    const t0 = translateByShare([1, 2, 3], [0.1, 0.5, 0.9], 10);
    assert.equal(t0.target.kept, 0);
    assert.ok(t0.target.threshold > 0.9);
    const all = translateByShare([1, 2, 3], [0.1, 0.5, 0.9], -10);
    assert.equal(all.target.kept, 3);
    assert.equal(all.target.threshold, 0.1);
  });

  it('by recall: keeps as many relevant chunks on B, and says what that costs', () => {
    //          rel   rel   -     rel   -     -
    const a = [5, 4, 3, 2, 1, 0];
    const b = [0.9, 0.1, 0.8, 0.7, 0.6, 0.5];
    const rel = [true, true, false, true, false, false];
    const t = translateByRecall(a, b, rel, 3.5); // A keeps 2 of 3 relevant (recall 2/3) with 2 chunks
    assert.equal(t.relevant, 3);
    assert.ok(Math.abs(t.source.recall - 2 / 3) < 1e-12);
    assert.equal(t.source.kept, 2);
    // B's relevant scores: 0.9, 0.7, 0.1 -> the 2nd highest, 0.7, keeps 2 relevant: 0.9, 0.8, 0.7 kept.
    assert.equal(t.target.threshold, 0.7);
    assert.ok(Math.abs(t.target.recall - 2 / 3) < 1e-12);
    assert.equal(t.target.kept, 3);
    assert.ok(Math.abs(t.target.precision - 2 / 3) < 1e-12);
  });

  it('thresholdForShare picks the score keeping that share', () => {
    assert.equal(thresholdForShare([1, 5, 3, 2, 4], 0.4), 4);
    assert.equal(thresholdForShare([1, 5, 3, 2, 4, NaN], 1), 1);
  });
});

describe('core/compare: metrics', () => {
  it('ranks ids by score and computes trec_eval-style metrics per set', () => {
    assert.deepEqual(rankedIds(['a', 'b', 'c'], [0.1, 0.9, NaN]), ['b', 'a', 'c']);
    const m = scorerMetrics(
      [
        { ids: ['a', 'b', 'c'], scores: [3, 2, 1], qrels: { a: 1 } },
        { ids: ['a', 'b', 'c'], scores: [1, 2, 3], qrels: { a: 1 } },
      ],
      10,
    );
    assert.equal(m.sets, 2);
    assert.equal(m.mrr, (1 + 1 / 3) / 2);
    assert.equal(m.recall, 1);
    assert.ok(Math.abs(m.ndcg - (1 + 1 / Math.log2(4)) / 2) < 1e-12);
  });

  it('paired bootstrap: deterministic, brackets the mean difference', () => {
    const x = [0.9, 0.8, 0.7, 0.95, 0.6, 0.85];
    const y = [0.5, 0.7, 0.6, 0.8, 0.6, 0.4];
    const a = pairedBootstrap(x, y, { seed: 5 });
    const b = pairedBootstrap(x, y, { seed: 5 });
    assert.deepEqual(a, b);
    assert.ok(a.low <= a.diff && a.diff <= a.high);
    assert.ok(a.low > 0, 'x is better on every set but one tie');
    assert.ok(Number.isNaN(pairedBootstrap([1], [0]).low));
  });
});

describe('core/compare: compareScorers (what the compare view shows)', () => {
  const chunk = (id: string, originalRank: number) => ({ id, text: `text of ${id}`, originalRank, scoreKind: 'unknown' as const, metadata: {} });
  const sets: CompareSet[] = [
    { setIndex: 0, chunks: [chunk('a', 1), chunk('b', 2), chunk('c', 3), chunk('d', 4)], labels: { byChunkId: { c: 1, a: 0 } }, scores: [[4, 3, 2, 1], [0.1, 0.2, 0.9, 0.3]] },
    { setIndex: 2, chunks: [chunk('e', 1), chunk('f', 2), chunk('g', 3)], labels: { byChunkId: { e: 2 } }, scores: [[1, 2, 3], [0.9, 0.5, 0.1]] },
  ];

  it('agreement, retriever agreement, metrics with intervals, thresholds and disagreements', () => {
    const r = compareScorers(sets, ['A', 'B'], { k: 2, thresholds: [2.5], disagreements: 3 });
    assert.deepEqual([r.sets, r.chunks, r.labelledSets, r.k], [2, 7, 2, 2]);
    assert.equal(r.agreement.length, 1);
    assert.ok(Math.abs(r.agreement[0].meanTau - (kendallTau([4, 3, 2, 1], [0.1, 0.2, 0.9, 0.3]) + kendallTau([1, 2, 3], [0.9, 0.5, 0.1])) / 2) < 1e-12);
    assert.deepEqual(r.retriever.map((x) => x.scorer), ['A', 'B']);
    // A follows the retriever in set 0 and reverses it in set 1.
    assert.equal(r.retriever[0].meanTau, 0);
    assert.deepEqual(r.metrics.map((m) => m.scorer), ['retriever', 'A', 'B']);
    const mA = r.metrics[1];
    // A ranks c 3rd in set 0 (rr 1/3) and e last in set 1 (rr 1/3).
    assert.ok(Math.abs(mA.mrr - 1 / 3) < 1e-12);
    assert.equal(r.metrics[2].mrr, 1);
    assert.ok(r.metrics[2].vsFirst!.mrr.diff > 0);
    // Threshold 2.5 on A keeps 4, 3 (set 0) and 3 (set 1): 3 of 7; B keeps its top 3: 0.9, 0.9, 0.5.
    const t = r.thresholds[0];
    assert.deepEqual([t.threshold, t.kept], [2.5, 3]);
    assert.deepEqual([t.to[0].byShare.threshold, t.to[0].byShare.kept], [0.5, 3]);
    // A keeps none of the 2 relevant chunks (c: 2, e: 1): recall 0; B's same-recall threshold keeps nothing relevant.
    assert.equal(t.recall, 0);
    assert.equal(t.to[0].byRecall!.recall, 0);
    assert.equal(r.disagreements.items.length, 3);
    assert.deepEqual([r.disagreements.a, r.disagreements.b], ['A', 'B']);
    for (const d of r.disagreements.items) assert.notEqual(d.rankA, d.rankB);
  });

  it('without labels: no metrics, no recall translation', () => {
    const r = compareScorers(sets.map((s) => ({ ...s, labels: undefined })), ['A', 'B']);
    assert.equal(r.labelledSets, 0);
    assert.deepEqual(r.metrics, []);
    assert.equal(r.thresholds.length, 3);
    for (const t of r.thresholds) assert.equal(t.to[0].byRecall, undefined);
  });
});
