// `rerank-lens eval INPUT [--qrels FILE] ...`: rerank every query of a set and measure what reranking
// changed: before/after metrics (trec_eval's definitions), wins/ties/losses with a bootstrap interval,
// the ceiling of the candidate pool, and recommended thresholds. Exit codes as for `rerank`: 0 done,
// 1 scoring or writing failed, 2 bad usage or input.
//
// Flow: read INPUT (core/read; a BEIR folder without a run gets a BM25 first stage, core/firstStage)
// -> labels (--qrels FILE via core/labels, else the input's own) -> choose queries (--max-queries,
// --sample/--seed) -> score every unique (query, chunk) pair once, through the disk score store
// (src/node/scoreStore.ts, <cache dir>/.score-store) and the engine -> core/eval analyzeSet -> table or
// JSON (core/eval/report.ts) -> --run-out: TREC runs of both orders and the labels used.
// `--scorer SPEC` (src/scorers/fromSpec.ts) scores with a rerank server or a local model given as a SPEC
// instead of --model/--dtype: the same evaluation, its pairs cached under the scorer's identity, and the
// report's model/dtype say which server and what its number means (thresholds are on that number).
// Thresholds (cutoffs, sweep) are on the raw logit of a local model, each given with its probability;
// modelActivation says which of the two is what CrossEncoder.predict returns (issue 15).
import { existsSync, promises as fs, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeSet, evalQueryFromSet, formatTrecRun, rerankedRun, retrieverRun, sampleIndexes, type EvalQuery } from '../../core/eval/index';
import { formatReportTable, labReport, type EvalReport, type LabelsSummary } from '../../core/eval/report';
import { bm25Sets, parseBeirJsonl } from '../../core/firstStage/sets';
import { DEFAULT_DEPTH, type Bm25Settings } from '../../core/firstStage/bm25';
import { attachQrels, inputQrels } from '../../core/labels/attach';
import { chunkIdentity, queryIdentity } from '../../core/labels/identity';
import { countJudgments, formatTrecQrels, parseQrelsText, type QrelsMap } from '../../core/labels/qrels';
import { beirFilesFrom } from '../../core/read/beir';
import { DEFAULT_MAX_BYTES } from '../../core/read/index';
import { readPath } from '../../node/read/readPath';
import type { Diagnostic, PairScore, RetrievalSet } from '../../core/types';
import { EngineClient, EngineFailure } from '../../engine/client';
import { DEFAULT_MODEL, defaultCacheDir } from '../../engine/defaults';
import type { Dtype, EngineError, ModelInfo, ModelSpec } from '../../engine/protocol';
import { ScoreStore, scoreStoreKey, type StoredScore } from '../../node/scoreStore';
import type { CliIo } from '../io';
import { describeDiagnostic } from '../load';
import { resolveModel, UsageError } from '../options';
import type { CliEngine } from '../score';
import type { Subcommand, SubcommandDeps } from './subcommand';
import { scorerFromSpec } from '../../scorers/fromSpec';
import { mapLimited, parallelFor } from '../../scorers/pool';
import { parseScorerSpec, ScorerSpecError } from '../../scorers/spec';
import { ScorerFailure, type Scorer, type ScorerInfo } from '../../session/scorer';
import { GROUP_PAIRS, groupSets } from '../../session/session';

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

interface EvalOptions {
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

function printDiagnostic(io: CliIo, d: Diagnostic, label: string): void {
  const kind = d.severity === 'info' ? 'note' : d.severity;
  io.stderr.write(`rerank-lens: ${kind}: ${describeDiagnostic(d, label)}\n${d.hint ? `  ${d.hint}\n` : ''}`);
}

interface LoadedSets {
  sets: RetrievalSet[];
  format: string | null;
  firstStage: Bm25Settings | null;
  ok: boolean;
}

/** The folder of a BEIR input (INPUT itself, or the folder of its corpus/queries/qrels file). */
function beirDir(input: string): string {
  if (statSync(input).isDirectory()) return input;
  const dir = dirname(input);
  return basename(dir).toLowerCase() === 'qrels' ? dirname(dir) : dir;
}

async function readCapped(file: string, maxBytes: number): Promise<string> {
  const st = await fs.stat(file);
  if (st.size > maxBytes) throw new UsageError(`${file} is ${(st.size / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(0)} MB limit.`, 'Pass --max-file-size-mb N to raise it.');
  return fs.readFile(file, 'utf8');
}

/** A BEIR folder without a run: BM25 over corpus.jsonl for every query of queries.jsonl. */
async function bm25Input(dir: string, opts: EvalOptions, io: CliIo): Promise<LoadedSets> {
  const corpusText = await readCapped(join(dir, 'corpus.jsonl'), opts.maxBytes);
  const queriesFile = join(dir, 'queries.jsonl');
  if (!existsSync(queriesFile)) throw new UsageError(`${dir} has no queries.jsonl: BM25 needs the query texts.`, 'Add queries.jsonl ({"_id","text"} per line).');
  const corpus = parseBeirJsonl(corpusText, 'corpus.jsonl');
  const queries = parseBeirJsonl(await readCapped(queriesFile, opts.maxBytes), 'queries.jsonl');
  for (const d of [...corpus.diagnostics, ...queries.diagnostics]) printDiagnostic(io, d, dir);
  let qrels: QrelsMap | undefined;
  const qrelsDir = join(dir, 'qrels');
  if (existsSync(qrelsDir)) {
    const texts: Record<string, string> = {};
    for (const name of await fs.readdir(qrelsDir)) if (/\.(tsv|txt|qrels)$/i.test(name)) texts[join(qrelsDir, name)] = await readCapped(join(qrelsDir, name), opts.maxBytes);
    const chosen = beirFilesFrom(texts).qrels ?? [];
    qrels = new Map();
    for (const f of chosen) {
      const p = parseQrelsText(f.text, f.name);
      for (const d of p.diagnostics) printDiagnostic(io, d, f.name);
      for (const [q, m] of p.qrels) qrels.set(q, new Map([...(qrels.get(q) ?? new Map()), ...m]));
    }
  }
  // Queries without judgments are not evaluated anyway: with labels, BM25 runs only for judged queries
  // (BEIR's own evaluation does the same).
  const judgedQueries = qrels && qrels.size > 0 && !opts.qrels ? queries.rows.filter((q) => qrels!.has(q.id)) : queries.rows;
  const out = bm25Sets(corpus.rows, judgedQueries, qrels, { depth: opts.depth });
  return { sets: out.sets, format: 'beir-bm25', firstStage: out.settings, ok: true };
}

async function loadSets(opts: EvalOptions, io: CliIo): Promise<LoadedSets> {
  const result = await readPath(opts.input, { file: opts.input, maxBytes: opts.maxBytes });
  if ((result.format === 'beir' || result.format === 'beir-bm25') && existsSync(opts.input)) {
    const dir = beirDir(opts.input);
    if (existsSync(join(dir, 'corpus.jsonl'))) return bm25Input(dir, opts, io);
  }
  for (const d of result.diagnostics) printDiagnostic(io, d, opts.input);
  const ok = !result.diagnostics.some((d) => d.severity === 'error') && result.sets.length > 0;
  return { sets: result.sets, format: result.format ?? null, firstStage: null, ok };
}

/** A stable identity of the model for the score store: id or folder, dtype file size and mtime. */
function scorerIdentity(spec: ModelSpec): string {
  const file = join('onnx', spec.dtype === 'q8' ? 'model_quantized.onnx' : 'model.onnx');
  const folder = isAbsolute(spec.model) ? spec.model : join(spec.cacheDir, spec.model);
  let stamp = 'unstamped';
  try {
    const st = statSync(join(folder, file));
    stamp = `${st.size}:${Math.round(st.mtimeMs)}`;
  } catch {
    /* not downloaded yet */
  }
  return `local|${spec.model}|${spec.revision ?? 'main'}|${spec.hubUrl ?? ''}|${stamp}`;
}

interface ScoredPairs {
  /** Per set, per chunk. */
  scores: PairScore[][];
  info?: ModelInfo;
  unique: number;
  fromCache: number;
  scored: number;
}

function progress(io: CliIo): (doneQ: number, totalQ: number, doneP: number, totalP: number, startMs: number) => void {
  let lastLine = 0;
  return (dq, tq, dp, tp, start) => {
    const now = Date.now();
    const finished = dq >= tq && dp >= tp;
    if (!io.stderr.isTTY && !finished && now - lastLine < 2000) return;
    lastLine = now;
    const left = dp > 0 && !finished ? ` ~${Math.ceil(((now - start) / dp) * (tp - dp) / 1000)} s left` : '';
    io.stderr.write(`${io.stderr.isTTY ? '\r' : ''}scoring: ${dq}/${tq} queries, ${dp}/${tp} pairs${left}${io.stderr.isTTY ? (finished ? '\n' : '   ') : '\n'}`);
  };
}

/** Who scores the missing pairs: the engine with --model/--dtype, or a Scorer from --scorer SPEC. */
interface PairSource {
  /** Score-store identity; read again after scoring (a model downloaded meanwhile changes its stamp). */
  identity(): string;
  /** Requests in flight at once (a rerank server takes a few; the engine one). */
  parallel: number;
  /** Chunk i pairs with queries[queryOf[i]]: one request for several queries (the engine batches
   *  across them); a source whose server takes one query per call gets one query per job. */
  score(queries: string[], queryOf: number[], chunks: string[], onDone: (n: number) => void): Promise<PairScore[]>;
  /** Whether a job may hold several queries. */
  multiQuery: boolean;
  info(): ModelInfo | undefined;
}

function engineSource(engine: CliEngine, opts: EvalOptions): PairSource {
  let info: ModelInfo | undefined;
  return {
    identity: () => scorerIdentity(opts.spec),
    parallel: 1,
    multiQuery: true,
    async score(queries, queryOf, chunks, onDone) {
      const outcome = await engine.score({
        spec: opts.spec,
        run: { batchSize: opts.batchSize, threads: opts.threads },
        query: queries[0] ?? '',
        ...(queries.length > 1 ? { queries, queryOf } : {}),
        chunks,
        onBatch: (_s, d) => onDone(d),
      });
      info = outcome.info;
      return outcome.scores;
    },
    info: () => info,
  };
}

function scorerSource(scorer: Scorer, opts: EvalOptions): PairSource {
  let activation: ModelInfo['activation'];
  return {
    // The scorer's identity names the server URL, model and meaning (never a key); dtype and max length
    // are in the store key too, so a local SPEC keeps its dtype apart.
    identity: () => `scorer|${scorer.info().identity}`,
    parallel: parallelFor(scorer, opts.concurrency ?? 4),
    multiQuery: false,
    async score(queries, _queryOf, chunks, onDone) {
      let done = 0;
      const r = await scorer.score({ query: queries[0], chunks, onBatch: (batch) => onDone((done += batch.length)) });
      // A local SPEC's details carry the engine's ModelInfo (its activation, issue 15).
      const a = r.details?.activation as ModelInfo['activation'] | undefined;
      if (a && typeof a.fn === 'string' && typeof a.reason === 'string') activation ??= { fn: a.fn, reason: a.reason };
      return r.scores;
    },
    info: () => {
      const m = scorer.info().maxLength;
      return m !== undefined || activation ? ({ ...(m !== undefined ? { maxLength: m } : {}), ...(activation ? { activation } : {}) } as ModelInfo) : undefined;
    },
  };
}

/** Scores every unique (query, chunk text) pair once: the disk store first, then the source, one
 *  request per query text with that query's missing chunks. Scores received before a failure are
 *  saved to the store, so a rerun after a server error asks only for what is still missing. */
async function scoreAll(sets: RetrievalSet[], source: PairSource, opts: EvalOptions, io: CliIo): Promise<ScoredPairs> {
  const store = opts.scoreCache ? await ScoreStore.open(join(opts.spec.cacheDir, '.score-store')).catch(() => undefined) : undefined;
  const keyOf = (identity: string, query: string, chunk: string) =>
    scoreStoreKey({ scorer: identity, dtype: opts.scorer ? 'scorer' : opts.spec.dtype, maxLength: opts.spec.maxLength ?? 'model', query, chunk });
  const readIdentity = source.identity();
  const unique = new Map<string, StoredScore | undefined>();
  const pairKey = (q: string, c: string) => `${q.length}\0${q}\0${c}`;
  let fromCache = 0;
  const missing = new Map<string, Set<string>>();
  for (const s of sets) {
    for (const c of s.chunks) {
      const k = pairKey(s.query!, c.text);
      if (unique.has(k)) continue;
      const hit = store?.get(keyOf(readIdentity, s.query!, c.text));
      unique.set(k, hit);
      if (hit) fromCache++;
      else {
        if (!missing.has(s.query!)) missing.set(s.query!, new Set());
        missing.get(s.query!)!.add(c.text);
      }
    }
  }
  const totalPairs = [...missing.values()].reduce((n, m) => n + m.size, 0);
  const show = progress(io);
  const start = Date.now();
  let done = 0;
  let doneQ = 0;
  const fresh: [string, string, StoredScore][] = [];
  const keep = (query: string, text: string, s: PairScore) => {
    const { index: _i, cached: _c, ...value } = s;
    unique.set(pairKey(query, text), value);
    fresh.push([query, text, value]);
  };
  // The engine gets ~GROUP_PAIRS pairs of several queries per request (batches fill across queries);
  // a rerank server one query per request.
  const entries = [...missing].map(([query, texts]) => ({ query, texts: [...texts] }));
  const jobs = source.multiQuery ? groupSets(entries.map((_, i) => i), (i) => entries[i].texts.length, GROUP_PAIRS).map((g) => g.map((i) => entries[i])) : entries.map((e) => [e]);
  try {
    await mapLimited(jobs, source.parallel, async (job) => {
      const queries = job.map((e) => e.query);
      const queryOf = job.flatMap((e, q) => e.texts.map(() => q));
      const chunks = job.flatMap((e) => e.texts);
      let counted = 0;
      const onDone = (n: number) => {
        done += n - counted;
        counted = n;
        show(doneQ, missing.size, done, totalPairs, start);
      };
      let scores: PairScore[];
      try {
        scores = await source.score(queries, queryOf, chunks, onDone);
      } catch (e) {
        // Scores that arrived before the failure are kept (saved below), never guessed.
        if (e instanceof ScorerFailure && e.partial) e.partial.forEach((p, i) => p && keep(queries[queryOf[i]], chunks[i], p));
        throw e;
      }
      chunks.forEach((text, i) => {
        const s = scores[i];
        if (!s) throw new Error(`The scorer returned no score for a chunk of query "${queries[queryOf[i]].slice(0, 40)}".`);
        keep(queries[queryOf[i]], text, s);
      });
      onDone(chunks.length);
      doneQ += job.length;
      show(doneQ, missing.size, done, totalPairs, start);
    });
  } finally {
    if (store && fresh.length > 0) {
      // A model downloaded during this run has its weights file now: key the new scores by it.
      const writeIdentity = source.identity();
      for (const [q, t, v] of fresh) store.set(keyOf(writeIdentity, q, t), v);
      await store.flush().catch((e) => io.stderr.write(`rerank-lens: warning: could not save scores to the score cache: ${(e as Error).message}\n`));
    }
  }
  const scores = sets.map((s) => s.chunks.map((c, index) => ({ ...unique.get(pairKey(s.query!, c.text))!, index, cached: false })));
  return { scores, info: source.info(), unique: unique.size, fromCache, scored: totalPairs };
}

/** Drops later candidates whose label identity repeats within a query (identical texts without ids):
 *  a run file may name a document once per query, and the metrics count it once anyway. */
function dedupeCandidates(q: EvalQuery): number {
  const seen = new Set<string>();
  const before = q.candidates.length;
  q.candidates = q.candidates.filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)));
  return before - q.candidates.length;
}

async function run(argv: string[], deps: SubcommandDeps): Promise<number> {
  const { io } = deps;
  const fail = (message: string, hint?: string, code = 2) => {
    io.stderr.write(`rerank-lens: error: ${message}\n${hint ? `  ${hint}\n` : ''}`);
    return code;
  };
  let opts: EvalOptions | 'help';
  try {
    opts = parseEvalOptions(argv);
  } catch (e) {
    return fail((e as Error).message, e instanceof UsageError ? (e.hint ?? 'See rerank-lens eval --help.') : undefined);
  }
  if (opts === 'help') {
    io.stdout.write(EVAL_USAGE);
    return 0;
  }
  const messages: string[] = [];
  let loaded: LoadedSets;
  try {
    loaded = await loadSets(opts, io);
  } catch (e) {
    return fail((e as Error).message, e instanceof UsageError ? e.hint : undefined);
  }
  if (!loaded.ok) return fail(`Nothing to evaluate in ${opts.input}.`, 'Give a multi-query results file or a BEIR folder (see rerank-lens eval --help).');

  // Labels: --qrels, else the input's own.
  let labels: LabelsSummary | null = null;
  let perSet: (Record<string, number> | undefined)[];
  let qrelsUsed: QrelsMap = new Map();
  if (opts.qrels) {
    const parsed = parseQrelsText(await fs.readFile(opts.qrels, 'utf8'), opts.qrels);
    for (const d of parsed.diagnostics) printDiagnostic(io, d, opts.qrels);
    if (!parsed.ok) return fail(`${opts.qrels} holds no relevance labels.`, 'Give TREC qrels, BEIR qrels TSV or JSON {"query_id": {"doc_id": grade}}.');
    const a = attachQrels(loaded.sets, parsed.qrels);
    perSet = a.perSet;
    const c = countJudgments(parsed.qrels);
    labels = { source: opts.qrels, format: parsed.format, queries: c.queries, judgments: c.pairs, unknownQueries: a.unknownQueries.length, unknownQueryJudgments: a.unknownQueryJudgments, unknownDocuments: a.unknownDocuments, labelledQueries: a.labelledQueries, labelledPairs: a.labelledPairs };
    if (a.unknownQueries.length) messages.push(`${a.unknownQueries.length} labelled quer${a.unknownQueries.length === 1 ? 'y is' : 'ies are'} not in the input (${a.unknownQueryJudgments} judgments not used; e.g. ${a.unknownQueries.slice(0, 3).join(', ')}).`);
    if (a.unknownDocuments) messages.push(`${a.unknownDocuments} judgments name documents that are not candidates of their query: they count as relevant documents not retrieved, as in trec_eval.`);
  } else {
    perSet = loaded.sets.map((s) => inputQrels(s));
    const judged = perSet.filter(Boolean) as Record<string, number>[];
    if (judged.length) {
      const pairs = judged.reduce((n, q) => n + Object.keys(q).length, 0);
      let labelledPairs = 0;
      loaded.sets.forEach((s, i) => {
        const q = perSet[i];
        if (q) labelledPairs += s.chunks.filter((c) => Object.hasOwn(q, chunkIdentity(c))).length;
      });
      labels = { source: 'input', format: null, queries: judged.length, judgments: pairs, unknownQueries: 0, unknownQueryJudgments: 0, unknownDocuments: pairs - labelledPairs, labelledQueries: judged.length, labelledPairs };
    }
  }
  if (!labels || labels.labelledQueries === 0) messages.push('No labels for these queries: metrics and recommended cutoffs need relevance labels (--qrels FILE); the sweep below still shows what thresholds keep.');

  // Queries to score.
  const inInput = loaded.sets.length;
  let chosen = loaded.sets.map((s, i) => i);
  if (opts.sample !== undefined) chosen = sampleIndexes(inInput, opts.sample, opts.seed);
  if (opts.maxQueries !== undefined) chosen = chosen.slice(0, opts.maxQueries);
  const noText = chosen.filter((i) => !loaded.sets[i].query?.trim());
  if (noText.length) messages.push(`${noText.length} quer${noText.length === 1 ? 'y has' : 'ies have'} no query text and cannot be scored; left out.`);
  chosen = chosen.filter((i) => loaded.sets[i].query?.trim());
  const sets = chosen.map((i) => loaded.sets[i]);
  const noCandidates = sets.filter((s) => s.chunks.length === 0).length;
  if (noCandidates) messages.push(`${noCandidates} quer${noCandidates === 1 ? 'y has' : 'ies have'} no candidates${loaded.firstStage ? ' (BM25 matched no document)' : ''}; left out of the metrics.`);
  if (sets.length === 0) return fail('No query with text to score.', 'Check the input holds query texts (BEIR: queries.jsonl).');

  let engine: CliEngine | undefined;
  let scorer: Scorer | undefined;
  let scorerInfo: ScorerInfo | undefined;
  let scored: ScoredPairs;
  try {
    let source: PairSource;
    if (opts.scorer) {
      const o = opts;
      scorer = scorerFromSpec(opts.scorer, process.env, {
        ...(deps.engine ? { engine: deps.engine } : { newEngine: () => new EngineClient() }),
        cacheDir: opts.spec.cacheDir,
        offline: opts.spec.offline,
        batchSize: opts.batchSize,
        threads: opts.threads,
        ...(opts.spec.maxLength !== undefined ? { maxLength: opts.spec.maxLength } : {}),
        ...(opts.spec.hubUrl !== undefined ? { hubUrl: opts.spec.hubUrl } : {}),
        remote: {
          ...(o.timeoutMs !== undefined ? { responseTimeoutMs: o.timeoutMs } : {}),
          ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}),
          log: (level, m) => level !== 'info' && io.stderr.write(`rerank-lens: ${m}\n`),
        },
      });
      source = scorerSource(scorer, opts);
    } else source = engineSource((engine = deps.engine ?? new EngineClient()), opts);
    scored = await scoreAll(sets, source, opts, io);
    scorerInfo = scorer?.info();
  } catch (e) {
    if (e instanceof ScorerSpecError) return fail(e.message, e.hint, 2);
    if (e instanceof ScorerFailure) return fail(e.message, e.hint, 1);
    const error: EngineError = e instanceof EngineFailure ? e.error : { code: 'internal', message: e instanceof Error ? e.message : String(e) };
    return fail(error.message, error.hint, 1);
  } finally {
    scorer?.dispose();
    if (engine && !deps.engine) engine.dispose();
  }

  // Queries as the lab sees them; ids unique per query so run files are what trec_eval accepts.
  const usedIds = new Map<string, number>();
  let duplicates = 0;
  const queries = sets.map((s, j) => {
    const base = queryIdentity(s);
    const n = (usedIds.get(base) ?? 0) + 1;
    usedIds.set(base, n);
    const q = evalQueryFromSet(s, scored.scores[j], { queryId: n === 1 ? base : `${base}#${n}`, qrels: perSet[chosen[j]] ?? null, idOf: chunkIdentity });
    duplicates += dedupeCandidates(q);
    return q;
  });
  if (duplicates) messages.push(`${duplicates} candidates repeat the text of another candidate of their query without an id of their own; each text counts once.`);
  const lab = analyzeSet(queries, { recallTarget: opts.recallTarget, precisionTarget: opts.precisionTarget, k: opts.k, bootstrap: { seed: opts.seed } });
  if (lab.evaluation.counts.evaluated === 1) messages.push('Only 1 query was evaluated: no interval (a paired bootstrap needs 2 or more queries).');

  let runFiles: EvalReport['runFiles'] = null;
  if (opts.runOut) {
    try {
      await fs.mkdir(opts.runOut, { recursive: true });
      const withCandidates = queries.filter((q) => q.candidates.length > 0);
      const retriever = join(opts.runOut, 'retriever.run');
      const reranked = join(opts.runOut, 'reranked.run');
      await fs.writeFile(retriever, formatTrecRun(withCandidates.map((q) => ({ queryId: q.queryId, rows: retrieverRun(q) })), 'retriever'));
      await fs.writeFile(reranked, formatTrecRun(withCandidates.map((q) => ({ queryId: q.queryId, rows: rerankedRun(q) })), 'reranked'));
      let qrelsFile: string | null = null;
      // Only queries the runs hold: trec_eval 10 stops with an error on a qrels topic missing from the run.
      qrelsUsed = new Map(withCandidates.filter((q) => q.qrels).map((q) => [q.queryId, new Map(Object.entries(q.qrels!))]));
      if (qrelsUsed.size) {
        qrelsFile = join(opts.runOut, 'qrels.txt');
        await fs.writeFile(qrelsFile, formatTrecQrels(qrelsUsed));
      }
      runFiles = { retriever, reranked, qrels: qrelsFile };
    } catch (e) {
      return fail(`Cannot write the run files to ${opts.runOut}: ${(e as Error).message}`, 'Check the folder is writable.', 1);
    }
  }

  const c = lab.evaluation.counts;
  const report: EvalReport = {
    input: opts.input,
    format: loaded.format,
    // With --scorer: the scorer's label, and its dtype or provider and what its number means.
    model: scorerInfo ? scorerInfo.label : opts.spec.model,
    dtype: scorerInfo ? (scorerInfo.dtype ?? `${scorerInfo.provider}, ${scorerInfo.meaning}`) : opts.spec.dtype,
    maxLength: scored.info?.maxLength ?? opts.spec.maxLength ?? null,
    modelActivation: scored.info?.activation ?? null,
    firstStage: loaded.firstStage,
    queries: { ...c, inInput, chosen: chosen.length + noText.length, noQueryText: noText.length },
    pairs: { total: sets.reduce((n, s) => n + s.chunks.length, 0), unique: scored.unique, fromCache: scored.fromCache, scored: scored.scored },
    labels,
    ...labReport(lab, opts.recallTarget, opts.precisionTarget),
    runFiles,
    messages,
  };
  io.stdout.write(opts.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatReportTable(report));
  return 0;
}

export const evalCommand: Subcommand = {
  summary: 'metrics of a labelled set before and after reranking, did reranking help, recommended thresholds',
  run,
};
