// Our numbers against trec_eval 10 on random sets nobody tuned for (test/fixtures/trec-eval-diff: graded
// qrels with -1 and fractional grades, topics only in the run or only in the qrels, queries with nothing
// relevant, unjudged documents, tied scores, ids whose UTF-8 byte order differs from UTF-16's, runs
// shorter than k, -l 0/1/2, -c). The expected outputs were computed with trec_eval (see the README there);
// trec_eval is not needed here. trec_eval prints 4 decimals: values must agree to 1e-4.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateSet, formatTrecRun, hasJudgment, rerankedRun, retrieverRun, type EvalQuery } from '../../../src/core/eval/index';
import { parseQrelsText, type QrelsMap } from '../../../src/core/labels/qrels';
import { compareDocno, measureAll, prepareQrels, reciprocalRank, trecEvalOrder, type MeasureName } from '../../../src/core/metrics';
import { parseTrecRun } from '../../../src/core/read/trec';
import { exportTrecRun } from '../../../src/core/export/trecRun';
import type { RetrievalSet } from '../../../src/core/types';
import { FIXTURES_DIR } from '../../support/paths';
import { near, parseExpected } from './support';

const DIR = join(FIXTURES_DIR, 'trec-eval-diff');
const read = (p: string) => readFileSync(join(DIR, p), 'utf8');
const TREC: Record<string, MeasureName> = {
  ndcg_cut_1: 'ndcg@1', ndcg_cut_3: 'ndcg@3', ndcg_cut_5: 'ndcg@5', ndcg_cut_10: 'ndcg@10', map: 'map',
  recall_10: 'recall@10', recall_100: 'recall@100', P_1: 'p@1', P_5: 'p@5', P_10: 'p@10',
};

const qrels: QrelsMap = parseQrelsText(read('random/qrels'), 'qrels').qrels;
const qrelsAll: QrelsMap = parseQrelsText(read('random/qrels.all'), 'qrels.all').qrels;
const run = parseTrecRun(read('random/run'), 'run');
const judged = (qid: string) => (qrels.has(qid) ? Object.fromEntries(qrels.get(qid)!) : undefined);

type PerQuery = Map<string, Record<string, number>>;

/** Every trec_eval measure we name, per query and as trec_eval's mean ("all"), and num_q. */
function check(ours: PerQuery, expectedFile: string, mrrFile: string, what: string): number {
  const exp = parseExpected(read(expectedFile));
  const mrr = parseExpected(read(mrrFile)).get('recip_rank')!;
  const queries = [...exp.get('ndcg_cut_10')!.keys()].filter((q) => q !== 'all').sort();
  assert.deepEqual([...ours.keys()].sort(), queries, `${what}: the queries evaluated`);
  assert.equal(exp.get('num_q')!.get('all'), ours.size, `${what}: num_q`);
  let checked = 0;
  for (const [trec, ourName] of [...Object.entries(TREC), ['recip_rank', 'rr'], ['mrr@10', 'mrr@10']] as [string, string][]) {
    const byQuery = trec === 'mrr@10' ? mrr : exp.get(trec)!;
    let sum = 0;
    for (const [qid, v] of ours) {
      near(v[ourName], byQuery.get(qid)!, `${what} ${trec} ${qid}`);
      sum += v[ourName];
      checked++;
    }
    near(sum / ours.size, byQuery.get('all')!, `${what} ${trec} all`);
  }
  return checked;
}

function metricsOf(level: number): PerQuery {
  const out: PerQuery = new Map();
  for (const [qid, entries] of run.byQuery) {
    const q = judged(qid);
    if (!q) continue; // trec_eval evaluates topics in both files
    const order = trecEvalOrder(entries.map((e) => ({ id: e.docno, score: e.score })));
    out.set(qid, { ...measureAll(order, prepareQrels(q, { relevanceLevel: level })), rr: reciprocalRank(order, q, { relevanceLevel: level }) });
  }
  return out;
}

/** The lab's queries as `eval` builds them from a TREC run: candidates in rank-column order. */
function labQueries(scores?: Map<string, number>): EvalQuery[] {
  return [...run.byQuery].map(([qid, entries]) => ({
    queryId: qid,
    retrieverKind: 'similarity' as const,
    scoresAreOrder: true,
    candidates: entries.map((e) => ({ id: e.docno, retrieverScore: e.score, score: scores ? scores.get(`${qid}\t${e.docno}`)! : e.score })),
    ...(judged(qid) ? { qrels: judged(qid)! } : {}),
  }));
}

describe('eval: differential against trec_eval 10 (random sets)', () => {
  for (const level of [0, 1, 2]) {
    it(`core/metrics: every measure per query and mean equal trec_eval -q -l ${level}`, () => {
      assert.ok(check(metricsOf(level), `random/expected/l${level}.txt`, `random/expected/mrr10.l${level}.txt`, `-l ${level}`) > 400);
    });
  }

  it('-c averages over every qrels topic: our sum over the evaluated queries / all qrels topics', () => {
    const exp = parseExpected(read('random/expected/c.l1.txt'));
    const ours = metricsOf(1);
    assert.equal(exp.get('num_q')!.get('all'), qrelsAll.size);
    for (const [trec, m] of Object.entries(TREC)) near([...ours.values()].reduce((s, v) => s + v[m], 0) / qrelsAll.size, exp.get(trec)!.get('all')!, `-c ${trec}`);
  });

  it('the lab before (a TREC run whose rank column disagrees with its scores) equals trec_eval on that run', () => {
    for (const level of [1, 2]) {
      const ev = evaluateSet(labQueries(), { relevanceLevel: level });
      const ours: PerQuery = new Map(ev.perQuery.map((e) => [e.queryId, { ...e.before, rr: metricsOf(level).get(e.queryId)!.rr }]));
      check(ours, `random/expected/l${level}.txt`, `random/expected/mrr10.l${level}.txt`, `lab before -l ${level}`);
      // the retriever.run eval writes is that order
      for (const q of labQueries()) assert.deepEqual(retrieverRun(q).map((r) => r.id), trecEvalOrder(run.byQuery.get(q.queryId)!.map((e) => ({ id: e.docno, score: e.score }))));
    }
  });

  it('the lab after (reranker scores with ties) equals trec_eval on the reranked.run it writes', () => {
    const scores = new Map(read('lab/scores.tsv').split('\n').filter(Boolean).map((l) => {
      const [q, d, s] = l.split('\t');
      return [`${q}\t${d}`, Number(s)] as [string, number];
    }));
    const queries = labQueries(scores);
    assert.equal(formatTrecRun(queries.map((q) => ({ queryId: q.queryId, rows: rerankedRun(q) })), 'reranked'), read('lab/reranked.run'));
    const reranked = parseTrecRun(read('lab/reranked.run'), 'reranked.run');
    for (const level of [1, 2]) {
      const ev = evaluateSet(queries, { relevanceLevel: level });
      const ours: PerQuery = new Map(ev.perQuery.map((e) => {
        const order = trecEvalOrder(reranked.byQuery.get(e.queryId)!.map((x) => ({ id: x.docno, score: x.score })));
        return [e.queryId, { ...e.after, rr: reciprocalRank(order, judged(e.queryId)!, { relevanceLevel: level }) }];
      }));
      check(ours, `lab/expected/reranked.l${level}.txt`, `lab/expected/reranked.mrr10.l${level}.txt`, `lab after -l ${level}`);
      assert.equal(ev.counts.evaluated, ours.size);
      assert.equal(ev.counts.unlabelled, run.byQuery.size - ours.size);
    }
  });
});

describe('eval: trec_eval semantics without trec_eval', () => {
  it('docno ties fall in UTF-8 byte order (code points), not UTF-16 order', () => {
    const ids = ['d\uff21', 'd\ud83d\ude00', 'd\ue000', 'd\u6587', 'da', 'dA', 'd_A'];
    const bytes = (s: string) => [...Buffer.from(s, 'utf8')];
    const byBytes = [...ids].sort((a, b) => {
      const x = bytes(a), y = bytes(b);
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return y[i] - x[i];
      return y.length - x.length;
    });
    assert.deepEqual(trecEvalOrder(ids.map((id) => ({ id, score: 1 }))), byBytes);
    assert.ok(compareDocno('d\ud83d\ude00', 'd\uff21') > 0);
  });

  it('ties are broken on the ids the run file holds (whitespace written as _)', () => {
    const q: EvalQuery = { queryId: 'q 1', retrieverKind: 'unknown', candidates: [{ id: 'a!', score: 1 }, { id: 'a b', score: 1 }, { id: 'a\tc', score: 2 }] };
    const text = formatTrecRun([{ queryId: q.queryId, rows: rerankedRun(q) }], 'x');
    const back = parseTrecRun(text, 'r').byQuery.get('q_1')!;
    assert.deepEqual(trecEvalOrder(back.map((e) => ({ id: e.docno, score: e.score }))), back.map((e) => e.docno));
    assert.deepEqual(back.map((e) => e.docno), ['a_c', 'a_b', 'a!']);
  });

  it('grades are read as trec_eval reads them (atol), unjudged and negative documents are never relevant', () => {
    const q = { d1: 2.7, d2: 0.5, d3: -1, d4: 0 };
    assert.deepEqual(prepareQrels(q).ideal, [2]);
    const m = measureAll(['x', 'd2', 'd3', 'd4', 'd1'], q, { relevanceLevel: 0 });
    // -l 0: judged 0 (d2 read as 0, d4) and d1 relevant; unjudged x and -1 d3 not
    assert.equal(m['p@5'], 3 / 5);
    assert.equal(m['mrr@10'], 1 / 2);
    assert.equal(prepareQrels(q, { relevanceLevel: 0 }).relevant, 3);
  });

  it('a query judged only -1 is evaluated with zeros (trec_eval counts it in num_q)', () => {
    assert.equal(hasJudgment({ a: -1 }), false);
    assert.equal(hasJudgment({ a: -1, b: 0 }), true);
    const ev = evaluateSet([{ queryId: 'q', retrieverKind: 'unknown', candidates: [{ id: 'a', score: 1 }], qrels: { a: -1 } }]);
    assert.equal(ev.counts.evaluated, 1);
    assert.equal(ev.after['ndcg@10'], 0);
  });

  it('TREC run export: trec_eval reads back our reranked order when the shown scores tie', () => {
    const set: RetrievalSet = { queryId: 'q1', format: 'trec-run', chunks: ['b', 'c', 'a', 'd e'].map((id, i) => ({ id, text: id, originalRank: i + 1 })) } as RetrievalSet;
    const fields = [
      { score: 1, probability: 1, logit: 40, rank: 1, originalRank: 1, kept: true },
      { score: 1, probability: 1, logit: 38, rank: 2, originalRank: 2, kept: true },
      { score: 0.5, probability: 0.5, logit: 0, rank: 3, originalRank: 3, kept: true },
      { score: 0.5, probability: 0.5, logit: 0, rank: 4, originalRank: 4, kept: true },
    ];
    const sink: { message: string }[] = [];
    const text = exportTrecRun([{ set, fields }], sink as never);
    const back = parseTrecRun(text, 'r').byQuery.get('q1')!;
    assert.deepEqual(trecEvalOrder(back.map((e) => ({ id: e.docno, score: e.score }))), ['b', 'c', 'a', 'd_e']);
    assert.match(sink.map((d) => d.message).join(' '), /n \+ 1 - rank/);
    // probabilities that keep the order are written as they are
    const ok = exportTrecRun([{ set, fields: fields.map((f, i) => ({ ...f, score: 0.9 - i / 10 })) }], []);
    assert.match(ok, /^q1 Q0 b 1 0\.9 rerank$/m);
  });
});
