// Writes test/fixtures/formats/real/*: retrieval results as real libraries return them, captured with
// JSON.stringify (or psql's own export), so the readers are tested against what users actually save.
// Run: cd scripts/real-outputs && npm install && node generate.mjs   (needs psql on the PATH)
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { DOCS, QUERY, embed } from './corpus.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const OUT = join(here, '../../test/fixtures/formats/real');
mkdirSync(OUT, { recursive: true });
const require = createRequire(import.meta.url);
const versions = {};
const version = (name) => (versions[name] = JSON.parse(readFileSync(join(here, 'node_modules', name, 'package.json'), 'utf8')).version);
const write = (name, value) => {
  writeFileSync(join(OUT, name), typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`);
  console.log(`wrote ${name}`);
};

async function orama() {
  const { create, insert, search } = await import('@orama/orama');
  version('@orama/orama');
  const db = create({ schema: { id: 'string', title: 'string', content: 'string' } });
  for (const d of DOCS) await insert(db, d);
  write('orama-search.json', await search(db, { term: 'connection pool exhausted', properties: ['title', 'content'] }));
}

async function vectra() {
  const { LocalIndex } = await import('vectra');
  version('vectra');
  const dir = mkdtempSync(join(tmpdir(), 'vectra-'));
  const index = new LocalIndex(dir);
  await index.createIndex();
  for (const d of DOCS) await index.insertItem({ vector: embed(d.content), metadata: { text: d.content, title: d.title, docId: d.id } });
  write('vectra-query-items.json', await index.queryItems(embed(QUERY), QUERY, 4));
  rmSync(dir, { recursive: true, force: true });
}

async function fuse() {
  const { default: Fuse } = await import('fuse.js');
  version('fuse.js');
  const f = new Fuse(DOCS, { keys: ['title', 'content'], includeScore: true, ignoreLocation: true, threshold: 0.6 });
  write('fuse-search.json', f.search('connection pool'));
}

async function lunr() {
  const { default: lunrLib } = await import('lunr');
  version('lunr');
  const idx = lunrLib(function build() {
    this.ref('id');
    this.field('title');
    this.field('content');
    for (const d of DOCS) this.add(d);
  });
  const byId = new Map(DOCS.map((d) => [d.id, d]));
  // lunr returns refs only; applications join them with their documents like this.
  write('lunr-joined.json', idx.search('connection pool exhausted').map((r) => ({ ...r, doc: byId.get(r.ref) })));
}

async function flexsearch() {
  const { default: FlexSearch } = await import('flexsearch');
  version('flexsearch');
  const index = new FlexSearch.Document({ document: { id: 'id', index: ['title', 'content'], store: true } });
  for (const d of DOCS) index.add(d);
  write('flexsearch-enriched.json', index.search('connection', { enrich: true }));
}

async function llamaindex() {
  const { RetrieverQueryEngine } = await import('@llamaindex/core/query-engine');
  const { BaseRetriever } = await import('@llamaindex/core/retriever');
  const { MockLLM } = await import('@llamaindex/core/llms/mock');
  const { getResponseSynthesizer } = await import('@llamaindex/core/response-synthesizers');
  const { TextNode } = await import('@llamaindex/core/schema');
  const { similarity, getTopKEmbeddings } = await import('@llamaindex/core/embeddings');
  version('@llamaindex/core');
  const nodes = DOCS.map((d) => new TextNode({ id_: d.id, text: d.content, metadata: { title: d.title } }));
  const vectors = DOCS.map((d) => embed(d.content));
  class ToyRetriever extends BaseRetriever {
    async _retrieve(bundle) {
      const q = embed(typeof bundle.query === 'string' ? bundle.query : String(bundle.query));
      const [scores, ids] = getTopKEmbeddings(q, vectors, 3, nodes.map((_, i) => i));
      return ids.map((i, k) => ({ node: nodes[i], score: scores[k] }));
    }
  }
  void similarity;
  const engine = new RetrieverQueryEngine(new ToyRetriever(), getResponseSynthesizer('compact', { llm: new MockLLM() }));
  const response = await engine.query({ query: QUERY });
  write('llamaindex-ts-query-response.json', JSON.parse(JSON.stringify(response)));
}

async function postgres() {
  const { PGlite } = await import('@electric-sql/pglite');
  const { vector } = await import('@electric-sql/pglite-pgvector');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const pg = (await import('pg')).default;
  version('@electric-sql/pglite');
  version('@electric-sql/pglite-pgvector');
  version('pg');
  const db = await PGlite.create({ extensions: { vector } });
  await db.exec('CREATE EXTENSION IF NOT EXISTS vector; CREATE TABLE chunks (id text PRIMARY KEY, title text, content text, embedding vector(16));');
  for (const d of DOCS) await db.query('INSERT INTO chunks VALUES ($1, $2, $3, $4)', [d.id, d.title, d.content, JSON.stringify(embed(d.content))]);
  versions.pgvector = (await db.query("SELECT extversion FROM pg_extension WHERE extname = 'vector'")).rows[0].extversion;
  versions.postgres = (await db.query('SHOW server_version')).rows[0].server_version;
  const port = 55432;
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1' });
  await server.start();
  const q = `'${JSON.stringify(embed(QUERY))}'`;
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  await client.connect();
  const result = await client.query(`SELECT id, title, content, embedding <=> ${q} AS distance FROM chunks ORDER BY distance LIMIT 4`);
  write('pg-result.json', JSON.parse(JSON.stringify(result)));
  write('pg-query-rows.json', { query: QUERY, rows: result.rows });
  await client.end();
  versions.psql = execFileSync('psql', ['--version']).toString().trim();
  // Asynchronously: the socket server answering psql runs in this process's event loop.
  const psql = async (cmd, extra = []) => (await promisify(execFile)('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-X', ...extra, '-c', cmd], { cwd: OUT, timeout: 30000 })).stdout;
  const select = `SELECT id, title, content, embedding <=> ${q} AS distance FROM chunks ORDER BY distance LIMIT 4`;
  await psql(`\\copy (${select}) to 'psql-copy.csv' csv header`);
  console.log('wrote psql-copy.csv');
  await psql(`\\copy (${select}) to 'psql-copy-header.tsv' with (format text, header)`);
  console.log('wrote psql-copy-header.tsv');
  // Unaligned output with a tab separator (psql -A -F TAB): header, rows and the "(N rows)" footer.
  write('psql-unaligned.tsv', await psql(`SELECT id, content, embedding <=> ${q} FROM chunks ORDER BY 3 LIMIT 4`, ['-A', '-F', '\t']));
  await server.stop();
  await db.close();
}

for (const step of [orama, vectra, fuse, lunr, flexsearch, llamaindex, postgres]) {
  try {
    await step();
  } catch (e) {
    console.error(`${step.name} failed:`, e);
    process.exitCode = 1;
  }
}
// Markdown, not JSON: the fixture folder's samples are all read by the tests; this is provenance.
write('versions.md', `# Versions of the last run of scripts/real-outputs/generate.mjs\n\n| package | version |\n| --- | --- |\n${Object.entries({ node: process.version, ...versions }).map(([k, v]) => `| ${k} | ${v} |`).join('\n')}\n`);
