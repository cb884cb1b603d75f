import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readBeirFiles, readText } from '../../../src/core/read/index';
import { readPath } from '../../../src/node/read/readPath';
import { parseQrels, looksLikeQrels } from '../../../src/core/read/labels';
import { parseTrecRun, looksLikeTrecRun } from '../../../src/core/read/trec';

const FIX = path.resolve(__dirname, '../../fixtures/formats/infra');
const read = (p: string) => readFileSync(path.join(FIX, p), 'utf8');
const extra = () => ({ 'corpus.jsonl': read('beir-sample/corpus.jsonl'), 'queries.jsonl': read('beir-sample/queries.jsonl'), 'qrels/test.tsv': read('beir-sample/qrels/test.tsv') });

describe('read/trec + beir', () => {
  it('TREC run + corpus (extraFiles): one set per query in rank order, scores, labels', () => {
    const r = readText(read('trec-run.txt'), { file: 'trec-run.txt', extraFiles: extra() });
    assert.equal(r.format, 'trec-run');
    assert.deepEqual(r.sets.map((s) => s.queryId), ['q1', 'q2', 'q3']);
    const q1 = r.sets[0];
    assert.equal(q1.query, 'how do birds find their way when migrating at night');
    assert.deepEqual(q1.chunks.map((c) => c.id), ['bm-002', 'bm-001', 'bm-003', 'bm-006', 'bm-004']);
    assert.deepEqual(q1.chunks.map((c) => c.retrieverScore), [14.2731, 13.881, 9.0412, 4.3305, 2.1187]);
    assert.ok(q1.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.equal(q1.chunks[0].text, "Magnetic compass in birds Birds can sense the inclination of Earth's magnetic field lines. Experiments with European robins in cages show that they orient correctly even when the stars are hidden by cloud.");
    assert.equal(q1.chunks[0].metadata.title, 'Magnetic compass in birds');
    assert.deepEqual(q1.labels?.byChunkId, { 'bm-001': 2, 'bm-002': 2, 'bm-003': 1 });
    assert.equal(r.sets[2].chunks.length, 4);
  });

  it('a run alone: a clear error saying a corpus is needed and how to provide it', () => {
    const r = readText(read('trec-run.txt'), { file: 'trec-run.txt' });
    assert.equal(r.sets.length, 0);
    const d = r.diagnostics[0];
    assert.equal(d.severity, 'error');
    assert.match(d.message, /The TREC run trec-run\.txt lists document ids but no texts: a BEIR corpus is needed/);
    assert.match(d.hint ?? '', /corpus\.jsonl .*queries\.jsonl .*next to the run file/);
  });

  it('run lines out of order are sorted by rank, then by score', () => {
    const run = parseTrecRun('q1 Q0 d3 3 1.0 t\nq1 Q0 d1 1 9.0 t\nq1 Q0 d2b 2 5.0 t\nq1 Q0 d2a 2 6.0 t\n');
    assert.deepEqual(run.byQuery.get('q1')!.map((e) => e.docno), ['d1', 'd2a', 'd2b', 'd3']);
  });

  it('malformed run lines are reported with line and column, the rest read', () => {
    const run = parseTrecRun('q1 Q0 d1 1 9.0 t\nq1 Q0 d2 two 5.0 t\nq1 Q0 d3\n', 'r.txt');
    assert.equal(run.byQuery.get('q1')!.length, 1);
    assert.match(run.diagnostics[0].message, /Skipped line 2 of r\.txt: expected "qid Q0 docno rank score tag" .*rank is "two"/);
    assert.equal(run.diagnostics[0].column, 10);
    assert.match(run.diagnostics[1].message, /line 3 .*found 3 fields/);
  });

  it('documents missing from the corpus are skipped with a warning naming the run line', () => {
    const r = readText('q1 Q0 bm-001 1 3 t\nq1 Q0 nope 2 2 t\n', { file: 'run.txt', extraFiles: extra() });
    assert.equal(r.sets[0].chunks.length, 1);
    assert.ok(r.diagnostics.some((d) => /Document "nope" \(line 2 of run\.txt\) is not in corpus\.jsonl; skipped/.test(d.message)));
  });

  it('qrels: BEIR TSV with header and TREC 4-column layouts', () => {
    const beir = parseQrels(read('beir-sample/qrels/test.tsv'));
    assert.equal(beir.layout, 'beir');
    assert.deepEqual([...beir.byQuery.get('q2')!], [['bm-005', 2], ['bm-004', 1]]);
    const trec = parseQrels('q1 0 d1 1\nq1 0 d2 0\nq2 0 d9 3\n');
    assert.equal(trec.layout, 'trec');
    assert.deepEqual([...trec.byQuery.get('q1')!], [['d1', 1], ['d2', 0]]);
    assert.ok(looksLikeQrels('q1 0 d1 1\n'));
    assert.ok(!looksLikeTrecRun('q1 0 d1 1\n'));
    assert.ok(looksLikeTrecRun(read('trec-run.txt')));
    // One parser for every qrels (src/core/labels/qrels.ts): its messages, its refusal of a file that is not qrels.
    const bad = parseQrels('query-id\tcorpus-id\tscore\nq1\td1\n', 'q.tsv');
    assert.match(bad.diagnostics[0].message, /q\.tsv is not a qrels file: 0 of 1 lines are judgments/);
    assert.ok(bad.diagnostics.some((d) => d.line === 2 && /Line 2 of q\.tsv: expected "query-id<TAB>corpus-id<TAB>score", found 2 fields/.test(d.message)), JSON.stringify(bad.diagnostics));
  });

  it('qrels of a BEIR folder and of the labels commands are read by the same parser: comments, any header, JSON', () => {
    const withComment = parseQrels('# judged by hand\nq1 0 d1 2\nq1 0 d2 0\n', 'c.qrels');
    assert.equal(withComment.layout, 'trec');
    assert.deepEqual([...withComment.byQuery.get('q1')!], [['d1', 2], ['d2', 0]]);
    assert.deepEqual(withComment.diagnostics, []);
    const topicHeader = parseQrels('topic\tdoc\tlabel\nq1\td1\t1\n', 't.tsv');
    assert.equal(topicHeader.layout, 'beir');
    assert.deepEqual([...topicHeader.byQuery.get('q1')!], [['d1', 1]]);
    assert.deepEqual(topicHeader.diagnostics, []);
    const json = parseQrels('{"q1": {"d1": 1, "d2": 0}}', 'qrels.json');
    assert.deepEqual([...json.byQuery.get('q1')!], [['d1', 1], ['d2', 0]]);
    const partly = parseQrels('q1 0 d1 1\nq1 0 d2\nq2 0 d3 2\n', 'p.qrels');
    assert.deepEqual([...partly.byQuery.keys()], ['q1', 'q2']);
    assert.deepEqual(partly.diagnostics.map((d) => d.line), [2]);
    assert.ok(looksLikeQrels('# saved by rerank-lens\nq1 0 d1 1\n'));
  });

  it('BEIR files without a run: a BM25 first stage over the corpus (issue 9), not the judged documents only', () => {
    const r = readBeirFiles(extra());
    assert.equal(r.format, 'beir-bm25');
    assert.deepEqual(r.sets.map((s) => s.queryId), ['q1', 'q2', 'q3']);
    const corpusSize = read('beir-sample/corpus.jsonl').trim().split('\n').length;
    for (const set of r.sets) {
      // The corpus is smaller than the depth (100): every document is a candidate, in BM25 order.
      assert.equal(set.chunks.length, corpusSize);
      assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity' && typeof c.retrieverScore === 'number'));
      assert.ok(set.chunks.every((c, i) => i === 0 || c.retrieverScore! <= set.chunks[i - 1].retrieverScore!), 'BM25 order');
    }
    // Judged documents keep their labels; the rest are unjudged (not relevant, as in trec_eval).
    assert.deepEqual(r.sets[1].labels?.byChunkId, { 'bm-005': 2, 'bm-004': 1 });
    assert.ok(r.diagnostics.some((d) => d.severity === 'info' && /BM25 .*k1=1\.2, b=0\.75/.test(d.message)), JSON.stringify(r.diagnostics));
  });

  it('BEIR files without a run and without queries.jsonl: the judged documents, with a warning that this flatters reranking', () => {
    const { ['queries.jsonl']: _q, ...noQueries } = extra();
    const r = readBeirFiles(noQueries);
    assert.equal(r.format, 'beir');
    assert.deepEqual(r.sets.map((s) => [s.queryId, s.chunks.map((c) => c.id)]), [['q1', ['bm-001', 'bm-002', 'bm-003']], ['q2', ['bm-005', 'bm-004']], ['q3', ['bm-007']]]);
    assert.ok(r.diagnostics.some((d) => d.severity === 'warning' && /judged documents only/.test(d.message)));
  });

  it('qrels file given as the input with corpus beside it', () => {
    const r = readText('q1 0 bm-004 1\nq1 0 bm-005 0\n', { file: 'my.qrels', extraFiles: { 'corpus.jsonl': read('beir-sample/corpus.jsonl'), 'queries.jsonl': read('beir-sample/queries.jsonl') } });
    // BM25 over the corpus beside it finds the candidates; the file's judgments are the labels.
    assert.equal(r.sets.length, 1);
    assert.ok(['bm-004', 'bm-005'].every((id) => r.sets[0].chunks.some((c) => c.id === id)));
    assert.deepEqual(r.sets[0].labels?.byChunkId, { 'bm-004': 1, 'bm-005': 0 });
  });

  it('qrels alone: an error saying labels have no texts', () => {
    const r = readText('q1 0 d1 1\n', { file: 'x.qrels' });
    assert.match(r.diagnostics[0].message, /x\.qrels looks like relevance judgments \(qrels\): labels only/);
  });

  it('broken corpus lines are reported with line and column; the rest is read', () => {
    const corpus = `${read('beir-sample/corpus.jsonl')}{"_id": "bad" "text": "x"}\n{"title": "no id"}\n`;
    const r = readBeirFiles({ ...extra(), 'corpus.jsonl': corpus });
    const n = read('beir-sample/corpus.jsonl').trim().split('\n').length;
    assert.ok(r.diagnostics.some((d) => d.line === n + 1 && d.column === 15 && /Skipped line \d+ of corpus\.jsonl: Invalid JSON .*expected a comma/.test(d.message)), JSON.stringify(r.diagnostics));
    assert.ok(r.diagnostics.some((d) => d.line === n + 2 && /expected a corpus document object with "_id"/.test(d.message)));
    assert.equal(r.sets.length, 3);
  });
});

describe('read/node: readPath', () => {
  it('a BEIR folder', async () => {
    const r = await readPath(path.join(FIX, 'beir-sample'));
    assert.equal(r.format, 'beir-bm25');
    assert.equal(r.sets.length, 3);
    assert.equal(r.sets[1].query, 'how far can a bird fly without stopping');
  });

  it('a BEIR folder holding a run file uses the run', async () => {
    const r = await readPath(path.join(FIX, 'beir-with-run'));
    assert.equal(r.format, 'trec-run');
    assert.deepEqual(r.sets[1].chunks.map((c) => c.id), ['bm-004', 'bm-005', 'bm-007', 'bm-006', 'bm-001']);
    assert.deepEqual(r.sets[1].labels?.byChunkId, { 'bm-005': 2, 'bm-004': 1 });
  });

  it('a run file finds corpus.jsonl and queries.jsonl beside it', async () => {
    const r = await readPath(path.join(FIX, 'run-beside/trec-run.txt'));
    assert.equal(r.format, 'trec-run');
    assert.equal(r.sets[0].query, 'how do birds find their way when migrating at night');
    assert.equal(r.sets[0].labels, undefined);
  });

  it('corpus.jsonl inside a BEIR folder reads the folder', async () => {
    const r = await readPath(path.join(FIX, 'beir-sample/corpus.jsonl'));
    assert.equal(r.format, 'beir-bm25');
    assert.equal(r.sets.length, 3);
  });

  it('a run with no corpus anywhere near: corpus-needed error', async () => {
    const r = await readPath(path.join(FIX, 'trec-run.txt'));
    assert.match(r.diagnostics[0].message, /a BEIR corpus is needed/);
  });

  it('a folder without corpus.jsonl lists what it found', async () => {
    const r = await readPath(FIX);
    assert.match(r.diagnostics[0].message, /is a folder without corpus\.jsonl: found PROVENANCE\.md, beir-sample/);
    assert.match(r.diagnostics[0].hint ?? '', /BEIR layout/);
  });

  it('a missing file: error, no throw', async () => {
    const r = await readPath(path.join(FIX, 'nope.json'));
    assert.match(r.diagnostics[0].message, /Cannot read .*nope\.json: no such file or folder/);
  });

  it('size is checked before reading', async () => {
    const r = await readPath(path.join(FIX, 'trec-run.txt'), { maxBytes: 100 });
    assert.match(r.diagnostics[0].message, /trec-run\.txt is \d+ bytes, over the 100 bytes size limit; not read/);
  });
});
