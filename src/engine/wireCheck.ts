// Checks what crosses the engine boundary on the host side. The engine is our own code, but it runs
// untrusted models and can be from another build, so a reply is read as `unknown` and only becomes a
// typed value after these checks: a malformed reply fails its request with a clear error instead of
// surfacing later as `undefined` somewhere in the panel.

import type { DownloadProgress, EngineError, EngineMessage, Method, ModelInfo, PairScore, ResultOf, ScoreBatch, Stage, StatsResult } from './protocol';

/** The check's verdict: the typed value, or what was wrong with it. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const int = (x: unknown): x is number => Number.isInteger(x);
const str = (x: unknown): x is string => typeof x === 'string';
const optNum = (x: unknown): boolean => x === undefined || num(x);
const optStr = (x: unknown): boolean => x === undefined || str(x);

function fields(x: unknown, what: string, rules: Record<string, (v: unknown) => boolean>): string | null {
  if (!isObj(x)) return `${what} is not an object`;
  for (const [k, ok] of Object.entries(rules)) if (!ok(x[k])) return `${what}.${k} is ${JSON.stringify(x[k]) ?? 'undefined'}`;
  return null;
}

export function checkModelInfo(x: unknown): string | null {
  return fields(x, 'info', {
    model: str,
    folder: str,
    dtype: (v) => v === 'fp32' || v === 'q8',
    maxLength: int,
    numLabels: int,
    scoreLabelIndex: int,
    labels: (v) => Array.isArray(v) && v.every(str),
    loadMs: num,
    fromCache: (v) => typeof v === 'boolean',
    onnxFile: optStr,
    onnxFileReason: optStr,
  });
}

function checkPairScore(x: unknown, total: number): string | null {
  return fields(x, 'score', {
    // Scores may be NaN/Infinity only in theory; JSON turns them into null, which is caught here.
    index: (v) => int(v) && v >= 0 && v < total,
    score: num,
    probability: num,
    queryTokens: int,
    chunkTokens: int,
    truncated: (v) => typeof v === 'boolean',
    truncatedAtChar: (v) => v === null || int(v),
  });
}

export function checkBatch(x: unknown): Checked<ScoreBatch> {
  const p = fields(x, 'batch', { scores: Array.isArray, done: int, total: int });
  if (p) return { ok: false, problem: p };
  const b = x as unknown as ScoreBatch;
  for (const s of b.scores) {
    const q = checkPairScore(s, b.total);
    if (q) return { ok: false, problem: q };
  }
  return { ok: true, value: b as ScoreBatch & { scores: PairScore[] } };
}

export function checkProgress(x: unknown): Checked<DownloadProgress> {
  const p = fields(x, 'progress', {
    file: str,
    status: (v) => v === 'initiate' || v === 'download' || v === 'progress' || v === 'done',
    loaded: optNum,
    total: optNum,
    percent: optNum,
  });
  return p ? { ok: false, problem: p } : { ok: true, value: x as unknown as DownloadProgress };
}

export function checkError(x: unknown): Checked<EngineError> {
  const p = fields(x, 'error', { code: str, message: str, hint: (v) => v === undefined || str(v), detail: (v) => v === undefined || str(v) });
  return p ? { ok: false, problem: p } : { ok: true, value: x as unknown as EngineError };
}

const STAGES: readonly Stage[] = ['queued', 'loading', 'tokenizing', 'scoring'];

/** One check per method: the only place a result's shape is trusted. */
const RESULT_CHECKS: { [M in Method]: (x: unknown) => string | null } = {
  load: checkModelInfo,
  score: (x) => fields(x, 'result', { info: (v) => checkModelInfo(v) === null, elapsedMs: num, cacheHits: int, pairs: int }),
  clearCache: (x) => (x === null ? null : 'result is not null'),
  shutdown: (x) => (x === null ? null : 'result is not null'),
  stats: (x) =>
    fields(x, 'result', { rssBytes: num, peakRssBytes: num, cacheEntries: int, onnxRuns: optNum, pairsScored: optNum, loadedModels: optNum }),
};

export function checkResult<M extends Method>(method: M, x: unknown): Checked<ResultOf<M>> {
  const problem = RESULT_CHECKS[method](x);
  return problem ? { ok: false, problem } : { ok: true, value: x as ResultOf<M> };
}

/** A `ready` message of any protocol version: its version (so another version can be named and
 *  refused), or undefined when `x` is not a ready message. */
export function readyVersion(x: unknown): { v: unknown } | undefined {
  return isObj(x) && x.type === 'ready' ? { v: x.v } : undefined;
}

/** The envelope of an engine message (the payload is checked by the functions above). */
export function checkEnvelope(x: unknown, version: number): Checked<EngineMessage> {
  if (!isObj(x)) return { ok: false, problem: 'not an object' };
  if (x.v !== version) return { ok: false, problem: `protocol version ${JSON.stringify(x.v)}` };
  switch (x.type) {
    case 'ready':
      return int(x.pid) ? { ok: true, value: x as unknown as EngineMessage } : { ok: false, problem: 'ready without pid' };
    case 'heartbeat':
      if (!STAGES.includes(x.stage as Stage)) return { ok: false, problem: `unknown stage ${JSON.stringify(x.stage)}` };
      if (!optNum(x.quietMs)) return { ok: false, problem: `quietMs ${JSON.stringify(x.quietMs)}` };
      return int(x.id) ? { ok: true, value: x as unknown as EngineMessage } : { ok: false, problem: 'heartbeat without a request id' };
    case 'progress':
    case 'batch':
    case 'model':
    case 'result':
    case 'error':
      return int(x.id) ? { ok: true, value: x as unknown as EngineMessage } : { ok: false, problem: `${x.type} without a request id` };
    default:
      return { ok: false, problem: `unknown message type ${JSON.stringify(x.type)}` };
  }
}
