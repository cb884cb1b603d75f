import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { exportReranked, type ExportSet } from '../../../src/core/export/index';
import { readSelection, readText, type ReadOptions } from '../../../src/core/read/index';
import type { JsonStackReader } from '../../../src/core/read/readerContract';
import { rankChunks, selectKept, type RankedSet } from '../../../src/core/rank';
import type { PairScore } from '../../../src/engine/protocol';
import type { ReadResult, RetrievalSet } from '../../../src/core/types';

// Local reader: `{query, documents: [{id, text, ...}]}`; chunks point at their objects (itemPath).
const queryDocs: JsonStackReader = {
  id: 'query-docs',
  label: 'query with documents',
  detect: (root) => (typeof root === 'object' && root !== null && 'documents' in root ? 0.8 : 0),
  read(root) {
    const r = root as { query: string; documents: { id: string; text: string }[] };
    return [{
      query: r.query,
      format: 'query-docs',
      chunks: r.documents.map((d, i) => ({ id: d.id, text: d.text, originalRank: i + 1, scoreKind: 'unknown', metadata: {}, origin: { itemPath: ['documents', i] } })),
    }];
  },
};
// Local reader: one chunk object per JSONL line (itemPath [row]).
const chunkRows: JsonStackReader = {
  id: 'chunk-rows',
  label: 'chunk rows',
  detect: (root) => (Array.isArray(root) ? 0.8 : 0),
  read: (root) => [{
    format: 'chunk-rows',
    chunks: (root as { id: string; text: string }[]).map((d, i) => ({ id: d.id, text: d.text, originalRank: i + 1, scoreKind: 'unknown', metadata: {}, origin: { itemPath: [i] } })),
  }],
};

/** Scores chosen so the reranked order reverses the input; `unscored` indexes get no score. */
function rankAll(result: ReadResult, unscored: number[] = []): ExportSet[] {
  return result.sets.map((set) => {
    const n = set.chunks.length;
    const scored = set.chunks.map((_, i) => i).filter((i) => !unscored.includes(i));
    const rankOf = (i: number) => scored.length - scored.indexOf(i);
    const ranked = set.chunks.map((chunk, i) => ({
      index: i,
      chunk,
      ...(unscored.includes(i) ? {} : { score: { score: i - n / 2, probability: (i + 1) / (n + 1) }, rank: rankOf(i) }),
    }));
    return { set, ranked, kept: ranked.map((r) => r.rank !== undefined && r.rank <= 2) };
  });
}

function roundTrip(text: string, opts: ReadOptions, unscored: number[] = []) {
  const result = readText(text, opts);
  assert.ok(result.sets.length > 0, JSON.stringify(result.diagnostics));
  const out = exportReranked({ text, result }, rankAll(result, unscored), 'same');
  assert.deepEqual(out.diagnostics.filter((d) => d.severity !== 'info'), []);
  const again = readText(out.text, { ...opts, file: `again.${out.fileExtension}` });
  return { result, out, again };
}

describe('read/export: same shape', () => {
  const original = `{
  // retrieved by bm25
  "query": "how do birds navigate",
  "took": 1.50,
  "documents": [
    { "id": "a", "text": "Birds use the stars.", "score": 3.0 },
    { "id": "b", "text": "Birds sense magnetic fields." },
    { "id": "c", "text": "Godwits fly far.", "rerank": "old" }
  ]
}`;

  it('objects of one array: rerank fields added, reordered by rank, everything else intact', () => {
    const { out, again } = roundTrip(original, { file: 'r.json', readers: [queryDocs] });
    assert.equal(out.fileExtension, 'json');
    assert.match(out.text, /\/\/ retrieved by bm25/);
    assert.match(out.text, /"took": 1\.50/);
    assert.match(out.text, /"score": 3\.0/);
    const set = again.sets[0];
    assert.equal(set.query, 'how do birds navigate');
    assert.deepEqual(set.chunks.map((c) => c.id), ['c', 'b', 'a']);
    const parsed = JSON.parse(out.text.replace(/^\s*\/\/.*$/m, '')) as { documents: { id: string; rerank: unknown }[] };
    assert.deepEqual(parsed.documents.map((d) => [d.id, d.rerank]), [
      ['c', { score: 0.5, probability: 0.75, logit: 0.5, rank: 1, originalRank: 3, kept: true }],
      ['b', { score: -0.5, probability: 0.5, logit: -0.5, rank: 2, originalRank: 2, kept: true }],
      ['a', { score: -1.5, probability: 0.25, logit: -1.5, rank: 3, originalRank: 1, kept: false }],
    ]);
    // The pre-existing "rerank" value was replaced, not duplicated.
    assert.equal((out.text.match(/"rerank"/g) ?? []).length, 3);
  });

  it('exporting the export again only replaces the rerank fields', () => {
    const first = roundTrip(original, { file: 'r.json', readers: [queryDocs] });
    const second = exportReranked({ text: first.out.text, result: first.again }, rankAll(first.again), 'same');
    assert.equal((second.text.match(/"rerank"/g) ?? []).length, 3);
    assert.equal(second.text.split('\n').length, first.out.text.split('\n').length);
  });

  it('unscored chunks get a null rerank and go after the scored ones', () => {
    const { out } = roundTrip(original, { file: 'r.json', readers: [queryDocs] }, [2]);
    const parsed = JSON.parse(out.text.replace(/^\s*\/\/.*$/m, '')) as { documents: { id: string; rerank: { rank: number | null; kept: boolean } }[] };
    assert.deepEqual(parsed.documents.map((d) => [d.id, d.rerank.rank, d.rerank.kept]), [['b', 1, true], ['a', 2, true], ['c', null, false]]);
  });

  it('column-shaped (Chroma-like, read by paths): a parallel rerank list, order kept', () => {
    const text = JSON.stringify({ ids: [['a', 'b'], ['c']], documents: [['text a here', 'text b here'], ['text c here']], distances: [[0.1, 0.2], [0.3]] });
    const { out, again } = roundTrip(text, { file: 'c.json', readers: [], overrides: { textPath: '$.documents[*][*]', idPath: '$.ids[*][*]' } });
    const parsed = JSON.parse(out.text) as { ids: string[][]; rerank: { rank: number; originalRank: number }[][] };
    assert.deepEqual(parsed.ids, [['a', 'b'], ['c']]);
    assert.deepEqual(parsed.rerank.map((r) => r.map((x) => [x.rank, x.originalRank])), [[[2, 1], [1, 2]], [[1, 1]]]);
    assert.deepEqual(again.sets.map((s) => s.chunks.map((c) => c.text)), [['text a here', 'text b here'], ['text c here']]);
  });

  it('a plain list of strings becomes {text, rerank} objects in reranked order', () => {
    const text = '[\n  "first chunk text",\n  "second chunk text",\n  "third chunk text"\n]\n';
    const { out } = roundTrip(text, { file: 's.json', readers: [], overrides: { textPath: '$[*]' } });
    const parsed = JSON.parse(out.text) as { text: string; rerank: { rank: number } }[];
    assert.deepEqual(parsed.map((p) => [p.text, p.rerank.rank]), [['third chunk text', 1], ['second chunk text', 2], ['first chunk text', 3]]);
    const reread = readText(out.text, { file: 'again.json', readers: [], overrides: { textPath: '$[*].text' } });
    assert.deepEqual(reread.sets[0].chunks.map((c) => c.text), ['third chunk text', 'second chunk text', 'first chunk text']);
  });

  it('JSONL of chunk rows: lines reordered, blank and broken lines stay in place', () => {
    const text = '{"id": "a", "text": "alpha"}\n\n{"id": "b", "text": "beta"}\n{broken\n{"id": "c", "text": "gamma"}\n';
    const result = readText(text, { file: 'c.jsonl', readers: [chunkRows] });
    const out = exportReranked({ text, result }, rankAll(result), 'same');
    assert.equal(out.fileExtension, 'jsonl');
    const lines = out.text.split('\n');
    assert.equal(lines.length, 6);
    assert.equal(lines[1], '');
    assert.equal(lines[3], '{broken');
    assert.deepEqual([lines[0], lines[2], lines[4]].map((l) => (JSON.parse(l) as { id: string }).id), ['c', 'b', 'a']);
    assert.deepEqual((JSON.parse(lines[0]) as { rerank: unknown }).rerank, { score: 0.5, probability: 0.75, logit: 0.5, rank: 1, originalRank: 3, kept: true });
  });

  it('JSONL with chunk lists per line (default stack readers): each line keeps its query, chunks reordered within it', () => {
    const text = '{"query": "first query", "passages": [{"id": "p1", "text": "one passage text"}, {"id": "p2", "text": "two passage text"}]}\n{"query": "second query", "passages": [{"id": "p3", "text": "three passage text"}, {"id": "p4", "text": "four passage text"}]}\n';
    const { out, again } = roundTrip(text, { file: 'q.jsonl' });
    assert.equal(out.text.split('\n').length, 3);
    assert.deepEqual(again.sets.map((s) => [s.query, s.chunks.map((c) => c.id)]), [['first query', ['p2', 'p1']], ['second query', ['p4', 'p3']]]);
    assert.deepEqual(again.sets.map((s) => s.chunks.map((c) => c.text).sort()), [['one passage text', 'two passage text'], ['four passage text', 'three passage text']]);
  });

  it('a selection with a Query: line and JSON body keeps the query line', () => {
    const text = 'Query: birds\n[{"id": "a", "text": "alpha chunk"}, {"id": "b", "text": "beta chunk"}]';
    const result = readSelection(text, { startLine: 0, startColumn: 0, readers: [chunkRows] });
    const out = exportReranked({ text, result }, rankAll(result), 'same');
    assert.ok(out.text.startsWith('Query: birds\n['));
    const arr = JSON.parse(out.text.slice('Query: birds\n'.length)) as { id: string }[];
    assert.deepEqual(arr.map((x) => x.id), ['b', 'a']);
  });

  it('TSV: six columns appended (score, probability, logit, rank, original rank, kept), rows reordered within their query', () => {
    const text = 'q one\tpassage a text\nq one\tpassage b text\nq two\tpassage c text\n';
    const result = readText(text, { file: 'p.tsv' });
    const out = exportReranked({ text, result }, rankAll(result), 'same');
    assert.equal(out.fileExtension, 'tsv');
    assert.deepEqual(out.text.split('\n'), [
      'q one\tpassage b text\t0\t0.6666666666666666\t0\t1\t2\ttrue',
      'q one\tpassage a text\t-1\t0.3333333333333333\t-1\t2\t1\ttrue',
      'q two\tpassage c text\t-0.5\t0.5\t-0.5\t1\t1\ttrue',
      '',
    ]);
  });

  it('a score given in the probability space (issue 15: the CLI\'s activation) is written as score, with the logit beside it', () => {
    const text = '[{"id": "a", "text": "alpha"}, {"id": "b", "text": "beta"}]';
    const result = readText(text, { file: 'x.json', readers: [chunkRows] });
    const set = result.sets[0];
    const ranked = [
      { index: 1, chunk: set.chunks[1], rank: 1, score: { score: 0.9, probability: 0.9, logit: 2.2 } },
      { index: 0, chunk: set.chunks[0], rank: 2, score: { score: 0.1, probability: 0.1, logit: -2.2 } },
    ];
    const out = exportReranked({ text, result }, [{ set, ranked, kept: [true, false] }], 'same');
    const back = JSON.parse(out.text) as { id: string; rerank: unknown }[];
    assert.deepEqual(back.map((o) => [o.id, o.rerank]), [
      ['b', { score: 0.9, probability: 0.9, logit: 2.2, rank: 1, originalRank: 2, kept: true }],
      ['a', { score: 0.1, probability: 0.1, logit: -2.2, rank: 2, originalRank: 1, kept: false }],
    ]);
  });

  it('TREC run in, TREC run of the reranked order out', () => {
    const corpus = '{"_id": "d1", "title": "", "text": "alpha"}\n{"_id": "d2", "title": "", "text": "beta"}\n';
    const text = 'q1 Q0 d1 1 9.5 bm25\nq1 Q0 d2 2 3.5 bm25\n';
    const result = readText(text, { file: 'run.txt', extraFiles: { 'corpus.jsonl': corpus, 'queries.jsonl': '{"_id": "q1", "text": "query"}\n' } });
    const out = exportReranked({ text, result }, rankAll(result), 'same');
    assert.equal(out.text, 'q1 Q0 d2 1 0 rerank\nq1 Q0 d1 2 -1 rerank\n');
  });

  it('split text (selection) exports as a JSON list in reranked order', () => {
    const text = 'Query: q\n\nfirst para\n\nsecond para';
    const result = readSelection(text, { startLine: 0, startColumn: 0 });
    const out = exportReranked({ text, result }, rankAll(result), 'same');
    const parsed = JSON.parse(out.text) as { query: string; chunks: { text: string; rerank: { rank: number } }[] };
    assert.equal(parsed.query, 'q');
    assert.deepEqual(parsed.chunks.map((c) => [c.text, c.rerank.rank]), [['second para', 1], ['first para', 2]]);
  });

  it('accepts RankedSet from core/rank (rankChunks + selectKept)', () => {
    const result = readText(original, { file: 'r.json', readers: [queryDocs] });
    const set: RetrievalSet = result.sets[0];
    const pair = (index: number, score: number): PairScore => ({ index, score, probability: 1 / (1 + Math.exp(-score)), queryTokens: 3, chunkTokens: 5, truncated: false, truncatedAtChar: null, cached: false });
    const ranked = rankChunks(set.chunks, [pair(0, 2), pair(1, 5), pair(2, -1)]);
    const rs: RankedSet = { set, ranked, kept: selectKept(ranked, { threshold: { value: null, space: 'raw' } as never, topK: 1 }) };
    const out = exportReranked({ text: original, result }, [rs], 'same');
    const parsed = JSON.parse(out.text.replace(/^\s*\/\/.*$/m, '')) as { documents: { id: string; rerank: { rank: number; kept: boolean } }[] };
    assert.deepEqual(parsed.documents.map((d) => [d.id, d.rerank.rank, d.rerank.kept]), [['b', 1, true], ['a', 2, false], ['c', 3, false]]);
  });
});

describe('read/export: cohere style', () => {
  it('one set: results sorted by relevance, index into the input', () => {
    const text = '{"query": "q", "documents": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}, {"id": "c", "text": "C"}]}';
    const result = readText(text, { readers: [queryDocs] });
    const out = exportReranked({ text, result }, rankAll(result, [1]), 'cohere');
    assert.deepEqual(JSON.parse(out.text), { results: [{ index: 2, relevance_score: 0.75, document: { text: 'C' } }, { index: 0, relevance_score: 0.25, document: { text: 'A' } }] });
  });

  it('several sets: one entry per query with the query', () => {
    const text = 'q one\tpassage a\nq two\tpassage b\n';
    const result = readText(text, { file: 'x.tsv' });
    const out = exportReranked({ text, result }, rankAll(result), 'cohere');
    const parsed = JSON.parse(out.text) as { query: string; results: { index: number }[] }[];
    assert.deepEqual(parsed.map((p) => [p.query, p.results.length]), [['q one', 1], ['q two', 1]]);
  });
});

describe('read/export: property', () => {
  it('objects of one array (JSON, any indentation, or JSONL): same objects, reranked order, exact rerank fields', () => {
    const item = fc.record({ text: fc.string({ maxLength: 20 }), extra: fc.oneof(fc.integer(), fc.constant(null), fc.boolean()) });
    fc.assert(
      fc.property(
        fc.array(item, { minLength: 1, maxLength: 8 }),
        fc.constantFrom<'json0' | 'json2' | 'jsontab' | 'jsonl'>('json0', 'json2', 'jsontab', 'jsonl'),
        fc.func(fc.option(fc.double({ min: -10, max: 10, noNaN: true }), { nil: undefined })),
        (items, layout, scoreOf) => {
          const objs = items.map((it, i) => ({ id: `id${i}`, ...it }));
          const text = layout === 'jsonl' ? objs.map((o) => JSON.stringify(o)).join('\n') : JSON.stringify(objs, null, layout === 'json0' ? 0 : layout === 'json2' ? 2 : '\t');
          const result = readText(text, { file: layout === 'jsonl' ? 'x.jsonl' : 'x.json', readers: [chunkRows] });
          const set = result.sets[0];
          const scores = set.chunks.map((_, i) => scoreOf(i));
          const scored = set.chunks.map((_, i) => i).filter((i) => scores[i] !== undefined).sort((a, b) => scores[b]! - scores[a]! || a - b);
          const ranked = set.chunks.map((chunk, i) => ({
            index: i, chunk,
            ...(scores[i] === undefined ? {} : { score: { score: scores[i]!, probability: 0.5 }, rank: scored.indexOf(i) + 1 }),
          }));
          const out = exportReranked({ text, result }, [{ set, ranked, kept: ranked.map((r) => r.rank === 1) }], 'same');
          const back = (layout === 'jsonl' ? out.text.split('\n').map((l) => JSON.parse(l)) : JSON.parse(out.text)) as (typeof objs[number] & { rerank: RerankLike })[];
          const expectedOrder = [...scored, ...set.chunks.map((_, i) => i).filter((i) => scores[i] === undefined)];
          assert.deepEqual(back.map((o) => o.id), expectedOrder.map((i) => `id${i}`));
          back.forEach((o) => {
            const i = Number(o.id.slice(2));
            const { rerank, ...rest } = o;
            assert.deepEqual(rest, objs[i]);
            assert.deepEqual(rerank, {
              score: scores[i] === undefined ? null : scores[i]! + 0 /* JSON has no -0 */, probability: scores[i] === undefined ? null : 0.5,
              logit: scores[i] === undefined ? null : scores[i]! + 0,
              rank: scores[i] === undefined ? null : scored.indexOf(i) + 1, originalRank: i + 1, kept: scored[0] === i,
            });
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

type RerankLike = { score: number | null; probability: number | null; logit: number | null; rank: number | null; originalRank: number; kept: boolean };
