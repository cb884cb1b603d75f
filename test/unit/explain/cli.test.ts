// `rerank-lens explain` in-process with the real engine (tiny-bert): the JSON carries the numbers the
// session computed (offsets slice the chunk text, effects are full minus without), --top-k explains
// the chunks `rerank` puts first, --basic costs 1 + N pairs, and bad usage exits 2 with a hint.
// NEEDS BUILD: forks dist/engine.js.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Explanation } from '../../../src/core/explain';
import { InProcessCli } from '../cli/harness';
import { ensureBuilt, TINY_MODEL_DIR } from '../engine/support';

interface ExplainJson {
  model: string;
  parts: { terms: boolean; curve: boolean; windows: boolean };
  queries: { setIndex: number; query: string; pairs: number; scoreCalls: number; explanations: (Explanation & { rank?: number })[] }[];
}

const QUERY = 'why is the connection pool exhausted';
const TWENTY = Array.from({ length: 20 }, (_, i) => `Pool fact ${i} says something about connections.`).join(' ');
const DOCS = [
  'The pool has twenty slots. Idle clients hold them. Raise the limit!',
  TWENTY,
  'Backups run nightly at two. They do not touch the pool.',
  'no punctuation in this one',
];

describe('rerank-lens explain (NEEDS BUILD: dist/engine.js)', function () {
  this.timeout(180_000);
  const cli = new InProcessCli();
  let dir: string;
  let input: string;
  let cacheDir: string;
  const model = (): string[] => ['--model', TINY_MODEL_DIR, '--offline', '--cache-dir', cacheDir, '--threads', '1'];

  before(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'rl-explain-cli-'));
    cacheDir = join(dir, 'cache');
    input = join(dir, 'results.json');
    writeFileSync(input, JSON.stringify({ query: QUERY, documents: DOCS }));
  });
  after(() => {
    cli.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--chunk ID --format json: per-sentence and per-word effects and the faithfulness numbers', async () => {
    const r = await cli.run(['explain', input, '--chunk', '#1', '--format', 'json', ...model()]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Explaining 1 chunk: up to about \d+ pairs \(sentences 4, query words 6/);
    const out = JSON.parse(r.stdout) as ExplainJson;
    assert.deepEqual(out.parts, { terms: true, curve: true, windows: true });
    const e = out.queries[0].explanations[0];
    assert.equal(e.chunkId, '#1');
    assert.equal(e.text, DOCS[0]);
    assert.deepEqual(e.sentences.map((s) => DOCS[0].slice(s.start, s.end)), ['The pool has twenty slots.', 'Idle clients hold them.', 'Raise the limit!']);
    for (const s of e.sentences) assert.equal(s.effect, e.fullScore - s.scoreWithout);
    assert.deepEqual(e.terms!.map((t) => t.text), ['why', 'is', 'the', 'connection', 'pool', 'exhausted']);
    for (const t of e.terms!) assert.equal(t.effect, e.fullScore - t.scoreWithout);
    const f = e.faithfulness!;
    assert.equal(f.deletion.scores.length, 4);
    assert.equal(f.areaDifference, f.random.area - f.deletion.area);
    assert.equal(f.deletion.scores[0], e.fullScore);
    // The full text's score equals what `rerank` prints for it.
    const rr = await cli.run(['rerank', input, '--format', 'json', ...model()]);
    const row = (JSON.parse(rr.stdout) as { queries: { results: { id: string; score: number }[] }[] }).queries[0].results.find((x) => x.id === '#1')!;
    assert.ok(Math.abs(row.score - e.fullScore) < 1e-5);
  });

  it('--top-k K explains the chunks rerank ranks first, in rank order', async () => {
    const rr = await cli.run(['rerank', input, '--format', 'json', ...model()]);
    const order = (JSON.parse(rr.stdout) as { queries: { results: { id: string }[] }[] }).queries[0].results.map((x) => x.id);
    const r = await cli.run(['explain', input, '--top-k', '2', '--format', 'json', '--basic', ...model()]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as ExplainJson;
    assert.deepEqual(out.queries[0].explanations.map((e) => [e.chunkId, e.rank]), [[order[0], 1], [order[1], 2]]);
    assert.deepEqual(out.parts, { terms: false, curve: false, windows: false });
  });

  it('--basic on a 20-sentence chunk: 21 pairs in one score call', async () => {
    const r = await cli.run(['explain', input, '--chunk', '#2', '--basic', '--format', 'json', ...model()]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Explaining 1 chunk: 21 pairs \(sentences 21, query words 0, curves 0/);
    const q = (JSON.parse(r.stdout) as ExplainJson).queries[0];
    assert.equal(q.pairs, 21);
    assert.equal(q.scoreCalls, 1);
    assert.equal(q.explanations[0].sentences.length, 20);
    assert.equal(q.explanations[0].pairs.total, 21);
  });

  it('the table names each effect in words and prints the faithfulness line', async () => {
    const r = await cli.run(['explain', input, '--chunk', '#1', ...model()]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /query: why is the connection pool exhausted/);
    assert.match(r.stdout, /"pool": (raises|lowers) the score by \d\.\d\d|"pool": no effect/);
    assert.match(r.stdout, /faithfulness: deletion-curve area -?\d+\.\d{3}, random \(seed 1\)/);
    assert.match(r.stdout, /Idle clients hold them\./);
    const one = await cli.run(['explain', input, '--chunk', '#4', ...model()]);
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /faithfulness: needs at least two sentences/);
  });

  it('bad usage exits 2 with a hint', async () => {
    const cases: [string[], RegExp][] = [
      [['--chunk', '#1', '--top-k', '2'], /--chunk ID or --top-k K, not both/],
      [['--chunk', 'nope'], /No chunk has the id "nope"[\s\S]*"#1", "#2"/],
      [['--threshold', '0.5'], /explain does not take --threshold: it is a rerank option/],
      [['--top-k', '0'], /--top-k must be a whole number of at least 1/],
      [['--chunk', '#2', '--max-pairs', '10'], /is more than --max-pairs 10[\s\S]*use --basic/],
      [['--chunk'], /--chunk needs a value/],
    ];
    for (const [args, message] of cases) {
      const r = await cli.run(['explain', input, ...args, ...model()]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
    const help = await cli.run(['explain', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: rerank-lens explain INPUT --query Q/);
  });
});
