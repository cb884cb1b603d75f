// nDCG@k, reciprocal rank and recall@k against trec_eval's own test outputs (test/fixtures/trec-eval,
// copied from usnistgov/trec_eval with its README and NIST license), per query and as the mean.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { mean, ndcgAtK, recallAtK, reciprocalRank, trecEvalOrder, type Qrels } from '../../../src/core/metrics';

const FIXTURE = join(__dirname, '../../fixtures/trec-eval');
const read = (name: string) => readFileSync(join(FIXTURE, name), 'utf8');

function parseQrels(text: string): Map<string, Record<string, number>> {
  const byQuery = new Map<string, Record<string, number>>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4) continue;
    const [qid, , doc, rel] = f;
    if (!byQuery.has(qid)) byQuery.set(qid, {});
    byQuery.get(qid)![doc] = Number(rel);
  }
  return byQuery;
}

function parseRun(text: string): Map<string, string[]> {
  const rows = new Map<string, { id: string; score: number }[]>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6) continue;
    const [qid, , doc, , score] = f;
    if (!rows.has(qid)) rows.set(qid, []);
    rows.get(qid)!.push({ id: doc, score: Number(score) });
  }
  return new Map([...rows].map(([q, r]) => [q, trecEvalOrder(r)]));
}

/** trec_eval -q output: measure -> query ('301'.. or 'all') -> value. */
function parseExpected(text: string): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length !== 3) continue;
    const [measure, qid, value] = f;
    if (!out.has(measure)) out.set(measure, new Map());
    out.get(measure)!.set(qid, Number(value));
  }
  return out;
}

// trec_eval prints 4 decimals.
const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= 0.00005 + 1e-12, `${what}: got ${actual.toFixed(6)}, trec_eval says ${expected}`);

const CUTS = [5, 10, 15, 20, 30, 100, 200, 500, 1000];

function checkAgainst(expectedFile: string, qrelsFile: string, relevanceLevel: number) {
  const expected = parseExpected(read(expectedFile));
  const qrels = parseQrels(read(qrelsFile));
  const run = parseRun(read('results.test'));
  const queries = [...run.keys()].filter((q) => qrels.has(q)).sort();
  assert.deepEqual(queries, ['301', '302', '303']);

  const measures: [string, (ranking: string[], q: Qrels) => number][] = [
    ['recip_rank', (r, q) => reciprocalRank(r, q, { relevanceLevel })],
    ...CUTS.map((k): [string, (r: string[], q: Qrels) => number] => [`ndcg_cut_${k}`, (r, q) => ndcgAtK(r, q, k)]),
    ...CUTS.map((k): [string, (r: string[], q: Qrels) => number] => [`recall_${k}`, (r, q) => recallAtK(r, q, k, { relevanceLevel })]),
  ];
  let checked = 0;
  for (const [name, fn] of measures) {
    const perQuery = queries.map((q) => fn(run.get(q)!, qrels.get(q)!));
    queries.forEach((q, i) => {
      const want = expected.get(name)?.get(q);
      if (want === undefined) return;
      close(perQuery[i], want, `${name} ${q}`);
      checked++;
    });
    const all = expected.get(name)?.get('all');
    if (all !== undefined) {
      close(mean(perQuery), all, `${name} all`);
      checked++;
    }
  }
  return checked;
}

describe('metrics (trec_eval fixture)', () => {
  it('reproduces trec_eval -q on the binary qrels: recip_rank, ndcg_cut_k, recall_k per query and mean', () => {
    const checked = checkAgainst('expected/out.test.aq', 'qrels.test', 1);
    assert.equal(checked, (1 + 2 * CUTS.length) * 4);
  });

  it('reproduces trec_eval -q -l2 on the graded qrels (graded nDCG gains, relevance level 2)', () => {
    const checked = checkAgainst('expected/out.test.aql', 'qrels.rel_level', 2);
    assert.ok(checked >= 12, `only ${checked} values compared`);
  });

  it('reproduces the derived MRR@10 (reciprocal rank with a cut-off)', () => {
    const derived = JSON.parse(read('expected/mrr_at_10.derived.json'));
    const qrels = parseQrels(read('qrels.test'));
    const run = parseRun(read('results.test'));
    const per = ['301', '302', '303'].map((q) => {
      const v = reciprocalRank(run.get(q)!, qrels.get(q)!, { cutoff: 10 });
      close(v, derived[q].mrr_at_10, `MRR@10 ${q}`);
      return v;
    });
    close(mean(per), derived.all.mrr_at_10, 'MRR@10 all');
  });

  it('breaks score ties by document id descending, ignoring the rank column', () => {
    assert.deepEqual(trecEvalOrder([{ id: 'A', score: 1 }, { id: 'C', score: 1 }, { id: 'B', score: 2 }]), ['B', 'C', 'A']);
  });
});

describe('metrics (properties)', () => {
  const judged = fc.dictionary(fc.string({ minLength: 1, maxLength: 3 }), fc.integer({ min: -1, max: 3 }), { maxKeys: 12 });
  const rankingOf = (q: Record<string, number>) => fc.shuffledSubarray(Object.keys(q).concat(['u1', 'u2']));

  it('values stay in [0, 1]; the ideal ordering has nDCG 1', () => {
    fc.assert(
      fc.property(judged.chain((q) => fc.tuple(fc.constant(q), rankingOf(q), fc.integer({ min: 1, max: 15 }))), ([q, ranking, k]) => {
        for (const v of [ndcgAtK(ranking, q, k), recallAtK(ranking, q, k), reciprocalRank(ranking, q)]) assert.ok(v >= 0 && v <= 1 + 1e-12);
        const ideal = Object.keys(q).sort((a, b) => q[b] - q[a]);
        if (Object.values(q).some((g) => g > 0)) assert.ok(Math.abs(ndcgAtK(ideal, q, k) - 1) < 1e-12);
      }),
    );
  });

  it('recall@k never decreases with k; unjudged or duplicate documents add nothing', () => {
    fc.assert(
      fc.property(judged.chain((q) => fc.tuple(fc.constant(q), rankingOf(q))), ([q, ranking]) => {
        let prev = 0;
        for (let k = 0; k <= ranking.length; k++) {
          const r = recallAtK(ranking, q, k);
          assert.ok(r >= prev);
          prev = r;
        }
        const doubled = ranking.flatMap((id) => [id, id]);
        assert.equal(recallAtK(doubled, q, doubled.length), recallAtK(ranking, q, ranking.length));
        assert.equal(reciprocalRank(doubled, q), reciprocalRank(ranking, q));
      }),
    );
  });

  it('cut-off reciprocal rank is 0 beyond the cut-off and equal to the uncut one within it', () => {
    const q = { a: 0, b: 0, c: 1 };
    assert.equal(reciprocalRank(['a', 'b', 'c'], q), 1 / 3);
    assert.equal(reciprocalRank(['a', 'b', 'c'], q, { cutoff: 2 }), 0);
    assert.equal(reciprocalRank(['a', 'b', 'c'], q, { cutoff: 3 }), 1 / 3);
    assert.equal(recallAtK(['a'], {}, 5), 0);
    assert.equal(ndcgAtK(['a'], { a: 0 }, 5), 0);
  });
});
