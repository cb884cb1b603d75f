import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { diffSummary, kendallTauB, movedOnly } from '../../../src/core/diff';
import { rankChunks } from '../../../src/core/rank';
import { chunk, pair } from './rank.test';

/** Textbook O(n^2) tau-b, to check the O(n log n) one against. */
function naiveTauB(x: number[], y: number[]): number {
  let c = 0, d = 0, tx = 0, ty = 0;
  for (let i = 0; i < x.length; i++)
    for (let j = i + 1; j < x.length; j++) {
      const a = Math.sign(x[i] - x[j]);
      const b = Math.sign(y[i] - y[j]);
      if (a === 0 && b === 0) continue;
      if (a === 0) tx++;
      else if (b === 0) ty++;
      else if (a === b) c++;
      else d++;
    }
  return (c - d) / Math.sqrt((c + d + tx) * (c + d + ty));
}

describe('kendallTauB', () => {
  it('is 1 for the same order, -1 for the reverse, known value with ties', () => {
    assert.equal(kendallTauB([1, 2, 3, 4], [10, 20, 30, 40]), 1);
    assert.equal(kendallTauB([1, 2, 3, 4], [4, 3, 2, 1]), -1);
    // scipy.stats.kendalltau([1,2,3,4,5], [1,3,2,3,5]) = 0.7378647873726218 (tau-b)
    assert.ok(Math.abs(kendallTauB([1, 2, 3, 4, 5], [1, 3, 2, 3, 5]) - 0.7378647873726218) < 1e-12);
    assert.ok(Number.isNaN(kendallTauB([1], [1])));
    assert.ok(Number.isNaN(kendallTauB([1, 2, 3], [5, 5, 5])));
  });

  it('matches the O(n^2) definition, ties included (property)', () => {
    const small = fc.integer({ min: 0, max: 6 });
    fc.assert(
      fc.property(fc.array(fc.tuple(small, small), { minLength: 2, maxLength: 60 }), (pairs) => {
        const x = pairs.map((p) => p[0]);
        const y = pairs.map((p) => p[1]);
        const want = naiveTauB(x, y);
        const got = kendallTauB(x, y);
        if (Number.isNaN(want)) assert.ok(Number.isNaN(got));
        else assert.ok(Math.abs(got - want) < 1e-9, `${got} vs ${want}`);
      }),
    );
  });
});

describe('diffSummary', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => chunk(i));

  it('summarises a reranking: tau, overlap, entered/left, largest moves', () => {
    // retriever order c0..c5; cross-encoder puts c5 first and c0 last.
    const scores = [0, 4, 3, 2, 1, 9];
    const ranked = rankChunks(ids(6), scores.map((s, i) => pair(i, s)));
    assert.deepEqual(ranked.map((r) => r.chunk.id), ['c5', 'c1', 'c2', 'c3', 'c4', 'c0']);
    const d = diffSummary(ranked, 3);
    assert.equal(d.overlapAtK, 2); // c1, c2 stay
    assert.deepEqual(d.entered, ['c5']);
    assert.deepEqual(d.left, ['c0']);
    assert.deepEqual(d.largestMoves[0], { id: 'c5', index: 5, from: 6, to: 1 });
    assert.deepEqual(d.largestMoves[1], { id: 'c0', index: 0, from: 1, to: 6 });
    assert.equal(d.largestMoves.length, 2); // c1..c4 keep their positions
    assert.ok(Math.abs(d.kendallTau - naiveTauB([1, 2, 3, 4, 5, 6], scores.map((s) => -s))) < 1e-12);
    assert.equal(d.k, 3);
    assert.equal(d.n, 6);
  });

  it('is tau 1 with nothing entered or moved when the order is unchanged', () => {
    const ranked = rankChunks(ids(5), [5, 4, 3, 2, 1].map((s, i) => pair(i, s)));
    const d = diffSummary(ranked, 10);
    assert.equal(d.kendallTau, 1);
    assert.equal(d.overlapAtK, 5);
    assert.equal(d.k, 5);
    assert.deepEqual([d.entered, d.left, d.largestMoves], [[], [], []]);
    assert.deepEqual(movedOnly(ranked), []);
  });

  it('covers only scored chunks while results stream in', () => {
    const ranked = rankChunks(ids(4), [undefined, pair(1, 1), pair(2, 2), undefined]);
    const d = diffSummary(ranked, 1);
    assert.equal(d.n, 2);
    assert.deepEqual(d.entered, ['c2']);
    assert.deepEqual(d.left, ['c1']);
    // Moves are measured against positions in the full retriever order: c1 is 2nd there and 2nd here.
    assert.deepEqual(movedOnly(ranked).map((r) => r.chunk.id), ['c2']);
  });

  it('overlap + entered = k and entered and left have equal size (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 45 }), (scores, k) => {
        const ranked = rankChunks(ids(scores.length), scores.map((s, i) => pair(i, s)));
        const d = diffSummary(ranked, k, { maxMoves: 1000 });
        assert.equal(d.overlapAtK + d.entered.length, d.k);
        assert.equal(d.entered.length, d.left.length);
        assert.equal(d.largestMoves.length, movedOnly(ranked).length);
        assert.ok(Number.isNaN(d.kendallTau) || (d.kendallTau >= -1 - 1e-12 && d.kendallTau <= 1 + 1e-12));
      }),
    );
  });
});
