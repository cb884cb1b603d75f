// `rerank-lens compare` end to end in-process: the real engine (dist/engine.js, NEEDS BUILD) scoring the
// tiny test model in fp32 and q8, and a loopback TEI server, on a labelled three-query JSONL input.
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompareReport } from '../../../src/cli/commands/compare';
import { InProcessCli } from '../cli/harness';
import { ensureBuilt } from '../engine/support';
import { TINY_MODEL_DIR } from '../../support/paths';
import { startRerankServer, type RerankServer } from '../../support/rerankServers/index';

const TOPICS: [string, string[]][] = [
  ['why is the connection pool exhausted', ['pool', 'connection']],
  ['how do I rotate the api keys', ['rotate', 'keys']],
  ['what is a write-ahead log', ['log', 'write-ahead']],
];

/** Three queries of eight chunks; every third chunk is judged relevant. */
function labelledInput(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rl-compare-'));
  const lines = TOPICS.map(([q, words], qi) => {
    const hits = Array.from({ length: 8 }, (_, i) => ({
      id: `q${qi}-d${i}`,
      text: i % 3 === 0 ? `Chunk ${i} about ${words.join(' and ')}: the ${words[0]} is discussed in detail.` : `Chunk ${i} about gardening, tomatoes and sunlight, note ${i}.`,
      score: 1 - i / 10,
    }));
    return JSON.stringify({ qid: `q${qi}`, query: q, relevant_ids: hits.filter((_, i) => i % 3 === 0).map((h) => h.id), hits });
  });
  const file = join(dir, 'labelled.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('cli compare (NEEDS BUILD: real engine, tiny model)', function () {
  this.timeout(120_000);
  const cli = new InProcessCli();
  let input: string;
  let server: RerankServer | undefined;
  before(() => {
    ensureBuilt();
    input = labelledInput();
  });
  after(async () => {
    cli.dispose();
    await server?.close();
  });

  it('fp32 vs q8 vs fp32 again: agreement, metrics with intervals, translated thresholds (JSON)', async () => {
    const r = await cli.run(['compare', input, '--scorer', `local:${TINY_MODEL_DIR}@fp32`, '--scorer', `local:${TINY_MODEL_DIR}@q8`, '--scorer', `local:${TINY_MODEL_DIR}`, '--format', 'json', '--k', '5']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as CompareReport;
    assert.deepEqual(out.scorers.map((s) => [s.name, s.meaning, s.kind]), [
      ['A', 'logit', 'local'],
      ['B', 'logit', 'local'],
      ['C', 'logit', 'local'],
    ]);
    assert.notEqual(out.scorers[0].identity, out.scorers[1].identity);
    assert.equal(out.scorers[0].identity, out.scorers[2].identity);
    assert.ok(out.scorers.every((s) => s.activation?.fn === 'identity'), 'the test model\'s config.json says Identity');
    assert.deepEqual([out.sets, out.chunks, out.labelledSets, out.k], [3, 24, 3, 5]);
    // The same scorer twice agrees perfectly and translates every threshold to itself.
    const ac = out.agreement.find((g) => g.a === 'A' && g.b === 'C')!;
    assert.deepEqual([ac.meanTau, ac.pooledTau, ac.meanOverlap, ac.sets, ac.chunks], [1, 1, 1, 3, 24]);
    const ab = out.agreement.find((g) => g.a === 'A' && g.b === 'B')!;
    assert.ok(ab.meanTau > 0.5 && ab.meanTau <= 1, `q8 mostly agrees with fp32 (tau ${ab.meanTau})`);
    assert.equal(out.thresholds.length, 3, 'default: thresholds keeping 25/50/75%');
    for (const t of out.thresholds) {
      const toC = t.to.find((x) => x.scorer === 'C')!;
      assert.equal(toC.byShare.threshold, t.threshold);
      assert.equal(toC.byShare.kept, t.kept);
      assert.ok(toC.byRecall && Math.abs(toC.byRecall.recall - t.recall!) < 1e-12);
      const toB = t.to.find((x) => x.scorer === 'B')!;
      assert.ok(Math.abs(toB.byShare.kept - t.kept) <= 1, 'same share kept on q8 (ties aside)');
      assert.ok(toB.byRecall!.recall >= t.recall! - 1e-12, 'same recall (or more) on q8');
    }
    assert.deepEqual(out.metrics.map((m) => m.scorer), ['retriever', 'A', 'B', 'C']);
    assert.deepEqual(out.retriever.map((g) => g.scorer), ['A', 'B', 'C']);
    assert.equal(out.retriever[0].meanTau, out.retriever[2].meanTau);
    for (const g of out.retriever) assert.ok(g.meanTau >= -1 && g.meanTau <= 1 && g.sets === 3);
    // The retriever puts relevant chunks at 1, 4 and 7: recall@5 = 2/3, reciprocal rank 1.
    assert.ok(Math.abs(out.metrics[0].recall - 2 / 3) < 1e-12);
    assert.equal(out.metrics[0].mrr, 1);
    const c = out.metrics[3];
    assert.deepEqual([c.vsFirst!.ndcg.diff, c.vsFirst!.ndcg.low, c.vsFirst!.ndcg.high], [0, 0, 0]);
    assert.ok(out.disagreements.items.length <= 5);
    for (const d of out.disagreements.items) assert.notEqual(d.rankA, d.rankB);
  });

  it('a local model against a loopback TEI server, as a table', async () => {
    server = await startRerankServer({ kind: 'tei' });
    const r = await cli.run(['compare', input, '--scorer', `local:${TINY_MODEL_DIR}`, '--scorer', `tei:${server.url}`, '--threshold', '0']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(server.requests.length, 3, 'one request per query set');
    // Issue 15: a local model's number is its raw logit, with what CrossEncoder.predict applies named beside it.
    assert.match(r.stdout, /A {2}tiny-bert \(fp32\) {2}\[raw logit; CrossEncoder\.predict: this logit\]/);
    assert.match(r.stdout, /B {2}tei @ 127\.0\.0\.1:\d+ {2}\[raw logit\]/);
    assert.match(r.stdout, /agreement \(k = 10\)/);
    assert.match(r.stdout, /A-retriever /);
    assert.match(r.stdout, /metrics over 3 labelled sets/);
    assert.match(r.stdout, /A >= 0 keeps \d+ \(/);
    assert.match(r.stdout, /B: same share: >= .* same recall: >= /);
    assert.match(r.stdout, /most disagreeing chunks \(A vs B\)/);
  });

  it('usage errors exit 2 with a hint', async () => {
    const one = await cli.run(['compare', input, '--scorer', `local:${TINY_MODEL_DIR}`]);
    assert.equal(one.code, 2);
    assert.match(one.stderr, /at least two --scorer/);
    const model = await cli.run(['compare', input, '--scorer', 'tei:http://127.0.0.1:1', '--scorer', 'tei:http://127.0.0.1:2', '--model', 'x']);
    assert.equal(model.code, 2);
    assert.match(model.stderr, /does not take --model/);
    const bad = await cli.run(['compare', input, '--scorer', 'tei:http://127.0.0.1:1', '--scorer', 'foo:bar']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Unknown scorer kind "foo"/);
  });

  it('a server that fails exits 1 naming it', async () => {
    const down = await startRerankServer({ kind: 'tei', faults: [{ kind: 'status', status: 400, body: { error: 'bad input', error_type: 'Validation' } }] });
    try {
      const r = await cli.run(['compare', input, '--scorer', `tei:${down.url}`, '--scorer', `local:${TINY_MODEL_DIR}`]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /tei server http:\/\/127\.0\.0\.1:\d+\/rerank answered 400: bad input/);
    } finally {
      await down.close();
    }
  });
});

describe('cli rerank --scorer (NEEDS BUILD)', function () {
  this.timeout(120_000);
  const cli = new InProcessCli();
  before(() => ensureBuilt());
  after(() => cli.dispose());

  it('reranks with a loopback server and with local:MODEL@q8', async () => {
    const server = await startRerankServer({ kind: 'vllm' });
    try {
      const input = labelledInput();
      const r = await cli.run(['rerank', input, '--query-index', '1', '--scorer', `vllm:${server.url}#BAAI/bge-reranker-v2-m3`, '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { model: string; dtype: string; queries: { results: { score: number; id: string }[] }[] };
      assert.equal(out.model, 'vllm BAAI/bge-reranker-v2-m3 @ ' + new URL(server.url).host);
      assert.equal(out.dtype, 'vllm, probability');
      const res = out.queries[0].results;
      assert.equal(res.length, 8);
      for (let i = 1; i < res.length; i++) assert.ok(res[i - 1].score >= res[i].score);
      assert.equal(server.requests[0].body.model, 'BAAI/bge-reranker-v2-m3');
      const q8 = await cli.run(['rerank', input, '--query-index', '0', '--scorer', `local:${TINY_MODEL_DIR}@q8`, '--format', 'json']);
      assert.equal(q8.code, 0, q8.stderr);
      assert.equal((JSON.parse(q8.stdout) as { dtype: string }).dtype, 'q8');
      const both = await cli.run(['rerank', input, '--scorer', `local:${TINY_MODEL_DIR}`, '--model', TINY_MODEL_DIR]);
      assert.equal(both.code, 2);
      assert.match(both.stderr, /--scorer replaces --model/);
    } finally {
      await server.close();
    }
  });
});
