// rerank-lens eval: its options (usage text, parsing, validation).
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DEPTH } from '../../core/firstStage/bm25';
import { DEFAULT_MAX_BYTES } from '../../core/read/index';
import { DEFAULT_MODEL, defaultCacheDir } from '../../engine/defaults';
import type { Dtype, ModelSpec } from '../../engine/protocol';
import { resolveModel, UsageError } from '../options';
import { parseScorerSpec, ScorerSpecError } from '../../scorers/spec';

export const EVAL_USAGE = `Usage: rerank-lens eval INPUT [options]

Rerank every query of a set and measure what reranking changed, against relevance labels: nDCG@1/3/5/10,
MRR@10, MAP, Recall@10/100, P@1/5/10 of the retriever's order and of the reranked order (trec_eval's
definitions), per-query wins/ties/losses on nDCG@10 with a paired bootstrap 95% interval, the ceiling of
the candidate pool, and recommended thresholds (max F1, recall >= target, precision >= target).
INPUT: any multi-query input \`rerank\` reads (JSON/JSONL, a TREC run beside a BEIR corpus, Ragas, ...)
or a BEIR folder; a BEIR folder without a run gets BM25 over its corpus as the first stage.

Labels and queries:
  --qrels FILE           labels: TREC qrels, BEIR qrels TSV or JSON {query_id: {doc_id: grade}}
                         (default: the labels the input carries, e.g. a BEIR folder's qrels/)
  --depth N              BM25 candidates per query for a BEIR folder without a run (default ${DEFAULT_DEPTH})
  --max-queries N        only the first N queries
  --sample N             a random sample of N queries (reproducible with --seed)
  --seed S               seed of --sample and of the bootstrap intervals (default 1)
Results:
  --k K                  the per-query top-k rule shown beside the thresholds (default 10)
  --recall-target R      recommend the highest threshold with recall >= R (default 0.9)
  --precision-target P   also recommend the lowest threshold with precision >= P
  --format table|json    output (default table; the JSON shape is in the README)
  --run-out DIR          write DIR/retriever.run, DIR/reranked.run (TREC runs) and DIR/qrels.txt
Model (as for rerank):
  --model ID|DIR  --dtype fp32|q8  --max-length N  --batch-size N  --threads N
  --offline  --hub-url URL  --cache-dir DIR  --no-score-cache  --max-file-size-mb N
  --scorer SPEC          score with SPEC instead of --model/--dtype: local:MODEL[@fp32|@q8] or a rerank
                         server PROVIDER:URL[#MODEL] (cohere, jina, voyage, mixedbread, tei, infinity,
                         vllm); keys from RERANK_LENS_API_KEY or the provider's usual variable
  --timeout S            rerank servers: seconds to wait for one answer (default 120)
  --concurrency N        rerank servers: queries in flight (default 4)
  -h, --help

Exit codes: 0 done, 1 scoring or writing failed, 2 bad usage or input.
`;

export interface EvalOptions {
  input: string;
  qrels?: string;
  depth: number;
  k: number;
  recallTarget: number;
  precisionTarget?: number;
  format: 'table' | 'json';
  runOut?: string;
  maxQueries?: number;
  sample?: number;
  seed: number;
  spec: ModelSpec;
  /** `--scorer SPEC` (checked by parseScorerSpec): scores with it instead of `spec`'s model. */
  scorer?: string;
  timeoutMs?: number;
  concurrency?: number;
  batchSize: number;
  threads: number;
  scoreCache: boolean;
  maxBytes: number;
}

function int(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min} (got "${v}").`);
  return n;
}

function fraction(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 1) throw new UsageError(`--${name} must be a number in (0, 1] (got "${v}").`);
  return n;
}

export function parseEvalOptions(argv: string[]): EvalOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        qrels: { type: 'string' }, depth: { type: 'string' }, k: { type: 'string' },
        'recall-target': { type: 'string' }, 'precision-target': { type: 'string' },
        format: { type: 'string' }, 'run-out': { type: 'string' }, 'max-queries': { type: 'string' },
        sample: { type: 'string' }, seed: { type: 'string' },
        model: { type: 'string' }, dtype: { type: 'string' }, 'max-length': { type: 'string' },
        'batch-size': { type: 'string' }, threads: { type: 'string' }, offline: { type: 'boolean' },
        'hub-url': { type: 'string' }, 'cache-dir': { type: 'string' }, 'no-score-cache': { type: 'boolean' },
        'max-file-size-mb': { type: 'string' }, help: { type: 'boolean', short: 'h' },
        scorer: { type: 'string' }, timeout: { type: 'string' }, concurrency: { type: 'string' },
      },
    });
  } catch (e) {
    throw new UsageError(String((e as Error).message), 'See rerank-lens eval --help for the options.');
  }
  const { values: v, positionals } = parsed;
  if (v.help) return 'help';
  if (positionals.length === 0) throw new UsageError('No input.', 'Give a multi-query results file or a BEIR folder: rerank-lens eval INPUT.');
  if (positionals.length > 1) throw new UsageError(`Unexpected argument "${positionals[1]}".`, 'Give one input.');
  const format = v.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format must be table or json (got "${format}").`);
  const dtype = (v.dtype ?? 'fp32') as Dtype;
  if (dtype !== 'fp32' && dtype !== 'q8') throw new UsageError(`--dtype must be fp32 or q8 (got "${v.dtype}").`);
  if (v.qrels !== undefined && !existsSync(v.qrels)) throw new UsageError(`The labels file ${v.qrels} does not exist.`, 'Give a TREC qrels, BEIR qrels TSV or JSON labels file.');
  if (v['run-out'] !== undefined && existsSync(v['run-out']) && !statSync(v['run-out']).isDirectory()) throw new UsageError(`--run-out ${v['run-out']} is a file, not a folder.`);
  const mb = v['max-file-size-mb'] === undefined ? undefined : Number(v['max-file-size-mb']);
  if (mb !== undefined && (!Number.isFinite(mb) || mb <= 0)) throw new UsageError(`--max-file-size-mb must be a positive number (got "${v['max-file-size-mb']}").`);
  const maxLength = int('max-length', v['max-length'], 8);
  if (v.scorer !== undefined) {
    if (v.model !== undefined || v.dtype !== undefined) throw new UsageError('--scorer replaces --model and --dtype; give one or the other.', 'For a local model with a dtype: --scorer local:MODEL@q8.');
    try {
      parseScorerSpec(v.scorer);
    } catch (e) {
      throw new UsageError((e as Error).message, e instanceof ScorerSpecError ? e.hint : undefined);
    }
  }
  const timeoutS = v.timeout === undefined ? undefined : Number(v.timeout);
  if (timeoutS !== undefined && (v.timeout!.trim() === '' || !Number.isFinite(timeoutS) || timeoutS <= 0)) throw new UsageError(`--timeout must be a positive number of seconds (got "${v.timeout}").`);
  const concurrency = int('concurrency', v.concurrency, 1);
  return {
    ...(v.scorer !== undefined ? { scorer: v.scorer } : {}),
    ...(timeoutS !== undefined ? { timeoutMs: Math.round(timeoutS * 1000) } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    input: positionals[0],
    ...(v.qrels !== undefined ? { qrels: v.qrels } : {}),
    depth: int('depth', v.depth, 1) ?? DEFAULT_DEPTH,
    k: int('k', v.k, 1) ?? 10,
    recallTarget: fraction('recall-target', v['recall-target']) ?? 0.9,
    ...(v['precision-target'] !== undefined ? { precisionTarget: fraction('precision-target', v['precision-target']) } : {}),
    format,
    ...(v['run-out'] !== undefined ? { runOut: resolve(v['run-out']) } : {}),
    ...(v['max-queries'] !== undefined ? { maxQueries: int('max-queries', v['max-queries'], 1) } : {}),
    ...(v.sample !== undefined ? { sample: int('sample', v.sample, 1) } : {}),
    seed: int('seed', v.seed, 0) ?? 1,
    spec: {
      model: resolveModel(v.model ?? DEFAULT_MODEL),
      dtype,
      cacheDir: resolve(v['cache-dir'] ?? defaultCacheDir()),
      offline: v.offline ?? false,
      ...(maxLength !== undefined ? { maxLength } : {}),
      ...(v['hub-url'] !== undefined ? { hubUrl: v['hub-url'] } : {}),
    },
    batchSize: int('batch-size', v['batch-size'], 1) ?? 16,
    threads: int('threads', v.threads, 0) ?? 0,
    scoreCache: !v['no-score-cache'],
    maxBytes: mb !== undefined ? Math.round(mb * 1024 * 1024) : DEFAULT_MAX_BYTES,
  };
}
