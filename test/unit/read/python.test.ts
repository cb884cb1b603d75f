// Python reprs pasted from a notebook or a log (src/core/read/python.ts): the wild fixtures read
// through the front door (query, texts, ids, scores and their kind, ranks, the note), the literal
// parser's corners (escapes, triple quotes, wrappers, enums, sets, cut pastes), and what must never be
// read as a Python value (source code, a stack trace, prose with parentheses).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSelection, readText } from '../../../src/core/read/index';
import { CLASS_KEY, parsePython } from '../../../src/core/read/python';
import type { ReadResult } from '../../../src/core/types';

const DIR = path.resolve(__dirname, '../../fixtures/formats/wild');
const read = (file: string): ReadResult => readText(fs.readFileSync(path.join(DIR, file), 'utf8'), { file });

const S = 'similarity';
const D = 'distance';
const U = 'unknown';

interface Expect {
  file: string;
  format: string;
  /** [id, text start (a whole text when it ends with a period), score, kind, rank, metadata subset]. */
  chunks: [string, string, number | undefined, string, number, Record<string, unknown>?][];
  notes: RegExp[];
  /** Diagnostics of this severity that must say so. */
  warning?: RegExp;
}

const CASES: Expect[] = [
  {
    file: 'langchain-repr-with-score.txt', format: 'langchain-scored',
    chunks: [
      ['5fcd47fb-6c72-4967-b141-24709e97e930', "Refunds are issued to the original payment method within 14 days. We don't refund gift cards.", 0.2854572534561157, D, 1, { [CLASS_KEY]: 'Document', source: 'handbook/refunds.md', page: 3 }],
      ['a6e44d6d-e9e5-4b33-b196-6c9a6b66a66c', 'Orders ship within 2 business days.\nTracking links are emailed once the parcel leaves the warehouse.', 0.4120833277702331, D, 2],
      ['0baef99e-232e-4580-8ab4-ebd930d33c34', 'To request a refund, open the order page and choose "Request refund"; the 14-day window starts at delivery.', 0.5877972841262817, D, 3, { created_at: 'datetime.datetime(2024, 7, 22, 16, 39, 17, 662073)' }],
    ],
    notes: [/as a printed Python value \(repr of Document\): literals only, nothing was run/, /read as distances \(they rise down the list\)/],
  },
  {
    file: 'langchain-repr-relevance-pprint.txt', format: 'langchain-scored',
    chunks: [
      ['#1', 'The warranty covers manufacturing defects for two years from the date of purchase.', 0.8193451166152954, S, 1, { row: 12 }],
      ['#2', 'Accidental damage such as drops or spills is not covered by the warranty.', 0.7620959333946706, S, 2],
      ['#3', 'Items can be returned within 30 days if they are unused and in their original packaging.', 0.6514290070533753, S, 3],
    ],
    notes: [/printed Python value/],
  },
  {
    file: 'langchain-repr-documents.txt', format: 'langchain-documents',
    chunks: [
      ['#1', 'Recall@k measures how many of the relevant passages appear in the top k results.', undefined, U, 1, { title: 'Evaluating RAG' }],
      ['#2', "A cross-encoder reads the query and the passage together, so it's slower but more precise than a bi-encoder.", undefined, U, 2],
      ['#3', 'Chunks of 200 to 500 tokens with a small overlap are a common starting point.', undefined, U, 3],
    ],
    notes: [/repr of Document/],
  },
  {
    file: 'llamaindex-repr-nodes.txt', format: 'llamaindex-nodes',
    chunks: [
      ['814e5f2a-2150-4bae-8a59-fa728379e978', 'Employees accrue 1.5 vacation days per month of service.\nUnused days carry over up to a maximum of 10.', 0.9202238321304321, S, 1, { file_name: 'policy.pdf', page_label: '4', ref_doc_id: '9a1c2f40-5b8e-4d7a-b1f3-0c6e2d9a7b11' }],
      ['fc1df8cc-f1d3-4a7b-8c21-f83b18463758', "Sick leave is separate from vacation and doesn't require a doctor's note for absences under three days.", 0.8120511, S, 2],
    ],
    notes: [/repr of RelatedNodeInfo, TextNode, NodeWithScore/],
  },
  {
    file: 'haystack2-repr-documents.txt', format: 'haystack-documents',
    chunks: [
      ['3f6c0a3b2b4e9d7e1f5a8c2d4b6e8f0a1c3e5d7f9b2a4c6e8d0f1a3b5c7e9d2f', 'Berlin is the capital of Germany and its largest city by population, with about 3.8 million resident...', 1.2839101403498956, S, 1, { file_path: 'cities.txt', page_number: 1 }],
      ['7a9e1c3b5d7f9a2c4e6b8d0f2a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a1c', "Munich hosts Oktoberfest, which isn't only about beer.", 0.9031862373047714, S, 2],
      ['c2e4a6b8d0f2c4e6a8b0d2f4c6e8a0b2d4f6c8e0a2b4d6f8c0e2a4b6d8f0a2c4', 'Hamburg is a major port city in northern Germany.', 0.45170327415390193, S, 3],
    ],
    notes: [/repr of Document/],
    warning: /1 text is cut at 100 characters \("\.\.\." at the end\): Haystack's Document repr prints content\[:100\]/,
  },
  {
    // CrossEncoder.rank(..., return_documents=True): already reranked; corpus_id is the id and, + 1, the
    // original rank (the order the documents were passed in); the np.float32 logits the scores.
    file: 'st-crossencoder-rank.txt', format: 'st-crossencoder-rank',
    chunks: [
      ['0', 'Bi-encoders embed queries and passages separately so passages can be indexed ahead of time.', 3.2150223, S, 1, { reranked: { by: 'sentence-transformers CrossEncoder.rank', rank: 2, score: 3.2150223 } }],
      ['1', "BM25 ranks documents by term frequency and inverse document frequency; it doesn't use embeddings.", -4.7186112, S, 2, { reranked: { by: 'sentence-transformers CrossEncoder.rank', rank: 3, score: -4.7186112 } }],
      ['2', 'A cross-encoder scores the query and a passage together in one forward pass.', 7.9302554, S, 3, { reranked: { by: 'sentence-transformers CrossEncoder.rank', rank: 1, score: 7.9302554 } }],
    ],
    notes: [/printed Python value \(repr\)/, /^Read as sentence-transformers CrossEncoder\.rank output, which is already reranked: its order and its scores are a reranker's \(a cross-encoder's\), not a first-stage retriever's\. Original ranks are corpus_id \+ 1 .*"before" is the order the documents were sent in, not the file's order/],
  },
];

describe('read: Python reprs pasted from notebooks and logs', () => {
  for (const c of CASES) {
    it(`${c.file}: ${c.format}, texts, ids, scores and their kind, ranks, the note`, () => {
      for (const [how, r] of [['file', read(c.file)], ['stdin', readText(fs.readFileSync(path.join(DIR, c.file), 'utf8'))]] as const) {
        assert.equal(r.format, c.format, `${how}: ${JSON.stringify(r.diagnostics)}`);
        assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
        assert.equal(r.sets.length, 1);
        const set = r.sets[0];
        assert.equal(set.query, undefined);
        assert.equal(set.chunks.length, c.chunks.length);
        c.chunks.forEach(([id, text, score, kind, rank, meta], k) => {
          const ch = set.chunks[k];
          if (/[.!?]$/.test(text)) assert.equal(ch.text, text);
          else assert.ok(ch.text.startsWith(text), ch.text);
          assert.deepEqual([ch.id, ch.retrieverScore, ch.scoreKind, ch.originalRank], [id, score, kind, rank], `${c.file} chunk ${k}`);
          for (const [key, v] of Object.entries(meta ?? {})) assert.deepEqual(ch.metadata[key], v, `${c.file} chunk ${k} metadata ${key}`);
          // Paths index the parsed value, not a JSON file: nothing for a same-shape export to edit.
          assert.equal(ch.origin, undefined);
        });
        for (const n of c.notes) assert.ok(r.diagnostics.some((d) => n.test(d.message)), `${how}: no note ${n} in ${JSON.stringify(r.diagnostics.map((d) => d.message))}`);
        const warnings = r.diagnostics.filter((d) => d.severity === 'warning');
        if (c.warning) assert.ok(warnings.some((d) => c.warning!.test(d.message)), JSON.stringify(warnings));
        else assert.deepEqual(warnings, []);
      }
    });
  }

  it('texts point at their characters in the file (single-line and pretty-printed)', () => {
    const text = fs.readFileSync(path.join(DIR, 'langchain-repr-relevance-pprint.txt'), 'utf8');
    const r = readText(text, { file: 'x.txt' });
    const src = r.sets[0].chunks[1].source!;
    assert.equal(src.startLine, 3);
    assert.equal(text.slice(src.offset, src.offset + src.length), 'Accidental damage such as drops or spills is not covered by the warranty.');
  });

  it('sentence-transformers util.semantic_search (ids and scores only) is refused, naming what is missing and the fix', () => {
    const r = read('st-semantic-search-ids-only.txt');
    assert.equal(r.sets.length, 0);
    const e = r.diagnostics.find((d) => d.severity === 'error')!;
    assert.match(e.message, /5 records in 2 lists \(one per query\) holding only corpus_id and score \(ids and scores, no texts\)/);
    assert.match(e.hint!, /corpus\[h\["corpus_id"\]\].*CrossEncoder\.rank\(query, docs, return_documents=True\)/);
  });

  it('a selection with a Query: line above a repr gets that query', () => {
    const body = fs.readFileSync(path.join(DIR, 'langchain-repr-documents.txt'), 'utf8');
    const r = readSelection(`Query: how do rerankers work\n${body}`, { file: 'nb.ipynb', startLine: 10, startColumn: 0 });
    assert.equal(r.sets[0].query, 'how do rerankers work');
    assert.equal(r.sets[0].chunks.length, 3);
    assert.equal(r.sets[0].chunks[0].source!.startLine, 11);
  });

  it('a single Document(...) without a list is one chunk, not split text', () => {
    const r = readText("Document(metadata={'source': 'a.md'}, page_content='Only one passage came back from the retriever today.')");
    assert.equal(r.format, 'langchain-documents');
    assert.equal(r.sets[0].chunks[0].text, 'Only one passage came back from the retriever today.');
  });

  it('a Haystack 1.x <Document: {...}> repr and a .json file holding a repr', () => {
    const h1 = "[<Document: {'content': 'Paris is the capital of France and its most populous city.', 'content_type': 'text', 'score': 0.62, 'meta': {'name': 'paris.txt'}, 'id_hash_keys': ['content'], 'embedding': None, 'id': 'a1b2'}>]";
    const r = readText(h1, { file: 'out.json' });
    assert.equal(r.format, 'haystack-documents', JSON.stringify(r.diagnostics));
    assert.deepEqual([r.sets[0].chunks[0].id, r.sets[0].chunks[0].retrieverScore], ['a1b2', 0.62]);
  });

  it('a list cut with "..." is read with a warning; a paste that ends inside a bracket is refused as cut', () => {
    const listed = "[{'text': 'First passage about password resets and recovery codes.', 'score': 0.9}, {'text': 'Second passage about two-factor authentication apps.', 'score': 0.8}, ...]";
    const r = readText(listed);
    assert.equal(r.sets[0].chunks.length, 2);
    assert.ok(r.diagnostics.some((d) => d.severity === 'warning' && /The paste is cut: a list holds "\.\.\." for omitted items .*in \$/.test(d.message)), JSON.stringify(r.diagnostics));
    const cut = fs.readFileSync(path.join(DIR, 'langchain-repr-with-score.txt'), 'utf8').slice(0, 400);
    const c = readText(cut, { file: 'log.txt' });
    assert.equal(c.sets.length, 0);
    assert.match(c.diagnostics[0].message, /log\.txt reads like a printed Python value, but it ends at line 1, column \d+ before .*: the paste looks cut/);
  });

  const LITERALS: [string, string, unknown][] = [
    ['escapes', String.raw`{'a': 'it\'s\tx\n\\ \x41\u00e9\U0001F600 \q'}`, { a: "it's\tx\n\\ Aé😀 \\q" }],
    ['quotes and raw', String.raw`["say \"hi\"", r'C:\new', b'bytes', u'uni']`, ['say "hi"', 'C:\\new', 'bytes', 'uni']],
    ['triple quotes and concatenation', `['''line one\nline 'two' ''', ("part one "\n  "part two")]`, ['line one\nline \'two\' ', ['part one part two']]],
    ['keywords and numbers', '(True, False, None, 1_000, -2.5e-3, nan, -inf, .5)', [true, false, null, 1000, -0.0025, NaN, -Infinity, 0.5]],
    ['wrappers', "[np.float32(0.83), tensor(0.5), numpy.float64(1e-05), Decimal('0.25'), tensor([0.1, 0.2], dtype=float32)]", [0.83, 0.5, 1e-5, 0.25, [0.1, 0.2]]],
    ['sets and enums', "{'tags': {'a', 'b'}, <Kind.SOURCE: '1'>: 2}", { tags: ['a', 'b'], 1: 2 }],
    ['Haystack 2 Document', "Document(id=0b3c9f, content: 'it's raw: \\n stays', meta: {'k': 1}, score: 0.5, embedding: vector of size 384)", { [CLASS_KEY]: 'Document', id: '0b3c9f', content: "it's raw: \\n stays", meta: { k: 1 }, score: 0.5, embedding: 'vector of size 384' }],
    ['calls', "Result(name='x', inner=Inner(v=1), when=datetime.date(2024, 1, 2), f=<function f at 0x7f00>)", { [CLASS_KEY]: 'Result', name: 'x', inner: { [CLASS_KEY]: 'Inner', v: 1 }, when: 'datetime.date(2024, 1, 2)', f: '<function f at 0x7f00>' }],
  ];
  for (const [what, src, want] of LITERALS) {
    it(`literal: ${what}`, () => {
      const p = parsePython(src);
      assert.ok(p.ok, JSON.stringify(p));
      assert.deepEqual(p.parse.value, want);
    });
  }

  const NOT_PYTHON_VALUES: [string, string][] = [
    ['source code', "results = [doc for doc in retriever.invoke('refund policy') if doc.metadata['page'] > 2]\nprint(results)"],
    ['a call of names', "[Document(page_content=text, metadata=meta)]"],
    ['arithmetic', "[0.5 + 0.3, 'a passage long enough to be a chunk of text somewhere']"],
    ['a stack trace', 'Traceback (most recent call last):\n  File "/app/rag.py", line 12, in <module>\n    docs = store.similarity_search_with_score(q)\nValueError: Collection rag does not exist.'],
    ['prose with parentheses', 'Rerankers (cross-encoders) read the query and the passage together.\n\nBi-encoders (like E5) embed them apart; they are faster (but less precise).'],
    ['a comment', "[('a passage long enough to be a chunk of text', 0.5)]  # top hit"],
    ['an f-string', "[f'{x} is a passage']"],
  ];
  for (const [what, src] of NOT_PYTHON_VALUES) {
    it(`not a Python value: ${what}`, () => {
      const r = readText(src, { file: 'paste.txt' });
      assert.ok(!r.diagnostics.some((d) => /printed Python value/.test(d.message)), JSON.stringify(r.diagnostics));
      assert.notEqual(r.format, 'langchain-scored');
    });
  }
});
