// `rerank-lens rerank FILE|- ...`: rerank retrieved chunks from the command line with the same engine
// process the extension uses. Results go to stdout (a table, or JSON with --format json); progress and
// errors go to stderr; the exit code is 0 on success, 1 when scoring failed, 2 for bad usage or input.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Chunk, Diagnostic } from '../core/types';
import { EngineClient, EngineFailure } from '../engine/client';
import { DEFAULT_MODEL, defaultCacheDir } from '../engine/defaults';
import type { Activation, Dtype, EngineError, ModelInfo, ModelSpec, PairScore } from '../engine/protocol';
import { readInput } from './input';
import { formatJson, formatTable, rankResults, type QueryResults } from './output';

const USAGE = `Usage: rerank-lens rerank FILE|- [options]

Rerank retrieved chunks with a Hugging Face cross-encoder (scores like sentence-transformers'
CrossEncoder.predict). FILE is a JSON array of texts or {"query": ..., "documents": [...]}; - reads stdin.

Options:
  --query Q              the query (overrides the file's "query")
  --model ID|DIR         hub id or model folder in hub layout (default ${DEFAULT_MODEL})
  --dtype fp32|q8        weights: onnx/model.onnx or onnx/model_quantized.onnx (default fp32)
  --max-length N         cap on tokens per pair (default: the model's limit, at most 512)
  --batch-size N         pairs per ONNX run (default 16)
  --threads N            onnxruntime threads (default: all cores)
  --top-k K              keep at most K results
  --threshold T          keep results scoring at least T (in the --activation's space)
  --activation raw|sigmoid  score as the raw logit (default) or sigmoid probability
  --offline              never use the network; the model must be cached or local
  --hub-url URL          hub or mirror base URL (default https://huggingface.co/)
  --cache-dir DIR        download cache (default ${defaultCacheDir()})
  --format table|json    output format (default table)
  -h, --help             show this help
`;

class UsageError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

interface Options {
  file: string;
  query?: string;
  model: string;
  dtype: Dtype;
  maxLength?: number;
  batchSize: number;
  threads: number;
  topK: number | null;
  threshold: number | null;
  activation: Activation;
  offline: boolean;
  hubUrl?: string;
  cacheDir: string;
  format: 'table' | 'json';
}

function intOption(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min} (got "${v}").`);
  return n;
}

function oneOf<T extends string>(name: string, v: string | undefined, allowed: readonly T[], fallback: T): T {
  if (v === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${v}").`);
  return v as T;
}

/** A model argument that names an existing folder becomes its absolute path; anything else is a hub id. */
function resolveModel(arg: string): string {
  const looksLikePath = arg.startsWith('.') || arg.startsWith('~') || isAbsolute(arg) || arg.includes('\\') || arg.split('/').length > 2;
  const candidate = resolve(arg.startsWith('~') ? arg.replace(/^~/, process.env.HOME ?? '~') : arg);
  if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
  if (looksLikePath) throw new UsageError(`Model folder ${candidate} does not exist.`, 'Pass an existing folder in hub layout, or a hub id like cross-encoder/ms-marco-MiniLM-L-6-v2.');
  return arg;
}

export function parseOptions(argv: string[]): Options | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      query: { type: 'string' },
      model: { type: 'string' },
      dtype: { type: 'string' },
      'max-length': { type: 'string' },
      'batch-size': { type: 'string' },
      threads: { type: 'string' },
      'top-k': { type: 'string' },
      threshold: { type: 'string' },
      activation: { type: 'string' },
      offline: { type: 'boolean' },
      'hub-url': { type: 'string' },
      'cache-dir': { type: 'string' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const [command, file, ...extra] = positionals;
  if (command === undefined) return 'help';
  if (command !== 'rerank') throw new UsageError(`Unknown command "${command}".`, 'The command is: rerank-lens rerank FILE|- [options] (see --help).');
  if (file === undefined) throw new UsageError('No input file.', 'Give a JSON file, or - to read standard input.');
  if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}".`, 'Give one input file; quote a query with spaces: --query "..."');
  let threshold: number | null = null;
  if (values.threshold !== undefined) {
    threshold = Number(values.threshold);
    if (!Number.isFinite(threshold)) throw new UsageError(`--threshold must be a number (got "${values.threshold}").`);
  }
  if (values['hub-url'] !== undefined) {
    try {
      const u = new URL(values['hub-url']);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http');
    } catch {
      throw new UsageError(`--hub-url must be an http(s) URL (got "${values['hub-url']}").`);
    }
  }
  const activation = oneOf('activation', values.activation, ['raw', 'sigmoid'] as const, 'raw');
  if (activation === 'sigmoid' && threshold !== null && (threshold < 0 || threshold > 1)) {
    throw new UsageError(`With --activation sigmoid the threshold is a probability between 0 and 1 (got ${threshold}).`);
  }
  return {
    file,
    query: values.query,
    model: resolveModel(values.model ?? DEFAULT_MODEL),
    dtype: oneOf('dtype', values.dtype, ['fp32', 'q8'] as const, 'fp32'),
    maxLength: intOption('max-length', values['max-length'], 8),
    batchSize: intOption('batch-size', values['batch-size'], 1) ?? 16,
    threads: intOption('threads', values.threads, 0) ?? 0,
    topK: intOption('top-k', values['top-k'], 0) ?? null,
    threshold,
    activation,
    offline: values.offline ?? false,
    hubUrl: values['hub-url'],
    cacheDir: resolve(values['cache-dir'] ?? defaultCacheDir()),
    format: oneOf('format', values.format, ['table', 'json'] as const, 'table'),
  };
}

function readSource(file: string): string {
  if (file === '-') return readFileSync(0, 'utf8');
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`Input file ${file} does not exist.`, 'Check the path, or use - to read standard input.');
    if (code === 'EISDIR') throw new UsageError(`Input ${file} is a folder, not a file.`, 'Give a JSON file.');
    throw new UsageError(`Could not read ${file}: ${(e as Error).message}`);
  }
}

function describeDiagnostic(d: Diagnostic): string {
  const where = [d.file, d.line !== undefined ? `line ${d.line}` : '', d.column !== undefined ? `column ${d.column}` : '', d.path ?? ''].filter(Boolean).join(', ');
  return `${where ? `${where}: ` : ''}${d.message}${d.hint ? `\n  ${d.hint}` : ''}`;
}

function progressPrinter(): (p: { file: string; status: string; loaded?: number; total?: number; percent?: number }) => void {
  const tty = process.stderr.isTTY;
  const mb = (b?: number): string => (b === undefined ? '?' : (b / 1e6).toFixed(1));
  return (p) => {
    if (p.status === 'initiate') process.stderr.write(`Downloading ${p.file}${tty ? '' : '...\n'}`);
    else if (p.status === 'progress' && tty) process.stderr.write(`\rDownloading ${p.file}: ${Math.floor(p.percent ?? 0)}% (${mb(p.loaded)}/${mb(p.total)} MB)`);
    else if (p.status === 'done') process.stderr.write(tty ? `\rDownloaded ${p.file}${' '.repeat(30)}\n` : `Downloaded ${p.file}\n`);
  };
}

function printError(error: { message: string; hint?: string }): void {
  process.stderr.write(`rerank-lens: ${error.message}\n${error.hint ? `  ${error.hint}\n` : ''}`);
}

export async function main(argv: string[]): Promise<number> {
  let opts: Options | 'help';
  try {
    opts = parseOptions(argv);
  } catch (e) {
    const hint = e instanceof UsageError ? e.hint : 'See rerank-lens --help.';
    printError({ message: (e as Error).message, hint: hint ?? 'See rerank-lens --help.' });
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }

  let sets: { query: string; chunks: Chunk[] }[];
  try {
    const result = readInput(readSource(opts.file), opts.file === '-' ? '<stdin>' : opts.file);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    for (const d of result.diagnostics.filter((x) => x.severity !== 'error')) process.stderr.write(`rerank-lens: ${describeDiagnostic(d)}\n`);
    if (errors.length) {
      for (const d of errors) process.stderr.write(`rerank-lens: ${describeDiagnostic(d)}\n`);
      return 2;
    }
    sets = result.sets.map((s, i) => {
      const query = opts.query ?? s.query;
      if (query === undefined || !query.trim()) {
        throw new UsageError(`No query${result.sets.length > 1 ? ` for set ${i + 1}` : ''}.`, 'Pass --query "...", or give {"query": ..., "documents": [...]}.');
      }
      return { query, chunks: s.chunks };
    });
  } catch (e) {
    printError({ message: (e as Error).message, hint: e instanceof UsageError ? e.hint : undefined });
    return 2;
  }

  const spec: ModelSpec = {
    model: opts.model,
    dtype: opts.dtype,
    cacheDir: opts.cacheDir,
    offline: opts.offline,
    ...(opts.maxLength !== undefined ? { maxLength: opts.maxLength } : {}),
    ...(opts.hubUrl !== undefined ? { hubUrl: opts.hubUrl } : {}),
  };
  const run = { batchSize: opts.batchSize, threads: opts.threads };
  const client = new EngineClient();
  try {
    const results: QueryResults[] = [];
    let info: ModelInfo | undefined;
    const onProgress = progressPrinter();
    for (const set of sets) {
      const outcome = await client.score({ spec, run, query: set.query, chunks: set.chunks.map((c) => c.text), onProgress });
      info = outcome.info;
      results.push({ query: set.query, results: rankResults(set.chunks, outcome.scores as PairScore[], { activation: opts.activation, threshold: opts.threshold, topK: opts.topK }) });
    }
    process.stdout.write(
      opts.format === 'json'
        ? formatJson(opts.model, info, opts, results)
        : formatTable(opts.model, info, opts, results, process.stdout.isTTY ? process.stdout.columns : 120),
    );
    return 0;
  } catch (e) {
    const error: EngineError = e instanceof EngineFailure ? e.error : { code: 'internal', message: String(e) };
    printError(error);
    return 1;
  } finally {
    client.dispose();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      printError({ message: `unexpected error: ${String(e)}` });
      process.exitCode = 1;
    },
  );
}
