import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Chunk } from '../../../src/core/types';
import type { PairScore } from '../../../src/engine/protocol';
import { convertThreshold, convertThresholdForScores, countStates, keepStates, logit, rankChunks, selectKept, sigmoid } from '../../../src/core/rank';

export function chunk(i: number, originalRank = i + 1): Chunk {
  return { id: `c${i}`, text: `chunk ${i}`, originalRank, scoreKind: 'unknown', metadata: {} };
}
export function pair(index: number, score: number): PairScore {
  return { index, score, probability: sigmoid(score), queryTokens: 3, chunkTokens: 10, truncated: false, truncatedAtChar: null, cached: false };
}

describe('rankChunks', () => {
  it('orders by score descending, ties keep the retriever order, and reports moves', () => {
    const chunks = [0, 1, 2, 3].map((i) => chunk(i));
    const ranked = rankChunks(chunks, [pair(0, 1), pair(1, 5), pair(2, 1), pair(3, -2)]);
    assert.deepEqual(ranked.map((r) => r.chunk.id), ['c1', 'c0', 'c2', 'c3']);
    assert.deepEqual(ranked.map((r) => r.rank), [1, 2, 3, 4]);
    assert.deepEqual(ranked.map((r) => r.move), [1, -1, 0, 0]);
  });

  it('puts unscored chunks last in retriever order, without a rank', () => {
    const chunks = [0, 1, 2, 3].map((i) => chunk(i));
    const ranked = rankChunks(chunks, [undefined, pair(1, 0), undefined, pair(3, 2)]);
    assert.deepEqual(ranked.map((r) => r.index), [3, 1, 0, 2]);
    assert.deepEqual(ranked.map((r) => r.rank), [1, 2, undefined, undefined]);
    assert.equal(ranked[2].move, undefined);
  });

  it('uses positions in the retriever order when original ranks have gaps', () => {
    const chunks = [chunk(0, 40), chunk(1, 41), chunk(2, 45)];
    const ranked = rankChunks(chunks, [pair(0, 0), pair(1, 1), pair(2, 2)]);
    assert.deepEqual(ranked.map((r) => [r.chunk.id, r.originalPosition, r.move]), [['c2', 3, 2], ['c1', 2, 0], ['c0', 1, -2]]);
  });

  it('sorts NaN scores below every real score', () => {
    const ranked = rankChunks([chunk(0), chunk(1)], [pair(0, NaN), pair(1, -100)]);
    assert.deepEqual(ranked.map((r) => r.index), [1, 0]);
  });

  it('is a permutation whose scores never increase (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.double({ min: -20, max: 20, noNaN: true }), { nil: undefined }), { maxLength: 40 }), (scores) => {
        const chunks = scores.map((_, i) => chunk(i));
        const ranked = rankChunks(chunks, scores.map((s, i) => (s === undefined ? undefined : pair(i, s))));
        assert.deepEqual([...ranked.map((r) => r.index)].sort((a, b) => a - b), chunks.map((_, i) => i));
        const scored = ranked.filter((r) => r.score);
        for (let i = 1; i < scored.length; i++) {
          assert.ok(scored[i - 1].score!.score >= scored[i].score!.score);
          if (scored[i - 1].score!.score === scored[i].score!.score) assert.ok(scored[i - 1].index < scored[i].index);
        }
        assert.equal(ranked.slice(scored.length).every((r) => !r.score), true);
      }),
    );
  });
});

describe('selectKept / keepStates', () => {
  const chunks = [0, 1, 2, 3, 4].map((i) => chunk(i));
  const ranked = rankChunks(chunks, [pair(0, 3), pair(1, 1), pair(2, -1), pair(3, -3), undefined]);

  it('keeps everything scored with no threshold and no top-k; unscored rows are neither', () => {
    const states = keepStates(ranked, { threshold: { space: 'logit', value: null }, topK: null });
    assert.deepEqual(states, ['kept', 'kept', 'kept', 'kept', 'unscored']);
    assert.deepEqual(selectKept(ranked, { threshold: { space: 'logit', value: null }, topK: null }), [true, true, true, true, false]);
    assert.deepEqual(countStates(states), { kept: 4, dropped: 0, unscored: 1 });
  });

  it('applies a logit threshold inclusively', () => {
    assert.deepEqual(selectKept(ranked, { threshold: { space: 'logit', value: 1 }, topK: null }), [true, true, false, false, false]);
  });

  it('applies a probability threshold to the probability, not the logit', () => {
    assert.deepEqual(selectKept(ranked, { threshold: { space: 'probability', value: 0.5 }, topK: null }), [true, true, false, false, false]);
    assert.deepEqual(selectKept(ranked, { threshold: { space: 'probability', value: 0.9 }, topK: null }), [true, false, false, false, false]);
  });

  it('combines threshold and top-k with AND; top-k 0 keeps nothing', () => {
    assert.deepEqual(selectKept(ranked, { threshold: { space: 'logit', value: -2 }, topK: 2 }), [true, true, false, false, false]);
    assert.deepEqual(selectKept(ranked, { threshold: { space: 'logit', value: 2 }, topK: 3 }), [true, false, false, false, false]);
    assert.deepEqual(countStates(keepStates(ranked, { threshold: { space: 'logit', value: null }, topK: 0 })), { kept: 0, dropped: 4, unscored: 1 });
  });

  it('kept rows are a prefix of the scored rows (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { maxLength: 30 }),
        fc.option(fc.double({ min: -10, max: 10, noNaN: true }), { nil: null }),
        fc.option(fc.nat(35), { nil: null }),
        (scores, value, topK) => {
          const r = rankChunks(scores.map((_, i) => chunk(i)), scores.map((s, i) => pair(i, s)));
          const kept = selectKept(r, { threshold: { space: 'logit', value }, topK });
          const firstDropped = kept.indexOf(false);
          if (firstDropped >= 0) assert.ok(kept.slice(firstDropped).every((k) => !k));
          const n = kept.filter(Boolean).length;
          if (topK !== null) assert.ok(n <= topK);
          if (value === null) assert.equal(n, topK === null ? scores.length : Math.min(topK, scores.length));
        },
      ),
    );
  });
});

describe('sigmoid / logit / convertThreshold', () => {
  it('are inverse and finite at the extremes', () => {
    assert.equal(sigmoid(0), 0.5);
    assert.ok(sigmoid(1000) === 1 && sigmoid(-1000) >= 0 && Number.isFinite(sigmoid(-1000)));
    assert.ok(Number.isFinite(logit(0)) && Number.isFinite(logit(1)));
    fc.assert(fc.property(fc.double({ min: -20, max: 20, noNaN: true }), (x) => assert.ok(Math.abs(logit(sigmoid(x)) - x) < 1e-6)));
  });

  it('converts a threshold so the same rows stay kept', () => {
    assert.equal(convertThreshold(0, 'logit', 'probability'), 0.5);
    assert.ok(Math.abs(convertThreshold(0.8807970779778823, 'probability', 'logit')! - 2) < 1e-9);
    assert.equal(convertThreshold(null, 'logit', 'probability'), null);
    assert.equal(convertThreshold(1.5, 'logit', 'logit'), 1.5);
  });

  it('converts exactly for single-logit scores and keeps the same rows for softmax (multi-label) scores', () => {
    const single = [pair(0, 2), pair(1, -1)];
    assert.equal(convertThresholdForScores(0, 'logit', 'probability', single), 0.5);
    // Two-label model: probability is a softmax over labels, not sigmoid(score).
    const multi = [0.9, 0.4, 0.7].map((p, i) => ({ ...pair(i, [1.2, 0.3, -0.5][i]), probability: p }));
    const t = convertThresholdForScores(0.25, 'logit', 'probability', multi)!;
    assert.equal(t, 0.4); // rows with logit >= 0.25 are #0 (p 0.9) and #1 (p 0.4)
    const r = rankChunks([chunk(0), chunk(1), chunk(2)], multi);
    const keptBefore = selectKept(r, { threshold: { space: 'logit', value: 0.25 }, topK: null });
    const keptAfter = selectKept(r, { threshold: { space: 'probability', value: t }, topK: null });
    assert.deepEqual(keptBefore.filter(Boolean).length, 2);
    assert.ok(keptBefore.every((k, i) => !k || keptAfter[i]));
    assert.ok(convertThresholdForScores(5, 'logit', 'probability', multi)! > 0.9);
    assert.equal(convertThresholdForScores(null, 'logit', 'probability', multi), null);
  });
});
