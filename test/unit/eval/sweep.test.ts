// The sweep's binary-search answers against a brute-force count over every pair, on random sets with
// ties, unlabelled queries and unjudged candidates; the top-k rule the same way.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { EvalQuery } from '../../../src/core/eval/queries';
import { Sweep } from '../../../src/core/eval/sweep';

const querySet = fc.array(
  fc.record({
    labelled: fc.boolean(),
    rows: fc.array(fc.record({ score: fc.integer({ min: -4, max: 4 }).map((x) => x / 2), grade: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }) }), { minLength: 1, maxLength: 8 }),
  }),
  { minLength: 1, maxLength: 6 },
);

function toQueries(spec: { labelled: boolean; rows: { score: number; grade?: number }[] }[]): EvalQuery[] {
  return spec.map((s, qi) => ({
    queryId: `q${qi}`,
    candidates: s.rows.map((r, i) => ({ id: `d${i}`, score: r.score, probability: 1 / (1 + Math.exp(-r.score)) })),
    retrieverKind: 'unknown' as const,
    ...(s.labelled ? { qrels: Object.fromEntries(s.rows.flatMap((r, i) => (r.grade === undefined ? [] : [[`d${i}`, r.grade]]))) } : {}),
  }));
}

function brute(queries: EvalQuery[], keep: (q: EvalQuery, i: number) => boolean, skipUnjudged = false) {
  let kept = 0;
  let lk = 0;
  let tp = 0;
  let rel = 0;
  const perQuery: number[] = [];
  for (const q of queries) {
    let k = 0;
    q.candidates.forEach((c, i) => {
      const on = keep(q, i);
      if (on) k++;
      if (!q.qrels) return;
      const judged = c.id in q.qrels;
      if (skipUnjudged && !judged) return;
      const r = judged && q.qrels[c.id] >= 1;
      if (r) rel++;
      if (on) lk++;
      if (on && r) tp++;
    });
    kept += k;
    perQuery.push(k);
  }
  const sorted = [...perQuery].sort((a, b) => a - b);
  const m = sorted.length >> 1;
  return {
    kept, lk, tp, rel,
    median: sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2,
    empty: perQuery.filter((k) => k === 0).length / perQuery.length,
    all: perQuery.filter((k, i) => k === queries[i].candidates.length).length / perQuery.length,
  };
}

describe('threshold sweep', () => {
  it('equals a brute-force count at every threshold (kept, per-query median, empty/all shares, precision, recall)', () => {
    fc.assert(
      fc.property(querySet, fc.integer({ min: -5, max: 5 }).map((x) => x / 2), fc.boolean(), (spec, t, skip) => {
        const queries = toQueries(spec);
        const sweep = new Sweep(queries, { unjudged: skip ? 'skip' : 'not-relevant' });
        const b = brute(queries, (q, i) => q.candidates[i].score! >= t, skip);
        const p = sweep.at(t);
        assert.equal(p.kept, b.kept);
        assert.equal(p.keptPerQuery.median, b.median);
        assert.ok(Math.abs(p.keptPerQuery.mean - b.kept / queries.length) < 1e-12);
        assert.ok(Math.abs(p.emptyShare - b.empty) < 1e-12);
        assert.ok(Math.abs(p.allShare - b.all) < 1e-12);
        if (b.lk + (b.rel > 0 ? 1 : 0) === 0 && sweep.labelledPairCount === 0) assert.equal(p.labelled, null);
        if (p.labelled) {
          assert.equal(p.labelled.kept, b.lk);
          assert.equal(p.labelled.relevantKept, b.tp);
          assert.equal(p.labelled.relevant, b.rel);
          assert.equal(p.labelled.precision, b.lk ? b.tp / b.lk : null);
          assert.equal(p.labelled.recall, b.rel ? b.tp / b.rel : null);
        }
        // Per-query table: kept and relevant dropped.
        sweep.perQuery({ threshold: t }).forEach((row) => {
          const q = queries[row.index];
          assert.equal(row.kept, q.candidates.filter((c) => c.score! >= t).length);
          const dropped = q.qrels ? q.candidates.filter((c) => c.score! < t && (q.qrels![c.id] ?? 0) >= 1).length : 0;
          assert.equal(row.relevantDropped, dropped);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('the top-k rule equals a brute-force count in the reranked order', () => {
    fc.assert(
      fc.property(querySet, fc.integer({ min: 0, max: 9 }), (spec, k) => {
        const queries = toQueries(spec);
        const sweep = new Sweep(queries);
        // Rank of candidate i in its query: scores descending (ties do not change counts of relevant
        // only when grades tie too, so compare on the sorted grades).
        const b = brute(queries, (q, i) => {
          const s = q.candidates[i].score!;
          const higher = q.candidates.filter((c) => c.score! > s).length;
          return higher < k && q.candidates.filter((c, j) => c.score === s && j < i).length + higher < k;
        });
        const p = sweep.topK(k);
        assert.equal(p.kept, b.kept);
        assert.equal(p.keptPerQuery.median, b.median);
        if (p.labelled) assert.equal(p.labelled.kept, b.lk);
      }),
      { numRuns: 200 },
    );
  });

  it('leaves unscored queries out; a threshold above everything keeps nothing and its probability is the sigmoid', () => {
    const queries: EvalQuery[] = [
      { queryId: 'a', candidates: [{ id: 'x', score: 1, probability: 0.7310585786300049 }, { id: 'y', score: -1, probability: 0.2689414213699951 }], retrieverKind: 'unknown' },
      { queryId: 'b', candidates: [{ id: 'x' }], retrieverKind: 'unknown' },
    ];
    const sweep = new Sweep(queries);
    assert.equal(sweep.queryCount, 1);
    assert.equal(sweep.at(5).kept, 0);
    assert.equal(sweep.at(5).emptyShare, 1);
    assert.ok(Math.abs(sweep.at(5).probability! - 1 / (1 + Math.exp(-5))) < 1e-12);
    assert.equal(sweep.at(0).probability, 0.7310585786300049);
    assert.equal(sweep.at(-1).allShare, 1);
    assert.equal(sweep.at(0).labelled, null);
    assert.deepEqual(sweep.curve(5).map((p) => p.threshold), [1, -1]);
  });
});
