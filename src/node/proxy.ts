// HTTP(S) proxies for everything Rerank Lens sends over the network: model downloads (the engine's
// fetch) and rerank servers (src/scorers/http.ts). Behind a company proxy nothing else gets out, and
// Node 20's fetch and node:http ignore the proxy variables, so this module honours them itself:
//   HTTPS_PROXY / https_proxy for https targets, HTTP_PROXY / http_proxy for http ones, ALL_PROXY as the
//   fallback, NO_PROXY / no_proxy (comma or space separated: `*`, host names matching themselves and
//   their subdomains, `.suffix`, IP addresses, IPv4 CIDR blocks, each with an optional `:port`).
//   Loopback targets (localhost, 127.0.0.0/8, ::1) never go through a proxy: a proxy cannot reach them.
// The extension adds VS Code's `http.proxy` / `http.noProxy` settings to these variables (host/proxyEnv.ts).
// https targets go through a CONNECT tunnel (TLS end to end: the proxy sees only the host name); http
// targets are sent to the proxy in absolute form. Only http:// proxies are supported (the common kind);
// credentials in the proxy URL become a Proxy-Authorization header and never appear in messages.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { Readable, type Duplex } from 'node:stream';
import tls from 'node:tls';

export type ProxyEnv = Readonly<Record<string, string | undefined>>;

/** A proxy variable that cannot be used: thrown when a request needs it. */
export class ProxyConfigError extends Error {
  constructor(message: string, readonly hint: string) {
    super(message);
    this.name = 'ProxyConfigError';
  }
}

const pick = (env: ProxyEnv, ...names: string[]): string | undefined => {
  for (const n of names) {
    const v = env[n]?.trim();
    if (v) return v;
  }
  return undefined;
};

/** A URL's hostname as sockets want it: an IPv6 literal without its brackets. */
const bareHost = (hostname: string): string => hostname.replace(/^\[|\]$/g, '');

/** `host` is lower-case and bare (bareHost). */
const isLoopback = (host: string): boolean => host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

function ipv4ToInt(ip: string): number | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

/** Does one NO_PROXY entry cover this host and port? */
function noProxyMatches(entry: string, host: string, port: string): boolean {
  let e = entry.trim().toLowerCase();
  if (!e) return false;
  if (e === '*') return true;
  // An optional port: host:port, [v6]:port (a bare IPv6 address has more than one colon).
  let entryPort: string | undefined;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(e);
  if (v6) {
    e = v6[1];
    entryPort = v6[2];
  } else if ((e.match(/:/g) ?? []).length === 1) {
    [e, entryPort] = e.split(':');
  }
  if (entryPort !== undefined && entryPort !== port) return false;
  const cidr = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(e);
  if (cidr) {
    const base = ipv4ToInt(cidr[1]);
    const ip = ipv4ToInt(host);
    const bits = Number(cidr[2]);
    if (base === undefined || ip === undefined || bits > 32) return false;
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return (base & mask) === (ip & mask);
  }
  if (e.startsWith('*.')) e = e.slice(1);
  if (e.startsWith('.')) return host.endsWith(e) || host === e.slice(1);
  return host === e || host.endsWith(`.${e}`);
}

/** The proxy a request to `target` goes through, or undefined for a direct connection. */
export function proxyFor(target: URL, env: ProxyEnv = process.env): URL | undefined {
  const host = bareHost(target.hostname).toLowerCase();
  if (isLoopback(host)) return undefined;
  const raw = target.protocol === 'https:' ? pick(env, 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY') : pick(env, 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY');
  if (!raw) return undefined;
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  const noProxy = pick(env, 'no_proxy', 'NO_PROXY') ?? '';
  if (noProxy.split(/[\s,]+/).some((e) => noProxyMatches(e, host, port))) return undefined;
  let proxy: URL;
  try {
    proxy = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new ProxyConfigError(`The proxy setting "${redactProxy(raw)}" is not a URL.`, 'Set HTTPS_PROXY / HTTP_PROXY (or VS Code\'s http.proxy) to http://HOST:PORT.');
  }
  if (proxy.protocol !== 'http:') {
    throw new ProxyConfigError(`The proxy ${redactProxy(raw)} uses ${proxy.protocol.replace(/:$/, '')}://, which Rerank Lens does not support.`, 'Use the http:// address of the proxy (HTTPS targets are still tunnelled end to end), or list the host in NO_PROXY.');
  }
  return proxy;
}

/** The proxy URL without its credentials, for messages and logs. */
export function redactProxy(p: string | URL): string {
  try {
    const u = new URL(typeof p === 'string' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(p) ? `http://${p}` : String(p));
    if (u.username || u.password) {
      u.username = '***';
      u.password = '';
    }
    return u.origin === 'null' ? String(p).replace(/\/\/[^@/]*@/, '//***@') : `${u.protocol}//${u.username ? '***@' : ''}${u.host}`;
  } catch {
    return String(p).replace(/\/\/[^@/]*@/, '//***@');
  }
}

function proxyAuth(proxy: URL): Record<string, string> {
  if (!proxy.username && !proxy.password) return {};
  const cred = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'proxy-authorization': `Basic ${Buffer.from(cred).toString('base64')}` };
}

/** A proxy that refused or failed the tunnel: an error whose message says so (and never the password). */
export class ProxyTunnelError extends Error {
  constructor(readonly proxy: string, readonly target: string, readonly status: number | undefined, detail: string) {
    super(`The proxy ${proxy} ${status !== undefined ? `answered ${status} to CONNECT ${target}` : `could not be used for ${target}`}: ${detail}`);
    this.name = 'ProxyTunnelError';
  }
}

/**
 * An https.Agent whose connections are CONNECT tunnels through `proxy`, with TLS to the target inside
 * (certificates checked against the target as usual, `ca` included). Keep-alive works as with a
 * direct agent: a tunnel is one socket.
 */
export class TunnelAgent extends https.Agent {
  constructor(private readonly proxy: URL, opts: https.AgentOptions = {}) {
    super(opts);
  }

  override createConnection(requestOptions: http.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const options = requestOptions as tls.ConnectionOptions & { host?: string; port?: number; servername?: string };
    const host = options.host ?? 'localhost';
    const port = Number(options.port ?? 443);
    const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    // Node's Agent waits for the callback when createConnection returns nothing (the tunnel is async).
    const done = (err: Error | null, socket?: Duplex) => callback?.(err, socket as Duplex);
    const req = http.request({
      host: bareHost(this.proxy.hostname),
      port: Number(this.proxy.port || 80),
      method: 'CONNECT',
      path: target,
      headers: { host: target, ...proxyAuth(this.proxy) },
      agent: false,
    });
    const name = redactProxy(this.proxy);
    req.once('connect', (res, socket, head) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        done(new ProxyTunnelError(name, target, res.statusCode, res.statusCode === 407 ? 'it wants credentials (put them in the proxy URL: http://USER:PASSWORD@HOST:PORT)' : 'the tunnel was refused'));
        return;
      }
      if (head.length > 0) socket.unshift(head);
      const secure = tls.connect({ ...options, socket, servername: options.servername ?? (net.isIP(host) ? undefined : host) });
      done(null, secure);
    });
    req.once('error', (e) => done(new ProxyTunnelError(name, target, undefined, e.message)));
    req.end();
    return undefined;
  }
}

/** Where to send a request for `target` (http targets through a proxy go to it in absolute form). */
export interface Route {
  /** Options for http(s).request: host, port, path, and the agent to use. */
  options: https.RequestOptions;
  lib: typeof http | typeof https;
  /** The proxy used (credentials removed), or undefined for a direct connection. */
  via?: string;
}

/** Makes the agent a route needs (only the one it uses is made). */
export interface RouteAgents {
  direct(): http.Agent;
  tunnel(proxy: URL): http.Agent;
  /** For http targets sent to the proxy in absolute form; a fresh connection per request without it. */
  proxy?(): http.Agent;
}

/** How to reach `target`: direct, through a CONNECT tunnel (https), or in absolute form to the proxy (http). */
export function routeFor(target: URL, env: ProxyEnv, agents: RouteAgents): Route {
  const proxy = proxyFor(target, env);
  const path = `${target.pathname}${target.search}`;
  const host = bareHost(target.hostname);
  if (!proxy) return { lib: target.protocol === 'https:' ? https : http, options: { host, port: target.port || undefined, path, agent: agents.direct() } };
  if (target.protocol === 'https:') {
    return { lib: https, via: redactProxy(proxy), options: { host, port: target.port || 443, path, agent: agents.tunnel(proxy), servername: net.isIP(host) ? undefined : target.hostname } };
  }
  return {
    lib: http,
    via: redactProxy(proxy),
    options: { host: bareHost(proxy.hostname), port: proxy.port || 80, path: target.href, headers: { host: target.host, ...proxyAuth(proxy) }, agent: agents.proxy?.() ?? false },
  };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * fetch() that honours the proxy variables: a direct target goes to the real fetch; a proxied one is
 * sent with node:http(s) through the proxy and comes back as a standard Response (redirects followed,
 * each hop routed again: the hub's CDN may be in NO_PROXY while the hub is not).
 */
export function proxiedFetch(env: ProxyEnv = process.env, direct: typeof fetch = globalThis.fetch.bind(globalThis), tlsOptions: https.AgentOptions = {}): typeof fetch {
  const tunnels = new Map<string, http.Agent>();
  const tunnel = (p: URL) => {
    let a = tunnels.get(p.href);
    if (!a) tunnels.set(p.href, (a = new TunnelAgent(p, { keepAlive: true, ...tlsOptions })));
    return a;
  };
  const routeOf = (url: URL) => routeFor(url, env, { direct: () => http.globalAgent, tunnel });
  const viaProxy = async (url: URL, init: RequestInit | undefined, hops: number, route = routeOf(url)): Promise<Response> => {
    // A redirect may lead to a host NO_PROXY names: the real fetch from there.
    if (!route.via) return direct(url, init);
    const headers: Record<string, string> = { ...((route.options.headers as Record<string, string>) ?? {}) };
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    const method = (init?.method ?? 'GET').toUpperCase();
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = route.lib.request({ ...route.options, method, headers });
      const onAbort = () => req.destroy(init?.signal?.reason instanceof Error ? init.signal.reason : new Error('aborted'));
      if (init?.signal?.aborted) return onAbort();
      init?.signal?.addEventListener('abort', onAbort, { once: true });
      req.once('response', (r) => {
        init?.signal?.removeEventListener('abort', onAbort);
        resolve(r);
      });
      req.once('error', (e) => {
        init?.signal?.removeEventListener('abort', onAbort);
        // Say which proxy failed: "connection refused" alone sends people to check the hub.
        reject(e instanceof ProxyTunnelError || init?.signal?.aborted ? e : new ProxyTunnelError(route.via ?? '', url.host, undefined, e.message));
      });
      if (typeof init?.body === 'string') req.end(init.body);
      else req.end();
    });
    const status = res.statusCode ?? 0;
    if (REDIRECTS.has(status) && res.headers.location && init?.redirect !== 'manual') {
      res.resume();
      if (hops >= 20) throw new Error(`too many redirects at ${url.href}`);
      const next = new URL(res.headers.location, url);
      const nextInit = status === 303 ? { ...init, method: 'GET', body: undefined } : init;
      return viaProxy(next, nextInit, hops + 1);
    }
    const out = new Headers();
    for (const [k, v] of Object.entries(res.headers)) {
      if (Array.isArray(v)) v.forEach((x) => out.append(k, x));
      else if (v !== undefined) out.set(k, v);
    }
    const body = status === 204 || status === 304 || method === 'HEAD' ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
    if (!body) res.resume();
    const response = new Response(body, { status, statusText: res.statusMessage ?? '', headers: out });
    Object.defineProperty(response, 'url', { value: url.href });
    return response;
  };
  return ((input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const route = routeOf(url);
    // No proxy for this target: the real fetch with the request exactly as given (a Request keeps its headers).
    if (!route.via) return direct(input, init);
    return viaProxy(url, input instanceof Request ? { method: input.method, headers: input.headers, signal: input.signal, ...init } : init, 0, route);
  }) as typeof fetch;
}
