// Loading a cross-encoder: a hub id (downloaded by transformers.js into spec.cacheDir, progress
// forwarded) or a local folder in hub layout, as fp32 (`onnx/model.onnx`) or q8 (the int8 file the
// repo publishes that is right on this CPU: onnxFile.ts / int8Files.ts). Every way this can go wrong
// becomes an EngineFailure that says what happened and what to do. Runs inside the engine process only.

import { AutoConfig, AutoModelForSequenceClassification, AutoTokenizer, type PreTrainedModel } from '@huggingface/transformers';

type OrtSession = import('onnxruntime-node').InferenceSession;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ort = (): typeof import('onnxruntime-node') => require('onnxruntime-node') as typeof import('onnxruntime-node');
import { promises as fsp, type Stats } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { buildBatchTensors, encodePair, type BatchTensors, type PairTokenizer } from './encode';
import { EngineFailure, errorText, fail } from './errors';
import {
  cachedFilePath,
  configureHub,
  configureLocalOnly,
  DEFAULT_HUB_URL,
  DownloadIncompleteError,
  DownloadTooLargeError,
  ensureSlash,
  HubUnreachableError,
  OfflineFetchError,
  removeStaleTempFiles,
  type FetchMonitor,
} from './hfEnv';
import { resolveOnnxFile } from './onnxFile';
import { TokenizeWorker } from './tokenizeWorker';
import { activationFromConfig, chooseScoreLabel, labelsFromConfig } from './outputLabels';
import type { DownloadProgress, ModelInfo, ModelSpec, RunOptions } from './protocol';
import { pairTokenizerFrom, type LoadedPairTokenizer } from './tokenizer';

/**
 * Memory: onnxruntime's CPU arena keeps every buffer it ever grew to for the session's life and grows
 * in steps, so a run of mixed batch shapes ratchets it up. Measured on MiniLM-L6 (2 threads) over a
 * sequence of batches from 8 x 512 down to 4 x 40 tokens: arena on 618 MB peak and 618 MB after; arena
 * off with glibc's default (dynamic) mmap threshold 689 / 435 MB; arena off with a fixed 64 KiB mmap
 * threshold (set by EngineClient when it starts the engine) 402 / 168 MB. So: no arena, and big
 * buffers come from mmap and go back to the OS after each run.
 */
export const ENGINE_SESSION_OPTIONS = { interOpNumThreads: 1, enableCpuMemArena: false } as const;

/** Max length when the setting leaves it open: BERT-era models' limit, and a sane cost for long-context ones. */
export const DEFAULT_MAX_LENGTH = 512;

export interface LoadedModel {
  info: ModelInfo;
  tokenizer: PairTokenizer;
  /** Changes when the weights change (file size/mtime): part of every score-cache key. */
  identity: string;
  /** The model's own token limit (tokenizer model_max_length, position embeddings); a request's maxLength is capped by it. */
  modelLimit: number;
  /** Ids at or above this (the embedding table's rows, config vocab_size) mean a foreign tokenizer. */
  vocabSize: number | null;
  /** Encodes pairs on a worker thread while onnxruntime runs (null: encode on the main thread). */
  tokenizeWorker: TokenizeWorker | null;
  /** Runs one batch; returns logits rows [n][numLabels]. */
  run(t: BatchTensors): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

/** Files transformers.js reads for a sequence-classification model, with the ONNX file chosen for the load. */
export function requiredFiles(onnxFile: string): string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', onnxFile];
}

const HUB_ID = /^[\w.-]+(\/[\w.-]+)?$/;

export function isLocalModel(model: string): boolean {
  return isAbsolute(model);
}

async function statOrNull(p: string): Promise<Stats | null> {
  try {
    return await fsp.stat(p);
  } catch {
    return null;
  }
}

function hubLabel(spec: ModelSpec): string {
  return ensureSlash(spec.hubUrl ?? DEFAULT_HUB_URL);
}

type Stage = 'config' | 'tokenizer' | 'weights';

/** Turns whatever transformers.js / onnxruntime threw into an EngineFailure. */
function classify(e: unknown, spec: ModelSpec, stage: Stage, local: boolean, onnx: string): EngineFailure {
  if (e instanceof EngineFailure) return e;
  const detail = errorText(e);
  const hub = hubLabel(spec);
  if (e instanceof OfflineFetchError) {
    return fail('offline-not-cached', `${spec.model} is not fully in the model cache and offline mode is on.`, 'Turn offline mode off once to download it, or point the model setting at a local folder.', detail);
  }
  if (e instanceof DownloadTooLargeError) return fail('download-too-large', e.message, e.hint, detail);
  if (e instanceof HubUnreachableError) {
    return fail(
      'network',
      `Could not download ${spec.model}: ${e.url} could not be reached (${e.reason}).`,
      `Check the network connection and the hub URL setting (${hub}). Behind a company proxy, set HTTPS_PROXY (or VS Code's http.proxy) and, for its certificate, NODE_EXTRA_CA_CERTS. A model that was downloaded before also loads with offline mode on.`,
      detail,
    );
  }
  if (e instanceof DownloadIncompleteError) {
    const file = e.url.split('/resolve/')[1]?.split('/').slice(1).join('/') ?? e.url;
    return fail(
      'download-interrupted',
      `The download of ${file} for ${spec.model} (${e.url}) was interrupted after ${e.received}${e.expected !== null ? ` of ${e.expected}` : ''} bytes (${e.reason}).`,
      'Nothing partial was kept in the cache. Run again to retry the download.',
      detail,
    );
  }
  const status = (e as { status?: unknown })?.status;
  const msg = e instanceof Error ? e.message : String(e);
  if ((e as Error)?.name === 'ModelFileNotFoundError' || typeof status === 'number') {
    const code = typeof status === 'number' ? ` (HTTP ${status})` : '';
    if (stage === 'config') {
      return fail(
        'model-not-found',
        `Model "${spec.model}" was not found on ${hub}${code}.`,
        'Check the model id (owner/name, exactly as on the hub). Private or gated models need the HF_TOKEN environment variable; or use a local folder.',
        detail,
      );
    }
    if (stage === 'tokenizer') {
      return fail('model-not-found', `Model "${spec.model}" on ${hub} has no tokenizer.json / tokenizer_config.json${code}.`, 'Rerank Lens needs the fast-tokenizer files (tokenizer.json). Pick a model that publishes them, or add them to a local folder.', detail);
    }
    return fail(
      'model-not-found',
      `Model "${spec.model}" on ${hub} has no ONNX weights at ${onnx}${code}.`,
      spec.dtype === 'q8'
        ? 'This model publishes no int8 weights that fit this CPU: use dtype fp32, or a model with onnx/model_quantized.onnx or onnx/model_quint8_avx2.onnx.'
        : 'Rerank Lens runs ONNX models: pick a model that publishes onnx/model.onnx (see the known models), or export one with Optimum and point the model setting at its folder.',
      detail,
    );
  }
  if (/Unsupported model type/i.test(msg)) {
    return fail('not-sequence-classification', `transformers.js cannot run ${spec.model} as a sequence-classification model: ${msg}.`, 'Pick a cross-encoder of a supported architecture (BERT, XLM-RoBERTa, DeBERTa-v2, ...).', detail);
  }
  if (stage === 'config' || stage === 'tokenizer') {
    const what = stage === 'config' ? 'config.json' : 'the tokenizer files (tokenizer.json, tokenizer_config.json)';
    return fail(
      'bad-model-folder',
      `Could not read ${what} of ${spec.model}: ${msg}`,
      local ? 'Check that the folder holds a complete model in hub layout.' : 'The cached copy may be damaged: clear the model cache and download again.',
      detail,
    );
  }
  return fail(
    'corrupt-onnx',
    `onnxruntime could not load ${onnx} of ${spec.model}: ${firstLine(msg)}`,
    local
      ? 'The file is damaged, incomplete or not an ONNX model: export it again.'
      : 'The cached file may be damaged: clear the model cache (command "Rerank Lens: Clear Model Cache") and download again.',
    detail,
  );
}

/**
 * A downloaded file that cannot be used (an ONNX file onnxruntime rejects, a config or tokenizer that
 * is not JSON, e.g. a captive portal's HTML page) must not stay in the cache, or every later load
 * would trust it again: delete it (our cache, never a user's folder) and say so.
 */
async function forgetCorruptDownload(f: EngineFailure, spec: ModelSpec, local: boolean, stage: Stage, onnx: string): Promise<EngineFailure> {
  const damaged = stage === 'weights' ? f.error.code === 'corrupt-onnx' : f.error.code === 'bad-model-folder';
  if (local || !damaged) return f;
  const files = stage === 'weights' ? [onnx] : stage === 'config' ? ['config.json'] : ['tokenizer.json', 'tokenizer_config.json'];
  try {
    for (const file of files) await fsp.rm(cachedFilePath(spec.cacheDir, spec.model, file, spec.revision), { force: true });
  } catch {
    return f;
  }
  const hint =
    stage === 'weights'
      ? 'The damaged copy was removed from the model cache: run again to download it again. If it fails again, the file on the hub is broken or needs a newer onnxruntime.'
      : `The damaged copy was removed from the model cache: run again to download it again. If it fails again, check the hub URL (${hubLabel(spec)}): a proxy or login page may be answering instead of the hub.`;
  return fail(f.error.code, f.error.message, hint, f.error.detail);
}

function firstLine(s: string): string {
  const line = s.split('\n')[0];
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

async function checkLocalFolder(spec: ModelSpec, onnx: string | null): Promise<void> {
  const dir = spec.model;
  const st = await statOrNull(dir);
  if (!st || !st.isDirectory()) {
    throw fail('bad-model-folder', `Model folder ${dir} does not exist${st ? ' (it is a file)' : ''}.`, 'Point the model setting at a folder in hub layout (config.json, tokenizer.json, onnx/model.onnx), or at a hub id.');
  }
  const missing: string[] = [];
  for (const f of requiredFiles(onnx ?? '').filter(Boolean)) if (!(await statOrNull(join(dir, f)))?.isFile()) missing.push(f);
  if (missing.length) {
    throw fail(
      'bad-model-folder',
      `Model folder ${dir} is missing ${missing.join(', ')}.`,
      'A model folder needs config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx (an int8 file such as onnx/model_quantized.onnx for q8), as on the Hugging Face hub.',
    );
  }
}

async function checkOfflineCache(spec: ModelSpec, onnx: string): Promise<void> {
  const missing: string[] = [];
  for (const f of requiredFiles(onnx)) {
    if (!(await statOrNull(cachedFilePath(spec.cacheDir, spec.model, f, spec.revision)))?.isFile()) missing.push(f);
  }
  if (missing.length) {
    throw fail(
      'offline-not-cached',
      `${spec.model} (${spec.dtype}) is not in the model cache (${spec.cacheDir}) and offline mode is on; missing ${missing.join(', ')}.`,
      'Turn offline mode off once so it can be downloaded, or point the model setting at a local folder.',
    );
  }
}

function validateSpec(spec: ModelSpec): void {
  if (!spec || typeof spec.model !== 'string' || !spec.model.trim()) throw fail('bad-request', 'No model was given.', 'Set a hub id such as cross-encoder/ms-marco-MiniLM-L-6-v2 or a local folder.');
  if (spec.dtype !== 'fp32' && spec.dtype !== 'q8') throw fail('bad-request', `Unknown dtype "${String(spec.dtype)}".`, 'Use fp32 or q8.');
  if (!isLocalModel(spec.model) && !HUB_ID.test(spec.model)) {
    throw fail('bad-request', `"${spec.model}" is neither a hub id (owner/name) nor an absolute folder path.`, 'Use an id like cross-encoder/ms-marco-MiniLM-L-6-v2 or the absolute path of a model folder.');
  }
  if (!isLocalModel(spec.model) && (typeof spec.cacheDir !== 'string' || !isAbsolute(spec.cacheDir))) {
    throw fail('bad-request', 'No absolute model cache folder was given.', 'The host must pass an absolute cacheDir.');
  }
  if (spec.maxLength !== undefined && (!Number.isInteger(spec.maxLength) || spec.maxLength < 8)) {
    throw fail('bad-request', `Max length ${String(spec.maxLength)} is not a whole number of at least 8.`, 'Leave it unset to use the model\'s own limit.');
  }
}

function positiveInt(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) && x > 0 ? Math.floor(x) : null;
}

/**
 * The model's own limit: min(tokenizer model_max_length, usable position embeddings). (XLM-)RoBERTa
 * numbers positions from padding_idx + 1, so 514 position rows hold 512 tokens. A tokenizer's
 * "unset" model_max_length (1e30) counts as no limit. Neither known: 512.
 */
export function modelTokenLimit(tokenizerMax: unknown, config: Record<string, unknown>): number {
  const limits: number[] = [];
  const t = positiveInt(tokenizerMax);
  if (t !== null && t < 1_000_000) limits.push(t);
  const positions = positiveInt(config.max_position_embeddings);
  if (positions !== null) {
    const offset = /roberta|camembert/i.test(String(config.model_type ?? '')) ? (positiveInt(config.pad_token_id) ?? 1) + 1 : 0;
    limits.push(positions - offset);
  }
  return limits.length ? Math.max(8, Math.min(...limits)) : DEFAULT_MAX_LENGTH;
}

/** A request's max length: the setting (512 when unset), never above the model's own limit. */
export function effectiveMaxLength(setting: number | undefined, modelLimit: number): number {
  return Math.min(positiveInt(setting) ?? DEFAULT_MAX_LENGTH, modelLimit);
}

/** onnxruntime intra-op threads: 0 = all cores; more than the cores only oversubscribes (40x slower at 999). */
export function clampThreads(requested: number, cores: number = availableParallelism()): { threads: number; note?: string } {
  const r = Number.isFinite(requested) && requested > 0 ? Math.floor(requested) : 0;
  if (r === 0) return { threads: cores };
  if (r > cores) return { threads: cores, note: `${r} threads requested; using ${cores}, the number of cores (more only slows onnxruntime down)` };
  return { threads: r };
}

/** A tokenizer from another model gives ids past the embedding table (onnxruntime: "Gather idx=30522 ..."), or negative ones that would score silently. */
export function checkTokenIds(ids: BigInt64Array, vocabSize: number | null, model: string): void {
  const max = vocabSize === null ? null : BigInt(vocabSize);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id < 0n || (max !== null && id >= max)) {
      throw fail(
        'bad-model-folder',
        `The tokenizer and the model of ${model} do not belong together: token id ${id} is outside the model's vocabulary (0..${vocabSize === null ? '?' : vocabSize - 1}, config.json vocab_size).`,
        'tokenizer.json must come from the same model as the ONNX weights: copy both from one repo (or one export).',
      );
    }
  }
}

/** NaN or infinite logits: a broken export or weights, never something to rank by. */
export function checkFinite(rows: readonly Float32Array[], model: string, onnx: string): void {
  for (const row of rows) {
    for (const v of row) {
      if (!Number.isFinite(v)) {
        throw fail(
          'corrupt-onnx',
          `${onnx} of ${model} produced ${Number.isNaN(v) ? 'a NaN' : 'an infinite'} logit.`,
          'The weights or the export are broken (for example fp16 overflow or a damaged file): export the model again, or try the other dtype.',
        );
      }
    }
  }
}

/**
 * The tokenizer worker: only inside the bundled engine (the worker runs dist/engine.js itself), only
 * for tokenizers our exact encoder builds from tokenizer.json (the worker rebuilds the same one), and
 * not when RERANK_LENS_TOKENIZE_WORKER=0.
 */
function startTokenizeWorker(engine: string, folder: string): TokenizeWorker | null {
  const bundle = typeof __filename === 'string' && /engine\.js$/.test(__filename) ? __filename : null;
  if (!bundle || engine !== 'exact' || process.env.RERANK_LENS_TOKENIZE_WORKER === '0') return null;
  try {
    return new TokenizeWorker(bundle, folder);
  } catch {
    return null;
  }
}

export type ProgressSink = (p: DownloadProgress) => void;

export async function loadModel(spec: ModelSpec, run: RunOptions, onProgress?: ProgressSink): Promise<LoadedModel> {
  const started = Date.now();
  validateSpec(spec);
  const local = isLocalModel(spec.model);
  const revision = spec.revision ?? 'main';
  const monitor: FetchMonitor = { downloads: new Set() };

  if (local) await checkLocalFolder(spec, null);
  const resolved = await resolveOnnxFile(spec, local, revision);
  const onnx = resolved.file;
  if (local) {
    await checkLocalFolder(spec, onnx);
    configureLocalOnly();
  } else {
    if (spec.offline) await checkOfflineCache(spec, onnx);
    await removeStaleTempFiles(join(spec.cacheDir, spec.model));
    configureHub({ cacheDir: spec.cacheDir, hubUrl: spec.hubUrl, offline: spec.offline }, monitor);
  }

  // Forward progress only for files that really come over the network (transformers.js also reports
  // reads from the cache); an 'initiate' is sent before a file's first forwarded event.
  const announced = new Set<string>();
  const progress_callback = (raw: unknown): void => {
    if (!onProgress || local) return;
    const p = raw as { status?: string; file?: string; loaded?: number; total?: number; progress?: number };
    if (!p.file || !['initiate', 'download', 'progress', 'done'].includes(p.status ?? '')) return;
    const suffix = `${spec.model}/resolve/${encodeURIComponent(revision)}/${p.file}`;
    if (![...monitor.downloads].some((u) => u.endsWith(suffix))) return;
    if (!announced.has(p.file)) {
      announced.add(p.file);
      onProgress({ file: p.file, status: 'initiate' });
      if (p.status === 'initiate') return;
    }
    onProgress({
      file: p.file,
      status: p.status as DownloadProgress['status'],
      ...(typeof p.loaded === 'number' ? { loaded: p.loaded } : {}),
      ...(typeof p.total === 'number' && p.total > 0 ? { total: p.total } : {}),
      ...(typeof p.progress === 'number' ? { percent: Math.max(0, Math.min(100, p.progress)) } : {}),
    });
  };
  const common = { revision, cache_dir: local ? undefined : spec.cacheDir, local_files_only: local || spec.offline, progress_callback };

  let config: Awaited<ReturnType<typeof AutoConfig.from_pretrained>>;
  try {
    config = await AutoConfig.from_pretrained(spec.model, common);
  } catch (e) {
    throw await forgetCorruptDownload(classify(e, spec, 'config', local, onnx), spec, local, 'config', onnx);
  }
  const raw = config as unknown as Record<string, unknown>;
  const architectures = Array.isArray(raw.architectures) ? (raw.architectures as unknown[]).filter((a): a is string => typeof a === 'string') : [];
  // Early, clear refusal for configs that say "embedding/base model". Custom-code rerankers (jina) list
  // their base class but map AutoModelForSequenceClassification in auto_map; the ONNX graph's `logits`
  // output below is the final word.
  const autoMap = typeof raw.auto_map === 'object' && raw.auto_map !== null ? (raw.auto_map as Record<string, unknown>) : {};
  if (architectures.length > 0 && !architectures.some((a) => /ForSequenceClassification$/.test(a)) && !('AutoModelForSequenceClassification' in autoMap)) {
    throw fail(
      'not-sequence-classification',
      `${spec.model} is a ${architectures.join(', ')}, not a sequence-classification (cross-encoder) model.`,
      'Rerank Lens scores (query, passage) pairs with a cross-encoder, whose config lists *ForSequenceClassification (e.g. cross-encoder/ms-marco-MiniLM-L-6-v2). Embedding models cannot score pairs.',
    );
  }

  let tokenizer: LoadedPairTokenizer;
  let tokenizerMax: unknown;
  try {
    const hf = await AutoTokenizer.from_pretrained(spec.model, common);
    tokenizer = pairTokenizerFrom(hf);
    tokenizerMax = hf.model_max_length;
  } catch (e) {
    throw await forgetCorruptDownload(classify(e, spec, 'tokenizer', local, onnx), spec, local, 'tokenizer', onnx);
  }

  // The session is onnxruntime's own, opened from the file path: transformers.js would read the whole
  // file into a JS buffer first (a second copy of the weights, ~90 MB for MiniLM-L6, held until a GC)
  // and wrap every run. transformers.js still downloads a hub file that is not cached yet (progress,
  // retries and size caps live there); the session it opens then is let go at once.
  const folder = local ? spec.model : revision === 'main' ? join(spec.cacheDir, spec.model) : join(spec.cacheDir, spec.model, revision);
  const weightsPath = local ? join(spec.model, onnx) : cachedFilePath(spec.cacheDir, spec.model, onnx, revision);
  let session: OrtSession;
  const { threads, note: threadsNote } = clampThreads(run.threads);
  try {
    if (!local && !(await statOrNull(weightsPath))?.isFile()) {
      const downloaded: PreTrainedModel = await AutoModelForSequenceClassification.from_pretrained(spec.model, {
        ...common,
        config,
        device: 'cpu',
        // The file is chosen by resolveOnnxFile; dtype fp32 means "no suffix" to transformers.js.
        dtype: 'fp32',
        model_file_name: onnx.replace(/^onnx\//, '').replace(/\.onnx$/, ''),
        session_options: { intraOpNumThreads: 1, interOpNumThreads: 1 },
      } as Parameters<typeof AutoModelForSequenceClassification.from_pretrained>[1]);
      await downloaded.dispose();
    }
    session = await ort().InferenceSession.create(weightsPath, { ...ENGINE_SESSION_OPTIONS, intraOpNumThreads: threads });
  } catch (e) {
    throw await forgetCorruptDownload(classify(e, spec, 'weights', local, onnx), spec, local, 'weights', onnx);
  }

  if (!session.outputNames.includes('logits')) {
    await session.release().catch(() => undefined);
    throw fail(
      'not-sequence-classification',
      `The ONNX graph of ${spec.model} has no "logits" output (outputs: ${session.outputNames.join(', ') || 'none'}).`,
      'This looks like an embedding or base model. Pick a cross-encoder exported for sequence classification.',
    );
  }

  const vocabSize = positiveInt(raw.vocab_size);
  // Inputs the graph declares decide what is fed: XLM-R and ModernBERT graphs have no token_type_ids.
  const feedsTypes = session.inputNames.includes('token_type_ids');
  const runBatch = async (t: BatchTensors): Promise<Float32Array[]> => {
    checkTokenIds(t.inputIds, vocabSize, spec.model);
    const T = ort().Tensor;
    const feeds: Record<string, InstanceType<typeof T>> = {
      input_ids: new T('int64', t.inputIds, t.dims),
      attention_mask: new T('int64', t.attentionMask, t.dims),
    };
    if (feedsTypes) feeds.token_type_ids = new T('int64', t.tokenTypeIds, t.dims);
    const out = await session.run(feeds);
    const data = out.logits.data as Float32Array;
    const [n, k] = out.logits.dims as readonly number[];
    const rows: Float32Array[] = [];
    for (let i = 0; i < n; i++) rows.push(data.slice(i * (k ?? 1), (i + 1) * (k ?? 1)));
    checkFinite(rows, spec.model, onnx);
    return rows;
  };

  const modelLimit = modelTokenLimit(tokenizerMax, raw);
  const maxLength = effectiveMaxLength(spec.maxLength, modelLimit);

  // Warm-up on one tiny pair: proves the graph runs (weights that load but cannot execute are corrupt
  // too) and tells us the real number of labels.
  let numLabels: number;
  try {
    const probe = buildBatchTensors([encodePair(tokenizer, 'query', 'passage', maxLength)], tokenizer.padId ?? 0);
    numLabels = (await runBatch(probe))[0].length;
  } catch (e) {
    await session.release().catch(() => undefined);
    throw await forgetCorruptDownload(classify(e, spec, 'weights', local, onnx), spec, local, 'weights', onnx);
  }
  const labels = labelsFromConfig(raw.id2label, numLabels);

  const weights = await statOrNull(weightsPath);
  const identity = JSON.stringify([local ? spec.model : `${hubLabel(spec)}${spec.model}@${revision}`, spec.dtype, weights?.size ?? 0, weights?.mtimeMs ?? 0]);

  const info: ModelInfo = {
    model: spec.model,
    folder,
    dtype: spec.dtype,
    maxLength,
    numLabels,
    scoreLabelIndex: chooseScoreLabel(labels),
    labels,
    loadMs: Date.now() - started,
    fromCache: !local && monitor.downloads.size === 0,
    onnxFile: onnx,
    onnxFileReason: resolved.reason,
    activation: activationFromConfig(raw, numLabels),
    modelMaxLength: modelLimit,
    threads,
    ...(threadsNote ? { threadsNote } : {}),
  };
  const tokenizeWorker = startTokenizeWorker(tokenizer.engine, folder);
  return {
    info,
    tokenizer,
    identity,
    modelLimit,
    vocabSize,
    tokenizeWorker,
    run: runBatch,
    dispose: async () => {
      await tokenizeWorker?.dispose();
      await session.release();
    },
  };
}
