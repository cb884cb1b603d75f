import { strict as assert } from 'node:assert';
import { readText } from '../../../src/core/read/index';
import type { ReadResult } from '../../../src/core/types';

const errors = (r: ReadResult) => r.diagnostics.filter((d) => d.severity === 'error');

describe('read/csv', () => {
  it('reads a psql csv header export: quoted commas, doubled quotes and line breaks inside fields', () => {
    const text = 'id,title,content,distance\n3,Pools,"A pool hands out connections, and ""waits"" when empty.",0.12\n7,Retries,"Retry with backoff.\nThen give up.",0.31\n';
    const r = readText(text, { file: 'rows.csv' });
    assert.deepEqual(errors(r), []);
    assert.equal(r.format, 'csv-header');
    assert.equal(r.sets.length, 1);
    const [a, b] = r.sets[0].chunks;
    assert.deepEqual([a.id, a.text, a.retrieverScore, a.scoreKind], ['3', 'A pool hands out connections, and "waits" when empty.', 0.12, 'distance']);
    assert.deepEqual(a.metadata, { title: 'Pools' });
    assert.equal(b.text, 'Retry with backoff.\nThen give up.');
    // The source covers the quoted field; the second record starts on line 3.
    assert.equal(b.source!.startLine, 2);
    assert.equal(text.slice(b.source!.offset, b.source!.offset + b.source!.length), 'Retry with backoff.\nThen give up.');
    assert.ok(r.diagnostics.some((d) => d.severity === 'info' && /text from column "content"; id from "id"; score from "distance" \(a distance/.test(d.message)));
  });

  it('reads CSV from standard input (no name) when the first record is a header of identifiers', () => {
    const r = readText('doc_id,body,score\nd1,The first passage text here.,0.9\nd2,The second passage text here.,0.7\n', { file: '<stdin>' });
    assert.equal(r.format, 'csv-header');
    assert.deepEqual(r.sets[0].chunks.map((c) => [c.id, c.scoreKind]), [['d1', 'similarity'], ['d2', 'similarity']]);
  });

  it('prose with commas is not taken for CSV', () => {
    const r = readText('First, we pool connections.\n\nThen, we retry with backoff.\n', { file: 'notes.txt' });
    assert.equal(r.format, 'text-paragraphs');
  });

  it('an unclosed quote is an error naming the line, never one chunk', () => {
    const r = readText('id,content\n1,"fine text here"\n2,"never closed\n3,more\n', { file: 'bad.csv' });
    assert.equal(r.sets.length, 0);
    const [e] = errors(r);
    assert.match(e.message, /bad\.csv is not valid CSV at line 3, column 3: a quoted field is never closed/);
    assert.equal(e.line, 3);
  });

  it('text after a closing quote is an error with line and column', () => {
    const r = readText('id,content\n1,"quoted"tail\n', { file: 'bad.csv' });
    assert.match(errors(r)[0].message, /line 2, column 11: expected "," or the end of the line after a closing quote/);
  });

  it('a record with the wrong number of fields is an error naming its line', () => {
    const r = readText('id,content\n1,alpha text\n2,beta text,extra\n', { file: 'x.csv' });
    const [e] = errors(r);
    assert.match(e.message, /Skipped line 3 of x\.csv: expected 2 comma-separated columns \(id, content\), found 3/);
    assert.equal(e.line, 3);
  });

  it('a query column makes one set per query; CRLF line ends are fine', () => {
    const r = readText('query,passage\r\nwhat is rrf,Reciprocal rank fusion.\r\nwhat is rrf,Fusion of ranks.\r\nwhat is bm25,A ranking function.\r\n', { file: 'q.csv' });
    assert.deepEqual(r.sets.map((s) => [s.query, s.chunks.length]), [['what is rrf', 2], ['what is bm25', 1]]);
  });

  it('psql NULLs stay empty metadata, an unnamed ?column? score takes its kind from the order', () => {
    const r = readText('id,content,?column?\n1,First chunk of text.,0.1\n2,Second chunk of text.,0.4\n3,Third chunk of text.,0.9\n', { file: 'p.csv' });
    assert.deepEqual(r.sets[0].chunks.map((c) => c.scoreKind), ['distance', 'distance', 'distance']);
    assert.ok(r.diagnostics.some((d) => /from the order \(rising\)/.test(d.message)));
  });

  it('a header-and-rows text without a text column is not taken for CSV unless it is named .csv', () => {
    const text = 'name,age\nBob,3\nAnn,4\n';
    assert.notEqual(readText(text, { file: 'people.txt' }).format, 'csv-header');
    const named = readText(text, { file: 'people.csv' });
    assert.match(errors(named)[0].message, /people\.csv has a header \(name, age\) but no column holds chunk texts/);
  });
});
