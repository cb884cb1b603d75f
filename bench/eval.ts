// `node --import tsx bench/eval.ts`: the threshold lab at 1,000 queries x 100 candidates with every
// score already known (what reopening a scored set costs). No model: scores and labels are generated
// (seeded), since speed does not depend on what the numbers mean.
//   (a) all metrics (before/after, 11 measures), wins/ties/losses + paired bootstrap (2,000 resamples),
//       ceiling, sweep build, recommended cutoffs + their interval (500 resamples), top-k rule:
//       core/eval analyzeSet; the budget is 150 ms
//   (b) the parts of (a): evaluateSet alone, Sweep build alone
//   (c) a threshold drag: Sweep.at(t) + perQuery({threshold}) for random t (the dataset view's work per
//       move, before drawing); budget 16 ms
//   (d) the disk score store: writing 100,000 entries, then reopening it (read + CRC check of every
//       record) and looking every key up; budget 1 s
// Options: --reps N (default 7), --queries N (default 1000), --candidates N (default 100).
// Prints best and median wall time and the median run's CPU time (on a busy shared machine the CPU
// time is the better guess of a quiet machine's wall time); writes bench/eval-results.json.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { evaluateSet } from '../src/core/eval/aggregate';
import { analyzeSet } from '../src/core/eval/index';
import type { EvalQuery } from '../src/core/eval/queries';
import { seededRandom } from '../src/core/eval/random';
import { Sweep } from '../src/core/eval/sweep';
import { ScoreStore, scoreStoreKey } from '../src/node/scoreStore';
import { median } from './stats';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const REPS = arg('--reps', 7);
const QUERIES = arg('--queries', 1000);
const CANDIDATES = arg('--candidates', 100);

/** Scores from a normal-ish mix: relevant candidates score higher on average; ~5% relevant, graded. */
function makeQueries(): EvalQuery[] {
  const r = seededRandom(42);
  const gauss = () => (r() + r() + r() + r() - 2) * 1.7;
  return Array.from({ length: QUERIES }, (_, q) => {
    const qrels: Record<string, number> = {};
    const candidates = Array.from({ length: CANDIDATES }, (_, i) => {
      const id = `q${q}-d${i}`;
      const rel = r() < 0.05 ? (r() < 0.5 ? 2 : 1) : 0;
      qrels[id] = rel;
      const score = gauss() + (rel ? 3 : -1);
      return { id, retrieverScore: 1 - i / CANDIDATES, score, probability: 1 / (1 + Math.exp(-score)) };
    });
    qrels[`q${q}-missed`] = 1; // a relevant document the first stage never found
    return { queryId: `q${q}`, candidates, retrieverKind: 'similarity' as const, qrels };
  });
}

interface Timing {
  best: number;
  median: number;
  /** CPU time (user + system) of the median run: on a busy shared machine, closer to what a quiet
   *  machine's wall time would be than the wall time itself. */
  cpu: number;
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function time(fn: () => void, reps = REPS): Timing {
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
    cpu.push(cpuMs() - c0);
  }
  return { best: Math.min(...ms), median: median(ms), cpu: median(cpu) };
}

async function timeAsync(fn: () => Promise<void>, reps = REPS): Promise<Timing> {
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
    cpu.push(cpuMs() - c0);
  }
  return { best: Math.min(...ms), median: median(ms), cpu: median(cpu) };
}

async function main(): Promise<void> {
  const load0 = loadavg()[0];
  const queries = makeQueries();
  const lines: { line: string; best: number; median: number; cpu: number; budget?: number }[] = [];
  const add = (line: string, t: Timing, budget?: number) => lines.push({ line, ...t, ...(budget !== undefined ? { budget } : {}) });

  analyzeSet(queries); // warm up the JIT
  add(`(a) analyzeSet: metrics + bootstrap + sweep + cutoffs, ${QUERIES} x ${CANDIDATES}`, time(() => void analyzeSet(queries)), 150);
  add('(b) evaluateSet (11 measures x 2 orders + bootstrap + ceiling)', time(() => void evaluateSet(queries)));
  add('(b) Sweep build (sort all pairs, per-query arrays)', time(() => void new Sweep(queries)));

  const sweep = new Sweep(queries);
  const r = seededRandom(7);
  const moves = 200;
  const perMove: number[] = [];
  const c0 = cpuMs();
  for (let i = 0; i < moves; i++) {
    const t = sweep.scores[Math.floor(r() * sweep.scores.length)];
    const t0 = performance.now();
    sweep.at(t);
    sweep.perQuery({ threshold: t });
    perMove.push(performance.now() - t0);
  }
  add(`(c) threshold drag: Sweep.at + perQuery (${moves} moves)`, { best: Math.min(...perMove), median: median(perMove), cpu: (cpuMs() - c0) / moves }, 16);
  add('(c) curve of 101 points (redraw after new scores)', time(() => void sweep.curve(101)));

  const dir = mkdtempSync(join(tmpdir(), 'rl-bench-store-'));
  try {
    const n = QUERIES * CANDIDATES;
    const keys = Array.from({ length: n }, (_, i) => scoreStoreKey({ scorer: 'local|bench', dtype: 'fp32', maxLength: 512, query: `query ${Math.floor(i / CANDIDATES)}`, chunk: `chunk ${i}` }));
    const value = { score: 1.5, probability: 0.8, queryTokens: 9, chunkTokens: 200, truncated: false, truncatedAtChar: null };
    add(`(d) score store: write ${n} entries (one flush)`, await timeAsync(async () => {
      const s = await ScoreStore.open(dir);
      await s.clear();
      for (const k of keys) s.set(k, value);
      await s.flush();
    }, 3));
    add(`(d) score store: reopen (${n} entries, CRC each) + look up every key`, await timeAsync(async () => {
      const s = await ScoreStore.open(dir);
      for (const k of keys) if (!s.get(k)) throw new Error('missing entry');
    }), 1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  console.log(`threshold lab bench: ${QUERIES} queries x ${CANDIDATES} candidates, ${REPS} reps, ${availableParallelism()} cores, load ${load0.toFixed(2)}`);
  for (const l of lines) {
    const budget = l.budget !== undefined ? `  (budget ${l.budget} ms)` : '';
    console.log(`${l.line.padEnd(76)} best ${l.best.toFixed(2).padStart(8)} ms  median ${l.median.toFixed(2).padStart(8)} ms  cpu ${l.cpu.toFixed(2).padStart(8)} ms${budget}`);
  }
  const out = resolve(__dirname, 'eval-results.json');
  writeFileSync(out, `${JSON.stringify({ queries: QUERIES, candidates: CANDIDATES, reps: REPS, cores: availableParallelism(), loadAverageStart: load0, loadAverageEnd: loadavg()[0], lines }, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
