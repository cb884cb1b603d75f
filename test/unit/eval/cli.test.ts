// `rerank-lens eval` end to end, in-process with the real engine and the tiny test model: a BEIR folder
// without a run gets BM25 and prints before/after metrics; the --run-out files read back by our own
// metrics code give the printed numbers; the second run comes from the disk score store; bad inputs
// (labels for unknown queries/documents, a file that is not qrels, a query with no candidates, a set of
// one query, no labels at all) get a clear message and the rest still works.
// NEEDS BUILD: forks dist/engine.js (the before hook builds when stale). The tiny model's scores are
// random: the tests check consistency, never that reranking helps.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EvalReport } from '../../../src/core/eval/report';
import { chunkIdentity, queryIdentity } from '../../../src/core/labels/identity';
import { parseQrelsText } from '../../../src/core/labels/qrels';
import { LabelStore } from '../../../src/node/labelStore';
import { MEASURES, mean, measureAll, trecEvalOrder } from '../../../src/core/metrics';
import { parseTrecRun } from '../../../src/core/read/trec';
import { FIXTURES_DIR, TINY_MODEL_DIR } from '../../support/paths';
import { InProcessCli } from '../cli/harness';
import { ensureBuilt } from '../engine/support';

const BEIR = join(FIXTURES_DIR, 'formats/infra/beir-sample');

/** Our metrics over a run file and a qrels file, as trec_eval would compute them (queries in both). */
function metricsFromFiles(runFile: string, qrelsFile: string) {
  const run = parseTrecRun(readFileSync(runFile, 'utf8'));
  const qrels = parseQrelsText(readFileSync(qrelsFile, 'utf8')).qrels;
  const per = [...run.byQuery].filter(([q]) => qrels.has(q)).map(([q, rows]) => measureAll(trecEvalOrder(rows.map((r) => ({ id: r.docno, score: r.score }))), Object.fromEntries(qrels.get(q)!)));
  return Object.fromEntries(MEASURES.map((m) => [m, mean(per.map((p) => p[m]))]));
}

describe('rerank-lens eval (NEEDS BUILD: dist/engine.js)', function () {
  this.timeout(180_000);
  const cli = new InProcessCli();
  let dir: string;
  const base = () => ['--model', TINY_MODEL_DIR, '--cache-dir', join(dir, 'cache')];
  const json = async (args: string[]) => {
    const r = await cli.run(['eval', ...args, ...base(), '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    return { report: JSON.parse(r.stdout) as EvalReport, stderr: r.stderr };
  };

  before(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'rl-eval-'));
  });
  after(() => {
    cli.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('BEIR folder without a run: BM25 first stage (settings stated), before/after metrics, run files that reproduce them', async () => {
    const out = join(dir, 'runs');
    const { report } = await json([BEIR, '--run-out', out, '--precision-target', '0.5']);
    assert.equal(report.format, 'beir-bm25');
    // Issue 15: which of the cutoff's two numbers CrossEncoder.predict returns (the test model: Identity).
    assert.equal(report.modelActivation?.fn, 'identity');
    assert.match(report.modelActivation!.reason, /sentence_transformers\.activation_fn/);
    assert.deepEqual([report.firstStage!.k1, report.firstStage!.b, report.firstStage!.depth, report.firstStage!.wholeCorpus], [1.2, 0.75, 100, true]);
    assert.match(report.firstStage!.analyzer, /Porter2/);
    assert.equal(report.queries.evaluated, 3);
    assert.equal(report.pairs.total, 24);
    assert.ok(report.metrics && report.comparison && report.ceiling);
    assert.equal(report.comparison!.wins + report.comparison!.ties + report.comparison!.losses, 3);
    assert.equal(report.ceiling!.poolRecall, 1, 'the whole corpus is the pool');
    // The run files, read back by the project's own metrics code, give the printed numbers.
    const before = metricsFromFiles(report.runFiles!.retriever, report.runFiles!.qrels!);
    const afterM = metricsFromFiles(report.runFiles!.reranked, report.runFiles!.qrels!);
    for (const m of MEASURES) {
      assert.ok(Math.abs(before[m] - report.metrics!.before[m]) < 1e-12, `${m} before`);
      assert.ok(Math.abs(afterM[m] - report.metrics!.after[m]) < 1e-12, `${m} after`);
    }
    assert.ok(report.recommendations.maxF1 && report.recommendations.recall.point);
    assert.equal(report.recommendations.precision!.target, 0.5);
    assert.ok(report.sweep.length >= 1 && report.topK!.k === 10);
  });

  it('the table says the same, and a second run scores nothing: every pair comes from the disk score store', async () => {
    const r = await cli.run(['eval', BEIR, ...base()]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /first stage: BM25 \(wink-bm25-text-search 3, k1=1\.2, b=0\.75\)/);
    assert.match(r.stdout, /^nDCG@10 +\d\.\d{4} +\d\.\d{4} +[+-]\d\.\d{4}$/m);
    assert.match(r.stdout, /did reranking help \(nDCG@10\): \d+ better, \d+ same, \d+ worse; mean change [+-]\d\.\d{4}, 95% interval/);
    assert.match(r.stdout, /recommended cutoffs/);
    assert.match(r.stdout, /24 pairs, 24 unique, 24 from the score cache, 0 scored now/);
    // Nothing was scored, so the model never said its activation: the line is left out rather than guessed.
    assert.doesNotMatch(r.stdout, /CrossEncoder\.predict returns/);
    const fresh = await cli.run(['eval', BEIR, ...base(), '--no-score-cache']);
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.match(fresh.stdout, /CrossEncoder\.predict returns the raw logit \(logit\) for this model: config\.json: sentence_transformers\.activation_fn = torch\.nn\.modules\.linear\.Identity/);
  });

  it('labels from --qrels: unknown queries and documents are counted and reported, the rest is evaluated', async () => {
    const qrels = join(dir, 'extra.qrels');
    writeFileSync(qrels, 'q1 0 bm-001 2\nq1 0 not-in-corpus 1\nq2 0 bm-005 1\nq404 0 bm-001 1\nq405 0 bm-002 1\n');
    const { report } = await json([BEIR, '--qrels', qrels]);
    assert.equal(report.labels!.unknownQueries, 2);
    assert.equal(report.labels!.unknownQueryJudgments, 2);
    assert.equal(report.labels!.unknownDocuments, 1);
    assert.equal(report.queries.evaluated, 2);
    assert.equal(report.queries.unlabelled, 1);
    assert.ok(report.messages.some((m) => /2 labelled queries are not in the input/.test(m)));
    assert.ok(report.messages.some((m) => /1 judgments name documents that are not candidates/.test(m)));
  });

  it("reads the label store's saved file (with its # header) through --qrels: the same metrics as the same labels in the input", async () => {
    // Judge with the workspace store exactly as the panel would (query and chunk identities), copying
    // the BEIR sample's own qrels; eval --qrels on the saved file must print the input-label numbers.
    const store = new LabelStore(join(dir, 'ws'));
    const own = parseQrelsText(readFileSync(join(BEIR, 'qrels/test.tsv'), 'utf8')).qrels;
    const judgments = [...own].flatMap(([q, docs]) => [...docs].map(([d, g]) => ({ queryId: queryIdentity({ queryId: q }), docId: chunkIdentity({ id: d, text: '' }), grade: g, input: 'beir-sample' })));
    const saved = await store.judge('beir-sample', judgments);
    assert.match(readFileSync(saved.file, 'utf8'), /^# Rerank Lens relevance labels/);
    const fromStore = (await json([BEIR, '--qrels', saved.file])).report;
    const fromInput = (await json([BEIR])).report;
    assert.equal(fromStore.labels!.labelledPairs, 6);
    assert.equal(fromStore.labels!.unknownQueries + fromStore.labels!.unknownDocuments, 0);
    assert.deepEqual(fromStore.metrics, fromInput.metrics);
  });

  it('a labels file that is not qrels: exit 2 with a message naming it', async () => {
    const bad = join(dir, 'notes.txt');
    writeFileSync(bad, 'these are my notes\nnot labels at all\n');
    const r = await cli.run(['eval', BEIR, '--qrels', bad, ...base()]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /notes\.txt is not a qrels file/);
    assert.match(r.stderr, /holds no relevance labels/);
  });

  it('no labels at all: no metrics, a message, and the sweep still describes the thresholds', async () => {
    const { report } = await json([join(FIXTURES_DIR, 'workspace/multi.jsonl')]);
    assert.equal(report.metrics, null);
    assert.equal(report.labels, null);
    assert.ok(report.messages.some((m) => /No labels for these queries/.test(m)));
    assert.ok(report.sweep.length > 0 && report.sweep.every((p) => p.precision === null));
    assert.ok(report.recommendations.reasons.some((w) => /No labelled pairs/.test(w)));
  });

  it('a query with no candidates and a set of one query each get a message', async () => {
    const folder = join(dir, 'beir-small');
    mkdirSync(join(folder, 'qrels'), { recursive: true });
    const docs = ['cats purr softly', 'dogs bark at night', 'birds sing at dawn', 'fish swim in rivers', 'cows eat grass'];
    writeFileSync(join(folder, 'corpus.jsonl'), docs.map((t, i) => JSON.stringify({ _id: `d${i}`, title: '', text: t })).join('\n'));
    writeFileSync(join(folder, 'queries.jsonl'), [JSON.stringify({ _id: 'qa', text: 'why do cats purr' }), JSON.stringify({ _id: 'qz', text: 'zebra stripes' })].join('\n'));
    writeFileSync(join(folder, 'qrels/test.tsv'), 'query-id\tcorpus-id\tscore\nqa\td0\t1\nqz\td4\t1\n');
    const { report } = await json([folder, '--depth', '2', '--run-out', join(dir, 'small-runs')]);
    // trec_eval 10 stops on a qrels topic missing from the run: the written labels hold only queries
    // the runs hold.
    assert.doesNotMatch(readFileSync(report.runFiles!.qrels!, 'utf8'), /^qz /m);
    assert.doesNotMatch(readFileSync(report.runFiles!.reranked, 'utf8'), /^qz /m);
    assert.equal(report.firstStage!.wholeCorpus, false);
    assert.equal(report.queries.noCandidates, 1);
    assert.equal(report.queries.evaluated, 1);
    assert.ok(report.messages.some((m) => /1 query has no candidates \(BM25 matched no document\)/.test(m)), report.messages.join('|'));
    assert.ok(report.messages.some((m) => /Only 1 query was evaluated: no interval/.test(m)));
    assert.equal(report.comparison!.interval, null);
  });

  it('--sample N --seed S picks the same queries every time; --max-queries cuts', async () => {
    const a = await json([BEIR, '--sample', '2', '--seed', '5']);
    const b = await json([BEIR, '--sample', '2', '--seed', '5']);
    assert.equal(a.report.queries.total, 2);
    assert.deepEqual(a.report.perQuery.map((q) => q.queryId).sort(), b.report.perQuery.map((q) => q.queryId).sort());
    assert.deepEqual(a.report.comparison, b.report.comparison);
    const c = await json([BEIR, '--max-queries', '1']);
    assert.equal(c.report.queries.total, 1);
  });

  it('bad usage: exit 2 with a hint', async () => {
    const r = await cli.run(['eval', BEIR, '--recall-target', '2', ...base()]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--recall-target must be a number in \(0, 1\]/);
    const help = await cli.run(['eval', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: rerank-lens eval INPUT/);
  });
});
