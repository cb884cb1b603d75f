// A rerank server as a Scorer (src/session/scorer.ts). One class for every provider: the provider file
// says path, body, answer shape, meaning and batch limit; this file does the rest:
// - batches within the provider's documented limit (and a 413 halves the batch and retries both halves;
//   TEI's 413 names its limit, which later batches then use);
// - a small number of requests in flight (default 4), keep-alive sockets;
// - retries with exponential backoff and jitter on 429, 5xx, timeouts and dropped connections, waiting
//   what Retry-After asks (up to maxRetryAfterMs; a longer wait fails as 'rate-limited' with a hint);
// - connect and response timeouts (http.ts); the request's AbortSignal destroys the sockets in flight;
// - every answer is checked: result count equals documents sent, each index an integer in range and
//   seen once, each score a finite number. Anything else is a ScorerFailure naming the server, never a
//   ranking built on a guess. The failure carries `partial`: every score received before it.
// - The API key is a constructor value. It goes into the Authorization header and nowhere else: identity,
//   label, info, log lines and error texts never hold it (server texts are passed through redact()).
// - `confirmSend` (optional) is asked once per scorer before chunk text first leaves for a server that
//   is not on this machine; the extension asks the user there (ask once per URL).
import { ProxyConfigError, type ProxyEnv, type Route } from '../node/proxy';
import { sigmoid } from '../core/sigmoid';
import type { PairScore } from '../core/types';
import { ScorerFailure, type ScoreMeaning, type Scorer, type ScoreRequest, type ScoreResult, type ScorerErrorCode, type ScorerInfo } from '../session/scorer';
import { HttpError, makeRoute, postJson, retryAfterMs, type HttpResponse } from './http';
import { PROVIDERS, resolveEndpoint, type Endpoint, type EndpointOptions, type ProviderId, type RawResult } from './providers/index';
import { teiBatchLimit } from './providers/tei';
import { redact, serverText } from './redact';

export type RemoteLog = (level: 'info' | 'warn' | 'error', message: string) => void;

export interface RemoteScorerConfig {
  provider: ProviderId;
  /** Base URL (the client appends the provider's path) or the endpoint's full URL. No credentials, no query. */
  baseUrl: string;
  model?: string;
  /** Sent as `Authorization: Bearer <key>`; never shown anywhere. */
  apiKey?: string;
  /** TEI (default true) and Infinity (default false): raw logits instead of sigmoid probabilities. */
  rawScores?: boolean;
  /** Extra PEM certificate(s) to trust for an https server behind a private CA (added to Node's roots). */
  ca?: string;
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read (default process.env; the extension adds VS Code's http.proxy). */
  env?: ProxyEnv;
  /** Documents per request; at most the provider's documented limit. */
  maxBatch?: number;
  /** Requests in flight. Default 4. */
  concurrency?: number;
  /** Retries after the first attempt of one request. Default 4. */
  maxRetries?: number;
  connectTimeoutMs?: number;
  responseTimeoutMs?: number;
  /** First backoff step; doubled each retry, with jitter. Default 500 ms. */
  backoffBaseMs?: number;
  /** Longest Retry-After honoured; a server asking for more fails as 'rate-limited'. Default 120 s. */
  maxRetryAfterMs?: number;
  log?: RemoteLog;
  /** Asked once before chunk text first goes to a server not on this machine; false cancels. */
  confirmSend?: (info: ScorerInfo) => Promise<boolean>;
  /** Tests pass a recorder; the default waits (and stops waiting on abort). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);
/** send()'s answer to a 413 (a symbol: no JSON body can be mistaken for it). */
const TOO_LARGE = Symbol('too-large');

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** True for hosts that are this machine: chunk text sent there never leaves it. */
export function isLoopbackUrl(url: URL): boolean {
  const h = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::1' || h === '0:0:0:0:0:0:0:1';
}

/** Per score() call: the abort signal and where waits are reported. */
interface Ctx {
  signal: AbortSignal;
  wait(message: string): void;
}

/** A failure inside one batch, before it becomes the scorer's ScorerFailure. */
class BatchFailure extends Error {
  constructor(
    readonly code: ScorerErrorCode,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** The message text a server put in its error body (JSON or plain), without the key. */
function serverMessage(res: HttpResponse, key: string | undefined): string {
  let text = res.body;
  try {
    const j = JSON.parse(res.body) as unknown;
    if (typeof j === 'object' && j !== null) {
      const o = j as Record<string, unknown>;
      const err = o.error;
      const pick = typeof err === 'string' ? err : typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string' ? (err as { message: string }).message : typeof o.message === 'string' ? o.message : typeof o.detail === 'string' ? o.detail : o.detail !== undefined ? JSON.stringify(o.detail) : undefined;
      if (pick !== undefined) text = pick;
    }
  } catch {
    /* plain text */
  }
  return serverText(text, key);
}

export class RemoteScorer implements Scorer {
  private readonly cfg: RemoteScorerConfig;
  private readonly endpoint: Endpoint;
  private readonly url: URL;
  private readonly opts: EndpointOptions;
  private readonly meaning: ScoreMeaning;
  private readonly where: string;
  private batchLimit: number;
  private readonly route: Route & { destroy(): void };
  private consent: Promise<boolean> | undefined;
  /** Requests in flight across every score() call of this scorer (the concurrency limit is per server). */
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(cfg: RemoteScorerConfig) {
    this.cfg = cfg;
    const provider = PROVIDERS[cfg.provider];
    if (!provider) throw new ScorerFailure('bad-request', `Unknown rerank provider "${cfg.provider}".`, `Use one of ${Object.keys(PROVIDERS).join(', ')}.`);
    let base: URL;
    try {
      base = new URL(cfg.baseUrl);
    } catch {
      throw new ScorerFailure('bad-request', `"${serverText(cfg.baseUrl, cfg.apiKey, 200)}" is not a URL.`, 'Give the server base URL, e.g. http://localhost:8080.');
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new ScorerFailure('bad-request', `The ${cfg.provider} URL must be http(s) (got ${base.protocol}).`);
    if (base.username || base.password || base.search) {
      throw new ScorerFailure('bad-request', `The ${cfg.provider} URL carries credentials or a query string.`, 'Give the bare base URL; pass the key through RERANK_LENS_API_KEY (or the provider variable) or the Set API Key command.');
    }
    const { endpoint, url } = resolveEndpoint(provider, base);
    this.endpoint = endpoint;
    this.url = url;
    this.opts = { rawScores: cfg.rawScores };
    this.meaning = endpoint.meaning(this.opts);
    this.where = `${provider.id} server ${url.origin}${url.pathname}`;
    this.batchLimit = Math.max(1, Math.min(cfg.maxBatch ?? endpoint.maxBatch, endpoint.maxBatch));
    try {
      this.route = makeRoute(url, this.concurrency(), cfg.ca, cfg.env ?? process.env);
    } catch (e) {
      // A proxy variable we cannot use (socks5://, not a URL): a bad request with its fix.
      if (e instanceof ProxyConfigError) throw new ScorerFailure('bad-request', e.message, e.hint);
      throw e;
    }
    this.sleep = cfg.sleep ?? defaultSleep;
  }

  info(): ScorerInfo {
    const model = this.cfg.model ?? '';
    return {
      identity: `remote|${this.cfg.provider}|${this.url.origin}${this.url.pathname}|${model}|${this.meaning}`,
      label: `${this.cfg.provider}${model ? ` ${model}` : ''} @ ${this.url.host}`,
      kind: 'remote',
      provider: this.cfg.provider,
      model,
      meaning: this.meaning,
      url: `${this.url.origin}${this.url.pathname}`,
    };
  }

  /** Documents per request now (lowered by a 413). */
  get currentBatchLimit(): number {
    return this.batchLimit;
  }

  dispose(): void {
    this.route.destroy();
  }

  private concurrency(): number {
    return Math.max(1, Math.floor(this.cfg.concurrency ?? 4));
  }

  /** Waits for a request slot; the returned function frees it. */
  private async slot(): Promise<() => void> {
    if (this.active >= this.concurrency()) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    let freed = false;
    return () => {
      if (freed) return;
      freed = true;
      const next = this.waiting.shift();
      if (next) next(); // the slot passes on: active stays the same
      else this.active--;
    };
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.cfg.log?.(level, redact(message, this.cfg.apiKey));
  }

  async score(req: ScoreRequest): Promise<ScoreResult> {
    const started = Date.now();
    const n = req.chunks.length;
    const scores: (PairScore | undefined)[] = new Array(n);
    const fail = (code: ScorerErrorCode, message: string, hint?: string): ScorerFailure =>
      new ScorerFailure(code, redact(message, this.cfg.apiKey), hint && redact(hint, this.cfg.apiKey), scores.slice());
    if (req.signal?.aborted) throw fail('cancelled', 'Scoring was cancelled.');
    if (n === 0) return { scores: [], info: this.info(), elapsedMs: 0, cacheHits: 0 };

    if (this.cfg.confirmSend && !isLoopbackUrl(this.url)) {
      this.consent ??= this.cfg.confirmSend(this.info()).catch(() => false);
      if (!(await this.consent)) {
        this.consent = undefined; // ask again next time
        throw fail('cancelled', `Chunk text was not sent to ${this.url.origin}.`, 'Sending was declined; nothing left this machine.');
      }
    }

    const controller = new AbortController();
    const onOuterAbort = (): void => controller.abort();
    req.signal?.addEventListener('abort', onOuterAbort, { once: true });
    let done = 0;
    let failure: ScorerFailure | undefined;

    const ctx: Ctx = {
      signal: controller.signal,
      // Retries are waits the user should see (a status line), not silence.
      wait: (message) => {
        try {
          req.onProgress?.({ done, total: n, message });
        } catch (e) {
          this.log('warn', `onProgress callback failed: ${String(e)}`);
        }
      },
    };
    const queue = this.plan(req.query, req.chunks);
    const workers = Math.min(this.concurrency(), queue.length);
    const accept = (got: PairScore[]): void => {
      for (const s of got) scores[s.index] = s;
      done += got.length;
      try {
        req.onBatch?.(got, { done, total: n });
      } catch (e) {
        this.log('warn', `onBatch callback failed: ${String(e)}`);
      }
    };
    const worker = async (): Promise<void> => {
      for (;;) {
        const indexes = queue.shift();
        if (!indexes || failure || controller.signal.aborted) return;
        try {
          await this.runBatch(req.query, req.chunks, indexes, ctx, accept);
        } catch (e) {
          if (!failure) {
            if (req.signal?.aborted || (e instanceof BatchFailure && e.code === 'cancelled')) failure = fail('cancelled', 'Scoring was cancelled.');
            else if (e instanceof BatchFailure) failure = fail(e.code, e.message, e.hint);
            else failure = fail('internal', `${this.where}: ${String(e)}`, 'Please report this with the server and provider you used.');
            this.log(failure.code === 'cancelled' ? 'info' : 'error', `${failure.message}${failure.hint ? ` (${failure.hint})` : ''}`);
          }
          controller.abort();
          return;
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: workers }, worker));
    } finally {
      req.signal?.removeEventListener('abort', onOuterAbort);
    }
    if (!failure && req.signal?.aborted) failure = fail('cancelled', 'Scoring was cancelled.');
    // Rebuilt now so `partial` also holds batches that landed while the others were being stopped.
    if (failure) throw new ScorerFailure(failure.code, failure.message, failure.hint, scores.slice());
    return { scores: scores as PairScore[], info: this.info(), elapsedMs: Date.now() - started, cacheHits: 0 };
  }

  /** Contiguous index ranges within the batch limit (and the character budget of token-limited APIs). */
  private plan(query: string, chunks: readonly string[]): number[][] {
    const out: number[][] = [];
    let cur: number[] = [];
    let chars = 0;
    const budget = this.endpoint.maxBatchChars;
    for (let i = 0; i < chunks.length; i++) {
      const c = query.length + chunks[i].length;
      if (cur.length > 0 && (cur.length >= this.batchLimit || (budget !== undefined && chars + c > budget))) {
        out.push(cur);
        cur = [];
        chars = 0;
      }
      cur.push(i);
      chars += c;
    }
    if (cur.length > 0) out.push(cur);
    return out;
  }

  private async runBatch(query: string, chunks: readonly string[], indexes: number[], ctx: Ctx, accept: (s: PairScore[]) => void): Promise<void> {
    // A batch planned before a 413 taught a lower limit is cut to it first.
    if (indexes.length > this.batchLimit) {
      for (let i = 0; i < indexes.length; i += this.batchLimit) await this.runBatch(query, chunks, indexes.slice(i, i + this.batchLimit), ctx, accept);
      return;
    }
    const docs = indexes.map((i) => chunks[i]);
    const res = await this.send(JSON.stringify(this.endpoint.body(query, docs, this.cfg.model, this.opts)), ctx, docs.length);
    if (res === TOO_LARGE) {
      if (indexes.length === 1) {
        throw new BatchFailure('bad-request', `${this.where} refused chunk ${indexes[0]} as too large (413).`, 'Shorten that chunk, or raise the server\'s payload limit.');
      }
      const half = Math.ceil(indexes.length / 2);
      await this.runBatch(query, chunks, indexes.slice(0, half), ctx, accept);
      await this.runBatch(query, chunks, indexes.slice(half), ctx, accept);
      return;
    }
    accept(this.check(res, indexes));
  }

  /** POST with retries; the parsed JSON of a 2xx answer, or TOO_LARGE for a 413. */
  private async send(body: string, ctx: Ctx, docs: number): Promise<unknown> {
    const { signal } = ctx;
    const headers: Record<string, string> = {};
    if (this.cfg.apiKey) headers.authorization = `Bearer ${this.cfg.apiKey}`;
    const maxRetries = Math.max(0, this.cfg.maxRetries ?? 4);
    const base = this.cfg.backoffBaseMs ?? 500;
    const maxWait = this.cfg.maxRetryAfterMs ?? 120_000;
    for (let attempt = 0; ; attempt++) {
      const backoff = Math.min(30_000, base * 2 ** attempt) * (0.5 + Math.random() / 2);
      let res: HttpResponse;
      const free = await this.slot();
      try {
        if (signal.aborted) throw new HttpError('aborted', 'cancelled');
        res = await postJson(this.url, body, this.route, {
          headers,
          signal,
          connectTimeoutMs: this.cfg.connectTimeoutMs ?? 10_000,
          responseTimeoutMs: this.cfg.responseTimeoutMs ?? 120_000,
        });
        free();
      } catch (e) {
        free();
        if (!(e instanceof HttpError)) throw e;
        if (e.kind === 'aborted') throw new BatchFailure('cancelled', 'Scoring was cancelled.', '');
        if (e.kind === 'refused') {
          throw new BatchFailure('unavailable', `${this.where} refused the connection.`, 'Is the server running, and is the URL (host and port) right?');
        }
        if (e.kind === 'proxy') {
          // Not retried: a refused tunnel or a proxy that is not there does not heal in seconds.
          throw new BatchFailure('unavailable', `${this.where}: ${e.message}.`, "Check the proxy settings (HTTPS_PROXY / HTTP_PROXY / NO_PROXY, or VS Code's http.proxy); list the server in NO_PROXY if it is reachable without the proxy.");
        }
        if (e.kind === 'tls') {
          throw new BatchFailure('unavailable', `${this.where}: ${e.message}.`, 'The server\'s certificate is not trusted here: give its CA certificate (NODE_EXTRA_CA_CERTS=ca.pem for the CLI), or fix the certificate.');
        }
        const timeout = e.kind === 'connect-timeout' || e.kind === 'response-timeout';
        if (attempt < maxRetries) {
          this.log('warn', `${this.where}: ${e.message}; retry ${attempt + 1} of ${maxRetries} in ${Math.round(backoff)} ms`);
          ctx.wait(`${this.cfg.provider}: ${e.message}; retrying in ${Math.ceil(backoff / 1000)} s`);
          await this.sleep(backoff, signal);
          if (signal.aborted) throw new BatchFailure('cancelled', 'Scoring was cancelled.', '');
          continue;
        }
        throw new BatchFailure(
          timeout ? 'timeout' : 'unavailable',
          `${this.where}: ${e.message} (${docs} documents, ${attempt + 1} attempts).`,
          timeout
            ? 'The server is slow or overloaded: raise the response timeout, send smaller batches, or try again later.'
            : 'Check the server log; it may have restarted or run out of memory.',
        );
      }
      const status = res.status;
      if (status >= 200 && status < 300) {
        try {
          return JSON.parse(res.body) as unknown;
        } catch {
          throw new BatchFailure('bad-response', `${this.where} answered ${status} with malformed JSON: "${serverText(res.body, this.cfg.apiKey, 120)}".`, 'Check that the URL and provider match the server (a proxy or login page may be answering).');
        }
      }
      const msg = serverMessage(res, this.cfg.apiKey);
      const said = msg ? `: ${msg}` : '';
      if (status === 413) {
        const limit = this.cfg.provider === 'tei' ? teiBatchLimit(msg) : undefined;
        const lower = limit !== undefined && limit < docs ? limit : Math.max(1, Math.ceil(docs / 2));
        if (lower < this.batchLimit) {
          this.batchLimit = lower;
          this.log('info', `${this.where} refused ${docs} documents as too large (413${said}); batches of at most ${lower} from now on`);
        }
        return TOO_LARGE;
      }
      if (RETRY_STATUS.has(status)) {
        const asked = retryAfterMs(res.headers['retry-after']);
        if (asked !== undefined && asked > maxWait) {
          throw new BatchFailure('rate-limited', `${this.where} answered ${status} and asks to wait ${Math.round(asked / 1000)} s${said}.`, 'That is longer than Rerank Lens waits: try again later, or lower the concurrency.');
        }
        if (attempt < maxRetries) {
          const wait = asked ?? backoff;
          this.log('warn', `${this.where} answered ${status}${said}; retry ${attempt + 1} of ${maxRetries} in ${Math.round(wait)} ms${asked !== undefined ? ' (Retry-After)' : ''}`);
          ctx.wait(`${this.cfg.provider} answered ${status === 429 ? '429 (rate limit)' : status}; retrying in ${Math.ceil(wait / 1000)} s`);
          await this.sleep(wait, signal);
          if (signal.aborted) throw new BatchFailure('cancelled', 'Scoring was cancelled.', '');
          continue;
        }
        throw new BatchFailure(
          status === 429 ? 'rate-limited' : 'unavailable',
          `${this.where} answered ${status} ${attempt === 0 ? 'once' : `${attempt + 1} times`}${said}.`,
          status === 429 ? 'The rate limit of this key or server is reached: try again later, or lower the concurrency.' : 'The server keeps failing: check its log.',
        );
      }
      if (status === 407) {
        throw new BatchFailure('auth', `${this.where}: the proxy ${this.route.via ?? ''} wants credentials (407).`, 'Put them in the proxy URL: HTTP_PROXY=http://USER:PASSWORD@HOST:PORT (or VS Code\'s http.proxy).');
      }
      if (status === 401 || status === 403) {
        throw new BatchFailure('auth', `${this.where} refused the API key (${status})${said}.`, `Set a valid key: RERANK_LENS_API_KEY${PROVIDERS[this.cfg.provider].keyEnv.map((k) => ` or ${k}`).join('')} on the command line, or Rerank Lens: Set API Key in VS Code.`);
      }
      if (status === 404 || status === 405) {
        throw new BatchFailure('bad-request', `${this.where} answered ${status}: no ${this.endpoint.name} endpoint there${said}.`, 'Check the URL and the provider in the scorer SPEC (the client appends the provider\'s path to the base URL).');
      }
      if (status === 424) {
        throw new BatchFailure('model', `${this.where}: the model failed on this batch (424)${said}.`, 'Check the server log (out of memory, or an input the model cannot take).');
      }
      throw new BatchFailure(status >= 500 ? 'unavailable' : 'bad-request', `${this.where} answered ${status}${said}.`, status >= 500 ? 'Check the server log.' : 'The server refused the request: check the model name and the server\'s limits.');
    }
  }

  /** Turns a 2xx answer into PairScores, or fails naming the server: never a silently wrong ranking. */
  private check(json: unknown, indexes: number[]): PairScore[] {
    const list: RawResult[] | string = this.endpoint.results(json);
    const hint = 'The answer cannot be matched to the chunks sent, so these chunks stay unscored; scores already received are kept. Check that the provider in the SPEC matches the server.';
    if (typeof list === 'string') throw new BatchFailure('bad-response', `${this.where}: ${list}.`, hint);
    const n = indexes.length;
    if (list.length !== n) throw new BatchFailure('bad-response', `${this.where} answered ${list.length} result${list.length === 1 ? '' : 's'} for ${n} document${n === 1 ? '' : 's'}.`, hint);
    const seen = new Set<number>();
    const out: PairScore[] = [];
    list.forEach((r, pos) => {
      const i = r.index;
      if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= n) {
        throw new BatchFailure('bad-response', `${this.where}: result ${pos} has index ${serverText(JSON.stringify(i) ?? 'undefined', this.cfg.apiKey, 40)}, outside 0..${n - 1}.`, hint);
      }
      if (seen.has(i)) throw new BatchFailure('bad-response', `${this.where}: index ${i} appears twice in one answer.`, hint);
      seen.add(i);
      const s = r.score;
      if (typeof s !== 'number' || !Number.isFinite(s)) {
        throw new BatchFailure('bad-response', `${this.where}: result for index ${i} has no finite score (${serverText(JSON.stringify(s) ?? 'missing', this.cfg.apiKey, 40)}).`, hint);
      }
      out.push(this.pair(indexes[i], s));
    });
    return out;
  }

  private pair(index: number, s: number): PairScore {
    // `score` is the server's number; `probability` is it in [0, 1]: sigmoid of a logit, the number
    // itself when the server already answers a probability or a 0..1 relevance.
    const probability = this.meaning === 'logit' || s < 0 || s > 1 ? sigmoid(s) : s;
    return { index, score: s, probability, queryTokens: 0, chunkTokens: 0, truncated: false, truncatedAtChar: null, cached: false };
  }
}
