// Outputs of retrieval stacks the readers were not written for (test/fixtures/formats/wild, README there
// names each stack and doc page), read through the front door: query, every chunk's text start, id,
// score and its kind, original rank, and the note that says how the file was read. A stack without
// texts (Vertex AI Vector Search findNeighbors, FAISS arrays) must be refused, not read as something.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readBytes, readSelection, readText } from '../../../src/core/read/index';
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
    file: 'sqlite-qbox-wrapped.txt', format: 'box-table', note: /SQL-quoted values \('it''s': sqlite3 \.mode qbox, the default from 3\.52\) unquoted in "text"/,
    sets: [[undefined, undefined, [['1', "Refunds are issued within 14 days; it's automatic for card payments.", 0.91, S, 1], ['2', 'Shipping takes 3-5 business days.', 0.82, S, 2]]]],
  },
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
    // Already reranked: original ranks from index (the order sent), the note says whose order the file is.
    file: 'jina-rerank-response.json', format: 'rerank-response', note: /rerank API response, which is already reranked: .*Original ranks are index \+ 1 .*"before" is the order the documents were sent in, not the file's order/,
    sets: [[undefined, undefined, [['#1', 'New makeup trends', 0.0951, S, 1], ['#2', 'Bio-Hautpflege', 0.0712, S, 2], ['#3', 'Organic skincare', 0.8311, S, 3]]]],
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
    // Rows without column names: the long strings are the text, the fractions the score (rising: a distance), the unique whole numbers the ids.
    file: 'psycopg-fetchall-tuples.json', format: 'inferred-records',
    note: /rows without column names at \$, columns told by content: the long texts, the unique short values as ids, the fractional numbers as scores\): text column "column 2", id column "column 1", score column "column 3" \(a distance, lower is better: it rises down the rows/,
    sets: [[undefined, undefined, [['41', 'Autovacuum removes', 0.1822, D, 1], ['17', 'HOT updates', 0.2515, D, 2], ['63', 'Fillfactor below 100', 0.3107, D, 3]]]],
  },
  {
    // Nested kNN: the documents hold only a title, the passages that matched are in inner_hits.
    file: 'es-nested-inner-hits.json', format: 'elasticsearch-hits',
    note: /hold no text in _source; read their inner hits \(inner_hits\.passages\) as the chunks: 3 passages from 2 documents, in order \(by document, then passage\), each with its own _score; ids are <_id>#<field>\.<offset>/,
    sets: [[undefined, undefined, [['router-x2#passages.4', 'To restore factory settings', 0.9021, S, 1], ['router-x2#passages.5', 'A factory reset erases', 0.812, S, 2], ['mesh-m1#passages.1', 'Resetting one mesh node', 0.7733, S, 3]]]],
  },
  {
    file: 'psql-aligned.txt', format: 'psql-table', note: /^Read psql-aligned\.txt as psql aligned output \(\| columns under a ---\+--- rule\): 3 rows under the header on line 1; dropped the footer "\(3 rows\)" \(line 6\)\.$/,
    sets: [[undefined, undefined, [['pool-2', 'A connection that is never released leaks from the pool; after enough leaks the pool is exhausted.', 0.13510016171252004, D, 1], ['pool-1', 'The connection pool is exhausted', 0.47875301949398685, D, 2], ['retry-1', 'Retries with exponential backoff', 0.6869505273278418, D, 3]]]],
  },
  {
    // A cell with line breaks goes on over lines ending in +; a | inside a cell is text (the columns are where the rule's + are).
    file: 'psql-multiline.txt', format: 'psql-table', note: /3 rows under the header on line 1; 2 rows spread over several lines \(\+ marks a line break, \. a wrap\) joined; dropped the footer "\(3 rows\)"/,
    sets: [[undefined, undefined, [
      ['faq-12', 'Reset the router:\n1. hold the button for ten seconds\n2. wait for the amber light', 0.8731, S, 1],
      ['faq-4', 'The admin password is printed on the label | under the stand.', 0.7702, S, 2],
      ['faq-9', 'Firmware updates run at night.\nDo not unplug the router while the light blinks.', 0.6015, S, 3],
    ]]],
  },
  {
    // \pset format wrapped: a long cell cut at the column width, . at the cut; joined without a separator.
    file: 'psql-wrapped.txt', format: 'psql-table', note: /2 rows under the header on line 1; 1 row spread over several lines/,
    sets: [[undefined, undefined, [['k-1', 'Connection pools hand out a fixed number of connections; a leaked connection is never returned to the pool.', 0.912, S, 1], ['k-2', 'Short passage.', 0.455, S, 2]]]],
  },
  {
    file: 'psql-unicode.txt', format: 'psql-table', note: /2 rows under the header on line 1; 1 row spread over several lines/,
    sets: [[undefined, undefined, [['u-1', 'Unicode line style draws the rule with box characters.\nA line break shows as a return arrow.', 0.12, D, 1], ['u-2', 'The second row has one line.', 0.34, D, 2]]]],
  },
  {
    file: 'mysql-box.txt', format: 'box-table', note: /^Read mysql-box\.txt as a box table \(\+---\+ or ┌───┐ borders: mysql client, sqlite3 \.mode table \/ box, DuckDB, psql \\pset border 2\): 3 rows under the header on line 2; dropped the footer "3 rows in set \(0\.01 sec\)" \(line 8\)\.$/,
    sets: [[undefined, undefined, [['m-204', 'InnoDB keeps a buffer pool', 0.812, S, 1], ['m-118', 'A full-text index in InnoDB uses an inverted index | a FTS_DOC_ID column.', 0.6402, S, 2], ['m-057', 'Slow queries are logged', 0.5533, S, 3]]]],
  },
  {
    // pandas to_markdown(): the unnamed index column becomes metadata "index".
    file: 'pandas-markdown.md', format: 'markdown-table', note: /^Read pandas-markdown\.md as a Markdown table: 3 rows under the header on line 1; the unnamed column called "index"\.$/,
    sets: [[undefined, undefined, [['faq-3', 'Reset your password from the sign-in page; the link expires after an hour.', 0.812, S, 1], ['faq-9', 'Two-factor codes', 0.644, S, 2], ['kb-41', 'Locked accounts', 0.59, S, 3]]]],
  },
  {
    file: 'markdown-escaped-pipes.md', format: 'markdown-table', note: /^Read markdown-escaped-pipes\.md as a Markdown table: 3 rows under the header on line 1\.$/,
    sets: [[undefined, 'how do I pipe output', [['g-1', 'Use `ls | grep txt` to keep only the lines that mention txt.', 0.77, S, 1], ['g-2', 'The shell connects', 0.69, S, 2], ['g-3', 'Redirect with `>`', 0.31, S, 3]]]],
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
  // Round 3: terminal renderers of sqlite3, DuckDB, mysql and psql; more stacks.
  ...['sqlite-box.txt', 'sqlite-table.txt'].map((file): Expect => ({
    file, format: 'box-table', note: /as a box table \(\+---\+ or ┌───┐ borders.*3 rows under the header on line 2\.$/,
    sets: [[undefined, undefined, [['3', 'Write-ahead logging', 0.2184, D, 1], ['1', 'A busy timeout', 0.3377, D, 2], ['7', 'VACUUM rebuilds', 0.5019, D, 3]]]],
  })),
  {
    file: 'sqlite-column.txt', format: 'column-table', note: /as columns aligned with spaces under a dashed rule .*: 3 rows under the header on line 1\.$/,
    sets: [[undefined, undefined, [['3', 'Write-ahead logging lets readers keep reading while one writer appends to the WAL file.', 0.2184, D, 1], ['1', 'A busy timeout', 0.3377, D, 2], ['7', 'VACUUM rebuilds', 0.5019, D, 3]]]],
  },
  {
    file: 'sqlite-line.txt', format: 'sqlite-line', note: /sqlite3 \.mode line output .*: 3 records of 3 fields \(rowid, content, distance\)\.$/,
    sets: [[undefined, undefined, [['3', 'Write-ahead logging lets readers keep reading while one writer appends to the WAL file.', 0.2184, D, 1], ['1', 'A busy timeout', 0.3377, D, 2], ['7', 'VACUUM rebuilds', 0.5019, D, 3]]]],
  },
  {
    // Right-aligned numbers, the type row under the names.
    file: 'duckdb-box.txt', format: 'box-table', note: /3 rows under the header on line 2; skipped the column types on line 3\.$/,
    sets: [[undefined, undefined, [['12', 'Row groups of 122,880 rows', 0.8731, S, 1], ['4', 'Zone maps', 0.7702, S, 2], ['31', 'The ART index speeds up point lookups and enforces primary keys.', 0.6015, S, 3]]]],
  },
  {
    // A value DuckDB spread over extra lines (cut by width, not at words) is joined back whole.
    file: 'duckdb-box-wrapped.txt', format: 'box-table', note: /10 rows under the header on line 2; 2 rows spread over several lines .*skipped the column types on line 3; dropped the footer "10 rows 3 columns" \(line 22\)\.$/,
    sets: [[undefined, undefined, [
      ['12', 'Row groups of 122,880 rows are the unit of parallelism in a DuckDB table scan; each thread takes one row group at a time.', 0.8731, S, 1],
      ['4', 'Zone maps', 0.7702, S, 2], ['31', 'The ART index', 0.6015, S, 3],
      ['8', 'Compression picks a codec per column segment: constant, RLE, bitpacking, dictionary, FSST or ALP for floating point numbers.', 0.5521, S, 4],
      ['19', 'Checkpoints', 0.5012, S, 5], ['2', 'Out-of-core', 0.4733, S, 6], ['27', 'Hash joins', 0.441, S, 7], ['15', 'Window functions', 0.4102, S, 8], ['6', 'Parquet files', 0.3877, S, 9], ['23', 'Vectors hold', 0.3561, S, 10],
    ]]],
  },
  {
    file: 'duckdb-markdown.md', format: 'markdown-table', note: /^Read duckdb-markdown\.md as a Markdown table: 3 rows under the header on line 1\.$/,
    sets: [[undefined, undefined, [['12', 'Row groups', 0.8731, S, 1], ['4', 'Zone maps', 0.7702, S, 2], ['31', 'The ART index', 0.6015, S, 3]]]],
  },
  {
    file: 'mysql-vertical.txt', format: 'mysql-vertical', note: /mysql vertical output .*: 3 records of 3 fields \(id, content, score\); dropped the footer "3 rows in set \(0\.00 sec\)" \(line 13\)\.$/,
    sets: [[undefined, undefined, [['m-204', 'InnoDB keeps a buffer pool of recently used pages in memory; size it to hold the working set.', 0.812, S, 1], ['m-118', 'A full-text index', 0.6402, S, 2], ['m-057', 'Slow queries', 0.5533, S, 3]]]],
  },
  {
    // A value going on over lines (+ at the end of the padded line) is joined with a line break.
    file: 'psql-expanded.txt', format: 'psql-expanded', note: /psql expanded output .*: 3 records of 3 fields \(id, content, distance\); 1 with a value over several lines\.$/,
    sets: [[undefined, undefined, [['pool-2', 'A connection that is never released leaks from the pool; after enough leaks\nthe pool is exhausted and new requests wait.', 0.1351, D, 1], ['pool-1', 'The connection pool', 0.4788, D, 2], ['retry-1', 'Retries with', 0.687, D, 3]]]],
  },
  {
    // Several content parts of one result are one chunk; search_query is a list.
    file: 'openai-vector-store-multipart.json', format: 'openai-vector-store-search',
    sets: [[undefined, 'how long do refunds take', [['file-Ab12Cd34Ef56Gh78', 'Refunds go back to the original payment method.\nCard refunds take five to ten business days to appear.', 0.8613, S, 1], ['file-Zy98Xw76Vu54Ts32', 'Store credit', 0.7421, S, 2]]]],
  },
  {
    file: 'gemini-grounding-rag.json', format: 'gemini-grounding', note: /grounding chunks .* carry no retrieval score; the answer text is not a chunk/,
    sets: [[undefined, 'remote work policy days per week', [['gs://acme-rag/handbook/remote-work.pdf', 'Employees may work remotely', undefined, U, 1], ['gs://acme-rag/handbook/equipment.pdf', 'Remote employees receive', undefined, U, 2], ['gs://acme-rag/handbook/travel.pdf', 'Travel to the office', undefined, U, 3]]]],
  },
  {
    file: 'es-semantic-text-chunks.json', format: 'elasticsearch-hits', note: /_source\.content is a semantic_text field: read its whole text/,
    sets: [[undefined, undefined, [['hb-7', 'Parental leave is sixteen weeks at full pay. It can be split into two blocks taken within the first year.', 17.41, S, 1], ['hb-2', 'Sick days', 9.87, S, 2]]]],
  },
  {
    file: 'es-semantic-highlight.json', format: 'elasticsearch-hits', note: /hold no text in _source or fields: read their highlight\.content fragments as the text, one chunk per hit .*the hit is what the search ranked/,
    sets: [[undefined, undefined, [['hb-7', 'Parental leave is sixteen weeks at full pay.\nIt can be split into two blocks taken within the first year.', 18.02, S, 1], ['hb-2', 'Sick days', 10.5, S, 2]]]],
  },
  {
    file: 'es-fields-no-source.json', format: 'elasticsearch-hits',
    sets: [[undefined, undefined, [['kb-12', 'When every connection', 0.9312, S, 1], ['kb-31', 'A connection that is never returned', 0.8804, S, 2], ['kb-07', 'Aggressive retries', 0.8419, S, 3]]]],
  },
  {
    file: 'langchain4j-embedding-matches.json', format: 'inferred-records', note: /text \$\[\*\]\.embedded\.text, id \$\[\*\]\.embeddingId, score \$\[\*\]\.score \(a similarity/,
    sets: [[undefined, undefined, [['5b1f0a7e-2c4d-4e8f-9a10-3b2c1d0e9f8a', 'Charlie is a golden retriever', 0.8817, S, 1], ['e3a9d1c2-7b6f-4a5e-8d4c-2f1e0a9b8c7d', 'Retrievers need', 0.8122, S, 2], ['0c8b7a6d-5e4f-4c3b-9a2d-1e0f9c8b7a6e', 'Cats groom', 0.7405, S, 3]]]],
  },
  {
    file: 'spring-ai-documents.json', format: 'plain-chunks',
    sets: [[undefined, undefined, [['8f14e45f-ceea-467a-9575-5a2f4b1c3d2e', 'Spring Boot auto-configuration', 0.8127, S, 1], ['c9f0f895-fb98-4b91-a2d6-7e3c1b0a9f8e', 'Conditional annotations', 0.7534, S, 2], ['45c48cce-2e2d-4fbd-a0b1-9c8d7e6f5a4b', 'Actuator endpoints', 0.6682, S, 3]]]],
  },
  {
    file: 'semantic-kernel-search-results.json', format: 'inferred-records', note: /text \$\[\*\]\.Record\.Description, id \$\[\*\]\.Record\.HotelId, score \$\[\*\]\.Score \(a similarity/,
    sets: [[undefined, undefined, [['3', 'A small inn', 0.8731, S, 1], ['11', 'Quiet rooms', 0.8012, S, 2], ['7', 'Budget rooms', 0.6544, S, 3]]]],
  },
  {
    // Python SK over a cosine-distance store: the score rises down the list, so it is a distance.
    file: 'semantic-kernel-python-results.json', format: 'inferred-records', note: /score \$\[\*\]\.score \(a distance, lower is better: "score" rises down the list/,
    sets: [[undefined, undefined, [['h-3', 'A small inn', 0.2154, D, 1], ['h-11', 'Quiet rooms', 0.3307, D, 2], ['h-7', 'Budget rooms', 0.4862, D, 3]]]],
  },
  {
    file: 'cloudflare-vectorize-matches.json', format: 'pinecone-query',
    sets: [[undefined, undefined, [['chunk-41', 'Workers run on V8 isolates', 0.8873, S, 1], ['chunk-12', 'An isolate shares', 0.8419, S, 2], ['chunk-77', 'Cold starts', 0.7902, S, 3]]]],
  },
  {
    file: 'cloudflare-vectorize-rest.json', format: 'wrapped-response',
    sets: [[undefined, undefined, [['chunk-41', 'Workers run on V8 isolates', 0.8873, S, 1], ['chunk-12', 'An isolate shares', 0.8419, S, 2]]]],
  },
  {
    // Raw RESP2: [total, key, [field, value, ...], ...]; the KNN alias vector_score is a distance.
    file: 'redis-ft-search-resp2.json', format: 'redis-vector-search', note: /raw FT\.SEARCH reply \(RESP2: total 3, then key and field list pairs\): 3 documents/,
    sets: [[undefined, undefined, [['doc:17', 'Streams are append-only logs', 0.0923, D, 1], ['doc:4', 'Pub/Sub delivers', 0.1874, D, 2], ['doc:9', 'Lists can act', 0.241, D, 3]]]],
  },
  {
    file: 'excel-utf8-bom-crlf.csv', format: 'csv-header', note: /^excel-utf8-bom-crlf\.csv starts with a byte order mark; ignored it\.$/,
    sets: [[undefined, undefined, [['faq-12', 'Reset the router:\n1. hold the button for ten seconds\n2. wait for the amber light', 0.8731, S, 1], ['faq-4', 'The admin password is printed on the label, under the stand.', 0.7702, S, 2], ['faq-9', 'Firmware updates run at night; do not unplug the router while the light blinks "update".', 0.6015, S, 3]]]],
  },
  {
    // Quotes inside unquoted TSV cells are text, also at the start of a cell.
    file: 'tsv-embedded-quotes.tsv', format: 'tsv-header',
    sets: [[undefined, undefined, [['q-1', 'The manual calls it the "reset" button, though it only reboots.', 0.81, S, 1], ['q-2', '"Factory reset" erases every setting, including the Wi-Fi password.', 0.77, S, 2], ['q-3', 'Hold it 30" (thirty seconds, not inches) for a full reset.', 0.42, S, 3]]]],
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
          // A text given with its final period is the whole text.
          if (/[.!?]$/.test(start) && start.length > 40) assert.equal(ch.text, start, `${c.file} set ${i} chunk ${k}`);
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

  it('rows without column names whose columns cannot be told apart are refused, naming the options', () => {
    const rows = [[1, 'Autovacuum removes dead tuples after updates.', 'Dead tuples are removed by autovacuum.', 0.18], [2, 'HOT updates avoid touching indexes at all.', 'Indexes are untouched by HOT updates.', 0.25]];
    const r = readText(JSON.stringify(rows), { file: 'rows.json' });
    assert.equal(r.sets.length, 0);
    const e = r.diagnostics.find((d) => d.severity === 'error')!;
    assert.match(e.message, /^rows\.json: The rows at \$ have no column names and their columns cannot be told apart by content: 2 columns hold long texts: column 2 \(e\.g\. "Autovacuum removes dead tuples after up\), column 3 \(e\.g\. "Dead tuples are removed/);
    const scores = readText(JSON.stringify([['a', 'The first passage of some length here.', 0.5, 0.25], ['b', 'The second passage of some length here.', 0.4, 0.75]]), { file: 'rows.json' });
    assert.match(scores.diagnostics.find((d) => d.severity === 'error')!.message, /2 columns could be the score: column 3 \(e\.g\. 0\.5\), column 4 \(e\.g\. 0\.25\)/);
    const ids = readText(JSON.stringify([['a', 7, 'The first passage of some length here.', 0.5], ['b', 9, 'The second passage of some length here.', 0.4]]), { file: 'rows.json' });
    assert.match(ids.diagnostics.find((d) => d.severity === 'error')!.message, /2 columns could be the id: column 1 \(e\.g\. "a"\), column 2 \(e\.g\. 7\)/);
  });

  it('rows with column names elsewhere in the file are not read by content', () => {
    const r = readText(JSON.stringify({ columns: ['id', 'content', 'score'], values: [[41, 'Autovacuum removes dead tuples after updates.', 0.18]] }), { file: 'esql.json' });
    assert.match(r.diagnostics.map((d) => d.message).join('\n'), /column names at \$\.columns/);
  });

  it('Elasticsearch documents that hold their own text are the chunks; their inner hits are left, with a note', () => {
    const doc = JSON.parse(fs.readFileSync(path.join(DIR, 'es-nested-inner-hits.json'), 'utf8'));
    doc.hits.hits[0]._source.content = 'The Router X2 manual covers setup, resets and firmware.';
    doc.hits.hits[1]._source.content = 'The Mesh M1 quick start covers adding nodes.';
    const r = readText(JSON.stringify(doc), { file: 'es.json' });
    assert.deepEqual(r.sets[0].chunks.map((c) => [c.id, c.retrieverScore]), [['router-x2', 0.9021], ['mesh-m1', 0.7733]]);
    assert.ok(r.diagnostics.some((d) => d.severity === 'info' && /Read the documents' _source texts at \$\.hits\.hits; their inner_hits were not used\./.test(d.message)), JSON.stringify(r.diagnostics));
  });

  it('pipe tables keep each single-line text cell as its source range in the file', () => {
    for (const file of ['psql-aligned.txt', 'mysql-box.txt', 'pandas-markdown.md']) {
      const text = fs.readFileSync(path.join(DIR, file), 'utf8');
      for (const ch of readText(text, { file }).sets[0].chunks) {
        assert.ok(ch.source, `${file} ${ch.id}`);
        assert.equal(text.slice(ch.source.offset, ch.source.offset + ch.source.length), ch.text, `${file} ${ch.id}`);
      }
    }
  });

  it('prose and code with | are not tables; a Markdown table without a text column is refused', () => {
    const prose = read('prose-with-pipes.txt');
    assert.ok(!/table/.test(prose.format ?? ''), prose.format);
    assert.equal(prose.sets[0].chunks[0].text.startsWith('Pipes connect commands'), true);
    const code = read('code-with-pipes.md');
    assert.equal(code.format, 'text-single');
    // Unfenced code whose second line is a dash rule: the bars are not where the rule's + is.
    const shell = readText('ps aux | grep node | awk {print}\n---------+---------\necho done | tee -a log.txt\n', { file: 'notes.txt' });
    assert.ok(!/table/.test(shell.format ?? ''), shell.format);
    // A Setext heading (no + in the rule) is not a psql table either.
    assert.ok(!/table/.test(readText('Title | subtitle\n----------------\nBody text | more.\n', { file: 'a.md' }).format ?? ''));
    // A Markdown table inside prose is left to the text reader.
    assert.ok(!/table/.test(readText('Intro paragraph.\n\n| a | text |\n|---|---|\n| 1 | A passage of text here. |\n', { file: 'doc.md' }).format ?? ''));
    const none = read('markdown-no-text.md');
    assert.equal(none.sets.length, 0);
    assert.match(none.diagnostics.find((d) => d.severity === 'error')!.message, /^markdown-no-text\.md has a header \(id, score, rank\) but no column holds chunk texts/);
  });

  it('a psql table selected in the editor reads like the file, with the query line above it', () => {
    const table = fs.readFileSync(path.join(DIR, 'psql-aligned.txt'), 'utf8');
    const r = readSelection(`Query: why is the pool exhausted\n${table}`, { file: 'notes.md', startLine: 10, startColumn: 0, startOffset: 500 });
    assert.equal(r.format, 'psql-table');
    assert.equal(r.sets[0].query, 'why is the pool exhausted');
    assert.deepEqual(r.sets[0].chunks.map((c) => c.id), ['pool-2', 'pool-1', 'retry-1']);
    assert.equal(r.sets[0].chunks[0].source?.startLine, 13);
    const sel = `Query: why is the pool exhausted\n${table}`;
    assert.equal(sel.slice(r.sets[0].chunks[1].source!.offset - 500).startsWith('The connection pool is exhausted'), true);
    const f = readText(`Query: why is the pool exhausted\n\n${table}`, { file: 'pasted.txt' });
    assert.deepEqual([f.format, f.sets[0].query, f.sets[0].chunks.length], ['psql-table', 'why is the pool exhausted', 3]);
  });

  it('a broken row of a pipe table is an error naming its line', () => {
    const r = readText('| id | text |\n|----|------|\n| a | A first passage of text. |\n| b | A second | passage with a bare bar. |\n', { file: 't.md' });
    assert.deepEqual(r.sets[0].chunks.map((c) => c.id), ['a']);
    assert.match(r.diagnostics.find((d) => d.severity === 'error')!.message, /^Skipped line 4 of t\.md: expected 2 \|-separated columns \(id, text\), found 3\./);
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
  it('Excel "Unicode Text" (UTF-16LE with BOM, tabs, a quoted cell with doubled quotes) is decoded and unquoted', () => {
    const r = readBytes(new Uint8Array(fs.readFileSync(path.join(DIR, 'excel-unicode-text.txt'))), { file: 'excel-unicode-text.txt' });
    assert.equal(r.format, 'tsv-header');
    assert.deepEqual(r.sets[0].chunks.map((c) => [c.id, c.text, c.retrieverScore, c.scoreKind]), [
      ['k-1', 'Käse and Brötchen are served from seven; the café closes at noon.', 0.91, S],
      ['k-2', 'The sign says "no dogs", but guide dogs are welcome.', 0.52, S],
      ['k-3', 'Breakfast ends at 10:30 on weekends.', 0.33, S],
    ]);
    const msgs = r.diagnostics.map((d) => d.message).join('\n');
    assert.match(msgs, /UTF-16LE \(byte order mark\); decoded it/);
    assert.match(msgs, /1 cell of excel-unicode-text\.txt is quoted with doubled inner quotes, as Excel writes tab-separated text \(first on line 3\)/);
  });

  it('Vectorize matches without returnMetadata (ids and scores only) are refused, naming what was found', () => {
    const r = read('cloudflare-vectorize-ids-only.json');
    assert.equal(r.sets.length, 0);
    assert.match(r.diagnostics.find((d) => d.severity === 'error')!.message, /No text fields found in cloudflare-vectorize-ids-only\.json: .*keys count, matches/);
    const e = r.diagnostics.find((d) => d.severity === 'error')!;
    assert.match(e.message, /3 records under "matches" holding only id and score \(ids and scores, no texts\)/);
    assert.match(e.hint!, /returnMetadata: 'all'/);
  });

  it('a DuckDB table cut short or with cut texts is read with a warning that says so', () => {
    const hidden = ['┌───────┬──────────────────────────────┐', '│  id   │           content            │', '│ int64 │           varchar            │', '├───────┼──────────────────────────────┤',
      '│     1 │ The first passage of text.   │', '│     · │ ·                            │', '│     · │ ·                            │', '│     · │ ·                            │',
      '│    99 │ The last passage, cut to fi… │', '├───────┴──────────────────────────────┤', '│ 99 rows (2 shown)        2 columns │', '└──────────────────────────────────────┘'].join('\n');
    const r = readText(hidden, { file: 'duck.txt' });
    assert.equal(r.format, 'box-table');
    assert.deepEqual(r.sets[0].chunks.map((c) => c.id), ['1', '99']);
    const warnings = r.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message);
    assert.ok(warnings.some((m) => /duck\.txt is a table the terminal cut short \(99 rows \(2 shown\) 2 columns\)/.test(m)), JSON.stringify(warnings));
    assert.ok(warnings.some((m) => /1 text of duck\.txt ends in "…" \(first: 99\): a terminal renderer cut it/.test(m)), JSON.stringify(warnings));
  });

  it('box-drawing prose, ASCII art and "name: value" prose are not tables or records', () => {
    const notTable = (text: string, file: string) => {
      const r = readText(text, { file });
      assert.ok(!/table|vertical|expanded|sqlite-line/.test(r.format ?? ''), `${file}: ${r.format}`);
    };
    // A diagram in a Markdown code block, box characters and all.
    notTable('The pipeline:\n\n```\n┌──────────┐     ┌──────────┐\n│ retriever │ ──▶ │ reranker │\n└──────────┘     └──────────┘\n```\n\nThe reranker reads the top fifty.\n', 'diagram.md');
    // A bare box diagram: a border, one labelled line, a border (no header rule under names, no rows).
    notTable('┌──────────────┐\n│ Rerank Lens  │\n└──────────────┘\n', 'banner.txt');
    // ASCII art with + and - corners around prose.
    notTable('+--------------------------+\n|  Welcome to the server!  |\n+--------------------------+\nRead the rules before you post.\n', 'motd.txt');
    // Prose with dashed underlines (two dash groups) and text in the gap.
    notTable('Results and notes\n-------  -----\nThe first result was relevant and the second was not.\n', 'notes.txt');
    // Prose lines with colons and equals signs.
    notTable('Note: the pool is small.\nReason: too many clients.\nFix: raise max_connections or add PgBouncer.\n', 'memo.txt');
    notTable('x = 1\ny = 2\nThe values above are examples only, not records.\n', 'math.txt');
    // Records whose field names differ from block to block are not a table either.
    notTable('*************************** 1. row ***************************\n id: 1\ntext: One passage.\n*************************** 2. row ***************************\n  id: 2\nbody: Another passage.\n', 'mixed.txt');
  });
});
