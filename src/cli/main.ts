// `rerank-lens rerank FILE|FOLDER|- ...`: rerank retrieved chunks from the command line with the same
// reader and engine process the extension uses. Results go to stdout (a table, or JSON with --format
// json); diagnostics, progress and errors go to stderr; exit code 0 on success, 1 when scoring or the
// export failed, 2 for bad usage or input.
//
//   options.ts  command line -> CliOptions        load.ts   reader, diagnostics, choosing query sets
//   score.ts    engine + core/rank.ts             output.ts JSON / table      export.ts  --export

import { EngineClient, EngineFailure } from '../engine/client';
import type { DownloadProgress, EngineError, ModelInfo, ModelSpec } from '../engine/protocol';
import { scorerFromSpec } from '../scorers/fromSpec';
import { ScorerSpecError } from '../scorers/spec';
import { ScorerFailure, type Scorer } from '../session/scorer';
import { writeExport } from './export';
import { printError, processIo, safeIo, type CliIo } from './io';
import { applyLimits } from './limits';
import { chooseSets, loadInput, reportInput, type ChosenSet, type LoadedInput } from './load';
import { parseOptions, USAGE, UsageError, type CliOptions } from './options';
import { formatJson, formatTable, queryResults } from './output';
import { scoreSets, scoreSetsWithScorer, type CliEngine } from './score';
import { SUBCOMMANDS } from './subcommands';

export interface MainDeps {
  io?: CliIo;
  /** An engine to use instead of forking a new one (not disposed by main). */
  engine?: CliEngine;
}

function progressPrinter(io: CliIo): (p: DownloadProgress) => void {
  const tty = io.stderr.isTTY;
  const mb = (b?: number): string => (b === undefined ? '?' : (b / 1e6).toFixed(1));
  return (p) => {
    if (p.status === 'initiate') io.stderr.write(`Downloading ${p.file}${tty ? '' : '...\n'}`);
    else if (p.status === 'progress' && tty) io.stderr.write(`\rDownloading ${p.file}: ${Math.floor(p.percent ?? 0)}% (${mb(p.loaded)}/${mb(p.total)} MB)`);
    else if (p.status === 'done') io.stderr.write(tty ? `\rDownloaded ${p.file}${' '.repeat(30)}\n` : `Downloaded ${p.file}\n`);
  };
}

function modelSpec(opts: CliOptions): ModelSpec {
  return {
    model: opts.model,
    dtype: opts.dtype,
    cacheDir: opts.cacheDir,
    offline: opts.offline,
    ...(opts.maxLength !== undefined ? { maxLength: opts.maxLength } : {}),
    ...(opts.hubUrl !== undefined ? { hubUrl: opts.hubUrl } : {}),
  };
}

/** The other commands, one line each, under the rerank usage (`rerank-lens COMMAND --help` for theirs). */
async function commandsHelp(): Promise<string> {
  const lines = await Promise.all(Object.entries(SUBCOMMANDS).map(async ([name, load]) => `  ${name.padEnd(9)} ${(await load()).summary}`));
  return `\nOther commands (rerank-lens COMMAND --help for each):\n${lines.join('\n')}\n`;
}

export async function main(argv: string[], deps: MainDeps = {}): Promise<number> {
  // Every stream cleaned of terminal control sequences in one place (io.ts), subcommands included.
  const io = safeIo(deps.io ?? processIo);
  const sub = argv[0] !== undefined ? SUBCOMMANDS[argv[0]] : undefined;
  if (sub) return (await sub()).run(argv.slice(1), { io, ...(deps.engine ? { engine: deps.engine } : {}) });
  let opts: CliOptions | 'help';
  try {
    opts = parseOptions(argv);
  } catch (e) {
    printError(io, { message: (e as Error).message, hint: e instanceof UsageError ? (e.hint ?? 'See rerank-lens --help.') : 'See rerank-lens --help.' });
    return 2;
  }
  if (opts === 'help') {
    io.stdout.write(USAGE);
    io.stdout.write(await commandsHelp());
    return 0;
  }

  const loaded = await loadInput(opts, io);
  if (!reportInput(loaded, opts, io)) return 2;
  let chosen;
  try {
    chosen = chooseSets(loaded, opts);
  } catch (e) {
    printError(io, { message: (e as Error).message, hint: e instanceof UsageError ? e.hint : undefined });
    return 2;
  }
  const limits = applyLimits(opts, chosen, io);
  if (!limits) return 2;
  opts = { ...opts, threads: limits.threads };

  if (opts.scorer) return rerankWithScorer(opts, opts.scorer, loaded, chosen, io, deps);

  const engine = deps.engine ?? new EngineClient();
  let scoredOut;
  try {
    const rule = { activation: opts.activation, threshold: opts.threshold, topK: opts.topK };
    scoredOut = await scoreSets(engine, modelSpec(opts), { batchSize: opts.batchSize, threads: opts.threads }, chosen, rule, progressPrinter(io));
  } catch (e) {
    // A threshold the model's activation cannot take (auto resolved to a probability): bad usage.
    if (e instanceof UsageError) {
      printError(io, { message: e.message, hint: e.hint });
      return 2;
    }
    const error: EngineError = e instanceof EngineFailure ? e.error : { code: 'internal', message: e instanceof Error ? e.message : String(e) };
    printError(io, error);
    return 1;
  } finally {
    if (!deps.engine) engine.dispose();
  }

  const { scored, info, warnings, activation } = scoredOut;
  for (const w of warnings) io.stderr.write(`rerank-lens: warning: ${w}\n`);
  const queries = scored.map((s) => queryResults(s, activation.activation));
  const input = { input: loaded.label, format: loaded.result.format, querySets: loaded.result.sets.length };
  const columns = io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : 120;
  const shown = { ...opts, activation };
  io.stdout.write(opts.format === 'json' ? formatJson(opts.model, info, shown, input, queries) : formatTable(opts.model, info, shown, input, queries, columns));
  if (opts.export && !(await writeExport(opts.export, loaded, scored, activation.activation, io))) return 1;
  return 0;
}

/** `rerank --scorer SPEC`: the same output, scored by a local model or a rerank server (scorers/fromSpec.ts). */
async function rerankWithScorer(opts: CliOptions, spec: string, loaded: LoadedInput, chosen: ChosenSet[], io: CliIo, deps: MainDeps): Promise<number> {
  let scorer: Scorer | undefined;
  let out;
  try {
    scorer = scorerFromSpec(spec, process.env, {
      ...(deps.engine ? { engine: deps.engine } : { newEngine: () => new EngineClient() }),
      cacheDir: opts.cacheDir,
      offline: opts.offline,
      batchSize: opts.batchSize,
      threads: opts.threads,
      ...(opts.maxLength !== undefined ? { maxLength: opts.maxLength } : {}),
      ...(opts.hubUrl !== undefined ? { hubUrl: opts.hubUrl } : {}),
    });
    out = await scoreSetsWithScorer(scorer, chosen, { activation: opts.activation, threshold: opts.threshold, topK: opts.topK });
  } catch (e) {
    printError(io, e instanceof ScorerFailure || e instanceof ScorerSpecError || e instanceof UsageError ? { message: e.message, hint: e.hint } : { message: e instanceof Error ? e.message : String(e) });
    return e instanceof ScorerSpecError || e instanceof UsageError ? 2 : 1;
  } finally {
    scorer?.dispose();
  }
  const { scored, info, activation, modelActivation } = out;
  const queries = scored.map((s) => queryResults(s, activation.activation));
  const input = { input: loaded.label, format: loaded.result.format, querySets: loaded.result.sets.length };
  const columns = io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : 120;
  const shown = { ...opts, dtype: info.dtype ?? `${info.provider}, ${info.meaning}`, activation };
  const modelInfo =
    info.maxLength !== undefined || modelActivation
      ? ({ ...(info.maxLength !== undefined ? { maxLength: info.maxLength } : {}), ...(modelActivation ? { activation: modelActivation } : {}) } as ModelInfo)
      : undefined;
  io.stdout.write(opts.format === 'json' ? formatJson(info.label, modelInfo, shown, input, queries) : formatTable(info.label, modelInfo, shown, input, queries, columns));
  if (opts.export && !(await writeExport(opts.export, loaded, scored, activation.activation, io))) return 1;
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      printError(processIo, { message: `unexpected error: ${String(e)}`, hint: 'Please report this with the command and input that caused it.' });
      process.exitCode = 1;
    },
  );
}
