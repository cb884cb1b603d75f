// Ratios measured as paired rounds: the two sides of a ratio run back to back in every round (their
// order alternating), so load from other work on a shared machine hits both alike; the reported ratio
// is the median of the per-round ratios. The plain lines of run.ts run all reps of one side, then all
// of the other, and on a busy machine their ratio moved from 0.9 to 1.7 between runs.
//
// - engine / raw ORT: the engine process (EngineClient -> dist/engine.js: tokenizing on its worker
//   thread, batching, IPC) against onnxruntime's session.run in this process on the same tensors and
//   plan. Issue 15 asks >= 0.97.
// - multi-query overhead: the same 100 pairs scored by RerankSession.runSets as 1 query x 100 chunks and
//   as 10 queries x 10 chunks (the lab's path: Scorer.scorePairs, one engine request per ~256 pairs),
//   and, for contrast, as 10 engine requests of one query each (the path before). Issue 9 asks <= 5%.
import type { EncodedPair } from '../src/engine/encode';
import type { RetrievalSet } from '../src/core/types';
import type { ModelSpec, RunOptions } from '../src/engine/protocol';
import { newEngineClient, type BenchEngineClient } from './engineRun';
import { openSession, prepareBatches, runPlan } from './rawOrt';
import { median, timed } from './stats';

export interface PairedRatio {
  /** Per round: throughput of the first side over the second (time of the second / time of the first). */
  ratios: number[];
  median: number;
  aMs: number[];
  bMs: number[];
}

/** Alternates a and b for `rounds` rounds (a first in even rounds); ratio = time(b) / time(a). One
 *  untimed round first: the first pass of either side after the other pays for caches and pages. */
async function paired(rounds: number, a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<PairedRatio> {
  await a();
  await b();
  const aMs: number[] = [];
  const bMs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? [a, b] : [b, a];
    for (const side of order) (side === a ? aMs : bMs).push((await timed(side)).ms);
  }
  const ratios = aMs.map((t, i) => bMs[i] / t);
  return { ratios, median: median(ratios), aMs, bMs };
}

export async function pairedEngineVsRaw(o: { modelDir: string; spec: ModelSpec; run: RunOptions; query: string; chunks: string[]; pairs: EncodedPair[]; plan: number[][]; rounds: number }): Promise<PairedRatio> {
  const { session } = await openSession(o.modelDir, 'fp32', o.run.threads);
  const client = await newEngineClient();
  try {
    const batches = prepareBatches(o.pairs, o.plan);
    await session.run(batches[0].feeds);
    await client.load(o.spec, o.run);
    await client.score({ spec: o.spec, run: o.run, query: 'warm up the engine', chunks: o.chunks.slice(0, 4) });
    const engine = async () => {
      await client.clearCache();
      const r = await client.score({ spec: o.spec, run: o.run, query: o.query, chunks: o.chunks });
      if (r.cacheHits > 0) throw new Error('engine answered from its cache after clearCache()');
    };
    // Tensors are built before timing, as in line (b): this is onnxruntime's own time only.
    return await paired(o.rounds, engine, () => runPlan(session, batches, o.pairs.length));
  } finally {
    client.dispose();
    await session.release();
  }
}

export interface MultiQueryResult extends PairedRatio {
  /** Time of 10 queries x 10 chunks over 1 query x 100 chunks, minus 1 (median of rounds). */
  overhead: number;
  /** The same for 10 separate engine requests (one per query), the path before Scorer.scorePairs. */
  perRequestOverhead: number;
  perRequestMs: number[];
}

export async function multiQueryOverhead(o: { spec: ModelSpec; run: RunOptions; query: string; chunks: string[]; rounds: number }): Promise<MultiQueryResult> {
  const { LocalScorer } = await import('../src/session/localScorer');
  const { RerankSession } = await import('../src/session/session');
  const client: BenchEngineClient = await newEngineClient();
  const chunkOf = (text: string, i: number) => ({ id: `d${i}`, text, originalRank: i + 1, scoreKind: 'unknown' as const, metadata: {} });
  const oneSet: RetrievalSet[] = [{ query: o.query, format: 'bench', chunks: o.chunks.map(chunkOf) }];
  // Ten queries (distinct texts, so no pair is shared) of ten chunks each, every length class mixed in.
  const tenSets: RetrievalSet[] = Array.from({ length: 10 }, (_, q) => ({ query: `${o.query} ${q}`, format: 'bench', chunks: o.chunks.filter((_, i) => i % 10 === q).map(chunkOf) }));
  const viaSession = (sets: RetrievalSet[]) => async () => {
    await client.clearCache();
    const session = new RerankSession({ source: { kind: 'file', label: 'bench' }, result: { sets, diagnostics: [] } });
    const scorer = new LocalScorer(client as never, o.spec, o.run);
    const out = await session.runSets({ setIndexes: sets.map((_, i) => i), scorer });
    if (out.status !== 'done') throw new Error(`runSets ended ${out.status}`);
  };
  try {
    await client.load(o.spec, o.run);
    await client.score({ spec: o.spec, run: o.run, query: 'warm up the engine', chunks: o.chunks.slice(0, 4) });
    const main = await paired(o.rounds, viaSession(oneSet), viaSession(tenSets));
    const perRequestMs: number[] = [];
    for (let r = 0; r < Math.min(2, o.rounds); r++) {
      await client.clearCache();
      perRequestMs.push(
        (
          await timed(async () => {
            for (const s of tenSets) await client.score({ spec: o.spec, run: o.run, query: s.query!, chunks: s.chunks.map((c) => c.text) });
          })
        ).ms,
      );
    }
    return { ...main, overhead: main.median - 1, perRequestOverhead: median(perRequestMs) / median(main.aMs) - 1, perRequestMs };
  } finally {
    client.dispose();
  }
}

/** Standalone: `node --import tsx bench/paired.ts [--rounds N] [--threads N] [--engine-only]` runs only the two paired measurements
 *  (after `npm run bench` generated bench/models/minilm-l6 and built dist/engine.js). */
async function standalone(): Promise<void> {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { availableParallelism, loadavg, tmpdir } = await import('node:os');
  const { join, resolve } = await import('node:path');
  const { encodePair } = await import('../src/engine/encode');
  const { loadPairTokenizer } = await import('../src/engine/tokenizer');
  const { engineMissing, engineSpec } = await import('./engineRun');
  const { sortedPlan } = await import('./rawOrt');
  const { benchPairs } = await import('./text');
  const missing = engineMissing();
  if (missing) throw new Error(missing);
  const at = process.argv.indexOf('--rounds');
  const rounds = at > 0 ? Number(process.argv[at + 1]) : 6;
  const modelDir = resolve(__dirname, 'models/minilm-l6');
  const { query, chunks } = benchPairs(modelDir, 100);
  const { tokenizer } = await loadPairTokenizer(modelDir);
  const pairs = chunks.map((c) => encodePair(tokenizer, query, c, 512));
  const th = process.argv.indexOf('--threads');
  const run = { batchSize: 16, threads: th > 0 ? Number(process.argv[th + 1]) : availableParallelism() };
  const only = process.argv.includes('--engine-only');
  const cacheDir = mkdtempSync(join(tmpdir(), 'rl-paired-'));
  try {
    const spec = engineSpec(modelDir, 'fp32', cacheDir);
    console.log(`load average ${loadavg()[0].toFixed(2)} at start; ${rounds} rounds; ${run.threads} onnxruntime threads on ${availableParallelism()} cores`);
    const e = await pairedEngineVsRaw({ modelDir, spec, run, query, chunks, pairs, plan: sortedPlan(pairs, chunks, run.batchSize), rounds });
    console.log(`engine / raw ORT, paired rounds: median ${e.median.toFixed(3)}x (${e.ratios.map((x) => x.toFixed(3)).join(', ')}); engine ${e.aMs.map((x) => x.toFixed(0)).join(', ')} ms, raw ${e.bMs.map((x) => x.toFixed(0)).join(', ')} ms`);
    if (only) return;
    const m = await multiQueryOverhead({ spec, run, query, chunks, rounds });
    console.log(
      `multi-query: 10 x 10 vs 1 x 100 through runSets: overhead ${(m.overhead * 100).toFixed(1)}% (${m.ratios.map((x) => x.toFixed(3)).join(', ')}); ` +
        `1 x 100 ${m.aMs.map((x) => x.toFixed(0)).join(', ')} ms, 10 x 10 ${m.bMs.map((x) => x.toFixed(0)).join(', ')} ms; one request per query: ${(m.perRequestOverhead * 100).toFixed(1)}%`,
    );
    console.log(`load average ${loadavg()[0].toFixed(2)} at the end`);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  standalone().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
