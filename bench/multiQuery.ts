// A labelled set is scored query after query (RerankSession.runSets: one engine request per query).
// Is that slower than one big request over the same pairs? Same 100 pairs (bench/text.ts), scored
// (a) as one query with 100 chunks and (b) as 10 queries of 10 chunks, through the real engine process
// with the MiniLM-L6-shaped model of `npm run bench` (bench/models/minilm-l6; run that once first).
// Runs are interleaved and the engine's score cache is cleared before each, so load noise hits both
// alike; the line reports the best of each and their ratio.
// Run: node --import tsx bench/multiQuery.ts   (writes bench/multi-query-results.json)
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchPairs } from './text';
import { engineMissing, engineSpec, newEngineClient } from './engineRun';

const MODEL_DIR = resolve(__dirname, 'models/minilm-l6');

async function main(): Promise<void> {
  const missing = engineMissing();
  if (missing) throw new Error(missing);
  const pairs = benchPairs(MODEL_DIR, 100);
  const chunks = pairs.chunks;
  const query = pairs.query;
  const engine = await newEngineClient();
  const spec = engineSpec(MODEL_DIR, 'fp32', mkdtempSync(join(tmpdir(), 'rl-mq-')));
  const run = { batchSize: 16, threads: 0 };
  try {
    await engine.load(spec, run);
    await engine.score({ spec, run, query, chunks: chunks.slice(0, 8) }); // warm-up
    const one: number[] = [];
    const many: number[] = [];
    for (let rep = 0; rep < 4; rep++) {
      await engine.clearCache();
      let t = performance.now();
      await engine.score({ spec, run, query, chunks });
      one.push(performance.now() - t);
      await engine.clearCache();
      t = performance.now();
      for (let q = 0; q < 10; q++) await engine.score({ spec, run, query: `${query} ${q}`, chunks: chunks.slice(q * 10, q * 10 + 10) });
      many.push(performance.now() - t);
    }
    const best = (xs: number[]) => Math.min(...xs);
    const result = { pairs: chunks.length, oneQueryMsBest: best(one), tenQueriesMsBest: best(many), overhead: best(many) / best(one) - 1, runs: one.length };
    console.log(`100 pairs: one query ${result.oneQueryMsBest.toFixed(0)} ms, 10 queries x 10 chunks ${result.tenQueriesMsBest.toFixed(0)} ms (best of ${result.runs}, interleaved): overhead ${(result.overhead * 100).toFixed(1)}%`);
    writeFileSync(join(__dirname, 'multi-query-results.json'), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    engine.dispose();
  }
}

void main();
