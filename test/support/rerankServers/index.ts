// Loopback rerank servers on 127.0.0.1 speaking each provider's documented request and answer shapes
// (the same sources as src/scorers/providers/*.ts name: Cohere's v2 rerank reference, jina.ai/reranker,
// Voyage's API reference, Mixedbread's /v1/reranking reference, TEI's router types.rs and server.rs,
// Infinity's pymodels.py, vLLM's openai_compatible_server.md) and their failures, injected per request:
// 400, 401 (echoing the presented key, as careless gateways do), 413 over `maxBatch` (TEI's wording with
// its limit), 429 with Retry-After, 500, a slow answer, a dropped connection, malformed JSON, too few
// results, an index out of range, a duplicate index, a missing score.
// Scores are a deterministic function of (query, document) so tests know every expected number.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ServerKind = 'cohere' | 'jina' | 'voyage' | 'mixedbread' | 'tei' | 'infinity' | 'vllm';

export type Fault =
  | { kind: 'status'; status: number; body?: unknown; retryAfter?: string }
  | { kind: 'slow'; ms: number }
  | { kind: 'drop' }
  | { kind: 'malformed' }
  | { kind: 'too-few' }
  | { kind: 'index-out-of-range' }
  | { kind: 'duplicate-index' }
  | { kind: 'missing-score' };

export interface RecordedRequest {
  path: string;
  authorization?: string;
  body: Record<string, unknown>;
  /** Documents in this request. */
  documents: string[];
}

export interface ServerOptions {
  kind: ServerKind;
  /** When set, requests without `Bearer <apiKey>` get 401. */
  apiKey?: string;
  /** Requests with more documents get 413. */
  maxBatch?: number;
  /** Faults consumed one per request, in order (then normal answers). */
  faults?: Fault[];
  /** Serve HTTPS with this certificate (tls/cert.pem and tls/key.pem hold a self-signed one for 127.0.0.1). */
  tls?: { cert: string; key: string };
  /** TEI/Infinity: answer raw logits when the request asks for raw_scores (as the servers do). */
  honourRawScores?: boolean;
}

export interface RerankServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  requests: RecordedRequest[];
  faults: Fault[];
  /** Sockets the server saw closed by the client before it answered (abort tests). */
  abandoned: number;
  close(): Promise<void>;
}

/** A stable pseudo-random fraction of a string (FNV-1a). */
function frac(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 2 ** 32;
}

/** The raw logit the servers give (query, document): shared words plus a stable fraction, minus 3. */
export function rawScore(query: string, doc: string): number {
  const q = new Set(query.toLowerCase().split(/\W+/).filter(Boolean));
  const shared = new Set(doc.toLowerCase().split(/\W+/).filter((w) => q.has(w))).size;
  return shared + frac(doc) - 3;
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** What a server of this kind answers for the pair, given whether raw scores were asked for. */
export function servedScore(kind: ServerKind, query: string, doc: string, raw: boolean): number {
  const r = rawScore(query, doc);
  if ((kind === 'tei' || kind === 'infinity') && raw) return r;
  return sigmoid(r);
}

const PATHS: Record<ServerKind, string[]> = {
  cohere: ['/v2/rerank'],
  jina: ['/v1/rerank'],
  voyage: ['/v1/rerank'],
  mixedbread: ['/v1/reranking'],
  tei: ['/rerank'],
  infinity: ['/rerank'],
  vllm: ['/rerank', '/v1/rerank', '/v2/rerank', '/score', '/v1/score'],
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Each provider's error body shape. */
function errorBody(kind: ServerKind, message: string, type = 'invalid_request'): unknown {
  if (kind === 'tei') return { error: message, error_type: type };
  if (kind === 'infinity' || kind === 'vllm') return { error: { message, type, code: 400 } };
  if (kind === 'voyage' || kind === 'jina') return { detail: message };
  return { message };
}

/** The documents of a request, or an error sentence when the body is not this provider's shape. */
function documentsOf(kind: ServerKind, path: string, b: Record<string, unknown>): { query: string; docs: string[] } | string {
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
  if (kind === 'vllm' && path.endsWith('/score')) {
    if (typeof b.text_1 !== 'string' || !strings(b.text_2)) return 'text_1 must be a string and text_2 a list of strings';
    return { query: b.text_1, docs: b.text_2 };
  }
  if (typeof b.query !== 'string') return 'query is required';
  if (kind === 'tei') return strings(b.texts) ? { query: b.query, docs: b.texts } : 'texts must be a list of strings';
  if (kind === 'mixedbread') return strings(b.input) ? { query: b.query, docs: b.input } : 'input must be a list of strings';
  if ((kind === 'cohere' || kind === 'voyage') && typeof b.model !== 'string') return 'model is required';
  return strings(b.documents) ? { query: b.query, docs: b.documents } : 'documents must be a list of strings';
}

/** The provider's answer for already-scored, relevance-sorted results. */
function answer(kind: ServerKind, path: string, results: { index: number; score: number | undefined }[], model: string): unknown {
  const usage = { total_tokens: 10 * results.length };
  if (kind === 'tei') return results.map((r) => ({ index: r.index, score: r.score }));
  if (kind === 'mixedbread') return { object: 'list', model, top_k: results.length, return_input: false, data: results.map((r) => ({ index: r.index, score: r.score, object: 'text_document' })), usage };
  if (kind === 'voyage') return { object: 'list', data: results.map((r) => ({ index: r.index, relevance_score: r.score })), model, usage };
  if (kind === 'vllm' && path.endsWith('/score')) return { id: 'score-1', object: 'list', created: 1, model, data: results.map((r) => ({ index: r.index, object: 'score', score: r.score })), usage };
  if (kind === 'cohere') return { id: 'x', results: results.map((r) => ({ index: r.index, relevance_score: r.score })), meta: { api_version: { version: '2' }, billed_units: { search_units: 1 } } };
  if (kind === 'infinity') return { object: 'rerank', results: results.map((r) => ({ relevance_score: r.score, index: r.index })), model, usage, id: 'infinity-1', created: 1 };
  return { id: 'rerank-1', model, usage, results: results.map((r) => ({ index: r.index, relevance_score: r.score })) };
}

/** The committed self-signed certificate for 127.0.0.1 (see tls/PROVENANCE.md). */
export function testTls(): { cert: string; key: string } {
  return { cert: readFileSync(join(__dirname, 'tls/cert.pem'), 'utf8'), key: readFileSync(join(__dirname, 'tls/key.pem'), 'utf8') };
}

export async function startRerankServer(opts: ServerOptions): Promise<RerankServer> {
  const state: RerankServer = { url: '', requests: [], faults: [...(opts.faults ?? [])], abandoned: 0, close: async () => undefined };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    const text = await readBody(req);
    if (req.method !== 'POST' || !PATHS[opts.kind].includes(path)) return send(res, 404, errorBody(opts.kind, `no route ${path}`));
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return send(res, 400, errorBody(opts.kind, 'request body is not JSON'));
    }
    const parsed = documentsOf(opts.kind, path, body);
    const docs = typeof parsed === 'string' ? [] : parsed.docs;
    state.requests.push({ path, authorization: req.headers.authorization, body, documents: docs });
    if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      return send(res, 401, errorBody(opts.kind, `invalid api token: ${req.headers.authorization ?? 'none'}`, 'authentication_error'));
    }
    if (typeof parsed === 'string') return send(res, opts.kind === 'tei' ? 422 : 400, errorBody(opts.kind, parsed));
    if (opts.maxBatch !== undefined && docs.length > opts.maxBatch) {
      const msg = opts.kind === 'tei' ? `batch size ${docs.length} > maximum allowed batch size ${opts.maxBatch}` : 'payload too large';
      return send(res, 413, errorBody(opts.kind, msg, 'Validation'));
    }
    const fault = state.faults.shift();
    const raw = opts.honourRawScores !== false && body.raw_scores === true;
    let results: { index: number; score: number | undefined }[] = docs.map((d, index) => ({ index, score: servedScore(opts.kind, parsed.query, d, raw) }));
    results.sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
    const model = typeof body.model === 'string' ? body.model : 'default';
    switch (fault?.kind) {
      case undefined:
        break;
      case 'status':
        return send(res, fault.status, fault.body ?? errorBody(opts.kind, `status ${fault.status}`), fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {});
      case 'slow':
        await new Promise((r) => setTimeout(r, fault.ms));
        if (res.destroyed || req.socket.destroyed) return;
        break;
      case 'drop':
        req.socket.destroy();
        return;
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"results": [{"index": 0, "relevance_score": 0.5}');
        return;
      case 'too-few':
        results = results.slice(0, -1);
        break;
      case 'index-out-of-range':
        results[0] = { ...results[0], index: docs.length };
        break;
      case 'duplicate-index':
        if (results.length > 1) results[1] = { ...results[1], index: results[0].index };
        break;
      case 'missing-score':
        results[0] = { ...results[0], score: undefined };
        break;
    }
    send(res, 200, answer(opts.kind, path, results, model));
  };
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    req.socket.once('close', () => {
      if (!res.writableEnded) state.abandoned++;
    });
    handle(req, res).catch((e) => {
      if (!res.headersSent) send(res, 500, { error: String(e) });
    });
  };
  const server: Server = opts.tls ? createHttpsServer(opts.tls, listener) : createServer(listener);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
