// The Scorer: anything that turns (query, chunk text) pairs into scores. The local engine client
// implements it today (src/session/localScorer.ts); remote rerank servers (src/scorers/remote/) and a
// second local model implement it for comparison. The session owns scorers and knows only this file.
//
// Contract:
// - score() (and scorePairs(), when offered) streams batches through onBatch (indexes refer to the request's `chunks`), resolves with
//   every score once all arrived, and rejects only with a ScorerFailure (a message and a hint).
// - An aborted signal rejects with code 'cancelled'; scores already streamed stay valid.
// - `identity` is stable across processes for the same model and settings: caches key on it.
import type { PairScore } from '../core/types';

/** What a scorer's number means. Thresholds are only comparable between scorers of one meaning. */
export type ScoreMeaning =
  /** Raw logit of a cross-encoder (sentence-transformers' Identity activation). */
  | 'logit'
  /** A probability in [0, 1] (sigmoid or softmax applied by the model or the server). */
  | 'probability'
  /** A provider's relevance score whose scale is documented only as "higher is more relevant". */
  | 'relevance';

export interface ScorerInfo {
  /** Stable cache key part: kind, model, dtype, max length, server URL. Never contains a secret. */
  identity: string;
  /** Short name for views: `MiniLM-L-6-v2 (q8)`, `tei @ localhost:8080`. */
  label: string;
  kind: 'local' | 'remote';
  /** Provider id for remote scorers ('cohere', 'tei', ...); 'local' for the engine. */
  provider: string;
  model: string;
  meaning: ScoreMeaning;
  dtype?: string;
  maxLength?: number;
  /** Remote scorers: the endpoint's URL as called (no credentials, no query). Shown in the consent prompt. */
  url?: string;
}

export interface ScoreProgress {
  done: number;
  total: number;
  /** Free text for a status line: 'downloading onnx/model.onnx 40%'. */
  message?: string;
  /** What the scorer learned about the model once it is ready, before any score (local: the engine's
   *  ModelInfo, e.g. the activation sentence-transformers applies), so a view can pick its score space
   *  before the first batch. */
  details?: Readonly<Record<string, unknown>>;
  /** A model file being downloaded (local scorers), for per-file progress in the UI. */
  download?: { file: string; status: 'initiate' | 'download' | 'progress' | 'done'; percent?: number; loaded?: number; total?: number };
}

export interface ScoreRequest {
  query: string;
  chunks: readonly string[];
  signal?: AbortSignal;
  /** Streamed scores of one batch; `index` is into `chunks`. */
  onBatch?: (scores: PairScore[], progress: ScoreProgress) => void;
  /** Model download or server wait, before any score. */
  onProgress?: (progress: ScoreProgress) => void;
}

/** Several queries in one request: pair i is (queries[queryOf[i]], chunks[i]); `index` in batches and
 *  results is into `chunks`. Lets a scorer form batches across the queries of a labelled set. */
export interface PairsRequest extends Omit<ScoreRequest, 'query'> {
  queries: readonly string[];
  queryOf: readonly number[];
}

export interface ScoreResult {
  /** By chunk index. */
  scores: PairScore[];
  info: ScorerInfo;
  elapsedMs: number;
  cacheHits: number;
  /** What the scorer reports about the model after scoring (local: the engine's ModelInfo: dtype file,
   *  max length, activation). Shown in headers and logs; never used as a cache key. */
  details?: Readonly<Record<string, unknown>>;
}

export type ScorerErrorCode = 'cancelled' | 'unavailable' | 'bad-response' | 'auth' | 'rate-limited' | 'bad-request' | 'timeout' | 'model' | 'internal';

/** Errors are values with a hint; `code` lets callers tell a cancel from a failure. */
export class ScorerFailure extends Error {
  constructor(
    readonly code: ScorerErrorCode,
    message: string,
    readonly hint?: string,
    /** Scores received before the failure, by chunk index (holes are undefined). */
    readonly partial?: (PairScore | undefined)[],
    /** The underlying error code (an engine code such as 'model-not-found', an HTTP status), so the
     *  host can offer the action that fixes it. */
    override readonly cause?: string,
  ) {
    super(message);
    this.name = 'ScorerFailure';
  }
}

export interface Scorer {
  /** Known before the first score (a local model's dtype file or max length may refine it after load). */
  info(): ScorerInfo;
  score(req: ScoreRequest): Promise<ScoreResult>;
  /** Optional: the pairs of several queries as one stream (the local engine batches across them). A
   *  scorer or decorator without it is called query by query; one that cannot honour `queryOf` must
   *  not offer it (the queries would be scored wrongly, not slowly). */
  scorePairs?(req: PairsRequest): Promise<ScoreResult>;
  dispose(): void;
}
