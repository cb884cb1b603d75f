// The CLI's run limits and export safety:
//  - above --max-pairs (default 20,000) the run is refused before any scoring, with the estimated time
//    and the option to raise; at or below it nothing changes;
//  - --threads above the cores is cut to the cores with a note, and the engine gets the cut number;
//  - --export refuses the input under another name (symlink, hard link, a file in an input folder),
//    also when such a link appears while the model is scoring, and writes atomically.
// Runs with a fake engine (a CliEngine that records what it was asked) where only the request matters,
// and with the real engine (NEEDS BUILD: dist/engine.js) for the runs that must complete.
import { strict as assert } from 'node:assert';
import { linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../../src/cli/io';
import { clampThreads, DEFAULT_MAX_PAIRS, pairLimitProblem } from '../../../src/cli/limits';
import { main } from '../../../src/cli/main';
import { parseOptions, UsageError, type CliOptions } from '../../../src/cli/options';
import type { CliEngine } from '../../../src/cli/score';
import type { ScoreRequest, ScoreOutcome } from '../../../src/engine/client';
import { EngineFailure } from '../../../src/engine/errors';
import { ensureBuilt } from '../engine/support';
import { TINY_MODEL_DIR } from '../../support/paths';
import { InProcessCli } from './harness';

function captureIo(): CliIo & { out: () => string; err: () => string } {
  let stdout = '';
  let stderr = '';
  return {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    readStdin: async () => new Uint8Array(),
    out: () => stdout,
    err: () => stderr,
  };
}

/** Records each score request; answers with fixed scores, or fails, and can act while "scoring". */
function fakeEngine(opts: { fail?: boolean; during?: () => void } = {}): CliEngine & { requests: ScoreRequest[] } {
  const requests: ScoreRequest[] = [];
  return {
    requests,
    dispose: () => undefined,
    score: async (req: ScoreRequest): Promise<ScoreOutcome> => {
      requests.push(req);
      opts.during?.();
      if (opts.fail) throw new EngineFailure({ code: 'internal', message: 'fake engine stops here' });
      const scores = req.chunks.map((_, i) => ({ index: i, score: -i, probability: 0.5, queryTokens: 1, chunkTokens: 1, truncated: false, truncatedAtChar: null, cached: false }));
      return { scores, info: { model: 'fake', folder: '/fake', dtype: 'fp32', maxLength: 512, numLabels: 1, scoreLabelIndex: 0, labels: ['LABEL_0'], loadMs: 0, fromCache: true }, elapsedMs: 0, cacheHits: 0 };
    },
  };
}

describe('cli limits and export safety', function () {
  this.timeout(120_000);
  let dir: string;
  let input: string;
  const docs = (n: number) => ({ query: 'museum hours', documents: Array.from({ length: n }, (_, i) => `Document ${i} about the museum.`) });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rl-cli-limits-'));
    input = join(dir, 'input.json');
    writeFileSync(input, JSON.stringify(docs(30)));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('--max-pairs', () => {
    it('defaults to 20,000 and estimates the time of a large run', () => {
      const o = parseOptions(['rerank', 'in.json', '--model', TINY_MODEL_DIR]) as CliOptions;
      assert.equal(o.maxPairs, DEFAULT_MAX_PAIRS);
      assert.equal(DEFAULT_MAX_PAIRS, 20_000);
      const p = pairLimitProblem(100_000, 20_000)!;
      assert.match(p.message, /^100,000 \(query, chunk\) pairs to score is more than --max-pairs 20,000: about 1 min 7 s with the default model/);
      assert.match(p.hint, /--max-pairs 100000 \(0 = no limit\)/);
      assert.equal(pairLimitProblem(20_000, 20_000), null);
      assert.equal(pairLimitProblem(1e9, 0), null, '0 = no limit');
    });

    it('above the limit: refused with exit 2 before the engine is asked, saying the estimate and how to raise it', async () => {
      const io = captureIo();
      const engine = fakeEngine();
      const code = await main(['rerank', input, '--model', TINY_MODEL_DIR, '--max-pairs', '20'], { io, engine });
      assert.equal(code, 2);
      assert.equal(engine.requests.length, 0, 'nothing was scored');
      assert.match(io.err(), /error: 30 \(query, chunk\) pairs to score is more than --max-pairs 20: about 1 s/);
      assert.match(io.err(), /raise the limit: --max-pairs 30/);
      assert.equal(io.out(), '');
    });

    it('at the limit: the run goes ahead unchanged (real engine)', async () => {
      ensureBuilt();
      const cli = new InProcessCli();
      try {
        const r = await cli.run(['rerank', input, '--model', TINY_MODEL_DIR, '--max-pairs', '30', '--format', 'json']);
        assert.equal(r.code, 0, r.stderr);
        assert.doesNotMatch(r.stderr, /max-pairs/);
        assert.equal(JSON.parse(r.stdout).queries[0].results.length, 30);
      } finally {
        cli.dispose();
      }
    });
  });

  describe('--threads', () => {
    it('more threads than cores are cut to the cores, with a note; the engine is asked for the cut number', async () => {
      const cores = availableParallelism();
      assert.deepEqual(clampThreads(cores), { threads: cores });
      assert.equal(clampThreads(0).threads, 0, '0 still means all cores');
      const io = captureIo();
      const engine = fakeEngine({ fail: true });
      await main(['rerank', input, '--model', TINY_MODEL_DIR, '--threads', '999'], { io, engine });
      assert.equal(engine.requests[0].run.threads, cores);
      assert.match(io.err(), new RegExp(`note: --threads 999 is more than the ${cores} available cores?; using ${cores}`));
    });

    it('within the cores nothing is said and the number is kept', async () => {
      const io = captureIo();
      const engine = fakeEngine({ fail: true });
      await main(['rerank', input, '--model', TINY_MODEL_DIR, '--threads', '1'], { io, engine });
      assert.equal(engine.requests[0].run.threads, 1);
      assert.doesNotMatch(io.err(), /--threads/);
    });
  });

  describe('--export', () => {
    const refused = (target: string, file = input): void =>
      assert.throws(() => parseOptions(['rerank', file, '--model', TINY_MODEL_DIR, '--export', target]), (e: unknown) => e instanceof UsageError && /would overwrite the input/.test(e.message));

    it('refuses the input reached through a symlink, a hard link or a detour', () => {
      symlinkSync(input, join(dir, 'link.json'));
      linkSync(input, join(dir, 'hard.json'));
      mkdirSync(join(dir, 'sub'));
      refused(join(dir, 'link.json'));
      refused(join(dir, 'hard.json'));
      refused(join(dir, 'sub', '..', 'input.json'));
    });

    it('refuses an existing file inside a BEIR input folder', () => {
      const beir = join(dir, 'beir');
      mkdirSync(beir);
      writeFileSync(join(beir, 'corpus.jsonl'), '{"_id":"d1","text":"t"}\n');
      refused(join(beir, 'corpus.jsonl'), beir);
    });

    it('a link to the input that appears while scoring is refused at write time; the input is untouched', async () => {
      const before = readFileSync(input);
      const target = join(dir, 'out.json');
      const io = captureIo();
      const engine = fakeEngine({ during: () => symlinkSync(input, target) });
      const code = await main(['rerank', input, '--model', TINY_MODEL_DIR, '--export', target], { io, engine });
      assert.equal(code, 1);
      assert.match(io.err(), /would overwrite the input .*it is the same file/);
      assert.ok(readFileSync(input).equals(before));
    });

    it('an export replaces the previous file whole and leaves no temporary file', async () => {
      const target = join(dir, 'out.json');
      writeFileSync(target, 'previous export');
      const io = captureIo();
      const code = await main(['rerank', input, '--model', TINY_MODEL_DIR, '--export', target], { io, engine: fakeEngine() });
      assert.equal(code, 0, io.err());
      assert.equal(JSON.parse(readFileSync(target, 'utf8')).documents.length, 30);
      assert.deepEqual(readdirSync(dir).sort(), ['input.json', 'out.json']);
    });
  });
});
