// The engine process (bundled to dist/engine.js, started by EngineClient with child_process.fork).
// One long-lived process owns the models so that a native crash or an out-of-memory kill takes only
// this process down, never the extension host. Requests arrive as IPC messages (protocol.ts); load and
// score jobs run one at a time (onnxruntime already uses every thread we give it), while cancel,
// stats and clearCache are answered at once. Scores stream back batch by batch; cancellation is checked
// between batches and between slices of tokenizing. Every job sends heartbeats (liveness.ts) so the host
// can tell a busy engine from a stuck one. A spec's model id and revision are checked here, before any
// path or URL is built from them (hubId.ts). A bad request gets an `error` reply; nothing a request
// does ends the process. Each request is answered by one `result` of its method's type (protocol.ts).

import { buildBatchTensors, type EncodedPair } from './encode';
import { orderByLength, StreamBatcher } from './batchPlan';
import { encodedPairs } from './pairStream';
import { chunksByQuery, pairQueries } from './pairQueries';
import { runTokenizeWorker } from './tokenizeWorker';
import { isMainThread, workerData } from 'node:worker_threads';
import { equalScoresWarning } from './scoreChecks';
import { EngineFailure, fail, toEngineError, errorText } from './errors';
import { clampThreads, effectiveMaxLength, isLocalModel, loadModel, type LoadedModel } from './model';
import { scoreRow } from './outputLabels';
import { specProblem } from './hubId';
import { heartbeatDuring, noteRun, progressed, runQuietMs, setStage, startHeartbeats } from './liveness';
import { PROTOCOL_VERSION, type DownloadProgress, type EngineMessage, type Method, type ModelInfo, type ModelSpec, type PairScore, type RequestMessage, type RequestOf, type ResultOf, type RunOptions, type ScoreSummary } from './protocol';
import { ScoreCache, scoreKey, type CachedScore } from './scoreCache';
import { availableParallelism } from 'node:os';

/** Models kept loaded at once; the least recently used is disposed beyond this. */
const MAX_LOADED_MODELS = 2;
const MAX_BATCH_SIZE = 512;

type Reply = EngineMessage extends infer R ? (R extends { v: number } ? Omit<R, 'v'> : never) : never;

function send(msg: Reply): void {
  if (!process.send || !process.connected) return;
  try {
    // The callback swallows the asynchronous EPIPE of a reply racing the host's disconnect (the
    // host already stopped listening; without a callback Node raises it as an uncaught error).
    process.send({ v: PROTOCOL_VERSION, ...msg }, undefined, {}, (err) => {
      const code = (err as NodeJS.ErrnoException | null)?.code;
      if (err && process.connected && code !== 'EPIPE' && code !== 'ERR_IPC_CHANNEL_CLOSED') process.stderr.write(`rerank-lens engine: could not send a reply: ${errorText(err)}\n`);
    });
  } catch (e) {
    process.stderr.write(`rerank-lens engine: could not send a reply: ${errorText(e)}\n`);
  }
}

interface Slot {
  promise: Promise<LoadedModel>;
  /** Progress listeners of every request waiting for this load. */
  listeners: Set<(p: DownloadProgress) => void>;
  lastUsed: number;
}

const slots = new Map<string, Slot>();
let loadChain: Promise<void> = Promise.resolve();
const cache = new ScoreCache();
const cancelled = new Set<number>();
const cancelWaiters = new Map<number, () => void>();
let onnxRuns = 0;
let pairsScored = 0;
let peakRss = process.memoryUsage().rss;

function sampleRss(): number {
  const rss = process.memoryUsage().rss;
  // resourceUsage().maxRSS is the kernel's own high-water mark (KiB), so short peaks are not missed.
  peakRss = Math.max(peakRss, rss, process.resourceUsage().maxRSS * 1024);
  return rss;
}

function threadsOf(run: RunOptions): number {
  return run && Number.isFinite(run.threads) && run.threads > 0 ? Math.floor(run.threads) : availableParallelism();
}

function loadedModelKey(spec: ModelSpec, run: RunOptions): string {
  const local = isLocalModel(spec.model);
  return JSON.stringify([spec.model, spec.dtype, spec.revision ?? 'main', local ? '' : spec.cacheDir, local ? '' : spec.hubUrl ?? '', threadsOf(run)]);
}

async function evictBeyondLimit(keep: string): Promise<void> {
  const entries = [...slots.entries()].filter(([k]) => k !== keep).sort((a, b) => a[1].lastUsed - b[1].lastUsed);
  while (slots.size > MAX_LOADED_MODELS && entries.length) {
    const [k, slot] = entries.shift()!;
    slots.delete(k);
    slot.promise.then((m) => m.dispose()).catch(() => undefined);
  }
}

function ensureModel(spec: ModelSpec, run: RunOptions, onProgress: (p: DownloadProgress) => void): { promise: Promise<LoadedModel>; detach: () => void } {
  const key = loadedModelKey(spec, run);
  let slot = slots.get(key);
  if (!slot) {
    const listeners = new Set<(p: DownloadProgress) => void>();
    // One load at a time: transformers.js is configured through a process-wide `env`, and a load whose
    // request was cancelled keeps running in the background while the queue moves on.
    const promise = loadChain.then(() => loadModel(spec, run, (p) => listeners.forEach((l) => l(p))));
    loadChain = promise.then(
      () => undefined,
      () => undefined,
    );
    slot = { promise, listeners, lastUsed: Date.now() };
    slots.set(key, slot);
    const mine = slot;
    // A failed load must not stick: the next request tries again (e.g. after a network error).
    promise.then(
      () => evictBeyondLimit(key),
      () => {
        if (slots.get(key) === mine) slots.delete(key);
      },
    );
  }
  slot.lastUsed = Date.now();
  slot.listeners.add(onProgress);
  const s = slot;
  return { promise: slot.promise, detach: () => s.listeners.delete(onProgress) };
}

/** Progress replies, thinned out: every status change, and at most one per percent per file. */
function progressReplier(id: number): (p: DownloadProgress) => void {
  const last = new Map<string, number>();
  return (p) => {
    if (p.status === 'progress') {
      const pct = Math.floor(p.percent ?? 0);
      if (last.get(p.file) === pct) return;
      last.set(p.file, pct);
    }
    send({ type: 'progress', id, progress: p });
  };
}

/** Resolves when the request is cancelled (so a long download does not keep the caller waiting). */
function cancellation(id: number): Promise<never> {
  return new Promise((_, reject) => {
    const onCancel = (): void => reject(cancelledError());
    if (cancelled.has(id)) onCancel();
    else cancelWaiters.set(id, onCancel);
  });
}

function cancelledError(): EngineFailure {
  return fail('cancelled', 'Scoring was cancelled.');
}

async function withModel(id: number, spec: ModelSpec, run: RunOptions): Promise<LoadedModel> {
  const { promise, detach } = ensureModel(spec, run, progressReplier(id));
  const cancel = cancellation(id);
  cancel.catch(() => undefined);
  try {
    return await Promise.race([promise, cancel]);
  } finally {
    detach();
  }
}

function infoFor(m: LoadedModel, spec: ModelSpec, run?: RunOptions): ModelInfo {
  // checkRun clamps the threads; say so when the request asked for more than the cores.
  const note = run ? clampThreads(run.threads).note : undefined;
  return { ...m.info, maxLength: effectiveMaxLength(spec.maxLength, m.modelLimit), ...(note ? { threadsNote: note } : {}) };
}

function checkRun(run: RunOptions): RunOptions {
  if (!run || typeof run !== 'object') throw fail('bad-request', 'Run options are missing.', 'Pass { batchSize, threads }.');
  const batchSize = Number.isFinite(run.batchSize) && run.batchSize >= 1 ? Math.min(MAX_BATCH_SIZE, Math.floor(run.batchSize)) : 16;
  // More threads than cores only makes onnxruntime's threads fight (--threads 999 ran 40x slower).
  const threads = Number.isFinite(run.threads) && run.threads >= 0 ? Math.min(Math.floor(run.threads), availableParallelism()) : 0;
  return { batchSize, threads };
}

async function handleLoad(req: RequestOf<'load'>): Promise<ModelInfo> {
  const run = checkRun(req.params.run);
  const m = await withModel(req.id, req.params.spec, run);
  return infoFor(m, req.params.spec, req.params.run);
}

const yieldToEvents = (): Promise<void> => new Promise((r) => setImmediate(r));

async function handleScore(req: RequestOf<'score'>): Promise<ScoreSummary> {
  const started = Date.now();
  const { id } = req;
  const { spec, chunks } = req.params;
  if (!Array.isArray(chunks) || chunks.some((c) => typeof c !== 'string')) throw fail('bad-request', 'Chunks must be a list of texts.');
  const q = pairQueries(req.params);
  if (typeof q === 'string') throw fail('bad-request', q, 'Type a query.');
  const queryText = (i: number): string => q.texts[q.of(i)];
  const run = checkRun(req.params.run);
  const m = await withModel(id, spec, run);
  if (cancelled.has(id)) throw cancelledError();
  const info = infoFor(m, spec, req.params.run);
  send({ type: 'model', id, info });
  const maxLength = info.maxLength;
  const total = chunks.length;

  // 1. Cache hits, sent at once. Identical chunk texts in one request are scored once.
  const keys = chunks.map((c, i) => scoreKey(m.identity, maxLength, queryText(i), c));
  const hits: PairScore[] = [];
  const firstOfKey = new Map<string, number>();
  const duplicates = new Map<number, number[]>();
  const misses: number[] = [];
  keys.forEach((k, i) => {
    const c = cache.get(k);
    if (c) hits.push({ ...c, index: i, cached: true });
    else if (firstOfKey.has(k)) {
      const first = firstOfKey.get(k)!;
      duplicates.set(first, [...(duplicates.get(first) ?? []), i]);
    } else {
      firstOfKey.set(k, i);
      misses.push(i);
    }
  });
  let done = hits.length;
  const allScores = new Array<number>(total);
  for (const h of hits) allScores[h.index] = h.score;
  if (hits.length) send({ type: 'batch', id, batch: { scores: hits, done, total } });

  // 2. Encode the misses and run them, pipelined: pairs are tokenized longest text first (on the
  // model's tokenizer worker when it has one, tokenizeWorker.ts) and a batch runs as soon as it is
  // complete, while the worker encodes the next ones. Batches are sized by memory (batchPlan.ts).
  if (misses.length) {
    setStage(id, 'tokenizing');
    const order = orderByLength(misses, chunks, (i) => queryText(i).length);
    const batcher = new StreamBatcher<{ index: number; pair: EncodedPair }>(run.batchSize);
    const runOne = async (batch: { index: number; pair: EncodedPair }[]): Promise<void> => {
      const pairs = batch.map((b) => b.pair);
      const tokens = pairs.reduce((n, p) => n + p.inputIds.length, 0);
      // The ONNX run blocks this thread: announce how long it may stay quiet (liveness.ts).
      setStage(id, 'scoring', await runQuietMs(m, tokens));
      await yieldToEvents(); // let a pending `cancel` message in (and the heartbeat out)
      if (cancelled.has(id)) throw cancelledError();
      const runStarted = Date.now();
      const rows = await m.run(buildBatchTensors(pairs, m.tokenizer.padId ?? 0));
      noteRun(m, tokens, Date.now() - runStarted);
      onnxRuns++;
      pairsScored += batch.length;
      sampleRss();
      const scores: PairScore[] = [];
      batch.forEach(({ index: i, pair: p }, r) => {
        const { score, probability } = scoreRow(rows[r], info.scoreLabelIndex);
        const value: CachedScore = {
          score,
          probability,
          queryTokens: p.queryTokens,
          chunkTokens: p.chunkTokens,
          queryTokensKept: p.queryTokensKept,
          chunkTokensKept: p.chunkTokensKept,
          ...(p.queryTokensIsLowerBound ? { queryTokensAtLeast: true } : {}),
          ...(p.chunkTokensIsLowerBound ? { chunkTokensAtLeast: true } : {}),
          queryTruncated: p.queryTruncated,
          truncated: p.truncated,
          truncatedAtChar: p.truncatedAtChar,
        };
        cache.set(keys[i], value);
        scores.push({ ...value, index: i, cached: false });
        allScores[i] = score;
        for (const d of duplicates.get(i) ?? []) {
          scores.push({ ...value, index: d, cached: false });
          allScores[d] = score;
        }
      });
      done += scores.length;
      send({ type: 'batch', id, batch: { scores, done, total } });
    };
    let k = 0;
    for await (const pair of encodedPairs(m, q.texts, (k) => q.of(order[k]), order.map((i) => chunks[i]), maxLength, () => cancelled.has(id))) {
      progressed(); // liveness.ts: heartbeats need progress, not only a free thread (the tokenizer may be a worker)
      const closed = batcher.add({ index: order[k++], pair }, pair.inputIds.length);
      if (closed) await runOne(closed);
    }
    if (cancelled.has(id)) throw cancelledError();
    const rest = batcher.flush();
    if (rest) await runOne(rest);
  }
  // Checked per query: equal scores across the chunks of one query are the sign of a broken model.
  const warnings = chunksByQuery(q, total)
    .map((group) => equalScoresWarning(group.map((i) => chunks[i]), group.map((i) => allScores[i]), spec.model))
    .filter((w): w is string => w !== null);
  const distinct = [...new Set(warnings)].slice(0, 3);
  return { info, elapsedMs: Date.now() - started, cacheHits: hits.length, pairs: total, ...(distinct.length ? { warnings: distinct } : {}) };
}

// ---- request loop ----

let queue: Promise<void> = Promise.resolve();

/** Jobs run one at a time; each answers its request with a result of its method's type, or an error. */
function enqueue<M extends Method>(req: RequestOf<M>, job: () => Promise<ResultOf<M>>): void {
  const { id } = req;
  queue = queue.then(async () => {
    try {
      if (cancelled.has(id)) throw cancelledError();
      const result = await heartbeatDuring(id, job);
      send({ type: 'result', id, result });
    } catch (e) {
      send({ type: 'error', id, error: toEngineError(e) });
    } finally {
      cancelled.delete(id);
      cancelWaiters.delete(id);
    }
  });
}

function isRequest(x: unknown): x is RequestMessage {
  const r = x as { method?: unknown; id?: unknown; params?: unknown };
  return typeof x === 'object' && x !== null && typeof r.method === 'string' && typeof r.id === 'number' && typeof r.params === 'object' && r.params !== null;
}

function isCancel(x: unknown): x is { v: number; cancel: number } {
  return typeof x === 'object' && x !== null && typeof (x as { cancel?: unknown }).cancel === 'number';
}

async function shutdown(): Promise<void> {
  for (const s of slots.values()) await s.promise.then((m) => m.dispose()).catch(() => undefined);
  process.exit(0);
}

/** Requests that name a model are checked here, at the boundary, before any path or URL is built. */
function refuseBadSpec(req: RequestOf<'load'> | RequestOf<'score'>): boolean {
  const problem = specProblem(req.params.spec);
  if (problem) send({ type: 'error', id: req.id, error: problem.error });
  return problem !== null;
}

function onMessage(msg: unknown): void {
  const v = (msg as { v?: unknown })?.v;
  if (isCancel(msg) && v === PROTOCOL_VERSION) {
    cancelled.add(msg.cancel);
    cancelWaiters.get(msg.cancel)?.();
    return;
  }
  if (!isRequest(msg)) {
    const id = typeof (msg as { id?: unknown })?.id === 'number' ? (msg as { id: number }).id : -1;
    send({ type: 'error', id, error: { code: 'bad-request', message: 'The engine received a message it does not understand.', detail: JSON.stringify(msg)?.slice(0, 500) } });
    return;
  }
  if (msg.v !== PROTOCOL_VERSION) {
    send({
      type: 'error',
      id: msg.id,
      error: { code: 'protocol-mismatch', message: `The engine speaks protocol ${PROTOCOL_VERSION} but got ${String(msg.v)}.`, hint: 'Reload the window so the extension and its engine come from the same version.' },
    });
    return;
  }
  switch (msg.method) {
    case 'load':
      if (!refuseBadSpec(msg)) enqueue(msg, () => handleLoad(msg));
      return;
    case 'score':
      if (!refuseBadSpec(msg)) enqueue(msg, () => handleScore(msg));
      return;
    case 'clearCache':
      cache.clear();
      send({ type: 'result', id: msg.id, result: null });
      return;
    case 'stats': {
      const rss = sampleRss();
      send({ type: 'result', id: msg.id, result: { rssBytes: rss, peakRssBytes: peakRss, cacheEntries: cache.size, onnxRuns, pairsScored, loadedModels: slots.size } });
      return;
    }
    case 'shutdown':
      send({ type: 'result', id: msg.id, result: null });
      void shutdown();
      return;
    default:
      send({ type: 'error', id: (msg as { id: number }).id, error: { code: 'bad-request', message: `Unknown request method "${String((msg as { method: unknown }).method)}".` } });
  }
}

function main(): void {
  if (!process.send) {
    process.stderr.write('rerank-lens engine: start me with child_process.fork (I talk over IPC).\n');
    process.exit(2);
  }
  // Nothing a request does may end the process: report stray errors on stderr (the host logs them).
  process.on('uncaughtException', (e) => process.stderr.write(`rerank-lens engine: uncaught ${errorText(e)}\n`));
  process.on('unhandledRejection', (e) => process.stderr.write(`rerank-lens engine: unhandled rejection ${errorText(e)}\n`));
  // The host went away (extension host reload, CLI exit): so do we.
  process.on('disconnect', () => process.exit(0));
  process.on('message', onMessage);
  startHeartbeats(send, Number(process.env.RERANK_LENS_HEARTBEAT_MS) || 5000, Number(process.env.RERANK_LENS_LIVENESS_MS) || 60_000);
  send({ type: 'ready', pid: process.pid });
}

// The same bundle also runs as the tokenizer worker thread of a loaded model (tokenizeWorker.ts).
if (isMainThread) main();
else if ((workerData as { role?: string } | null)?.role === 'tokenize') runTokenizeWorker();
