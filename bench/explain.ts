// `node --import tsx bench/explain.ts`: does an explanation run at the engine's normal pairs/s?
// On the MiniLM-L6-shape model of bench/run.ts (random weights, generated into bench/models/ if
// missing), for chunks of exactly 20 sentences (~270 words, no truncation at 512 tokens):
//   (a) explain, basic: src/session/explain.ts over a LocalScorer, sentences only -> 21 pairs, 1 call
//   (b) plain score of the SAME 21 texts in one engine call (what (a) costs without the explain layer)
//   (c) plain score of 21 DIFFERENT chunks of the same length (an ordinary rerank of 21 chunks)
//   (d) explain, full: + query words + deletion/random curves (more pairs and calls)
// The engine's cache is cleared before every timed run, so every pair is computed. Best and median of
// --reps runs (default 5), pairs/s from the best run; ratios (a)/(b) and (a)/(c) are the answer.
// Options: --reps N, --chunks N (20-sentence chunks explained one after another, default 3),
// --threads N (default 0 = all cores), --batch-size N (default 16). Writes bench/explain-results.json.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makeTestModel } from '../scripts/make-test-model';
import { estimateCost, planBasic, segmentSentences, type ExplainOptions } from '../src/core/explain';
import { EngineClient } from '../src/engine/client';
import type { ModelSpec, RunOptions } from '../src/engine/protocol';
import { explain } from '../src/session/explain';
import { LocalScorer } from '../src/session/localScorer';
import { engineMissing, ENGINE_JS } from './engineRun';
import { fmt, median, timed } from './stats';
import { benchPairs } from './text';

const MODEL_DIR = resolve(__dirname, 'models/minilm-l6');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(v) && v >= 0 ? v : fallback;
}

/** The first 20 sentences of a long generated paragraph: a chunk of exactly 20 units. */
function twentySentences(text: string): string {
  const units = segmentSentences(text, { cap: 1000 });
  if (units.length < 20) throw new Error(`generated text has only ${units.length} sentences`);
  return text.slice(0, units[19].end);
}

interface Line {
  name: string;
  pairs: number;
  calls: number;
  runsMs: number[];
  bestMs: number;
  medianMs: number;
  pairsPerSec: number;
}

function line(name: string, pairs: number, calls: number, runsMs: number[]): Line {
  const bestMs = Math.min(...runsMs);
  return { name, pairs, calls, runsMs, bestMs, medianMs: median(runsMs), pairsPerSec: (pairs * 1000) / bestMs };
}

async function main(): Promise<void> {
  const missing = engineMissing();
  if (missing) {
    console.log(`explain bench skipped: ${missing}`);
    return;
  }
  if (!['config.json', 'tokenizer.json', 'onnx/model.onnx'].every((f) => existsSync(join(MODEL_DIR, f)))) {
    console.log(`Generating the MiniLM-L6-shape test model into ${MODEL_DIR} ...`);
    await makeTestModel({ shape: 'minilm-l6', outDir: MODEL_DIR });
  }
  const reps = Math.max(1, Math.floor(arg('--reps', 5)));
  const nChunks = Math.max(1, Math.floor(arg('--chunks', 3)));
  const run: RunOptions = { batchSize: Math.max(1, Math.floor(arg('--batch-size', 16))), threads: Math.floor(arg('--threads', 0)) };

  // Long paragraphs cut to 20 sentences; the first nChunks are explained, 21 more are the plain rerank.
  const gen = benchPairs(MODEL_DIR, nChunks + 21, 7, 420, 420);
  const chunks = gen.chunks.map(twentySentences);
  const explained = chunks.slice(0, nChunks);
  const others = chunks.slice(nChunks, nChunks + 21);
  const query = gen.query;

  const cacheDir = mkdtempSync(join(tmpdir(), 'rl-bench-explain-'));
  const engine = new EngineClient({ enginePath: ENGINE_JS });
  const spec: ModelSpec = { model: MODEL_DIR, dtype: 'fp32', maxLength: 512, cacheDir, offline: true };
  const scorer = new LocalScorer(engine, spec, run);
  try {
    const load = await timed(() => engine.load(spec, run));
    await engine.score({ spec, run, query: 'warm up', chunks: others.slice(0, 4) });
    const basic: ExplainOptions = {};
    const full: ExplainOptions = { terms: true, curve: true };

    const runsA: number[] = [];
    const runsB: number[] = [];
    const runsC: number[] = [];
    const runsD: number[] = [];
    let pairsA = 0;
    let callsA = 0;
    let pairsD = 0;
    let callsD = 0;
    let tokens = 0;
    for (let r = 0; r < reps; r++) {
      // Interleaved, so load on the shared machine hits every line alike.
      for (const text of explained) {
        await engine.clearCache();
        const a = await timed(() => explain(scorer, { query, chunks: [{ text }], options: basic }));
        if (a.value.cacheHits > 0) throw new Error('cache answered after clearCache()');
        runsA.push(a.ms);
        pairsA = a.value.pairs;
        callsA = a.value.scoreCalls;

        await engine.clearCache();
        const texts = planBasic(text, query, basic).chunkTexts;
        const b = await timed(() => engine.score({ spec, run, query, chunks: texts }));
        runsB.push(b.ms);
        tokens = b.value.scores.reduce((n, s) => n + s.queryTokens + s.chunkTokens + 3, 0);

        await engine.clearCache();
        runsC.push((await timed(() => engine.score({ spec, run, query, chunks: others }))).ms);

        await engine.clearCache();
        const d = await timed(() => explain(scorer, { query, chunks: [{ text }], options: full }));
        runsD.push(d.ms);
        pairsD = d.value.pairs;
        callsD = d.value.scoreCalls;
      }
    }
    const lines = [
      line('(a) explain, basic (sentences)', pairsA, callsA, runsA),
      line('(b) plain score, same 21 texts', 21, 1, runsB),
      line('(c) plain score, 21 other chunks', 21, 1, runsC),
      line('(d) explain, + words + curves', pairsD, callsD, runsD),
    ];
    const est = estimateCost(explained, query, full);
    console.log(`model MiniLM-L6 shape (random weights), fp32, batch ${run.batchSize}, threads ${run.threads || 'all'} of ${availableParallelism()} cores; load ${fmt(load.value.loadMs)} ms`);
    console.log(`${explained.length} chunk(s) of 20 sentences (~${Math.round(tokens / 21)} tokens per pair), query of ${query.split(' ').length} words; ${reps} reps each\n`);
    console.log(`${'line'.padEnd(36)} ${'pairs'.padStart(5)} ${'calls'.padStart(5)} ${'best ms'.padStart(8)} ${'median'.padStart(8)} ${'pairs/s'.padStart(8)}`);
    for (const l of lines) console.log(`${l.name.padEnd(36)} ${String(l.pairs).padStart(5)} ${String(l.calls).padStart(5)} ${fmt(l.bestMs).padStart(8)} ${fmt(l.medianMs).padStart(8)} ${l.pairsPerSec.toFixed(1).padStart(8)}`);
    const ratio = (x: Line, y: Line) => (x.pairsPerSec / y.pairsPerSec).toFixed(2);
    console.log(`\nexplain basic / plain same texts: ${ratio(lines[0], lines[1])}x pairs/s; / plain other chunks: ${ratio(lines[0], lines[2])}x; full / plain other chunks: ${ratio(lines[3], lines[2])}x`);
    console.log(`estimateCost for the full explanation: ${est.total} pairs for ${explained.length} chunk(s) (upper bound; actual ${pairsD} per chunk)`);
    const out = {
      date: new Date().toISOString(),
      machine: { cores: availableParallelism(), loadAverageEnd: loadavg() },
      run,
      reps,
      chunks: explained.length,
      tokensPerPair: tokens / 21,
      lines,
    };
    writeFileSync(join(__dirname, 'explain-results.json'), `${JSON.stringify(out, null, 2)}\n`);
  } finally {
    scorer.dispose();
    engine.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
