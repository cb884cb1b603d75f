// A real HTTP proxy on 127.0.0.1 for the tests: CONNECT tunnels (https targets) and absolute-form
// requests (http targets), as Squid and company proxies serve them. Every `*.test` host name resolves
// to 127.0.0.1 here and nowhere else, so a request that reaches a `*.test` server has provably gone
// through this proxy. It records what it was asked (method, target, Proxy-Authorization) and can ask
// for credentials (407) or refuse tunnels (403), like a locked-down proxy.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ProxySeen {
  method: string;
  /** host:port for CONNECT, the absolute URL otherwise. */
  target: string;
  auth?: string;
}

export interface TestProxy {
  url: string;
  port: number;
  seen: ProxySeen[];
  close(): Promise<void>;
}

export interface TestProxyOptions {
  /** `user:password` the proxy demands (407 otherwise). */
  credentials?: string;
  /** Answer 403 to every CONNECT. */
  refuseTunnels?: boolean;
}

/** The certificate of rerank.test / hub.test (tls/PROVENANCE.md). */
export function fakeHostTls(): { cert: string; key: string } {
  return { cert: readFileSync(join(__dirname, 'tls/cert.pem'), 'utf8'), key: readFileSync(join(__dirname, 'tls/key.pem'), 'utf8') };
}

const resolveHost = (host: string): string | undefined => (host.endsWith('.test') ? '127.0.0.1' : undefined);

export async function startTestProxy(opts: TestProxyOptions = {}): Promise<TestProxy> {
  const seen: ProxySeen[] = [];
  const sockets = new Set<net.Socket>();
  const expected = opts.credentials ? `Basic ${Buffer.from(opts.credentials).toString('base64')}` : undefined;
  const authorised = (req: IncomingMessage): boolean => !expected || req.headers['proxy-authorization'] === expected;

  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push({ method: req.method ?? '', target: req.url ?? '', ...(req.headers['proxy-authorization'] ? { auth: String(req.headers['proxy-authorization']) } : {}) });
    if (!authorised(req)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"', 'content-type': 'text/plain' }).end('proxy authentication required');
      return;
    }
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute-form request expected');
      return;
    }
    const address = resolveHost(target.hostname);
    if (!address || target.protocol !== 'http:') {
      res.writeHead(502).end(`cannot reach ${target.host}`);
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = http.request({ host: address, port: Number(target.port || 80), method: req.method, path: `${target.pathname}${target.search}`, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502).end(`upstream: ${e.message}`);
      else res.destroy();
    });
    req.pipe(upstream);
  });
  server.on('connect', (req: IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push({ method: 'CONNECT', target: req.url ?? '', ...(req.headers['proxy-authorization'] ? { auth: String(req.headers['proxy-authorization']) } : {}) });
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (!authorised(req)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (opts.refuseTunnels) {
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const address = resolveHost(host);
    if (!address) {
      client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = net.connect(Number(port), address, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
