// The one boundary between the host (extension or CLI) and the engine process.
// Messages are plain JSON over Node IPC. Every message carries `v` (PROTOCOL_VERSION) and requests
// carry an `id` that replies echo, so several requests can be in flight and cancelled one by one.

// 3: score requests may carry several queries (`queries` + `queryOf`), one pair list across them.
export const PROTOCOL_VERSION = 3;

export type Dtype = 'fp32' | 'q8';
export type Activation = 'raw' | 'sigmoid';

/** Everything that decides which model is loaded and how. Two equal specs share one loaded model. */
export interface ModelSpec {
  /** A Hugging Face hub id (`cross-encoder/ms-marco-MiniLM-L-6-v2`) or an absolute local folder in hub layout. */
  model: string;
  dtype: Dtype;
  /** Cap on tokens per pair; the model's own limit (config/tokenizer, at most 512) wins when smaller. */
  maxLength?: number;
  /** Where downloads are cached (the extension's global storage; the CLI's user cache dir). */
  cacheDir: string;
  /** Hub base URL for mirrors, e.g. `https://huggingface.co/` or a loopback test hub. */
  hubUrl?: string;
  /** Never touch the network; only the cache or a local folder. */
  offline: boolean;
  revision?: string;
}

export interface RunOptions {
  /** Pairs per ONNX run; pairs are length-sorted first so padding stays small. */
  batchSize: number;
  /** onnxruntime intra-op threads; 0 = number of cores. */
  threads: number;
}

export interface ModelInfo {
  model: string;
  /** Resolved folder the files were loaded from (cache or local). */
  folder: string;
  dtype: Dtype;
  maxLength: number;
  numLabels: number;
  /** Index of the logit used as the score when numLabels > 1: the first label named like
   *  relevant/positive/entailment/yes/true/match, else LABEL_1 of a two-label model, else the last
   *  label (src/engine/outputLabels.ts). probability = softmax over all labels at this index. */
  scoreLabelIndex: number;
  labels: string[];
  loadMs: number;
  fromCache: boolean;
  /** The ONNX file that runs: onnx/model.onnx, or for q8 the int8 file chosen for this CPU (src/engine/int8Files.ts). */
  onnxFile?: string;
  /** Why that file (for q8: which file the repo publishes and which CPU property decided). */
  onnxFileReason?: string;
  /** What sentence-transformers' CrossEncoder.predict applies to the logit, and why (src/engine/outputLabels.ts):
   *  'identity' -> PairScore.score is its result, 'sigmoid' / 'softmax' -> PairScore.probability is. */
  activation?: { fn: 'identity' | 'sigmoid' | 'softmax'; reason: string };
  /** The model's own token limit (config max_position_embeddings minus offset, tokenizer model_max_length). */
  modelMaxLength?: number;
  /** onnxruntime intra-op threads in use (a request above the core count is clamped; threadsNote says so). */
  threads?: number;
  threadsNote?: string;
}

export type { PairScore } from '../core/types';
import type { PairScore } from '../core/types';

export type EngineErrorCode =
  | 'model-not-found'
  | 'offline-not-cached'
  | 'network'
  | 'download-interrupted'
  | 'bad-model-folder'
  | 'not-sequence-classification'
  | 'corrupt-onnx'
  | 'bad-request'
  | 'cancelled'
  | 'engine-crashed'
  /** No message from the engine for the liveness bound while a request was in flight; it was restarted. */
  | 'engine-unresponsive'
  /** A download grew past the size cap for its kind of file. */
  | 'download-too-large'
  | 'protocol-mismatch'
  | 'internal';

export interface EngineError {
  code: EngineErrorCode;
  message: string;
  /** What the user should do about it. */
  hint?: string;
  /** Stack or underlying error text, for the log. */
  detail?: string;
}

export interface DownloadProgress {
  file: string;
  status: 'initiate' | 'download' | 'progress' | 'done';
  loaded?: number;
  total?: number;
  /** 0..100 */
  percent?: number;
}

// ---- requests (host -> engine) and what answers each ----
// Like an LSP / rust-analyzer `RequestType<P, R>`: every method names its params and the one result
// type it is answered with, so the client matches a reply to its request by id and knows the result's
// type from the method it sent, not from a `kind` string in the reply. `stream` is what may arrive
// before the result (score batches). Results are validated on arrival (wireCheck.ts).

export interface ScoreParams {
  spec: ModelSpec;
  run: RunOptions;
  /** The query of every pair, unless `queries` is given. */
  query: string;
  chunks: string[];
  /** Several queries in one request (a labelled set): pair i is (queries[queryOf[i]], chunks[i]).
   *  The engine batches across queries by length, so ten queries of ten chunks run as fast as one query
   *  of a hundred (one round trip, full batches, padding to similar lengths). */
  queries?: string[];
  queryOf?: number[];
}

/** The end of a score request; the scores themselves arrived as `batch` messages before it. */
export interface ScoreSummary {
  info: ModelInfo;
  elapsedMs: number;
  cacheHits: number;
  pairs: number;
  /** Signs of a broken model, e.g. every distinct chunk got the same score (src/engine/scoreChecks.ts). */
  warnings?: string[];
}

export interface StatsResult {
  rssBytes: number;
  peakRssBytes: number;
  cacheEntries: number;
  /** ONNX batch runs for scoring since the engine started (warm-up runs not counted). */
  onnxRuns?: number;
  pairsScored?: number;
  loadedModels?: number;
}

export interface ScoreBatch {
  scores: PairScore[];
  done: number;
  total: number;
}

export interface RequestMap {
  load: { params: { spec: ModelSpec; run: RunOptions }; result: ModelInfo };
  score: { params: ScoreParams; result: ScoreSummary };
  clearCache: { params: Record<string, never>; result: null };
  stats: { params: Record<string, never>; result: StatsResult };
  shutdown: { params: Record<string, never>; result: null };
}

export type Method = keyof RequestMap;
export type ParamsOf<M extends Method> = RequestMap[M]['params'];
export type ResultOf<M extends Method> = RequestMap[M]['result'];

/** What the engine is doing for a request, reported by heartbeats (named in a stall message). */
export type Stage = 'queued' | 'loading' | 'tokenizing' | 'scoring';

export interface RequestOf<M extends Method> {
  v: number;
  id: number;
  method: M;
  params: ParamsOf<M>;
}

/** A request as the engine reads it: narrowing on `method` narrows `params`. */
export type RequestMessage = { [M in Method]: RequestOf<M> }[Method];

/** Host -> engine: a request, or a cancel notification for a request in flight (no reply). */
export type HostMessage = RequestOf<Method> | { v: number; cancel: number };

// ---- engine -> host ----
export type EngineMessage =
  | { v: number; type: 'ready'; pid: number }
  /** Download progress of a request's model. */
  | { v: number; type: 'progress'; id: number; progress: DownloadProgress }
  /** Part of a score request's stream. */
  | { v: number; type: 'batch'; id: number; batch: ScoreBatch }
  /** A score request's model is loaded: what it is (activation, weights file), before any batch, so a
   *  view can show scores in the model's own space from the first one. */
  | { v: number; type: 'model'; id: number; info: ModelInfo }
  /** "Still working on `id`", sent from a timer while a job runs: its absence means the thread is stuck. */
  /** `quietMs`: the engine is about to block its thread (a native ONNX run, a model load) for up to
   *  about this long, so silence that long is expected on top of the host's bound. */
  | { v: number; type: 'heartbeat'; id: number; stage: Stage; quietMs?: number }
  /** The result of request `id`; its type is ResultOf<the method of request id>. */
  | { v: number; type: 'result'; id: number; result: unknown }
  | { v: number; type: 'error'; id: number; error: EngineError };
