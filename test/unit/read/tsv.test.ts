import { strict as assert } from 'node:assert';
import { readText } from '../../../src/core/read/index';

describe('read/tsv', () => {
  it('query<TAB>passage rows: one set per query, ranges on the passage', () => {
    const text = 'what is bm25\tBM25 is a bag-of-words ranking function.\nwhat is bm25\tIt extends TF-IDF with saturation.\nwhat is dpr\tDense passage retrieval uses two encoders.\n';
    const r = readText(text, { file: 'pairs.tsv' });
    assert.equal(r.format, 'tsv-query-passage');
    assert.deepEqual(r.sets.map((s) => [s.query, s.chunks.length]), [['what is bm25', 2], ['what is dpr', 1]]);
    const c = r.sets[0].chunks[1];
    assert.equal(c.id, '#2');
    assert.equal(text.slice(c.source!.offset, c.source!.offset + c.source!.length), 'It extends TF-IDF with saturation.');
    assert.equal(c.source!.startLine, 1);
    assert.equal(c.source!.startColumn, 13);
  });

  it('MS MARCO qid<TAB>pid<TAB>query<TAB>passage', () => {
    const text = '1048585\t7187158\twhat is paula deen\'s brother\tPaula Deen and her brother Earl W. Bubba Hiers are being sued.\n1048585\t7187157\twhat is paula deen\'s brother\tBubba Hiers is the younger brother.\n2\t11\tq two\tpassage eleven text\n';
    const r = readText(text, { file: 'top1000.dev.tsv' });
    assert.equal(r.format, 'msmarco-tsv');
    assert.deepEqual(r.sets.map((s) => [s.queryId, s.chunks.map((c) => c.id)]), [['1048585', ['7187158', '7187157']], ['2', ['11']]]);
  });

  it('pid<TAB>passage collection: one set, no query', () => {
    const r = readText('0\tThe presence of communication amid scientific minds.\n1\tThe Manhattan Project and its atomic bomb.\n', { file: 'collection.tsv' });
    assert.equal(r.format, 'tsv-id-passage');
    assert.equal(r.sets.length, 1);
    assert.equal(r.sets[0].query, undefined);
    assert.deepEqual(r.sets[0].chunks.map((c) => c.id), ['0', '1']);
  });

  it('a header names the columns (any order, score kind from its name)', () => {
    const r = readText('doc_id\tdistance\ttext\tquery\na\t0.3\talpha text\tq\nb\t0.1\tbeta text\tq\n', { file: 'h.tsv' });
    assert.equal(r.format, 'tsv-header');
    assert.deepEqual(r.sets[0].chunks.map((c) => [c.id, c.text, c.retrieverScore, c.scoreKind]), [['a', 'alpha text', 0.3, 'distance'], ['b', 'beta text', 0.1, 'distance']]);
  });

  it('rows with the wrong column count are reported with file and line; the rest read', () => {
    const r = readText('q\tp one\nq\tp two\textra\nq\tp three\n', { file: 'x.tsv' });
    assert.equal(r.sets[0].chunks.length, 2);
    const d = r.diagnostics.find((x) => /Skipped line 2 of x\.tsv/.test(x.message))!;
    assert.match(d.message, /expected 2 tab-separated columns \(query, text\), found 3/);
    assert.equal(d.line, 2);
  });

  it('query<TAB>passage<TAB>score without a header: score read, kind unknown (not mistaken for qrels)', () => {
    const r = readText('what is bm25\tBM25 ranks by term statistics.\t12.5\nwhat is bm25\tTF-IDF weighs rare terms.\t9\n', { file: 's.tsv' });
    assert.equal(r.format, 'tsv-query-passage-score');
    assert.deepEqual(r.sets[0].chunks.map((c) => [c.retrieverScore, c.scoreKind]), [[12.5, 'unknown'], [9, 'unknown']]);
  });

  it('a header with no rows is an error', () => {
    const r = readText('query\tpassage\n', { file: 'h.tsv' });
    assert.equal(r.sets.length, 0);
    assert.match(r.diagnostics[0].message, /h\.tsv has no data rows after its header/);
  });

  it('an unknown column layout is an error saying the accepted layouts', () => {
    const r = readText('a\tb\tc\n', { file: 'three.tsv' });
    assert.match(r.diagnostics[0].message, /three\.tsv has 3 tab-separated columns on line 1; expected "query<TAB>passage"/);
  });

  it('a .txt of paragraphs is split like a selection', () => {
    const r = readText('Query: what is reranking\n\nFirst chunk text.\n\nSecond chunk\ntext.\n', { file: 'notes.txt' });
    assert.equal(r.format, 'text-paragraphs');
    assert.equal(r.sets[0].query, 'what is reranking');
    assert.deepEqual(r.sets[0].chunks.map((c) => c.text), ['First chunk text.', 'Second chunk\ntext.']);
  });
});

describe('read/tsv: any header', () => {
  it('a header with unknown names is a table, not MS MARCO rows (text, id, score kind from the names)', () => {
    const text = 'id\ttitle\tcontent\tdistance\n3\tPools\tA pool hands out connections.\t0.12\n7\tRetries\tRetry with backoff, then give up.\t0.31\n';
    const r = readText(text, { file: 'rows.tsv' });
    assert.equal(r.format, 'tsv-header');
    assert.equal(r.sets.length, 1);
    assert.deepEqual(r.sets[0].chunks.map((c) => [c.id, c.text, c.retrieverScore, c.scoreKind, c.metadata.title]), [
      ['3', 'A pool hands out connections.', 0.12, 'distance', 'Pools'],
      ['7', 'Retry with backoff, then give up.', 0.31, 'distance', 'Retries'],
    ]);
  });

  it('no column named like a text: the prose column is the text', () => {
    const r = readText('ref\tsummary_en\tlabel\nA\tThe pool hands out connections to callers.\tx\nB\tRetries back off before giving up.\ty\n', { file: 'u.tsv' });
    assert.deepEqual(r.sets[0].chunks.map((c) => [c.id, c.text, c.metadata.label]), [['A', 'The pool hands out connections to callers.', 'x'], ['B', 'Retries back off before giving up.', 'y']]);
  });

  it('one row lacking a tab is an error naming the line, not one chunk', () => {
    const r = readText('id\tcontent\n1\tfirst text\n2 second text without a tab\n3\tthird text\n', { file: 'broken.tsv' });
    const e = r.diagnostics.find((d) => d.severity === 'error')!;
    assert.match(e.message, /Skipped line 3 of broken\.tsv: expected 2 tab-separated columns \(id, content\), found 1/);
    assert.equal(e.line, 3);
    assert.notEqual(r.format, 'text-paragraphs');
  });

  it('drops the "(N rows)" footer of psql unaligned output', () => {
    const r = readText('id\tcontent\tscore\n1\tfirst text here\t0.9\n2\tsecond text here\t0.8\n(2 rows)\n', { file: 'psql.tsv' });
    assert.equal(r.sets[0].chunks.length, 2);
    assert.ok(!r.diagnostics.some((d) => d.severity === 'error'));
    assert.ok(r.diagnostics.some((d) => /row count footer "\(2 rows\)"/.test(d.message)));
  });
});
