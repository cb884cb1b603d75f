// The engine's side of liveness. While a job runs, a timer sends a heartbeat naming the request and
// what it is doing (loading, tokenizing, scoring). A timer can only fire while the JS thread is free,
// which is the point: a tokenizer regex that backtracks forever or a native hang stops the heartbeats,
// and the host (client.ts) kills and restarts the engine after its bound of silence.
// A free main thread is not enough, though: tokenizing may run on a worker thread (tokenizeWorker.ts),
// and a worker stuck in such a regex leaves the main thread free to beat forever. So a heartbeat also
// needs progress: outside of loading (downloads have their own timeouts), the timer beats only while
// the job has made progress (`progressed()`: a pair encoded, a stage begun) within half the host's bound
// (RERANK_LENS_LIVENESS_MS, passed by the client); a stuck worker thus silences the engine as surely
// as a stuck main thread, and the host restarts it.
// One thing blocks the thread legitimately: an ONNX run (onnxruntime-node runs synchronously) and a
// model load (session creation). Before such a step the engine announces `quietMs`, how long it may be
// silent: measured from earlier runs of the same model (4x the slowest ms per token seen), or before the
// first run a deliberately generous guess from the size of the weights.

import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { LoadedModel } from './model';
import type { EngineMessage, Stage } from './protocol';

type Heartbeat = Extract<EngineMessage, { type: 'heartbeat' }>;
type Sender = (msg: Omit<Heartbeat, 'v'>) => void;

/** A model load may block for a while (downloads have their own timeouts; session creation does not). */
const LOAD_QUIET_MS = 5 * 60_000;
/** Before any measurement: assume a slow CPU, 1 GFLOP/s, and 2 FLOPs per parameter per token. */
const GUESS_FLOPS_PER_MS = 1e6;
const SAFETY = 4;

let sender: Sender | null = null;
let lastProgress = Date.now();
/** Beats stop after this long without progress: half the host's bound, so it notices within its bound. */
let progressBoundMs = 30_000;
let current: { id: number; stage: Stage; quietMs: number } | null = null;
let timer: NodeJS.Timeout | undefined;

/** Starts the heartbeat timer (interval from RERANK_LENS_HEARTBEAT_MS, set by the client). */
export function startHeartbeats(send: Sender, intervalMs: number, livenessMs = 60_000): void {
  sender = send;
  progressBoundMs = Math.max(intervalMs, Math.floor(livenessMs / 2));
  clearInterval(timer);
  timer = setInterval(beat, Math.max(20, intervalMs));
  timer.unref();
}

/** The running job moved on (a pair encoded, a batch scored): heartbeats may go on. */
export function progressed(): void {
  lastProgress = Date.now();
}

function beat(): void {
  if (current && current.stage !== 'loading' && Date.now() - lastProgress > progressBoundMs) return; // stuck elsewhere: stay silent
  if (current && sender) sender({ type: 'heartbeat', id: current.id, stage: current.stage, ...(current.quietMs > 0 ? { quietMs: current.quietMs } : {}) });
}

/** Records what the running job does now, and says so at once (before a step that may block). */
export function setStage(id: number, stage: Stage, quietMs = 0): void {
  current = { id, stage, quietMs };
  progressed();
  beat();
}

/** Runs a job with heartbeats for it; it starts in the loading stage (every job first finds its model). */
export async function heartbeatDuring<T>(id: number, job: () => Promise<T>): Promise<T> {
  setStage(id, 'loading', LOAD_QUIET_MS);
  try {
    return await job();
  } finally {
    current = null;
  }
}

const msPerToken = new WeakMap<LoadedModel, number>();
const guessed = new WeakMap<LoadedModel, number>();

/** After a run: remember the slowest time per token seen for this model. */
export function noteRun(m: LoadedModel, tokens: number, ms: number): void {
  if (tokens <= 0) return;
  msPerToken.set(m, Math.max(msPerToken.get(m) ?? 0, ms / tokens));
}

async function weightBytes(m: LoadedModel): Promise<number> {
  const dir = join(m.info.folder, 'onnx');
  const base = m.info.onnxFile?.replace(/^onnx\//, '') ?? (m.info.dtype === 'q8' ? 'model_quantized.onnx' : 'model.onnx');
  let total = 0;
  for (const f of [base, `${base}_data`]) total += (await fsp.stat(join(dir, f)).catch(() => ({ size: 0 }))).size;
  return total;
}

/** How long the next ONNX run over `tokens` tokens may block the thread. */
export async function runQuietMs(m: LoadedModel, tokens: number): Promise<number> {
  const measured = msPerToken.get(m);
  if (measured !== undefined) return Math.ceil(measured * tokens * SAFETY) + 1000;
  let perToken = guessed.get(m);
  if (perToken === undefined) {
    const params = (await weightBytes(m)) / (m.info.dtype === 'q8' ? 1 : 4);
    perToken = (2 * Math.max(params, 1e6)) / GUESS_FLOPS_PER_MS;
    guessed.set(m, perToken);
  }
  return Math.ceil(perToken * tokens) + 1000;
}
