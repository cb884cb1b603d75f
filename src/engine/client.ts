// Host side of the engine (extension host or CLI). Forks dist/engine.js on first use, matches replies
// to requests by id (each request's method fixes its result type: protocol.ts RequestMap; replies are
// checked by wireCheck.ts before they count), watches liveness (an engine silent beyond the bound while
// a request is in flight is killed and restarted, and the request fails saying so), turns an AbortSignal into a `cancel` message, and survives the engine dying: a
// crash, an out-of-memory kill or `kill -9` rejects the requests in flight with 'engine-crashed' and
// the next request starts a fresh engine. No method throws synchronously; every failure is an
// EngineFailure carrying an EngineError (message + hint).

import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EngineFailure } from './errors';
import {
  PROTOCOL_VERSION,
  type DownloadProgress,
  type EngineError,
  type EngineMessage,
  type HostMessage,
  type Method,
  type ModelInfo,
  type ModelSpec,
  type PairScore,
  type ParamsOf,
  type ResultOf,
  type RunOptions,
  type ScoreBatch,
  type Stage,
  type StatsResult,
} from './protocol';
import { checkBatch, checkEnvelope, checkError, checkModelInfo, checkProgress, checkResult, readyVersion } from './wireCheck';

export { EngineFailure } from './errors';

export interface ScoreOutcome {
  /** By input index. */
  scores: PairScore[];
  info: ModelInfo;
  elapsedMs: number;
  cacheHits: number;
  /** Signs of a broken model (e.g. all distinct chunks scored the same); show them. */
  warnings?: string[];
}

export type EngineStats = StatsResult;

export type EngineState = 'stopped' | 'starting' | 'idle' | 'busy' | 'crashed';
export type Logger = (level: 'info' | 'warn' | 'error', msg: string) => void;

export interface ScoreRequest {
  spec: ModelSpec;
  run: RunOptions;
  query: string;
  chunks: string[];
  /** Several queries in one request: chunk i pairs with queries[queryOf[i]] (protocol.ts ScoreParams). */
  queries?: string[];
  queryOf?: number[];
  signal?: AbortSignal;
  onBatch?: (scores: PairScore[], done: number, total: number) => void;
  onProgress?: (p: DownloadProgress) => void;
  /** The model is loaded (before any batch): its ModelInfo. */
  onModel?: (info: ModelInfo) => void;
}

export interface EngineClientOptions {
  enginePath?: string;
  log?: Logger;
  /** Liveness bound: a request in flight fails (and the engine is killed and restarted) when the
   *  engine sends nothing for this long, beyond what it announced it would be quiet for. Default:
   *  RERANK_LENS_LIVENESS_MS from the environment, else 60 s. */
  livenessMs?: number;
  /** Hub downloads: how long to wait for an answer, and for the next bytes of a body (default 60 s). */
  hubTimeoutMs?: number;
  /** Read when the engine starts, over this process's environment (VS Code's http.proxy as HTTPS_PROXY). */
  env?: () => Record<string, string>;
}

export const DEFAULT_LIVENESS_MS = 60_000;
/** Starting the engine (loading onnxruntime and transformers.js) on a busy machine may take a while:
 *  the bound for the first message after a fork is at least this. */
const STARTUP_MS = 60_000;
/** Cap on the extra silence the engine may announce before a native step (half an hour). */
const MAX_QUIET_MS = 30 * 60_000;

interface Hooks {
  onProgress?: (p: DownloadProgress) => void;
  onBatch?: (b: ScoreBatch) => void;
  onModel?: (info: ModelInfo) => void;
  signal?: AbortSignal;
  /** For messages about this request (which model it was busy with). */
  model?: string;
}

/** A request in flight. `accept` checks the result against its method's type and resolves. */
interface Pending {
  method: Method;
  model?: string;
  stage: Stage;
  accept: (result: unknown) => void;
  reject: (e: EngineFailure) => void;
  onProgress?: (p: DownloadProgress) => void;
  onBatch?: (b: ScoreBatch) => void;
  onModel?: (info: ModelInfo) => void;
  cleanup?: () => void;
}

const STDERR_TAIL = 4000;
const WORKING: ReadonlySet<Method> = new Set<Method>(['load', 'score']);

function defaultEnginePath(): string {
  // Bundled: dist/extension.js and dist/cli.js sit beside dist/engine.js. From sources (tests): ../../dist.
  const beside = join(__dirname, 'engine.js');
  if (existsSync(beside)) return beside;
  return resolve(__dirname, '../../dist/engine.js');
}

function malformed(problem: string): EngineFailure {
  return new EngineFailure({
    code: 'protocol-mismatch',
    message: `The engine sent a reply that does not fit its request (${problem}).`,
    hint: 'Rebuild or reinstall Rerank Lens so the extension and its engine come from the same version.',
  });
}

export class EngineClient {
  private readonly enginePath: string;
  private readonly log: Logger;
  private readonly livenessMs: number;
  private readonly hubTimeoutMs: number | undefined;
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private state: EngineState = 'stopped';
  private readonly listeners = new Set<(s: { state: EngineState; detail?: string }) => void>();
  private stderrTail = '';
  private disposed = false;
  /** Liveness: when the engine last said anything, and how long it announced it would then be quiet. */
  private lastHeard = 0;
  private quietMs = 0;
  private watchdog: NodeJS.Timeout | undefined;

  private readonly extraEnv: EngineClientOptions['env'];

  constructor(opts: EngineClientOptions = {}) {
    this.enginePath = opts.enginePath ?? defaultEnginePath();
    this.log = opts.log ?? (() => undefined);
    const fromEnv = Number(process.env.RERANK_LENS_LIVENESS_MS);
    this.livenessMs = opts.livenessMs !== undefined && opts.livenessMs > 0 ? opts.livenessMs : fromEnv > 0 ? fromEnv : DEFAULT_LIVENESS_MS;
    this.hubTimeoutMs = opts.hubTimeoutMs !== undefined && opts.hubTimeoutMs > 0 ? opts.hubTimeoutMs : undefined;
    this.extraEnv = opts.env;
  }

  /** True while requests are in flight (a restart waits for them). */
  get busy(): boolean {
    return this.pending.size > 0;
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
    return this.request('load', { spec, run }, { onProgress, model: spec?.model });
  }

  async score(req: ScoreRequest): Promise<ScoreOutcome> {
    const scores: PairScore[] = new Array(Array.isArray(req.chunks) ? req.chunks.length : 0);
    const onBatch = (b: ScoreBatch): void => {
      for (const s of b.scores) if (s.index < scores.length) scores[s.index] = s;
      req.onBatch?.(b.scores, b.done, b.total);
    };
    const summary = await this.request(
      'score',
      { spec: req.spec, run: req.run, query: req.query, chunks: req.chunks, ...(req.queries ? { queries: req.queries, queryOf: req.queryOf } : {}) },
      { onProgress: req.onProgress, onBatch, onModel: req.onModel, signal: req.signal, model: req.spec?.model },
    );
    return { scores, info: summary.info, elapsedMs: summary.elapsedMs, cacheHits: summary.cacheHits, ...(summary.warnings?.length ? { warnings: summary.warnings } : {}) };
  }

  stats(): Promise<EngineStats> {
    return this.request('stats', {}, {});
  }

  async clearCache(): Promise<void> {
    await this.request('clearCache', {}, {});
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
        if (child.connected) child.send({ v: PROTOCOL_VERSION, id: 0, method: 'shutdown', params: {} } satisfies HostMessage);
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
    this.armWatchdog();
    if (!this.child) return;
    const busy = [...this.pending.values()].some((p) => WORKING.has(p.method));
    this.setState(busy ? 'busy' : 'idle');
  }

  private request<M extends Method>(method: M, params: ParamsOf<M>, hooks: Hooks): Promise<ResultOf<M>> {
    return new Promise<ResultOf<M>>((resolvePromise, rejectPromise) => {
      const { signal } = hooks;
      if (signal?.aborted) {
        rejectPromise(new EngineFailure({ code: 'cancelled', message: 'Scoring was cancelled.' }));
        return;
      }
      const id = this.nextId++;
      const entry: Pending = {
        method,
        model: hooks.model,
        stage: 'queued',
        accept: (raw) => {
          const checked = checkResult(method, raw);
          if (checked.ok) resolvePromise(checked.value);
          else rejectPromise(malformed(checked.problem));
        },
        reject: rejectPromise,
        onProgress: hooks.onProgress,
        onBatch: hooks.onBatch,
        onModel: hooks.onModel,
      };
      this.pending.set(id, entry);
      if (signal) {
        const onAbort = (): void => {
          if (!this.pending.has(id)) return;
          this.pending.delete(id);
          this.post({ v: PROTOCOL_VERSION, cancel: id });
          rejectPromise(new EngineFailure({ code: 'cancelled', message: 'Scoring was cancelled.' }));
          this.refreshBusy();
        };
        signal.addEventListener('abort', onAbort, { once: true });
        entry.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.disposed = false;
      this.armWatchdog();
      this.start()
        .then(() => {
          if (!this.pending.has(id)) return; // cancelled while starting
          this.refreshBusy();
          this.post({ v: PROTOCOL_VERSION, id, method, params }, id);
        })
        .catch((e: unknown) => this.settle(id, e instanceof EngineFailure ? e : new EngineFailure({ code: 'internal', message: String(e) })));
    });
  }

  private post(msg: HostMessage, idForErrors?: number): void {
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

  private settle(id: number, outcome: EngineFailure | { result: unknown }): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.cleanup?.();
    if (outcome instanceof EngineFailure) p.reject(outcome);
    else p.accept(outcome.result);
    this.refreshBusy();
  }

  /** How often the engine sends heartbeats: several per liveness bound, at most every 5 s. */
  private heartbeatMs(): number {
    return Math.max(50, Math.min(5000, Math.floor(this.livenessMs / 4)));
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
        env: {
          // glibc: a fixed mmap threshold makes onnxruntime's large per-run buffers go back to the OS
          // when freed (with the dynamic default they stay in the heap): MiniLM-L6's engine peak drops
          // from about 620 to 400 MB (see model.ts, ENGINE_SESSION_OPTIONS). Other platforms ignore it.
          MALLOC_MMAP_THRESHOLD_: '65536',
          ...process.env,
          ...(this.extraEnv?.() ?? {}),
          RERANK_LENS_HEARTBEAT_MS: String(this.heartbeatMs()),
          RERANK_LENS_LIVENESS_MS: String(this.livenessMs),
          ...(this.hubTimeoutMs !== undefined ? { RERANK_LENS_HUB_TIMEOUT_MS: String(this.hubTimeoutMs) } : {}),
        },
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        serialization: 'json',
      });
    } catch (e) {
      this.setState('crashed', String(e));
      return Promise.reject(new EngineFailure({ code: 'engine-crashed', message: `Could not start the engine: ${String(e)}`, hint: 'Try again; check the Rerank Lens log.' }));
    }
    this.child = child;
    this.heard(Math.max(0, STARTUP_MS - this.livenessMs));
    child.stdout?.on('data', (d: Buffer) => this.log('info', `engine: ${d.toString().trimEnd()}`));
    child.stderr?.on('data', (d: Buffer) => {
      const text = d.toString();
      this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL);
      this.log('warn', `engine: ${text.trimEnd()}`);
    });
    this.ready = new Promise<void>((resolveReady, rejectReady) => {
      const onReady = (msg: unknown): void => {
        const ready = readyVersion(msg);
        if (ready) {
          if (ready.v !== PROTOCOL_VERSION) {
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
        if (this.child !== child) return; // a replaced (killed) engine's last words
        this.heard(0);
        onReady(msg);
        this.onMessage(msg);
      });
      child.once('exit', (code, signal) => rejectReady(this.crashFailure(describeExit(code, signal))));
    });
    this.ready.catch(() => undefined);
    child.on('error', (e) => this.log('error', `engine process error: ${e.message}`));
    child.once('exit', (code, signal) => this.onExit(child, code, signal));
    return this.ready;
  }

  // ---- liveness ----

  private heard(quietMs: number): void {
    this.lastHeard = Date.now();
    this.quietMs = Math.min(MAX_QUIET_MS, Math.max(0, quietMs));
  }

  /** A timer runs only while requests are in flight; it checks the engine's silence against the bound. */
  private armWatchdog(): void {
    if (this.pending.size === 0 || this.disposed) {
      clearInterval(this.watchdog);
      this.watchdog = undefined;
      return;
    }
    if (this.watchdog) return;
    if (!this.child) this.heard(0); // the clock starts with the first request, not at construction
    this.watchdog = setInterval(() => this.checkLiveness(), Math.max(25, Math.min(1000, Math.floor(this.livenessMs / 4))));
    this.watchdog.unref?.();
  }

  private checkLiveness(): void {
    if (this.pending.size === 0 || !this.child) return;
    const silentMs = Date.now() - this.lastHeard;
    if (silentMs <= this.livenessMs + this.quietMs) return;
    const child = this.child;
    const seconds = Math.round(silentMs / 100) / 10;
    this.log('error', `engine (pid ${child.pid}) sent nothing for ${seconds} s with ${this.pending.size} request(s) in flight: killing and restarting it`);
    // Forget the stuck process first, so its exit is not reported as a crash.
    this.child = undefined;
    this.ready = undefined;
    child.kill('SIGKILL');
    const busy = [...this.pending.values()].find((p) => p.stage !== 'queued');
    for (const [id, p] of [...this.pending]) this.settle(id, new EngineFailure(stallError(p, busy, seconds)));
    this.setState('crashed', `no answer for ${seconds} s`);
    // Restart at once so the next request finds a working engine (and the message above is true).
    if (!this.disposed) this.start().catch(() => undefined);
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

  /** Every engine message, checked at the boundary, routed to its request by id. */
  private onMessage(raw: unknown): void {
    const envelope = checkEnvelope(raw, PROTOCOL_VERSION);
    if (!envelope.ok) {
      this.log('warn', `engine: ignored a message (${envelope.problem})`);
      return;
    }
    const msg: EngineMessage = envelope.value;
    if (msg.type === 'ready') return;
    if (msg.type === 'heartbeat') this.heard(msg.quietMs ?? 0);
    const p = this.pending.get(msg.id);
    if (!p) return; // cancelled or unknown: late replies are dropped
    try {
      switch (msg.type) {
        case 'heartbeat':
          p.stage = msg.stage;
          return;
        case 'progress': {
          const c = checkProgress(msg.progress);
          if (c.ok) p.onProgress?.(c.value);
          else this.log('warn', `engine: ignored progress (${c.problem})`);
          return;
        }
        case 'model': {
          const problem = checkModelInfo(msg.info);
          if (problem) this.log('warn', `engine: ignored model info (${problem})`);
          else p.onModel?.(msg.info);
          return;
        }
        case 'batch': {
          const c = checkBatch(msg.batch);
          if (!c.ok) this.settle(msg.id, malformed(c.problem));
          else p.onBatch?.(c.value);
          return;
        }
        case 'result':
          this.settle(msg.id, { result: msg.result });
          return;
        case 'error': {
          const c = checkError(msg.error);
          this.settle(msg.id, c.ok ? new EngineFailure(c.value) : malformed(c.problem));
          return;
        }
      }
    } catch (e) {
      // A throwing onBatch/onProgress callback is the caller's bug; keep the engine protocol going.
      this.log('warn', `engine reply handler failed: ${String(e)}`);
    }
  }
}

const STAGE_TEXT: Record<Stage, string> = {
  queued: 'working on an earlier request',
  loading: 'loading',
  tokenizing: 'tokenizing',
  scoring: 'scoring',
};

function stallError(p: Pending, busy: Pending | undefined, seconds: number): EngineError {
  const own = p.stage !== 'queued';
  const what = own ? `${STAGE_TEXT[p.stage]}${p.model ? ` with ${p.model}` : ''}` : busy ? `${STAGE_TEXT[busy.stage]}${busy.model ? ` with ${busy.model}` : ''}` : 'starting';
  return {
    code: 'engine-unresponsive',
    message: `The engine stopped answering while ${what} (nothing for ${seconds} s); it was stopped and restarted.`,
    hint:
      p.stage === 'tokenizing' || busy?.stage === 'tokenizing'
        ? 'The model\'s tokenizer may use a pattern that never finishes on this text (a hostile or broken tokenizer.json): pick another model. Other requests work again.'
        : 'A native hang or an overloaded machine can cause this. Try again; if it keeps happening with this model, pick another model or lower the batch size.',
  };
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `killed by ${signal}`;
  if (code === 134) return 'aborted (exit code 134)';
  return `exit code ${code ?? 'unknown'}`;
}
