// The one boundary between the host (extension or CLI) and the engine process.
// Messages are plain JSON over Node IPC. Every message carries `v` (PROTOCOL_VERSION) and requests
// carry an `id` that replies echo, so several requests can be in flight and cancelled one by one.

export const PROTOCOL_VERSION = 1;

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
   *  label (src/engine/labels.ts). probability = softmax over all labels at this index. */
  scoreLabelIndex: number;
  labels: string[];
  loadMs: number;
  fromCache: boolean;
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

// ---- requests (host -> engine) ----
export type EngineRequest =
  | { v: number; type: 'load'; id: number; spec: ModelSpec; run: RunOptions }
  | { v: number; type: 'score'; id: number; spec: ModelSpec; run: RunOptions; query: string; chunks: string[] }
  | { v: number; type: 'cancel'; id: number }
  | { v: number; type: 'clearCache'; id: number }
  | { v: number; type: 'stats'; id: number }
  | { v: number; type: 'shutdown'; id: number };

// ---- replies (engine -> host) ----
export type EngineReply =
  | { v: number; type: 'ready'; pid: number }
  | { v: number; type: 'progress'; id: number; progress: DownloadProgress }
  | { v: number; type: 'loaded'; id: number; info: ModelInfo }
  | { v: number; type: 'batch'; id: number; scores: PairScore[]; done: number; total: number }
  | { v: number; type: 'scored'; id: number; info: ModelInfo; elapsedMs: number; cacheHits: number; pairs: number }
  | { v: number; type: 'stats'; id: number; rssBytes: number; peakRssBytes: number; cacheEntries: number;
      /** ONNX batch runs for scoring since the engine started (warm-up runs not counted). */
      onnxRuns?: number; pairsScored?: number; loadedModels?: number }
  | { v: number; type: 'ok'; id: number }
  | { v: number; type: 'error'; id: number; error: EngineError };

export function isEngineReply(x: unknown): x is EngineReply {
  return typeof x === 'object' && x !== null && typeof (x as { type?: unknown }).type === 'string' && (x as { v?: unknown }).v === PROTOCOL_VERSION;
}
