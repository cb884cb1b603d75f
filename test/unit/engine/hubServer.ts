// A loopback stand-in for the Hugging Face hub, for the download tests. It serves model folders at
// `/{owner}/{name}/resolve/{revision}/{file}` the way the hub answers transformers.js:
//  - `Range: bytes=0-0` probes get 206 with `Content-Range: bytes 0-0/SIZE`;
//  - a file missing from a known repo is 404; an unknown repo is 401 (the hub does not reveal
//    whether a repo exists);
//  - full downloads are 200 with Content-Length.
// Faults for the tests: `cutOnce` resets the connection half-way through a file (once), `shortOnce`
// sends half a file without Content-Length and closes cleanly, `override` replaces a file's bytes,
// `hidden` makes a file 404. Hangs and floods for the timeout and size-cap tests: `silent` accepts the
// request and never answers (probe included), `stallAfterHeaders` answers the probe, then sends headers
// and 1 KiB of the file and goes quiet, `endless` answers every request for the file (probe included)
// with a body that never ends, `hugeLength` answers the download with a Content-Length of 1 GB and
// sends nothing.
import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface HubRequest {
  method: string;
  path: string;
  range: string | null;
}

export interface LoopbackHub {
  url: string;
  requests: HubRequest[];
  /** `owner/name/file` keys */
  cutOnce: Set<string>;
  shortOnce: Set<string>;
  override: Map<string, Buffer>;
  /** Files answered with 404 although the folder has them. */
  hidden: Set<string>;
  /** Files sent slowly (64 KiB every 20 ms), once. */
  slowOnce: Set<string>;
  silent: Set<string>;
  stallAfterHeaders: Set<string>;
  endless: Set<string>;
  hugeLength: Set<string>;
  /** Bytes written for `endless` files so far. */
  endlessBytes: () => number;
  close(): Promise<void>;
}

export async function startHub(repos: Record<string, string>): Promise<LoopbackHub> {
  const requests: HubRequest[] = [];
  const cutOnce = new Set<string>();
  const shortOnce = new Set<string>();
  const override = new Map<string, Buffer>();
  const hidden = new Set<string>();
  const slowOnce = new Set<string>();
  const silent = new Set<string>();
  const stallAfterHeaders = new Set<string>();
  const endless = new Set<string>();
  const hugeLength = new Set<string>();
  let endlessBytes = 0;

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://x');
    const range = req.headers.range ?? null;
    requests.push({ method: req.method ?? 'GET', path: url.pathname, range });
    const m = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(decodeURIComponent(url.pathname));
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    const [, repo, , file] = m;
    const dir = repos[repo];
    if (!dir) {
      res.writeHead(401, { 'content-type': 'application/json', 'x-error-code': 'RepoNotFound' }).end('{"error":"Repository not found"}');
      return;
    }
    const key = `${repo}/${file}`;
    if (silent.has(key)) return; // never answered; closed by close()
    if (endless.has(key)) {
      res.writeHead(200, { 'content-type': 'application/json' });
      const block = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (!res.destroyed) {
          endlessBytes += block.length;
          if (!res.write(block)) {
            res.once('drain', pump);
            return;
          }
        }
      };
      res.write('{"pad": "');
      pump();
      return;
    }
    let body = override.get(key);
    if (!body && !hidden.has(key)) {
      try {
        if (statSync(join(dir, file)).isFile()) body = readFileSync(join(dir, file));
      } catch {
        /* missing: 404 below */
      }
    }
    if (!body) {
      res.writeHead(404, { 'x-error-code': 'EntryNotFound' }).end('Entry not found');
      return;
    }
    if (range === 'bytes=0-0') {
      res.writeHead(206, { 'content-range': `bytes 0-0/${body.length}`, 'content-length': '1', 'accept-ranges': 'bytes' }).end(body.subarray(0, 1));
      return;
    }
    if (hugeLength.has(key) && range !== 'bytes=0-0') {
      res.writeHead(200, { 'content-length': String(1024 ** 3), 'content-type': 'application/json' });
      res.flushHeaders();
      return; // and nothing more
    }
    if (stallAfterHeaders.has(key)) {
      res.writeHead(200, { 'content-length': String(body.length), 'content-type': 'application/octet-stream' });
      res.write(body.subarray(0, 1024));
      return; // and nothing more
    }
    if (cutOnce.delete(key)) {
      // Announce the whole file, send half, then reset the connection.
      res.writeHead(200, { 'content-length': String(body.length), 'content-type': 'application/octet-stream' });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    if (slowOnce.delete(key)) {
      res.writeHead(200, { 'content-length': String(body.length), 'content-type': 'application/octet-stream' });
      let sent = 0;
      const timer = setInterval(() => {
        const next = body!.subarray(sent, sent + 65536);
        sent += next.length;
        if (sent >= body!.length) {
          clearInterval(timer);
          res.end(next);
        } else res.write(next);
      }, 20);
      res.on('close', () => clearInterval(timer));
      return;
    }
    if (shortOnce.delete(key)) {
      // HTTP/1.0-style body delimited by closing the connection, cut short: nothing on the wire says
      // it is incomplete, only the size the probe announced.
      const socket = res.socket!;
      socket.write('HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-type: application/octet-stream\r\n\r\n');
      socket.end(body.subarray(0, Math.floor(body.length / 2)));
      return;
    }
    res.writeHead(200, { 'content-length': String(body.length), 'content-type': 'application/octet-stream' }).end(body);
  };

  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    cutOnce,
    shortOnce,
    override,
    hidden,
    slowOnce,
    silent,
    stallAfterHeaders,
    endless,
    hugeLength,
    endlessBytes: () => endlessBytes,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
