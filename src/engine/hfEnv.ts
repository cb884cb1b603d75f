// The one place that configures transformers.js' global `env` and the fetch it uses.
//
// How transformers.js 4.3.1 downloads (read in dist/src utils/hub.js, utils/cache/FileCache.js):
//  - a cached file is `${cacheDir}/${model}/${file}` (revision `main`) and is trusted if it exists;
//  - ONNX files stream into `${file}.tmp.${pid}.${random}` and are renamed only after the body ended,
//    JSON files are read into memory and then written the same way. A body stream that *errors*
//    (socket reset) leaves nothing behind, but transformers.js never compares the bytes it got with
//    Content-Length: a connection that closes cleanly but early would be stored as a truncated file
//    (JSON reads even pad the buffer with zeros), and a process killed mid-download leaves a `.tmp.`
//    file forever.
// So every request goes through `verifiedFetch`: it makes a 200 body error out unless exactly
// Content-Length bytes arrive (and after a stall), which makes transformers.js delete its temp file,
// and turns transport failures into errors we can explain. In offline mode it refuses to fetch at all.
// Nothing waits forever and nothing grows without bound: a server that accepts the connection but
// never answers fails after the timeout (fetch alone waits 300 s for headers), a body that stalls
// fails after the same timeout of silence, and each kind of file has a size cap (an endless
// config.json once grew past 480 MB): config files 5 MB, tokenizer files 50 MB, ONNX weights 4 GB.
// `removeStaleTempFiles` sweeps temp files of dead processes out of a model's cache folder.

import { env, LogLevel } from '@huggingface/transformers';
import { promises as fsp } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { proxiedFetch } from '../node/proxy';

export const DEFAULT_HUB_URL = 'https://huggingface.co/';

/** Thrown by the fetch guard when offline mode would have needed the network. */
export class OfflineFetchError extends Error {
  constructor(readonly url: string) {
    super(`Offline mode is on, so ${url} was not downloaded.`);
    this.name = 'OfflineFetchError';
  }
}

/** The hub could not be reached at all (DNS, refused, TLS, reset before a response). */
export class HubUnreachableError extends Error {
  constructor(readonly url: string, readonly reason: string) {
    super(`Could not reach ${url}: ${reason}`);
    this.name = 'HubUnreachableError';
  }
}

/** A download started but did not deliver the whole file. */
export class DownloadIncompleteError extends Error {
  constructor(readonly url: string, readonly received: number, readonly expected: number | null, readonly reason: string) {
    super(`Download of ${url} stopped after ${received}${expected !== null ? ` of ${expected}` : ''} bytes (${reason}).`);
    this.name = 'DownloadIncompleteError';
  }
}

/** A download is larger than any real file of its kind: a broken or hostile server. */
export class DownloadTooLargeError extends Error {
  constructor(readonly url: string, readonly capBytes: number, readonly kind: FileKind) {
    super(`The download of ${url} is larger than ${formatBytes(capBytes)}, more than any real ${KIND_TEXT[kind]}; it was stopped and nothing was kept.`);
    this.name = 'DownloadTooLargeError';
  }
  get hint(): string {
    return 'Check the hub URL setting: a mirror or proxy may be answering with something else. If the model really has files this large, load it from a local folder instead.';
  }
}

export type FileKind = 'config' | 'tokenizer' | 'weights';
const KIND_TEXT: Record<FileKind, string> = { config: 'config file', tokenizer: 'tokenizer file', weights: 'ONNX weights file' };
/** Size caps per kind of file, far above real ones: config.json is kilobytes, the largest tokenizer.json
 *  files about 35 MB, the largest ONNX rerankers about 2.3 GB in fp32. */
export const SIZE_CAPS: Record<FileKind, number> = { config: 5 * 1024 ** 2, tokenizer: 50 * 1024 ** 2, weights: 4 * 1024 ** 3 };

export function fileKindOf(url: string): FileKind {
  const path = url.split('?')[0];
  if (/\.onnx(?:_data|\.data)?$/i.test(path)) return 'weights';
  if (/(?:^|\/)(?:[\w.-]*config|special_tokens_map)\.json$/i.test(path)) return 'config';
  return 'tokenizer';
}

function formatBytes(n: number): string {
  return n >= 1024 ** 3 ? `${n / 1024 ** 3} GB` : `${Math.round(n / 1024 ** 2)} MB`;
}

/** Connect/answer timeout and body idle timeout; RERANK_LENS_HUB_TIMEOUT_MS overrides (tests, slow links). */
function defaultTimeoutMs(): number {
  const v = Number(process.env.RERANK_LENS_HUB_TIMEOUT_MS);
  return Number.isFinite(v) && v > 0 ? v : 60_000;
}

export interface FetchMonitor {
  /** Remote URLs whose full body was requested (not the Range probes). */
  downloads: Set<string>;
}

// Node's fetch ignores HTTPS_PROXY and friends; this one honours them (src/node/proxy.ts).
const realFetch: typeof fetch = proxiedFetch(process.env);

/** The network fetch of every hub request outside transformers.js (int8 file probes): proxies honoured. */
export const hubFetch: typeof fetch = realFetch;
let offline = false;
let stallMs = defaultTimeoutMs();
let monitor: FetchMonitor | null = null;
/** Full sizes learned from Range probes, by URL. */
const probedSizes = new Map<string, number>();

const REASONS: Record<string, string> = {
  ENOTFOUND: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection was closed',
  UND_ERR_HEADERS_TIMEOUT: 'the server did not answer in time',
  UND_ERR_BODY_TIMEOUT: 'the server stopped sending data',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate could not be verified',
  SELF_SIGNED_CERT_IN_CHAIN: 'the server certificate could not be verified (self-signed; set NODE_EXTRA_CA_CERTS for a company proxy)',
};

function describeCause(e: unknown): string {
  const err = e as { message?: string; cause?: { code?: string; message?: string } };
  const code = err?.cause?.code ?? (err as { code?: string })?.code;
  if (code) return REASONS[code] ? `${REASONS[code]}, ${code}` : code;
  if (err?.message === 'terminated') return 'the connection was closed';
  return err?.cause?.message ?? err?.message ?? String(e);
}

/** Wraps a body so that it errors unless exactly `expected` bytes arrive, on a stall, and past the cap. */
function verifiedBody(url: string, body: ReadableStream<Uint8Array>, expected: number | null, abort: AbortController): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const kind = fileKindOf(url);
  const cap = SIZE_CAPS[kind];
  let received = 0;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => abort.abort(new Error(`no data for ${Math.round(stallMs / 1000)} s`)), stallMs);
    timer.unref?.();
  };
  arm();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (e) {
        clearTimeout(timer);
        const reason = abort.signal.aborted ? String((abort.signal.reason as Error)?.message ?? 'aborted') : describeCause(e);
        controller.error(new DownloadIncompleteError(url, received, expected, reason));
        return;
      }
      if (chunk.done) {
        clearTimeout(timer);
        if (expected !== null && received !== expected) {
          controller.error(new DownloadIncompleteError(url, received, expected, 'the connection closed early'));
        } else controller.close();
        return;
      }
      received += chunk.value.byteLength;
      if (received > cap) {
        clearTimeout(timer);
        controller.error(new DownloadTooLargeError(url, cap, kind));
        abort.abort(new Error('too large'));
        return;
      }
      if (expected !== null && received > expected) {
        clearTimeout(timer);
        controller.error(new DownloadIncompleteError(url, received, expected, 'more bytes than announced'));
        return;
      }
      arm();
      controller.enqueue(chunk.value);
    },
    cancel(reason) {
      clearTimeout(timer);
      return reader.cancel(reason);
    },
  });
}

async function verifiedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (offline) throw new OfflineFetchError(url);
  const abort = new AbortController();
  // Connecting and waiting for the answer's headers: bounded by the same timeout as a stalled body.
  const answerTimer = setTimeout(() => abort.abort(new Error(`no answer within ${Math.round(stallMs / 1000)} s`)), stallMs);
  answerTimer.unref?.();
  let res: Response;
  try {
    res = await realFetch(input, { ...init, signal: abort.signal });
  } catch (e) {
    const reason = abort.signal.aborted ? String((abort.signal.reason as Error)?.message ?? 'timed out') : describeCause(e);
    throw new HubUnreachableError(url, reason);
  } finally {
    clearTimeout(answerTimer);
  }
  const isProbe = new Headers(init?.headers).has('range');
  if (isProbe) {
    // transformers.js probes each file with `Range: bytes=0-0` first; remember the full size the
    // server announces (Content-Range: bytes 0-0/SIZE) to check a body that comes without a length.
    const total = /\/(\d+)\s*$/.exec(res.headers.get('content-range') ?? '')?.[1];
    if (res.status === 206 && total) probedSizes.set(url, Number(total));
    return res;
  }
  if (res.status !== 200 || !res.body) return res;
  monitor?.downloads.add(url);
  const encoding = res.headers.get('content-encoding');
  const lengthHeader = res.headers.get('content-length');
  // With a content-encoding, Content-Length counts compressed bytes but the body is decompressed.
  const identity = !encoding || encoding === 'identity';
  let expected: number | null = lengthHeader !== null && identity ? Number.parseInt(lengthHeader, 10) : null;
  if ((expected === null || !Number.isFinite(expected)) && identity) expected = probedSizes.get(url) ?? null;
  const kind = fileKindOf(url);
  if (expected !== null && expected > SIZE_CAPS[kind]) {
    abort.abort(new Error('too large'));
    throw new DownloadTooLargeError(url, SIZE_CAPS[kind], kind);
  }
  return new Response(verifiedBody(url, res.body, expected !== null && Number.isFinite(expected) ? expected : null, abort), {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  });
}

function common(): void {
  env.logLevel = LogLevel.ERROR;
  env.useBrowserCache = false;
  env.useFSCache = true;
  env.useFS = true;
  env.fetch = verifiedFetch as typeof env.fetch;
}

/** Local folders only; any attempt to fetch fails. */
export function configureLocalOnly(): void {
  common();
  offline = true;
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
}

export interface HubSettings {
  cacheDir: string;
  hubUrl?: string;
  offline: boolean;
  stallMs?: number;
}

/** Hub ids: download into (or read from) `cacheDir`, from `hubUrl`, or never fetch when offline. */
export function configureHub(s: HubSettings, m: FetchMonitor | null): void {
  common();
  offline = s.offline;
  stallMs = s.stallMs ?? defaultTimeoutMs();
  monitor = m;
  env.cacheDir = s.cacheDir;
  // Local lookups of a hub id resolve to `${localModelPath}/${id}/${file}`: point them at the cache too,
  // so nothing outside the cache (e.g. a `models/` folder beside the bundle) is ever picked up.
  env.localModelPath = s.cacheDir;
  env.allowLocalModels = true;
  env.allowRemoteModels = !s.offline;
  env.remoteHost = ensureSlash(s.hubUrl ?? DEFAULT_HUB_URL);
  env.remotePathTemplate = '{model}/resolve/{revision}/';
}

export function ensureSlash(u: string): string {
  return u.endsWith('/') ? u : `${u}/`;
}

/** Where transformers.js caches a hub file (see buildResourcePaths in transformers.js). Throws for a
 *  model id, revision or file that would lead outside the cache (ids are checked at the engine
 *  boundary, hubId.ts; this is the second lock for code that builds cache paths). */
export function cachedFilePath(cacheDir: string, model: string, file: string, revision = 'main'): string {
  const root = resolve(cacheDir);
  const p = resolve(revision === 'main' ? join(root, model, file) : join(root, model, revision, file));
  if (!p.startsWith(root + sep)) throw new Error(`Refusing a cache path outside ${root}: model ${JSON.stringify(model)}, revision ${JSON.stringify(revision)}, file ${JSON.stringify(file)}.`);
  return p;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Deletes `*.tmp.<pid>.<rand>` files left by processes that no longer run (killed mid-download). */
export async function removeStaleTempFiles(dir: string): Promise<string[]> {
  const removed: string[] = [];
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch {
    return removed;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) removed.push(...(await removeStaleTempFiles(p)));
    else {
      const m = /\.tmp\.(\d+)\.[0-9a-z]+$/.exec(e.name);
      if (m && !pidAlive(Number(m[1]))) {
        await fsp.rm(p, { force: true });
        removed.push(p);
      }
    }
  }
  return removed;
}
