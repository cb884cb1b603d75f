// Part of a big labelled set: the first N or a seeded sample of N, as the CLI's --max-queries and
// --sample/--seed choose them (the same indexes for the same seed).
import * as assert from 'node:assert/strict';
import { sampleIndexes } from '../../../src/core/eval/random';
import type { ReadResult } from '../../../src/core/types';
import { narrowToSubset } from '../../../src/commands/setSubset';

const result = (n: number): ReadResult => ({
  diagnostics: [],
  sets: Array.from({ length: n }, (_, i) => ({ queryId: `q${i}`, query: `query ${i}`, format: 'test', chunks: [{ id: 'd', text: 't', originalRank: 1, scoreKind: 'unknown' as const, metadata: {} }] })),
});

describe('labelled set subsets', () => {
  it('all keeps every query and says nothing', () => {
    const r = result(5);
    assert.deepEqual(narrowToSubset(r, { kind: 'all' }), { result: r });
  });
  it('the first N in file order, with a note naming the CLI option', () => {
    const out = narrowToSubset(result(300), { kind: 'first', n: 100 });
    assert.deepEqual(out.result.sets.map((s) => s.queryId), Array.from({ length: 100 }, (_, i) => `q${i}`));
    assert.match(out.note ?? '', /first 100 of 300 .*--max-queries 100/);
  });
  it('a seeded sample: the CLI sample indexes, in file order, the same for the same seed', () => {
    const a = narrowToSubset(result(300), { kind: 'sample', n: 100, seed: 7 });
    const b = narrowToSubset(result(300), { kind: 'sample', n: 100, seed: 7 });
    assert.deepEqual(a.result.sets.map((s) => s.queryId), sampleIndexes(300, 100, 7).map((i) => `q${i}`));
    assert.deepEqual(a.result.sets, b.result.sets);
    assert.equal(new Set(a.result.sets.map((s) => s.queryId)).size, 100);
    assert.match(a.note ?? '', /sample of 100 of 300 .*seed 7/);
  });
});
