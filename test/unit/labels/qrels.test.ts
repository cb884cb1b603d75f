// Qrels in TREC, BEIR TSV and JSON: parse with line-numbered diagnostics, refuse files that are not
// qrels, write TREC/BEIR and read them back; stable identities; matching labels to sets with counts.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { attachQrels, inputQrels } from '../../../src/core/labels/attach';
import { chunkIdentity, queryIdentity, textHash } from '../../../src/core/labels/identity';
import { countJudgments, formatBeirQrels, formatTrecQrels, parseQrelsText } from '../../../src/core/labels/qrels';
import type { Chunk } from '../../../src/core/types';
import { FIXTURES_DIR } from '../../support/paths';

const chunk = (id: string, text: string): Chunk => ({ id, text, originalRank: 1, scoreKind: 'unknown', metadata: {} });

describe('qrels parsing', () => {
  it('reads the trec_eval fixture qrels (TREC) and its BEIR TSV copy to the same judgments', () => {
    const trec = parseQrelsText(readFileSync(join(FIXTURES_DIR, 'trec-eval/qrels.test'), 'utf8'), 'qrels.test');
    const beir = parseQrelsText(readFileSync(join(FIXTURES_DIR, 'trec-eval/qrels/test.tsv'), 'utf8'), 'test.tsv');
    assert.equal(trec.format, 'trec');
    assert.equal(beir.format, 'beir');
    // The file has 3,681 lines (561 relevant, 3,120 not); its README's 3,985 counts -1 lines it lacks.
    assert.equal(trec.judgments, 3681);
    assert.deepEqual(countJudgments(trec.qrels), { queries: 3, pairs: 3681 });
    assert.deepEqual([...beir.qrels].map(([q, m]) => [q, [...m]]), [...trec.qrels].map(([q, m]) => [q, [...m]]));
    assert.equal(trec.diagnostics.length, 0);
  });

  it('reads {query_id: {doc_id: grade}} JSON, reporting bad grades by path', () => {
    const p = parseQrelsText('{"q1": {"d1": 2, "d2": "1", "d3": "high"}, "q2": {"d9": 0}}', 'labels.json');
    assert.equal(p.format, 'json');
    assert.deepEqual([...p.qrels.get('q1')!], [['d1', 2], ['d2', 1]]);
    assert.equal(p.malformed, 1);
    assert.match(p.diagnostics[0].message, /"d3".*not a number/);
  });

  it('reports a malformed line with its number and loads the rest; comments and blank lines are fine', () => {
    const p = parseQrelsText('# saved by rerank-lens\nq1 0 d1 1\nq1 0 d2\n\nq1 0 d3 x\nq2 0 d1 0\n', 'l.qrels');
    assert.deepEqual(countJudgments(p.qrels), { queries: 2, pairs: 2 });
    assert.deepEqual(p.diagnostics.map((d) => d.line), [3, 5]);
    assert.match(p.diagnostics[0].message, /Line 3 of l\.qrels: expected "qid iter docno grade", found 3 fields/);
    assert.match(p.diagnostics[1].message, /grade "x" is not a number/);
    assert.ok(p.ok);
  });

  it('says a file is not qrels: a TREC run, a results JSON, prose', () => {
    for (const [text, name] of [
      ['301 Q0 doc1 1 12.5 run\n301 Q0 doc2 2 11 run\n', 'run.txt'],
      ['{"query": "x", "documents": ["a", "b"]}', 'results.json'],
      ['Dear diary,\nit rained today.\n', 'notes.txt'],
      ['[1, 2, 3]', 'list.json'],
    ]) {
      const p = parseQrelsText(text, name);
      assert.equal(p.ok, false, name);
      assert.equal(p.qrels.size, 0);
      assert.equal(p.diagnostics[0].severity, 'error');
      assert.match(p.diagnostics[0].message, new RegExp(`${name.replace('.', '\\.')} is (not a qrels file|JSON but not|not valid JSON)`));
    }
  });

  it('TREC and BEIR writers round-trip through the parser, sorted naturally', () => {
    const q = parseQrelsText('q10 0 d2 1\nq2 0 d10 2\nq2 0 d9 0\n').qrels;
    const trec = formatTrecQrels(q, ['ids: input ids']);
    assert.equal(trec, '# ids: input ids\nq2 0 d9 0\nq2 0 d10 2\nq10 0 d2 1\n');
    const beir = formatBeirQrels(q);
    assert.equal(beir.split('\n')[0], 'query-id\tcorpus-id\tscore');
    for (const text of [trec, beir]) {
      const back = parseQrelsText(text).qrels;
      assert.deepEqual([...back.keys()].sort(), ['q10', 'q2']);
      assert.equal(back.get('q2')!.get('d10'), 2);
    }
  });
});

describe('label identities', () => {
  it('uses the input id when there is one, else a hash of the text that ignores line endings and edges', () => {
    assert.equal(chunkIdentity(chunk('doc-7', 'x')), 'doc-7');
    const a = chunkIdentity(chunk('#3', 'Line one\r\nline two  '));
    const b = chunkIdentity(chunk('#5', 'Line one\nline two'));
    assert.equal(a, b);
    assert.match(a, /^text:[0-9a-f]{28}$/);
    assert.notEqual(chunkIdentity(chunk('#3', 'Line one\nline two!')), a);
    assert.match(chunkIdentity(chunk('has space', 'x')), /^text:/);
    assert.equal(queryIdentity({ queryId: 'q1', query: 'x' }), 'q1');
    assert.equal(queryIdentity({ query: 'why' }), `text:${textHash('why')}`);
    // Pinned: saved labels depend on this value never changing.
    assert.equal(textHash('hello world'), textHash(' hello world\n'));
    assert.equal(textHash('hello world'), '000625e31c1d350e83f0b89f62f9');
  });
});

describe('attaching labels to sets', () => {
  const sets = [
    { queryId: 'q1', query: 'a', chunks: [chunk('d1', 'one'), chunk('d2', 'two')] },
    { query: 'no id here', chunks: [chunk('#1', 'first text'), chunk('#2', 'second text')] },
    { queryId: 'q3', query: 'c', chunks: [chunk('d1', 'one')] },
  ];

  it('matches by query id or query text hash, and by chunk id or text hash; counts what matches nothing', () => {
    const textQ = queryIdentity(sets[1]);
    const text2 = chunkIdentity(sets[1].chunks[1]);
    const qrels = parseQrelsText(`q1 0 d1 1\nq1 0 gone 1\n${textQ} 0 ${text2} 2\n${textQ} 0 #1 0\nq9 0 d1 1\nq9 0 d2 1\n`).qrels;
    const a = attachQrels(sets, qrels);
    assert.deepEqual(a.perSet[0], { d1: 1, gone: 1 });
    assert.deepEqual(a.perSet[1], { [text2]: 2, [chunkIdentity(sets[1].chunks[0])]: 0 });
    assert.equal(a.perSet[2], undefined);
    assert.deepEqual(a.unknownQueries, ['q9']);
    assert.equal(a.unknownQueryJudgments, 2);
    assert.equal(a.unknownDocuments, 1);
    assert.equal(a.labelledQueries, 2);
    assert.equal(a.labelledPairs, 3);
  });

  it("keys the input's own labels by chunk identity", () => {
    const s = { chunks: [chunk('#1', 'first text'), chunk('d2', 'x')], labels: { byChunkId: { '#1': 1, d2: 0, other: 2 } } };
    assert.deepEqual(inputQrels(s), { [chunkIdentity(s.chunks[0])]: 1, d2: 0, other: 2 });
    assert.equal(inputQrels({ chunks: [] }), undefined);
  });
});
