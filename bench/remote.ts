// `node --import tsx bench/remote.ts`: how fast the rerank-server client (src/scorers/remote.ts) drives
// a server that answers instantly, so the client is never the bottleneck of a GPU evaluation.
// The server is a separate Node process on 127.0.0.1 (plain node:http, answers computed from the
// request: TEI's [{index, score}] or the Cohere/vLLM {results: [{index, relevance_score}]}), so the
// numbers are the client's cost plus loopback HTTP, not the model's. 1,000 queries x 100 chunks of
// ~600 characters (100,000 pairs, the "1,000-query set"), batches at each provider's limit,
// 4 requests in flight. Memory: RSS and heap sampled after every 100 queries; bounded means flat.
// Options: --queries N (default 1000), --chunks N (default 100), --concurrency N (default 4).
// Writes bench/remote-results.json.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { RemoteScorer } from '../src/scorers/remote';
import type { ProviderId } from '../src/scorers/providers/index';

const SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  const parts = [];
  req.on('data', (d) => parts.push(d));
  req.on('end', () => {
    const b = JSON.parse(Buffer.concat(parts).toString('utf8'));
    const docs = b.texts || b.documents || b.input || b.text_2;
    let out;
    if (b.texts) out = docs.map((d, index) => ({ index, score: (d.length % 97) / 10 - 5 }));
    else out = { id: 'x', results: docs.map((d, index) => ({ index, relevance_score: (d.length % 97) / 97 })) };
    const text = JSON.stringify(out);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.send(server.address().port));
`;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const WORDS = 'pool connection exhausted timeout retry latency index shard replica vector query rerank chunk token model batch queue worker cache memory'.split(' ');
function chunkText(q: number, i: number): string {
  const words: string[] = [];
  let x = (q * 7919 + i * 104729) >>> 0;
  while (words.join(' ').length < 600) {
    x = (x * 1103515245 + 12345) >>> 0;
    words.push(WORDS[x % WORDS.length]);
  }
  return words.join(' ');
}

async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(Number(m))));
  return { child, url: `http://127.0.0.1:${port}` };
}

interface Line {
  provider: string;
  batch: number;
  pairs: number;
  seconds: number;
  pairsPerSec: number;
  requests: number;
  rssMbSamples: number[];
  heapMbSamples: number[];
}

async function bench(provider: ProviderId, url: string, queries: number, chunks: number, concurrency: number): Promise<Line> {
  const scorer = new RemoteScorer({ provider, baseUrl: url, model: 'bench', concurrency });
  const texts = Array.from({ length: queries }, (_, q) => Array.from({ length: chunks }, (__, i) => chunkText(q, i)));
  // Warm-up: sockets, JIT.
  for (let q = 0; q < 5; q++) await scorer.score({ query: 'why is the pool exhausted', chunks: texts[q] });
  const rss: number[] = [];
  const heap: number[] = [];
  let requests = 0;
  const started = process.hrtime.bigint();
  for (let q = 0; q < queries; q++) {
    const r = await scorer.score({ query: `why is the connection pool exhausted ${q}`, chunks: texts[q], onBatch: () => requests++ });
    if (r.scores.length !== chunks) throw new Error('lost scores');
    if ((q + 1) % 100 === 0) {
      const m = process.memoryUsage();
      rss.push(Math.round(m.rss / 1e5) / 10);
      heap.push(Math.round(m.heapUsed / 1e5) / 10);
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const batch = scorer.currentBatchLimit;
  scorer.dispose();
  const pairs = queries * chunks;
  return { provider, batch, pairs, seconds: Math.round(seconds * 1000) / 1000, pairsPerSec: Math.round(pairs / seconds), requests, rssMbSamples: rss, heapMbSamples: heap };
}

async function main(): Promise<void> {
  const queries = arg('queries', 1000);
  const chunks = arg('chunks', 100);
  const concurrency = arg('concurrency', 4);
  const { child, url } = await startServer();
  const load0 = loadavg()[0];
  const lines: Line[] = [];
  try {
    // TEI at its default --max-client-batch-size (32), and the Cohere-style shape at vLLM's 256 (a query's
    // 100 chunks in one request).
    lines.push(await bench('tei', url, queries, chunks, concurrency));
    lines.push(await bench('vllm', url, queries, chunks, concurrency));
  } finally {
    child.kill();
  }
  console.log(`remote client against an instant loopback server: ${queries} queries x ${chunks} chunks (~600 chars), ${concurrency} requests in flight`);
  for (const l of lines) {
    console.log(
      `  ${l.provider.padEnd(5)} batch ${String(l.batch).padStart(3)}  ${l.pairs} pairs in ${l.seconds.toFixed(2)} s = ${l.pairsPerSec.toLocaleString('en-US')} pairs/s (${l.requests} requests); RSS MB every 100 queries: ${l.rssMbSamples.join(' ')}; heap MB: ${l.heapMbSamples.join(' ')}`,
    );
  }
  const out = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, loadAverageStart: load0, loadAverageEnd: loadavg()[0], queries, chunks, concurrency, lines };
  writeFileSync(join(__dirname, 'remote-results.json'), `${JSON.stringify(out, null, 2)}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
