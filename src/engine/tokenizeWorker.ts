// Tokenizing on a worker thread, so the next batch is encoded while onnxruntime runs the current one
// (session.run blocks the engine's main thread). The worker is the engine bundle itself started as a
// worker_thread (server.ts starts runTokenizeWorker when !isMainThread); it builds the same exact
// tokenizer from the model folder's tokenizer.json (tokenizer.ts) and returns EncodedPairs in the
// order asked, a few at a time. Only for tokenizers our exact encoder reproduces; otherwise (and
// outside the bundled engine, e.g. under tsx in tests) the caller encodes inline.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { pairEncoder, type EncodedPair } from './encode';
import { exactPairTokenizer, readTokenizerFiles } from './tokenizer';

/** Chunk k pairs with queries[queryOf[k]]. */
interface EncodeRequest { type: 'encode'; id: number; queries: string[]; queryOf: number[]; chunks: string[]; maxLength: number }
type ToWorker = EncodeRequest | { type: 'cancel'; id: number };
type FromWorker = { id: number; pairs: EncodedPair[]; done: boolean } | { id: number; error: string };

/** Pairs per message: small enough that the first batch starts early, big enough to keep messages few. */
const GROUP = 4;

/** Worker side. */
export function runTokenizeWorker(): void {
  const port = parentPort;
  if (!port) return;
  const { folder } = workerData as { folder: string };
  const { json, config } = readTokenizerFiles(folder);
  const tok = exactPairTokenizer(json, config);
  const cancelled = new Set<number>();
  const queue: EncodeRequest[] = [];
  let busy = false;
  const step = (req: EncodeRequest, encode: ReturnType<typeof pairEncoder>, from: number): void => {
    if (cancelled.has(req.id)) {
      cancelled.delete(req.id);
      busy = false;
      next();
      return;
    }
    try {
      const to = Math.min(req.chunks.length, from + GROUP);
      const pairs: EncodedPair[] = [];
      for (let i = from; i < to; i++) pairs.push(encode(req.queryOf[i], req.chunks[i]));
      const done = to >= req.chunks.length;
      port.postMessage({ id: req.id, pairs, done } satisfies FromWorker);
      if (done) {
        busy = false;
        next();
      } else setImmediate(() => step(req, encode, to)); // lets a cancel in between groups
    } catch (e) {
      port.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) } satisfies FromWorker);
      busy = false;
      next();
    }
  };
  const next = (): void => {
    if (busy) return;
    const req = queue.shift();
    if (!req) return;
    busy = true;
    step(req, pairEncoder(tok, req.queries, req.maxLength), 0);
  };
  port.on('message', (m: ToWorker) => {
    if (m.type === 'cancel') cancelled.add(m.id);
    else {
      queue.push(m);
      next();
    }
  });
}

/** Main side: one worker per loaded model. */
export class TokenizeWorker {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly listeners = new Map<number, (m: FromWorker) => void>();
  private failed: string | null = null;

  constructor(bundle: string, folder: string) {
    this.worker = new Worker(bundle, { workerData: { role: 'tokenize', folder } });
    this.worker.unref();
    this.worker.on('message', (m: FromWorker) => this.listeners.get(m.id)?.(m));
    this.worker.on('error', (e) => this.fail(e.message));
    this.worker.on('exit', (code) => this.fail(`tokenizer worker exited with code ${code}`));
  }

  private fail(reason: string): void {
    this.failed ??= reason;
    for (const l of this.listeners.values()) l({ id: -1, error: reason });
  }

  /** Encoded pairs in the order of `chunks` (chunk k with queries[queryOf[k]]), as the worker produces them. */
  async *encode(queries: readonly string[], queryOf: number[], chunks: string[], maxLength: number, isCancelled: () => boolean): AsyncGenerator<EncodedPair> {
    if (this.failed) throw new Error(this.failed);
    const id = this.nextId++;
    const ready: EncodedPair[] = [];
    let finished = false;
    let error: string | null = null;
    let wake: (() => void) | null = null;
    this.listeners.set(id, (m) => {
      if ('error' in m) error = m.error;
      else {
        ready.push(...m.pairs);
        finished = m.done;
      }
      wake?.();
    });
    this.worker.postMessage({ type: 'encode', id, queries: [...queries], queryOf, chunks, maxLength } satisfies ToWorker);
    try {
      let at = 0;
      while (at < chunks.length) {
        if (at < ready.length) {
          yield ready[at];
          ready[at++] = undefined as unknown as EncodedPair; // let it go once handed out
          continue;
        }
        if (error) throw new Error(error);
        if (finished) throw new Error('tokenizer worker finished early');
        if (isCancelled()) return;
        await new Promise<void>((r) => (wake = r));
        wake = null;
      }
    } finally {
      this.listeners.delete(id);
      if (!finished) this.worker.postMessage({ type: 'cancel', id } satisfies ToWorker);
    }
  }

  async dispose(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate().catch(() => undefined);
  }
}
