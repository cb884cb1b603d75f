// Memory-sized batches (src/engine/batchPlan.ts) and the equal-scores warning (src/engine/scoreChecks.ts).
import { strict as assert } from 'node:assert';
import { batchCost, DEFAULT_MEMORY_BUDGET, orderByLength, planBatchesByMemory, planStreaming, StreamBatcher } from '../../../src/engine/batchPlan';
import { equalScoresWarning } from '../../../src/engine/scoreChecks';

describe('planBatchesByMemory', () => {
  it('short pairs fill whole batches; 512-token pairs go 8 at a time; 2,048-token pairs one at a time', () => {
    assert.deepEqual(planBatchesByMemory(Array(40).fill(60), 16).map((b) => b.length), [16, 16, 8]);
    assert.deepEqual(planBatchesByMemory(Array(20).fill(512), 16).map((b) => b.length), [8, 8, 4]);
    assert.deepEqual(planBatchesByMemory(Array(3).fill(2048), 16).map((b) => b.length), [1, 1, 1]);
  });

  it('every batch stays within the budget (or is a single pair), longest first, each index once', () => {
    const lengths = Array.from({ length: 300 }, (_, i) => 8 + ((i * 7919) % 2100));
    const plan = planBatchesByMemory(lengths, 32);
    const seen = plan.flat().sort((a, b) => a - b);
    assert.deepEqual(seen, lengths.map((_, i) => i));
    let prev = Infinity;
    for (const b of plan) {
      const longest = Math.max(...b.map((i) => lengths[i]));
      assert.equal(lengths[b[0]], longest);
      assert.ok(longest <= prev);
      prev = longest;
      assert.ok(b.length === 1 || batchCost(b.length, longest) <= DEFAULT_MEMORY_BUDGET, `${b.length} x ${longest}`);
      assert.ok(b.length <= 32);
    }
  });

  it('weights attention by length: doubling the length more than halves the pairs per batch', () => {
    const per = (L: number) => planBatchesByMemory(Array(64).fill(L), 64)[0].length;
    assert.ok(per(256) > 2 * per(512) - 1);
    assert.ok(per(1024) < per(512) / 2 + 1);
  });
});

describe('equalScoresWarning', () => {
  it('warns for 3+ distinct chunks within 1e-6, not for 2, not for spread scores', () => {
    assert.match(equalScoresWarning(['a', 'b', 'c'], [0.5, 0.5 + 1e-7, 0.5], 'm')!, /All 3 distinct chunks.*m/);
    assert.equal(equalScoresWarning(['a', 'a', 'b'], [1, 1, 1], 'm'), null);
    assert.equal(equalScoresWarning(['a', 'b', 'c'], [1, 1, 1.001], 'm'), null);
  });
});

describe('streaming batches (tokenize the next batch while the current one runs)', () => {
  it('orders texts longest first and closes a batch at the pair limit or the memory budget, in arrival order', () => {
    const texts = ['a'.repeat(10), 'b'.repeat(3000), 'c'.repeat(50), 'd'.repeat(3000), 'e'.repeat(10)];
    const order = orderByLength([0, 1, 2, 3, 4], texts);
    assert.deepEqual(order, [1, 3, 2, 0, 4]);
    const lengths = [5, 512, 20, 512, 5];
    // 2 pairs max: [1,3] [2,0] [4]
    assert.deepEqual(planStreaming(order, lengths, 2), [[1, 3], [2, 0], [4]]);
    // A budget of one 512-token pair: the long ones alone, the short ones together.
    assert.deepEqual(planStreaming(order, lengths, 16, batchCost(1, 512)), [[1], [3], [2, 0, 4]]);
  });

  it('a batch holding a long pair that arrived late (characters misjudged its tokens) still respects the budget', () => {
    const b = new StreamBatcher<number>(16, batchCost(4, 512));
    const closed: number[][] = [];
    [100, 100, 100, 512, 512, 100].forEach((len, i) => {
      const c = b.add(i, len);
      if (c) closed.push(c);
    });
    const rest = b.flush();
    if (rest) closed.push(rest);
    for (const batch of closed) assert.ok(batch.length === 1 || batchCost(batch.length, Math.max(...batch.map((i) => [100, 100, 100, 512, 512, 100][i]))) <= batchCost(4, 512));
    assert.deepEqual(closed.flat(), [0, 1, 2, 3, 4, 5]);
  });
});
