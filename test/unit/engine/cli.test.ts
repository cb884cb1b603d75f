// The `rerank-lens` CLI as a user runs it: `node dist/cli.js rerank ...` with the tiny model.
// NEEDS BUILD: runs dist/cli.js (which forks dist/engine.js); the `before` hook builds when stale.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_JS, ensureBuilt, TINY_MODEL_DIR } from './support';

interface CliResult {
  index: number;
  id: string;
  text: string;
  score: number;
  probability: number;
  rank: number;
  originalRank: number;
  queryTokens: number;
  chunkTokens: number;
  truncated: boolean;
  truncatedAtChar: number | null;
  kept: boolean;
}
interface CliJson {
  model: string;
  queries: { query: string; results: CliResult[] }[];
}

const DOCS = [
  'Berlin is well known for its museums.',
  'Berlin has a population of 3,520,031 registered inhabitants in an area of 891.82 square kilometers.',
  'The cat sat on the mat.',
  'Paris is the capital of France.',
  'Rivers flood in spring when the snow melts in the mountains and the banks overflow.',
];

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
    writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
    return p;
  };

  before(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'rl-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function checkShape(out: CliJson, query: string): CliResult[] {
    assert.equal(out.model, TINY_MODEL_DIR);
    assert.equal(out.queries.length, 1);
    assert.equal(out.queries[0].query, query);
    const results = out.queries[0].results;
    assert.equal(results.length, DOCS.length);
    for (const r of results) {
      for (const k of ['index', 'id', 'text', 'score', 'probability', 'rank', 'originalRank', 'queryTokens', 'chunkTokens', 'truncated', 'truncatedAtChar', 'kept']) {
        assert.ok(k in r, `result has ${k}`);
      }
      assert.equal(r.text, DOCS[r.index]);
      assert.equal(r.originalRank, r.index + 1);
    }
    assert.deepEqual(results.map((r) => r.rank), [1, 2, 3, 4, 5]);
    for (let i = 1; i < results.length; i++) assert.ok(results[i - 1].score >= results[i].score, 'sorted by score, descending');
    assert.deepEqual([...results.map((r) => r.index)].sort(), [0, 1, 2, 3, 4]);
    return results;
  }

  it('reranks a JSON array of texts with --query and prints JSON sorted by score', () => {
    const r = cli(['rerank', file('docs.json', DOCS), '--query', 'How many people live in Berlin?', '--model', TINY_MODEL_DIR, '--format', 'json', '--cache-dir', join(dir, 'cache')]);
    assert.equal(r.code, 0, r.stderr);
    const results = checkShape(JSON.parse(r.stdout) as CliJson, 'How many people live in Berlin?');
    assert.ok(results.every((x) => x.kept), 'no threshold or top-k: everything kept');
    assert.ok(results.every((x) => Math.abs(x.probability - 1 / (1 + Math.exp(-x.score))) < 1e-9));
  });

  it('reads {query, documents} from stdin, applies --top-k and --threshold in sigmoid space, and truncates with --max-length', () => {
    const query = 'When do rivers flood?';
    const input = JSON.stringify({ query, documents: DOCS });
    const all = JSON.parse(cli(['rerank', '-', '--model', TINY_MODEL_DIR, '--format', 'json', '--activation', 'sigmoid'], input).stdout) as CliJson;
    const results = checkShape(all, query);
    assert.ok(results.every((x) => x.score === x.probability), 'sigmoid activation: score is the probability');
    const threshold = (results[1].score + results[2].score) / 2;
    const r = cli(['rerank', '-', '--model', TINY_MODEL_DIR, '--format', 'json', '--activation', 'sigmoid', '--threshold', String(threshold), '--top-k', '1', '--max-length', '16'], input);
    assert.equal(r.code, 0, r.stderr);
    const kept = (JSON.parse(r.stdout) as CliJson).queries[0].results;
    assert.deepEqual(kept.map((x) => x.kept), [true, false, false, false, false]);
    const long = kept.find((x) => x.index === 4)!;
    assert.equal(long.truncated, true);
    assert.equal(typeof long.truncatedAtChar, 'number');
    assert.ok(long.truncatedAtChar! > 0 && long.truncatedAtChar! < DOCS[4].length);
  });

  it('prints a table by default, with control characters in chunks neutralised', () => {
    const r = cli(['rerank', file('ctl.json', { query: 'cat', documents: ['The cat\u001b[31m sat.', 'Dogs bark.'] }), '--model', TINY_MODEL_DIR]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /query: cat/);
    assert.match(r.stdout, /rank +orig/);
    assert.ok(!r.stdout.includes('\u001b'), 'no escape sequences from chunk text reach the terminal');
    assert.match(r.stdout, /2 of 2 kept/);
  });

  it('usage and input errors go to stderr with exit code 2 and say what to do', () => {
    const noQuery = cli(['rerank', file('nq.json', DOCS), '--model', TINY_MODEL_DIR]);
    assert.equal(noQuery.code, 2);
    assert.match(noQuery.stderr, /No query/);
    assert.match(noQuery.stderr, /--query/);
    assert.equal(noQuery.stdout, '');

    const badJson = cli(['rerank', file('bad.json', '[\n  "a",\n  oops\n]'), '--query', 'q', '--model', TINY_MODEL_DIR]);
    assert.equal(badJson.code, 2);
    assert.match(badJson.stderr, /bad\.json, line 3/);
    assert.match(badJson.stderr, /not valid JSON/);

    const missing = cli(['rerank', join(dir, 'nope.json'), '--query', 'q']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /does not exist/);

    const badOpt = cli(['rerank', file('ok.json', DOCS), '--query', 'q', '--dtype', 'fp16']);
    assert.equal(badOpt.code, 2);
    assert.match(badOpt.stderr, /--dtype must be one of fp32, q8/);

    const badFolder = cli(['rerank', file('ok2.json', DOCS), '--query', 'q', '--model', './no/such/folder']);
    assert.equal(badFolder.code, 2);
    assert.match(badFolder.stderr, /Model folder .* does not exist/);
  });

  it('engine errors exit 1 with the message and hint: offline and not cached', () => {
    const r = cli(['rerank', file('off.json', DOCS), '--query', 'q', '--model', 'cross-encoder/ms-marco-MiniLM-L-6-v2', '--offline', '--cache-dir', join(dir, 'empty-cache')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /not in the model cache.*offline mode is on/);
    assert.match(r.stderr, /Turn offline mode off/);
  });
});
