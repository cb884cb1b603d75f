// `rerank-lens eval --scorer SPEC`: the labelled-set evaluation scored by a rerank server (a real HTTP
// server on 127.0.0.1 speaking TEI's and Cohere's shapes, test/support/rerankServers). The reranked run
// holds exactly the server's numbers; a second run asks the server nothing (score store); a failing
// server is exit 1 with a message naming it; a key never appears in any output.
// NEEDS BUILD only for the shared in-process harness (no engine is started: no local scorer here).
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EvalReport } from '../../../src/core/eval/report';
import { parseQrelsText } from '../../../src/core/labels/qrels';
import { MEASURES, mean, measureAll, trecEvalOrder } from '../../../src/core/metrics';
import { parseTrecRun } from '../../../src/core/read/trec';
import { FIXTURES_DIR } from '../../support/paths';
import { rawScore, startRerankServer, type RerankServer } from '../../support/rerankServers/index';
import { InProcessCli } from '../cli/harness';

const LABELLED = join(FIXTURES_DIR, 'workspace/labelled-set');

function metricsFromFiles(runFile: string, qrelsFile: string) {
  const run = parseTrecRun(readFileSync(runFile, 'utf8'));
  const qrels = parseQrelsText(readFileSync(qrelsFile, 'utf8')).qrels;
  const per = [...run.byQuery].filter(([q]) => qrels.has(q)).map(([q, rows]) => measureAll(trecEvalOrder(rows.map((r) => ({ id: r.docno, score: r.score }))), Object.fromEntries(qrels.get(q)!)));
  return Object.fromEntries(MEASURES.map((m) => [m, mean(per.map((p) => p[m]))]));
}

describe('rerank-lens eval --scorer (loopback rerank servers)', function () {
  this.timeout(60_000);
  const cli = new InProcessCli();
  let dir: string;
  let tei: RerankServer;
  const savedKey = process.env.RERANK_LENS_API_KEY;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rl-eval-scorer-'));
    tei = await startRerankServer({ kind: 'tei', maxBatch: 4 });
  });
  after(async () => {
    cli.dispose();
    await tei.close();
    rmSync(dir, { recursive: true, force: true });
    if (savedKey === undefined) delete process.env.RERANK_LENS_API_KEY;
    else process.env.RERANK_LENS_API_KEY = savedKey;
  });

  it('TEI: every pair scored by the server (raw logits, 413 split to its batch limit), metrics from its order, the report names server and meaning', async () => {
    const out = join(dir, 'runs');
    const r = await cli.run(['eval', LABELLED, '--scorer', `tei:${tei.url}`, '--cache-dir', join(dir, 'cache'), '--format', 'json', '--run-out', out]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as EvalReport;
    assert.equal(report.dtype, 'tei, logit');
    assert.match(report.model, /^tei @ 127\.0\.0\.1:\d+$/);
    assert.equal(report.pairs.scored, report.pairs.unique);
    assert.ok(report.pairs.unique > 0);
    // Every document the server answered for went in batches of at most 4 (a 413 halves the batch).
    const answered = tei.requests.filter((q) => q.documents.length <= 4);
    assert.equal(answered.reduce((n, q) => n + q.documents.length, 0), report.pairs.unique);
    // The reranked run carries the server's raw logits, one per pair the server saw.
    const served = answered.flatMap((q) => q.documents.map((d) => rawScore(String(q.body.query), d))).sort((a, b) => a - b);
    const run = parseTrecRun(readFileSync(report.runFiles!.reranked, 'utf8'));
    const inRun = [...run.byQuery.values()].flatMap((rows) => rows.map((x) => x.score)).sort((a, b) => a - b);
    assert.equal(inRun.length, served.length);
    inRun.forEach((s, i) => assert.ok(Math.abs(s - served[i]) < 1e-4, `score ${i}: ${s} vs ${served[i]}`));
    const afterM = metricsFromFiles(report.runFiles!.reranked, report.runFiles!.qrels!);
    for (const m of MEASURES) assert.ok(Math.abs(afterM[m] - report.metrics!.after[m]) < 1e-12, m);
  });

  it('a second run asks the server nothing: every pair comes from the score store under the server identity', async () => {
    const before = tei.requests.length;
    const r = await cli.run(['eval', LABELLED, '--scorer', `tei:${tei.url}`, '--cache-dir', join(dir, 'cache'), '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as EvalReport;
    assert.equal(report.pairs.fromCache, report.pairs.unique);
    assert.equal(report.pairs.scored, 0);
    assert.equal(tei.requests.length, before);
  });

  it('a server that rejects the key: exit 1, a message naming the server, and the key in no output', async () => {
    const key = 'sk-eval-secret-7f3a9c';
    const cohere = await startRerankServer({ kind: 'cohere', apiKey: 'the-right-key' });
    try {
      process.env.RERANK_LENS_API_KEY = key;
      const r = await cli.run(['eval', LABELLED, '--scorer', `cohere:${cohere.url}#rerank-v3.5`, '--cache-dir', join(dir, 'cache2'), '--no-score-cache']);
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, /rerank-lens: error: .*cohere/i);
      assert.ok(cohere.requests.some((q) => q.authorization === `Bearer ${key}`), 'the key was sent in the header');
      assert.ok(!r.stderr.includes(key) && !r.stdout.includes(key), 'the key in no output');
    } finally {
      delete process.env.RERANK_LENS_API_KEY;
      await cohere.close();
    }
  });

  it('scores received before a failure are kept: the rerun asks only for the rest', async () => {
    const srv = await startRerankServer({ kind: 'tei' });
    try {
      const args = ['eval', LABELLED, '--scorer', `tei:${srv.url}`, '--cache-dir', join(dir, 'cache3'), '--concurrency', '1', '--format', 'json'];
      // The third request answers 400 (not retried): the first two queries' scores are already in.
      let n = 0;
      const orig = srv.requests.push.bind(srv.requests);
      srv.requests.push = (...items) => {
        if (++n === 3) srv.faults.push({ kind: 'status', status: 400, body: { error: 'bad input', error_type: 'Validation' } });
        return orig(...items);
      };
      const failed = await cli.run(args);
      assert.equal(failed.code, 1);
      assert.match(failed.stderr, /tei/i);
      const firstCount = srv.requests.length;
      srv.requests.push = orig;
      const again = await cli.run(args);
      assert.equal(again.code, 0, again.stderr);
      const report = JSON.parse(again.stdout) as EvalReport;
      assert.ok(report.pairs.fromCache > 0, 'scores of the first run were kept');
      assert.equal(report.pairs.fromCache + report.pairs.scored, report.pairs.unique);
      assert.ok(srv.requests.length - firstCount < firstCount + 3, 'the rerun asked for less');
    } finally {
      await srv.close();
    }
  });

  it('bad usage: --scorer with --model, or an unknown provider, is exit 2 with a hint', async () => {
    const both = await cli.run(['eval', LABELLED, '--scorer', 'tei:http://127.0.0.1:1', '--model', 'x/y']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--scorer replaces --model/);
    const bad = await cli.run(['eval', LABELLED, '--scorer', 'nosuch:http://127.0.0.1:1']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /error: /);
  });
});
