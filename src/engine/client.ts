// Host side of the engine (extension host or CLI). Forks dist/engine.js on first use, matches replies
// to requests by id, turns an AbortSignal into a `cancel` message, and survives the engine dying: a
// crash, an out-of-memory kill or `kill -9` rejects the requests in flight with 'engine-crashed' and
// the next request starts a fresh engine. No method throws synchronously; every failure is an
// EngineFailure carrying an EngineError (message + hint).

import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EngineFailure } from './errors';
import {
  isEngineReply,
  PROTOCOL_VERSION,
  type DownloadProgress,
  type EngineError,
  type EngineReply,
  type EngineRequest,
  type ModelInfo,
  type ModelSpec,
  type PairScore,
  type RunOptions,
} from './protocol';

export { EngineFailure } from './errors';

export interface ScoreOutcome {
  /** By input index. */
  scores: PairScore[];
  info: ModelInfo;
  elapsedMs: number;
  cacheHits: number;
}

export interface EngineStats {
  rssBytes: number;
  peakRssBytes: number;
  cacheEntries: number;
  onnxRuns?: number;
  pairsScored?: number;
  loadedModels?: number;
}

export type EngineState = 'stopped' | 'starting' | 'idle' | 'busy' | 'crashed';
export type Logger = (level: 'info' | 'warn' | 'error', msg: string) => void;

export interface ScoreRequest {
  spec: ModelSpec;
  run: RunOptions;
  query: string;
  chunks: string[];
  signal?: AbortSignal;
  onBatch?: (scores: PairScore[], done: number, total: number) => void;
  onProgress?: (p: DownloadProgress) => void;
}

interface Pending {
  kind: 'load' | 'score' | 'stats' | 'clearCache';
  resolve: (v: unknown) => void;
  reject: (e: EngineFailure) => void;
  onProgress?: (p: DownloadProgress) => void;
  onBatch?: (scores: PairScore[], done: number, total: number) => void;
  scores?: PairScore[];
  cleanup?: () => void;
}

type RequestBody = EngineRequest extends infer R ? (R extends { v: number; id: number } ? Omit<R, 'v' | 'id'> : never) : never;

const STDERR_TAIL = 4000;

function defaultEnginePath(): string {
  // Bundled: dist/extension.js and dist/cli.js sit beside dist/engine.js. From sources (tests): ../../dist.
  const beside = join(__dirname, 'engine.js');
  if (existsSync(beside)) return beside;
  return resolve(__dirname, '../../dist/engine.js');
}

export class EngineClient {
  private readonly enginePath: string;
  private readonly log: Logger;
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private state: EngineState = 'stopped';
  private readonly listeners = new Set<(s: { state: EngineState; detail?: string }) => void>();
  private stderrTail = '';
  private disposed = false;

  constructor(opts: { enginePath?: string; log?: Logger } = {}) {
    this.enginePath = opts.enginePath ?? defaultEnginePath();
    this.log = opts.log ?? (() => undefined);
  }

  /** Process id of the running engine (undefined when none runs). For diagnostics and tests. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get currentState(): EngineState {
    return this.state;
  }

  onStateChange(listener: (s: { state: EngineState; detail?: string }) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  load(spec: ModelSpec, run: RunOptions, onProgress?: (p: DownloadProgress) => void): Promise<ModelInfo> {
    return this.request<ModelInfo>({ type: 'load', spec, run }, { kind: 'load', onProgress });
  }

  score(req: ScoreRequest): Promise<ScoreOutcome> {
    return this.request<ScoreOutcome>(
      { type: 'score', spec: req.spec, run: req.run, query: req.query, chunks: req.chunks },
      { kind: 'score', onProgress: req.onProgress, onBatch: req.onBatch, scores: new Array(req.chunks?.length ?? 0) },
      req.signal,
    );
  }

  stats(): Promise<EngineStats> {
    return this.request<EngineStats>({ type: 'stats' }, { kind: 'stats' });
  }

  clearCache(): Promise<void> {
    return this.request<void>({ type: 'clearCache' }, { kind: 'clearCache' });
  }

  /** Stops the engine. Requests in flight are rejected with 'cancelled'. */
  dispose(): void {
    this.disposed = true;
    const child = this.child;
    this.rejectAll({ code: 'cancelled', message: 'The engine was stopped.' });
    this.child = undefined;
    this.ready = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      try {
        if (child.connected) child.send({ v: PROTOCOL_VERSION, type: 'shutdown', id: 0 });
      } catch {
        /* already gone */
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      timer.unref();
      child.once('exit', () => clearTimeout(timer));
      child.disconnect?.();
    }
    this.setState('stopped');
  }

  // ---- internals ----

  private setState(state: EngineState, detail?: string): void {
    if (this.state === state && !detail) return;
    this.state = state;
    for (const l of this.listeners) {
      try {
        l({ state, ...(detail ? { detail } : {}) });
      } catch (e) {
        this.log('warn', `engine state listener failed: ${String(e)}`);
      }
    }
  }

  private refreshBusy(): void {
    if (!this.child) return;
    const busy = [...this.pending.values()].some((p) => p.kind === 'load' || p.kind === 'score');
    this.setState(busy ? 'busy' : 'idle');
  }

  private request<T>(body: RequestBody, pending: Omit<Pending, 'resolve' | 'reject'>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolvePromise, rejectPromise) => {
      if (signal?.aborted) {
        rejectPromise(new EngineFailure({ code: 'cancelled', message: 'Scoring was cancelled.' }));
        return;
      }
      const id = this.nextId++;
      const entry: Pending = { ...pending, resolve: resolvePromise as (v: unknown) => void, reject: rejectPromise };
      this.pending.set(id, entry);
      if (signal) {
        const onAbort = (): void => {
          if (!this.pending.has(id)) return;
          this.pending.delete(id);
          this.post({ v: PROTOCOL_VERSION, type: 'cancel', id } as EngineRequest);
          rejectPromise(new EngineFailure({ code: 'cancelled', message: 'Scoring was cancelled.' }));
          this.refreshBusy();
        };
        signal.addEventListener('abort', onAbort, { once: true });
        entry.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.disposed = false;
      this.start()
        .then(() => {
          if (!this.pending.has(id)) return; // cancelled while starting
          this.refreshBusy();
          this.post({ v: PROTOCOL_VERSION, id, ...body } as EngineRequest, id);
        })
        .catch((e: unknown) => this.settle(id, e instanceof EngineFailure ? e : new EngineFailure({ code: 'internal', message: String(e) })));
    });
  }

  private post(msg: EngineRequest, idForErrors?: number): void {
    const child = this.child;
    if (!child || !child.connected) {
      if (idForErrors !== undefined) this.settle(idForErrors, this.crashFailure('the engine is not running'));
      return;
    }
    try {
      child.send(msg, (err) => {
        if (err && idForErrors !== undefined) this.settle(idForErrors, this.crashFailure(`could not send the request (${err.message})`));
      });
    } catch (e) {
      if (idForErrors !== undefined) this.settle(idForErrors, this.crashFailure(`could not send the request (${String(e)})`));
    }
  }

  private settle(id: number, outcome: EngineFailure | { value: unknown }): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.cleanup?.();
    if (outcome instanceof EngineFailure) p.reject(outcome);
    else p.resolve(outcome.value);
    this.refreshBusy();
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    if (!existsSync(this.enginePath)) {
      return Promise.reject(
        new EngineFailure({
          code: 'internal',
          message: `The engine is missing: ${this.enginePath} does not exist.`,
          hint: 'Build it with `npm run build` (or reinstall the extension).',
        }),
      );
    }
    this.setState('starting');
    this.stderrTail = '';
    let child: ChildProcess;
    try {
      child = fork(this.enginePath, [], {
        // Plain Node for the engine: no inherited loaders (tsx) or inspector flags from the host.
        execArgv: [],
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        serialization: 'json',
      });
    } catch (e) {
      this.setState('crashed', String(e));
      return Promise.reject(new EngineFailure({ code: 'engine-crashed', message: `Could not start the engine: ${String(e)}`, hint: 'Try again; check the Rerank Lens log.' }));
    }
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => this.log('info', `engine: ${d.toString().trimEnd()}`));
    child.stderr?.on('data', (d: Buffer) => {
      const text = d.toString();
      this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL);
      this.log('warn', `engine: ${text.trimEnd()}`);
    });
    this.ready = new Promise<void>((resolveReady, rejectReady) => {
      const onReady = (msg: unknown): void => {
        if (typeof msg === 'object' && msg !== null && (msg as { type?: unknown }).type === 'ready') {
          if ((msg as { v?: unknown }).v !== PROTOCOL_VERSION) {
            child.kill();
            rejectReady(new EngineFailure({ code: 'protocol-mismatch', message: 'The engine is from a different version of Rerank Lens.', hint: 'Rebuild or reinstall the extension, then reload the window.' }));
            return;
          }
          this.log('info', `engine started (pid ${child.pid})`);
          this.refreshBusy();
          if (this.pending.size === 0) this.setState('idle');
          resolveReady();
        }
      };
      child.on('message', (msg: unknown) => {
        onReady(msg);
        this.onReply(msg);
      });
      child.once('exit', (code, signal) => rejectReady(this.crashFailure(describeExit(code, signal))));
    });
    this.ready.catch(() => undefined);
    child.on('error', (e) => this.log('error', `engine process error: ${e.message}`));
    child.once('exit', (code, signal) => this.onExit(child, code, signal));
    return this.ready;
  }

  private crashFailure(reason: string): EngineFailure {
    const oom = /SIGKILL|out of memory|heap/i.test(reason + this.stderrTail);
    return new EngineFailure({
      code: 'engine-crashed',
      message: `The scoring engine stopped unexpectedly (${reason}).`,
      hint: oom
        ? 'It restarts on the next request. If it happens again the model may not fit in memory: lower the batch size or max length, or use dtype q8.'
        : 'It restarts on the next request. If it happens again, check the Rerank Lens log for the engine output.',
      ...(this.stderrTail ? { detail: this.stderrTail } : {}),
    });
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return; // an engine we already replaced or disposed
    this.child = undefined;
    this.ready = undefined;
    const reason = describeExit(code, signal);
    if (this.disposed) {
      this.setState('stopped');
      return;
    }
    this.log(this.pending.size ? 'error' : 'warn', `engine exited (${reason})`);
    this.rejectAll(this.crashFailure(reason).error);
    this.setState('crashed', reason);
  }

  private rejectAll(error: EngineError): void {
    const ids = [...this.pending.keys()];
    for (const id of ids) this.settle(id, new EngineFailure(error));
  }

  private onReply(raw: unknown): void {
    if (!isEngineReply(raw)) return;
    const msg = raw as EngineReply;
    if (msg.type === 'ready') return;
    const p = this.pending.get(msg.id);
    if (!p) return; // cancelled or unknown: late replies are dropped
    try {
      switch (msg.type) {
        case 'progress':
          p.onProgress?.(msg.progress);
          return;
        case 'loaded':
          this.settle(msg.id, { value: msg.info });
          return;
        case 'batch':
          for (const s of msg.scores) if (p.scores && s.index >= 0 && s.index < p.scores.length) p.scores[s.index] = s;
          p.onBatch?.(msg.scores, msg.done, msg.total);
          return;
        case 'scored':
          this.settle(msg.id, { value: { scores: p.scores ?? [], info: msg.info, elapsedMs: msg.elapsedMs, cacheHits: msg.cacheHits } satisfies ScoreOutcome });
          return;
        case 'stats': {
          const { rssBytes, peakRssBytes, cacheEntries, onnxRuns, pairsScored, loadedModels } = msg;
          this.settle(msg.id, { value: { rssBytes, peakRssBytes, cacheEntries, onnxRuns, pairsScored, loadedModels } satisfies EngineStats });
          return;
        }
        case 'ok':
          this.settle(msg.id, { value: undefined });
          return;
        case 'error':
          this.settle(msg.id, new EngineFailure(msg.error));
          return;
      }
    } catch (e) {
      // A throwing onBatch/onProgress callback is the caller's bug; keep the engine protocol going.
      this.log('warn', `engine reply handler failed: ${String(e)}`);
    }
  }
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `killed by ${signal}`;
  if (code === 134) return 'aborted (exit code 134)';
  return `exit code ${code ?? 'unknown'}`;
}
