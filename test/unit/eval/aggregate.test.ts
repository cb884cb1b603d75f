// Before/after aggregates against trec_eval's own outputs on its test fixture, including tied scores
// (6/2/2 ties in the three topics) and a query whose judgments hold nothing relevant.
import { strict as assert } from 'node:assert';
import { evaluateSet, idealOrder } from '../../../src/core/eval/aggregate';
import { evalQueryFromSet, retrieverRun, rerankedRun, type EvalQuery } from '../../../src/core/eval/queries';
import { MEASURES, type MeasureName } from '../../../src/core/metrics';
import { fixtureQrels, fixtureQueries, near, parseExpected, readFixture } from './support';

// Our measure -> trec_eval's name (ndcg@1/@3 are not trec_eval cut-offs: checked by hand below;
// mrr@10 against the fixture's derived file).
const TREC_NAME: Partial<Record<MeasureName, string>> = {
  'ndcg@5': 'ndcg_cut_5',
  'ndcg@10': 'ndcg_cut_10',
  map: 'map',
  'recall@10': 'recall_10',
  'recall@100': 'recall_100',
  'p@1': 'success_1', // P@1 = success@1: one document, relevant or not
  'p@5': 'P_5',
  'p@10': 'P_10',
};

function check(expectedFile: string, qrelsFile: string, relevanceLevel: number): number {
  const expected = parseExpected(readFixture(expectedFile));
  const result = evaluateSet(fixtureQueries(fixtureQrels(qrelsFile)), { relevanceLevel });
  assert.equal(result.counts.evaluated, 3);
  let compared = 0;
  for (const [ours, theirs] of Object.entries(TREC_NAME) as [MeasureName, string][]) {
    for (const e of result.perQuery) {
      const want = expected.get(theirs)!.get(e.queryId)!;
      near(e.before[ours], want, `${ours} before ${e.queryId}`);
      near(e.after[ours], want, `${ours} after ${e.queryId}`);
      compared += 2;
    }
    near(result.before[ours], expected.get(theirs)!.get('all')!, `${ours} all before`);
    near(result.after[ours], expected.get(theirs)!.get('all')!, `${ours} all after`);
    compared += 2;
  }
  return compared;
}

// Every measure except mrr@10, against trec_eval run with exactly these cut-offs (expected/lab_measures.*).
const ALL_TREC_NAMES: Record<Exclude<MeasureName, 'mrr@10'>, string> = {
  'ndcg@1': 'ndcg_cut_1', 'ndcg@3': 'ndcg_cut_3', 'ndcg@5': 'ndcg_cut_5', 'ndcg@10': 'ndcg_cut_10', map: 'map',
  'recall@10': 'recall_10', 'recall@100': 'recall_100', 'p@1': 'P_1', 'p@5': 'P_5', 'p@10': 'P_10',
};

describe('eval aggregates (trec_eval fixture)', () => {
  for (const [file, qrelsFile, level] of [['expected/lab_measures.aq', 'qrels.test', 1], ['expected/lab_measures.aql', 'qrels.rel_level', 2]] as const) {
    it(`equal trec_eval for all ten cut-off measures the lab reports (${file}, -l${level})`, () => {
      const expected = parseExpected(readFixture(file));
      const result = evaluateSet(fixtureQueries(fixtureQrels(qrelsFile)), { relevanceLevel: level });
      let compared = 0;
      for (const [ours, theirs] of Object.entries(ALL_TREC_NAMES) as [MeasureName, string][]) {
        for (const e of result.perQuery) {
          near(e.after[ours], expected.get(theirs)!.get(e.queryId)!, `${ours} ${e.queryId}`);
          compared++;
        }
        near(result.after[ours], expected.get(theirs)!.get('all')!, `${ours} all`);
        near(result.before[ours], expected.get(theirs)!.get('all')!, `${ours} all (retriever order)`);
        compared += 2;
      }
      assert.equal(compared, 10 * 5);
    });
  }

  it('equal trec_eval -q on the binary qrels for every measure it has, per query and as the mean', () => {
    assert.equal(check('expected/out.test.aq', 'qrels.test', 1), 8 * 8);
  });

  it('equal trec_eval -q -l2 on the graded qrels (graded nDCG gains, relevance level 2)', () => {
    assert.equal(check('expected/out.test.aql', 'qrels.rel_level', 2), 8 * 8);
  });

  it('MRR@10 is reciprocal rank cut at 10 (trec_eval recip_rank has no cut-off): 303 has its first relevant at 19', () => {
    const derived = JSON.parse(readFixture('expected/mrr_at_10.derived.json'));
    const result = evaluateSet(fixtureQueries(fixtureQrels('qrels.test')));
    for (const e of result.perQuery) near(e.before['mrr@10'], derived[e.queryId].mrr_at_10, `MRR@10 ${e.queryId}`);
    near(result.before['mrr@10'], derived.all.mrr_at_10, 'MRR@10 all');
    assert.notEqual(result.before['mrr@10'].toFixed(4), '0.4064');
  });

  it('orders tied scores as trec_eval does (docno descending), ignoring the run rank column', () => {
    const q = fixtureQueries(fixtureQrels('qrels.test'));
    for (const query of q) {
      const run = rerankedRun(query);
      for (let i = 1; i < run.length; i++) {
        assert.ok(run[i - 1].score > run[i].score || (run[i - 1].score === run[i].score && run[i - 1].id > run[i].id), `order at ${i}`);
      }
      assert.deepEqual(retrieverRun(query).map((r) => r.id), run.map((r) => r.id));
    }
    // The fixture really has ties (its README: 6/2/2): the check above covers them.
    const ties = q.map((query) => { const s = query.candidates.map((c) => c.score); return s.length - new Set(s).size; });
    assert.deepEqual(ties, [6, 2, 2]);
  });

  it('keeps a query whose judgments are all non-relevant in the mean with zeros, as trec_eval does (no_relevant_303.aq)', () => {
    const expected = parseExpected(readFixture('expected/no_relevant_303.aq'));
    assert.equal(expected.get('num_q')!.get('all'), 3);
    const result = evaluateSet(fixtureQueries(fixtureQrels('qrels.no-relevant-303')));
    assert.equal(result.counts.evaluated, 3);
    assert.equal(result.counts.noRelevant, 1);
    for (const [ours, theirs] of Object.entries(ALL_TREC_NAMES) as [MeasureName, string][]) {
      assert.equal(result.perQuery.find((e) => e.queryId === '303')!.after[ours], 0, `${ours} 303`);
      near(result.after[ours], expected.get(theirs)!.get('all')!, `${ours} all`);
    }
  });

  it('skips queries missing from the labels and queries without candidates, and counts them', () => {
    const qrels = fixtureQrels('qrels.test');
    qrels.delete('302');
    const queries = fixtureQueries(qrels);
    queries.push({ queryId: 'empty', candidates: [], retrieverKind: 'unknown', qrels: { a: 1 } });
    queries.push({ queryId: 'pending', candidates: [{ id: 'a' }], retrieverKind: 'unknown', qrels: { a: 1 } });
    const result = evaluateSet(queries);
    assert.deepEqual(result.counts, { total: 5, evaluated: 2, unlabelled: 1, noCandidates: 1, pending: 1, noRelevant: 0 });
    const expected = parseExpected(readFixture('expected/out.test.aq'));
    near(result.before.map, (expected.get('map')!.get('301')! + expected.get('map')!.get('303')!) / 2, 'map over 301 and 303');
  });
});

describe('eval aggregates (hand-made)', () => {
  const q = (id: string, grades: number[], retriever: number[], reranker: number[], extraJudged: Record<string, number> = {}): EvalQuery => ({
    queryId: id,
    candidates: grades.map((_, i) => ({ id: `d${i}`, retrieverScore: retriever[i], score: reranker[i] })),
    retrieverKind: 'similarity',
    qrels: { ...Object.fromEntries(grades.map((g, i) => [`d${i}`, g])), ...extraJudged },
  });

  it('nDCG@1 and @3 by hand; ideal reorder and pool recall for the ceiling', () => {
    // Retriever: d0 (0), d1 (1), d2 (2); reranked: d2, d1, d0. One relevant judged doc (grade 2) never retrieved.
    const query = q('a', [0, 1, 2], [3, 2, 1], [1, 2, 3], { missing: 2 });
    const r = evaluateSet([query]);
    const idcg3 = 2 / Math.log2(2) + 2 / Math.log2(3) + 1 / Math.log2(4);
    assert.equal(r.before['ndcg@1'], 0);
    assert.ok(Math.abs(r.before['ndcg@3'] - (1 / Math.log2(3) + 2 / Math.log2(4)) / idcg3) < 1e-12);
    assert.equal(r.after['ndcg@1'], 1);
    assert.ok(Math.abs(r.after['ndcg@3'] - (2 + 1 / Math.log2(3)) / idcg3) < 1e-12);
    assert.deepEqual(idealOrder(query), ['d2', 'd1', 'd0']);
    assert.ok(Math.abs(r.ceiling.poolRecall - 2 / 3) < 1e-12);
    assert.ok(r.ceiling.ndcg10 < 1 && r.ceiling.ndcg10 >= r.after['ndcg@10'] - 1e-12);
    assert.equal(MEASURES.length, 11);
  });

  it('wins/ties/losses on nDCG@10, mean difference, and no interval for a single query', () => {
    const better = q('w', [0, 1], [2, 1], [1, 2]);
    const same = q('t', [1, 0], [2, 1], [2, 1]);
    const worse = q('l', [1, 0], [2, 1], [1, 2]);
    const r = evaluateSet([better, same, worse]);
    assert.deepEqual([r.comparison.wins, r.comparison.ties, r.comparison.losses], [1, 1, 1]);
    assert.ok(Math.abs(r.comparison.meanDifference) < 1e-12);
    assert.ok(r.comparison.interval && r.comparison.interval.low <= 0 && r.comparison.interval.high >= 0);
    assert.equal(evaluateSet([better]).comparison.interval, null);
  });

  it('the retriever order falls back to the list order when scores contradict it, or when they are distances', () => {
    const contradicting: EvalQuery = { queryId: 'x', candidates: [{ id: 'a', retrieverScore: 1 }, { id: 'b', retrieverScore: 5 }], retrieverKind: 'similarity' };
    assert.deepEqual(retrieverRun(contradicting), [{ id: 'a', score: 2 }, { id: 'b', score: 1 }]);
    const distances: EvalQuery = { queryId: 'y', candidates: [{ id: 'a', retrieverScore: 0.1 }, { id: 'b', retrieverScore: 0.1 }, { id: 'c', retrieverScore: 0.3 }], retrieverKind: 'distance' };
    // Equal distances tie: trec_eval order puts "b" before "a".
    assert.deepEqual(retrieverRun(distances).map((r) => r.id), ['b', 'a', 'c']);
  });
});

describe('evalQueryFromSet', () => {
  it("builds candidates in the retriever's order with label ids, re-keying the set's own labels", () => {
    const chunk = (id: string, text: string, rank: number) => ({ id, text, originalRank: rank, retrieverScore: 1 / rank, scoreKind: 'similarity' as const, metadata: {} });
    const set = { query: 'q', format: 'x', chunks: [chunk('#2', 'second', 2), chunk('#1', 'first', 1)], labels: { byChunkId: { '#1': 1, elsewhere: 2 } } };
    const q = evalQueryFromSet(set, [{ score: 0.5, probability: 0.6 }, undefined], { queryId: 'Q', idOf: (c) => `id:${c.text}` });
    assert.deepEqual(q.candidates.map((c) => c.id), ['id:first', 'id:second']);
    assert.equal(q.candidates[1].score, 0.5);
    assert.equal(q.candidates[0].score, undefined);
    assert.deepEqual(q.qrels, { 'id:first': 1, elsewhere: 2 });
    assert.equal(q.retrieverKind, 'similarity');
    assert.equal(evalQueryFromSet(set, [], { qrels: null }).qrels, undefined);
  });
});
