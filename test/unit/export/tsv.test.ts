// TSV in, TSV out, in each of the dialects the reader knows: quoted cells (Excel, LibreOffice, pandas
// to_csv(sep='\t')) written back from their cells, quoted where a cell holds a tab, a line break or a
// quote, rows spanning lines moved whole; COPY text exports with their backslash escapes as written;
// plain TSVs byte for byte plus the six columns. Every export is read back through the reader.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { exportReranked, type ExportSet } from '../../../src/core/export/index';
import { quoteTsvCell } from '../../../src/core/export/tsv';
import { decodeBytes } from '../../../src/core/read/bytes';
import { parseCsv } from '../../../src/core/read/csv';
import { readBytes, readSelection, readText } from '../../../src/core/read/index';
import { LineIndex } from '../../../src/core/read/positions';
import type { ReadResult } from '../../../src/core/types';

const WILD = path.resolve(__dirname, '../../fixtures/formats/wild');
const COLUMNS = ['rerank_score', 'rerank_probability', 'rerank_logit', 'rerank_rank', 'original_rank', 'kept'];
const QUOTED = /as tab-separated text with quoted cells, as Excel, LibreOffice and pandas/;
const EXCEL_CELLS = /quoted with doubled inner quotes, as Excel writes tab-separated text/;

/** Reverses each set (the last chunk gets rank 1); `unscored` indexes get no score and go last. */
function reverse(result: ReadResult, unscored: number[] = []): ExportSet[] {
  return result.sets.map((set) => {
    const scored = set.chunks.map((_, i) => i).filter((i) => !unscored.includes(i));
    const ranked = set.chunks.map((chunk, i) => ({
      index: i, chunk,
      ...(unscored.includes(i) ? {} : { score: { score: i, probability: 0.5 }, rank: scored.length - scored.indexOf(i) }),
    }));
    return { set, ranked, kept: ranked.map((r) => r.rank !== undefined && r.rank <= 2) };
  });
}

/** The fixture as the CLI and the Export command have it: the reader's result and the decoded text. */
function load(file: string): { text: string; result: ReadResult } {
  const bytes = new Uint8Array(fs.readFileSync(path.join(WILD, file)));
  const decoded = decodeBytes(bytes, { file });
  assert.ok(decoded.ok);
  return { text: decoded.text, result: readBytes(bytes, { file }) };
}

/** Reranked order of a set's chunks, as [id, text, retriever score, score kind]. */
function expected(result: ReadResult, unscored: number[] = []): [string, string, number | undefined, string][][] {
  return result.sets.map((s) => {
    const idx = s.chunks.map((_, i) => i);
    const order = [...idx.filter((i) => !unscored.includes(i)).reverse(), ...idx.filter((i) => unscored.includes(i))];
    return order.map((i) => [s.chunks[i].id, s.chunks[i].text, s.chunks[i].retrieverScore, s.chunks[i].scoreKind]);
  });
}

const readBack = (r: ReadResult) => r.sets.map((s) => s.chunks.map((c) => [c.id, c.text, c.retrieverScore, c.scoreKind]));

/** Every cell of every record, raw (as written) and as read. */
function rawCells(text: string): { raw: string; value: string }[][] {
  const parsed = parseCsv(text, new LineIndex(text), { delimiter: '\t' });
  assert.ok(parsed.ok);
  return parsed.rows.map((r) => r.cells.map((c) => {
    const quoted = c.start > 0 && text[c.start - 1] === '"';
    return { raw: quoted ? text.slice(c.start - 1, c.end + 1) : text.slice(c.start, c.end), value: c.value };
  }));
}

const wildFiles = fs.readdirSync(WILD).filter((f) => !f.endsWith('.md')).sort();

describe('export/tsv: quoted cells (Excel, LibreOffice, pandas)', () => {
  // Every wild fixture the reader reads with quoted cells (whole records, or Excel's single-line cells).
  const quotedFixtures = wildFiles.filter((f) => {
    const r = load(f).result;
    return /^tsv-|^msmarco-tsv$/.test(r.format ?? '') && r.diagnostics.some((d) => QUOTED.test(d.message) || EXCEL_CELLS.test(d.message));
  });

  it('the quoted-TSV fixtures are the ones listed here (a new one is round-tripped below)', () => {
    assert.deepEqual(quotedFixtures, ['excel-tab-utf8-multiline.txt', 'excel-unicode-text-multiline.txt', 'excel-unicode-text.txt', 'pandas-to-csv-tab-multiline.tsv']);
  });

  for (const file of ['excel-tab-utf8-multiline.txt', 'excel-unicode-text-multiline.txt', 'excel-unicode-text.txt', 'pandas-to-csv-tab-multiline.tsv']) {
    for (const unscored of [[], [0]]) {
      it(`${file}${unscored.length ? ' (first chunk unscored)' : ''}: a TSV in reranked order that reads back to the same texts, ids and scores`, () => {
        const input = load(file);
        assert.ok(input.result.format?.startsWith('tsv-'), input.result.format);
        const out = exportReranked(input, reverse(input.result, unscored), 'same');
        assert.equal(out.fileExtension, 'tsv');
        assert.deepEqual(out.diagnostics.filter((d) => d.severity !== 'info'), []);
        // Through the front door, as a file (UTF-8 bytes) and as text.
        for (const again of [readBytes(new TextEncoder().encode(out.text), { file: 'again.tsv' }), readText(out.text, { file: 'again.tsv' })]) {
          assert.deepEqual(again.diagnostics.filter((d) => d.severity !== 'info'), [], JSON.stringify(again.diagnostics));
          assert.equal(again.format, input.result.format);
          assert.deepEqual(again.sets.map((s) => s.query), input.result.sets.map((s) => s.query));
          assert.deepEqual(readBack(again), expected(input.result, unscored));
          // The rerank columns come back as metadata.
          const ranks = again.sets[0].chunks.map((c) => c.metadata.rerank_rank);
          assert.deepEqual(ranks, input.result.sets[0].chunks.map((_, i) => (i < input.result.sets[0].chunks.length - unscored.length ? String(i + 1) : '')));
        }
        const records = rawCells(out.text);
        // The header gains the six names; every record has the same cell count.
        assert.deepEqual(records[0].slice(-6).map((c) => c.raw), COLUMNS);
        assert.ok(records.every((r) => r.length === records[0].length));
        // Quoted exactly where a cell holds a tab, a line break or a quote, inner quotes doubled.
        for (const c of records.flat()) {
          const needs = /[\t\r\n"]/.test(c.value);
          assert.equal(c.raw, needs ? `"${c.value.replace(/"/g, '""')}"` : c.value, JSON.stringify(c));
        }
        // Records end the way the input's did.
        const eol = /\r\n/.test(input.text) ? '\r\n' : '\n';
        assert.ok(out.text.endsWith(eol));
        assert.equal(out.text.split(eol).length, input.text.split(eol).length);
      });
    }
  }

  it('a row spanning lines moves whole; the others keep their lines', () => {
    const text = 'id\ttext\tscore\na\t"first,\nsecond line"\t0.9\nb\tplain text here\t0.8\nc\t"say ""hi""\tand tab"\t0.7\n';
    const result = readText(text, { file: 'm.tsv' });
    assert.equal(result.format, 'tsv-header');
    const out = exportReranked({ text, result }, reverse(result), 'same');
    assert.equal(out.text, [
      'id\ttext\tscore\trerank_score\trerank_probability\trerank_logit\trerank_rank\toriginal_rank\tkept',
      'c\t"say ""hi""\tand tab"\t0.7\t2\t0.5\t2\t1\t3\ttrue',
      'b\tplain text here\t0.8\t1\t0.5\t1\t2\t2\ttrue',
      'a\t"first,\nsecond line"\t0.9\t0\t0.5\t0\t3\t1\tfalse',
      '',
    ].join('\n'));
  });

  it('cells quoted without need are written plain; blank lines between records stay', () => {
    const text = 'query\ttext\n"q"\t"two\nlines"\n\nq\t"plain"\n';
    const result = readText(text, { file: 'b.tsv' });
    const out = exportReranked({ text, result }, reverse(result), 'same');
    assert.equal(out.text, 'query\ttext\trerank_score\trerank_probability\trerank_logit\trerank_rank\toriginal_rank\tkept\nq\tplain\t1\t0.5\t1\t1\t2\ttrue\n\nq\t"two\nlines"\t0\t0.5\t0\t2\t1\ttrue\n');
  });

  it('rows are reordered within their query', () => {
    const text = 'query\ttext\nq1\t"a\nA"\nq2\t"c\nC"\nq1\t"b\tB"\nq2\td D\n';
    const result = readText(text, { file: 'q.tsv' });
    assert.equal(result.sets.length, 2);
    const out = exportReranked({ text, result }, reverse(result), 'same');
    const again = readText(out.text, { file: 'again.tsv' });
    assert.deepEqual(again.sets.map((s) => [s.query, s.chunks.map((c) => c.text)]), [['q1', ['b\tB', 'a\nA']], ['q2', ['d D', 'c\nC']]]);
    // The rows of q1 and q2 keep their slots (1 and 3 for q1, 2 and 4 for q2).
    assert.deepEqual(rawCells(out.text).slice(1).map((r) => r[0].value), ['q1', 'q2', 'q1', 'q2']);
  });

  it('a row whose text is empty (skipped when read) gains six empty cells, so the rows still line up', () => {
    const text = 'id\ttext\na\t"one\nline more"\nb\t\nc\tthird text\n';
    const result = readText(text, { file: 'e.tsv' });
    const out = exportReranked({ text, result }, reverse(result), 'same');
    assert.match(out.text, /\nb\t\t\t\t\t\t\t\n/);
    const again = readText(out.text, { file: 'again.tsv' });
    assert.deepEqual(again.sets[0].chunks.map((c) => c.text), ['third text', 'one\nline more']);
  });

  it('a selection with a Query: line above a quoted table keeps the line and writes the table', () => {
    const text = 'Query: rotate keys\n\nid\ttext\na\t"Rotate:\nmake a new key"\nb\t"Keys\texpire"\n';
    const result = readSelection(text, { startLine: 0, startColumn: 0 });
    assert.equal(result.format, 'tsv-header', JSON.stringify(result.diagnostics));
    const out = exportReranked({ text, result }, reverse(result), 'same');
    assert.equal(out.fileExtension, 'tsv');
    assert.equal(out.text, `Query: rotate keys\n\nid\ttext\t${COLUMNS.join('\t')}\nb\t"Keys\texpire"\t1\t0.5\t1\t1\t2\ttrue\na\t"Rotate:\nmake a new key"\t0\t0.5\t0\t2\t1\ttrue\n`);
  });

  it('a file read with COPY escapes on request is exported line by line, as it was read', () => {
    const text = 'id\ttext\na\t"not\\nquoted"\nb\tplain\\ttext\n';
    const result = readText(text, { file: 'c.tsv', backslashes: 'copy' });
    const out = exportReranked({ text, result }, reverse(result), 'same');
    assert.deepEqual(out.text.split('\n').map((l) => l.split('\t').slice(0, 2).join('\t')), ['id\ttext', 'b\tplain\\ttext', 'a\t"not\\nquoted"', '']);
  });

  it('UTF-16 input: the note says the export is UTF-8', () => {
    for (const file of ['excel-unicode-text-multiline.txt', 'excel-unicode-text.txt']) {
      const input = load(file);
      const out = exportReranked(input, reverse(input.result), 'same');
      const note = out.diagnostics.find((d) => /UTF-8/.test(d.message));
      assert.equal(note?.severity, 'info');
      assert.equal(note?.message, 'The input was UTF-16LE text (byte order mark); the export is UTF-8, without a byte order mark.');
      assert.match(note?.hint ?? '', /Data > From Text\/CSV/);
      assert.ok(!out.text.startsWith('\uFEFF'));
    }
    for (const file of ['excel-tab-utf8-multiline.txt', 'pandas-to-csv-tab-multiline.tsv']) {
      const input = load(file);
      assert.deepEqual(exportReranked(input, reverse(input.result), 'same').diagnostics, []);
    }
  });

  it('property: quoted cells with tabs, line breaks and quotes read back the same in reranked order', () => {
    const piece = fc.constantFrom('a', 'b ', 'é', '\t', '\n', '\r\n', '"', '""', '1.5');
    const textArb = fc.array(piece, { maxLength: 8 }).map((p) => `x${p.join('')}y`);
    fc.assert(
      fc.property(fc.array(textArb, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), (texts, eol) => {
        // The first text always holds a tab and a line break: the file is read with quoted cells.
        const all = ['x\tfirst\nrow y', ...texts];
        const text = ['id\ttext\tscore', ...all.map((t, i) => `id${i}\t${quoteTsvCell(t)}\t0.${all.length - i}`)].join(eol) + eol;
        const result = readText(text, { file: 'p.tsv' });
        assert.equal(result.format, 'tsv-header');
        assert.deepEqual(result.sets[0].chunks.map((c) => c.text), all.map((t) => t.trim()));
        const out = exportReranked({ text, result }, reverse(result), 'same');
        const again = readText(out.text, { file: 'again.tsv' });
        assert.deepEqual(again.diagnostics.filter((d) => d.severity !== 'info'), []);
        assert.deepEqual(readBack(again), expected(result));
      }),
      { numRuns: 200 },
    );
  });
});

describe('export/tsv: COPY and plain TSVs line by line', () => {
  for (const file of ['psql-copy-escapes.tsv', 'psql-copy-quotes.tsv', 'plain-backslashes.tsv', 'tsv-embedded-quotes.tsv', 'tsv-quote-start-unquoted.tsv', 'unmarked-escapes.tsv']) {
    it(`${file}: every line as written plus six cells, reads back the same`, () => {
      const input = load(file);
      const out = exportReranked(input, reverse(input.result), 'same');
      assert.equal(out.fileExtension, 'tsv');
      assert.deepEqual(out.diagnostics, []);
      const before = input.text.split('\n');
      const after = out.text.split('\n');
      assert.equal(after.length, before.length);
      // The same lines (backslash escapes and quotes as they were), each with six more cells where it is a row.
      const stripped = after.map((l) => (l.split('\t').length === before[0].split('\t').length + 6 ? l.split('\t').slice(0, -6).join('\t') : l));
      assert.deepEqual([...stripped].sort(), [...before].sort());
      // A table without a score column of its own reads rerank_score as its score when re-opened.
      const again = readText(out.text, { file: 'again.tsv' });
      const ownScores = input.result.sets[0].chunks.some((c) => c.retrieverScore !== undefined);
      const withoutScores = (sets: unknown[][][]) => sets.map((s) => s.map((c) => (ownScores ? c : c.slice(0, 2))));
      assert.deepEqual(withoutScores(readBack(again)), withoutScores(expected(input.result)));
      if (!ownScores) assert.deepEqual(again.sets.map((s) => s.chunks.map((c) => c.retrieverScore)), input.result.sets.map((s) => s.chunks.map((_, i) => i).reverse()));
    });
  }
});
