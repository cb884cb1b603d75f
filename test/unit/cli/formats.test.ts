// `rerank-lens rerank` on every sample under test/fixtures/formats (files and BEIR folders), in-process
// with the real engine and tiny model: it exits 0 with issue 2's JSON shape, or 2 with a message for
// the few samples that are bad on purpose (listed below with the reason). Each successful run also
// exports in the input's own shape, and the export is read back with the reader.
// NEEDS BUILD: the engine is dist/engine.js (ensureBuilt rebuilds when stale).
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { readText } from '../../../src/core/read/index';
import { readPath } from '../../../src/node/read/readPath';
import type { ChunkOrigin, ReadResult } from '../../../src/core/types';
import { FIXTURES_DIR } from '../../support/paths';
import { ensureBuilt, TINY_MODEL_DIR } from '../engine/support';
import { checkShape, InProcessCli, type CliJson } from './harness';

const FORMATS = join(FIXTURES_DIR, 'formats');
const QUERY = 'which passage answers the question';

/** Samples that must be refused (exit 2) and why; the message must match. */
const REFUSED: Record<string, { reason: string; message: RegExp }> = {
  'chroma/query-without-documents.json': { reason: 'Chroma query() without include=["documents"]: ids and distances, no texts', message: /no documents/i },
  'infra/trec-run.txt': { reason: 'a TREC run alone lists document ids; the texts are in a corpus that is not beside it', message: /corpus/i },
  'milvus/rest-v2-error.json': { reason: 'a Milvus REST error body: no results to rerank', message: /collection not found|text path/i },
  'rerank-api/cohere-v2-response-only.json': { reason: 'a rerank response without documents indexes into a request the file does not hold', message: /no document texts/i },
  'wild/st-semantic-search-ids-only.txt': { reason: 'sentence-transformers util.semantic_search printed: corpus ids and scores, no texts', message: /holding only corpus_id and score/ },
  'wild/faiss-search-arrays.json': { reason: 'FAISS index.search() gives distances and row ids only (D, I); the texts are elsewhere', message: /no strings long enough to be chunk texts/ },
  'wild/cloudflare-vectorize-ids-only.json': { reason: 'Vectorize query() without returnMetadata: ids and scores, no texts', message: /no strings long enough to be chunk texts/ },
  'wild/vertex-vector-search-find-neighbors.json': { reason: 'Vertex AI findNeighbors returns datapoint ids and distances, no texts', message: /no strings long enough to be chunk texts/ },
};

/** Samples read right whose records a same-shape export cannot annotate: refused (exit 1) with a pointer to the Cohere style. */
const SAME_SHAPE_REFUSED: Record<string, string> = {
  'wild/redis-ft-search-resp2.json': 'a raw RESP2 reply: flat field lists, each key beside its list, no object to hold a rerank field',
};

/** Not samples: provenance notes beside them. */
const isSample = (file: string): boolean => !file.endsWith('.md');

function samples(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (readdirSync(p).includes('corpus.jsonl')) out.push(p); // a BEIR folder is a sample itself
      out.push(...samples(p));
    } else if (isSample(p)) out.push(p);
  }
  return out.sort();
}

/** JSON, or JSONL as an array of its rows: what an origin's itemPath indexes into. */
function parseExport(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
  }
}

function at(root: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], root);
}

function checkAgainstReader(out: CliJson, read: ReadResult, what: string, override?: string): void {
  assert.equal(out.querySets, read.sets.length, `${what}: query set count`);
  assert.equal(out.queries.length, read.sets.length, `${what}: every query set reranked`);
  for (const q of out.queries) {
    const set = read.sets[q.setIndex];
    assert.equal(q.query, override ?? set.query, `${what}: query`);
    assert.equal(q.queryId, set.queryId, `${what}: queryId`);
    assert.equal(q.format, set.format, `${what}: format`);
    assert.equal(q.results.length, set.chunks.length, `${what}: one result per chunk`);
    for (const r of q.results) {
      const c = set.chunks[r.index];
      assert.equal(r.text, c.text, `${what}: text of chunk ${r.index}`);
      assert.equal(r.id, c.id);
      assert.equal(r.originalRank, c.originalRank);
      assert.equal(r.retrieverScore, c.retrieverScore);
      if (c.retrieverScore !== undefined) assert.equal(r.scoreKind, c.scoreKind);
      assert.equal(r.label, set.labels?.byChunkId?.[c.id], `${what}: label`);
    }
  }
}

/** The export in the input's own shape read back: same texts per set, each chunk's rerank field agrees. */
function checkSameExport(exported: string, out: CliJson, what: string): void {
  if (out.format === 'trec-run' || out.format === 'beir' || out.format === 'beir-bm25') {
    // TREC runs and BEIR folders export as a TREC run of the reranked order.
    const lines = exported.trim().split('\n').map((l) => l.split(/\s+/));
    for (const q of out.queries) {
      const mine = lines.filter((l) => l[0] === q.queryId);
      assert.deepEqual(mine.map((l) => l[2]), q.results.map((r) => r.id), `${what}: run order`);
      assert.deepEqual(mine.map((l) => Number(l[3])), q.results.map((r) => r.rank));
    }
    return;
  }
  const table = /^(csv|tsv)-|^msmarco-tsv$/.exec(out.format ?? '');
  const back = readText(exported, { file: table ? `exported.${out.format!.startsWith('csv') ? 'csv' : 'tsv'}` : 'exported' });
  assert.ok(!back.diagnostics.some((d) => d.severity === 'error'), `${what}: export reads back: ${JSON.stringify(back.diagnostics)}`);
  assert.equal(back.sets.length, out.querySets, `${what}: export keeps the query sets`);
  // Tables carry the rerank columns on each row (read back as metadata); JSON a rerank field per chunk.
  const root = table ? undefined : parseExport(exported);
  for (const q of out.queries) {
    const set = back.sets[q.setIndex];
    assert.deepEqual(set.chunks.map((c) => c.text).sort(), q.results.map((r) => r.text).sort(), `${what}: chunk texts survive the export`);
    const unmatched = [...q.results];
    for (const c of set.chunks) {
      // Positional ids (#n) follow the new order, so match by text (and by id when it is the stack's own).
      const k = unmatched.findIndex((x) => x.text === c.text && (c.id.startsWith('#') || x.id === c.id));
      assert.ok(k >= 0, `${what}: chunk ${c.id} found`);
      const r = unmatched.splice(k, 1)[0];
      const rerank = table ? rerankColumnsOf(c.metadata, c.retrieverScore) : rerankFieldOf(root, c.origin);
      assert.ok(rerank, `${what}: chunk ${c.id} has a rerank field`);
      assert.equal(rerank.rank, r.rank, `${what}: rerank.rank of ${c.id}`);
      assert.equal(rerank.score, r.logit);
      assert.equal(rerank.kept, r.kept);
    }
  }
}

interface RerankField {
  rank: number;
  score: number;
  kept: boolean;
}

/** The rerank columns export added to a table row, as the reader hands them back (metadata strings).
 *  In a table that had no score column of its own, the reader takes `rerank_score` as the score column
 *  (a re-opened export is ranked against the earlier reranking), so it is the chunk's retriever score. */
function rerankColumnsOf(m: Record<string, unknown>, retrieverScore: number | undefined): RerankField | undefined {
  if (m.rerank_rank === undefined) return undefined;
  return { rank: Number(m.rerank_rank), score: m.rerank_score !== undefined ? Number(m.rerank_score) : Number(retrieverScore), kept: m.kept === 'true' };
}

/** The rerank field export wrote for a chunk: on its object, or in the list parallel to its column
 *  (`rerank`, or `<column>_rerank` when the object holds several columns) in the nearest object. */
function rerankFieldOf(root: unknown, origin: ChunkOrigin | undefined): RerankField | undefined {
  if (origin?.itemPath) return (at(root, origin.itemPath) as { rerank?: RerankField } | undefined)?.rerank;
  if (!origin?.columnPath || origin.columnIndex === undefined) return undefined;
  const path = origin.columnPath;
  for (let cut = path.length - 1; cut >= 0; cut--) {
    const obj = at(root, path.slice(0, cut));
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) continue;
    const key = path[cut] as string;
    const list = (obj as Record<string, unknown>).rerank ?? (obj as Record<string, unknown>)[`${key}_rerank`];
    return at(list, [...path.slice(cut + 1), origin.columnIndex]) as RerankField | undefined;
  }
  return undefined;
}

describe('rerank-lens rerank on every format sample (NEEDS BUILD: dist/engine.js)', function () {
  this.timeout(300_000);
  const cli = new InProcessCli();
  let dir: string;
  const all = samples(FORMATS);

  before(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'rl-cli-formats-'));
  });
  after(() => {
    cli.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the samples, and every refused sample still exists', () => {
    assert.ok(all.length >= 80, `found ${all.length} samples`);
    for (const rel of Object.keys(REFUSED)) assert.ok(all.includes(join(FORMATS, rel)), `${rel} is listed as refused but missing`);
  });

  it('exits 0 with the JSON shape and the reader\'s sets (also from stdin), or 2 with a message for samples bad on purpose; exports read back', async () => {
    const failures: string[] = [];
    let needingQuery = 0;
    let stdinRuns = 0;
    for (const p of all) {
      const rel = relative(FORMATS, p);
      try {
        const target = join(dir, rel.replace(/[\\/]/g, '__'));
        const base = ['rerank', p, '--model', TINY_MODEL_DIR, '--format', 'json', '--cache-dir', join(dir, 'cache'), '--export', target];
        let r = await cli.run(base);
        const refused = REFUSED[rel];
        if (refused) {
          assert.equal(r.code, 2, `refused sample exits 2 (${refused.reason}); stderr: ${r.stderr}`);
          assert.match(r.stderr, refused.message);
          assert.equal(r.stdout, '');
          continue;
        }
        let override: string | undefined;
        if (r.code === 2 && /no query text/.test(r.stderr)) {
          // Most stack responses hold the results only; the query must come from --query.
          assert.match(r.stderr, /--query/);
          needingQuery++;
          override = QUERY;
          r = await cli.run([...base, '--query', QUERY]);
        }
        const noSameShape = SAME_SHAPE_REFUSED[rel];
        if (noSameShape) {
          assert.equal(r.code, 1, `${noSameShape}: the same-shape export is refused`);
          assert.match(r.stderr, /none of the \d+ chunk\(s\) could be located[\s\S]*--export-style cohere/);
          r = await cli.run([...base, ...(override ? ['--query', override] : []), '--export-style', 'cohere']);
          assert.match(r.stderr, /wrote \d+ reranked query sets? \(Cohere/);
        }
        assert.equal(r.code, 0, r.stderr);
        const out = JSON.parse(r.stdout) as CliJson;
        checkShape(out, rel);
        const read = await readPath(p, { file: p });
        checkAgainstReader(out, read, rel, override);
        if (!noSameShape) {
          assert.match(r.stderr, /wrote \d+ reranked query sets? \(same shape/);
          checkSameExport(readFileSync(target, 'utf8'), out, rel);
        }
        if (!statSync(p).isDirectory() && !out.format?.startsWith('beir') && out.format !== 'trec-run') {
          // Standard input goes through readText without a file name: the same sets and scores.
          // (BEIR and TREC samples need their sibling files, which stdin cannot bring.)
          const piped = await cli.run(['rerank', '-', ...base.slice(2, -2), ...(override ? ['--query', override] : [])], readFileSync(p));
          assert.equal(piped.code, 0, `stdin: ${piped.stderr}`);
          assert.deepEqual((JSON.parse(piped.stdout) as CliJson).queries, out.queries, `${rel}: stdin gives the same results`);
          stdinRuns++;
        }
      } catch (e) {
        failures.push(`${rel}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(needingQuery > 0 && needingQuery < all.length, 'some samples hold their query, some do not');
    assert.ok(stdinRuns > 50, `${stdinRuns} samples also read from stdin`);
  });
});
