// The `rerank-lens` CLI as a user runs it: `node dist/cli.js rerank ...` with the tiny model.
// NEEDS BUILD: runs dist/cli.js (which forks dist/engine.js); the `before` hook builds when stale.
// (test/unit/cli/formats.test.ts runs every format sample through main() in-process.)
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readText } from '../../../src/core/read/index';
import { FIXTURES_DIR } from '../../support/paths';
import { checkShape, type CliJson, type CliResult } from '../cli/harness';
import { CLI_JS, ensureBuilt, TINY_MODEL_2LABELS_DIR, TINY_MODEL_DIR } from './support';

const DOCS = [
  'Berlin is well known for its museums.',
  'Berlin has a population of 3,520,031 registered inhabitants in an area of 891.82 square kilometers.',
  'The cat sat on the mat.',
  'Paris is the capital of France.',
  'Rivers flood in spring when the snow melts in the mountains and the banks overflow.',
];

/** Three queries, one JSON object per line, with the stack's own ids and a distance per passage. */
const MULTI = [
  { qid: 'q-a', query: 'How many people live in Berlin?', passages: [{ pid: 'p1', passage: DOCS[0], distance: 0.2 }, { pid: 'p2', passage: DOCS[1], distance: 0.3 }] },
  { qid: 'q-b', query: 'Where do cats sit?', passages: [{ pid: 'p3', passage: DOCS[2], distance: 0.1 }, { pid: 'p4', passage: DOCS[3], distance: 0.4 }, { pid: 'p5', passage: DOCS[4], distance: 0.5 }] },
  { qid: 'q-c', query: 'When do rivers flood?', passages: [{ pid: 'p5', passage: DOCS[4], distance: 0.15 }] },
];
const multiJsonl = MULTI.map((o) => JSON.stringify(o)).join('\n') + '\n';

describe('rerank-lens CLI (NEEDS BUILD: dist/cli.js, dist/engine.js)', function () {
  this.timeout(120_000);
  let dir: string;
  const cli = (args: string[], input?: string) => {
    const r = spawnSync(process.execPath, [CLI_JS, ...args], {
      input,
      encoding: 'utf8',
      env: { ...process.env, XDG_CACHE_HOME: join(dir, 'xdg') },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const file = (name: string, content: unknown): string => {
    const p = join(dir, name);
    writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return p;
  };
  const model = ['--model', TINY_MODEL_DIR];

  before(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'rl-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function single(out: CliJson, query: string): CliResult[] {
    checkShape(out, 'cli');
    assert.equal(out.model, TINY_MODEL_DIR);
    assert.equal(out.queries.length, 1);
    assert.equal(out.queries[0].query, query);
    const results = out.queries[0].results;
    assert.equal(results.length, DOCS.length);
    for (const r of results) {
      assert.equal(r.text, DOCS[r.index]);
      assert.equal(r.originalRank, r.index + 1);
    }
    return results;
  }

  it('reranks a JSON array of texts with --query and prints JSON sorted by score', () => {
    const r = cli(['rerank', file('docs.json', DOCS), '--query', 'How many people live in Berlin?', ...model, '--format', 'json', '--cache-dir', join(dir, 'cache')]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as CliJson;
    const results = single(out, 'How many people live in Berlin?');
    assert.equal(out.format, 'plain-strings');
    assert.ok(results.every((x) => x.kept), 'no threshold or top-k: everything kept');
    assert.ok(results.every((x) => Math.abs(x.probability - 1 / (1 + Math.exp(-x.score))) < 1e-9));
    assert.ok(results.every((x) => !('retrieverScore' in x) && !('label' in x)), 'plain texts carry no retriever score or label');
  });

  it('reads {query, documents} from stdin, applies --top-k and --threshold in sigmoid space, and truncates with --max-length', () => {
    const query = 'When do rivers flood?';
    const input = JSON.stringify({ query, documents: DOCS });
    const all = JSON.parse(cli(['rerank', '-', ...model, '--format', 'json', '--activation', 'sigmoid'], input).stdout) as CliJson;
    assert.equal((all as unknown as { input: string }).input, '<stdin>');
    const results = single(all, query);
    assert.ok(results.every((x) => x.score === x.probability), 'sigmoid activation: score is the probability');
    const threshold = (results[1].score + results[2].score) / 2;
    const r = cli(['rerank', '-', ...model, '--format', 'json', '--activation', 'sigmoid', '--threshold', String(threshold), '--top-k', '1', '--max-length', '16'], input);
    assert.equal(r.code, 0, r.stderr);
    const kept = (JSON.parse(r.stdout) as CliJson).queries[0].results;
    assert.deepEqual(kept.map((x) => x.kept), [true, false, false, false, false]);
    const long = kept.find((x) => x.index === 4)!;
    assert.equal(long.truncated, true);
    assert.equal(typeof long.truncatedAtChar, 'number');
    assert.ok(long.truncatedAtChar! > 0 && long.truncatedAtChar! < DOCS[4].length);
    // What the model saw fits the max length ([CLS] q [SEP] d [SEP]); the whole counts stay beside it.
    const seen = long as typeof long & { queryTokensKept?: number; chunkTokensKept?: number };
    assert.ok(seen.queryTokensKept !== undefined && seen.chunkTokensKept !== undefined, JSON.stringify(long));
    assert.equal(seen.queryTokensKept + seen.chunkTokensKept + 3, 16);
    assert.ok(seen.chunkTokensKept < long.chunkTokens, 'the chunk was cut');
  });

  it('a two-label model with --activation sigmoid: ordered by the softmax probability it prints', () => {
    const query = 'How many people live in Berlin?';
    const raw = JSON.parse(cli(['rerank', '-', '--model', TINY_MODEL_2LABELS_DIR, '--format', 'json'], JSON.stringify({ query, documents: DOCS })).stdout) as CliJson;
    const r = cli(['rerank', '-', '--model', TINY_MODEL_2LABELS_DIR, '--format', 'json', '--activation', 'sigmoid', '--top-k', '2'], JSON.stringify({ query, documents: DOCS }));
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as CliJson;
    checkShape(out, '2 labels');
    const results = out.queries[0].results;
    assert.ok(results.every((x) => x.score === x.probability));
    assert.deepEqual(results.map((x) => x.kept), [true, true, false, false, false]);
    // The same logits as the raw run, whatever the order.
    const logitOf = new Map(raw.queries[0].results.map((x) => [x.index, x.score]));
    assert.ok(results.every((x) => x.logit === logitOf.get(x.index)));
  });

  it('prints a table by default, with control characters in chunks neutralised', () => {
    const r = cli(['rerank', file('ctl.json', { query: 'cat', documents: ['The cat\u001b[31m sat.', 'Dogs bark.'] }), ...model]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /query: cat/);
    assert.match(r.stdout, /rank +orig/);
    assert.ok(!r.stdout.includes('\u001b'), 'no escape sequences from chunk text reach the terminal');
    assert.match(r.stdout, /2 of 2 kept/);
  });

  it('a multi-query JSONL: every query by default (with its id), --query-index N for one, --query for all', () => {
    const p = file('multi.jsonl', multiJsonl);
    const all = cli(['rerank', p, ...model, '--format', 'json']);
    assert.equal(all.code, 0, all.stderr);
    const out = JSON.parse(all.stdout) as CliJson;
    checkShape(out, 'multi');
    assert.deepEqual(out.queries.map((q) => [q.query, q.queryId, q.results.length]), MULTI.map((m) => [m.query, m.qid, m.passages.length]));
    for (const [k, q] of out.queries.entries()) {
      for (const r of q.results) {
        assert.equal(r.id, MULTI[k].passages[r.index].pid);
        assert.equal(r.retrieverScore, MULTI[k].passages[r.index].distance);
        assert.equal(r.scoreKind, 'distance');
      }
    }

    const one = cli(['rerank', p, ...model, '--format', 'json', '--query-index', '1']);
    assert.equal(one.code, 0, one.stderr);
    const picked = JSON.parse(one.stdout) as CliJson;
    assert.equal(picked.queries.length, 1);
    assert.equal(picked.queries[0].queryId, 'q-b');
    assert.equal(picked.queries[0].setIndex, 1);
    assert.deepEqual(picked.queries[0].results, out.queries[1].results, 'the same set scores the same alone');

    const out3 = cli(['rerank', p, ...model, '--query-index', '3']);
    assert.equal(out3.code, 2);
    assert.match(out3.stderr, /--query-index 3 is out of range: .*multi\.jsonl holds 3 queries \(indexes 0 to 2\)/);
    assert.equal(out3.stdout, '');

    const over = cli(['rerank', p, ...model, '--format', 'json', '--query', 'flooding rivers']);
    assert.equal(over.code, 0, over.stderr);
    assert.deepEqual((JSON.parse(over.stdout) as CliJson).queries.map((q) => q.query), ['flooding rivers', 'flooding rivers', 'flooding rivers']);
  });

  it('a BEIR folder: one query per query id, retriever scores from the run, labels from qrels; table shows them', () => {
    const beir = join(FIXTURES_DIR, 'formats/infra/beir-with-run');
    const r = cli(['rerank', beir, ...model, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as CliJson;
    checkShape(out, 'beir');
    assert.equal(out.format, 'trec-run');
    assert.deepEqual(out.queries.map((q) => q.queryId), ['q1', 'q2', 'q3']);
    assert.match(out.queries[0].query, /birds/);
    const results = out.queries.flatMap((q) => q.results);
    assert.ok(results.every((x) => typeof x.retrieverScore === 'number' && x.scoreKind === 'similarity'));
    assert.ok(results.some((x) => x.label !== undefined && x.label > 0), 'judged chunks carry their qrels label');
    const table = cli(['rerank', beir, ...model, '--query-index', '0']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /query \[set 0, id q1\]: how do birds/);
    assert.match(table.stdout, /retriever scores: similarity, higher is better/);
    assert.match(table.stdout, /retriever label keep/);
  });

  it('an unknown shape with one obvious list is read by inference, with a note naming the paths it used', () => {
    const shape = { request: { question: 'How many people live in Berlin?' }, data: { items: DOCS.map((d, i) => ({ key: `k${i}`, body: d, sim: 1 - i / 10 })) } };
    const r = cli(['rerank', file('custom-one.json', shape), ...model, '--query', 'q', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /note: .*read by inference: 5 records at \$\.data\.items\[\*\]: text \$\.data\.items\[\*\]\.body, id \$\.data\.items\[\*\]\.key/);
    assert.deepEqual(single(JSON.parse(r.stdout) as CliJson, 'q').map((x) => x.id).sort(), DOCS.map((_, i) => `k${i}`).sort());
  });

  it('an ambiguous shape (two lists, neither clearly the chunks): ready-to-paste --text-path options, exit 2; with the paths it reranks', () => {
    const items = (tag: string) => DOCS.map((d, i) => ({ key: `${tag}${i}`, body: d, sim: 1 - i / 10 }));
    const shape = { request: { question: 'How many people live in Berlin?' }, data: { items: items('k') }, other: { items: items('o') } };
    const p = file('custom.json', shape);
    const r = cli(['rerank', p, ...model, '--query', 'q']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /error: Several lists could hold the chunks/);
    assert.match(r.stderr, /^ {2}--text-path '\$\.data\.items\[\*\]\.body' {4}# 5 texts/m);
    assert.equal(r.stdout, '');

    const ok = cli(['rerank', p, ...model, '--format', 'json', '--text-path', '$.data.items[*].body', '--query-path', '$.request.question', '--id-path', '$.data.items[*].key', '--score-path', '$.data.items[*].sim']);
    assert.equal(ok.code, 0, ok.stderr);
    const out = single(JSON.parse(ok.stdout) as CliJson, 'How many people live in Berlin?');
    assert.deepEqual(out.map((x) => x.id), out.map((x) => `k${x.index}`));
    assert.deepEqual(out.map((x) => x.retrieverScore), out.map((x) => 1 - x.index / 10));

    const bad = cli(['rerank', p, ...model, '--text-path', '$.data.items[*].nothing', '--query', 'q']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /No texts at \$\.data\.items\[\*\]\.nothing/);
  });

  it('usage and input errors go to stderr with exit code 2 and say what and where', () => {
    const noQuery = cli(['rerank', file('nq.json', DOCS), ...model]);
    assert.equal(noQuery.code, 2);
    assert.match(noQuery.stderr, /nq\.json \(plain-strings\) holds no query text/);
    assert.match(noQuery.stderr, /--query/);
    assert.equal(noQuery.stdout, '');

    const badJson = cli(['rerank', file('bad.json', '[\n  "a",\n  oops\n]'), '--query', 'q', ...model]);
    assert.equal(badJson.code, 2);
    assert.match(badJson.stderr, /error: Invalid JSON in .*bad\.json at line 3, column 3/);
    assert.match(badJson.stderr, /\n {2}\S/, 'a hint follows');

    const missing = cli(['rerank', join(dir, 'nope.json'), '--query', 'q']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Cannot read .*nope\.json: no such file or folder/);

    const badOpt = cli(['rerank', file('ok.json', DOCS), '--query', 'q', '--dtype', 'fp16']);
    assert.equal(badOpt.code, 2);
    assert.match(badOpt.stderr, /--dtype must be one of fp32, q8/);

    const badFolder = cli(['rerank', file('ok2.json', DOCS), '--query', 'q', '--model', './no/such/folder']);
    assert.equal(badFolder.code, 2);
    assert.match(badFolder.stderr, /Model folder .* does not exist/);

    const big = cli(['rerank', file('big.json', DOCS), '--query', 'q', ...model, '--max-file-size-mb', '0.0001']);
    assert.equal(big.code, 2);
    assert.match(big.stderr, /over the .* size limit/);
    assert.match(big.stderr, /--max-file-size-mb/);
    const bigStdin = cli(['rerank', '-', '--query', 'q', ...model, '--max-file-size-mb', '0.0001'], JSON.stringify(DOCS));
    assert.equal(bigStdin.code, 2);
    assert.match(bigStdin.stderr, /<stdin> is over the .* size limit/);

    const exportNowhere = cli(['rerank', file('ok3.json', DOCS), '--query', 'q', ...model, '--export', join(dir, 'no-dir', 'x.json')]);
    assert.equal(exportNowhere.code, 2);
    assert.match(exportNowhere.stderr, /Cannot export to .*no-dir.*does not exist/);
  });

  it('warnings are printed and the run goes on: a broken JSONL line is reported with its line', () => {
    const lines = multiJsonl.split('\n');
    lines.splice(1, 0, '{"qid": "broken", "query": ');
    const r = cli(['rerank', file('partly-broken.jsonl', lines.join('\n')), ...model, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: .*line 2/);
    assert.equal((JSON.parse(r.stdout) as CliJson).queries.length, 3);
  });

  it('--export writes the input\'s own shape (read back: rerank fields, same texts, reranked order) and Cohere style', () => {
    const langchain = join(FIXTURES_DIR, 'formats/langchain/documents.json');
    const target = join(dir, 'out', 'langchain.reranked.json');
    mkdirSync(join(dir, 'out'), { recursive: true });
    const r = cli(['rerank', langchain, ...model, '--format', 'json', '--query', 'threads and the GIL', '--top-k', '2', '--export', target]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`wrote 1 reranked query set \\(same shape as the input, JSON\\) to ${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const results = (JSON.parse(r.stdout) as CliJson).queries[0].results;
    const back = readText(readFileSync(target, 'utf8'), { file: target });
    assert.equal(back.format, 'langchain-documents');
    const chunks = back.sets[0].chunks;
    assert.deepEqual(chunks.map((c) => c.text), results.map((x) => x.text), 'the same texts, now in reranked order');
    assert.deepEqual(chunks.map((c) => c.id), results.map((x) => x.id));
    const fields = chunks.map((c) => c.metadata.rerank as { rank: number; originalRank: number; kept: boolean; probability: number });
    assert.deepEqual(fields.map((f) => f.rank), [1, 2, 3, 4]);
    assert.deepEqual(fields.map((f) => f.kept), [true, true, false, false], '--top-k 2 decides kept');
    assert.deepEqual(fields.map((f) => f.originalRank), results.map((x) => x.originalRank));

    const multi = file('multi2.jsonl', multiJsonl);
    const cohere = join(dir, 'out', 'multi.cohere.json');
    const c = cli(['rerank', multi, ...model, '--format', 'json', '--export', cohere, '--export-style', 'cohere']);
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stderr, /wrote 3 reranked query sets \(Cohere rerank response\)/);
    const json = JSON.parse(c.stdout) as CliJson;
    const exported = JSON.parse(readFileSync(cohere, 'utf8')) as { query: string; query_id?: string; results: { index: number; relevance_score: number; document: { text: string } }[] }[];
    assert.equal(exported.length, 3);
    exported.forEach((e, k) => {
      assert.equal(e.query, MULTI[k].query);
      assert.equal(e.query_id, MULTI[k].qid);
      assert.deepEqual(e.results.map((x) => x.index), json.queries[k].results.map((x) => x.index), 'Cohere results in reranked order');
      assert.deepEqual(e.results.map((x) => x.relevance_score), json.queries[k].results.map((x) => x.probability));
      for (const x of e.results) assert.equal(x.document.text, MULTI[k].passages[x.index].passage);
    });

    const same = join(dir, 'out', 'multi.same.jsonl');
    const s = cli(['rerank', multi, ...model, '--query-index', '1', '--export', same]);
    assert.equal(s.code, 0, s.stderr);
    const rows = readFileSync(same, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { qid: string; passages: { rerank?: unknown }[] });
    assert.deepEqual(rows.map((x) => x.qid), ['q-a', 'q-b', 'q-c'], 'every line kept');
    assert.ok(rows[1].passages.every((x) => x.rerank), 'the reranked query gains rerank fields');
    assert.ok(rows[0].passages.every((x) => x.rerank === undefined), 'the others are untouched');
  });

  it('engine errors exit 1 with the message and hint: offline and not cached', () => {
    const r = cli(['rerank', file('off.json', DOCS), '--query', 'q', '--model', 'cross-encoder/ms-marco-MiniLM-L-6-v2', '--offline', '--cache-dir', join(dir, 'empty-cache')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /not in the model cache.*offline mode is on/);
    assert.match(r.stderr, /Turn offline mode off/);
  });
});
