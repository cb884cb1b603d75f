// The CLI's command line: usage text and option parsing into a checked CliOptions. Bad usage throws
// UsageError (message + hint); main turns it into exit code 2.

import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { PathOverrides } from '../core/types';
import { isScoreKind } from '../core/read/scoreKind';
import { DEFAULT_MODEL, defaultCacheDir } from '../engine/defaults';
import { exportWouldOverwriteInput } from '../node/fileIdentity';
import type { Dtype } from '../engine/protocol';
import { parseScorerSpec, ScorerSpecError } from '../scorers/spec';

/** Pairs one run may score without --max-pairs (limits.ts enforces it). */
export const DEFAULT_MAX_PAIRS = 20_000;

export const USAGE = `Usage: rerank-lens rerank FILE|FOLDER|- [options]

Rerank retrieved chunks with a Hugging Face cross-encoder (scores like sentence-transformers'
CrossEncoder.predict). FILE is what a retrieval stack wrote: JSON, JSONL/NDJSON, TSV or a TREC run
(LangChain, LlamaIndex, Haystack, Chroma, Qdrant, Pinecone, Weaviate, Milvus, Elasticsearch/OpenSearch,
Vespa, Solr, Azure AI Search, Bedrock KB, OpenAI vector stores, LanceDB, Typesense, Meilisearch,
Redis, Vectara and more, Cohere/Jina/TEI/Infinity/vLLM/Voyage rerank requests, Ragas, DeepEval,
OpenInference/Phoenix, LangSmith, Langfuse, plain
{query, documents} or a list of texts). FOLDER is a BEIR dataset (corpus.jsonl, queries.jsonl, qrels/,
optionally a TREC run). - reads standard input.

Input:
  --query Q              the query; overrides the file's query for EVERY query set it holds
  --query-index N        rerank only query set N (0-based) of a file with several; default: all
  --text-path P          where chunk texts are, for shapes not recognised (e.g. '$.results[*].body');
                         a [*] before the last one separates queries
  --query-path P         where the query is (same [*]s as the text path's query level)
  --id-path P            where chunk ids are
  --score-path P         where the retriever's scores are
  --score-kind K         similarity (higher is better) or distance (lower is better) for --score-path;
                         default: guessed from the path's last key (distance, dist -> distance)
  --backslashes copy|literal
                         backslashes in TSV: copy = decode PostgreSQL COPY text escapes (\\n, \\t, \\\\,
                         octal, hex), literal = keep them; default: decided from the file (a \\N cell,
                         a \\. end line or a COPY ... FROM stdin line marks a COPY export)
  --max-file-size-mb N   refuse inputs larger than N MB (default 50)

Model:
  --scorer SPEC          score with SPEC instead of --model/--dtype: local:MODEL[@fp32|@q8] or
                         PROVIDER:URL[#MODEL], PROVIDER one of cohere, jina, voyage, mixedbread, tei,
                         infinity, vllm (key from RERANK_LENS_API_KEY or the provider's variable)
  --model ID|DIR         hub id or model folder in hub layout (default ${DEFAULT_MODEL})
  --dtype fp32|q8        weights: onnx/model.onnx or onnx/model_quantized.onnx (default fp32)
  --max-length N         cap on tokens per pair (default: the model's limit, at most 512)
  --batch-size N         pairs per ONNX run (default 16)
  --threads N            onnxruntime threads (default: all cores; more than the cores are cut to them)
  --max-pairs N          refuse to score more than N (query, chunk) pairs, after printing the estimated
                         time (default ${DEFAULT_MAX_PAIRS}; 0 = no limit)
  --offline              never use the network; the model must be cached or local
  --hub-url URL          hub or mirror base URL (default https://huggingface.co/)
  --cache-dir DIR        download cache (default ${defaultCacheDir()})

Output:
  --top-k K              keep at most K results per query
  --threshold T          keep results whose score (the --activation's number) is at least T: with the
                         default auto, a threshold copied from sentence-transformers code means the same
  --activation auto|raw|sigmoid
                         what \`score\` is (and the order): auto (default) = what CrossEncoder.predict
                         returns for this model, from config.json's sentence_transformers.activation_fn
                         (Identity: the raw logit; Sigmoid, or none for a one-label model: the
                         probability); raw = the logit; sigmoid = the probability (for models with
                         several labels the softmax of the relevant label). The logit and the
                         probability are always printed beside it. Rerank servers: auto = their number
  --format table|json    output format (default table)
  --export PATH          also write the reranked results to PATH
  --export-style same|cohere
                         same (default): the input's own shape, each chunk gaining a "rerank" field
                         {score, probability, logit, rank, originalRank, kept} (score as printed),
                         lists in reranked order
                         (TREC runs and BEIR folders become a TREC run, TSV gains columns);
                         cohere: {"results": [{index, relevance_score, document}]} per query
  -h, --help             show this help

Exit codes: 0 done, 1 scoring or export failed, 2 bad usage or input.
`;

/** --activation: auto follows the model (sentence-transformers' activation_fn), raw = logit, sigmoid = probability. */
export type CliActivation = 'auto' | 'raw' | 'sigmoid';

export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export interface CliOptions {
  /** The input as given: a file, a folder, or '-' for stdin. */
  file: string;
  query?: string;
  queryIndex?: number;
  overrides?: PathOverrides;
  /** Undefined: the reader's default. */
  maxBytes?: number;
  /** `--backslashes`: TSV backslash escapes decoded as COPY text format, or literal; undefined: decided
   *  from the file (ReadOptions.backslashes). */
  backslashes?: 'copy' | 'literal';
  model: string;
  dtype: Dtype;
  /** `--scorer SPEC` (checked by parseScorerSpec); replaces model and dtype when set. */
  scorer?: string;
  maxLength?: number;
  batchSize: number;
  threads: number;
  /** Most (query, chunk) pairs one run may score; 0 = no limit. */
  maxPairs: number;
  topK: number | null;
  threshold: number | null;
  /** What `score` is: 'auto' = the model's activation, known once the engine has loaded it (score.ts). */
  activation: CliActivation;
  offline: boolean;
  hubUrl?: string;
  cacheDir: string;
  format: 'table' | 'json';
  export?: { path: string; style: 'same' | 'cohere' };
}

function intOption(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min} (got "${v}").`);
  return n;
}

function oneOf<T extends string>(name: string, v: string | undefined, allowed: readonly T[], fallback: T): T {
  if (v === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${v}").`);
  return v as T;
}

/** A model argument that names an existing folder becomes its absolute path; anything else is a hub id. */
export function resolveModel(arg: string): string {
  const looksLikePath = arg.startsWith('.') || arg.startsWith('~') || isAbsolute(arg) || arg.includes('\\') || arg.split('/').length > 2;
  const candidate = resolve(arg.startsWith('~') ? arg.replace(/^~/, process.env.HOME ?? '~') : arg);
  if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
  if (looksLikePath) throw new UsageError(`Model folder ${candidate} does not exist.`, 'Pass an existing folder in hub layout, or a hub id like cross-encoder/ms-marco-MiniLM-L-6-v2.');
  return arg;
}

function maxBytesOption(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const mb = Number(v);
  if (v.trim() === '' || !Number.isFinite(mb) || mb <= 0) throw new UsageError(`--max-file-size-mb must be a positive number of megabytes (got "${v}").`);
  return Math.round(mb * 1024 * 1024);
}

function overridesOption(values: Record<string, string | boolean | undefined>): PathOverrides | undefined {
  const o: PathOverrides = {};
  const pick = (flag: string, key: Exclude<keyof PathOverrides, 'scoreKind'>) => {
    const v = values[flag];
    if (typeof v !== 'string') return;
    if (v.trim() === '') throw new UsageError(`--${flag} is empty.`, "Give a path like '$.results[*].text' (quote it for the shell).");
    o[key] = v;
  };
  pick('text-path', 'textPath');
  pick('query-path', 'queryPath');
  pick('id-path', 'idPath');
  pick('score-path', 'scorePath');
  const kind = values['score-kind'];
  if (typeof kind === 'string') {
    if (!isScoreKind(kind)) throw new UsageError(`--score-kind must be similarity or distance (got "${kind}").`);
    if (!o.scorePath) throw new UsageError('--score-kind needs --score-path.', "Add --score-path '$...' naming where the scores are.");
    o.scoreKind = kind;
  }
  return Object.keys(o).length > 0 ? o : undefined;
}

function exportOption(path: string | undefined, style: string | undefined, input: string): CliOptions['export'] {
  const chosen = oneOf('export-style', style, ['same', 'cohere'] as const, 'same');
  if (path === undefined) {
    if (style !== undefined) throw new UsageError('--export-style needs --export PATH.', 'Add --export results.json (for example).');
    return undefined;
  }
  if (path.trim() === '') throw new UsageError('--export is empty.', 'Give the file to write, e.g. --export reranked.json.');
  const target = resolve(path);
  if (input !== '-' && exportWouldOverwriteInput(target, input)) {
    throw new UsageError(`--export ${path} would overwrite the input file.`, 'Write the reranked results to a new file.');
  }
  // Checked before the model loads, so a typo does not cost a scoring run.
  const dir = dirname(target);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`Cannot export to ${path}: the folder ${dir} does not exist.`, 'Create the folder first, or pick another path.');
  if (existsSync(target) && statSync(target).isDirectory()) throw new UsageError(`Cannot export to ${path}: it is a folder.`, 'Give a file name, e.g. --export reranked.json.');
  return { path: target, style: chosen };
}

/** --scorer SPEC, checked now so a typo costs no loading; it excludes --model and --dtype. */
function scorerOption(spec: string | undefined, model: string | undefined, dtype: string | undefined): string | undefined {
  if (spec === undefined) return undefined;
  if (model !== undefined || dtype !== undefined) throw new UsageError('--scorer replaces --model and --dtype; give one or the other.', 'For a local model with a dtype: --scorer local:MODEL@q8.');
  try {
    parseScorerSpec(spec);
  } catch (e) {
    if (e instanceof ScorerSpecError) throw new UsageError(e.message, e.hint);
    throw e;
  }
  return spec.trim();
}

export function parseOptions(argv: string[]): CliOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        query: { type: 'string' },
        'query-index': { type: 'string' },
        'text-path': { type: 'string' },
        'query-path': { type: 'string' },
        'id-path': { type: 'string' },
        'score-path': { type: 'string' },
        'score-kind': { type: 'string' },
        'max-file-size-mb': { type: 'string' },
        backslashes: { type: 'string' },
        model: { type: 'string' },
        scorer: { type: 'string' },
        dtype: { type: 'string' },
        'max-length': { type: 'string' },
        'batch-size': { type: 'string' },
        threads: { type: 'string' },
        'max-pairs': { type: 'string' },
        'top-k': { type: 'string' },
        threshold: { type: 'string' },
        activation: { type: 'string' },
        offline: { type: 'boolean' },
        'hub-url': { type: 'string' },
        'cache-dir': { type: 'string' },
        format: { type: 'string' },
        export: { type: 'string' },
        'export-style': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(String((e as Error).message), 'See rerank-lens --help for the options.');
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [command, file, ...extra] = positionals;
  if (command === undefined) return 'help';
  if (command !== 'rerank') throw new UsageError(`Unknown command "${command}".`, 'The command is: rerank-lens rerank FILE|FOLDER|- [options] (see --help).');
  if (file === undefined) throw new UsageError('No input file.', 'Give a results file, a BEIR folder, or - to read standard input.');
  if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}".`, 'Give one input file; quote a query with spaces: --query "..."');
  let threshold: number | null = null;
  if (values.threshold !== undefined) {
    threshold = Number(values.threshold);
    if (values.threshold.trim() === '' || !Number.isFinite(threshold)) throw new UsageError(`--threshold must be a number (got "${values.threshold}").`);
  }
  if (values['hub-url'] !== undefined) {
    try {
      const u = new URL(values['hub-url']);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http');
    } catch {
      throw new UsageError(`--hub-url must be an http(s) URL (got "${values['hub-url']}").`);
    }
  }
  const activation = oneOf('activation', values.activation, ['auto', 'raw', 'sigmoid'] as const, 'auto');
  // With auto the space is known once the model is loaded: score.ts checks the threshold then.
  if (activation === 'sigmoid' && threshold !== null && (threshold < 0 || threshold > 1)) {
    throw new UsageError(`With --activation sigmoid the threshold is a probability between 0 and 1 (got ${threshold}).`);
  }
  if (values.query !== undefined && values.query.trim() === '') throw new UsageError('--query is empty.', 'Give the query text: --query "..."');
  const overrides = overridesOption(values);
  const scorer = scorerOption(values.scorer, values.model, values.dtype);
  return {
    file,
    query: values.query,
    queryIndex: intOption('query-index', values['query-index'], 0),
    ...(overrides ? { overrides } : {}),
    maxBytes: maxBytesOption(values['max-file-size-mb']),
    ...(values.backslashes !== undefined ? { backslashes: oneOf('backslashes', values.backslashes, ['copy', 'literal'] as const, 'literal') } : {}),
    ...(scorer ? { scorer } : {}),
    model: scorer ? DEFAULT_MODEL : resolveModel(values.model ?? DEFAULT_MODEL),
    dtype: oneOf('dtype', values.dtype, ['fp32', 'q8'] as const, 'fp32'),
    maxLength: intOption('max-length', values['max-length'], 8),
    batchSize: intOption('batch-size', values['batch-size'], 1) ?? 16,
    threads: intOption('threads', values.threads, 0) ?? 0,
    maxPairs: intOption('max-pairs', values['max-pairs'], 0) ?? DEFAULT_MAX_PAIRS,
    topK: intOption('top-k', values['top-k'], 0) ?? null,
    threshold,
    activation,
    offline: values.offline ?? false,
    hubUrl: values['hub-url'],
    cacheDir: resolve(values['cache-dir'] ?? defaultCacheDir()),
    format: oneOf('format', values.format, ['table', 'json'] as const, 'table'),
    export: exportOption(values.export, values['export-style'], file),
  };
}
