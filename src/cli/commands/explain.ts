// `rerank-lens explain INPUT --query Q [--chunk ID | --top-k K] [--format json]`: why did a chunk score
// that? Occlusion effects per sentence and per query word, the deletion curve against a seeded random
// order with its area difference, and the best window of a truncated chunk, all measured with the same
// model through the engine (src/session/explain.ts over a LocalScorer). The pairs it will score are
// printed to stderr before scoring; rerank's --max-pairs (limits.ts) refuses a larger request.
//
// Input, query and model options are the rerank command's (parsed by options.ts with the explain-only
// flags taken out first); --threshold, --activation and --export mean nothing here and are refused.
import { describeEffect, estimateCost, type ExplainOptions, type Explanation } from '../../core/explain';
import { rankChunks } from '../../core/rank';
import type { Chunk } from '../../core/types';
import { EngineClient } from '../../engine/client';
import type { ModelSpec } from '../../engine/protocol';
import { explain, type ExplainRun } from '../../session/explain';
import { LocalScorer } from '../../session/localScorer';
import { ScorerFailure } from '../../session/scorer';
import { printError as printCliError, type CliIo } from '../io';
import { chooseSets, loadInput, reportInput, type ChosenSet } from '../load';
import { parseOptions, UsageError, type CliOptions } from '../options';
import { onceOf, splitOwnFlags } from '../ownFlags';
import { oneLine } from '../output';
import { clampThreads, pairLimitProblem } from '../limits';
import type { Subcommand, SubcommandDeps } from './subcommand';

export const EXPLAIN_USAGE = `Usage: rerank-lens explain INPUT --query Q [--chunk ID | --top-k K] [options]

Why did a chunk score that? Scores the chunk again with each sentence removed and with each query word
removed (effect = full score - score without it), then checks the explanation: the deletion curve
(remove sentences from most to least important, score after each step) against a seeded random order,
and its area difference. A truncated chunk also gets the score of each sentence window that fits.
A 20-sentence chunk costs 21 pairs for the sentences, one per query word, at most 37 for the curves.

Which chunks:
  --chunk ID             explain the chunk with this id (ids as 'rerank' prints them, e.g. #3)
  --top-k K              explain the K best-scoring chunks (default 1; scores every chunk first)

What to compute (default: everything):
  --basic                sentences only (1 + N pairs per chunk, one score call)
  --no-terms, --no-curve, --no-windows   leave one part out
  --seed N               seed of the random deletion order (default 1)
  --cap N                at most N sentence units per chunk; more are merged (default 48)

Input and model options are those of 'rerank' (--query-index, --text-path, --model, --dtype,
--max-length, --batch-size, --threads, --offline, --hub-url, --cache-dir, ...; see rerank-lens --help).
  --max-pairs N          refuse when the estimated pairs are above N (default 20000; 0 = no limit)
  --format table|json    output format (default table)
  -h, --help             show this help

Exit codes: 0 done, 1 scoring failed, 2 bad usage or input (or over --max-pairs).
`;

export interface ExplainCliOptions {
  base: CliOptions;
  chunkId?: string;
  topK: number;
  parts: Required<Pick<ExplainOptions, 'terms' | 'curve' | 'windows'>>;
  seed: number;
  cap?: number;
}

const VALUE_FLAGS = ['chunk', 'top-k', 'seed', 'cap'];
const BOOL_FLAGS = ['basic', 'no-terms', 'no-curve', 'no-windows'];
const RERANK_ONLY = 'it is a rerank option';
const REFUSED = { threshold: RERANK_ONLY, activation: RERANK_ONLY, export: RERANK_ONLY, 'export-style': RERANK_ONLY };

function wholeNumber(flag: string, v: string, min: number): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < min) throw new UsageError(`--${flag} must be a whole number of at least ${min} (got "${v}").`);
  return n;
}

/** The explain-only flags out of argv; the rest goes to the rerank parser. */
export function parseExplainOptions(argv: string[]): ExplainCliOptions | 'help' {
  const own = splitOwnFlags(argv, { command: 'explain', values: VALUE_FLAGS, bools: BOOL_FLAGS, refused: REFUSED });
  if (own === 'help') return 'help';
  const values: Record<string, string | undefined> = Object.fromEntries(VALUE_FLAGS.map((f) => [f, onceOf(own, f)]));
  const { bools: flags, rest } = own;
  if (values.chunk !== undefined && values['top-k'] !== undefined) throw new UsageError('Give --chunk ID or --top-k K, not both.');
  if (values.chunk !== undefined && values.chunk.trim() === '') throw new UsageError('--chunk is empty.', 'Give a chunk id as rerank prints it, e.g. --chunk "#3".');
  const base = parseOptions(['rerank', ...rest]);
  if (base === 'help') return 'help';
  const basic = flags.has('basic');
  return {
    base,
    ...(values.chunk !== undefined ? { chunkId: values.chunk } : {}),
    topK: values['top-k'] !== undefined ? wholeNumber('top-k', values['top-k'], 1) : 1,
    parts: { terms: !basic && !flags.has('no-terms'), curve: !basic && !flags.has('no-curve'), windows: !basic && !flags.has('no-windows') },
    seed: values.seed !== undefined ? wholeNumber('seed', values.seed, 0) : 1,
    ...(values.cap !== undefined ? { cap: wholeNumber('cap', values.cap, 1) } : {}),
  };
}

const printError = (io: CliIo, error: { message: string; hint?: string }): void => printCliError(io, error, 'explain');

function modelSpec(o: CliOptions): ModelSpec {
  return {
    model: o.model,
    dtype: o.dtype,
    cacheDir: o.cacheDir,
    offline: o.offline,
    ...(o.maxLength !== undefined ? { maxLength: o.maxLength } : {}),
    ...(o.hubUrl !== undefined ? { hubUrl: o.hubUrl } : {}),
  };
}

/** The chunks a set explains: the one with --chunk's id, or the top K by a plain score of all. */
async function pickChunks(scorer: LocalScorer, c: ChosenSet, o: ExplainCliOptions, signal: AbortSignal): Promise<{ chunk: Chunk; rank?: number }[]> {
  const chunks = c.set.chunks;
  if (o.chunkId !== undefined) return chunks.filter((x) => x.id === o.chunkId).map((chunk) => ({ chunk }));
  const scored = await scorer.score({ query: c.set.query, chunks: chunks.map((x) => x.text), signal });
  return rankChunks(chunks, scored.scores)
    .slice(0, o.topK)
    .map((r) => ({ chunk: r.chunk, ...(r.rank !== undefined ? { rank: r.rank } : {}) }));
}

interface SetOutput {
  setIndex: number;
  query: string;
  queryId?: string;
  run: ExplainRun;
  ranks: (number | undefined)[];
}

function signed(n: number): string {
  return `${n >= 0 ? '+' : '-'}${Math.abs(n).toFixed(3)}`;
}

function formatExplanation(e: Explanation, rank: number | undefined, width: number): string[] {
  const lines: string[] = [];
  const head = `chunk ${oneLine(e.chunkId ?? '?', 30)}${rank !== undefined ? ` (rank ${rank})` : ''}: score ${e.fullScore.toFixed(3)} (probability ${e.fullProbability.toFixed(3)})`;
  lines.push('', head + (e.truncatedAtChar !== null ? `, truncated at character ${e.truncatedAtChar}` : ''));
  lines.push(`  sentences (effect = full score - score without it; ${e.pairs.total} pairs):`);
  for (const s of e.sentences) {
    lines.push(`  ${String(s.index).padStart(3)} ${signed(s.effect).padStart(8)}  ${oneLine(e.text.slice(s.start, s.end), Math.max(20, width - 16))}`);
  }
  if (e.terms) {
    lines.push(e.terms.length ? '  query words:' : '  query words: none (the query has no word to remove)');
    for (const t of e.terms) lines.push(`  ${signed(t.effect).padStart(12)}  ${JSON.stringify(oneLine(t.text, 30))}: ${describeEffect(t.effect)}`);
  }
  const f = e.faithfulness;
  if (f) {
    lines.push(
      `  faithfulness: deletion-curve area ${f.deletion.area.toFixed(3)}, random (seed ${f.random.seed}) ${f.random.area.toFixed(3)}, difference ${signed(f.areaDifference)}` +
        (f.deletion.order.join() === f.random.order.join()
          ? ' (the random order happened to be the deletion order; try another --seed)'
          : f.areaDifference > 0
            ? ' (removing the top sentences lowers the score faster than chance)'
            : ' (no faster than chance: read the effects with care)'),
    );
    lines.push(`    deletion: ${f.deletion.scores.map((v) => v.toFixed(2)).join(' ')}`);
    lines.push(`    random:   ${f.random.scores.map((v) => v.toFixed(2)).join(' ')}`);
  } else if (e.sentences.length < 2 && e.pairs.curve === 0) {
    lines.push('  faithfulness: needs at least two sentences');
  }
  const w = e.windows;
  if (w && w.best >= 0) {
    const b = w.windows[w.best];
    lines.push(`  best window of ${w.windows.length} (${w.budgetTokens} tokens each): sentences ${b.first}-${b.last}, score ${b.score.toFixed(3)}${w.bestCutOff ? ' - partly past the truncation point: the full score never saw all of it' : ''}`);
  }
  return lines;
}

function formatTable(o: ExplainCliOptions, sets: SetOutput[], width: number): string {
  const lines = [`model ${o.base.model} (${o.base.dtype}); effects in the model's raw score (logit)`];
  for (const s of sets) {
    lines.push('', `query${sets.length > 1 ? ` [set ${s.setIndex}]` : ''}: ${oneLine(s.query, Math.max(20, width - 8))}`);
    s.run.explanations.forEach((e, i) => lines.push(...formatExplanation(e, s.ranks[i], width)));
    lines.push('', `${s.run.pairs} pairs in ${s.run.scoreCalls} score call${s.run.scoreCalls === 1 ? '' : 's'} (${s.run.cacheHits} from the cache), ${s.run.elapsedMs} ms`);
  }
  return `${lines.join('\n')}\n`;
}

function formatJson(o: ExplainCliOptions, sets: SetOutput[]): string {
  const out = {
    model: o.base.model,
    dtype: o.base.dtype,
    parts: o.parts,
    seed: o.seed,
    queries: sets.map((s) => ({
      setIndex: s.setIndex,
      query: s.query,
      ...(s.queryId !== undefined ? { queryId: s.queryId } : {}),
      pairs: s.run.pairs,
      scoreCalls: s.run.scoreCalls,
      cacheHits: s.run.cacheHits,
      explanations: s.run.explanations.map((e, i) => ({ ...(s.ranks[i] !== undefined ? { rank: s.ranks[i] } : {}), ...e })),
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

async function run(argv: string[], deps: SubcommandDeps): Promise<number> {
  const { io } = deps;
  let o: ExplainCliOptions | 'help';
  try {
    o = parseExplainOptions(argv);
  } catch (e) {
    printError(io, { message: (e as Error).message, hint: (e instanceof UsageError ? e.hint : undefined) ?? 'See rerank-lens explain --help.' });
    return 2;
  }
  if (o === 'help') {
    io.stdout.write(EXPLAIN_USAGE);
    return 0;
  }
  const opts = o;
  const loaded = await loadInput(opts.base, io);
  if (!reportInput(loaded, opts.base, io)) return 2;
  let chosen: ChosenSet[];
  try {
    chosen = chooseSets(loaded, opts.base);
  } catch (e) {
    printError(io, { message: (e as Error).message, hint: e instanceof UsageError ? e.hint : undefined });
    return 2;
  }
  if (opts.chunkId !== undefined && !chosen.some((c) => c.set.chunks.some((x) => x.id === opts.chunkId))) {
    const ids = chosen.flatMap((c) => c.set.chunks.map((x) => x.id)).slice(0, 8);
    printError(io, { message: `No chunk has the id ${JSON.stringify(opts.chunkId)}.`, hint: `Ids in ${loaded.label}: ${ids.map((i) => JSON.stringify(i)).join(', ')}${ids.length === 8 ? ', ...' : ''}.` });
    return 2;
  }

  const engine = deps.engine ?? new EngineClient();
  const { threads, note } = clampThreads(opts.base.threads);
  if (note) io.stderr.write(`rerank-lens explain: note: ${note}\n`);
  const scorer = new LocalScorer(engine, modelSpec(opts.base), { batchSize: opts.base.batchSize, threads });
  const controller = new AbortController();
  const options: ExplainOptions = { ...opts.parts, seed: opts.seed, ...(opts.cap !== undefined ? { cap: opts.cap } : {}) };
  const outputs: SetOutput[] = [];
  try {
    for (const c of chosen) {
      const picked = await pickChunks(scorer, c, opts, controller.signal);
      if (picked.length === 0) continue;
      const cost = estimateCost(picked.map((p) => p.chunk.text), c.set.query, options, opts.base.maxLength !== undefined ? { maxLength: opts.base.maxLength } : {});
      io.stderr.write(
        `Explaining ${picked.length} chunk${picked.length === 1 ? '' : 's'}${chosen.length > 1 ? ` of set ${c.index}` : ''}: ${cost.exact ? '' : 'up to about '}${cost.total} pairs (sentences ${cost.sentences}, query words ${cost.terms}, curves ${cost.curve}, windows ~${cost.windows})\n`,
      );
      const problem = pairLimitProblem(cost.total, opts.base.maxPairs);
      if (problem) {
        printError(io, { message: problem.message, hint: 'Raise --max-pairs (0 = no limit), use --basic, or explain fewer chunks.' });
        return 2;
      }
      const tty = io.stderr.isTTY === true;
      const result = await explain(scorer, {
        query: c.set.query,
        chunks: picked.map((p) => ({ id: p.chunk.id, text: p.chunk.text })),
        options,
        signal: controller.signal,
        ...(tty ? { onProgress: (p) => io.stderr.write(`\r${p.phase}: ${p.done}/${p.total} pairs`) } : {}),
      });
      if (tty) io.stderr.write('\n');
      outputs.push({ setIndex: c.index, query: c.set.query, ...(c.set.queryId !== undefined ? { queryId: c.set.queryId } : {}), run: result, ranks: picked.map((p) => p.rank) });
    }
  } catch (e) {
    printError(io, e instanceof ScorerFailure ? e : { message: e instanceof Error ? e.message : String(e) });
    return 1;
  } finally {
    if (!deps.engine) engine.dispose();
  }
  const width = io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : 120;
  io.stdout.write(opts.base.format === 'json' ? formatJson(opts, outputs) : formatTable(opts, outputs, width));
  return 0;
}

export const explainCommand: Subcommand = {
  summary: 'which sentences and query words drove a chunk\'s score',
  run,
};
