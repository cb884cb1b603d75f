// Outputs of retrieval stacks the readers were not written for (test/fixtures/formats/wild, README there
// names each stack and doc page), read through the front door: query, every chunk's text start, id,
// score and its kind, original rank, and the note that says how the file was read. A stack without
// texts (Vertex AI Vector Search findNeighbors, FAISS arrays) must be refused, not read as something.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readText } from '../../../src/core/read/index';
import type { ReadResult } from '../../../src/core/types';

const DIR = path.resolve(__dirname, '../../fixtures/formats/wild');
const read = (file: string, opts: { backslashes?: 'copy' | 'literal' } = {}): ReadResult => readText(fs.readFileSync(path.join(DIR, file), 'utf8'), { file, ...opts });

interface Expect {
  file: string;
  format: string;
  /** Per set: [name or undefined, query or undefined, chunks: [id, text start, score, kind, rank]]. */
  sets: [string | undefined, string | undefined, [string, string, number | undefined, string, number][]][];
  /** A diagnostic (info unless said) that must say how the file was read. */
  note?: RegExp;
}

const S = 'similarity';
const D = 'distance';
const U = 'unknown';

const CASES: Expect[] = [
  {
    file: 'es-esql-score.json', format: 'inferred-records', note: /rows of a table \(column names at \$\.columns and rows at \$\.values\): text column "content", id column "_id", score column "_score" \(a similarity/,
    sets: [[undefined, undefined, [['kb-12', 'When every connection', 7.412, S, 1], ['kb-31', 'A connection that is never returned', 5.118, S, 2], ['kb-07', 'Aggressive retries', 2.903, S, 3]]]],
  },
  {
    file: 'databricks-vector-search.json', format: 'inferred-records', note: /column names at \$\.manifest\.columns and rows at \$\.result\.data_array\): text column "chunk_text", id column "chunk_id", score column "score"/,
    sets: [[undefined, undefined, [['c-104', 'Raise max_connections', 0.0071, S, 1], ['c-221', 'PgBouncer in transaction', 0.0064, S, 2], ['c-019', 'Idle transactions', 0.0052, S, 3]]]],
  },
  {
    file: 'snowflake-sql-api.json', format: 'inferred-records', note: /text column "CHUNK", id column "DOC_ID", score column "SIMILARITY" \(a similarity/,
    sets: [[undefined, undefined, [['D-88', 'Warehouse auto-suspend', 0.8412, S, 1], ['D-14', 'Multi-cluster', 0.8107, S, 2], ['D-52', 'Result caching', 0.7765, S, 3]]]],
  },
  {
    file: 'clickhouse-format-json.json', format: 'inferred-records', note: /score \$\.data\[\*\]\.score \(a distance, lower is better: "score" rises down the list/,
    sets: [[undefined, undefined, [['4102', 'The HTTP client', 0.1834, D, 1], ['977', 'Keep-alive sockets', 0.2411, D, 2], ['3150', 'DNS lookups', 0.3902, D, 3]]]],
  },
  {
    file: 'pandas-split.json', format: 'inferred-records', note: /column names at \$\.columns and rows at \$\.data/,
    sets: [[undefined, undefined, [['faq-3', 'Reset your password', 0.812, S, 1], ['faq-9', 'Two-factor codes', 0.644, S, 2], ['kb-41', 'Locked accounts', 0.59, S, 3]]]],
  },
  {
    file: 'pandas-columns.json', format: 'inferred-records', note: /columns of \{row: value\} \(pandas to_json\)\): text column "text", id column "doc_id"/,
    sets: [[undefined, undefined, [['faq-3', 'Reset your password', 0.812, S, 1], ['faq-9', 'Two-factor codes', 0.644, S, 2], ['kb-41', 'Locked accounts', 0.59, S, 3]]]],
  },
  {
    file: 'qdrant-query-groups.json', format: 'inferred-records', note: /records at \$\.result\.groups\[\*\]\.hits\[\*\]: text \$\.result\.groups\[\*\]\.hits\[\*\]\.payload\.text/,
    sets: [
      ['manual.pdf', undefined, [['311', 'Hold the reset button', 0.873, S, 1], ['318', 'After a factory reset', 0.741, S, 2]]],
      ['faq.md', undefined, [['57', 'If the light stays red', 0.802, S, 1]]],
    ],
  },
  {
    // group_by: one set per group named by its group_key, the query from request_params.q, text_match kept.
    file: 'typesense-group-by.json', format: 'typesense-search', note: /Read 2 groups of a group_by search as one set each, named by group_key/,
    sets: [
      ['handbook', 'expense receipts deadline', [['h-1', 'Expense reports are due', 578730123365187705, S, 1], ['h-7', 'Receipts under twenty euros', 578730089005449337, S, 2]]],
      ['policy', 'expense receipts deadline', [['p-3', 'Travel booked outside', 578730054645710969, S, 1]]],
    ],
  },
  {
    file: 'meilisearch-federated.json', format: 'meilisearch-search',
    sets: [[undefined, undefined, [['21', 'Refunds are issued', 0.9712, S, 1], ['4', 'The customer asked', 0.8874, S, 2], ['35', 'Refunds for gift', 0.8126, S, 3]]]],
  },
  {
    // RRF puts the fused score in "distance": the falling order says higher is better, and a note says so.
    file: 'milvus-hybrid-rrf.json', format: 'milvus-search', note: /the order says the scores are similarities/,
    sets: [[undefined, undefined, [['449812', 'Compaction merges', 0.0328, S, 1], ['449790', 'Segments are sealed', 0.0317, S, 2], ['450003', 'Deleted entities', 0.0161, S, 3]]]],
  },
  {
    file: 'exa-search.json', format: 'plain-query-documents', note: /has no query/,
    sets: [[undefined, undefined, [['https://example.org/blog/cross-encoders', 'A cross-encoder reads', 0.2193, S, 1], ['https://example.net/notes/bi-encoders', 'Bi-encoders embed', 0.2011, S, 2], ['https://example.com/rerank-latency', 'Reranking the top fifty', 0.1874, S, 3]]]],
  },
  {
    file: 'couchbase-vector-search.json', format: 'inferred-records', note: /text \$\.hits\[\*\]\.fields\.description, id \$\.hits\[\*\]\.id, score \$\.hits\[\*\]\.score \(a similarity/,
    sets: [[undefined, undefined, [['hotel_10025', 'Basic rooms', 0.8342, S, 1], ['hotel_10026', 'Family-run guesthouse', 0.8105, S, 2], ['hotel_10064', 'Rooms facing the sea', 0.7718, S, 3]]]],
  },
  {
    file: 'mongodb-mflix-plot.json', format: 'mongodb-atlas-search',
    sets: [[undefined, undefined, [['573a1398f29313caabce9682', 'A young man', 0.9393, S, 1], ['573a13c2f29313caabd686b0', 'A scientist builds', 0.9274, S, 2], ['573a13a0f29313caabd040e9', 'A woman wakes', 0.9146, S, 3]]]],
  },
  {
    file: 'supabase-js-rpc-response.json', format: 'inferred-records', note: /score \$\.data\[\*\]\.similarity \(a similarity/,
    sets: [[undefined, undefined, [['112', 'Row level security', 0.8721, S, 1], ['87', 'The anon key', 0.8014, S, 2], ['203', 'Use auth.uid()', 0.7788, S, 3]]]],
  },
  {
    file: 'txtai-search.json', format: 'plain-chunks',
    sets: [[undefined, undefined, [['2', 'Maine man wins', 0.0821, S, 1], ['4', 'Make huge profits', 0.0693, S, 2], ['0', 'US tops 5 million', 0.0312, S, 3]]]],
  },
  {
    file: 'dspy-prediction-passages.json', format: 'plain-query-documents', note: /has no query/,
    sets: [[undefined, undefined, [['#1', 'The Eiffel Tower was completed', undefined, U, 1], ['#2', "Gustave Eiffel's company", undefined, U, 2], ['#3', 'At 330 metres', undefined, U, 3]]]],
  },
  {
    file: 'jina-rerank-response.json', format: 'rerank-response',
    sets: [[undefined, undefined, [['#3', 'Organic skincare', 0.8311, S, 1], ['#1', 'New makeup trends', 0.0951, S, 2], ['#2', 'Bio-Hautpflege', 0.0712, S, 3]]]],
  },
  {
    file: 'sqlite-vec-rows.json', format: 'plain-chunks',
    sets: [[undefined, undefined, [['3', 'Write-ahead logging', 0.2184, D, 1], ['1', 'A busy timeout', 0.3377, D, 2], ['7', 'VACUUM rebuilds', 0.5019, D, 3]]]],
  },
  {
    // FTS5's rank is bm25(): negative, more negative is better; the rising order says lower is better.
    file: 'sqlite-fts5-bm25.json', format: 'plain-chunks', note: /"rank" of the items at \$ holds scores, not positions .*lower is better/,
    sets: [[undefined, undefined, [['12', 'SQLite allows many readers', -3.412, D, 1], ['5', 'In WAL mode', -2.087, D, 2], ['9', 'Set a busy timeout', -1.254, D, 3]]]],
  },
  {
    file: 'app-log.ndjson', format: 'inferred-records', note: /records at \$\[\*\]\.results\[\*\]/,
    sets: [
      [undefined, 'how do I rotate the api key', [['sec-4', 'Rotate keys', 0.83, S, 1], ['sec-9', 'Keys are scoped', 0.71, S, 2]]],
      [undefined, 'what happens to revoked keys', [['sec-6', 'Requests signed', 0.79, S, 1], ['sec-4', 'Rotate keys', 0.62, S, 2]]],
    ],
  },
  {
    file: 'pgadmin-export.csv', format: 'csv-header',
    sets: [[undefined, undefined, [['pool-2', 'A connection that is never released leaks from the pool; after enough leaks, the pool', 0.1351, D, 1], ['pool-1', 'The pool is exhausted', 0.4788, D, 2], ['retry-1', 'Retries with exponential backoff spread load when a downstream service is slow, say "after 5 s".', 0.687, D, 3]]]],
  },
  {
    file: 'dbeaver-semicolon.csv', format: 'csv-header', note: /separates its fields with semicolons .*read 3 numbers with a decimal comma/,
    sets: [[undefined, undefined, [['pool-2', 'A connection that is never released leaks from the pool; after enough leaks, the pool', 0.1351, D, 1], ['pool-1', 'The pool is exhausted when every connection is checked out, and', 0.4788, D, 2], ['retry-1', 'Retries with', 0.687, D, 3]]]],
  },
  {
    file: 'psql-copy-escapes.tsv', format: 'tsv-header', note: /as a PostgreSQL COPY text export \(a \\N \(NULL\) cell on line 3\): decoded its backslash escapes \(first: line 2: \\n\)/,
    sets: [[undefined, undefined, [
      ['pool-2', 'A connection that is never released leaks.\nAfter enough leaks the pool is exhausted.', 0.1351, D, 1],
      ['pool-1', 'Use \\dt in psql to list tables;\tcolumns are tab-separated.', 0.4788, D, 2],
      ['retry-1', 'Backoff doubles each wait: 1 s, 2 s, 4 s \u2014 then gives up (capped).', 0.687, D, 3],
    ]]],
  },
  {
    file: 'unmarked-escapes.tsv', format: 'tsv-header', note: /holds backslash escapes like PostgreSQL COPY text format writes \(line 2: \\n\), but nothing marks it as a COPY export .*read backslashes literally/,
    sets: [[undefined, undefined, [['k-1', 'The first line of the note.\\nThe second line', 0.91, S, 1], ['k-2', 'Tabs\\tinside a cell', 0.52, S, 2]]]],
  },
  {
    file: 'plain-backslashes.tsv', format: 'tsv-header',
    sets: [[undefined, undefined, [['w-1', 'Logs are written to C:\\temp\\new\\app.log', undefined, U, 1], ['w-2', 'The regex \\d+ matches', undefined, U, 2]]]],
  },
];

function summary(r: ReadResult) {
  return r.sets.map((s) => [s.name, s.query, s.chunks.map((c) => [c.id, c.text, c.retrieverScore, c.scoreKind, c.originalRank])]);
}

describe('read: outputs of more stacks (fixtures/formats/wild)', () => {
  for (const c of CASES) {
    it(`${c.file}: ${c.format}, texts, ids, scores and their kind, ranks`, () => {
      const r = read(c.file);
      const got = summary(r);
      assert.equal(r.format, c.format, JSON.stringify(r.diagnostics));
      assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
      assert.equal(got.length, c.sets.length, JSON.stringify(got));
      c.sets.forEach(([name, query, chunks], i) => {
        const set = r.sets[i];
        assert.equal(set.name, name);
        assert.equal(set.query, query);
        assert.equal(set.chunks.length, chunks.length);
        chunks.forEach(([id, start, score, kind, rank], k) => {
          const ch = set.chunks[k];
          assert.ok(ch.text.startsWith(start), `${c.file} set ${i} chunk ${k}: ${JSON.stringify(ch.text)} does not start with ${JSON.stringify(start)}`);
          assert.deepEqual([ch.id, ch.retrieverScore, ch.scoreKind, ch.originalRank], [id, score, kind, rank], `${c.file} set ${i} chunk ${k}`);
        });
      });
      if (c.note) assert.ok(r.diagnostics.some((d) => c.note!.test(d.message)), `no note ${c.note} in ${JSON.stringify(r.diagnostics.map((d) => d.message))}`);
    });
  }

  it('a table read from rows keeps every source range on the text cell in the file', () => {
    for (const file of ['es-esql-score.json', 'databricks-vector-search.json', 'pandas-split.json', 'pandas-columns.json', 'snowflake-sql-api.json']) {
      const text = fs.readFileSync(path.join(DIR, file), 'utf8');
      const r = readText(text, { file });
      for (const ch of r.sets[0].chunks) {
        assert.ok(ch.source, `${file} ${ch.id}: no source`);
        assert.equal(JSON.parse(`"${text.slice(ch.source.offset, ch.source.offset + ch.source.length)}"`), ch.text, `${file} ${ch.id}`);
      }
    }
  });

  it('outputs without any text are refused, naming what was found', () => {
    for (const [file, keys] of [['vertex-vector-search-find-neighbors.json', /nearestNeighbors/], ['faiss-search-arrays.json', /keys D, I/]] as const) {
      const r = read(file);
      assert.equal(r.sets.length, 0);
      const e = r.diagnostics.find((d) => d.severity === 'error')!;
      assert.match(e.message, /No text fields found/);
      assert.match(e.message, keys);
    }
  });

  it('rows without column names (psycopg fetchall) are refused with the text column offered as a path', () => {
    const r = read('psycopg-fetchall-tuples.json');
    assert.equal(r.sets.length, 0);
    assert.equal(r.candidates?.[0].path, '$[*][*]');
    assert.match(r.diagnostics[0].message, /pick a text path/);
  });

  it('Elasticsearch nested passages (inner_hits) are refused with the inner-hit text path offered first', () => {
    const r = read('es-nested-inner-hits.json');
    assert.equal(r.sets.length, 0);
    assert.equal(r.candidates?.[0].path, '$.hits.hits[*].inner_hits.passages.hits.hits[*]._source.text');
  });

  it('COPY escapes: the backslashes option overrides the rule both ways', () => {
    assert.equal(read('unmarked-escapes.tsv', { backslashes: 'copy' }).sets[0].chunks[0].text, 'The first line of the note.\nThe second line, after a break.');
    assert.equal(read('psql-copy-escapes.tsv', { backslashes: 'literal' }).sets[0].chunks[0].text, 'A connection that is never released leaks.\\nAfter enough leaks the pool is exhausted.');
  });

  it('COPY escapes: a \\N null with a backslash COPY never writes is read literally, with a warning naming both', () => {
    const r = readText('id\ttitle\tcontent\nk-1\t\\N\tLine one\\nline two with a regex \\d+ in it.\n', { file: 'mixed.tsv' });
    assert.equal(r.sets[0].chunks[0].text, 'Line one\\nline two with a regex \\d+ in it.');
    assert.ok(r.diagnostics.some((d) => d.severity === 'warning' && /a \\N \(NULL\) cell on line 2 like a PostgreSQL COPY export, but also a backslash COPY never writes \(line 2: \\d\)/.test(d.message)), JSON.stringify(r.diagnostics));
  });

  it('COPY framing: the COPY ... FROM stdin line and the \\. end line mark a COPY export and are not rows', () => {
    const r = readText('COPY public.docs (id, content) FROM stdin;\nd1\tFirst line\\nsecond line of the first doc.\nd2\tA path C:\\\\tmp kept with one backslash.\n\\.\n', { file: 'dump.tsv' });
    assert.deepEqual(r.sets[0].chunks.map((c) => [c.id, c.text]), [['d1', 'First line\nsecond line of the first doc.'], ['d2', 'A path C:\\tmp kept with one backslash.']]);
    assert.ok(r.diagnostics.some((d) => /Skipped line 1 of dump\.tsv: a COPY command/.test(d.message)));
  });
});
