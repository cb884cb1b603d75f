// Recommended cutoffs on hand-made sets where the answer can be read off, the interval's
// reproducibility, the paired bootstrap, and the label-where-it-matters order.
import { strict as assert } from 'node:assert';
import { bootstrapMean } from '../../../src/core/eval/bootstrap';
import { analyzeSet } from '../../../src/core/eval/index';
import type { EvalQuery } from '../../../src/core/eval/queries';
import { sampleIndexes } from '../../../src/core/eval/random';
import { bootstrapCutoff, cutoffIndex, labelOrder, recommend } from '../../../src/core/eval/recommend';
import { Sweep } from '../../../src/core/eval/sweep';

const sig = (x: number) => 1 / (1 + Math.exp(-x));

/** One query per entry: [logit, relevant?][] */
function set(...queries: [number, boolean][][]): EvalQuery[] {
  return queries.map((rows, qi) => ({
    queryId: `q${qi}`,
    candidates: rows.map(([s], i) => ({ id: `d${i}`, score: s, probability: sig(s) })),
    retrieverKind: 'unknown',
    qrels: Object.fromEntries(rows.map(([, r], i) => [`d${i}`, r ? 1 : 0])),
  }));
}

describe('recommended cutoffs', () => {
  // Scores 5..-4 over two queries; relevant: 5, 4, 2, -1. Sorted: 5R 4R 3 2R 1 0 -1R -2 -3 -4.
  const queries = set(
    [[5, true], [3, false], [1, false], [-1, true], [-3, false]],
    [[4, true], [2, true], [0, false], [-2, false], [-4, false]],
  );
  const sweep = new Sweep(queries);

  it('max F1: keep 5, 4, 3, 2 (P 3/4, R 3/4, F1 0.75) beats keeping 5, 4 (P 1, R 1/2, F1 0.667)', () => {
    const r = recommend(sweep, { kind: 'max-f1' });
    assert.equal(r.point!.threshold, 2);
    assert.ok(Math.abs(r.point!.labelled!.f1! - 0.75) < 1e-12);
    assert.ok(Math.abs(r.point!.probability! - sig(2)) < 1e-12);
    assert.equal(r.point!.kept, 4);
    assert.deepEqual(r.point!.keptPerQuery, { mean: 2, median: 2 });
  });

  it('recall >= 0.9: the highest threshold keeping all four relevant is -1; recall >= 0.5 is 4', () => {
    assert.equal(recommend(sweep, { kind: 'recall', target: 0.9 }).point!.threshold, -1);
    assert.equal(recommend(sweep, { kind: 'recall', target: 0.5 }).point!.threshold, 4);
  });

  it('precision >= 0.75: the lowest threshold still at 3/4 is 2; precision 1 is 4; an impossible target says why', () => {
    assert.equal(recommend(sweep, { kind: 'precision', target: 0.75 }).point!.threshold, 2);
    assert.equal(recommend(sweep, { kind: 'precision', target: 1 }).point!.threshold, 4);
    const none = recommend(new Sweep(set([[1, false], [0, false]])), { kind: 'max-f1' });
    assert.equal(none.point, null);
    assert.match(none.reason!, /No labelled pair is relevant/);
  });

  it('ties: equal scores are one threshold (all kept or none)', () => {
    const tied = new Sweep(set([[1, true], [1, false], [0, false]]));
    assert.equal(cutoffIndex(tied.labelledScores, tied.labelledRelevant, { kind: 'recall', target: 0.5 }), 1);
    assert.equal(recommend(tied, { kind: 'recall', target: 0.5 }).point!.kept, 2);
  });

  it('the cutoff interval is reproducible for a seed and brackets the cutoff', () => {
    const a = bootstrapCutoff(sweep, { kind: 'max-f1' }, { seed: 7, resamples: 300 });
    const b = bootstrapCutoff(sweep, { kind: 'max-f1' }, { seed: 7, resamples: 300 });
    assert.deepEqual(a, b);
    assert.ok(a!.low <= 2 && a!.high >= 2, JSON.stringify(a));
    const c = bootstrapCutoff(sweep, { kind: 'max-f1' }, { seed: 8, resamples: 300, unit: 'queries' });
    assert.equal(c!.unit, 'queries');
    // More labels of the same pattern narrow it.
    const many = new Sweep(set(...Array.from({ length: 40 }, () => [[3, true], [2, true], [1, false], [0, false]] as [number, boolean][])));
    const narrow = bootstrapCutoff(many, { kind: 'max-f1' }, { seed: 7 })!;
    assert.equal(narrow.low, 2);
    assert.equal(narrow.high, 2);
  });

  it('analyzeSet: top-k beside the thresholds, and the smallest k that reaches the recall target', () => {
    const lab = analyzeSet(queries, { recallTarget: 0.9, k: 2 });
    assert.equal(lab.topK!.k, 2);
    assert.equal(lab.topK!.labelled!.relevantKept, 3);
    // Query 0 has a relevant at rank 4: k = 4 reaches recall 1.
    assert.equal(lab.topKAtRecall!.k, 4);
    assert.equal(lab.recommendations.precision, null);
    assert.equal(lab.recommendations.recall.point!.threshold, -1);
  });
});

describe('bootstrap and sampling', () => {
  it('the paired bootstrap is reproducible for a seed and differs for another', () => {
    const d = [0.1, -0.05, 0.2, 0, 0.3, 0.05, -0.1, 0.15];
    assert.deepEqual(bootstrapMean(d, { seed: 3 }), bootstrapMean(d, { seed: 3 }));
    assert.notDeepEqual(bootstrapMean(d, { seed: 3 }), bootstrapMean(d, { seed: 4 }));
    const i = bootstrapMean(d)!;
    const mean = d.reduce((s, x) => s + x, 0) / d.length;
    assert.ok(i.low < mean && mean < i.high && i.level === 0.95 && i.resamples === 2000);
    assert.equal(bootstrapMean([0.5]), null);
    // Constant differences: a zero-width interval at the value.
    const flat = bootstrapMean([0.2, 0.2, 0.2])!;
    assert.ok(Math.abs(flat.low - 0.2) < 1e-12 && Math.abs(flat.high - 0.2) < 1e-12);
  });

  it('a seeded sample is reproducible, distinct and in file order', () => {
    const a = sampleIndexes(100, 10, 42);
    assert.deepEqual(a, sampleIndexes(100, 10, 42));
    assert.equal(new Set(a).size, 10);
    assert.deepEqual(a, [...a].sort((x, y) => x - y));
    assert.notDeepEqual(a, sampleIndexes(100, 10, 43));
    assert.deepEqual(sampleIndexes(3, 10, 1), [0, 1, 2]);
  });
});

describe('label where it matters', () => {
  it('orders unlabelled rows by closeness to the threshold', () => {
    const rows = [{ key: 'far', score: 5 }, { key: 'near', score: 0.1 }, { key: 'mid', score: -1 }];
    assert.deepEqual(labelOrder(rows, 0), ['near', 'mid', 'far']);
  });

  it('with a sweep, rows whose label would move the recommended cutoff come first', () => {
    // Labelled: 3R 2R 1N 0N -> max-F1 cutoff 2. A relevant label at 1.5 moves it to 1.5; a label at 10
    // or at -10 leaves it at 2 either way (F1 0.8 at 2 beats 0.75 at -10). Closeness alone would put
    // "top" (8 away) before "bottom" (12 away); both come after "between".
    const sweep = new Sweep(set([[3, true], [2, true], [1, false], [0, false]]));
    const rows = [{ key: 'bottom', score: -10 }, { key: 'top', score: 10 }, { key: 'between', score: 1.5 }];
    assert.deepEqual(labelOrder(rows, 8, { sweep, rule: { kind: 'max-f1' } }), ['between', 'top', 'bottom']);
    assert.deepEqual(labelOrder(rows, 8), ['top', 'between', 'bottom']);
  });
});
