// One HTTP POST with the two timeouts a rerank call needs and an AbortSignal that destroys the socket.
// node:http rather than fetch: fetch folds "could not connect" and "the model is slow" into one
// timeout, and a GPU server that is busy for 90 s is a different problem from a wrong port.
// Keep-alive agents (one per scorer) keep the loopback bench at thousands of pairs/s.

import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { ProxyTunnelError, routeFor, TunnelAgent, type ProxyEnv, type Route } from '../node/proxy';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type HttpErrorKind = 'connect-timeout' | 'response-timeout' | 'aborted' | 'refused' | 'dropped' | 'tls' | 'network' | 'proxy';

/** A request that got no complete HTTP response. `kind` decides retry and wording. */
export class HttpError extends Error {
  constructor(
    readonly kind: HttpErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface PostOptions {
  headers: Record<string, string>;
  signal?: AbortSignal;
  /** From starting the request to the socket being connected. */
  connectTimeoutMs: number;
  /** From the socket being connected to the last byte of the response. */
  responseTimeoutMs: number;
  /** Larger answers are cut off as 'network' errors (a rerank answer is a few KB). */
  maxResponseBytes?: number;
}

/**
 * How to reach `url`, with keep-alive agents of `maxSockets`: direct, through a CONNECT tunnel of the
 * proxy that HTTPS_PROXY / NO_PROXY name for it (src/node/proxy.ts), or to an http proxy in absolute
 * form. `ca`: extra PEM certificates to trust besides Node's roots (a server behind a private CA).
 */
export function makeRoute(url: URL, maxSockets: number, ca?: string, env: ProxyEnv = process.env): Route & { destroy(): void } {
  const opts = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets };
  const tlsOpts = ca ? { ca: [...tls.rootCertificates, ca] } : {};
  const route = routeFor(url, env, {
    direct: () => (url.protocol === 'https:' ? new https.Agent({ ...opts, ...tlsOpts }) : new http.Agent(opts)),
    tunnel: (proxy) => new TunnelAgent(proxy, { ...opts, ...tlsOpts }),
    proxy: () => new http.Agent(opts),
  });
  // The one agent the route made (routeFor makes only the one it uses).
  const agent = route.options.agent;
  return { ...route, destroy: () => (agent instanceof http.Agent ? agent.destroy() : undefined) };
}

/** '150 ms' or '12 s'. */
const duration = (ms: number): string => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);

export function postJson(url: URL, body: string, route: Route, opts: PostOptions): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new HttpError('aborted', 'cancelled'));
      return;
    }
    let settled = false;
    let connectTimer: NodeJS.Timeout | undefined;
    let responseTimer: NodeJS.Timeout | undefined;
    const maxBytes = opts.maxResponseBytes ?? 64 * 1024 * 1024;

    const finish = (err: HttpError | undefined, res?: HttpResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(responseTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) {
        req.destroy();
        reject(err);
      } else resolve(res!);
    };
    const onAbort = (): void => finish(new HttpError('aborted', 'cancelled'));

    const req = route.lib.request({
      ...route.options,
      method: 'POST',
      headers: { ...(route.options.headers as Record<string, string> | undefined), 'content-type': 'application/json', accept: 'application/json', 'content-length': String(Buffer.byteLength(body)), ...opts.headers },
    });
    const startResponseTimer = (): void => {
      clearTimeout(connectTimer);
      if (responseTimer) return;
      responseTimer = setTimeout(() => finish(new HttpError('response-timeout', `no complete answer within ${duration(opts.responseTimeoutMs)}`)), opts.responseTimeoutMs);
    };
    connectTimer = setTimeout(() => finish(new HttpError('connect-timeout', `could not connect within ${duration(opts.connectTimeoutMs)}`)), opts.connectTimeoutMs);
    req.on('socket', (socket) => {
      // A kept-alive socket is already connected; a new one reports 'connect' (or 'secureConnect').
      // (Through a proxy the socket is the proxy's: an http one in absolute form, a tunnel for https.)
      if (!socket.connecting) startResponseTimer();
      else socket.once(url.protocol === 'https:' && !route.via ? 'secureConnect' : 'connect', startResponseTimer);
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      const code = e.code ?? '';
      // Through a proxy, "refused" or "reset" is the proxy's: name it, or people check the server.
      // (A tunnel's own failures come as ProxyTunnelError; an http target's socket is the proxy's.)
      if (route.via && (e instanceof ProxyTunnelError || url.protocol === 'http:')) {
        finish(new HttpError('proxy', e instanceof ProxyTunnelError ? e.message : `the proxy ${route.via}: ${code === 'ECONNREFUSED' ? 'connection refused' : e.message}`));
        return;
      }
      if (code === 'ECONNREFUSED') finish(new HttpError('refused', 'connection refused'));
      else if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|^ERR_TLS|^ERR_SSL|HOSTNAME_MISMATCH/.test(code)) finish(new HttpError('tls', `TLS: ${e.message}`));
      else if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(e.message)) finish(new HttpError('dropped', 'the connection was closed before a complete answer'));
      else finish(new HttpError('network', `${code ? `${code}: ` : ''}${e.message}`));
    });
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      let size = 0;
      res.on('data', (d: Buffer) => {
        size += d.length;
        if (size > maxBytes) finish(new HttpError('network', `the answer is larger than ${maxBytes} bytes`));
        else parts.push(d);
      });
      res.on('aborted', () => finish(new HttpError('dropped', 'the connection was closed before a complete answer')));
      res.on('error', () => finish(new HttpError('dropped', 'the connection was closed before a complete answer')));
      res.on('end', () => {
        if (!res.complete) finish(new HttpError('dropped', 'the connection was closed before a complete answer'));
        else finish(undefined, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') });
      });
    });
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    req.end(body);
  });
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}
