import * as assert from 'node:assert/strict';
import { formatDuration } from '../../../src/core/runEstimate';

describe('run estimates', () => {
  it('says seconds, minutes or hours', () => {
    assert.equal(formatDuration(200), '1 s');
    assert.equal(formatDuration(45_000), '45 s');
    assert.equal(formatDuration(100_000), '2 min');
    // 100,000 pairs at 30 pairs/s: the case issue 12 found scored without a word.
    assert.equal(formatDuration((100_000 / 30) * 1000), '56 min');
    assert.equal(formatDuration(6 * 3600_000), '6.0 h');
  });
});
