// The local engine (src/engine/client.ts) as a Scorer: one model, dtype and max length per LocalScorer;
// several LocalScorers may share one EngineClient (one engine process keeps several models loaded).
// identity = 'local|' + model + '|' + dtype + '|' + requested max length ('auto' for the model's own),
// stable across processes, so caches and compare views key on it. EngineFailures become ScorerFailures
// with the scores streamed before the failure in `partial`.
import { basename } from 'node:path';
import { EngineFailure, type EngineClient } from '../engine/client';
import type { EngineErrorCode, ModelSpec, RunOptions } from '../engine/protocol';
import type { PairScore } from '../core/types';
import { ScorerFailure, type PairsRequest, type Scorer, type ScorerErrorCode, type ScorerInfo, type ScoreRequest, type ScoreResult } from './scorer';

export type LocalEngine = Pick<EngineClient, 'score' | 'dispose'>;

const CODES: Partial<Record<EngineErrorCode, ScorerErrorCode>> = {
  'model-not-found': 'model',
  'offline-not-cached': 'model',
  network: 'unavailable',
  'download-interrupted': 'unavailable',
  'bad-model-folder': 'model',
  'not-sequence-classification': 'model',
  'corrupt-onnx': 'model',
  'bad-request': 'bad-request',
  cancelled: 'cancelled',
  'engine-crashed': 'internal',
  'protocol-mismatch': 'internal',
  internal: 'internal',
};

/** A short name for a hub id or a folder: the last path part. */
function shortName(model: string): string {
  return basename(model.replace(/[\\/]+$/, '')) || model;
}

export class LocalScorer implements Scorer {
  private maxLength: number | undefined;

  constructor(
    private readonly engine: LocalEngine,
    private readonly spec: ModelSpec,
    private readonly run: RunOptions,
    /** True when this scorer owns the engine and dispose() should stop it. */
    private readonly ownsEngine = false,
  ) {}

  info(): ScorerInfo {
    const { model, dtype } = this.spec;
    return {
      identity: `local|${model}|${dtype}|${this.spec.maxLength ?? 'auto'}`,
      label: `${shortName(model)} (${dtype})`,
      kind: 'local',
      provider: 'local',
      model,
      meaning: 'logit',
      dtype,
      ...(this.maxLength !== undefined ? { maxLength: this.maxLength } : this.spec.maxLength !== undefined ? { maxLength: this.spec.maxLength } : {}),
    };
  }

  score(req: ScoreRequest): Promise<ScoreResult> {
    return this.request(req, { query: req.query });
  }

  /** One engine request for many queries: the engine batches across them (protocol.ts ScoreParams). */
  scorePairs(req: PairsRequest): Promise<ScoreResult> {
    return this.request(req, { query: '', queries: [...req.queries], queryOf: [...req.queryOf] });
  }

  private async request(req: Omit<ScoreRequest, 'query'>, queries: { query: string; queries?: string[]; queryOf?: number[] }): Promise<ScoreResult> {
    const partial: (PairScore | undefined)[] = new Array(req.chunks.length);
    try {
      const outcome = await this.engine.score({
        spec: this.spec,
        run: this.run,
        ...queries,
        chunks: [...req.chunks],
        signal: req.signal,
        onBatch: (scores, done, total) => {
          for (const s of scores) partial[s.index] = s;
          req.onBatch?.(scores, { done, total });
        },
        onModel: (info) => req.onProgress?.({ done: 0, total: req.chunks.length, message: `${shortName(info.model)} loaded`, details: { ...info } }),
        onProgress: (p) =>
          req.onProgress?.({
            done: p.loaded ?? 0,
            total: p.total ?? 0,
            message: `${p.status === 'done' ? 'downloaded' : 'downloading'} ${p.file}${p.percent !== undefined ? ` ${Math.floor(p.percent)}%` : ''}`,
            download: p,
          }),
      });
      this.maxLength = outcome.info.maxLength;
      return { scores: outcome.scores, info: this.info(), elapsedMs: outcome.elapsedMs, cacheHits: outcome.cacheHits, details: { ...outcome.info, ...(outcome.warnings?.length ? { warnings: outcome.warnings } : {}) } };
    } catch (e) {
      if (e instanceof EngineFailure) throw new ScorerFailure(CODES[e.error.code] ?? 'internal', e.error.message, e.error.hint, partial, e.error.code);
      throw new ScorerFailure('internal', e instanceof Error ? e.message : String(e), 'Please report this with the model and input that caused it.', partial);
    }
  }

  dispose(): void {
    if (this.ownsEngine) this.engine.dispose();
  }
}
