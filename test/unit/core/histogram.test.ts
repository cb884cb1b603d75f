import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { histogramBins, niceStep } from '../../../src/core/histogram';

describe('histogramBins', () => {
  it('uses round edges covering the data', () => {
    const bins = histogramBins([-3.2, -1, 0, 0.4, 2.9, 7.5], 10);
    // range 10.7 / 10 bins -> step 2
    assert.deepEqual(bins.map((b) => b.lo), [-4, -2, 0, 2, 4, 6]);
    assert.equal(bins[bins.length - 1].hi, 8);
    assert.deepEqual(bins.map((b) => b.count), [1, 1, 2, 1, 0, 1]);
  });

  it('puts the maximum in the last bin when it sits on an edge, and prints clean edges', () => {
    const bins = histogramBins([0, 0.1, 0.2, 0.3, 1], 10);
    assert.deepEqual(bins.map((b) => b.lo), [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    assert.deepEqual(bins.map((b) => b.count), [1, 1, 1, 1, 0, 0, 0, 0, 0, 1]);
  });

  it('gives one bin around all-equal values and none for no values', () => {
    assert.deepEqual(histogramBins([2, 2, 2], 10), [{ lo: 1.9, hi: 2.1, count: 3 }]);
    assert.deepEqual(histogramBins([0, 0], 5), [{ lo: -0.5, hi: 0.5, count: 2 }]);
    assert.deepEqual(histogramBins([], 10), []);
    // a spread too small for any step (denormals) counts as all-equal
    assert.deepEqual(histogramBins([0, 5e-324], 3), [{ lo: -0.5, hi: 0.5, count: 2 }]);
    assert.deepEqual(histogramBins([NaN, Infinity], 10), []);
  });

  it('niceStep picks 1, 2, 2.5 or 5 times a power of ten', () => {
    assert.deepEqual([0.3, 0.7, 1, 1.2, 2.2, 4, 0.09].map(niceStep), [0.5, 1, 1, 2, 2.5, 5, 0.1]);
  });

  it('counts every finite value once, inside its bin, with at most bins + 1 contiguous bins (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 40 }), (values, n) => {
        const bins = histogramBins(values, n);
        assert.equal(bins.reduce((s, b) => s + b.count, 0), values.length);
        const distinct = new Set(values).size;
        if (distinct > 1) assert.ok(bins.length <= n + 1, `${bins.length} bins for ${n}`);
        for (let i = 1; i < bins.length; i++) assert.equal(bins[i].lo, bins[i - 1].hi);
        const lo = bins[0].lo, hi = bins[bins.length - 1].hi;
        const eps = (hi - lo) * 1e-9;
        for (const v of values) assert.ok(v >= lo - eps && v <= hi + eps);
      }),
    );
  });
});
